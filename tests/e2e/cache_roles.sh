#!/bin/bash
# End-to-end: what opening the fonts found, kept in the folder cache (issue 24; README
# "Fonts"). A second render of the same setup takes the faces from the folder without asking
# fontconfig, and makes the same bytes. The entry is not used, and fontconfig asked again,
# when anything it depends on changes: a font appears in a font folder (even one that did
# not exist), goes away, or its file changes; the conf changes; the entry is damaged. Not
# kept: a user font folder, a conf that includes others.
# Usage: cache_roles.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
need_fonts "$GR"
command -v strace >/dev/null || skip "strace is not installed (tools/install-deps.sh)"
command -v fc-match >/dev/null || skip "fc-match is not installed (tools/install-deps.sh)"
UMING=$(fc-match -f '%{file}' 'AR PL UMing CN:style=Light')
case $UMING in
*/uming.ttc) ;;
*) skip "AR PL UMing CN is not installed (fonts-arphic-uming)" ;;
esac
SAMPLE=$SRC/samples/shanyang-2025.xml
C=$tmp/cache
X=$tmp/extra # a font folder of the conf's, missing at first
# the roles of tests/fonts/truetype.conf, with one more folder
sed "s|<fontconfig>|<fontconfig><dir>$X</dir>|" "$SRC/tests/fonts/truetype.conf" >"$tmp/roles.conf"

# render OUT: the files it opened in $tmp/opened (LeakSanitizer cannot run under strace:
# the sanitizer build checks for leaks in the renders without it)
render() {
    GOVREPORT_CACHE=$C ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -f -qq -e trace=openat -o "$tmp/trace" \
        "$GR" render "$SAMPLE" -o "$1" --fonts-conf "$tmp/roles.conf" 2>"$tmp/err" ||
        fail "render $1: $(cat "$tmp/err")"
    sed -n 's/.*openat([^"]*"\([^"]*\)".*/\1/p' "$tmp/trace" >"$tmp/opened"
}
asked() { grep -q 'fonts\.conf$' "$tmp/opened"; }      # fontconfig read its configuration
opened() { grep -qxF "$1" "$tmp/opened"; }              # the face file was opened
entries() { find "$C" -name 'roles-*' -type f | wc -l; }

GOVREPORT_CACHE= "$GR" render "$SAMPLE" -o "$tmp/off.pdf" --fonts-conf "$tmp/roles.conf" \
    2>"$tmp/err" || fail "render with the cache off: $(cat "$tmp/err")"
render "$tmp/first.pdf"
asked || fail "the first render did not ask fontconfig"
[ "$(entries)" -eq 1 ] || fail "the first render kept $(entries) roles entries, not 1"
render "$tmp/second.pdf"
asked && fail "a second render of the same setup asked fontconfig again"
opened "$UMING" || fail "the kept faces were not opened from $UMING"
GOVREPORT_CACHE=$C "$GR" render "$SAMPLE" -o "$tmp/third.pdf" --fonts-conf "$tmp/roles.conf" \
    2>"$tmp/err" || fail "a render with the faces kept: $(cat "$tmp/err")"
for p in first second third; do
    cmp -s "$tmp/off.pdf" "$tmp/$p.pdf" || fail "the $p render's bytes differ from the cache off"
done

# a font appears in the folder that did not exist: fontconfig finds it (the copy's path
# sorts before the system's, so it is the face chosen)
mkdir "$X" && cp "$UMING" "$X/uming.ttc"
render "$tmp/added.pdf"
asked || fail "a new font folder went unnoticed"
opened "$X/uming.ttc" || fail "the font added to the conf's folder was not used"
render "$tmp/added2.pdf"
asked && fail "the new setup was not kept"
opened "$X/uming.ttc" || fail "the kept setup lost the added font"
cmp -s "$tmp/off.pdf" "$tmp/added2.pdf" || fail "the added copy changed the bytes"
# the face's file changes, its folder does not
touch -d '2001-01-01' "$X/uming.ttc"
render "$tmp/touched.pdf"
asked || fail "a changed face file went unnoticed"
touch -d '2002-02-02' "$X/uming.ttc" # again, leak-checked: faces opened, then let go
GOVREPORT_CACHE=$C "$GR" render "$SAMPLE" -o "$tmp/touched2.pdf" --fonts-conf "$tmp/roles.conf" \
    2>"$tmp/err" || fail "a render after a face file changed: $(cat "$tmp/err")"
# the font goes away
rm "$X/uming.ttc"
render "$tmp/removed.pdf"
asked || fail "a font taken out of its folder went unnoticed"
opened "$X/uming.ttc" && fail "a removed font was opened"
opened "$UMING" || fail "the system's face was not used again"
cmp -s "$tmp/off.pdf" "$tmp/removed.pdf" || fail "the bytes differ after the font went away"

# the conf changes
sed -i 's|</fontconfig>|<!-- changed --></fontconfig>|' "$tmp/roles.conf"
render "$tmp/conf.pdf"
asked || fail "a changed conf went unnoticed"

# every entry damaged: truncated, then a byte changed
for f in $(find "$C" -name 'roles-*' -type f); do truncate -s 100 "$f"; done
render "$tmp/cut.pdf"
asked || fail "a truncated entry was used"
cmp -s "$tmp/off.pdf" "$tmp/cut.pdf" || fail "a truncated entry changed the bytes"
for f in $(find "$C" -name 'roles-*' -type f); do
    printf 'X' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 3)) conv=notrunc 2>/dev/null
done
render "$tmp/flipped.pdf"
asked || fail "a damaged entry was used"
cmp -s "$tmp/off.pdf" "$tmp/flipped.pdf" || fail "a damaged entry changed the bytes"
render "$tmp/again.pdf"
asked && fail "the entry was not written again after the damage"

# never kept: a user font folder, a conf that includes another
rm -rf "$C"
mkdir "$tmp/own"
GOVREPORT_CACHE=$C "$GR" render "$SAMPLE" -o "$tmp/own.pdf" --font-dir "$tmp/own" 2>"$tmp/err" ||
    fail "render with --font-dir: $(cat "$tmp/err")"
[ "$(entries)" -eq 0 ] || fail "a render with a user font folder kept its roles"
sed "s|<fontconfig>|<fontconfig><include ignore_missing=\"yes\">$tmp/none.conf</include>|" \
    "$SRC/tests/fonts/truetype.conf" >"$tmp/roles.conf"
render "$tmp/include.pdf"
[ "$(entries)" -eq 0 ] || fail "a conf with <include> had its roles kept"

[ $fails -eq 0 ] && echo "cache_roles: ok"
exit $((fails > 0))
