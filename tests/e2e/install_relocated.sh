#!/bin/bash
# End-to-end: an installed govreport owes nothing to the tree it was built in.
# `cmake --install` of this build into a DESTDIR with prefix /usr puts the binary, the font
# roles, the schema, the man page and the licence in their GNUInstallDirs folders, and no
# build marker. `strings` of the installed binary holds no path of the source or build
# folder. The installed tree is then moved to another folder (a relocated install) and the
# sample rendered with it from a third folder, three ways:
# - with the source and build folders hidden: a private mount namespace (unshare -m) mounts
#   an empty tmpfs over each, so nothing there can be read; needs CAP_SYS_ADMIN, as root on
#   a machine or VM (skipped in a container that forbids it, which is said);
# - under strace: no file under the source or build folder is opened or looked at, and the
#   moved data folder's govreport.conf is opened;
# - always: the moved conf is the one read (a copy of it naming no installed family makes
#   the render fail with E-FONT naming the moved path), and the override order holds:
#   --fonts-conf, then GOVREPORT_FONTS_CONF, then the installed data.
# Usage: install_relocated.sh <govreport> <source-dir>
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
BUILD=$(dirname "$GR")
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
command -v cmake >/dev/null || skip "cmake is not on PATH"
fail=0

# The build tree's binary finds the source tree's data through its marker file.
check "build-tree --version" 0 "$GR" --version
expect "$tmp/out" "^数据目录：$SRC\$" "build-tree binary reads the source tree's data"

check "cmake --install into DESTDIR" 0 env DESTDIR="$tmp/stage" cmake --install "$BUILD" --prefix /usr
for f in bin/govreport share/govreport/fonts/govreport.conf \
    share/govreport/schemas/annual-report-2021.xsd share/doc/govreport/LICENSE \
    share/doc/govreport/README.md; do
    [ -f "$tmp/stage/usr/$f" ] || { echo "FAIL not installed: /usr/$f"; fail=1; }
done
if [ -f "$BUILD/govreport.1" ]; then
    [ -f "$tmp/stage/usr/share/man/man1/govreport.1" ] || { echo "FAIL man page not installed"; fail=1; }
fi
if find "$tmp/stage" -name govreport-build-data | grep -q .; then
    echo "FAIL the build marker was installed"
    fail=1
fi
strings -a "$tmp/stage/usr/bin/govreport" >"$tmp/strings"
# AddressSanitizer records the full path of each file for its reports: a sanitizer build is
# for tests, never installed, so the check applies to the normal build only.
if readelf -d "$tmp/stage/usr/bin/govreport" | grep -q 'NEEDED.*lib\(a\|ub\)san'; then
    echo "note: sanitizer build: the strings check is made on the normal build"
elif grep -F -e "$SRC" -e "$BUILD" "$tmp/strings" >"$tmp/leak"; then
    echo "FAIL the installed binary names the build machine's folders:"
    head -5 "$tmp/leak"
    fail=1
else
    echo "ok   strings of the installed binary: no path of $SRC or $BUILD"
fi

# Relocate: /usr of the DESTDIR becomes another prefix; work from a third folder.
mv "$tmp/stage/usr" "$tmp/moved"
rm -rf "$tmp/stage"
mkdir "$tmp/work"
cp "$SRC/samples/shanyang-2025.xml" "$tmp/work/report.xml"
cd "$tmp/work" || exit 1
BIN=$tmp/moved/bin/govreport
DATA=$tmp/moved/share/govreport
check "relocated --version" 0 "$BIN" --version
expect "$tmp/out" "^数据目录：$DATA\$" "relocated binary names its moved data folder"
expect "$tmp/out" "^libharu [0-9]" "--version: libharu"
expect "$tmp/out" "^libxml2 [0-9]*\.[0-9]*\.[0-9]" "--version: libxml2"
expect "$tmp/out" "^HarfBuzz [0-9]" "--version: HarfBuzz"
expect "$tmp/out" "^fontconfig [0-9]*\.[0-9]*\.[0-9]" "--version: fontconfig"

