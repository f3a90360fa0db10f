#!/bin/bash
# A run of marks with no break opportunity (3,000 。, which may not start a line) fills its
# lines: a few pages beyond the sample's, not one mark a line (139 pages), every mark in the
# text and every word inside the type block.
# Usage: render_marks.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
sample=$src/samples/shanyang-2025.xml
cd "$tmp" || exit 1

"$bin" render "$sample" -o sample.pdf 2>sample.err || fail "sample: $(head -3 sample.err)"
base=$(pdfinfo sample.pdf | awk '/^Pages:/{print $2}')

run=$(printf '。%.0s' $(seq 3000))
sed "s|<p>2025年度，山阳区未收取信息处理费。</p>|<p>2025年度，山阳区未收取信息处理费。$run</p>|" "$sample" >marks.xml
grep -q "。。。。" marks.xml || fail "marks.xml not made"
"$bin" render marks.xml -o marks.pdf 2>marks.err || fail "marks: exit $?: $(head -3 marks.err)"
[ -s marks.err ] && fail "marks: stderr: $(head -3 marks.err)"
qpdf --check marks.pdf >/dev/null 2>&1 || fail "marks: qpdf --check"
pages=$(pdfinfo marks.pdf | awk '/^Pages:/{print $2}')
# 3,000 marks on lines of 28 ems, 22 lines a page: 4.9 pages at one em a mark, 2.5 at the
# half em that a mark next to a mark is set in (docs/typography.md); one a line would be 137.
extra=$((pages - base))
if [ "$extra" -ge 2 ] && [ "$extra" -le 6 ]; then
    echo "ok   3,000 marks on $extra pages more than the sample's $base"
else
    fail "3,000 marks on $extra pages more than the sample's $base (expected 2–6)"
fi
plain marks
n=$(pdftotext marks.plain.pdf - 2>/dev/null | grep -o "。" | wc -l)
[ "$n" -ge 3000 ] || fail "marks: $n of 3,000 marks in the text"
inside marks && echo "ok   every word inside the type block"
exit $((fails > 0))
