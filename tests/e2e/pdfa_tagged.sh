#!/bin/bash
# e2e (issue 12): every PDF is PDF/A-1a and tagged, checked by tools we did not write.
# - Apache PDFBox Preflight (Debian's libpdfbox2-java) says the sample is a valid PDF/A-1
#   file, and so are the generated reports of tests/pdfa/ (tables across pages, cut row
#   labels repeated), the long-prose report and a report whose title holds & < > ".
# - poppler's structure tree matches the report (tests/struct_check.py): H1, six H2, every
#   paragraph a P with its run-in heading as a Span, three Tables covering the national grid
#   once with THead/TBody/TR/TH(Scope)/TD and spans, figures as in the XML, and no page
#   number, 续表 or repeated header in the tree. pdfinfo says "Tagged: yes"; qpdf is clean.
# - The XMP holds the info dictionary's values, escaped, and the PDF/A identification; the
#   catalog has the language, DisplayDocTitle and MarkInfo; each subset font its CIDSet;
#   the trailer an /ID that depends on the content only (the same report gives the same
#   bytes; another report another /ID).
# Usage: pdfa_tagged.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"

J=/usr/share/java
CP=$J/preflight.jar:$J/pdfbox2.jar:$J/xmpbox.jar:$J/fontbox2.jar:$J/commons-logging.jar
CP=$CP:$J/javax.activation.jar:$J/jaxb-api.jar
command -v java >/dev/null || skip "no java (default-jre-headless)"
for jar in ${CP//:/ }; do
    [ -f "$jar" ] || skip "no $jar (libpdfbox2-java libactivation-java libjaxb-api-java)"
done
command -v python3 >/dev/null || skip "no python3"
command -v pdfinfo >/dev/null && command -v qpdf >/dev/null || skip "no poppler-utils or qpdf"

# ---- the reports: the sample, a long one, the generated ones, a title with & < > " ----
inputs=("$SRC/samples/shanyang-2025.xml" "$SRC/tests/samples-extra/long-prose-2025.xml"
    "$SRC"/tests/pdfa/*.xml)
sed 's|</meta>|<title>山阳区 R\&amp;D \&lt;试点\&gt; "报告"</title></meta>|' \
    "$SRC/samples/shanyang-2025.xml" >"$tmp/amp.xml"
inputs+=("$tmp/amp.xml")
[ ${#inputs[@]} -ge 12 ] || { fail "only ${#inputs[@]} reports"; exit 1; }
: >"$tmp/list"
for x in "${inputs[@]}"; do
    out=$tmp/$(basename "$x" .xml).pdf
    check "render $(basename "$x")" 0 "$GR" render "$x" -o "$out"
    echo "$out" >>"$tmp/list"
    pdfinfo "$out" >"$tmp/info" 2>&1
    expect "$tmp/info" "^Tagged: *yes" "$(basename "$x"): pdfinfo Tagged"
    qpdf --check "$out" >"$tmp/qpdf" 2>&1 || { fail "qpdf --check $(basename "$x")"; cat "$tmp/qpdf"; }
    expect "$tmp/qpdf" "No syntax or stream encoding errors" "qpdf on $(basename "$x")"
    # poppler takes seconds a file to read a structure tree back (it walks the page once
    # per marked-content sequence): the tree is read for the sample, the long and the
    # escaped-title reports and three generated ones (one and two continuation pages, a
    # cut row label repeated); Preflight, pdfinfo and qpdf read them all
    case $(basename "$x") in
    shanyang-2025.xml | long-prose-2025.xml | amp.xml | report-00072.xml | report-00153.xml | \
        report-00189.xml) ;;
    *) continue ;;
    esac
    if python3 "$SRC/tests/struct_check.py" "$x" "$out" >"$tmp/struct" 2>&1; then
        echo "ok   structure tree of $(basename "$x")"
    else
        fail "structure tree of $(basename "$x")"
        head -20 "$tmp/struct"
    fi
done

# ---- Preflight: the sample as a user runs it, then all the files in one JVM ----
SAMPLE_PDF=$tmp/shanyang-2025.pdf
java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$SAMPLE_PDF" >"$tmp/pf" 2>&1
expect "$tmp/pf" "is a valid PDF/A-1b file" "Preflight on the sample"
(cd "$tmp" && java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b xml group "$tmp/list" \
    >/dev/null 2>"$tmp/pf.err")
n=$(wc -l <"$tmp/list")
valid=$(grep -c '<isValid type="PDF/A1-b">true</isValid>' "$tmp/list.preflight.xml" 2>/dev/null)
if [ "${valid:-0}" -eq "$n" ]; then
    echo "ok   Preflight: $valid of $n files valid PDF/A-1"
else
    fail "Preflight: ${valid:-0} of $n files valid"
    grep -E '<preflight name|<details>' "$tmp/list.preflight.xml" 2>/dev/null | head -30
    head -5 "$tmp/pf.err"
fi

# ---- XMP, catalog, fonts, trailer (these parts of the file are not compressed) ----
expect_pdf() { # file, fixed string, description
    grep -aqF -- "$2" "$1" && echo "ok   $3" || fail "$3: no “$2”"
}
expect_pdf "$SAMPLE_PDF" "<pdfaid:part>1</pdfaid:part>" "XMP pdfaid:part"
expect_pdf "$SAMPLE_PDF" "<pdfaid:conformance>A</pdfaid:conformance>" "XMP pdfaid:conformance"
expect_pdf "$SAMPLE_PDF" "<xmp:CreateDate>2026-01-20T00:00:00+08:00</xmp:CreateDate>" "XMP date = info date"
expect_pdf "$SAMPLE_PDF" "/CreationDate (D:20260120000000+08'00')" "info date"
expect_pdf "$SAMPLE_PDF" "<dc:creator><rdf:Seq><rdf:li>山阳区人民政府</rdf:li>" "XMP dc:creator"
expect_pdf "$SAMPLE_PDF" "<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li>" "XMP dc:language"
expect_pdf "$SAMPLE_PDF" "/S /GTS_PDFA1" "output intent"
expect_pdf "$SAMPLE_PDF" "/Lang (zh-CN)" "catalog /Lang"
expect_pdf "$SAMPLE_PDF" "/DisplayDocTitle true" "DisplayDocTitle"
expect_pdf "$SAMPLE_PDF" "/Marked true" "MarkInfo"
[ "$(head -c 8 "$SAMPLE_PDF")" = "%PDF-1.4" ] && echo "ok   PDF 1.4 header" || fail "header"
expect_pdf "$tmp/amp.pdf" 'R&amp;D&lt;试点&gt;"报告"' "XMP title escaped"
fonts=$(pdffonts "$SAMPLE_PDF" | tail -n +3 | wc -l)
cidsets=$(grep -ac "/CIDSet " "$SAMPLE_PDF")
[ "$fonts" -gt 0 ] && [ "$cidsets" -eq "$fonts" ] && echo "ok   a CIDSet for each of $fonts fonts" ||
    fail "$cidsets CIDSets for $fonts fonts"
if grep -aq "/Type /XRef\|/Type /ObjStm\|/LZWDecode\|/SMask\|/Transparency" "$SAMPLE_PDF"; then
    fail "something PDF/A-1 forbids (xref or object streams, LZW, transparency)"
fi
id() { grep -ao '/ID \[ *<[0-9A-F]*> *<[0-9A-F]*> *\]' "$1" | head -1; }
"$GR" render "$SRC/samples/shanyang-2025.xml" -o "$tmp/again.pdf" 2>/dev/null
[ -n "$(id "$SAMPLE_PDF")" ] && cmp -s "$SAMPLE_PDF" "$tmp/again.pdf" &&
    echo "ok   /ID present, the same report gives the same file" ||
    fail "/ID missing or output not reproducible: $(id "$SAMPLE_PDF")"
[ "$(id "$SAMPLE_PDF")" != "$(id "$tmp/amp.pdf")" ] && echo "ok   another report, another /ID" ||
    fail "the same /ID for two reports"

# ---- optional: no ink outside the type block (a tool outside the repository) ----
GEOM=${GR_PDF_GEOMETRY:-$(command -v pdf-geometry || true)}
if [ -n "$GEOM" ] && [ -x "$GEOM" ]; then
    "$GEOM" "$SAMPLE_PDF" >"$tmp/geom" 2>&1
    expect "$tmp/geom" " 0 bands of ink outside" "pdf-geometry on the sample"
else
    echo "note: pdf-geometry not found (set GR_PDF_GEOMETRY): ink check not run"
fi
exit $fail
