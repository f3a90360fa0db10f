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
need_fonts "$GR"
SAMPLE=$SRC/samples/shanyang-2025.xml

# ---- render ----
"$GR" render "$SAMPLE" -o "$tmp/out.pdf" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "render exit $rc: $(cat "$tmp/err")"
[ -s "$tmp/out.pdf" ] || { fail "no PDF"; exit 1; }

# ---- text: the title and every paragraph of sections 一, 五, 六 verbatim ----
pdftotext "$tmp/out.pdf" "$tmp/out.txt" 2>"$tmp/pdftotext.err"
[ -s "$tmp/pdftotext.err" ] && fail "pdftotext warns: $(head -3 "$tmp/pdftotext.err")"
tr -d ' \t\n\f\r' <"$tmp/out.txt" | sed 's/　//g' >"$tmp/flat.txt"
grep -qF "山阳区人民政府2025年政府信息公开工作年度报告" "$tmp/flat.txt" || fail "title not in text"
n=0
for sec in overview problems other-matters; do
    sed -n "/<$sec>/,/<\/$sec>/p" "$SAMPLE" | grep -o '<p[^>]*>.*</p>' |
        sed -e 's/^<p heading="\([^"]*\)">/\1/' -e 's/^<p>//' -e 's/<\/p>$//' -e 's/ //g' \
            >>"$tmp/paras.txt"
done
while IFS= read -r para; do
    n=$((n + 1))
    grep -qF "$para" "$tmp/flat.txt" || fail "paragraph not verbatim: ${para:0:40}…"
done <"$tmp/paras.txt"
[ $n -ge 9 ] || fail "only $n paragraphs found in the sample"

