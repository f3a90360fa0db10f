#!/bin/bash
# End-to-end: the HTML page (--format=html, html-fragment). The formats and names on render
# and batch, and links between outputs written together; the Nu Html Checker (vnu-jar, with
# Debian's Java) finds no error and no warning on the sample, a long report, the escaping
# case and the fragment in a minimal page; the page's text is the PDF's (pdftotext -raw,
# tests/html/compare-text.py) for the sample and for reports whose tables break at other
# places; `govreport import` reads every page back to the same 200 figures and the same
# paragraphs (tests/html/same-report.py). Chromium's checks are html_axe.sh.
# Usage: html_page.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
SAMPLE=$SRC/samples/shanyang-2025.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/e2e-lib.sh"
. "$SRC/tests/html/inputs.sh"
command -v pdftotext >/dev/null || skip "pdftotext is not installed (poppler-utils)"
command -v python3 >/dev/null || skip "python3 is not installed"

# ---- formats and names ----
check "render --format=pdf,ofd,html" 0 "$GR" render "$SAMPLE" -o "$tmp/s" --format=pdf,ofd,html
for e in pdf ofd html; do [ -s "$tmp/s.$e" ] || fail "--format=pdf,ofd,html wrote no s.$e"; done
expect "$tmp/s.html" 'href="s.pdf" type="application/pdf"' "the page links to its PDF"
expect "$tmp/s.html" 'href="s.ofd" type="application/ofd"' "the page links to its OFD"
check "render -o NAME.html" 0 "$GR" render "$SAMPLE" -o "$tmp/only.html"
head -c 15 "$tmp/only.html" | grep -q '<!DOCTYPE html>' || fail "-o only.html wrote no HTML page"
grep -q 'href=' "$tmp/only.html" && fail "a page rendered alone links to files not written"
check "render --format=html-fragment" 0 "$GR" render "$SAMPLE" -o "$tmp/frag.html" --format=html-fragment
head -c 8 "$tmp/frag.html" | grep -q '^<article' || fail "the fragment does not begin with <article"
grep -q '<style' "$tmp/frag.html" && fail "the fragment holds a <style> element"
check "html with html-fragment is a usage error" 2 "$GR" render "$SAMPLE" -o "$tmp/x" --format=html,html-fragment
[ -e "$tmp/x.html" ] && fail "a usage error wrote x.html"
check "a report with errors" 1 "$GR" render "$SRC/tests/bad/wrong-total.xml" -o "$tmp/bad.html"
[ -e "$tmp/bad.html" ] && fail "a report with errors wrote a page"
check "batch --format=pdf,html" 0 "$GR" batch -q -o "$tmp/b" --format=pdf,html "$SAMPLE"
[ -s "$tmp/b/shanyang-2025.pdf" ] && [ -s "$tmp/b/shanyang-2025.html" ] || fail "batch pdf,html: $(ls "$tmp/b")"
expect "$tmp/b/shanyang-2025.html" 'href="shanyang-2025.pdf"' "batch: the page links to its PDF"
check "batch --format=html" 0 "$GR" batch -q -o "$tmp/h" --format=html "$SAMPLE"
[ "$(ls "$tmp/h")" = shanyang-2025.html ] || fail "batch --format=html wrote: $(ls "$tmp/h")"

# ---- the pages checked below: the sample, a long report, the escaping case, the fragment ----
make_inputs "$SAMPLE" "$tmp/in"
pages=()
for x in "$tmp"/in/*.xml; do
    name=$(basename "$x" .xml)
    check "render $name as PDF and HTML" 0 "$GR" render "$x" -o "$tmp/$name" --format=pdf,html
    pages+=("$tmp/$name.html")
done
check "render the fragment" 0 "$GR" render "$SAMPLE" -o "$tmp/frag-body.html" --format=html-fragment
wrap_fragment "$tmp/frag-body.html" "$tmp/fragment.html"
pages+=("$tmp/fragment.html")

# a zero-width and a bidirectional control: the PDF refuses them (E-GLYPH); the page alone
# shows U+FFFD in their place, with a warning
check "render a bidirectional override as HTML" 0 "$GR" render "$SRC/tests/hostile/bidi-override.xml" -o "$tmp/bidi.html"
expect "$tmp/err" "W-HTML-CHAR" "the page's replaced characters"
grep -q $'\u202e' "$tmp/bidi.html" && fail "U+202E reached the page"
pages+=("$tmp/bidi.html")

# ---- escaping: text from the file never becomes markup ----
esc=$tmp/escaping.html
grep -q '<script' "$esc" && fail "escaping: the issuer's <script> became an element"
grep -q '<img' "$esc" && fail "escaping: the paragraph's <img> became an element"
expect "$esc" '&lt;script&gt;x&lt;/script&gt; &amp; &quot;人民'"'"'政府' "escaping: the issuer as text"
expect "$esc" '&lt;img src=x onerror=alert(1)&gt;' "escaping: the paragraph's <img> as text"

# ---- the page's text is the PDF's ----
for x in "$tmp"/in/*.xml; do
    name=$(basename "$x" .xml)
    pdftotext -raw "$tmp/$name.pdf" "$tmp/$name.txt"
    echo "$name:"
    python3 "$SRC/tests/html/compare-text.py" "$tmp/$name.html" "$tmp/$name.txt" || fail "$name: text"
done

# ---- round trip: import reads the page back to the same report ----
for x in "$tmp"/in/*.xml; do
    name=$(basename "$x" .xml)
    if "$GR" import "$tmp/$name.html" -o "$tmp/$name.back.xml" 2>"$tmp/err"; then
        echo "$name:"
        python3 "$SRC/tests/html/same-report.py" "$x" "$tmp/$name.back.xml" || fail "$name: round trip"
    else
        fail "$name: import of the page: $(cat "$tmp/err")"
    fi
done
"$GR" import "$tmp/fragment.html" -o "$tmp/fragment.back.xml" 2>"$tmp/err" || fail "import of the fragment: $(cat "$tmp/err")"
python3 "$SRC/tests/html/same-report.py" "$SAMPLE" "$tmp/fragment.back.xml" || fail "fragment: round trip"

# ---- the Nu Html Checker: no error, no warning (last: it may be missing) ----
vnu=$SRC/tests/html/node_modules/vnu-jar/build/dist/vnu.jar
why=
command -v java >/dev/null || why="java is not installed (tools/install-deps.sh: default-jre-headless)"
[ -n "$why" ] || [ -s "$vnu" ] || why="vnu-jar is not installed (tools/install-deps.sh runs npm ci in tests/html)"
if [ -n "$why" ]; then
    [ $fail = 0 ] || exit 1 # a failure above is no skip
    skip "$why"
fi
if java -jar "$vnu" --Werror --also-check-css "${pages[@]}" >"$tmp/vnu" 2>&1; then
    echo "ok   Nu Html Checker: no error, no warning on ${#pages[@]} pages ($(cd "$tmp" && ls ${pages[@]##*/} | tr '\n' ' '))"
else
    fail "Nu Html Checker:"
    cat "$tmp/vnu"
fi

exit $fail
