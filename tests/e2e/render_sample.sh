#!/bin/bash
# End-to-end: render the sample and verify the PDF as facts (docs/typography.md, issue 3):
# text extractable verbatim, fonts embedded subsets with ToUnicode, qpdf clean, A4, a number
# on every page, every word inside the 156 × 225 mm block, no line starting with closing
# punctuation, the six headings in the outline; and the failures: a character no font can
# set, an output folder that does not exist, wrong usage.
# Usage: render_sample.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
SAMPLE=$SRC/samples/shanyang-2025.xml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- render ----
"$GR" render "$SAMPLE" -o "$TMP/out.pdf" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] || fail "render exit $rc: $(cat "$TMP/err")"
[ -s "$TMP/out.pdf" ] || { fail "no PDF"; exit 1; }

# ---- text: the title and every paragraph of sections 一, 五, 六 verbatim ----
pdftotext "$TMP/out.pdf" "$TMP/out.txt" 2>"$TMP/pdftotext.err"
[ -s "$TMP/pdftotext.err" ] && fail "pdftotext warns: $(head -3 "$TMP/pdftotext.err")"
tr -d ' \t\n\f\r' <"$TMP/out.txt" | sed 's/　//g' >"$TMP/flat.txt"
grep -qF "山阳区人民政府2025年政府信息公开工作年度报告" "$TMP/flat.txt" || fail "title not in text"
n=0
for sec in overview problems other-matters; do
    sed -n "/<$sec>/,/<\/$sec>/p" "$SAMPLE" | grep -o '<p[^>]*>.*</p>' |
        sed -e 's/^<p heading="\([^"]*\)">/\1/' -e 's/^<p>//' -e 's/<\/p>$//' -e 's/ //g' \
            >>"$TMP/paras.txt"
done
while IFS= read -r para; do
    n=$((n + 1))
    grep -qF "$para" "$TMP/flat.txt" || fail "paragraph not verbatim: ${para:0:40}…"
done <"$TMP/paras.txt"
[ $n -ge 9 ] || fail "only $n paragraphs found in the sample"