# ---- fonts, structure, page size ----
pdffonts "$tmp/out.pdf" | tail -n +3 >"$tmp/fonts"
[ -s "$tmp/fonts" ] || fail "no fonts"
while read -r line; do
    set -- $line
    # the last five columns: emb sub uni object-number generation
    cols=($line)
    k=${#cols[@]}
    [ "${cols[k - 5]}${cols[k - 4]}${cols[k - 3]}" = "yesyesyes" ] || fail "font not emb/sub/uni: $line"
done <"$tmp/fonts"
qpdf --check "$tmp/out.pdf" >"$tmp/qpdf" 2>&1 || fail "qpdf --check: $(tail -3 "$tmp/qpdf")"
grep -q "No syntax or stream encoding errors" "$tmp/qpdf" || fail "qpdf not clean"
pdfinfo "$tmp/out.pdf" >"$tmp/info"
grep -q "Page size: *595.276 x 841.89 pts (A4)" "$tmp/info" || fail "not A4: $(grep 'Page size' "$tmp/info")"
pages=$(awk '/^Pages:/{print $2}' "$tmp/info")
[ "${pages:-0}" -ge 3 ] || fail "pages: $pages"

# ---- every word inside the block; page numbers below it, on every page ----
pdftotext -bbox "$tmp/out.pdf" "$tmp/bbox.html" 2>/dev/null
words_in_block "$tmp/bbox.html" "$pages" >"$tmp/bbox.err" || fail "layout box: $(head -5 "$tmp/bbox.err")"
for ((i = 1; i <= pages; i++)); do
    pdftotext -f $i -l $i "$tmp/out.pdf" - 2>/dev/null | grep -qx "$i" || fail "page $i: number $i not found"
done

# ---- line-start and line-end prohibitions (GB/T 15834 §5.1.10) ----
if grep -n '^[、，。：；！？）》”’〕】〉」』]' "$tmp/out.txt" >"$tmp/starts"; then
    fail "line starts with closing punctuation: $(head -3 "$tmp/starts")"
fi
if grep -n '[（《“‘〔【〈「『]$' "$tmp/out.txt" >"$tmp/ends"; then
    fail "line ends with opening punctuation: $(head -3 "$tmp/ends")"
fi

# ---- outline ----
if command -v mutool >/dev/null; then
    mutool show "$tmp/out.pdf" outline >"$tmp/outline" 2>/dev/null
    for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
        四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项; do
        grep -qF "\"$h\"" "$tmp/outline" || fail "outline lacks $h"
    done
    [ "$(grep -c '^|' "$tmp/outline")" -eq 6 ] || fail "outline: $(cat "$tmp/outline")"
fi

# ---- reproducible ----
"$GR" render "$SAMPLE" -o "$tmp/again.pdf" 2>/dev/null
cmp -s "$tmp/out.pdf" "$tmp/again.pdf" || fail "two renders differ"

# ---- a character no font can set: exit 1, U+ named, no file ----
for ch in $'\xF0\xA0\x80\x80':U+20000 $'\xEE\x80\x80':U+E000; do
    c=${ch%%:*}
    code=${ch#*:}
    sed "s/改进措施：一是/改进措施：一${c}是/" "$SAMPLE" >"$tmp/bad.xml"
    "$GR" render "$tmp/bad.xml" -o "$tmp/bad.pdf" 2>"$tmp/bad.err"
    rc=$?
    [ $rc -eq 1 ] || fail "$code: exit $rc, want 1"
    grep -q "$code" "$tmp/bad.err" || fail "$code not named: $(cat "$tmp/bad.err")"
    grep -q "E-GLYPH" "$tmp/bad.err" || fail "$code: no E-GLYPH"
    grep -q "bad.xml:[0-9]" "$tmp/bad.err" || fail "$code: no file:line"
    # the exact line and column (in characters) of the character in the file
    line=$(grep -n "改进措施：一" "$tmp/bad.xml" | cut -d: -f1)
    text=$(sed -n "${line}p" "$tmp/bad.xml")
    col=$(LC_ALL=C.UTF-8 bash -c 'p=${1%%改进措施：一*}; echo $((${#p} + 7))' _ "$text")
    grep -q "bad.xml:$line:$col: " "$tmp/bad.err" || fail "$code: not at $line:$col: $(cat "$tmp/bad.err")"
    [ -e "$tmp/bad.pdf" ] && fail "$code: a PDF was written"
    ls "$tmp" | grep -q '^bad\.pdf' && fail "$code: a temporary file was left"
done

# ---- a report with a balance error: exit 1, nothing written ----
sed 's/<open natural="9"/<open natural="8"/' "$SAMPLE" >"$tmp/unbalanced.xml"
"$GR" render "$tmp/unbalanced.xml" -o "$tmp/unbalanced.pdf" 2>"$tmp/ub.err"
rc=$?
[ $rc -eq 1 ] || fail "unbalanced: exit $rc, want 1"
[ -e "$tmp/unbalanced.pdf" ] && fail "unbalanced: a PDF was written"

# ---- an output folder that does not exist: exit 3, clear message, nothing written ----
"$GR" render "$SAMPLE" -o "$tmp/no/such/dir/out.pdf" 2>"$tmp/nodir.err"
rc=$?
[ $rc -eq 3 ] || fail "missing folder: exit $rc, want 3"
grep -q "目录不存在" "$tmp/nodir.err" || fail "missing folder: unclear message: $(cat "$tmp/nodir.err")"
[ -e "$tmp/no" ] && fail "missing folder: something was created"

# ---- usage ----
"$GR" render "$SAMPLE" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing -o: want exit 2"
"$GR" render "$SAMPLE" "$SAMPLE" -o "$tmp/x.pdf" >/dev/null 2>&1
[ $? -eq 2 ] || fail "two inputs: want exit 2"
"$GR" render --bogus "$SAMPLE" -o "$tmp/x.pdf" >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option: want exit 2"
"$GR" render --help | grep -q -- "-o" || fail "--help"
[ -e "$tmp/x.pdf" ] && fail "usage error wrote a file"
"$GR" render "$tmp/missing.xml" -o "$tmp/m.pdf" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || [ $rc -eq 3 ] || fail "missing input: exit $rc"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "render_sample: ok ($pages pages, $(stat -c %s "$tmp/out.pdf") bytes)"
