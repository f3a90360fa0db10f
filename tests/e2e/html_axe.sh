#!/bin/bash
# End-to-end: the HTML page in a browser. axe-core 4.14 (npm, tests/html) in Debian's
# Chromium, driven by puppeteer-core, finds no violation of its wcag2a, wcag2aa, wcag21a and
# wcag21aa rules at 1280 and at 375 CSS px, on the sample, a long report, the escaping case
# and the fragment in a minimal page; at 375 px the page does not scroll sideways
# (scrollWidth <= 375: the wide tables scroll in their own box); no page holds a script
# or loads anything but itself (tests/html/check-page.js).
# Usage: html_axe.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
SAMPLE=$SRC/samples/shanyang-2025.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$SRC/tests/e2e-lib.sh"
. "$SRC/tests/html/inputs.sh"
command -v node >/dev/null || skip "node is not installed (tools/install-deps.sh: nodejs)"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "no Chromium at $chromium (tools/install-deps.sh: chromium)"
[ -d "$SRC/tests/html/node_modules/axe-core" ] && [ -d "$SRC/tests/html/node_modules/puppeteer-core" ] ||
    skip "axe-core and puppeteer-core are not installed (tools/install-deps.sh runs npm ci in tests/html)"

make_inputs "$SAMPLE" "$tmp/in"
pages=()
for name in sample long escaping remarks; do
    check "render $name as HTML" 0 "$GR" render "$tmp/in/$name.xml" -o "$tmp/$name.html"
    pages+=("$tmp/$name.html")
done
check "render the fragment" 0 "$GR" render "$SAMPLE" -o "$tmp/frag-body.html" --format=html-fragment
wrap_fragment "$tmp/frag-body.html" "$tmp/fragment.html"
pages+=("$tmp/fragment.html")

HOME=$tmp timeout 240 node "$SRC/tests/html/check-page.js" "${pages[@]}"
case $? in
0) ;;
2) [ $fail = 0 ] && skip "Chromium could not run here" ;;
*) fail "the pages in Chromium" ;;
esac
exit $fail
