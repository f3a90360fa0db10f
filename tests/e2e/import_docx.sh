#!/bin/bash
# import of Word files: the sample as LibreOffice writes it from the sample's HTML page imports
# to XML that passes check with every figure (all 200) equal to samples/shanyang-2025.xml's;
# the unbalanced page as .docx gives the figures its HTML gives; a .docx is known by its
# content, whatever its name; every hostile package (zip bombs, lying sizes, truncated or
# corrupt zip, DOCTYPE, encryption, legacy .doc, "../" names, not Word) exits 1 with its
# E-IMPORT-DOCX-* code and writes nothing.
# Run as: import_docx.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
xsd=$src/schemas/annual-report-2021.xsd
sample=$src/samples/shanyang-2025.xml
dir=$src/tests/import/docx
fail=0
. "$src/tests/e2e-lib.sh" || exit 1

# Every figure of a report XML, one "element attribute=value" a line, in document order.
figures() {
    sed -n 's|^ *<\([a-z-]*\) \([a-z-]*="[^"]*".*\)/>$|\1 \2|p' "$1" |
        awk '{for (i = 2; i <= NF; i++) print $1, $i}'
}
same_figures() { # got want description
    figures "$1" >"$tmp/got.fig"
    figures "$2" >"$tmp/want.fig"
    local n
    n=$(wc -l <"$tmp/want.fig")
    if [ "$n" -lt 200 ]; then
        echo "FAIL $3: only $n figures in $2"
        fail=1
    elif diff "$tmp/want.fig" "$tmp/got.fig" >"$tmp/diff"; then
        echo "ok   $3: $n figures equal"
    else
        echo "FAIL $3: figures differ"
        cat "$tmp/diff"
        fail=1
    fi
}

check "import sample .docx" 0 "$bin" import "$dir/shanyang-2025.docx" -o "$tmp/sy.xml"
check "check imported .docx" 0 "$bin" check "$tmp/sy.xml"
xmllint --noout --schema "$xsd" "$tmp/sy.xml" 2>/dev/null || { echo "FAIL xmllint .docx"; fail=1; }
same_figures "$tmp/sy.xml" "$sample" "sample .docx"
for tag in issuer year published; do
    grep "<$tag>" "$sample" >"$tmp/want.tag"
    grep -q -F -f "$tmp/want.tag" "$tmp/sy.xml" || { echo "FAIL $tag differs"; fail=1; }
done
expect "$tmp/sy.xml" 'heading="（五）监督保障：">' "run-in subheading of section 一"

# The sample as a clerk writes it in Word: section headings and run-in subheadings drawn by
# automatic numbering, a heading style, other phrasings of the subheadings, one heading a
# character off the official wording, a page number in the header.
check "import clerk's .docx" 0 "$bin" import "$dir/shanyang-2025-word.docx" -o "$tmp/word.xml"
expect "$tmp/err" "W-IMPORT-HEADING.*" "heading warning"
expect "$tmp/err" "“三、收到和处理政府信息公开申请的有关情况”" "warning quotes the heading"
check "check clerk's .docx" 0 "$bin" check "$tmp/word.xml"
same_figures "$tmp/word.xml" "$sample" "clerk's .docx"
expect "$tmp/word.xml" 'heading="（一）主动公开情况。">严格对标' "numbered run-in heading with 。"
expect "$tmp/word.xml" 'heading="（二）依申请公开方面，">严格按照' "numbered run-in heading with 方面，"
expect "$tmp/word.xml" 'heading="（四）平台建设情况。">一是' "numbered run-in heading 平台建设情况。"
if grep -q '山阳区人民政府1' "$tmp/word.xml"; then echo "FAIL the header reached the text"; fail=1; fi

# Known by content: no extension, a wrong one; and forced.
cp "$dir/shanyang-2025.docx" "$tmp/report"
cp "$dir/shanyang-2025.docx" "$tmp/report.html"
check "import .docx without extension" 0 "$bin" import "$tmp/report" -o "$tmp/noext.xml"
check "import .docx named .html" 0 "$bin" import "$tmp/report.html" -o "$tmp/html-name.xml"
check "import --docx from stdin" 0 bash -c "'$bin' import --docx - -o - <'$dir/shanyang-2025.docx' >'$tmp/stdin.xml'"
for f in noext html-name stdin; do
    same_figures "$tmp/$f.xml" "$sample" "$f"
