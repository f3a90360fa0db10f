#!/bin/bash
# End-to-end: the sample as OFD (issue 15). Every XML part validates against the schemas of
# GB/T 33190-2016 (tests/ofd/xsd); the package holds the parts the README lists, one page
# per PDF page; DocInfo and the outline say what the PDF's info and outline say; the
# TextCode strings, page by page, are the PDF's text (pdftotext) and hold every paragraph
# verbatim; the same input gives the same bytes (in any time zone); --format and the
# extension pick the format, batch writes one or both; a failed render leaves nothing at
# the path and an older file there untouched, for every hostile and bad input of tests/.
# Usage: ofd_sample.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
SAMPLE=$SRC/samples/shanyang-2025.xml
XSD=$SRC/tests/ofd/xsd
fail=0
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
for tool in xmllint unzip pdftotext pdfinfo; do
    command -v $tool >/dev/null || skip "$tool is not installed (tools/install-deps.sh)"
done

check "render → .ofd" 0 "$GR" render "$SAMPLE" -o "$tmp/s.ofd"
check "render → .pdf" 0 "$GR" render "$SAMPLE" -o "$tmp/s.pdf"
[ -s "$tmp/s.ofd" ] && [ -s "$tmp/s.pdf" ] || { echo "FAIL no output"; exit 1; }
check "the package is a sound zip" 0 unzip -tq "$tmp/s.ofd"
mkdir "$tmp/x"
unzip -q "$tmp/s.ofd" -d "$tmp/x"
pages=$(pdfinfo "$tmp/s.pdf" | sed -n 's/^Pages: *//p')

# ---- structure: the parts, and nothing else ----
unzip -Z1 "$tmp/s.ofd" >"$tmp/list"
[ "$(head -1 "$tmp/list")" = OFD.xml ] || { echo "FAIL OFD.xml is not the first entry"; fail=1; }
for part in OFD.xml Doc_0/Document.xml Doc_0/PublicRes.xml; do
    grep -qx "$part" "$tmp/list" || { echo "FAIL no $part"; fail=1; }
done
n=$(grep -c '^Doc_0/Pages/Page_[0-9]*/Content.xml$' "$tmp/list")
[ "$n" = "$pages" ] || { echo "FAIL $n page parts, the PDF has $pages pages"; fail=1; }
others=$(grep -v -e '^OFD.xml$' -e '^Doc_0/Document.xml$' -e '^Doc_0/PublicRes.xml$' \
    -e '^Doc_0/Pages/Page_[0-9]*/Content.xml$' -e '^Doc_0/Res/font_[0-9]*\.[ot]tf$' "$tmp/list")
[ -z "$others" ] || { echo "FAIL unexpected entries: $others"; fail=1; }
# every FontFile named is in the package
for loc in $(grep -o '<ofd:FontFile>[^<]*' "$tmp/x/Doc_0/PublicRes.xml" | sed 's/.*>//'); do
    [ -s "$tmp/x/Doc_0/Res/$loc" ] || { echo "FAIL font file $loc missing"; fail=1; }
done

# ---- every part against the standard's schemas (element order included) ----
valid() { # schema part
    if xmllint --noout --schema "$XSD/$1" "$tmp/x/$2" 2>"$tmp/xerr"; then
        echo "ok   $2 validates against $1"
    else
        echo "FAIL $2 against $1:"
        head -5 "$tmp/xerr"
        fail=1
    fi
}
valid OFD.xsd OFD.xml
valid Document.xsd Doc_0/Document.xml
valid Res.xsd Doc_0/PublicRes.xml
for ((p = 0; p < pages; p++)); do
    valid Page.xsd "Doc_0/Pages/Page_$p/Content.xml"
done

# ---- DocInfo and outline ----
expect "$tmp/x/OFD.xml" '<ofd:DocID>[0-9a-f]\{32\}</ofd:DocID>' "DocID"
expect "$tmp/x/OFD.xml" '<ofd:Title>山阳区人民政府2025年政府信息公开工作年度报告</ofd:Title>' "Title"
expect "$tmp/x/OFD.xml" '<ofd:Author>山阳区人民政府</ofd:Author>' "Author (the issuer)"
expect "$tmp/x/OFD.xml" '<ofd:CreationDate>2026-01-20</ofd:CreationDate>' "CreationDate"
expect "$tmp/x/OFD.xml" '<ofd:Creator>govreport</ofd:Creator>' "Creator"
expect "$tmp/x/Doc_0/Document.xml" '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>' "A4"
for h in 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 \
    四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项; do
    expect "$tmp/x/Doc_0/Document.xml" "<ofd:OutlineElem Title=\"$h\">" "outline $h"
