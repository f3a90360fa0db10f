#!/usr/bin/env python3
"""The page's text against the PDF's: PAGE.html and `pdftotext -raw` of the PDF rendered from
the same report, whitespace removed, must be the same text apart from what only one of them
has by its nature: the PDF's page numbers, its 续表 and the header rows and row labels it
repeats after a 续表; the page's metadata block (<footer>) and its tables' <caption>s (the
name a screen reader announces; the section's heading stands above the table in both).
A table's header rows must hold the same characters in both, in any order: the PDF draws
table 四's header cells group by group, the page row by row.
Full-width digits and letters are read as ASCII on both sides (the PDF draws them so,
docs/typography.md §7.1).
Usage: compare-text.py PAGE.html PDF.txt   exit 0 when equal, 1 with where they part."""
import re
import sys
from html.parser import HTMLParser


def fold(s):
    s = ''.join(chr(ord(c) - 0xFEE0) if 0xFF10 <= ord(c) <= 0xFF19 or 0xFF21 <= ord(c) <= 0xFF3A
                or 0xFF41 <= ord(c) <= 0xFF5A else c for c in s)
    return re.sub(r'\s+', '', s)


class Page(HTMLParser):
    """The article's text; per table, the text of its <thead> and of every row label that
    spans rows (what a continued table repeats)."""

    def __init__(self):
        super().__init__()
        self.text = []
        self.skip = 0        # inside <footer>, <caption>, <head>
        self.in_article = False
        self.thead = None    # text of the open <thead>
        self.theads = []
        self.start = 0       # where the open <thead> starts in the folded text
        self.ranges = {}     # start → end of each <thead> in the folded text
        self.span = None     # text of an open <th rowspan>
        self.spans = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'article':
            self.in_article = True
        if tag in ('footer', 'caption', 'head', 'style'):
            self.skip += 1
        if tag == 'thead':
            self.thead = []
            self.start = self.length()
        if tag == 'th' and int(a.get('rowspan', '1')) > 1 and a.get('scope') != 'col':
            self.span = []

    def handle_endtag(self, tag):
        if tag in ('footer', 'caption', 'head', 'style'):
            self.skip -= 1
        if tag == 'thead':
            self.theads.append(fold(''.join(self.thead)))
            self.ranges[self.start] = self.length()
            self.thead = None
        if tag == 'th' and self.span is not None:
            self.spans.append(fold(''.join(self.span)))
            self.span = None

    def length(self):
        return len(fold(''.join(self.text)))

    def handle_data(self, data):
        if not self.in_article or self.skip:
            return
        self.text.append(data)
        if self.thead is not None:
            self.thead.append(data)
        if self.span is not None:
            self.span.append(data)


def strip_repeat(skipped, theads, spans):
    """Whether the lines a continued table begins with are a header it printed before and
    row labels it repeats."""
    for h in theads:
        if sorted(skipped[:len(h)]) == sorted(h):
            skipped = skipped[len(h):]
            break
    while skipped:
        for s in sorted(spans, key=len, reverse=True):
            if s and skipped.startswith(s):
                skipped = skipped[len(s):]
                break
        else:
            return False
    return True


def main():
    page = Page()
    with open(sys.argv[1], encoding='utf-8') as f:
        page.feed(f.read())
    html = fold(''.join(page.text))
    with open(sys.argv[2], encoding='utf-8') as f:
        lines = [fold(l) for l in f.read().replace('\f', '\n').split('\n')]
    pos = 0
    pages = continued = 0
    skipped = None  # lines since a 续表, not yet placed
    head = None     # the lines of a table's header rows so far, and where they end
    for n, line in enumerate(lines, 1):
        if not line:
            continue
        if head is None and pos in page.ranges and skipped is None and \
                not re.fullmatch(r'[0-9]+|—[0-9]+—', line):
            head = ('', page.ranges[pos])
        if head is not None:
            got = head[0] + line
            if len(got) < head[1] - pos:
                head = (got, head[1])
                continue
            if sorted(got) != sorted(html[pos:head[1]]):
                print(f'FAIL text: the header ending at PDF line {n} “{got[:60]}” is not the '
                      f'page\'s “{html[pos:head[1]][:60]}”')
                return 1
            pos, head = head[1], None
            continue
        if html.startswith(line, pos):
            if skipped:
                if not strip_repeat(skipped, page.theads, page.spans):
                    print(f'FAIL text: after 续表, “{skipped[:80]}” is no repeated header')
                    return 1
            skipped = None
            pos += len(line)
            continue
        if re.fullmatch(r'[0-9]+|—[0-9]+—', line):
            pages += 1
            continue
        if line == '续表':
            continued += 1
            skipped = ''
            continue
        if skipped is not None:
            skipped += line
            continue
        print(f'FAIL text: PDF line {n} “{line[:60]}” is not the page\'s text at character {pos}:'
              f' “{html[pos:pos + 60]}”')
        return 1
    if pos != len(html):
        print(f'FAIL text: the page goes on after the PDF ends: “{html[pos:pos + 60]}”')
        return 1
    print(f'ok   text: {len(html)} characters the same; the PDF adds {pages} page numbers, '
          f'{continued} 续表 with their repeated headers')
    return 0


sys.exit(main())
