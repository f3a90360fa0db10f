// chromium: how the browser tests start Debian's Chromium through puppeteer-core, once for
// tests/ofd, tests/html and tests/serve (each brings its own puppeteer-core). The flags keep
// Chromium off the network it would otherwise reach for at start; profile is a fresh folder.
'use strict';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// The browser, or null (and why on stdout) when Chromium cannot start.
async function launch(puppeteer, profile) {
  try {
    return await puppeteer.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      userDataDir: profile,
      args: FLAGS,
    });
  } catch (e) {
    console.log('cannot start chromium: ' + e.message);
    return null;
  }
}

module.exports = {launch};
