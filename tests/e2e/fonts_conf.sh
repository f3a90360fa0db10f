#!/bin/bash
# End-to-end: the font options as a user gives them. A relative --fonts-conf (and
# GOVREPORT_FONTS_CONF) is read from the current folder; a missing one, or a missing
# --font-dir, is an environment error (exit 3) in our own words, with nothing written and
# no message of fontconfig's own on stderr.
# Usage: fonts_conf.sh <govreport> <source-dir>
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/e2e-lib.sh" || exit 1
need_fonts "$GR"
cp "$SRC/fonts/govreport.conf" "$tmp/my.conf"
cd "$tmp" || exit 1

"$GR" render "$SRC/samples/shanyang-2025.xml" -o out.pdf --fonts-conf my.conf 2>err
[ $? -eq 0 ] && [ -s out.pdf ] || fail "relative --fonts-conf: $(cat err)"
rm -f out.pdf
GOVREPORT_FONTS_CONF=my.conf "$GR" render "$SRC/samples/shanyang-2025.xml" -o out.pdf 2>err
[ $? -eq 0 ] && [ -s out.pdf ] || fail "relative GOVREPORT_FONTS_CONF: $(cat err)"
rm -f out.pdf

"$GR" render "$SRC/samples/shanyang-2025.xml" -o out.pdf --fonts-conf nothere.conf 2>err
[ $? -eq 3 ] || fail "missing --fonts-conf: not exit 3"
grep -q "E-FONT" err && grep -q "nothere.conf" err || fail "missing conf not named: $(cat err)"
grep -qi "fontconfig error" err && fail "fontconfig's own message on stderr"
[ -e out.pdf ] && fail "a PDF was written without fonts"

"$GR" render "$SRC/samples/shanyang-2025.xml" -o out.pdf --font-dir "$tmp/none" 2>err
[ $? -eq 3 ] || fail "missing --font-dir: not exit 3"
grep -q "不存在" err || fail "missing font folder not said in Chinese: $(cat err)"

[ $fails -eq 0 ] && echo "fonts_conf: ok"
exit $((fails > 0))
