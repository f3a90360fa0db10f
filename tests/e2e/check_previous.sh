#!/bin/bash
# check --previous LAST.xml THIS.xml (issue 14): a consistent pair passes quietly; R5 per
# column (W-CARRYOVER), R9 (W-INFORCE) and a copied section 五 (W-SAME) are warnings that
# name both figures and keep exit 0; another issuer or a year that is not the one before is
# a usage error (exit 2) and nothing is checked; several THIS files are each read beside
# LAST; a LAST with errors fails the run (exit 1) and is named.
# Run as: check_previous.sh GOVREPORT SRCDIR
set -u
bin=$1
src=$2
sample=$src/samples/shanyang-2025.xml
fail=0
. "$src/tests/e2e-lib.sh" || exit 1

# Last year: the sample as 2024, sections 一 and 五 rewritten.
perl -0pe 's{<year>2025</year>}{<year>2024</year>};
  s{<overview>.*?</overview>}{<overview><p>2024 年，山阳区围绕优化营商环境和民生保障两条主线推进政务公开，把重大行政决策预公开、政策解读与回应关切作为年度重点，按月开展专项检查，政府网站栏目由 46 个精简为 31 个。</p></overview>}s;
  s{<problems>.*?</problems>}{<problems><p>本年度发现的不足主要是：街道一级公开目录更新滞后，部分村务公开栏与网上内容不一致；依申请答复文书格式尚未统一。下一步将开展目录季度核查，统一答复文书模板，并组织街道公开专员集中轮训。</p></problems>}s' \
    "$sample" >"$tmp/last.xml"
check "consistent pair" 0 "$bin" check --previous "$tmp/last.xml" "$sample"
if grep -q "警告\|错误" "$tmp/err"; then echo "FAIL consistent pair warns"; cat "$tmp/err"; fail=1; fi
check "consistent pair, --previous=" 0 "$bin" check "--previous=$tmp/last.xml" "$sample"

# R5: last year carried 1 (商业企业) forward, R1 kept (one fewer result).
perl -0pe 's{(<carried-forward natural="0" commercial=)"0"(.*?total=)"0"}{$1"1"$2"1"}s;
  s{(<new-received natural="28" commercial=)"1"(.*?total=)"29"}{$1"2"$2"30"}s' "$tmp/last.xml" >"$tmp/last-r5.xml"
"$bin" check "$tmp/last-r5.xml" 2>/dev/null || { echo "FAIL last-r5.xml does not balance"; fail=1; }
check "R5" 0 "$bin" check --previous "$tmp/last-r5.xml" "$sample"
expect "$tmp/err" "shanyang-2025.xml:27:[0-9]*: 警告：二、上年结转政府信息公开申请数量 —— 商业企业：本年为 0，上年（2024 年度）报告的“四、结转下年度继续办理”为 1 \[W-CARRYOVER\]" "W-CARRYOVER"
[ "$(grep -c W-CARRYOVER "$tmp/err")" = 1 ] || { echo "FAIL W-CARRYOVER count"; fail=1; }

# R9: 50 in force last year, none issued or repealed, 51 now.
sed 's/in-force="51"/in-force="50"/' "$tmp/last.xml" >"$tmp/last-r9.xml"
check "R9" 0 "$bin" check --previous "$tmp/last-r9.xml" "$sample"
expect "$tmp/err" "shanyang-2025.xml:19:[0-9]*: 警告：表二“行政规范性文件”：上年（2024 年度）“现行有效件数”50 件.*应为 50 件，本年“现行有效件数”为 51 件，多 1 件：.*？ \[W-INFORCE\]" "W-INFORCE"

# W-SAME: section 五 copied with last year's figures.
perl -0pe 's{<problems>.*?</problems>}{}s' "$tmp/last.xml" >"$tmp/x.xml"
perl -0pe 'BEGIN{local $/; open F, "<", $ARGV[0]; $s = <F>; ($p) = $s =~ m{(<problems>.*?</problems>)}s; shift} s{<problems>.*?</problems>}{$p}s' \
    "$sample" "$tmp/last.xml" >"$tmp/last-same.xml"
check "W-SAME" 0 "$bin" check --previous "$tmp/last-same.xml" "$sample"
expect "$tmp/err" "shanyang-2025.xml:57:3: 警告：五、存在的主要问题及改进情况与上年（2024 年度）报告的同一部分大体相同：本年文字的四字片段有 100% 见于上年（判定阈值 60%） \[W-SAME\]" "W-SAME"
grep -q "一、总体情况与上年" "$tmp/err" && { echo "FAIL W-SAME on the rewritten 一"; fail=1; }
check "W-SAME as JSON" 0 "$bin" check --format=json --previous "$tmp/last-same.xml" "$sample"
expect "$tmp/err" '"code": *"W-SAME"' "JSON W-SAME"

# Sanity: another office, the same year, a year apart by two: usage errors, nothing checked.
sed 's/山阳区人民政府/水阳区人民政府/' "$tmp/last.xml" >"$tmp/other.xml"
check "another issuer" 2 "$bin" check --previous "$tmp/other.xml" "$sample"
expect "$tmp/err" "不是同一机关" "issuer named"
grep -q "xml：通过\|警告：" "$tmp/err" && { echo "FAIL another issuer: files were checked"; fail=1; }
check "same year" 2 "$bin" check --previous "$sample" "$sample"
sed 's/<year>2024</<year>2023</' "$tmp/last.xml" >"$tmp/two-back.xml"
check "two years back" 2 "$bin" check --previous "$tmp/two-back.xml" "$sample"
expect "$tmp/err" "应相差一年" "year reason"
check "--previous without a file" 2 "$bin" check --previous
check "--previous and no THIS" 2 "$bin" check --previous "$tmp/last.xml"

# Several THIS files: each beside LAST; one of another year stops the run.
sed 's/in-force="51"/in-force="52"/' "$sample" >"$tmp/draft2.xml"
check "two drafts" 0 "$bin" check --previous "$tmp/last.xml" "$sample" "$tmp/draft2.xml"
expect "$tmp/err" "draft2.xml:19:[0-9]*: 警告：.*多 1 件.*W-INFORCE" "second draft read beside LAST"
check "a draft of another year" 2 "$bin" check --previous "$tmp/last.xml" "$sample" "$tmp/last.xml"

# LAST with errors: named, the run fails.
sed 's/<result-total natural="28"/<result-total natural="27"/' "$tmp/last.xml" >"$tmp/last-bad.xml"
check "LAST unbalanced" 1 "$bin" check --previous "$tmp/last-bad.xml" "$sample"
expect "$tmp/err" "last-bad.xml:[0-9]*:[0-9]*: 错误：.*E-BALANCE" "LAST's error shown"
exit $fail
