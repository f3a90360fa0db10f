#!/bin/bash
# e2e: the three statistical tables read back from the PDF with poppler. For the sample and
# for a report whose long prose pushes table 三 across a different page break: the 25 rows ×
# 7 figures of 三 in order, the 15 figures of 四 on one line, every line of 二, every official
# label, and on every page that carries rows of 三 its header again ("续表" on continuations).
# Usage: tables_sample.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
need_fonts "$GR"

# Figures of the sample (seeds/000_efb45d9f577c21a1.txt); the long-prose report reuses them.
cat >"$tmp/t3.want" <<'EOF'
28 1 0 0 0 0 29
0 0 0 0 0 0 0
9 0 0 0 0 0 9
5 1 0 0 0 0 6
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
1 0 0 0 0 0 1
1 0 0 0 0 0 1
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
6 0 0 0 0 0 6
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
0 0 0 0 0 0 0
6 0 0 0 0 0 6
28 1 0 0 0 0 29
0 0 0 0 0 0 0
EOF
echo "3 0 3 0 6 0 0 1 0 1 0 0 0 1 1" >"$tmp/t4.want"
cat >"$tmp/t2.want" <<'EOF'
规章 0 0 0
行政规范性文件 0 0 51
行政许可 11850
行政处罚 81
行政强制 9
行政事业性收费 0.33
EOF

# The official labels (docs/national-template.md §2.2–§2.4), written out independently of
# template.c so that a wrong label there fails here.
cat >"$tmp/labels" <<'EOF'
第二十条第（一）项
第二十条第（五）项
第二十条第（六）项
第二十条第（八）项
信息内容
本年制发件数
本年废止件数
现行有效件数
本年处理决定数量
本年收费金额（单位：万元）
规章
行政规范性文件
行政许可
行政处罚
行政强制
行政事业性收费
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况
自然人
法人或其他组织
商业企业
科研机构
社会公益组织
法律服务机构
其他
总计
一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量
三、本年度办理结果
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
（三）不予公开
1.属于国家秘密
2.其他法律行政法规禁止公开
3.危及“三安全一稳定”
4.保护第三方合法权益
5.属于三类内部事务信息
6.属于四类过程性信息
7.属于行政执法案卷
8.属于行政查询事项
（四）无法提供
1.本机关不掌握相关政府信息
2.没有现成信息需要另行制作
3.补正后申请内容仍不明确
（五）不予处理
1.信访举报投诉类申请
2.重复申请
3.要求提供公开出版物
4.无正当理由大量反复申请
5.要求行政机关确认或重新出具已获取信息
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
3.其他
（七）总计
四、结转下年度继续办理
行政复议
行政诉讼
未经复议直接起诉
复议后起诉
结果维持
结果纠正
其他结果
尚未审结
EOF

# Lines of `pdftotext -layout` output that end in exactly N integers: those integers.
trailing_numbers() {
    awk -v want="$1" '{
        n = 0
        for (i = NF; i >= 1 && $i ~ /^[0-9]+$/; i--) n++
        if (n == want) {
            s = ""
            for (i = NF - want + 1; i <= NF; i++) s = s (s == "" ? "" : " ") $i
            print s
        }
    }' "$2"
}

check_report() {
    local xml=$1 name=$2
    local pdf="$tmp/$name.pdf"
    if ! "$GR" render "$xml" -o "$pdf" 2>"$tmp/$name.err"; then
        fail "$name: render failed: $(head -c 600 "$tmp/$name.err")"
        return
    fi
    pdftotext -layout "$pdf" "$tmp/$name.txt" || {
        fail "$name: pdftotext failed"
        return
    }

    # 三: 25 rows × 7 figures, in order.
    trailing_numbers 7 "$tmp/$name.txt" >"$tmp/$name.t3"
    if ! diff -u "$tmp/t3.want" "$tmp/$name.t3" >"$tmp/$name.t3.diff"; then
        fail "$name: table 三 figures differ:"
        cat "$tmp/$name.t3.diff" >&2
    fi
    # 四: the 15 figures on one line.
    trailing_numbers 15 "$tmp/$name.txt" >"$tmp/$name.t4"
    if ! diff -u "$tmp/t4.want" "$tmp/$name.t4" >/dev/null; then
        fail "$name: table 四 figures: $(cat "$tmp/$name.t4")"
    fi
    # 二: each data line, whitespace normalised.
    sed 's/[[:space:]]\+/ /g; s/^ //; s/ $//' "$tmp/$name.txt" >"$tmp/$name.norm"
    while IFS= read -r line; do
        grep -qxF "$line" "$tmp/$name.norm" || fail "$name: table 二 line \"$line\" not found"
    done <"$tmp/t2.want"

    # Every label, whitespace removed: cells may wrap, so compare the content-stream text
    # (pdftotext -raw keeps each cell's glyphs together) with all whitespace taken out.
    pdftotext -raw "$pdf" - | tr -d ' \n\t\r\f' >"$tmp/$name.flat"
    while IFS= read -r label; do
        grep -qF "$label" "$tmp/$name.flat" || fail "$name: label \"$label\" not found"
    done <"$tmp/labels"

    # Every page carrying rows of 三 repeats its header; continuation pages say 续表.
    local pages first=0 p
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    local t3pages=0
    for ((p = 1; p <= pages; p++)); do
        pdftotext -layout -f "$p" -l "$p" "$pdf" "$tmp/$name.p$p.txt"
        [ -n "$(trailing_numbers 7 "$tmp/$name.p$p.txt")" ] || continue
        t3pages=$((t3pages + 1))
        pdftotext -raw -f "$p" -l "$p" "$pdf" - | tr -d ' \n\t\r\f' >"$tmp/$name.p$p.flat"
        for head in 申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 勾稽关系; do
            grep -qF "$head" "$tmp/$name.p$p.flat" || fail "$name: page $p has rows of 三 but no header \"$head\""
        done
        if [ "$first" = 0 ]; then
            first=$p
            grep -qF 续表 "$tmp/$name.p$p.flat" && fail "$name: 续表 on the first page of 三 (page $p)"
        else
            grep -qF 续表 "$tmp/$name.p$p.flat" || fail "$name: continuation page $p of 三 without 续表"
            # A cut row-spanning stub repeats its label when its rows continue here.
            if grep -qF "（七）总计" "$tmp/$name.p$p.flat"; then
                grep -qF "三、本年度办理结果" "$tmp/$name.p$p.flat" ||
                    fail "$name: page $p continues 三、本年度办理结果 without its label"
            fi
        fi
    done
    [ "$t3pages" -ge 2 ] || fail "$name: table 三 on $t3pages page(s), want a page break inside it"
    echo "$name: $pages pages, table 三 on $t3pages pages from page $first"
}

check_report "$SRC/samples/shanyang-2025.xml" sample
check_report "$SRC/tests/samples-extra/long-prose-2025.xml" long-prose

# The two reports break 三 at different rows (otherwise the second proves nothing new):
# count the rows of 三 after the first 续表 of each.
rows_after_break() {
    awk '/续表/ {found = 1} found' "$1" >"$1.after"
    trailing_numbers 7 "$1.after" | wc -l
}
if [ -f "$tmp/sample.txt" ] && [ -f "$tmp/long-prose.txt" ]; then
    n1=$(rows_after_break "$tmp/sample.txt")
    n2=$(rows_after_break "$tmp/long-prose.txt")
    [ "$n1" != "$n2" ] || fail "long-prose breaks 三 where the sample does ($n1 rows after 续表)"
fi

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "tables_sample: ok"
