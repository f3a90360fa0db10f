#!/bin/bash
# End-to-end: a reader we did not write. ofd.js 0.2.6 (tests/ofd, installed by
# tools/install-deps.sh with npm ci) renders the OFD of the sample and of a long report in
# headless Chromium; each page is compared with the PDF's page drawn by pdftoppm at the
# same size, on a grid of 2 mm cells: 97% of the inked cells of each must have ink within
# one cell in the other, and 75% of the cells inked in either must be inked in both
# (tests/ofd/compare-ofd.js; the sample measures 100% and 84–96%, compared with another
# page 18–30%). ofd.js draws with the system's fonts by name, so this checks layout, not
# the embedded fonts.
# Usage: ofd_reader.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
SAMPLE=$SRC/samples/shanyang-2025.xml
fail=0
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
command -v node >/dev/null || skip "node is not installed (tools/install-deps.sh: nodejs)"
command -v pdftoppm >/dev/null || skip "pdftoppm is not installed (poppler-utils)"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || skip "no Chromium at $chromium (tools/install-deps.sh: chromium)"
[ -d "$SRC/tests/ofd/node_modules/ofd.js" ] && [ -d "$SRC/tests/ofd/node_modules/puppeteer-core" ] ||
    skip "ofd.js and puppeteer-core are not installed (tools/install-deps.sh runs npm ci in tests/ofd)"

# the sample, and a report of many pages of prose
for input in "$SAMPLE" "$SRC/tests/samples-extra/long-prose-2025.xml"; do
    name=$(basename "$input" .xml)
    check "render $name as OFD" 0 "$GR" render "$input" -o "$tmp/$name.ofd"
    check "render $name as PDF" 0 "$GR" render "$input" -o "$tmp/$name.pdf"
    # ofd.js draws A4 at 3.9 px/mm (its scale for an 827 px screen, to a tenth): 819 × 1158
    pdftoppm -scale-to-x 819 -scale-to-y 1158 -png "$tmp/$name.pdf" "$tmp/$name"
    echo "$name:"
    HOME=$tmp timeout 180 node "$SRC/tests/ofd/compare-ofd.js" "$tmp/$name.ofd" "$tmp/$name"-*.png
    case $? in
    0) ;;
    2) skip "ofd.js could not run in Chromium here" ;;
    *) fail=1 ;;
    esac
done
exit $fail