done

# ---- text: page by page the PDF's, and every paragraph verbatim ----
# In the order drawn, the TextCodes are the PDF's text in its content order (pdftotext
# -raw); pdftotext's own reading order differs only inside tables (it reorders cells), so
# against it the page holds the same characters and every paragraph verbatim.
flat() { tr -d ' \t\n\f\r' | sed 's/　//g'; }
chars() { grep -o . | LC_ALL=C sort | tr -d '\n'; }
for ((p = 0; p < pages; p++)); do
    xmllint --xpath "//*[local-name()='TextCode']/text()" "$tmp/x/Doc_0/Pages/Page_$p/Content.xml" |
        sed -e 's/&amp;/\&/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' | flat >"$tmp/ofd-$p.txt"
    pdftotext -raw -f $((p + 1)) -l $((p + 1)) "$tmp/s.pdf" - | flat >"$tmp/raw-$p.txt"
    pdftotext -f $((p + 1)) -l $((p + 1)) "$tmp/s.pdf" - | flat >"$tmp/pdf-$p.txt"
    if cmp -s "$tmp/ofd-$p.txt" "$tmp/raw-$p.txt"; then
        echo "ok   page $((p + 1)): the TextCodes are the PDF's text ($(wc -m <"$tmp/ofd-$p.txt") characters)"
    else
        echo "FAIL page $((p + 1)): the TextCodes differ from the PDF's text (pdftotext -raw)"
        diff <(fold -w 40 "$tmp/ofd-$p.txt") <(fold -w 40 "$tmp/raw-$p.txt") | head -10
        fail=1
    fi
    [ "$(chars <"$tmp/ofd-$p.txt")" = "$(chars <"$tmp/pdf-$p.txt")" ] ||
        { echo "FAIL page $((p + 1)): not the characters of pdftotext's text"; fail=1; }
done
cat "$tmp"/ofd-*.txt >"$tmp/ofd.txt"
cat "$tmp"/pdf-*.txt >"$tmp/pdf.txt"
for sec in overview problems other-matters; do
    sed -n "/<$sec>/,/<\/$sec>/p" "$SAMPLE" | grep -o '<p[^>]*>.*</p>' |
        sed -e 's/^<p heading="\([^"]*\)">/\1/' -e 's/^<p>//' -e 's/<\/p>$//' -e 's/ //g'
done >"$tmp/paras.txt"
np=0
while IFS= read -r para; do
    np=$((np + 1))
    grep -qF "$para" "$tmp/ofd.txt" || { echo "FAIL paragraph not verbatim: ${para:0:40}…"; fail=1; }
    grep -qF "$para" "$tmp/pdf.txt" || { echo "FAIL paragraph not in pdftotext: ${para:0:40}…"; fail=1; }
done <"$tmp/paras.txt"
[ "$np" -ge 8 ] || { echo "FAIL only $np paragraphs found in the sample"; fail=1; }

# ---- reproducible: same bytes, in any time zone ----
check "render again" 0 env TZ=America/New_York "$GR" render "$SAMPLE" -o "$tmp/again.ofd"
cmp -s "$tmp/s.ofd" "$tmp/again.ofd" && echo "ok   byte-identical" ||
    { echo "FAIL two renders differ"; fail=1; }

