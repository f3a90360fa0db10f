// Opens each HTML page in headless Chromium (Debian's, driven by puppeteer-core) at 1280 and
// 375 CSS px wide and checks what a portal's checker would: axe-core finds no violation of
// its wcag2a, wcag2aa, wcag21a and wcag21aa rules; at 375 px the page does not scroll
// sideways (document.documentElement.scrollWidth <= 375); the page holds no script and
// loads nothing but itself. With --shots DIR, each width's whole page is saved as
// DIR/NAME-WIDTH.png to look at.
// Usage: node check-page.js [--shots DIR] PAGE.html...
// Prints one line per page and width; exit 0 when all pass, 1 when one does not, 2 when
// the browser could not run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const {launch} = require('../chromium.js');

const WIDTHS = [1280, 375];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function checkPage(browser, file, width, shots) {
  const page = await browser.newPage();
  const url = 'file://' + path.resolve(file);
  const loaded = [];
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() !== url) loaded.push(req.url());
    req.url() === url ? req.continue() : req.abort();
  });
  await page.setViewport({width, height: 900});
  await page.goto(url, {waitUntil: 'load'});
  const problems = [];
  const scripts = await page.evaluate(() => document.scripts.length);
  if (scripts) problems.push(`${scripts} script element(s)`);
  if (loaded.length) problems.push('loads ' + loaded.join(', '));
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width <= 375 && scrollWidth > width)
    problems.push(`scrollWidth ${scrollWidth} > ${width}: the page scrolls sideways`);
  if (shots) {
    const name = path.basename(file, path.extname(file));
    await page.screenshot({path: path.join(shots, `${name}-${width}.png`), fullPage: true});
  }
  await page.addScriptTag({path: require.resolve('axe-core/axe.min.js')});
  const res = await page.evaluate(
      (tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}),
      TAGS);
  for (const v of res.violations)
    for (const n of v.nodes)
      problems.push(`axe ${v.id} (${v.impact}): ${v.help}: ${n.target.join(' ')}`);
  await page.close();
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${path.basename(file)} at ${width} px: ` +
              `${res.passes ? '' : ''}${res.violations.length} axe violation(s), ` +
              `scrollWidth ${scrollWidth}`);
  for (const p of problems) console.log('     ' + p);
  return problems.length === 0;
}

async function main() {
  let args = process.argv.slice(2);
  let shots = null;
  if (args[0] === '--shots') {
    shots = args[1];
    args = args.slice(2);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'html-chromium-'));
  const browser = await launch(puppeteer, profile);
  if (!browser) {
    fs.rmSync(profile, {recursive: true, force: true});
    return 2;
  }
  let ok = true;
  try {
    for (const file of args)
      for (const width of WIDTHS)
        ok = (await checkPage(browser, file, width, shots)) && ok;
  } catch (e) {
    console.log('FAIL ' + e);
    ok = false;
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  return ok ? 0 : 1;
}

main().then((rc) => process.exit(rc));
