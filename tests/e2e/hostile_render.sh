#!/bin/bash
# Careless input that must still render, and render right (labelled slow):
#   a paragraph of 300 KB       over many pages, every repeat in the text, inside the block;
#   300,000 marks that may not start a line       in linear time, inside the block;
#   an unbreakable 500-character URL      broken inside the block, extractable whole;
#   a 1,000-character issuer name         the title wraps within the block, whole;
#   UTF-16 (both byte orders, with a BOM) and GB18030 (declared)   the text of the PDF
#                                           equals the UTF-8 sample's.
# Usage: hostile_render.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
sample=$src/samples/shanyang-2025.xml
cd "$tmp" || exit 1

render() { # NAME: NAME.xml → NAME.pdf, exit 0 and nothing on stderr
    "$bin" render "$1.xml" -o "$1.pdf" 2>"$1.err"
    local rc=$?
    [ $rc = 0 ] || { fail "$1: exit $rc: $(head -3 "$1.err")"; return 1; }
    [ -s "$1.err" ] && fail "$1: stderr: $(head -3 "$1.err")"
    qpdf --check "$1.pdf" >/dev/null 2>&1 || fail "$1: qpdf --check"
    return 0
}

flat() { # the PDF's text without page numbers and white space
    plain "$1"
    pdftotext "$1.plain.pdf" - 2>/dev/null | grep -vx '[0-9]*' | tr -d ' \t\n\f\r'
}

# ---- a paragraph of 300 KB ----
para=$(grep -o '<p>改进措施：[^<]*</p>' "$sample" | sed -e 's/<p>//' -e 's/<\/p>//')
[ -n "$para" ] || fail "sample paragraph not found"
reps=$((300000 / ${#para} / 3 + 1)) # ${#para} counts characters, 3 bytes each
big=""
for ((i = 0; i < reps; i++)); do big+=$para; done
printf '%s' "$big" >big.txt
awk -v bigfile=big.txt 'BEGIN { getline big < bigfile }
    /<p>2025年度，山阳区未收取信息处理费。<\/p>/ { sub(/信息处理费。/, "信息处理费。" big) }
    { print }' "$sample" >para300k.xml
size=$(stat -c %s para300k.xml)
[ "$size" -gt 300000 ] || fail "para300k: only $size bytes"
if render para300k; then
    pages=$(pdfinfo para300k.pdf | awk '/^Pages:/{print $2}')
    [ "${pages:-0}" -ge 100 ] || fail "para300k: $pages pages"
    count=$(flat para300k | grep -o "改进措施：一是压实主体责任" | wc -l)
    [ "$count" = $((reps + 1)) ] || fail "para300k: $count of $((reps + 1)) repeats in the text"
    inside para300k
fi

# ---- runs of marks that may not start a line: 100,000 each of 。 ” — ----
# Push-in once scanned such a run to its end from every line of it: quadratic, minutes for
# this paragraph. Linear now; the ctest TIMEOUT is the bound (no timing here).
marks=""
for ch in 。 ” —; do
    run=$ch
    while [ ${#run} -lt 100000 ]; do run+=$run; done
    marks+=${run:0:100000}
done
printf '%s' "$marks" >marks.txt
awk -v bigfile=marks.txt 'BEGIN { getline big < bigfile }
    /<p>2025年度，山阳区未收取信息处理费。<\/p>/ { sub(/信息处理费。/, "信息处理费。" big) }
    { print }' "$sample" >marks.xml
if render marks; then
    n=$(flat marks | grep -o "[。”—]" | wc -l)
    [ "$n" -ge 300000 ] || fail "marks: $n of 300000 marks in the text"
    inside marks
fi

# ---- an unbreakable URL of 500 characters ----
url="https://www.example.gov.cn/"
while [ ${#url} -lt 500 ]; do url+="abcdefghijklmnopqrstuvwxyz0123456789"; done
url=${url:0:500}
sed "s|<p>2025年度，山阳区未收取信息处理费。</p>|<p>2025年度，山阳区未收取信息处理费。详见$url。</p>|" "$sample" >url.xml
grep -qF "$url" url.xml || fail "url.xml not made"
if render url; then
    flat url | grep -qF "详见$url。" || fail "url: not extractable whole"
    inside url
fi

# ---- an issuer name of 1,000 characters ----
issuer=""
for ((i = 0; i < 100; i++)); do issuer+="山阳区人民政府办公室"; done
sed "s|<issuer>山阳区人民政府</issuer>|<issuer>$issuer</issuer>|" "$sample" >issuer.xml
if render issuer; then
    flat issuer | grep -qF "${issuer}2025年政府信息公开工作年度报告" || fail "issuer: title not whole"
    inside issuer
fi

# ---- UTF-16 with a byte-order mark, GB18030 declared: the same text as UTF-8 ----
cp "$sample" utf8.xml
render utf8
sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$sample" | iconv -f UTF-8 -t UTF-16LE >body16le
{ printf '\xff\xfe'; cat body16le; } >utf16le.xml
sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$sample" | iconv -f UTF-8 -t UTF-16BE >body16be
{ printf '\xfe\xff'; cat body16be; } >utf16be.xml
sed 's/encoding="UTF-8"/encoding="GB18030"/' "$sample" | iconv -f UTF-8 -t GB18030 >gb18030.xml
cmp -s gb18030.xml "$sample" && fail "gb18030.xml is the UTF-8 file"
pdftotext utf8.pdf utf8.txt
for enc in utf16le utf16be gb18030; do
    if render $enc; then
        pdftotext $enc.pdf $enc.txt
        cmp -s utf8.txt $enc.txt || fail "$enc: the PDF's text differs from the UTF-8 sample's"
    fi
done

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "hostile_render: ok (${pages:-?} pages for the 300 KB paragraph)"
