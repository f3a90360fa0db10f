#!/bin/bash
# End-to-end: a report whose section 六 holds a 500-character URL and a paragraph of about
# 270 KB renders in linear time over many pages, every word inside the block (the URL is
# broken rather than overflowing), every page numbered, the text extractable whole.
# Usage: render_long.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
SAMPLE=$SRC/samples/shanyang-2025.xml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

para=$(grep -o '<p>改进措施：[^<]*</p>' "$SAMPLE" | sed -e 's/<p>//' -e 's/<\/p>//')
[ -n "$para" ] || { fail "sample paragraph not found"; exit 1; }
big=""
for ((i = 0; i < 400; i++)); do big+=$para; done
url="http://www.example.gov.cn/zwgk/"
for ((i = 0; i < 47; i++)); do url+="abcdefghij"; done
printf '%s' "$big" >"$TMP/big.txt"
awk -v url="$url" -v bigfile="$TMP/big.txt" '
    BEGIN { getline big < bigfile }
    /<p>2025年度，山阳区未收取信息处理费。<\/p>/ {
        sub(/信息处理费。/, "信息处理费。详见" url "。" big)
    }
    { print }' "$SAMPLE" >"$TMP/long.xml"
size=$(stat -c %s "$TMP/long.xml")
[ "$size" -gt 250000 ] || fail "long report only $size bytes"

start=$(date +%s%N)
"$GR" render "$TMP/long.xml" -o "$TMP/long.pdf" 2>"$TMP/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 0 ] || { fail "render exit $rc: $(head -3 "$TMP/err")"; exit 1; }
[ $ms -lt 10000 ] || fail "render took $ms ms"

pages=$(pdfinfo "$TMP/long.pdf" | awk '/^Pages:/{print $2}')
[ "${pages:-0}" -ge 100 ] || fail "pages: $pages"
qpdf --check "$TMP/long.pdf" >/dev/null 2>&1 || fail "qpdf --check"

# page-number lines dropped: the URL and the paragraph cross page breaks
pdftotext "$TMP/long.pdf" - 2>"$TMP/pt.err" | grep -vx '[0-9]*' | tr -d ' \t\n\f\r' >"$TMP/flat.txt"
[ -s "$TMP/pt.err" ] && fail "pdftotext warns"
grep -qF "详见$url。" "$TMP/flat.txt" || fail "URL not extractable whole"
count=$(grep -o "改进措施：一是压实主体责任" "$TMP/flat.txt" | wc -l)
[ "$count" -ge 400 ] || fail "long paragraph: $count of 401 repeats found"

pdftotext -bbox "$TMP/long.pdf" "$TMP/bbox.html" 2>/dev/null
awk -v pages="$pages" '
    /<page / { p++ }
    /<word / {
        match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
        if (y0 > 742.68) { if (w == p) num[p] = 1; next }
        right = 521.58 + 0.5
        if (w ~ /(、|，|。|：|；|！|？|）|》|”|’)$/) right += 8.2 # trimmed line-end mark
        if (x0 < 79.37 - 0.5 || x1 > right) {
            printf "page %d: %s at x %.2f-%.2f\n", p, substr(w, 1, 30), x0, x1; bad++
        }
    }
    END {
        for (i = 1; i <= pages; i++) if (!num[i]) { printf "page %d has no number\n", i; bad++ }
        exit bad > 0
    }' "$TMP/bbox.html" >"$TMP/bbox.err" || fail "layout box: $(head -5 "$TMP/bbox.err")"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "render_long: ok ($pages pages in $ms ms)"
