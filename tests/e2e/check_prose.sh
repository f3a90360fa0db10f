#!/bin/bash
# R6 end to end (issues 14, 21). No report of the project gets a W-PROSE warning: the samples,
# tests/import/*.xml, tests/samples-extra/*.xml, and the published pages of tests/import/
# once imported. Mutations: for each figure kind that R6 reads, one table cell of
# tests/samples-extra/shanyang-quoted-2025.xml (whose prose quotes every kind) is changed,
# and check warns W-PROSE naming that cell with its official names and both values; again
# for tests/samples-extra/shanyang-numerals-2025.xml, which quotes them in Chinese numerals
# and full-width digits.
# Run as: check_prose.sh GOVREPORT SRCDIR
set -u
bin=$1
src=$2
fail=0
. "$src/tests/e2e-lib.sh" || exit 1

n=0
for f in "$src"/samples/*.xml "$src"/tests/import/*.xml "$src"/tests/samples-extra/*.xml; do
    "$bin" check "$f" 2>"$tmp/err"
    if grep -q W-PROSE "$tmp/err"; then echo "FAIL W-PROSE on $f"; cat "$tmp/err"; fail=1; fi
    n=$((n + 1))
done
for f in "$src"/tests/import/*.html "$src"/tests/import/*.txt "$src"/tests/import/pdftotext/*.txt \
    "$src"/tests/import/printed/*.txt; do
    [ -e "$f" ] || continue
    "$bin" import "$f" -o "$tmp/imported.xml" 2>/dev/null || continue
    "$bin" check "$tmp/imported.xml" 2>"$tmp/err"
    if grep -q W-PROSE "$tmp/err"; then echo "FAIL W-PROSE on imported $f"; cat "$tmp/err"; fail=1; fi
    n=$((n + 1))
done
echo "ok   $n reports, no W-PROSE"
[ "$n" -ge 8 ] || { echo "FAIL only $n reports checked"; fail=1; }

quoted=$src/tests/samples-extra/shanyang-quoted-2025.xml
check "quoted variant: quiet" 0 "$bin" check "$quoted"
if grep -q "警告" "$tmp/err"; then echo "FAIL quoted variant warns"; cat "$tmp/err"; fail=1; fi

# Each case on standard input (kind | perl substitution on a table cell | text the warning
# must hold) applied to report $1: the check must warn W-PROSE with that text.
mutations() {
    while IFS='|' read -r kind subst want; do
        [ -n "$kind" ] || continue
        perl -pe "$subst" "$1" >"$tmp/m.xml"
        cmp -s "$1" "$tmp/m.xml" && { echo "FAIL $kind: substitution changed nothing"; fail=1; continue; }
        "$bin" check "$tmp/m.xml" 2>"$tmp/err"
        if grep "W-PROSE" "$tmp/err" | grep -q -- "$want"; then
            echo "ok   $kind"
        else
            echo "FAIL $kind: no W-PROSE with “$want”"
            grep W-PROSE "$tmp/err"
            fail=1
        fi
    done
}

mutations "$quoted" <<'CASES'
新收|s{(<new-received .*total=)"29"}{$1"30"}|写“新收政府信息公开申请 29 件”，但表三“一、本年新收政府信息公开申请数量”的“总计”为 30
收到|s{(<new-received .*total=)"29"}{$1"30"}|写“收到的 29 件”，但表三“一、本年新收政府信息公开申请数量”的“总计”为 30
受理|s{(<new-received .*total=)"29"}{$1"30"}|写“受理政府信息公开申请 29 件”，但表三“一、本年新收政府信息公开申请数量”的“总计”为 30
上年结转|s{(<carried-over .*total=)"0"}{$1"1"}|写“上年结转 0 件”，但表三“二、上年结转政府信息公开申请数量”的“总计”为 1
予以公开|s{(<open .*total=)"9"}{$1"8"}|写“予以公开 9 件”，但表三“三、（一）予以公开”的“总计”为 8
部分公开|s{(<partial .*total=)"6"}{$1"5"}|写“部分公开 6 件”，但表三“三、（二）部分公开”的“总计”为 5
不予公开|s{(<deny-internal .*total=)"1"}{$1"2"}|写“不予公开 2 件”，但表三“三、（三）不予公开”各项的“总计”之和为 3
无法提供|s{(<cannot-need-create .*total=)"0"}{$1"1"}|写“无法提供 6 件”，但表三“三、（四）无法提供”各项的“总计”之和为 7
不予处理|s{(<not-processed-mass .*total=)"0"}{$1"1"}|写“不予处理 0 件”，但表三“三、（五）不予处理”各项的“总计”之和为 1
其他处理|s{(<other-other .*total=)"6"}{$1"5"}|写“其他处理 6 件”，但表三“三、（六）其他处理”各项的“总计”之和为 5
办结（七）总计|s{(<result-total .*total=)"29"}{$1"28"}|写“办结政府信息公开申请 29 件”，但表三“三、（七）总计”的“总计”为 28
结转下年度|s{(<carried-forward .*total=)"0"}{$1"1"}|写“结转下年度继续办理 0 件”，但表三“四、结转下年度继续办理”的“总计”为 1
行政复议|s{(<review .*total=)"6"}{$1"7"}|写“行政复议 6 件”，但表四“行政复议”的“总计”为 7
行政诉讼|s{(<litigation-direct .*total=)"1"}{$1"2"}|写“行政诉讼 2 件”，但表四“行政诉讼”中“未经复议直接起诉”与“复议后起诉”的“总计”之和为 3
直接起诉|s{(<litigation-direct .*total=)"1"}{$1"2"}|写“直接起诉 1 件”，但表四“行政诉讼（未经复议直接起诉）”的“总计”为 2
复议后起诉|s{(<litigation-after-review .*total=)"1"}{$1"0"}|写“复议后起诉 1 件”，但表四“行政诉讼（复议后起诉）”的“总计”为 0
规章制发|s{<rules issued="0"}{<rules issued="1"}|写“制发规章 0 件”，但表二“规章”的“本年制发件数”为 1
规章废止|s{(<rules .*repealed=)"0"}{$1"1"}|写“废止规章 0 件”，但表二“规章”的“本年废止件数”为 1
规章现行有效|s{(<rules .*in-force=)"0"}{$1"2"}|写“现行有效规章 0 件”，但表二“规章”的“现行有效件数”为 2
规范性文件制发|s{<normative-documents issued="0"}{<normative-documents issued="2"}|写“制发规范性文件 0 件”，但表二“行政规范性文件”的“本年制发件数”为 2
规范性文件废止|s{(<normative-documents .*repealed=)"0"}{$1"3"}|写“废止规范性文件 0 件”，但表二“行政规范性文件”的“本年废止件数”为 3
规范性文件现行有效|s{in-force="51"}{in-force="50"}|写“现行有效规范性文件保有量为 51 件”，但表二“行政规范性文件”的“现行有效件数”为 50
行政许可|s{decisions="11850"}{decisions="11849"}|写“行政许可决定 11850 件”，但表二“行政许可”的“本年处理决定数量”为 11849
行政处罚|s{decisions="81"}{decisions="80"}|写“行政处罚决定 81 件”，但表二“行政处罚”的“本年处理决定数量”为 80
行政强制|s{decisions="9"}{decisions="10"}|写“行政强制决定 9 件”，但表二“行政强制”的“本年处理决定数量”为 10
信息处理费以外的收费|s{amount="0.33"}{amount="0.3"}|写“行政事业性收费金额为 0.33 万元”，但表二“行政事业性收费”的“本年收费金额（单位：万元）”为 0.3
CASES

# The same figures written in Chinese numerals and full-width digits (issue 21).
numerals=$src/tests/samples-extra/shanyang-numerals-2025.xml
check "numerals variant: quiet" 0 "$bin" check "$numerals"
if grep -q "警告" "$tmp/err"; then echo "FAIL numerals variant warns"; cat "$tmp/err"; fail=1; fi
mutations "$numerals" <<'CASES'
二十九 新收|s{(<new-received .*total=)"29"}{$1"30"}|写“新收政府信息公开申请二十九件”，但表三“一、本年新收政府信息公开申请数量”的“总计”为 30
零 上年结转|s{(<carried-over .*total=)"0"}{$1"1"}|写“上年结转零件”，但表三“二、上年结转政府信息公开申请数量”的“总计”为 1
九 予以公开|s{(<open .*total=)"9"}{$1"8"}|写“予以公开九件”，但表三“三、（一）予以公开”的“总计”为 8
两 不予公开|s{(<deny-internal .*total=)"1"}{$1"2"}|写“不予公开两件”，但表三“三、（三）不予公开”各项的“总计”之和为 3
二十九 办结|s{(<result-total .*total=)"29"}{$1"28"}|写“办结政府信息公开申请二十九件”，但表三“三、（七）总计”的“总计”为 28
６ 行政复议|s{(<review .*total=)"6"}{$1"7"}|写“行政复议６件”，但表四“行政复议”的“总计”为 7
１ 直接起诉|s{(<litigation-direct .*total=)"1"}{$1"2"}|写“直接起诉１件”，但表四“行政诉讼（未经复议直接起诉）”的“总计”为 2
０ 规章制发|s{<rules issued="0"}{<rules issued="1"}|写“制发规章０件”，但表二“规章”的“本年制发件数”为 1
五十一 现行有效 清理并集中发布|s{in-force="51"}{in-force="50"}|写“现行有效规范性文件五十一件”，但表二“行政规范性文件”的“现行有效件数”为 50
一万一千八百五十 行政许可|s{decisions="11850"}{decisions="11849"}|写“行政许可决定一万一千八百五十件”，但表二“行政许可”的“本年处理决定数量”为 11849
八十一 行政处罚|s{decisions="81"}{decisions="80"}|写“行政处罚决定八十一件”，但表二“行政处罚”的“本年处理决定数量”为 80
０．３３ 收费|s{amount="0.33"}{amount="0.3"}|写“行政事业性收费金额为０．３３万元”，但表二“行政事业性收费”的“本年收费金额（单位：万元）”为 0.3
CASES

# Warnings keep the exit status: a changed cell that breaks no balance rule exits 0.
perl -pe 's{decisions="9"}{decisions="10"}' "$quoted" >"$tmp/m.xml"
check "W-PROSE alone exits 0" 0 "$bin" check "$tmp/m.xml"
expect "$tmp/err" "m.xml:14:5: 警告：一、总体情况写“行政强制决定 9 件”" "file:line:col of the paragraph"
exit $fail
