#!/usr/bin/env python3
"""The structure tree of a rendered report, read back with poppler, against its XML.

Usage: struct_check.py REPORT.xml FILE.pdf   (exit 0 when every check holds; each failure
printed as one line). Reads `pdfinfo -struct-text FILE.pdf` and checks what a screen reader
relies on (issue 12): Document → H1 (the title) → H2 (the six sections, in order) → P (each
paragraph in order, a run-in heading as a Span at its start) → Table; three tables whose
TH/TD with their RowSpan/ColSpan cover the national grid exactly once (also when a table
crosses a page), THead rows then 25 body rows in table 三, every TD the figure of the model;
nothing else in the tree (no page number, no 续表, no repeated header or row label).
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:govreport:annual-report:2021}"
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"]
SECTION_XML = ["overview", "proactive", "applications", "reviews", "problems", "other-matters"]
T3_ATTRS = ["natural", "commercial", "research", "public-interest", "legal-service", "other",
            "total"]
T4_ATTRS = ["upheld", "corrected", "other", "pending", "total"]
T4_ROWS = ["review", "litigation-direct", "litigation-after-review"]
# (rows, columns) of the national grids: 二 four blocks of title, head and data rows
GRIDS = [(14, 4), (28, 10), (4, 15)]

failures = []


def fail(msg):
    failures.append(msg)


class Node:
    def __init__(self, kind, depth):
        self.kind, self.depth = kind, depth
        self.attrs, self.kids, self.texts = {}, [], []

    def text(self):
        """All text under this node, in order."""
        out = []
        for k in self.kids:
            out.append(k if isinstance(k, str) else k.text())
        return "".join(out)

    def find(self, kind):
        return [k for k in self.kids if isinstance(k, Node) and k.kind == kind]


def parse_tree(pdf):
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True,
                         check=True).stdout
    root = None
    stack = []
    for line in out.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        s = line.strip()
        m = re.match(r'^/(\w+) /?(\S+)$', s)
        if m and stack:  # an attribute of the last element
            stack[-1].attrs[m.group(1)] = m.group(2)
            continue
        while stack and stack[-1].depth >= depth:
            stack.pop()
        if s.startswith('"'):
            stack[-1].kids.append(s[1:-1])
            continue
        node = Node(re.match(r"^(\w+)", s).group(1), depth)
        if stack:
            stack[-1].kids.append(node)
        else:
            root = node
        stack.append(node)
    return root


def norm(s):
    """Text as set: white space dropped, full-width ASCII folded (TYPOGRAPHY.md §7.1)."""
    s = re.sub(r"[\s\u3000]", "", s or "")
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s)


def grid_of(table):
    """Place each TH/TD by the HTML table algorithm; returns the grid of cells or None."""
    rows = []
    for part in ("THead", "TBody"):
        for p in table.find(part):
            rows.extend(p.find("TR"))
    rows.extend(table.find("TR"))
    occupied = {}
    cells = []
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.kids:
            if not isinstance(cell, Node) or cell.kind not in ("TH", "TD"):
                fail(f"a {getattr(cell, 'kind', 'text')} inside a TR")
                continue
            while (r, c) in occupied:
                c += 1
            rs, cs = int(cell.attrs.get("RowSpan", 1)), int(cell.attrs.get("ColSpan", 1))
            for i in range(r, r + rs):
                for k in range(c, c + cs):
                    if (i, k) in occupied:
                        fail(f"slot ({i},{k}) covered twice")
                    occupied[(i, k)] = cell
            cells.append((r, c, cell))
            c += cs
    return rows, occupied, cells


def check_table(no, table, want_rows, want_cols):
    rows, occupied, cells = grid_of(table)
    want = {(r, c) for r in range(want_rows) for c in range(want_cols)}
    if set(occupied) != want:
        fail(f"table {no}: cells cover {len(occupied)} slots, the national grid has "
             f"{want_rows} x {want_cols} = {len(want)}"
             + (f"; outside: {sorted(set(occupied) - want)[:5]}" if set(occupied) - want else "")
             + (f"; missing: {sorted(want - set(occupied))[:5]}" if want - set(occupied) else ""))
    for r, c, cell in cells:
        if cell.kind == "TH" and cell.attrs.get("Scope") not in ("Row", "Column"):
            fail(f"table {no}: TH {cell.text()!r} without /Scope Row or Column")
    return rows, cells


def figures(el, attrs):
    vals = [el.get(a) for a in attrs]
    if vals[-1] is None:  # a total left out is computed
        vals[-1] = str(sum(int(v) for v in vals[:-1]))
    return [str(int(v)) for v in vals]


def main(xml_path, pdf):
    rep = ET.parse(xml_path).getroot()
    doc = parse_tree(pdf)
    if doc is None or doc.kind != "Document":
        print(f"{pdf}: no Document at the root of the structure tree")
        return 1
    kinds = [k.kind for k in doc.kids if isinstance(k, Node)]
    if any(isinstance(k, str) for k in doc.kids):
        fail("text directly under Document")
    for k in kinds:
        if k not in ("H1", "H2", "H3", "P", "Table"):
            fail(f"a {k} under Document")
    h1 = doc.find("H1")
    title = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Title:\s*(.*)$", title, re.M)
    if len(h1) != 1 or kinds[0] != "H1":
        fail(f"{len(h1)} H1, expected 1 at the start")
    elif not m or norm(h1[0].text()) != norm(m.group(1)):
        fail(f"H1 {h1[0].text()!r} is not the title {m.group(1) if m else None!r}")
    h2 = [norm(k.text()) for k in doc.find("H2")]
    if h2 != SECTIONS:
        fail(f"H2 are {h2}, expected the six sections in order")

    # paragraphs, in document order: the preamble, then each section's
    want = []
    for name in ["preamble"] + SECTION_XML:
        sec = rep.find(NS + name)
        if sec is None:
            continue
        for p in sec.findall(NS + "p"):
            want.append((norm(p.get("heading")), norm(p.text)))
    got = []
    for k in doc.kids:
        if isinstance(k, Node) and k.kind in ("P", "H3"):
            spans = k.find("Span")
            got.append((k.kind, norm(spans[0].text()) if spans else "", norm(k.text())))
    if len(got) != len(want):
        fail(f"{len(got)} P and H3, the report has {len(want)} paragraphs")
    for (kind, span, text), (heading, body) in zip(got, want):
        if kind == "H3":  # a subheading standing alone
            if body or not text.endswith(heading):
                fail(f"H3 {text!r} for paragraph {heading!r}{body[:20]!r}")
            continue
        if heading and not span.endswith(heading):
            fail(f"P's Span {span!r}, expected the run-in heading {heading!r}")
        if not heading and span:
            fail(f"P with a Span {span!r} but no heading")
        if text != span + (body if span or not heading else body):
            if not text.endswith(body) or not text.startswith(span):
                fail(f"P text {text[:30]!r}… is not the paragraph {body[:30]!r}…")

    tables = doc.find("Table")
    if len(tables) != 3:
        fail(f"{len(tables)} Tables, expected 3 (a table across pages is one Table)")
        tables = (tables + [Node("Table", 1)] * 3)[:3]
    for i, t in enumerate(tables):
        check_table("二三四"[i], t, *GRIDS[i])

    # 三: 3 header rows in THead, 25 body rows, each with its 7 figures as TDs
    t3 = tables[1]
    heads = [tr for p in t3.find("THead") for tr in p.find("TR")]
    body = [tr for p in t3.find("TBody") for tr in p.find("TR")]
    if len(heads) != 3 or len(body) != 25:
        fail(f"table 三: {len(heads)} header rows and {len(body)} body rows, expected 3 and 25")
    apps = [e for e in rep.find(NS + "applications")]
    for r, (tr, el) in enumerate(zip(body, apps)):
        tds = [c.text() for c in tr.find("TD")]
        if tds != figures(el, T3_ATTRS):
            fail(f"table 三 row {r + 1} ({el.tag[len(NS):]}): TDs {tds}, "
                 f"model {figures(el, T3_ATTRS)}")
        for th in tr.find("TH"):
            if th.attrs.get("Scope") != "Row":
                fail(f"table 三 row {r + 1}: label {th.text()!r} is not a TH of scope Row")
    # 四: one row of 15 figures
    t4 = tables[2]
    tds = [c.text() for p in t4.find("TBody") for tr in p.find("TR") for c in tr.find("TD")]
    rv = rep.find(NS + "reviews")
    want4 = [v for g in T4_ROWS for v in figures(rv.find(NS + g), T4_ATTRS)]
    if tds != want4:
        fail(f"table 四: TDs {tds}, model {want4}")
    # 二: the figures in the order of the rows
    pr = rep.find(NS + "proactive")
    want2 = []
    for tag, attrs in [("rules", ["issued", "repealed", "in-force"]),
                       ("normative-documents", ["issued", "repealed", "in-force"]),
                       ("licensing", ["decisions"]), ("penalties", ["decisions"]),
                       ("coercion", ["decisions"])]:
        want2 += [str(int(pr.find(NS + tag).get(a))) for a in attrs]
    fee = pr.find(NS + "fees")
    want2.append(fee.get("amount") if fee is not None and fee.get("amount") else "")
    tds = [c.text() for p in tables[0].find("TBody") for tr in p.find("TR") for c in tr.find("TD")]
    if tds != want2:
        fail(f"table 二: TDs {tds}, model {want2}")

    # header rows as the template has them, once (a continuation page repeats them as
    # artifacts: were they content, the THs would hold their labels twice)
    t3_head = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
               "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
               "法律服务机构", "其他"]
    got3 = [c.text() for tr in heads for c in tr.kids if isinstance(c, Node)]
    if got3 != t3_head:
        fail(f"table 三 header cells {got3}, expected {t3_head}")
    for i, t in enumerate(tables):
        for tr_part in t.find("THead") + t.find("TBody"):
            for tr in tr_part.find("TR"):
                for c in tr.kids:
                    if not isinstance(c, Node) or c.kind != "TH":
                        continue  # figures are compared with the model above
                    x = c.text()
                    n = len(x)
                    for k in range(1, n // 2 + 1):
                        if n % k == 0 and x == x[:k] * (n // k):
                            fail(f"table {'二三四'[i]}: cell text {x!r} repeats itself "
                                 "(a repeated header or row label tagged as content)")
                            break

    # furniture never in the tree
    alltext = doc.text()
    if "续表" in alltext:
        fail("续表 inside the structure tree")
    for t in doc.find("Table"):
        for part in t.find("TBody"):
            for tr in part.find("TR"):
                for c in tr.kids:
                    if isinstance(c, Node) and c.kind == "TH" and c.attrs.get("Scope") == "Column" \
                            and t is tables[1]:
                        fail(f"table 三: a column head {c.text()!r} repeated in TBody")
    for k in doc.kids:
        if isinstance(k, Node) and re.fullmatch(r"[—\-\s\d]+", k.text() or "x"):
            fail(f"a page number {k.text()!r} in the tree")

    # every glyph and rule inside marked content: a structure element's or an artifact's
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True, check=True).stdout.decode("latin-1")
    for page, body in re.findall(r"%% Contents for page (\d+)\n.*?stream\n(.*?)endstream",
                                 qdf, re.S):
        depth = 0
        for line in body.splitlines():
            op = line.split()[-1] if line.split() else ""
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
            elif op in ("TJ", "Tj", "S", "f", "re") and depth <= 0:
                fail(f"page {page}: {line!r} outside marked content")
                break

    for f in failures:
        print(f"{pdf}: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
