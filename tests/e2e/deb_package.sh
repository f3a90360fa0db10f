#!/bin/bash
# End-to-end: the Debian package that `cpack -G DEB` makes of this build, checked without
# installing it into the machine running the tests (tools/deb-smoke.sh does the real
# `apt-get install`). The package is govreport_<version>_<arch>.deb; its Depends names the
# package of every shared library the binary needs (dpkg-shlibdeps) and, for every font
# role of the shipped fonts/govreport.conf, a group of font packages each of whose
# alternatives installs a family of that role; it holds the binary, the data, the man page
# and the licence, and no build marker. Unpacked with dpkg-deb -x into a folder, its binary
# finds its own data there and renders the sample.
# Usage: deb_package.sh <govreport> <source-dir>
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
BUILD=$(dirname "$GR")
. "$SRC/tests/e2e-lib.sh"
need_fonts "$GR"
for tool in cpack dpkg-deb dpkg-shlibdeps readelf fc-list; do
    command -v $tool >/dev/null || skip "$tool is not installed"
done
[ -f "$BUILD/CPackConfig.cmake" ] || skip "no CPackConfig.cmake in $BUILD"
fail=0

version=$("$GR" --version | sed -n '1s/^govreport //p')
arch=$(dpkg --print-architecture)
check "cpack -G DEB" 0 cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$tmp/pkg"
deb=$tmp/pkg/govreport_${version}_$arch.deb
[ -f "$deb" ] || { echo "FAIL no $(basename "$deb"): $(ls "$tmp/pkg")"; exit 1; }
echo "ok   $(basename "$deb"), $(stat -c %s "$deb") bytes"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = govreport ] || { echo "FAIL Package: $(field Package)"; fail=1; }
[ "$(field Version)" = "$version" ] || { echo "FAIL Version: $(field Version)"; fail=1; }
[ "$(field Architecture)" = "$arch" ] || { echo "FAIL Architecture: $(field Architecture)"; fail=1; }
# Depends as one group per line, alternatives separated by spaces, versions dropped
field Depends | tr ',' '\n' | sed 's/([^)]*)//g; s/|/ /g; s/  */ /g; s/^ //; s/ $//' >"$tmp/depends"
echo "     Depends: $(field Depends)"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/govreport /usr/share/govreport/fonts/govreport.conf \
    /usr/share/govreport/schemas/annual-report-2021.xsd /usr/share/man/man1/govreport.1 \
    /usr/share/doc/govreport/LICENSE; do
    grep -qx "$f" "$tmp/contents" || { echo "FAIL not in the package: $f"; fail=1; }
done
grep -q "govreport-build-data" "$tmp/contents" && { echo "FAIL the build marker is in the package"; fail=1; }

check "dpkg-deb -x" 0 dpkg-deb -x "$deb" "$tmp/root"
BIN=$tmp/root/usr/bin/govreport

# Every shared library the binary needs comes from a package in Depends: those it links
# (NEEDED) and those it loads when first used (src/base/dynlib.h: their sonames are strings
# of the binary, which dpkg-shlibdeps cannot see).
readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$tmp/needed"
[ -s "$tmp/needed" ] || { echo "FAIL readelf found no NEEDED library"; fail=1; }
n_needed=$(wc -l <"$tmp/needed")
for so in libzip.so.4 libmicrohttpd.so.12; do
    grep -qx "$so" "$tmp/needed" && { echo "FAIL $so is linked, not loaded when first used"; fail=1; }
    grep -aqx "$so" <(strings -a "$BIN") || { echo "FAIL the binary does not name $so"; fail=1; }
    echo "$so" >>"$tmp/needed"
done
libfail=$fail
while read -r so; do
    pkg=$(dpkg -S "*/$so" 2>/dev/null | grep -E "^[^:]+(:[a-z0-9]+)?: (/usr)?/lib(/.*)?/$so\$" | head -1 | cut -d: -f1)
    if [ -z "$pkg" ]; then
        echo "FAIL no installed package holds $so"
        fail=1
    elif ! grep -qw -- "$pkg" "$tmp/depends"; then
        echo "FAIL $so is in $pkg, which Depends does not name"
        fail=1
    fi
done <"$tmp/needed"
[ $fail = "$libfail" ] && echo "ok   $n_needed shared libraries linked and 2 loaded when used, each from a package in Depends"

# Every role has a Depends group each of whose alternatives installs one of its families.
conf=$SRC/fonts/govreport.conf
roles=$(sed -n 's|.*<family>\(govreport-[a-z0-9-]*\)</family>.*|\1|p' "$conf" | grep -vx govreport-latin)
[ -n "$roles" ] || { echo "FAIL no roles found in $conf"; fail=1; }
fontpkg_families() { # package: the families its installed font files have, one a line
    dpkg -L "$1" 2>/dev/null | grep -E '\.(ttf|ttc|otf|otc)$' | while read -r file; do
        fc-query -f '%{family}\n' "$file" 2>/dev/null | tr ',' '\n'
    done | sort -u
}
while read -r group; do
    for p in $group; do
        case $p in fonts-*) fontpkg_families "$p" >"$tmp/fam.$p" ;; esac
    done
done <"$tmp/depends"
rolefail=$fail
for role in $roles; do
    # the role's families: the <prefer> list under its <family> (a ":bold" asks for a weight
    # of the family, whose name is before the colon)
    awk -v r="$role" '$0 ~ "<family>" r "</family>" {on = 1; next}
        on && /<\/prefer>/ {exit}
        on {if (match($0, /<family>[^<]*<\/family>/)) print substr($0, RSTART + 8, RLENGTH - 17)}' \
        "$conf" | sed 's/:.*//' >"$tmp/role"
    served=0
    while read -r group; do
        case $group in fonts-*) ;; *) continue ;; esac
        all=1
        for p in $group; do
            [ -f "$tmp/fam.$p" ] && grep -qxFf "$tmp/role" "$tmp/fam.$p" || all=0
        done
        [ $all = 1 ] && { served=1; break; }
    done <"$tmp/depends"
    [ $served = 1 ] || { echo "FAIL no Depends group serves $role ($(tr '\n' ',' <"$tmp/role"))"; fail=1; }
done
[ $fail = "$rolefail" ] && echo "ok   each of $(echo $roles | wc -w) font roles served by a Depends group"

# The unpacked binary finds its own data and renders.
mkdir "$tmp/work"
cd "$tmp/work" || exit 1
check "unpacked --version" 0 "$BIN" --version
expect "$tmp/out" "^数据目录：$tmp/root/usr/share/govreport\$" "unpacked binary reads its own data"
check "unpacked render" 0 "$BIN" render "$SRC/samples/shanyang-2025.xml" -o report.pdf
pdfinfo report.pdf 2>/dev/null | grep -q "^Pages: *5$" || { echo "FAIL the unpacked binary's PDF"; fail=1; }
# (not for a sanitizer build: AddressSanitizer records each file's full path for its reports)
if readelf -d "$BIN" | grep -q 'NEEDED.*lib\(a\|ub\)san'; then
    echo "note: sanitizer build: the strings check is made on the normal build"
elif strings -a "$BIN" | grep -F -e "$SRC" -e "$BUILD" | head -3 | grep .; then
    echo "FAIL the packaged binary names the build machine's folders"
    fail=1
fi
exit $fail
