#!/bin/bash
# End-to-end: a report whose section 六 holds a 500-character URL and a paragraph of about
# 270 KB renders in linear time over many pages, every word inside the block (the URL is
# broken rather than overflowing), every page numbered, the text extractable whole.
# Usage: render_long.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
need_fonts "$GR"
SAMPLE=$SRC/samples/shanyang-2025.xml

para=$(grep -o '<p>改进措施：[^<]*</p>' "$SAMPLE" | sed -e 's/<p>//' -e 's/<\/p>//')
[ -n "$para" ] || { fail "sample paragraph not found"; exit 1; }
big=""
for ((i = 0; i < 400; i++)); do big+=$para; done
url="http://www.example.gov.cn/zwgk/"
for ((i = 0; i < 47; i++)); do url+="abcdefghij"; done
printf '%s' "$big" >"$tmp/big.txt"
awk -v url="$url" -v bigfile="$tmp/big.txt" '
    BEGIN { getline big < bigfile }
    /<p>2025年度，山阳区未收取信息处理费。<\/p>/ {
        sub(/信息处理费。/, "信息处理费。详见" url "。" big)
    }
    { print }' "$SAMPLE" >"$tmp/long.xml"
size=$(stat -c %s "$tmp/long.xml")
[ "$size" -gt 250000 ] || fail "long report only $size bytes"

start=$(date +%s%N)
"$GR" render "$tmp/long.xml" -o "$tmp/long.pdf" 2>"$tmp/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 0 ] || { fail "render exit $rc: $(head -3 "$tmp/err")"; exit 1; }
[ $ms -lt 10000 ] || fail "render took $ms ms"

pages=$(pdfinfo "$tmp/long.pdf" | awk '/^Pages:/{print $2}')
[ "${pages:-0}" -ge 100 ] || fail "pages: $pages"
qpdf --check "$tmp/long.pdf" >/dev/null 2>&1 || fail "qpdf --check"

# page-number lines dropped: the URL and the paragraph cross page breaks
pdftotext "$tmp/long.pdf" - 2>"$tmp/pt.err" | grep -vx '[0-9]*' | tr -d ' \t\n\f\r' >"$tmp/flat.txt"
[ -s "$tmp/pt.err" ] && fail "pdftotext warns"
grep -qF "详见$url。" "$tmp/flat.txt" || fail "URL not extractable whole"
count=$(grep -o "改进措施：一是压实主体责任" "$tmp/flat.txt" | wc -l)
[ "$count" -ge 400 ] || fail "long paragraph: $count of 401 repeats found"

pdftotext -bbox "$tmp/long.pdf" "$tmp/bbox.html" 2>/dev/null
words_in_block "$tmp/bbox.html" "$pages" >"$tmp/bbox.err" || fail "layout box: $(head -5 "$tmp/bbox.err")"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "render_long: ok ($pages pages in $ms ms)"
