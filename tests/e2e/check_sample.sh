#!/bin/bash
# check on the sample and on template's output; xmllint on both; usage errors; each of the
# six sections removed is rejected. Run as: check_sample.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the tests change directory
src=$(cd "$2" && pwd)
xsd=$src/schemas/annual-report-2021.xsd
sample=$src/samples/shanyang-2025.xml
fail=0
. "$src/tests/e2e-lib.sh" || exit 1

xmllint --noout --schema "$xsd" "$sample" 2>"$tmp/err" || { echo "FAIL xmllint sample"; cat "$tmp/err"; fail=1; }

# From another directory: the schema is embedded, not looked up.
check "check sample" 0 bash -c "cd '$tmp' && '$bin' check '$sample'"
grep -q "通过" "$tmp/err" || { echo "FAIL sample summary"; fail=1; }
if grep -q "错误\|警告" "$tmp/err"; then echo "FAIL sample has diagnostics"; cat "$tmp/err"; fail=1; fi

check "template" 0 "$bin" template
cp "$tmp/out" "$tmp/blank.xml"
xmllint --noout --schema "$xsd" "$tmp/blank.xml" 2>"$tmp/err" || { echo "FAIL xmllint template"; cat "$tmp/err"; fail=1; }
check "check template file" 0 "$bin" check "$tmp/blank.xml"
# The template's placeholders are flagged (W-PLACEHOLDER), and nothing else is.
if grep "警告：" "$tmp/err" | grep -qv "W-PLACEHOLDER"; then echo "FAIL template warns"; cat "$tmp/err"; fail=1; fi
grep -q "W-PLACEHOLDER" "$tmp/err" || { echo "FAIL template placeholders not flagged"; cat "$tmp/err"; fail=1; }
check "template | check -" 0 bash -c "'$bin' template --issuer '山阳区人民政府' --year 2024 | '$bin' check -"
check "template --issuer=<&>" 0 bash -c "'$bin' template --issuer='A&B<政府>' --year=2030 | '$bin' check -"
"$bin" template --issuer 山阳区人民政府 --year 2024 | grep -q "<issuer>山阳区人民政府</issuer>" || { echo "FAIL issuer"; fail=1; }
"$bin" template --year 2024 | grep -q "<year>2024</year>" || { echo "FAIL year"; fail=1; }
"$bin" template | grep -q "<year>$(($(date -u +%Y) - 1))</year>" || { echo "FAIL default year"; fail=1; }
"$bin" template | grep -q "某某人民政府" || { echo "FAIL default issuer"; fail=1; }

check "template bad year" 2 "$bin" template --year 1989
check "template year not digits" 2 "$bin" template --year 20x5
check "template year 5 digits" 2 "$bin" template --year 20250
check "template unknown option" 2 "$bin" template --colour
check "template --help" 0 "$bin" template --help
grep -q "用法" "$tmp/out" || { echo "FAIL template --help on stdout"; fail=1; }
check "check no files" 2 "$bin" check
check "check unknown option" 2 "$bin" check --strict "$sample"
check "check --help" 0 "$bin" check --help
grep -q "用法" "$tmp/out" || { echo "FAIL check --help on stdout"; fail=1; }

# Several files: one bad makes the run fail, and both are reported.
sed 's/<result-total natural="28"/<result-total natural="27"/' "$sample" >"$tmp/bad.xml"
check "check good + bad" 1 "$bin" check "$sample" "$tmp/bad.xml"
grep -q "bad.xml:49:" "$tmp/err" || { echo "FAIL bad.xml line 49"; cat "$tmp/err"; fail=1; }
check "check --format=json" 1 "$bin" check --format=json "$tmp/bad.xml"
grep -q '"E-BALANCE"' "$tmp/err" || { echo "FAIL json lacks E-BALANCE"; cat "$tmp/err"; fail=1; }

# Each of the six sections removed is rejected, naming the section.
for sec in overview:一、总体情况 proactive:二、主动公开政府信息情况 applications:三、收到和处理政府信息公开申请情况 \
    reviews:四、政府信息公开行政复议、行政诉讼情况 problems:五、存在的主要问题及改进情况 \
    other-matters:六、其他需要报告的事项; do
    el=${sec%%:*}
    heading=${sec#*:}
    perl -0pe "s{\\s*<$el>.*?</$el>}{}s" "$sample" >"$tmp/no-$el.xml"
    check "without $el" 1 "$bin" check "$tmp/no-$el.xml"
    grep -q "缺少“$heading”" "$tmp/err" || { echo "FAIL without $el: heading not named"; cat "$tmp/err"; fail=1; }
done

# Warnings never change the exit status: R7 (六 silent on 信息处理费) and R6 (收到 30 件).
sed -e 's/山阳区未收取信息处理费。/无其他需要报告的事项。/' -e 's/收到的 29 件/收到的 30 件/' "$sample" >"$tmp/warn.xml"
check "warnings only" 0 "$bin" check "$tmp/warn.xml"
grep -q "W-FEE" "$tmp/err" || { echo "FAIL no W-FEE"; cat "$tmp/err"; fail=1; }
grep -q "W-PROSE" "$tmp/err" || { echo "FAIL no W-PROSE"; cat "$tmp/err"; fail=1; }
exit $fail