done

# The unbalanced page as .docx: the figures of its HTML; check names the fault.
check "import unbalanced page (HTML)" 0 "$bin" import "$src/tests/import/qingshan-2025-unbalanced.html" -o "$tmp/qs-html.xml"
check "import unbalanced page (.docx)" 0 "$bin" import "$dir/qingshan-2025-unbalanced.docx" -o "$tmp/qs.xml"
expect "$tmp/err" "W-IMPORT-HEADING" "misnumbered heading warning"
same_figures "$tmp/qs.xml" "$tmp/qs-html.xml" "unbalanced .docx"
check "check unbalanced .docx" 1 "$bin" check "$tmp/qs.xml"
expect "$tmp/err" "E-BALANCE" "balance error"

# Hostile and careless files: exit 1, the code, nothing written (no temporary either).
refused() { # file code [pattern]
    mkdir -p "$tmp/dest" "$tmp/cwd/a/b"
    (cd "$tmp/cwd/a/b" && "$bin" import "$dir/$1" -o "$tmp/dest/x.xml" >"$tmp/out.txt" 2>"$tmp/err")
    local rc=$?
    if [ "$rc" != 1 ]; then
        echo "FAIL $1: exit $rc, expected 1"; cat "$tmp/err"; fail=1
    elif ! grep -q -- "$2" "$tmp/err"; then
        echo "FAIL $1: no $2"; cat "$tmp/err"; fail=1
    elif [ -n "$(ls -A "$tmp/dest")" ]; then
        echo "FAIL $1: wrote $(ls -A "$tmp/dest")"; fail=1
    elif [ -n "${3:-}" ] && ! grep -q -- "$3" "$tmp/err"; then
        echo "FAIL $1: no “$3”"; cat "$tmp/err"; fail=1
    else
        echo "ok   $1: $2"
    fi
}
refused hostile-bomb-size.docx E-IMPORT-DOCX-BOMB "64 MB"
refused hostile-bomb-ratio.docx E-IMPORT-DOCX-BOMB "200:1"
refused hostile-bomb-lie.docx E-IMPORT-DOCX-BOMB
refused hostile-truncated.docx E-IMPORT-DOCX-ZIP "截断"
refused hostile-corrupt.docx E-IMPORT-DOCX-ZIP "损坏"
refused hostile-doctype.docx E-IMPORT-DOCX-DTD "DOCTYPE"
refused hostile-doctype-rels.docx E-IMPORT-DOCX-DTD "_rels/.rels"
refused hostile-malformed.docx E-IMPORT-DOCX-XML "word/document.xml"
refused hostile-encrypted.docx E-IMPORT-DOCX-ENCRYPTED "文件已加密"
refused hostile-password.docx E-IMPORT-DOCX-ENCRYPTED "文件已加密"
refused hostile-legacy.doc E-IMPORT-DOCX-LEGACY "soffice --headless --convert-to docx"
refused hostile-legacy.doc E-IMPORT-DOCX-LEGACY "另存为"
refused hostile-rtf.doc E-IMPORT-DOCX-LEGACY "RTF"
refused hostile-escape.docx E-IMPORT-DOCX-PART
refused hostile-odt.docx E-IMPORT-DOCX-NOT-WORD
# Entry names are never paths: nothing named after them appeared anywhere under the scratch
# folder (the imports ran three folders deep).
[ -z "$(find "$tmp" -name 'govreport-escape*')" ] || { echo "FAIL an entry name was used as a path"; fail=1; }
# JSON diagnostics carry the code too.
check "import hostile --format=json" 1 "$bin" import --format=json "$dir/hostile-encrypted.docx" -o "$tmp/j.xml"
expect "$tmp/err" '"code":"E-IMPORT-DOCX-ENCRYPTED"' "JSON code"
exit $fail
