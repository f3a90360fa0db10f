#!/bin/bash
# import: the seed text (also hard-wrapped, and as a copied page) and the Word-exported HTML
# page each become the sample (byte for byte, but for the sample's comment and publication
# date) and pass check; the unbalanced published page imports and check names its fault; a
# blank or "/" cell or a missing row is an error that names the row, exit 1, nothing written;
# usage errors exit 2; an unwritable output exits 3.
# Run as: import_published.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
xsd=$src/schemas/annual-report-2021.xsd
sample=$src/samples/shanyang-2025.xml
dir=$src/tests/import
fail=0
. "$src/tests/e2e-lib.sh" || exit 1

# The sample without its comment and <published> (the seed text has no date).
grep -v -e '^<!--' -e '<published>' "$sample" >"$tmp/want.xml"

check "import seed text" 0 "$bin" import "$dir/shanyang-2025.txt" -o "$tmp/text.xml"
grep -v '<published>' "$tmp/text.xml" | diff "$tmp/want.xml" - >"$tmp/diff" ||
    { echo "FAIL seed text differs from the sample"; cat "$tmp/diff"; fail=1; }
check "check imported text" 0 "$bin" check "$tmp/text.xml"
xmllint --noout --schema "$xsd" "$tmp/text.xml" 2>/dev/null || { echo "FAIL xmllint text"; fail=1; }

check "import seed HTML" 0 "$bin" import "$dir/shanyang-2025.html" -o "$tmp/html.xml"
grep -v '<published>' "$tmp/html.xml" | diff "$tmp/want.xml" - >"$tmp/diff" ||
    { echo "FAIL seed HTML differs from the sample"; cat "$tmp/diff"; fail=1; }
expect "$tmp/html.xml" "<published>2026-01-20</published>" "HTML signature date"
check "check imported HTML" 0 "$bin" check "$tmp/html.xml"

# The seed hard-wrapped, and as a page's text copied by hand (site lines, tables lined up with
# spaces): the same report; the site's lines are named in warnings.
check "import wrapped text" 0 "$bin" import "$dir/shanyang-2025-wrapped.txt" -o "$tmp/wrapped.xml"
grep -v '<published>' "$tmp/wrapped.xml" | diff "$tmp/want.xml" - >"$tmp/diff" ||
    { echo "FAIL wrapped text differs from the sample"; cat "$tmp/diff"; fail=1; }
check "import copied page" 0 "$bin" import "$dir/shanyang-2025-copied-page.txt" -o "$tmp/copied.xml"
expect "$tmp/err" "W-IMPORT-TEXT" "site lines warned"
grep -v '<published>' "$tmp/copied.xml" | diff "$tmp/want.xml" - >"$tmp/diff" ||
    { echo "FAIL copied page differs from the sample"; cat "$tmp/diff"; fail=1; }

# Standard input and output; the kind forced.
check "import - -o - --text" 0 bash -c "'$bin' import --text - -o - <'$dir/shanyang-2025.txt' >'$tmp/stdout.xml'"
grep -v '<published>' "$tmp/stdout.xml" | diff -q "$tmp/want.xml" - >/dev/null ||
    { echo "FAIL stdin/stdout"; fail=1; }

# GBK text, as older sites publish.
iconv -f UTF-8 -t GB18030 "$dir/shanyang-2025.txt" >"$tmp/gbk.txt"
check "import GB18030 text" 0 "$bin" import "$tmp/gbk.txt" -o "$tmp/gbk.xml"
grep -v '<published>' "$tmp/gbk.xml" | diff -q "$tmp/want.xml" - >/dev/null ||
    { echo "FAIL GB18030 text differs"; fail=1; }

# The unbalanced published page: imported as published, then check names the fault.
check "import unbalanced page" 0 "$bin" import "$dir/qingshan-2025-unbalanced.html" -o "$tmp/qs.xml"
expect "$tmp/err" "W-IMPORT-HEADING" "misnumbered heading warning"
check "check unbalanced page" 1 "$bin" check "$tmp/qs.xml"
expect "$tmp/err" "E-BALANCE" "balance error"
expect "$tmp/err" "R1" "rule R1"
expect "$tmp/err" "第一项加第二项之和为 13" "the published figures"

# A blank cell, a "/" cell, a missing row: exit 1, the row named, nothing written.
seed=$dir/shanyang-2025.txt
sed 's/^\t\t4\. 保护第三方合法权益\t1\t/\t\t4. 保护第三方合法权益\t\t/' "$seed" >"$tmp/blank.txt"
check "blank cell" 1 "$bin" import "$tmp/blank.txt" -o "$tmp/blank.xml"
expect "$tmp/err" "blank.txt:48: 错误：三、（三）4.保护第三方合法权益 —— 自然人：单元格为空" "blank cell named"
[ -e "$tmp/blank.xml" ] && { echo "FAIL blank cell: output written"; fail=1; }
sed 's/^行政处罚\t81/行政处罚\t\//' "$seed" >"$tmp/slash.txt"
check "slash cell" 1 "$bin" import "$tmp/slash.txt" -o "$tmp/slash.xml"
expect "$tmp/err" "行政处罚 —— 本年处理决定数量：单元格为“/”" "slash cell named"
sed '/2\. 重复申请/d' "$seed" >"$tmp/missing.txt"
check "missing row" 1 "$bin" import "$tmp/missing.txt" -o "$tmp/missing.xml"
expect "$tmp/err" "找不到“三、（五）2.重复申请”一行" "missing row named"
[ -e "$tmp/missing.xml" ] && { echo "FAIL missing row: output written"; fail=1; }
check "json diagnostics" 1 "$bin" import --format=json "$tmp/missing.txt" -o "$tmp/missing.xml"
expect "$tmp/err" '"E-IMPORT-ROW-MISSING"' "json code"

# An existing output stays as it was when the import fails.
echo keep >"$tmp/keep.xml"
check "failed import keeps the old file" 1 "$bin" import "$tmp/blank.txt" -o "$tmp/keep.xml"
[ "$(cat "$tmp/keep.xml")" = keep ] || { echo "FAIL old output replaced"; fail=1; }

# Usage and environment.
check "no input" 2 "$bin" import -o "$tmp/x.xml"
check "no output" 2 "$bin" import "$seed"
check "two inputs" 2 "$bin" import "$seed" "$seed" -o "$tmp/x.xml"
check "bad year" 2 "$bin" import "$seed" -o "$tmp/x.xml" --year 25
check "unknown option" 2 "$bin" import "$seed" -o "$tmp/x.xml" --fast
check "--help" 0 "$bin" import --help
expect "$tmp/out" "用法" "help on stdout"
check "missing input file" 1 "$bin" import "$tmp/nonexistent.txt" -o "$tmp/x.xml"
mkdir "$tmp/ro" && chmod a-w "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
    check "unwritable output" 3 "$bin" import "$seed" -o "$tmp/ro/x.xml"
fi
check "output in a missing folder" 3 "$bin" import "$seed" -o "$tmp/none/x.xml"
check "--issuer --year" 0 "$bin" import "$seed" -o "$tmp/o.xml" --issuer 山阳区政府办公室 --year 2024
expect "$tmp/o.xml" "<issuer>山阳区政府办公室</issuer>" "issuer option"
expect "$tmp/o.xml" "<year>2024</year>" "year option"
exit $fail
