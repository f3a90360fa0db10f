#!/bin/bash
# import from PDF text: the sample, two other reports and the long-prose one (with prose
# under its tables) are rendered, turned into text by
# pdftotext (with -layout, and without for the sample), imported back, and must equal their
# XML (but for spaces between a figure and a Chinese character, which a PDF cannot show) and
# pass check. Run as: import_pdf.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
command -v pdftotext >/dev/null || skip "no pdftotext"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The XML without its comments and <published>, figure–character spaces dropped.
plain() {
    perl -0777 -CSD -pe 's/<!--.*?-->\n?//gs; s/^.*<published>.*\n//mg;
        s/(?<=[0-9]) (?=\p{Han})|(?<=\p{Han}) (?=[0-9])//g' "$1"
}
one() { # xml, pdftotext options, expected warning code or ""
    local xml=$1 opts=$2 warn=$3 name
    name=$(basename "$xml" .xml)${opts:+-layout}
    if ! "$bin" render "$xml" -o "$tmp/$name.pdf" 2>"$tmp/err"; then
        echo "FAIL render $name"; cat "$tmp/err"; fail=1; return
    fi
    pdftotext $opts "$tmp/$name.pdf" "$tmp/$name.txt"
    if ! "$bin" import "$tmp/$name.txt" -o "$tmp/$name.xml" 2>"$tmp/err"; then
        echo "FAIL import $name"; cat "$tmp/err"; fail=1; return
    fi
    if [ -n "$warn" ]; then
        grep -q "$warn" "$tmp/err" || { echo "FAIL $name: no $warn"; cat "$tmp/err"; fail=1; }
    elif grep -q "警告" "$tmp/err"; then
        echo "FAIL $name: warnings"; cat "$tmp/err"; fail=1
    fi
    if ! diff <(plain "$xml") <(plain "$tmp/$name.xml") >"$tmp/diff"; then
        echo "FAIL $name differs"; cat "$tmp/diff"; fail=1; return
    fi
    "$bin" check "$tmp/$name.xml" 2>"$tmp/err" || { echo "FAIL check $name"; cat "$tmp/err"; fail=1; return; }
    echo "ok   $name"
}
one "$src/samples/shanyang-2025.xml" -layout ""
one "$src/tests/import/shanyang-education-2025.xml" -layout ""
one "$src/tests/import/shanyang-health-2025.xml" -layout ""
one "$src/tests/samples-extra/long-prose-2025.xml" -layout ""
one "$src/samples/shanyang-2025.xml" "" "W-IMPORT-ORDER"
one "$src/tests/samples-extra/long-prose-2025.xml" "" "W-IMPORT-ORDER"
exit $fail