# ---- fonts, structure, page size ----
pdffonts "$TMP/out.pdf" | tail -n +3 >"$TMP/fonts"
[ -s "$TMP/fonts" ] || fail "no fonts"
while read -r line; do
    set -- $line
    # the last five columns: emb sub uni object-number generation
    cols=($line)
    k=${#cols[@]}
    [ "${cols[k - 5]}${cols[k - 4]}${cols[k - 3]}" = "yesyesyes" ] || fail "font not emb/sub/uni: $line"
done <"$TMP/fonts"
qpdf --check "$TMP/out.pdf" >"$TMP/qpdf" 2>&1 || fail "qpdf --check: $(tail -3 "$TMP/qpdf")"
grep -q "No syntax or stream encoding errors" "$TMP/qpdf" || fail "qpdf not clean"
pdfinfo "$TMP/out.pdf" >"$TMP/info"
grep -q "Page size: *595.276 x 841.89 pts (A4)" "$TMP/info" || fail "not A4: $(grep 'Page size' "$TMP/info")"
pages=$(awk '/^Pages:/{print $2}' "$TMP/info")
[ "${pages:-0}" -ge 3 ] || fail "pages: $pages"

# ---- every word inside the block; page numbers below it, on every page ----
# block from the top: x 79.370..521.575, y 104.882..742.677; font boxes reach a little past
# the em-box, hence the tolerance. The word boxes come from advances, not ink.
pdftotext -bbox "$TMP/out.pdf" "$TMP/bbox.html" 2>/dev/null
awk -v pages="$pages" '
    /<page / { p++ }
    /<word / {
        match($0, /xMin="[^"]*"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /yMin="[^"]*"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /xMax="[^"]*"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        match($0, /yMax="[^"]*"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
        w = $0; sub(/.*">/, "", w); sub(/<\/word>.*/, "", w)
        if (y0 > 742.68) {           # the page-number line
            if (w == p) num[p] = 1
            else { printf "page %d: word %s below the block\n", p, w; bad++ }
            next
        }
        # a GB-style mark at the line end is trimmed to its left half (§8.4): its ink stays
        # inside, but the advance box that pdftotext reports reaches half an em further
        right = 521.58 + 0.5
        if (w ~ /(、|，|。|：|；|！|？|）|》|”|’|〕|】)$/) right += 8.2
        if (x0 < 79.37 - 0.5 || x1 > right || y0 < 104.88 - 2.5 || y1 > 742.68 + 1) {
            printf "page %d: word %s at %.2f,%.2f-%.2f,%.2f outside the block\n", p, w, x0, y0, x1, y1
            bad++
        }
    }
    END {
        for (i = 1; i <= pages; i++) if (!num[i]) { printf "page %d has no number\n", i; bad++ }
        exit bad > 0
    }' "$TMP/bbox.html" >"$TMP/bbox.err" || fail "layout box: $(head -5 "$TMP/bbox.err")"
for ((i = 1; i <= pages; i++)); do
    pdftotext -f $i -l $i "$TMP/out.pdf" - 2>/dev/null | grep -qx "$i" || fail "page $i: number $i not found"
done

# ---- line-start and line-end prohibitions (GB/T 15834 §5.1.10) ----
if grep -n '^[、，。：；！？）》”’〕】〉」』]' "$TMP/out.txt" >"$TMP/starts"; then
    fail "line starts with closing punctuation: $(head -3 "$TMP/starts")"
fi
if grep -n '[（《“‘〔【〈「『]$' "$TMP/out.txt" >"$TMP/ends"; then
    fail "line ends with opening punctuation: $(head -3 "$TMP/ends")"
fi

# ---- outline ----
if command -v mutool >/dev/null; then
    mutool show "$TMP/out.pdf" outline >"$TMP/outline" 2>/dev/null
    for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
        四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项; do
        grep -qF "\"$h\"" "$TMP/outline" || fail "outline lacks $h"
    done
    [ "$(grep -c '^|' "$TMP/outline")" -eq 6 ] || fail "outline: $(cat "$TMP/outline")"
fi

# ---- reproducible ----
"$GR" render "$SAMPLE" -o "$TMP/again.pdf" 2>/dev/null
cmp -s "$TMP/out.pdf" "$TMP/again.pdf" || fail "two renders differ"

# ---- a character no font can set: exit 1, U+ named, no file ----
for ch in $'\xF0\xA0\x80\x80':U+20000 $'\xEE\x80\x80':U+E000; do
    c=${ch%%:*}
    code=${ch#*:}
    sed "s/改进措施：一是/改进措施：一${c}是/" "$SAMPLE" >"$TMP/bad.xml"
    "$GR" render "$TMP/bad.xml" -o "$TMP/bad.pdf" 2>"$TMP/bad.err"
    rc=$?
    [ $rc -eq 1 ] || fail "$code: exit $rc, want 1"
    grep -q "$code" "$TMP/bad.err" || fail "$code not named: $(cat "$TMP/bad.err")"
    grep -q "E-GLYPH" "$TMP/bad.err" || fail "$code: no E-GLYPH"
    grep -q "bad.xml:[0-9]" "$TMP/bad.err" || fail "$code: no file:line"
    # the exact line and column (in characters) of the character in the file
    line=$(grep -n "改进措施：一" "$TMP/bad.xml" | cut -d: -f1)
    text=$(sed -n "${line}p" "$TMP/bad.xml")
    col=$(LC_ALL=C.UTF-8 bash -c 'p=${1%%改进措施：一*}; echo $((${#p} + 7))' _ "$text")
    grep -q "bad.xml:$line:$col: " "$TMP/bad.err" || fail "$code: not at $line:$col: $(cat "$TMP/bad.err")"
    [ -e "$TMP/bad.pdf" ] && fail "$code: a PDF was written"
    ls "$TMP" | grep -q '^bad\.pdf' && fail "$code: a temporary file was left"
done

# ---- a report with a balance error: exit 1, nothing written ----
sed 's/<open natural="9"/<open natural="8"/' "$SAMPLE" >"$TMP/unbalanced.xml"
"$GR" render "$TMP/unbalanced.xml" -o "$TMP/unbalanced.pdf" 2>"$TMP/ub.err"
rc=$?
[ $rc -eq 1 ] || fail "unbalanced: exit $rc, want 1"
[ -e "$TMP/unbalanced.pdf" ] && fail "unbalanced: a PDF was written"

# ---- an output folder that does not exist: exit 3, clear message, nothing written ----
"$GR" render "$SAMPLE" -o "$TMP/no/such/dir/out.pdf" 2>"$TMP/nodir.err"
rc=$?
[ $rc -eq 3 ] || fail "missing folder: exit $rc, want 3"
grep -q "目录不存在" "$TMP/nodir.err" || fail "missing folder: unclear message: $(cat "$TMP/nodir.err")"
[ -e "$TMP/no" ] && fail "missing folder: something was created"

# ---- usage ----
"$GR" render "$SAMPLE" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing -o: want exit 2"
"$GR" render "$SAMPLE" "$SAMPLE" -o "$TMP/x.pdf" >/dev/null 2>&1
[ $? -eq 2 ] || fail "two inputs: want exit 2"
"$GR" render --bogus "$SAMPLE" -o "$TMP/x.pdf" >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option: want exit 2"
"$GR" render --help | grep -q -- "-o" || fail "--help"
[ -e "$TMP/x.pdf" ] && fail "usage error wrote a file"
"$GR" render "$TMP/missing.xml" -o "$TMP/m.pdf" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || [ $rc -eq 3 ] || fail "missing input: exit $rc"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "render_sample: ok ($pages pages, $(stat -c %s "$TMP/out.pdf") bytes)"