# ---- the format: by extension, by --format, both at once; batch ----
check "--format=ofd into a .pdf name" 0 "$GR" render "$SAMPLE" -o "$tmp/forced.pdf" --format=ofd
[ "$(head -c 2 "$tmp/forced.pdf")" = PK ] || { echo "FAIL --format=ofd did not write OFD"; fail=1; }
check "--format=pdf into a .ofd name" 0 "$GR" render "$SAMPLE" -o "$tmp/forced.ofd" --format=pdf
[ "$(head -c 4 "$tmp/forced.ofd")" = %PDF ] || { echo "FAIL --format=pdf did not write PDF"; fail=1; }
check "--format=pdf,ofd" 0 "$GR" render "$SAMPLE" -o "$tmp/both.pdf" --format=pdf,ofd
[ -s "$tmp/both.pdf" ] && [ -s "$tmp/both.ofd" ] || { echo "FAIL pdf,ofd did not write both"; fail=1; }
cmp -s "$tmp/both.ofd" "$tmp/s.ofd" || { echo "FAIL the OFD of pdf,ofd differs"; fail=1; }
check "--format=ofd,json" 0 "$GR" render "$SAMPLE" -o "$tmp/j.ofd" --format=ofd,json
check "unknown format" 2 "$GR" render "$SAMPLE" -o "$tmp/u.ofd" --format=docx
[ -e "$tmp/u.ofd" ] && { echo "FAIL a file for an unknown format"; fail=1; }
mkdir "$tmp/b1" "$tmp/b2"
check "batch --format=ofd" 0 "$GR" batch -q -j 1 --format=ofd -o "$tmp/b1" "$SAMPLE"
[ "$(ls "$tmp/b1")" = shanyang-2025.ofd ] || { echo "FAIL batch ofd wrote: $(ls "$tmp/b1")"; fail=1; }
check "batch --format=pdf,ofd" 0 "$GR" batch -q -j 1 --format=pdf,ofd -o "$tmp/b2" "$SAMPLE"
[ "$(ls "$tmp/b2" | tr '\n' ' ')" = "shanyang-2025.ofd shanyang-2025.pdf " ] ||
    { echo "FAIL batch pdf,ofd wrote: $(ls "$tmp/b2")"; fail=1; }
cmp -s "$tmp/b2/shanyang-2025.ofd" "$tmp/s.ofd" || { echo "FAIL batch's OFD differs"; fail=1; }

# ---- failures leave nothing, and an older file untouched ----
check "bad input" 1 "$GR" render "$SRC/tests/bad/bad-fee.xml" -o "$tmp/bad.ofd"
[ -e "$tmp/bad.ofd" ] && { echo "FAIL a file was written for a bad report"; fail=1; }
echo old >"$tmp/keep.ofd"
check "bad input over an older file" 1 "$GR" render "$SRC/tests/bad/bad-fee.xml" -o "$tmp/keep.ofd"
[ "$(cat "$tmp/keep.ofd")" = old ] || { echo "FAIL the older file was replaced"; fail=1; }
check "missing folder" 3 "$GR" render "$SAMPLE" -o "$tmp/no/such/x.ofd"
check "a folder as output" 3 "$GR" render "$SAMPLE" -o "$tmp/b1" --format=ofd
# every hostile and bad input of tests/ as OFD: render's exit status as its .expect says
# (as for PDF), nothing left behind by a failure, a sound package from a success
n=0
for f in "$SRC"/tests/hostile/*.xml "$SRC"/tests/bad/*.xml; do
    e=${f%.xml}.expect
    [ -f "$e" ] || continue
    want=$(sed -n 3p "$e")
    [ -n "$want" ] || want=$(sed -n 1p "$e")
    rm -rf "$tmp/h" && mkdir "$tmp/h"
    timeout 120 "$GR" render "$f" -o "$tmp/h/x.ofd" >/dev/null 2>&1
    rc=$?
    n=$((n + 1))
    if [ "$rc" != "$want" ]; then
        echo "FAIL $(basename "$f") as OFD: exit $rc, expected $want"
        fail=1
    elif [ "$rc" != 0 ] && [ -n "$(ls -A "$tmp/h")" ]; then
        echo "FAIL $(basename "$f") as OFD: a failure left $(ls -A "$tmp/h")"
        fail=1
    elif [ "$rc" = 0 ] && ! unzip -tq "$tmp/h/x.ofd" >/dev/null 2>&1; then
        echo "FAIL $(basename "$f") as OFD: not a sound package"
        fail=1
    fi
done
echo "ok   $n hostile and bad inputs rendered as OFD"
leftover=$(find "$tmp" -maxdepth 2 -name '*.tmp*' -o -maxdepth 2 -name '.*' -type f)
[ -z "$leftover" ] || { echo "FAIL temporary files left: $leftover"; fail=1; }
exit $fail
