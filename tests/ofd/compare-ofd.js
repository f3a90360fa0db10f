// Renders an OFD's pages with ofd.js 0.2.6 in headless Chromium (Debian's, driven by
// puppeteer-core) and compares each with the PDF's page as pdftoppm drew it: both are cut
// into cells of CELL_MM, a cell is inked when a pixel in it is dark, and every inked cell of
// one must have an inked cell within one cell in the other, and the cells inked in both must
// be most of those inked in either. ofd.js draws with system fonts
// by name and ignores the embedded ones, so this checks layout, not fonts.
// Usage: node compare-ofd.js FILE.ofd PDF-PAGE-PNG... (one PNG per page, in order)
// Prints one line per page; exit 0 when every page agrees, 1 when one does not, 2 when the
// reader could not run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const {launch} = require('../chromium.js');

const CELL_MM = 2;      // the grid: 105 x 148.5 cells on A4
const MATCH_MIN = 0.97; // share of inked cells that must find ink within one cell
const SAME_MIN = 0.75;  // cells inked in both / cells inked in either
const WIDTH_PX = 827;   // the page drawn at 100 dpi

async function main() {
  const [ofdPath, ...pngs] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ofd-chromium-'));
  const browser = await launch(puppeteer, profile);
  if (!browser) {
    return 2;
  }
  try {
    const page = await browser.newPage();
    await page.setViewport({width: WIDTH_PX + 40, height: 1200});
    await page.setContent('<!DOCTYPE html><html><body style="margin:0;background:white"></body></html>');
    await page.addScriptTag({path: require.resolve('ofd.js/lib/ofd.umd.js')});
    const b64 = fs.readFileSync(ofdPath).toString('base64');
    const n = await page.evaluate((data, width) => new Promise((resolve, reject) => {
      const bin = atob(data), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      ofd.parseOfdDocument({
        ofd: bytes.buffer,
        success(res) {
          const divs = ofd.renderOfd(width, res[0]);
          divs.forEach((d, i) => { d.id = 'ofdpage' + i; document.body.appendChild(d); });
          resolve(divs.length);
        },
        fail(err) { reject(String(err)); },
      });
    }), b64, WIDTH_PX);
    if (n !== pngs.length) {
      console.log(`ofd.js drew ${n} pages, the PDF has ${pngs.length}`);
      return 1;
    }
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const el = await page.$('#ofdpage' + i);
      const png = await el.screenshot({type: 'png'});
      if (process.env.OFD_SHOTS) // keep what ofd.js drew, to look at
        fs.writeFileSync(path.join(process.env.OFD_SHOTS, `ofd-${i + 1}.png`), png);
      const shot = Buffer.from(png).toString('base64');
      const ref = fs.readFileSync(pngs[i]).toString('base64');
      const r = await page.evaluate(compare, shot, ref, CELL_MM);
      const ok = r.ofdInk > 0 && r.ofdMatched >= MATCH_MIN && r.pdfMatched >= MATCH_MIN &&
                 r.same >= SAME_MIN;
      if (!ok) bad++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} page ${i + 1}: ${r.ofdInk} inked cells in the OFD, ` +
                  `${r.pdfInk} in the PDF; ${(100 * r.ofdMatched).toFixed(1)}% of the OFD's and ` +
                  `${(100 * r.pdfMatched).toFixed(1)}% of the PDF's have ink within one cell ` +
                  `in the other (at least ${100 * MATCH_MIN}%); ${(100 * r.same).toFixed(1)}% ` +
                  `of the cells inked in either are inked in both (at least ${100 * SAME_MIN}%)`);
    }
    return bad ? 1 : 0;
  } catch (e) {
    console.log('ofd.js failed: ' + e);
    return 1;
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

// In the page: both images to ink grids, then the shares of inked cells matched.
async function compare(shotB64, refB64, cellMm) {
  async function grid(b64) {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const cols = Math.ceil(210 / cellMm), rows = Math.ceil(297 / cellMm);
    const g = new Uint8Array(cols * rows);
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) {
        const k = 4 * (y * c.width + x);
        if (px[k] + px[k + 1] + px[k + 2] < 3 * 128) {
          const cx = Math.min(cols - 1, Math.floor(x * 210 / c.width / cellMm));
          const cy = Math.min(rows - 1, Math.floor(y * 297 / c.height / cellMm));
          g[cy * cols + cx] = 1;
        }
      }
    return {g, cols, rows};
  }
  function matched(a, b) {
    let ink = 0, hit = 0;
    for (let y = 0; y < a.rows; y++)
      for (let x = 0; x < a.cols; x++) {
        if (!a.g[y * a.cols + x]) continue;
        ink++;
        let found = false;
        for (let dy = -1; dy <= 1 && !found; dy++)
          for (let dx = -1; dx <= 1 && !found; dx++) {
            const yy = y + dy, xx = x + dx;
            found = yy >= 0 && xx >= 0 && yy < b.rows && xx < b.cols && b.g[yy * b.cols + xx] === 1;
          }
        if (found) hit++;
      }
    return {ink, share: ink ? hit / ink : 1};
  }
  const o = await grid(shotB64), p = await grid(refB64);
  const m1 = matched(o, p), m2 = matched(p, o);
  let both = 0, either = 0;
  for (let i = 0; i < o.g.length && i < p.g.length; i++) {
    both += o.g[i] & p.g[i];
    either += o.g[i] | p.g[i];
  }
  return {ofdInk: m1.ink, pdfInk: m2.ink, ofdMatched: m1.share, pdfMatched: m2.share,
          same: either ? both / either : 1};
}

main().then(code => process.exit(code), e => { console.log(String(e)); process.exit(2); });
