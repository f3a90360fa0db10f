// The page of govreport serve in a real browser: Debian's Chromium driven by puppeteer-core,
// under the page's own Content-Security-Policy (a refused script or style fails the test).
//   open the page with the token; upload the sample's .docx and see its tables; upload a
//   broken report and find its highlighted cell (by keyboard, from the list of problems); fix
//   that cell in the form and see the error go; save; download the PDF; axe-core's WCAG 2.1
//   A/AA rules on each view.
// Usage: node page.js URL SAMPLE.docx BROKEN.xml DOWNLOAD-DIR
// Screenshots of each view go to $SERVE_SHOTS when it is set. Prints one line per step;
// exit 0 when all pass, 1 when one fails, 2 when the browser could not run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const {launch} = require('../chromium.js');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STEP_MS = 60000;
let failed = 0;
const ok = (what) => console.log('ok   ' + what);
const bad = (what) => {
  failed++;
  console.log('FAIL ' + what);
};

async function axe(page, view) {
  const src = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluated through the DevTools protocol, which the page's policy does not govern
  await page.evaluate(src);
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return res.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
  }, AXE_TAGS);
  if (r.length) bad(`axe on ${view}: ${r.length} kinds of violation: ` + JSON.stringify(r));
  else ok(`axe on ${view}: no violation of ${AXE_TAGS.join(', ')}`);
}

async function shot(page, name, fullPage) {
  if (!process.env.SERVE_SHOTS) return;
  await page.screenshot({path: path.join(process.env.SERVE_SHOTS, name), fullPage: !!fullPage});
}

async function upload(page, file) {
  const before = await page.$$eval('#uploads li', (l) => l.length);
  const input = await page.$('#files');
  await input.uploadFile(file);
  await page.waitForFunction((n) => {
    const li = document.querySelectorAll('#uploads > li');
    return li.length > n && !/正在读取/.test(li[li.length - 1].textContent);
  }, {timeout: STEP_MS}, before);
  return page.$eval('#uploads > li:last-child', (li) => li.textContent);
}