pdf_ok() { # file: a complete PDF of the sample's 5 pages
    [ -s "$1" ] && pdfinfo "$1" 2>/dev/null | grep -q "^Pages: *5$"
}

# 1. Source and build folders hidden.
# shellcheck disable=SC2016 # expanded by the inner shell
# (the build folder first: it may lie inside the source folder)
hide='mount -t tmpfs none "$2" && mount -t tmpfs none "$1" &&
      [ ! -e "$1/fonts/govreport.conf" ] && [ ! -e "$2/govreport-build-data" ] || exit 99
      shift 2; exec "$@"'
mkdir "$tmp/probe"
if unshare -m mount -t tmpfs none "$tmp/probe" 2>/dev/null; then
    unshare -m sh -c "$hide" sh "$SRC" "$BUILD" "$BIN" render report.xml -o hidden.pdf \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc = 0 ] && pdf_ok hidden.pdf; then
        echo "ok   render with the source and build folders hidden (unshare -m, tmpfs over both)"
    else
        echo "FAIL render with the source tree hidden: exit $rc"
        cat "$tmp/err"
        fail=1
    fi
else
    echo "note: no mount namespace here (unshare -m or its mount refused); hiding skipped"
fi

# 2. What the relocated binary touches.
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
    # LeakSanitizer cannot run under ptrace (in the sanitizer build)
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -f -e trace=%file -o "$tmp/trace" "$BIN" render report.xml -o traced.pdf 2>"$tmp/err"
    rc=$?
    [ $rc = 0 ] && pdf_ok traced.pdf || { echo "FAIL render under strace: exit $rc"; cat "$tmp/err"; fail=1; }
    if grep -F -e "\"$SRC/" -e "\"$SRC\"" -e "\"$BUILD/" -e "\"$BUILD\"" "$tmp/trace" >"$tmp/touched"; then
        echo "FAIL the relocated binary looked in the source or build folder:"
        head -5 "$tmp/touched"
        fail=1
    else
        echo "ok   strace: no file under the source or build folder touched"
    fi
    grep -q "open.*\"$DATA/fonts/govreport.conf\"" "$tmp/trace" ||
        { echo "FAIL strace: the moved data folder's govreport.conf was not opened"; fail=1; }
else
    echo "note: strace is missing or not permitted; the file trace skipped"
fi

# 3. The moved conf is the one read; the override order.
cp "$DATA/fonts/govreport.conf" "$tmp/good.conf"
sed 's|<family>\([^<g][^<]*\)</family>|<family>No Such Family \1</family>|' \
    "$tmp/good.conf" >"$tmp/nofonts.conf"
cp "$tmp/nofonts.conf" "$DATA/fonts/govreport.conf"
check "installed conf is read" 3 "$BIN" render report.xml -o broken.pdf
expect "$tmp/err" "^$DATA/fonts/govreport.conf: .*\[E-FONT\]" "E-FONT names the moved conf"
[ -e broken.pdf ] && { echo "FAIL a PDF was written without fonts"; fail=1; }
check "--fonts-conf before the installed data" 0 "$BIN" render report.xml -o flag.pdf --fonts-conf "$tmp/good.conf"
check "GOVREPORT_FONTS_CONF before the installed data" 0 \
    env GOVREPORT_FONTS_CONF="$tmp/good.conf" "$BIN" render report.xml -o env.pdf
cp "$tmp/good.conf" "$DATA/fonts/govreport.conf"
check "GOVREPORT_FONTS_CONF over the installed data" 3 \
    env GOVREPORT_FONTS_CONF="$tmp/nofonts.conf" "$BIN" render report.xml -o broken.pdf
expect "$tmp/err" "nofonts.conf" "E-FONT names the environment's conf"
check "--fonts-conf over GOVREPORT_FONTS_CONF" 0 \
    env GOVREPORT_FONTS_CONF="$tmp/nofonts.conf" "$BIN" render report.xml -o both.pdf --fonts-conf "$tmp/good.conf"
pdf_ok both.pdf || { echo "FAIL no PDF with --fonts-conf over the environment"; fail=1; }
cmp -s flag.pdf both.pdf || { echo "FAIL the same conf gave different PDFs"; fail=1; }
exit $fail
