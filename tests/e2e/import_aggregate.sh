#!/bin/bash
# aggregate: the sample and two balanced reports sum to a report that is schema-valid, passes
# check (with the W-FEE warning its placeholder 六 draws) and renders; figures are the sums;
# mixed years, an unbalanced input and usage errors are refused. An imported report can be
# summed too. Run as: import_aggregate.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
xsd=$src/schemas/annual-report-2021.xsd
sample=$src/samples/shanyang-2025.xml
a=$src/tests/import/shanyang-education-2025.xml
b=$src/tests/import/shanyang-health-2025.xml
fail=0
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
# attr FILE ELEMENT ATTRIBUTE: the attribute's value on the element's line.
attr() { sed -n "s/.*<$2 [^>]*\b$3=\"\([0-9.]*\)\".*/\1/p" "$1" | head -1; }

check "aggregate three" 0 "$bin" aggregate "$sample" "$a" "$b" -o "$tmp/sum.xml" --issuer 山阳区
xmllint --noout --schema "$xsd" "$tmp/sum.xml" 2>"$tmp/err" || { echo "FAIL xmllint sum"; cat "$tmp/err"; fail=1; }
expect "$tmp/sum.xml" "<issuer>山阳区</issuer>" "issuer"
expect "$tmp/sum.xml" "<year>2025</year>" "year"
expect "$tmp/sum.xml" 'amount="1.587"' "fee 0.33 + 1.2 + 0.057"
for el_at in "new-received total" "result-total natural" "other-other total" "licensing decisions" \
    "normative-documents in-force" "review total" "litigation-after-review pending"; do
    set -- $el_at
    want=$(($(attr "$sample" "$1" "$2") + $(attr "$a" "$1" "$2") + $(attr "$b" "$1" "$2")))
    got=$(attr "$tmp/sum.xml" "$1" "$2")
    [ "$got" = "$want" ] || { echo "FAIL $1 $2: $got, want $want"; fail=1; }
done
check "check the sum" 0 "$bin" check "$tmp/sum.xml"
expect "$tmp/err" "W-FEE" "placeholder 六 warned"
expect "$tmp/sum.xml" "（文字描述）" "placeholders"
if command -v pdftotext >/dev/null; then
    check "render the sum" 0 "$bin" render "$tmp/sum.xml" -o "$tmp/sum.pdf"
    pdftotext "$tmp/sum.pdf" - 2>/dev/null | grep -q "山阳区 *2025 *年政府信息公开工作年度报告" ||
        { echo "FAIL rendered title"; fail=1; }
fi

# Totals left out of an input (the schema allows it) are computed before they are added.
sed 's/ total="[0-9]*"//' "$b" >"$tmp/no-totals.xml"
check "input without totals" 0 "$bin" aggregate "$sample" "$a" "$tmp/no-totals.xml" -o "$tmp/sum4.xml"
cmp -s "$tmp/sum.xml" <(sed 's/<issuer>汇总</<issuer>山阳区</' "$tmp/sum4.xml") ||
    { echo "FAIL sum without totals differs"; diff "$tmp/sum.xml" "$tmp/sum4.xml"; fail=1; }

check "default issuer" 0 "$bin" aggregate "$sample" "$a" -o "$tmp/sum2.xml"
expect "$tmp/sum2.xml" "<issuer>汇总</issuer>" "default issuer"

# An imported report sums like any other.
"$bin" import "$src/tests/import/shanyang-2025.txt" -o "$tmp/imported.xml" 2>/dev/null
check "aggregate an imported report" 0 "$bin" aggregate "$tmp/imported.xml" "$a" -o "$tmp/sum3.xml"

# Mixed years: refused, the odd one named, nothing written.
sed 's/<year>2025<\/year>/<year>2024<\/year>/' "$a" >"$tmp/edu-2024.xml"
check "mixed years" 1 "$bin" aggregate "$sample" "$tmp/edu-2024.xml" -o "$tmp/mixed.xml"
expect "$tmp/err" "E-AGGREGATE-YEAR" "year error"
expect "$tmp/err" "山阳区教育局是 2024 年度的报告" "odd report named"
[ -e "$tmp/mixed.xml" ] && { echo "FAIL mixed years written"; fail=1; }
check "--year" 1 "$bin" aggregate "$sample" "$a" --year 2024 -o "$tmp/y.xml"

# An unbalanced input: refused, named.
sed 's/<open natural="9"/<open natural="8"/' "$sample" >"$tmp/bad.xml"
check "unbalanced input" 1 "$bin" aggregate "$a" "$tmp/bad.xml" -o "$tmp/bad-sum.xml"
expect "$tmp/err" "bad.xml: 错误：这份报告有" "refused report named"
expect "$tmp/err" "E-BALANCE" "its errors shown"

# Another template version (namespace) is refused by the loader.
sed 's/annual-report:2021/annual-report:2019/' "$a" >"$tmp/v2019.xml"
check "other template version" 1 "$bin" aggregate "$sample" "$tmp/v2019.xml" -o "$tmp/v.xml"
expect "$tmp/err" "v2019.xml" "other version named"

# The same report twice, under two names, would be counted twice.
ln -s "$a" "$tmp/same.xml"
check "same report twice" 1 "$bin" aggregate "$sample" "$a" "$tmp/same.xml" -o "$tmp/twice.xml"
expect "$tmp/err" "同一份报告" "duplicate named"

check "no files" 2 "$bin" aggregate -o "$tmp/x.xml"
check "no output" 2 "$bin" aggregate "$sample"
check "bad year" 2 "$bin" aggregate "$sample" -o "$tmp/x.xml" --year 99
check "unknown option" 2 "$bin" aggregate "$sample" -o "$tmp/x.xml" --sum
check "--help" 0 "$bin" aggregate --help
expect "$tmp/out" "用法" "help on stdout"
check "unwritable output" 3 "$bin" aggregate "$sample" -o "$tmp/none/x.xml"
exit $fail