async function main() {
  const [url, docx, broken, dlDir] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-chromium-'));
  const browser = await launch(puppeteer, profile);
  if (!browser) {
    return 2;
  }
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1280, height: 900});
    const refused = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text());
    });
    page.on('pageerror', (e) => bad('script error: ' + e.message));

    // 1. open with the token: the cookie is set and the address loses the token
    await page.goto(url, {waitUntil: 'networkidle0'});
    if (page.url().includes('token=')) bad('the token stayed in the address: ' + page.url());
    else ok('opened with the token; the address no longer holds it');
    await page.waitForFunction(() => document.getElementById('folder').textContent.length > 0, {timeout: STEP_MS});
    ok('汇总 shows the data folder');

    // 2. the sample's .docx: saved as XML, listed, its tables drawn
    const t1 = await upload(page, docx);
    if (/已保存为/.test(t1)) ok('uploaded the .docx: ' + t1);
    else bad('upload of the .docx: ' + t1);
    const name = (t1.match(/已保存为 (\S+\.xml)/) || [])[1];
    await page.waitForFunction((n) => Array.from(document.querySelectorAll('#reports tbody th'))
      .some((th) => th.textContent === n), {timeout: STEP_MS}, name);
    ok('the list shows ' + name);
    // 3. a broken report
    const t2 = await upload(page, broken);
    if (/已保存为 broken\.xml/.test(t2) && /[1-9]\d* 个错误/.test(t2)) ok('uploaded the broken report: ' + t2);
    else bad('upload of the broken report: ' + t2);
    // render all, with the progress bar; then the city's sum
    await page.click('#batch-run');
    await page.waitForFunction(() => /^完成/.test(document.getElementById('batch-status').textContent), {timeout: STEP_MS});
    const rows = await page.$$eval('#batch-results tbody tr', (l) => l.map((r) => r.textContent));
    const bar = await page.$eval('#batch-bar', (b) => [b.value, b.max]);
    if (rows.length === 2 && bar[0] === bar[1] && rows.some((r) => /成功.*\.pdf/.test(r)) && rows.some((r) => /有错误/.test(r)))
      ok('render all: the bar full (' + bar.join('/') + '), ' + await page.$eval('#batch-status', (e) => e.textContent));
    else bad('render all: ' + JSON.stringify({rows, bar}));
    await page.type('#sum-issuer', '山川市人民政府');
    await page.click('#sum-form button[type=submit]');
    await page.waitForFunction(() => /已把/.test(document.getElementById('sum-result').textContent), {timeout: STEP_MS});
    const sum = await page.$eval('#sum-result', (e) => e.textContent);
    if (/已把 1 份 2025 年度的报告相加/.test(sum) && /broken\.xml（有勾稽关系错误）/.test(sum)) ok('sum of the city: ' + sum);
    else bad('sum of the city: ' + sum);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'serve-start.png', true);
    await axe(page, '汇总');

    // the .docx's tables in the report view
    await page.goto(url.replace(/\/\?token=.*/, '/') + '#/check/' + encodeURIComponent(name), {waitUntil: 'networkidle0'});
    const cells = await page.waitForFunction(() => {
      const d = document.getElementById('report-frame').contentDocument;
      if (!d) return 0;
      const n = (t) => d.querySelectorAll('[id^="t' + t + '-"]').length;
      return n(2) > 0 && n(3) > 0 && n(4) > 0 && n(2) + n(3) + n(4);
    }, {timeout: STEP_MS}).then((h) => h.jsonValue());
    ok(`检查 draws the .docx's three tables (${cells} figure cells)`);

    // 4. the broken report's highlighted cell, reached by keyboard from the list
    await page.goto(url.replace(/\/\?token=.*/, '/') + '#/check/broken.xml', {waitUntil: 'networkidle0'});
    const pinned = await page.waitForFunction(() => {
      const d = document.getElementById('report-frame').contentDocument;
      const e = d && d.querySelector('.gr-error[id^="t"]');
      return e && e.id;
    }, {timeout: STEP_MS}).then((h) => h.jsonValue());
    ok('the broken report\'s error is pinned to cell ' + pinned);
    const listed = await page.$$eval('#issues li.error', (l) => l.map((x) => x.textContent));
    if (listed.length && listed.some((t) => /E-BALANCE/.test(t))) ok('the list beside it names the rule: ' + listed[0]);
    else bad('no E-BALANCE in the list of problems: ' + JSON.stringify(listed));
    await page.focus('#issues li.error button');
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => {
      const d = document.getElementById('report-frame').contentDocument;
      return d.activeElement && d.activeElement.classList.contains('gr-error') ? d.activeElement.id : null;
    });
    if (focused) ok('Enter on the problem moves the focus to its cell ' + focused);
    else bad('Enter on the problem does not reach its cell');
    await shot(page, 'serve-check.png');
    await axe(page, '检查');

    // 5. the form: fix the cell and see the error go
    await page.click('#check-edit');
    await page.waitForFunction(() => document.querySelectorAll('#form-sections input').length > 50 &&
      document.querySelectorAll('#form-issues li.error').length > 0, {timeout: STEP_MS});
    ok('填报 shows the tables as inputs and the error');
    if (await page.$eval('#form-start', (e) => e.getClientRects().length > 0))
      bad('the form for a new report shows beside the report being edited');
    const marked = await page.$$eval('#form-sections td.gr-error', (l) => l.map((td) => td.dataset.cell));
    if (marked.length) ok('the form marks the cells ' + marked.join(' '));
    else bad('the form marks no cell');
    // the figure that was changed: 本年新收 of 自然人 (28 in the sample, 27 in the broken copy)
    const input = await page.evaluateHandle(() => Array.from(document.querySelectorAll('#form-sections input'))
      .find((i) => /本年新收/.test(i.getAttribute('aria-label')) && /自然人/.test(i.getAttribute('aria-label'))));
    if (!input.asElement()) throw new Error('no input labelled 本年新收 — 自然人');
    const was = await input.evaluate((i) => i.value);
    await page.$eval('#form-sections td.gr-error', (e) => e.scrollIntoView({block: 'center'}));
    await shot(page, 'serve-form.png');
    await axe(page, '填报');
    await input.click({clickCount: 3});
    await page.keyboard.type('28');
    await page.waitForFunction(() => /^没有错误/.test(document.getElementById('form-summary').textContent),
      {timeout: STEP_MS});
    ok(`typing 28 over ${was} clears the error: ` + await page.$eval('#form-summary', (e) => e.textContent));
    const total = await page.evaluate(() => {
      const o = Array.from(document.querySelectorAll('#form-sections output'))
        .find((x) => /本年新收/.test(x.getAttribute('aria-label')) && /总计/.test(x.getAttribute('aria-label')));
      return o ? o.value : null;
    });
    if (total === '29') ok('the row total is computed as one types: 29');
    else bad('the total of 本年新收 shows ' + total + ', expected 29');
    await page.click('#save');
    await page.waitForFunction(() => /已保存/.test(document.getElementById('save-status').textContent), {timeout: STEP_MS});
    ok('saved with If-Match: ' + await page.$eval('#save-status', (e) => e.textContent));

    // someone else saves in between: the form says so and keeps the work
    await page.evaluate(async () => {
      const token = document.querySelector('meta[name="govreport-token"]').content;
      const h = {Authorization: 'Bearer ' + token};
      const xml = await (await fetch('/api/reports/broken.xml', {headers: h})).text();
      await fetch('/api/reports/broken.xml', {method: 'PUT', headers: h, body: xml.replace('</report>', '<!-- 他人 --></report>')});
    });
    await input.click({clickCount: 3});
    await page.keyboard.type('28');
    await page.click('#save');
    await page.waitForFunction(() => !document.getElementById('conflict').hidden, {timeout: STEP_MS});
    const kept = await input.evaluate((i) => i.value);
    if (kept === '28') ok('a save over someone else\'s says so and keeps the form: ' +
      await page.$eval('#save-status', (e) => e.textContent));
    else bad('the form lost its value after a conflict');
    await page.click('#overwrite');
    await page.waitForFunction(() => /已保存/.test(document.getElementById('save-status').textContent), {timeout: STEP_MS});
    ok('saved over it when asked');

    // a new report from the blank template, saved as a new file
    await page.goto(url.replace(/\/\?token=.*/, '/') + '#/form', {waitUntil: 'networkidle0'});
    await page.type('#new-issuer', '水阳县人民政府');
    await page.$eval('#new-year', (e) => { e.value = ''; });
    await page.type('#new-year', '2025');
    await page.click('#form-start button[type=submit]');
    await page.waitForFunction(() => {
      const sum = document.getElementById('form-summary').textContent;
      return !document.getElementById('form-body').hidden && sum && !/正在/.test(sum) &&
        document.querySelectorAll('#form-sections input').length > 50;
    }, {timeout: STEP_MS});
    await page.click('#save');
    await page.waitForFunction(() => /已保存/.test(document.getElementById('save-status').textContent), {timeout: STEP_MS});
    const fresh = await page.$eval('#save-status', (e) => e.textContent);
    if (/水阳县人民政府-2025\.xml/.test(fresh)) ok('a blank report from the template, saved: ' + fresh);
    else bad('the blank report: ' + fresh);

    // 6. download the PDF of the fixed report
    await page.goto(url.replace(/\/\?token=.*/, '/') + '#/check/broken.xml', {waitUntil: 'networkidle0'});
    await page.waitForFunction(() => /没有错误/.test(document.getElementById('check-summary').textContent), {timeout: STEP_MS});
    ok('检查 of the fixed report: ' + await page.$eval('#check-summary', (e) => e.textContent));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', {behavior: 'allow', downloadPath: dlDir});
    await page.click('#check-body button[data-format="pdf"]');
    const pdf = path.join(dlDir, 'broken.pdf');
    for (let i = 0; i < 300 && !fs.existsSync(pdf); i++) await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(pdf)) ok('downloaded ' + pdf);
    else bad('no PDF downloaded');

    if (refused.length) bad('the page broke its own Content-Security-Policy: ' + refused.join(' | '));
    else ok('nothing refused by the Content-Security-Policy');
    return failed ? 1 : 0;
  } catch (e) {
    bad(e.stack || String(e));
    return 1;
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

main().then((code) => process.exit(code));
