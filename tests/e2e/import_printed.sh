#!/bin/bash
# Rows, labels and cells as reports print them (issue 21), each from tests/import/printed/:
#   collapsed-row.txt, collapsed-row.layout.txt   三（六）其他处理 printed as one row (text, and
#       pdftotext -layout): read, its figures in 3.其他, zeros in the other two rows, with a
#       W-IMPORT-COLLAPSED naming the choice; check passes; PDF and OFD render;
#   remark.txt   figures with a remark in their cell ("51（含本年修订2件）"): each read as the
#       figure, the remark kept in the XML (W-IMPORT-REMARK), balance rules on the figures,
#       and drawn after its figure in the PDF and the OFD;
#   short-label.txt   "规范性文件", "1. 本机关不掌握相关信息", "4. 保护第三方权益": matched
#       with a W-IMPORT-LABEL quoting each.
# A cell holding a remark and no figure is still an error; so is a remark that pdftotext's
# text wraps over lines in a narrow cell (E-IMPORT-REMARK).
# Run as: import_printed.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
xsd=$src/schemas/annual-report-2021.xsd
dir=$src/tests/import/printed
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"

row() { # FILE ELEMENT: the element's line of an imported report
    grep "<$2 " "$1"
}

for f in collapsed-row.txt collapsed-row.layout.txt; do
    check "import $f" 0 "$bin" import "$dir/$f" -o "$tmp/c.xml"
    expect "$tmp/err" "W-IMPORT-COLLAPSED.*" "$f: the choice named"
    expect "$tmp/err" "表三“（六）其他处理”印为一行，没有分项：数字记入“3.其他”，其余分项记 0" "$f: the warning"
    row "$tmp/c.xml" other-other | grep -q 'natural="6".*total="6"' || fail "$f: 3.其他 not 6"
    row "$tmp/c.xml" other-no-correction | grep -q 'natural="0".*total="0"' || fail "$f: 1. not 0"
    row "$tmp/c.xml" other-no-fee | grep -q 'natural="0".*total="0"' || fail "$f: 2. not 0"
    xmllint --noout --schema "$xsd" "$tmp/c.xml" 2>/dev/null || fail "$f: not schema-valid"
    check "check $f" 0 "$bin" check "$tmp/c.xml"
done
check "render collapsed row (PDF)" 0 "$bin" render "$tmp/c.xml" -o "$tmp/c.pdf"
check "render collapsed row (OFD)" 0 "$bin" render "$tmp/c.xml" --format=ofd -o "$tmp/c.ofd"
pdftotext "$tmp/c.pdf" - | tr -d ' \n' | grep -q "3.其他6000006" || fail "collapsed row: 3.其他 not printed with 6"

check "import remark.txt" 0 "$bin" import "$dir/remark.txt" -o "$tmp/r.xml"
for want in "行政规范性文件 —— 现行有效件数：“51（含本年修订2件）”读作 51，括号中的“含本年修订2件”作为备注保留" \
    "行政许可 —— 本年处理决定数量：“11850（含变更许可120件）”读作 11850" \
    "三、（一）予以公开 —— 自然人：“9(含当面申请2件)”读作 9"; do
    expect "$tmp/err" "$want" "remark warning"
done
row "$tmp/r.xml" normative-documents | grep -q 'in-force="51" in-force-remark="含本年修订2件"' || fail "remark: in-force not kept"
row "$tmp/r.xml" licensing | grep -q 'decisions="11850" decisions-remark="含变更许可120件"' || fail "remark: licensing not kept"
row "$tmp/r.xml" open | grep -q 'natural="9" natural-remark="含当面申请2件"' || fail "remark: 予以公开 not kept"
xmllint --noout --schema "$xsd" "$tmp/r.xml" 2>/dev/null || fail "remark: not schema-valid"
check "check remark (balance on the figures)" 0 "$bin" check "$tmp/r.xml"
check "render remark (PDF)" 0 "$bin" render "$tmp/r.xml" -o "$tmp/r.pdf"
flat=$(pdftotext "$tmp/r.pdf" - | tr -d ' \n')
for want in "51（含本年修订2件）" "11850（含变更许可120件）" "9（含当面申请2件）"; do
    case $flat in *"$want"*) echo "ok   PDF draws $want" ;; *) fail "PDF lacks $want" ;; esac
