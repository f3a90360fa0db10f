#!/bin/bash
# batch --previous DIR (issue 14): each report is read beside last year's report of the
# same issuer (and region code when both give one); the summary gains warnings,
# warning_codes and previous after the seven columns it had (in that order, so scripts
# reading by position still work); the progress line and the closing line count warnings.
# Run as: batch_previous.sh GOVREPORT SRCDIR
set -u
bin=$1
src=$2
sample=$src/samples/shanyang-2025.xml
fail=0
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
mkdir -p "$tmp/last" "$tmp/this"

# Two offices of one name in two counties (region codes), and 山阳区 without a code.
# Last year each 城关镇 carried a different number forward; this year's reports each took
# over their own figure, so only a pairing by region code is quiet.
region() { # file, issuer, region ("" for none), year, carried natural (R1 kept via 新收)
    local out=$1 issuer=$2 code=$3 year=$4 carried=$5
    perl -0pe "s{山阳区人民政府}{$issuer}g; s{<year>2025</year>}{<year>$year</year>}; s{(</published>)}{\$1<region>$code</region>} if '$code' ne '';" "$sample" >"$out"
}
region "$tmp/this/chengguan-a.xml" 城关镇人民政府 410811 2025 0
region "$tmp/this/chengguan-b.xml" 城关镇人民政府 410812 2025 0
cp "$sample" "$tmp/this/shanyang.xml"
region "$tmp/this/lonely.xml" 无上年报告的局 "" 2025 0
# Last year: 城关镇 410811 carried 1 forward (this year took over 0: W-CARRYOVER);
# 城关镇 410812 carried 0 (quiet); 山阳区 had 50 in force (W-INFORCE).
region "$tmp/last/a.xml" 城关镇人民政府 410811 2024 0
perl -0pi -e 's{(<carried-forward natural=)"0"(.*?total=)"0"}{$1"1"$2"1"}s; s{(<new-received natural=)"28"(.*?total=)"29"}{$1"29"$2"30"}s' "$tmp/last/a.xml"
region "$tmp/last/b.xml" 城关镇人民政府 410812 2024 0
region "$tmp/last/shanyang.xml" 山阳区人民政府 "" 2024 0
sed -i 's/in-force="51"/in-force="50"/' "$tmp/last/shanyang.xml"
# Sections 一 and 五 rewritten last year, so that W-SAME does not hide the rest.
for f in "$tmp"/last/*.xml; do
    perl -0pi -e 's{<overview>.*?</overview>}{<overview><p>本年度围绕优化营商环境和民生保障推进政务公开，按月开展专项检查，政府网站栏目由 46 个精简为 31 个，群众查找信息更方便。</p></overview>}s; s{<problems>.*?</problems>}{<problems><p>不足主要是公开目录更新滞后、依申请答复文书格式尚未统一。下一步将开展目录季度核查，统一答复文书模板，组织公开专员集中轮训，提升答复规范化水平。</p></problems>}s' "$f"
done
for f in "$tmp"/last/*.xml "$tmp"/this/*.xml; do
    "$bin" check "$f" 2>"$tmp/e" || { echo "FAIL fixture $f"; cat "$tmp/e"; fail=1; }
done

check "batch --previous" 0 "$bin" batch -q -j 2 --previous "$tmp/last" --summary "$tmp/s.csv" -o "$tmp/pdf" "$tmp/this"
expect "$tmp/err" "chengguan-a.xml:[0-9]*:[0-9]*: 警告：.*商业企业\|chengguan-a.xml:[0-9]*:[0-9]*: 警告：.*自然人：本年为 0，上年（2024 年度）报告的“四、结转下年度继续办理”为 1 \[W-CARRYOVER\]" "W-CARRYOVER of 城关镇 410811"
grep -q "chengguan-b.xml.*警告" "$tmp/err" && { echo "FAIL 城关镇 410812 paired with 410811's report"; fail=1; }
expect "$tmp/err" "shanyang.xml:19:[0-9]*: 警告：.*W-INFORCE" "W-INFORCE of 山阳区"
expect "$tmp/err" "4 份报告，成功 4 份，失败 0 份，警告 2 个" "closing line counts warnings"

head -1 "$tmp/s.csv" | grep -qx "input,output,outcome,pages,bytes,milliseconds,first_error,warnings,warning_codes,previous" ||
    { echo "FAIL CSV header: $(head -1 "$tmp/s.csv")"; fail=1; }
expect "$tmp/s.csv" '^"[^"]*chengguan-a.xml","[^"]*chengguan-a.pdf",ok,[0-9]*,[0-9]*,[0-9.]*,"",1,"W-CARRYOVER","[^"]*last/a.xml"$' "CSV row of 城关镇 410811"
expect "$tmp/s.csv" '^"[^"]*chengguan-b.xml",.*,"",0,"","[^"]*last/b.xml"$' "CSV row of 城关镇 410812"
expect "$tmp/s.csv" '^"[^"]*shanyang.xml",.*,"",1,"W-INFORCE","[^"]*last/shanyang.xml"$' "CSV row of 山阳区"
expect "$tmp/s.csv" '^"[^"]*lonely.xml",.*,ok,.*,"",0,"",""$' "CSV row with no last year"

check "JSON summary" 0 "$bin" batch -q --previous "$tmp/last" --summary "$tmp/s.json" -o "$tmp/pdf" "$tmp/this/shanyang.xml"
expect "$tmp/s.json" '"first_error": null, "warnings": 1, "warning_codes": "W-INFORCE", "previous": "[^"]*last/shanyang.xml"}' "JSON row"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/s.json" 2>/dev/null || { echo "FAIL JSON does not parse"; fail=1; }

# The progress line (on a terminal only) counts warnings.
if command -v script >/dev/null; then
    script -qec "'$bin' batch -j 1 --previous '$tmp/last' -o '$tmp/pdf' '$tmp/this'" /dev/null >"$tmp/tty" 2>&1
    expect "$tmp/tty" "\[4/4\] 失败 0 警告 2" "progress line"
else
    echo "(no script(1): progress line not tested)"
fi

# A --previous folder that cannot be read is an input error, like an input that cannot.
check "--previous missing" 1 "$bin" batch -q --previous "$tmp/nowhere" -o "$tmp/pdf" "$tmp/this"
# Last year's report with errors is named and left out; the run goes on.
sed 's/<result-total natural="28"/<result-total natural="27"/' "$tmp/last/b.xml" >"$tmp/last/c-bad.xml"
check "a bad last-year report" 0 "$bin" batch -q --previous "$tmp/last" -o "$tmp/pdf" "$tmp/this"
expect "$tmp/err" "上年报告“[^”]*c-bad.xml”有错误，不作对照" "bad last-year report named"
exit $fail
