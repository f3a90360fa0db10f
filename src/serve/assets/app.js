// The page of govreport serve: a client of the JSON API under /api/ and nothing more (every
// step it takes can be taken with curl). Three views, chosen by the address's #:
//   #/             汇总: the folder's reports, uploads, render all, sum the city
//   #/check/NAME   检查: the report as its page draws it, each problem pinned to its cell
//   #/form/NAME    填报: the tables as inputs, re-checked on the server as one types
// Plain JavaScript, no framework, no build step.
'use strict';
(function () {
  const TOKEN = document.querySelector('meta[name="govreport-token"]').content;
  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;

  // ---- the API ----
  function api(method, path, body, headers) {
    const h = Object.assign({Authorization: 'Bearer ' + TOKEN}, headers || {});
    return fetch(path, {method, body, headers: h, credentials: 'same-origin', cache: 'no-store'});
  }
  async function json(res) {
    try {
      return await res.json();
    } catch (e) {
      return {error: 'HTTP ' + res.status};
    }
  }

  // An element with attributes and children (strings become text: never HTML).
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids.flat()) {
      if (k === null || k === undefined || k === false) continue;
      e.append(k instanceof Node ? k : String(k));
    }
    return e;
  }
  const sevWord = (d) => (d.severity === 'error' ? '错误' : d.severity === 'warning' ? '警告' : '提示');

  // ---- views ----
  const views = {start: $('view-start'), check: $('view-check'), form: $('view-form')};
  function show(name) {
    for (const [k, v] of Object.entries(views)) v.hidden = k !== name;
    for (const k of ['start', 'check', 'form']) {
      const a = $('nav-' + k);
      if (k === name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }
  let routed = false;
  function route() {
    const hash = location.hash || '#/';
    let m;
    if ((m = hash.match(/^#\/check\/(.+)$/))) {
      show('check');
      openCheck(decodeURIComponent(m[1]));
    } else if (hash.startsWith('#/check')) {
      show('check');
      $('check-empty').hidden = false;
      $('check-body').hidden = true;
    } else if ((m = hash.match(/^#\/form\/(.+)$/))) {
      show('form');
      openForm(decodeURIComponent(m[1]));
    } else if (hash.startsWith('#/form')) {
      show('form');
      $('form-start').hidden = false;
      $('form-body').hidden = true;
      $('form-title').textContent = '填报';
      $('form-sections').replaceChildren(); // nothing of a report edited before stays
      $('form-summary').textContent = '';
      clearTimeout(recheckTimer);
      F = null;
      if (!$('new-year').value) $('new-year').value = String(new Date().getFullYear() - 1);
    } else {
      show('start');
      loadStart();
    }
    if (routed) $('main').focus();
    routed = true;
  }
  window.addEventListener('hashchange', route);

  // ================= 汇总 =================
  async function loadStart() {
    const info = await json(await api('GET', '/api/info'));
    if (info.data)
      $('folder').textContent = '数据目录：' + info.data + '　输出目录：' + info.out +
        (info.previous_dir ? '　上年度目录：' + info.previous_dir : '');
    await loadReports();
    const b = await json(await api('GET', '/api/batch'));
    if (b.started) showBatch(b);
    if (b.running) pollBatch();
  }

  async function loadReports() {
    const res = await api('GET', '/api/reports');
    const r = await json(res);
    const body = $('reports').tBodies[0];
    body.replaceChildren();
    const list = r.reports || [];
    $('reports-empty').hidden = list.length > 0;
    for (const x of list) {
      const link = '#/check/' + enc(x.name);
      body.append(h('tr', {},
        h('th', {scope: 'row'}, h('a', {href: link}, x.name)),
        h('td', {}, x.opened ? x.issuer : h('span', {class: 'bad'}, '未通过格式校验')),
        h('td', {class: 'num'}, x.year || ''),
        h('td', {class: 'num' + (x.errors ? ' bad' : ' good')}, x.errors),
        h('td', {class: 'num' + (x.warnings ? ' warn' : '')}, x.warnings),
        h('td', {class: 'codes'}, (x.codes || []).join(' ')),
        h('td', {}, x.previous || '—'),
        h('td', {},
          h('a', {href: link}, '检查'), '　',
          x.opened ? h('a', {href: '#/form/' + enc(x.name)}, '填报') : null)));
    }
  }

  // Uploads: each file is opened on the server (any kind it reads); one that opens is saved
  // into the folder as XML under a name not yet taken, so that nothing is overwritten.
  function safeBase(name) {
    let b = name.replace(/\.[^.]*$/, '').replace(/[\/\\\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '');
    return b || '报告';
  }
  async function uploadOne(file) {
    const li = h('li', {}, file.name + '：正在读取…');
    $('uploads').append(li);
    const bytes = await file.arrayBuffer();
    const res = await api('POST', '/api/open?name=' + enc(file.name), bytes);
    const r = await json(res);
    if (!res.ok) {
      li.replaceChildren(h('span', {class: 'bad'}, file.name + '：' + (r.error || 'HTTP ' + res.status)));
      return;
    }
    if (!r.opened) {
      const ds = (r.diagnostics || []).filter((d) => d.severity === 'error').slice(0, 5);
      li.replaceChildren(h('span', {class: 'bad'}, file.name + '：未能读成报告，没有保存。'),
        h('ul', {}, ds.map((d) => h('li', {}, fmtWhere(d), d.message))));
      return;
    }
    const body = /\.xml$/i.test(file.name) ? bytes : r.xml;
    const base = safeBase(file.name);
    for (let i = 1; i <= 99; i++) {
      const name = base + (i > 1 ? '-' + i : '') + '.xml';
      const p = await api('PUT', '/api/reports/' + enc(name), body,
        {'If-None-Match': '*', 'Content-Type': 'application/xml'});
      if (p.status === 412) continue; // the name is taken: the next one
      const pr = await json(p);
      if (!p.ok) {
        li.replaceChildren(h('span', {class: 'bad'}, file.name + '：' + (pr.error || '无法保存')));
      } else {
        li.replaceChildren(file.name + '：已保存为 ', h('a', {href: '#/check/' + enc(name)}, name),
          '，', h('span', {class: pr.errors ? 'bad' : 'good'}, pr.errors + ' 个错误'),
          '，' + pr.warnings + ' 个警告。');
      }
      break;
    }
    await loadReports();
  }
  async function uploadAll(files) {
    for (const f of files) await uploadOne(f);
  }
  $('files').addEventListener('change', (e) => {
    uploadAll(Array.from(e.target.files));
    e.target.value = '';
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    uploadAll(Array.from(e.dataTransfer.files));
  });

  // Render all: the batch runs on the server; the page polls its progress.
  $('batch-run').addEventListener('click', async () => {
    const formats = Array.from(document.querySelectorAll('input[name=fmt]:checked')).map((x) => x.value);
    if (!formats.length) {
      $('batch-progress').hidden = false;
      $('batch-status').textContent = '请至少选一种格式。';
      return;
    }
    const res = await api('POST', '/api/batch?format=' + formats.join(','));
    if (res.status !== 202 && res.status !== 409) {
      $('batch-progress').hidden = false;
      $('batch-status').textContent = (await json(res)).error || '无法开始';
      return;
    }
    $('batch-run').disabled = true;
    pollBatch();
  });
  let polling = false;
  async function pollBatch() {
    if (polling) return;
    polling = true;
    try {
      for (;;) {
        const b = await json(await api('GET', '/api/batch'));
        showBatch(b);
        if (!b.running) break;
        await new Promise((ok) => setTimeout(ok, 400));
      }
    } finally {
      polling = false;
      $('batch-run').disabled = false;
    }
    loadReports();
  }
  function showBatch(b) {
    $('batch-progress').hidden = false;
    const bar = $('batch-bar');
    bar.max = b.total || 1;
    bar.value = b.done || 0;
    $('batch-status').textContent = b.running
      ? '正在排版：已完成 ' + (b.done || 0) + ' / ' + (b.total || '…') + ' 份'
      : '完成：' + b.ok + ' 份成功，' + b.invalid + ' 份有错误，' + b.failed + ' 份失败；用时 ' +
        b.seconds + ' 秒。输出目录：' + b.out + (b.problem ? '。' + b.problem : '');
    const t = $('batch-results');
    t.hidden = !(b.results && b.results.length);
    const body = t.tBodies[0];
    body.replaceChildren();
    for (const x of b.results || []) {
      const word = x.status === 'ok' ? '成功' : x.status === 'invalid' ? '有错误' : '失败';
      const cls = x.status === 'ok' ? 'good' : 'bad';
      const out = x.output ? h('a', {href: '/api/output/' + enc(x.output), download: x.output}, x.output) : '—';
      body.append(h('tr', {},
        h('th', {scope: 'row'}, x.input), h('td', {class: cls}, word), h('td', {class: 'num'}, x.errors),
        h('td', {class: 'num'}, x.warnings), h('td', {class: 'num'}, x.pages || ''),
        h('td', {}, x.previous || '—'), h('td', {}, out)));
    }
  }

  // Sum the city.
  $('sum-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = $('sum-result');
    out.replaceChildren('正在汇总…');
    const q = '?issuer=' + enc($('sum-issuer').value.trim()) +
      ($('sum-year').value.trim() ? '&year=' + enc($('sum-year').value.trim()) : '');
    const res = await api('POST', '/api/aggregate' + q);
    const r = await json(res);
    if (!res.ok) {
      out.replaceChildren(h('p', {class: 'error-box'}, r.error || '汇总失败'));
      return;
    }
    out.replaceChildren(
      h('p', {}, '已把 ' + r.included.length + ' 份 ' + r.year + ' 年度的报告相加，写入输出目录的 ',
        h('a', {href: '/api/output/' + enc(r.output), download: r.output}, r.output), '。'),
      r.skipped.length ? h('p', {}, '未计入：') : null,
      r.skipped.length ? h('ul', {}, r.skipped.map((s) => h('li', {}, s.name + '（' + s.reason + '）'))) : null,
      h('p', {}, h('button', {type: 'button', onclick: () => download('pdf', r.output, r.xml, out)}, '把汇总报告排成 PDF')));
  });

  // ---- downloads: a render is a POST, its answer a file ----
  async function download(format, name, xml, statusEl) {
    const st = statusEl || $('dl-status');
    st.textContent = '正在排版 ' + format.toUpperCase() + '…';
    const res = await api('POST', '/api/render?format=' + format + '&name=' + enc(name), xml);
    if (!res.ok) {
      const r = await json(res);
      st.textContent = res.status === 422
        ? '这份报告有 ' + (r.errors || '') + ' 个错误，改正后才能排版。'
        : r.error || '排版失败（HTTP ' + res.status + '）';
      return;
    }
    const blob = await res.blob();
    const file = name.replace(/\.[^.]*$/, '') + '.' + format;
    const a = h('a', {href: URL.createObjectURL(blob), download: file});
    document.body.append(a);
    a.click();
    a.remove();
    st.textContent = '已下载 ' + file + '（' + Math.round(blob.size / 1024) + ' KB）';
  }

  // ================= 检查 =================
  function fmtWhere(d) {
    const parts = [];
    if (d.row_label) parts.push(d.row_label);
    if (d.column_label) parts.push(d.column_label);
    let w = parts.join(' — ');
    if (!w && d.line) w = '第 ' + d.line + (d.unit === 'paragraph' ? ' 段' : ' 行');
    return w ? w + '：' : '';
  }

  // The elements of a report page that a diagnostic is about: a cell, a whole row or column
  // of a table, a paragraph or a whole section (gr_report_html's ids).
  function targets(doc, d) {
    if (d.table > 0) {
      const all = Array.from(doc.querySelectorAll('[id^="t' + d.table + '-"]'));
      return all.filter((e) => {
        const m = e.id.match(/^t(\d+)-(-?\d+)-(-?\d+)$/);
        return m && (d.row < 0 || +m[2] === d.row) && (d.column < 0 || +m[3] === d.column);
      });
    }
    if (d.section > 0) {
      if (d.paragraph > 0) {
        const e = doc.getElementById('s' + d.section + '-p' + d.paragraph);
        return e ? [e] : [];
      }
      return Array.from(doc.querySelectorAll('[id^="s' + d.section + '-p"]'));
    }
    return [];
  }

  // The list of problems beside a document; each item jumps to its place.
  function issueList(ol, none, diags, find) {
    ol.replaceChildren();
    none.hidden = diags.length > 0;
    diags.forEach((d, i) => {
      const where = fmtWhere(d);
      const btn = h('button', {type: 'button', 'data-issue': i},
        h('span', {class: 'where'}, sevWord(d) + (where ? '　' + where.replace(/：$/, '') : '')),
        d.message, ' ', h('span', {class: 'code'}, '[' + d.code + ']'),
        d.hint ? h('span', {class: 'hint'}, d.hint) : null);
      btn.addEventListener('click', () => {
        const t = find(d);
        if (!t.length) return;
        t[0].scrollIntoView({block: 'center'});
        t[0].focus({preventScroll: true});
        for (const e of t) {
          e.classList.remove('flash');
          void e.offsetWidth;
          e.classList.add('flash');
        }
      });
      ol.append(h('li', {class: d.severity}, btn));
    });
  }

  const pinStyle =
    '.gr-error{outline:3px solid #a3001b;outline-offset:-2px;background:#fde8eb !important}' +
    '.gr-warning{outline:3px dashed #7a4b00;outline-offset:-2px;background:#fff3d6 !important}' +
    '.flash{animation:f 1.2s ease-out 1}@keyframes f{from{box-shadow:0 0 0 6px #ff9f1a}to{box-shadow:none}}' +
    '[data-issue]:focus{outline:3px solid #ff9f1a}';

  let current = null; // the report in the check view: {name, xml}
  async function openCheck(name) {
    $('check-empty').hidden = true;
    $('check-body').hidden = false;
    $('check-title').textContent = '检查：' + name;
    $('check-summary').textContent = '正在检查…';
    $('dl-status').textContent = '';
    const res = await api('GET', '/api/reports/' + enc(name));
    if (!res.ok) {
      $('check-summary').textContent = (await json(res)).error || '无法读取这份报告';
      return;
    }
    const xml = await res.text();
    current = {name, xml};
    $('dl-xml').href = '/api/reports/' + enc(name);
    $('dl-xml').setAttribute('download', name);
    $('check-edit').href = '#/form/' + enc(name);
    const o = await json(await api('POST', '/api/open?name=' + enc(name), xml));
    const diags = o.diagnostics || [];
    $('check-summary').textContent = (o.issuer ? o.issuer + ' ' + o.year + ' 年度：' : '') +
      (o.errors ? o.errors + ' 个错误' : '没有错误') + '，' + o.warnings + ' 个警告' +
      (o.previous ? '；已与上年报告 ' + o.previous + ' 对照' : '');
    const frame = $('report-frame');
    frame.onload = () => {
      const doc = frame.contentDocument;
      if (!doc) return;
      doc.head.append(Object.assign(doc.createElement('style'), {textContent: pinStyle}));
      diags.forEach((d, i) => {
        for (const e of targets(doc, d)) {
          e.classList.add(d.severity === 'error' ? 'gr-error' : 'gr-warning');
          e.setAttribute('tabindex', '-1');
          e.setAttribute('data-issue', i);
          const old = e.getAttribute('title');
          e.setAttribute('title', (old ? old + '\n' : '') + sevWord(d) + '：' + d.message);
        }
      });
      frame.style.height = doc.documentElement.scrollHeight + 24 + 'px';
    };
    frame.srcdoc = o.html || '<!DOCTYPE html><html lang="zh-CN"><title>报告</title><p>这份报告未通过格式校验，无法显示；问题见右侧。</p></html>';
    issueList($('issues'), $('issues-none'), diags, (d) => {
      const doc = frame.contentDocument;
      return doc ? targets(doc, d) : [];
    });
  }
  document.querySelectorAll('#check-body .downloads button').forEach((b) =>
    b.addEventListener('click', () => current && download(b.dataset.format, current.name, current.xml)));

  // ================= 填报 =================
  // The form is the report's own page with each figure's cell made an input. Which XML
  // element and attribute a cell holds is learnt once from the server: a blank report whose
  // figures are all different is drawn, and each cell's figure names its attribute.
  const MARK = 100000;
  let cellMap = null; // cell id → {row: element name, attr}
  const PROSE = {1: 'overview', 5: 'problems', 6: 'other-matters'}; // sections with prose
  const TABLE_PARENT = {2: 'proactive', 3: 'applications', 4: 'reviews'};

  function parseXml(text) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) return null;
    return doc;
  }
  function figureRows(doc) {
    const rows = [];
    for (const p of Object.values(TABLE_PARENT)) {
      const parent = doc.documentElement.getElementsByTagName(p)[0];
      if (parent) for (const c of parent.children) if (c.localName !== 'p') rows.push(c);
    }
    return rows;
  }
  async function learnCells() {
    if (cellMap) return cellMap;
    const res = await api('GET', '/api/template?year=2025');
    const doc = parseXml(await res.text());
    const keys = [];
    for (const row of figureRows(doc)) {
      for (const a of Array.from(row.attributes)) {
        row.setAttribute(a.name, String(MARK + keys.length));
        keys.push({parent: row.parentNode.localName, row: row.localName, attr: a.name});
      }
    }
    const o = await json(await api('POST', '/api/open?name=cells.xml', new XMLSerializer().serializeToString(doc)));
    const page = new DOMParser().parseFromString(o.html || '', 'text/html');
    cellMap = {};
    for (const e of page.querySelectorAll('[id^="t"]')) {
      if (!/^t\d+-\d+-\d+$/.test(e.id)) continue;
      const n = parseInt(e.textContent.replace(/[^0-9]/g, ''), 10);
      if (n >= MARK && n < MARK + keys.length) cellMap[e.id] = keys[n - MARK];
    }
    return cellMap;
  }

  // Totals: the total column is computed by the library when left out; the row （七）总计 of
  // table 三 is the column sums of the result rows (the schema's sequence between
  // carried-over and result-total), computed here as one types.
  const isTotal = (k) => k.attr === 'total' || k.row === 'result-total';

  // The headers a screen reader would give a cell: row headers to its left, column headers
  // above, from the table's grid (rowspan and colspan placed).
  function cellLabels(table) {
    const grid = [];
    const place = new Map();
    Array.from(table.rows).forEach((tr, r) => {
      grid[r] = grid[r] || [];
      let c = 0;
      for (const cell of tr.cells) {
        while (grid[r][c]) c++;
        const rs = cell.rowSpan || 1, cs = cell.colSpan || 1;
        for (let i = 0; i < rs; i++)
          for (let j = 0; j < cs; j++) {
            grid[r + i] = grid[r + i] || [];
            grid[r + i][c + j] = cell;
          }
        place.set(cell, {r, c});
        c += cs;
      }
    });
    const labels = new Map();
    for (const [cell, {r, c}] of place) {
      if (cell.tagName !== 'TD') continue;
      const rowh = [], colh = [];
      for (let j = 0; j < c; j++) {
        const x = grid[r][j];
        if (x && x.tagName === 'TH' && !rowh.includes(x)) rowh.push(x);
      }
      for (let i = 0; i < r; i++) {
        const x = grid[i][c];
        if (x && x.tagName === 'TH' && !colh.includes(x) && !rowh.includes(x)) colh.push(x);
      }
      const text = (l) => l.map((x) => x.textContent.replace(/\s+/g, '')).filter(Boolean).join(' ');
      labels.set(cell, (text(rowh) + ' — ' + text(colh)).trim());
    }
    return labels;
  }

  let F = null; // the form's state: {name, etag, doc, inputs: Map id → input, outputs}
  let recheckTimer = null, recheckSeq = 0;

  async function openForm(name) {
    $('form-start').hidden = true;
    $('form-body').hidden = false;
    $('form-title').textContent = '填报：' + name;
    $('form-summary').textContent = '正在载入…';
    const res = await api('GET', '/api/reports/' + enc(name));
    if (!res.ok) {
      $('form-summary').textContent = (await json(res)).error || '无法读取这份报告';
      return;
    }
    await startForm(name, await res.text(), res.headers.get('ETag'));
  }

  $('form-start').addEventListener('submit', async (e) => {
    e.preventDefault();
    const issuer = $('new-issuer').value.trim(), year = $('new-year').value.trim();
    const res = await api('GET', '/api/template?issuer=' + enc(issuer) + '&year=' + enc(year));
    if (!res.ok) {
      $('form-summary').textContent = (await json(res)).error || '无法建立空白报告';
      $('form-body').hidden = false;
      return;
    }
    $('form-start').hidden = true;
    $('form-body').hidden = false;
    $('form-title').textContent = '填报：新报告';
    await startForm(safeBase(issuer) + '-' + year + '.xml', await res.text(), null);
  });

  async function startForm(name, xml, etag) {
    const doc = parseXml(xml);
    if (!doc) {
      $('form-summary').textContent = '这份报告不是格式正确的 XML，无法在表单中打开。';
      return;
    }
    await learnCells();
    F = {name, etag, doc, inputs: new Map(), outputs: new Map(), prose: {}};
    $('f-name').value = name;
    $('f-name').readOnly = !!etag;
    const meta = doc.documentElement.getElementsByTagName('meta')[0];
    $('f-issuer').value = meta.getElementsByTagName('issuer')[0].textContent;
    $('f-year').value = meta.getElementsByTagName('year')[0].textContent;
    $('conflict').hidden = true;
    $('save-status').textContent = '';
    const o = await json(await api('POST', '/api/open?name=' + enc(name), xml));
    const page = new DOMParser().parseFromString(o.html || '', 'text/html');
    const box = $('form-sections');
    box.replaceChildren();
    const headings = Array.from(page.querySelectorAll('h2'));
    for (let s = 1; s <= 6; s++) {
      const title = headings[s - 1] ? headings[s - 1].textContent.trim() : '第 ' + s + ' 部分';
      const sec = h('section', {'aria-labelledby': 'fs' + s}, h('h2', {id: 'fs' + s}, title));
      if (PROSE[s]) {
        const el = doc.documentElement.getElementsByTagName(PROSE[s])[0];
        const paras = el ? Array.from(el.children).filter((p) => p.localName === 'p') : [];
        const ta = h('textarea', {id: 'prose' + s, rows: Math.min(20, 4 + paras.length * 3), 'aria-describedby': 'prose-help'});
        ta.value = paras.map((p) => (p.getAttribute('heading') || '') + p.textContent).join('\n\n');
        ta.addEventListener('input', changed);
        F.prose[s] = ta;
        sec.append(h('p', {class: 'prose'}, h('label', {for: 'prose' + s, class: 'visually-hidden'}, title + ' 正文'), ta));
      }
      for (const t of page.querySelectorAll('table')) {
        if (!t.querySelector('[id^="t' + tableOf(s) + '-"]')) continue;
        sec.append(h('div', {class: 'scroll'}, formTable(t)));
      }
      box.append(sec);
    }
    box.prepend(h('p', {id: 'prose-help', class: 'muted'},
      '正文各段之间空一行；以“（一）……：”开头的段落，其小标题照原样保留。表中“总计”由程序计算。'));
    fillTotals(page);
    showFormDiags(o);
  }
  const tableOf = (section) => (section >= 2 && section <= 4 ? section : 0);

  function formTable(src) {
    const t = src.cloneNode(true);
    t.className = 'formtable';
    t.removeAttribute('style');
    for (const e of t.querySelectorAll('[id]')) if (!/^t\d+-\d+-\d+$/.test(e.id)) e.id = 'f' + e.id;
    for (const e of t.querySelectorAll('[headers]'))
      e.setAttribute('headers', e.getAttribute('headers').split(/\s+/).map((x) => 'f' + x).join(' '));
    for (const e of t.querySelectorAll('[style]')) e.removeAttribute('style');
    const labels = cellLabels(t);
    for (const cell of t.querySelectorAll('td[id]')) {
      const key = cellMap[cell.id];
      const id = cell.id;
      cell.removeAttribute('id');
      cell.dataset.cell = id;
      const label = labels.get(cell) || id;
      if (!key) { // a figure the library computes and the file does not hold
        const out = h('output', {'aria-label': label + '（计算）'}, cell.textContent.trim());
        cell.replaceChildren(out);
        F.outputs.set(id, out);
        continue;
      }
      const row = F.doc.documentElement.getElementsByTagName(key.row)[0];
      const value = row ? row.getAttribute(key.attr) : null;
      if (isTotal(key)) {
        const out = h('output', {'aria-label': label + '（计算）'}, cell.textContent.trim());
        cell.replaceChildren(out);
        F.outputs.set(id, out);
      } else {
        const input = h('input', {type: 'text', inputmode: key.attr === 'amount' ? 'decimal' : 'numeric',
          'aria-label': label, 'data-cell': id, autocomplete: 'off'});
        input.value = value === null ? '' : value;
        input.addEventListener('input', changed);
        cell.replaceChildren(input);
        F.inputs.set(id, input);
      }
    }
    return t;
  }

  // The form as XML: figures from the inputs, the total column left out (computed by the
  // library), （七）总计 as the column sums of the result rows, prose split into paragraphs.
  function formXml() {
    const doc = F.doc.cloneNode(true);
    const root = doc.documentElement;
    const meta = root.getElementsByTagName('meta')[0];
    meta.getElementsByTagName('issuer')[0].textContent = $('f-issuer').value.trim();
    meta.getElementsByTagName('year')[0].textContent = $('f-year').value.trim();
    for (const [id, input] of F.inputs) {
      const k = cellMap[id];
      const row = root.getElementsByTagName(k.row)[0];
      if (row) row.setAttribute(k.attr, input.value.trim());
    }
    const apps = root.getElementsByTagName('applications')[0];
    if (apps) {
      const rows = Array.from(apps.children).filter((c) => c.localName !== 'p');
      const from = rows.findIndex((r) => r.localName === 'carried-over');
      const to = rows.findIndex((r) => r.localName === 'result-total');
      for (const r of rows) r.removeAttribute('total');
      if (from >= 0 && to > from) {
        for (const a of Array.from(rows[to].attributes)) {
          let sum = 0, ok = true;
          for (let i = from + 1; i < to; i++) {
            const v = rows[i].getAttribute(a.name);
            if (!/^\d+$/.test(v || '')) ok = false;
            else sum += +v;
          }
          if (ok) rows[to].setAttribute(a.name, String(sum));
        }
      }
    }
    const reviews = root.getElementsByTagName('reviews')[0];
    if (reviews) for (const r of reviews.children) r.removeAttribute('total');
    for (const [s, ta] of Object.entries(F.prose)) {
      const el = root.getElementsByTagName(PROSE[s])[0];
      if (!el) continue;
      for (const p of Array.from(el.children)) if (p.localName === 'p') p.remove();
      const ns = root.namespaceURI;
      const paras = ta.value.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
      for (const text of paras) {
        const p = doc.createElementNS(ns, 'p');
        const m = text.match(/^(（[一二三四五六七八九十]+）[^：。]{1,20}：)([\s\S]*)$/);
        if (m) {
          p.setAttribute('heading', m[1]);
          p.textContent = m[2];
        } else p.textContent = text;
        el.append(p);
      }
    }
    let xml = new XMLSerializer().serializeToString(doc);
    if (!xml.startsWith('<?xml')) xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + xml;
    return xml;
  }

  function changed() {
    $('save-status').textContent = '有未保存的修改';
    clearTimeout(recheckTimer);
    recheckTimer = setTimeout(recheck, 350);
  }
  async function recheck() {
    if (!F) return;
    const seq = ++recheckSeq;
    const form = F;
    const o = await json(await api('POST', '/api/open?name=' + enc(F.name), formXml()));
    if (seq !== recheckSeq || form !== F) return; // a later change, or another report
    if (o.html) fillTotals(new DOMParser().parseFromString(o.html, 'text/html'));
    showFormDiags(o);
  }
  function fillTotals(page) {
    for (const [id, out] of F.outputs) {
      const e = page.getElementById(id);
      if (e) out.value = e.textContent.trim();
    }
    // （七）总计 as the form computes it
    const xml = parseXml(formXml());
    if (!xml) return;
    for (const [id, out] of F.outputs) {
      const k = cellMap[id];
      if (k && k.row === 'result-total' && k.attr !== 'total') {
        const row = xml.documentElement.getElementsByTagName('result-total')[0];
        if (row && row.getAttribute(k.attr) !== null) out.value = row.getAttribute(k.attr);
      }
    }
  }
  function formTargets(d) {
    if (d.table > 0)
      return Array.from(document.querySelectorAll('#form-sections td[data-cell^="t' + d.table + '-"]')).filter((e) => {
        const m = e.dataset.cell.match(/^t(\d+)-(-?\d+)-(-?\d+)$/);
        return m && (d.row < 0 || +m[2] === d.row) && (d.column < 0 || +m[3] === d.column);
      });
    if (d.section > 0 && F.prose[d.section]) return [F.prose[d.section]];
    return [];
  }
  function showFormDiags(o) {
    const diags = o.diagnostics || [];
    for (const e of document.querySelectorAll('#form-sections .gr-error, #form-sections .gr-warning')) {
      e.classList.remove('gr-error', 'gr-warning');
      const i = e.querySelector('input');
      if (i) i.removeAttribute('aria-invalid');
    }
    for (const d of diags)
      for (const e of formTargets(d)) {
        e.classList.add(d.severity === 'error' ? 'gr-error' : 'gr-warning');
        const i = e.querySelector('input');
        if (i && d.severity === 'error') i.setAttribute('aria-invalid', 'true');
      }
    $('form-summary').textContent = o.opened === false
      ? '这份报告还不能读成报告（格式校验未通过），见右侧问题。'
      : (o.errors ? o.errors + ' 个错误' : '没有错误') + '，' + o.warnings + ' 个警告';
    issueList($('form-issues'), $('form-issues-none'), diags, (d) => {
      const t = formTargets(d);
      return t.map((e) => e.querySelector('input') || e);
    });
  }

  // Saving: If-Match the version the form started from; a 412 means someone else saved in
  // between: the form keeps everything and offers to save under another name.
  async function save(name, headers) {
    if (!F) return;
    const xml = formXml();
    $('save-status').textContent = '正在保存…';
    const res = await api('PUT', '/api/reports/' + enc(name), xml,
      Object.assign({'Content-Type': 'application/xml'}, headers));
    const r = await json(res);
    if (res.status === 412) {
      $('save-status').textContent = '未保存：' + (r.error || '');
      $('conflict').hidden = false;
      $('save-as').value = name.replace(/\.xml$/, '') + '-我的修改.xml';
      $('save-as').focus();
      return;
    }
    if (!res.ok) {
      $('save-status').textContent = '未保存：' + (r.error || '') +
        (r.diagnostics ? r.diagnostics.filter((d) => d.severity === 'error').slice(0, 3).map((d) => d.message).join('；') : '');
      return;
    }
    F.name = name;
    F.etag = res.headers.get('ETag');
    F.doc = parseXml(xml);
    $('f-name').value = name;
    $('f-name').readOnly = true;
    $('conflict').hidden = true;
    $('form-title').textContent = '填报：' + name;
    $('save-status').textContent = '已保存 ' + name + '（' + r.errors + ' 个错误，' + r.warnings + ' 个警告）';
    if (location.hash !== '#/form/' + enc(name)) history.replaceState(null, '', '#/form/' + enc(name));
  }
  $('report-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!F) return;
    const name = $('f-name').value.trim();
    if (!/\.xml$/.test(name)) {
      $('save-status').textContent = '文件名须以 .xml 结尾';
      return;
    }
    save(name, F.etag ? {'If-Match': F.etag} : {'If-None-Match': '*'});
  });
  $('save-as-go').addEventListener('click', () => {
    const name = $('save-as').value.trim();
    if (!/\.xml$/.test(name)) {
      $('save-status').textContent = '文件名须以 .xml 结尾';
      return;
    }
    save(name, {'If-None-Match': '*'});
  });
  $('overwrite').addEventListener('click', () => F && save(F.name, {}));
  for (const id of ['f-issuer', 'f-year']) $(id).addEventListener('input', changed);

  route();
})();