done
check "render remark (OFD)" 0 "$bin" render "$tmp/r.xml" --format=ofd -o "$tmp/r.ofd"
if command -v unzip >/dev/null; then
    unzip -p "$tmp/r.ofd" 'Doc_0/Pages/*/Content.xml' | grep -q "11850（含变更许可120件）" ||
        fail "OFD lacks the remark"
fi
# Summing reports sums figures; a remark belongs to one report's cell and is not carried.
check "aggregate sums the figures" 0 "$bin" aggregate "$tmp/r.xml" -o "$tmp/a.xml"
row "$tmp/a.xml" licensing | grep -q 'decisions="11850"/>' || fail "aggregate: licensing"

# The rendered report's text back through pdftotext -layout: remarks on one line of a wide
# cell (table 二) are read again; one that wraps in a narrow cell of table 三 ("9（含当" above
# "面申请 2" above "件）") leaves the figures of its row unknown: an error, never a guess.
if command -v pdftotext >/dev/null; then
    pdftotext -layout "$tmp/r.pdf" "$tmp/r.layout.txt"
    check "wrapped remark in 表三: refused" 1 "$bin" import "$tmp/r.layout.txt" -o "$tmp/rl.xml"
    expect "$tmp/err" "E-IMPORT-REMARK" "the wrapped remark named"
    [ -e "$tmp/rl.xml" ] && fail "wrapped remark: output written"
    sed 's/ natural-remark="含当面申请2件"//' "$tmp/r.xml" >"$tmp/r2.xml"
    "$bin" render "$tmp/r2.xml" -o "$tmp/r2.pdf" 2>/dev/null || fail "render r2"
    pdftotext -layout "$tmp/r2.pdf" "$tmp/r2.layout.txt"
    check "remarks in 表二 through pdftotext" 0 "$bin" import "$tmp/r2.layout.txt" -o "$tmp/r2b.xml"
    row "$tmp/r2b.xml" licensing | grep -q 'decisions="11850" decisions-remark="含变更许可 *120 *件"' ||
        fail "pdftotext: the licensing remark not read back"
fi

# A remark with no figure is no figure.
sed 's/行政许可\t11850（含变更许可120件）/行政许可\t（含变更许可120件）/' "$dir/remark.txt" >"$tmp/nofig.txt"
grep -q "行政许可	（含" "$tmp/nofig.txt" || fail "nofig.txt not made"
check "a remark alone is an error" 1 "$bin" import "$tmp/nofig.txt" -o "$tmp/n.xml"
expect "$tmp/err" "行政许可" "the row named"
[ -e "$tmp/n.xml" ] && fail "nofig: output written"

check "import short-label.txt" 0 "$bin" import "$dir/short-label.txt" -o "$tmp/s.xml"
for want in "表二中的行名“规范性文件”与模板不同，按“行政规范性文件”读入" \
    "表三中的行名“4. 保护第三方权益”与模板不同，按“三、（三）4.保护第三方合法权益”读入" \
    "表三中的行名“1. 本机关不掌握相关信息”与模板不同，按“三、（四）1.本机关不掌握相关政府信息”读入"; do
    expect "$tmp/err" "$want" "label warning"
done
row "$tmp/s.xml" normative-documents | grep -q 'in-force="51"' || fail "short label: 行政规范性文件 not read"
row "$tmp/s.xml" cannot-not-held | grep -q 'natural="6"' || fail "short label: 1.本机关不掌握 not read"
check "check short-label" 0 "$bin" check "$tmp/s.xml"
exit $((fails > 0))
