#!/bin/bash
# `govreport import report.pdf`: the PDF is recognised by its content and its text taken by
# pdftotext -layout, run as a child process. A PDF govreport rendered imports back to the
# sample's 200 figures and prose; a PDF LibreOffice made from the sample's .docx
# (tests/import/pdf/, committed) too; a PDF on standard input, or named .txt, is still a
# PDF; check, render and check --previous take a PDF too; without pdftotext in PATH the
# error names poppler-utils. (A scan and a damaged PDF
# are tests/hostile/ cases, replayed by hostile_import.sh.)
# Usage: import_pdf_file.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
command -v pdftotext >/dev/null || skip "no pdftotext (poppler-utils)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sample=$src/samples/shanyang-2025.xml
# The XML without its comments and <published>, figure–character spaces dropped.
plain() {
    perl -0777 -CSD -pe 's/<!--.*?-->\n?//gs; s/^.*<published>.*\n//mg;
        s/(?<=[0-9]) (?=\p{Han})|(?<=\p{Han}) (?=[0-9])//g' "$1"
}
figures() { grep -o '[a-z]*="[0-9][0-9.]*"' "$1" | grep -v '^version='; }
same_report() { # name, imported XML
    local n
    n=$(figures "$2" | wc -l)
    [ "$n" = 200 ] || fail "$1: $n figures, expected 200"
    diff <(figures "$sample") <(figures "$2") >"$tmp/diff" || { fail "$1: figures differ"; head "$tmp/diff"; }
    diff <(plain "$sample") <(plain "$2") >"$tmp/diff" || { fail "$1: the text differs"; head "$tmp/diff"; }
    "$bin" check "$2" >/dev/null 2>&1 || fail "$1: the imported XML does not pass check"
}

"$bin" render "$sample" -o "$tmp/ours.pdf" || fail "cannot render the sample"
check "our PDF" 0 "$bin" import "$tmp/ours.pdf" -o "$tmp/ours.xml"
same_report "our PDF" "$tmp/ours.xml"

lo=$src/tests/import/pdf/shanyang-2025-libreoffice.pdf
pdfinfo "$lo" 2>/dev/null | grep -q "LibreOffice" || fail "the fixture is not LibreOffice's"
check "LibreOffice's PDF" 0 "$bin" import "$lo" -o "$tmp/lo.xml"
same_report "LibreOffice's PDF" "$tmp/lo.xml"

cp "$tmp/ours.pdf" "$tmp/named.txt"
check "a PDF named .txt" 0 "$bin" import "$tmp/named.txt" -o "$tmp/named.xml"
check "a PDF on standard input" 0 sh -c '"$1" import - -o "$2" <"$3"' sh "$bin" "$tmp/stdin.xml" \
    "$tmp/ours.pdf"
same_report "standard input" "$tmp/stdin.xml"

# check, render and --previous take the PDF as they take any report file
check "check of a PDF" 0 "$bin" check "$tmp/ours.pdf"
sed 's|<year>2025</year>|<year>2026</year>|' "$sample" >"$tmp/next.xml"
check "check --previous a PDF" 0 "$bin" check --previous "$lo" "$tmp/next.xml"
expect "$tmp/err" "与上年（2025 年度）报告的同一部分大体相同" "check --previous a PDF"
check "render of a PDF" 0 "$bin" render "$lo" -o "$tmp/again.pdf"
[ -s "$tmp/again.pdf" ] || fail "render of a PDF: nothing written"

check "no pdftotext" 1 env PATH=/nonexistent "$bin" import "$tmp/ours.pdf" -o "$tmp/none.xml"
expect "$tmp/err" "E-IMPORT-PDF-TOOL" "no pdftotext"
expect "$tmp/err" "poppler-utils" "no pdftotext"
[ ! -e "$tmp/none.xml" ] || fail "no pdftotext: an XML was written"
exit $((fails > 0))
