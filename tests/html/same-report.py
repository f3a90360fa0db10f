#!/usr/bin/env python3
"""Two report XML files hold the same figures (the 200 of tables 二, 三 and 四, the fee as
written, each with the same remark or none), the same paragraphs (heading and text, section by section, empty ones left
out) and the same year and publication date. For the round trip: the report, and what `govreport import` reads back from its page.
Totals a file leaves out are computed as the program computes them.
Usage: same-report.py ORIGINAL.xml READ-BACK.xml   exit 0 when the same, 1 otherwise."""
import sys
import xml.etree.ElementTree as ET

NS = '{urn:govreport:annual-report:2021}'
T2 = [('rules', ['issued', 'repealed', 'in-force']),
      ('normative-documents', ['issued', 'repealed', 'in-force']),
      ('licensing', ['decisions']), ('penalties', ['decisions']), ('coercion', ['decisions']),
      ('fees', ['amount'])]
T3_COLS = ['natural', 'commercial', 'research', 'public-interest', 'legal-service', 'other']
T4 = ['review', 'litigation-direct', 'litigation-after-review']
T4_COLS = ['upheld', 'corrected', 'other', 'pending']
SECTIONS = ['preamble', 'overview', 'proactive', 'applications', 'reviews', 'problems',
            'other-matters']


def figures(root):
    out = {}
    pro = root.find(NS + 'proactive')
    for el, attrs in T2:
        e = pro.find(NS + el)
        for a in attrs + [a + '-remark' for a in attrs]:
            out[('二', el, a)] = e.get(a) if e is not None else None
    rows = list(root.find(NS + 'applications'))
    results = [r for r in rows if r.tag[len(NS):] not in
               ('new-received', 'carried-over', 'result-total', 'carried-forward')]
    for r in rows:
        name = r.tag[len(NS):]
        vals = {}
        for c in T3_COLS:
            v = r.get(c)
            if v is None and name == 'result-total':
                v = str(sum(int(x.get(c)) for x in results))
            vals[c] = v
        t = r.get('total')
        vals['total'] = t if t is not None else str(sum(int(vals[c]) for c in T3_COLS))
        for c, v in vals.items():
            out[('三', name, c)] = v
            out[('三', name, c + '-remark')] = r.get(c + '-remark')
    rev = root.find(NS + 'reviews')
    for g in T4:
        e = rev.find(NS + g)
        t = e.get('total')
        for c in T4_COLS + ['total']:
            out[('四', g, c + '-remark')] = e.get(c + '-remark')
        for c in T4_COLS:
            out[('四', g, c)] = e.get(c)
        out[('四', g, 'total')] = t if t is not None else str(sum(int(e.get(c)) for c in T4_COLS))
    return out


def paragraphs(root):
    out = []
    for s in SECTIONS:
        sec = root.find(NS + s)
        for p in (sec.findall(NS + 'p') if sec is not None else []):
            text = (p.text or '').strip()
            if text or p.get('heading'):
                out.append((s, p.get('heading') or '', text))
    return out


def main():
    a, b = (ET.parse(f).getroot() for f in sys.argv[1:3])
    fa, fb = figures(a), figures(b)
    figs = [k for k in fa if not k[2].endswith('-remark')]
    same = sum(1 for k in figs if fb.get(k) == fa[k])
    remarks = [k for k in fa if k[2].endswith('-remark') and fa[k] is not None]
    rsame = sum(1 for k in fa if k[2].endswith('-remark') and fb.get(k) == fa[k])
    for k, v in fa.items():
        if fb.get(k) != v:
            print(f'     {k}: {v} read back as {fb.get(k)}')
    pa, pb = paragraphs(a), paragraphs(b)
    psame = sum(1 for x, y in zip(pa, pb) if x == y)
    for x, y in zip(pa, pb):
        if x != y:
            print(f'     paragraph {x[:2]} “{x[2][:40]}” read back as {y[:2]} “{y[2][:40]}”')
    meta = [(k, a.find(f'{NS}meta/{NS}{k}'), b.find(f'{NS}meta/{NS}{k}')) for k in ('year', 'published')]
    meta_ok = all((x is None) == (y is None) and (x is None or x.text == y.text) for _, x, y in meta)
    if not meta_ok:
        print('     meta: ' + ', '.join(f'{k} {x.text if x is not None else None} read back as '
                                         f'{y.text if y is not None else None}' for k, x, y in meta))
    ok = same == len(figs) == 200 and rsame == len(fa) - len(figs) and psame == len(pa) == len(pb) \
        and meta_ok
    print(f'{"ok  " if ok else "FAIL"} round trip: {same}/{len(figs)} figures'
          f'{f" ({len(remarks)} with remarks)" if remarks else ""}, '
          f'{psame}/{len(pa)} paragraphs the same ({len(pb)} read back), '
          f'year and date {"the same" if meta_ok else "differ"}')
    return 0 if ok else 1


sys.exit(main())
