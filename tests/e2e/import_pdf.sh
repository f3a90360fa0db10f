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
need_fonts "$bin"
command -v pdftotext >/dev/null || skip "no pdftotext"
fail=0
# The XML without its comments and <published>, figure–character spaces dropped.
plain() {
    perl -0777 -CSD -pe 's/<!--.*?-->\n?//gs; s/^.*<published>.*\n//mg;
        s/(?<=[0-9]) (?=\p{Han})|(?<=\p{Han}) (?=[0-9])//g' "$1"
}
one() { # xml, pdftotext options, expected warning code or "", render options
    local xml=$1 opts=$2 warn=$3 name
    shift 3
    name=$(basename "$xml" .xml)${opts:+-layout}
    if ! "$bin" render "$xml" -o "$tmp/$name.pdf" "$@" 2>"$tmp/err"; then
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
# Plain pdftotext text is read while its table rows can still be told apart, which depends
# on where the pages break: these two are set in the TrueType faces the cases were written
# for (in the Fandol faces table 四 of the sample ends an even page, and the page number
# comes out among its figures).
tt=(--fonts-conf "$src/tests/fonts/truetype.conf")
one "$src/samples/shanyang-2025.xml" "" "W-IMPORT-ORDER" "${tt[@]}"
one "$src/tests/samples-extra/long-prose-2025.xml" "" "W-IMPORT-ORDER" "${tt[@]}"
# In the default faces the sample's plain text is either read exactly or refused with the
# hint to use -layout: never a figure read wrong.
"$bin" render "$src/samples/shanyang-2025.xml" -o "$tmp/default.pdf" 2>/dev/null
pdftotext "$tmp/default.pdf" "$tmp/default.txt"
if "$bin" import "$tmp/default.txt" -o "$tmp/default.xml" 2>"$tmp/err"; then
    diff <(plain "$src/samples/shanyang-2025.xml") <(plain "$tmp/default.xml") >"$tmp/diff" ||
        { echo "FAIL default faces, plain text: read wrong"; cat "$tmp/diff"; fail=1; }
else
    grep -q "E-IMPORT-FIGURES" "$tmp/err" && grep -q -- "-layout" "$tmp/err" ||
        { echo "FAIL default faces, plain text: refused without the hint"; cat "$tmp/err"; fail=1; }
    [ -e "$tmp/default.xml" ] && { echo "FAIL default faces: refused but written"; fail=1; }
fi
echo "ok   default faces, plain text"
exit $fail
