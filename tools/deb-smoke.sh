#!/bin/sh
# The Debian package as a user installs it: builds govreport_<version>_<arch>.deb from a build
# folder with cpack, installs it with `apt-get install ./govreport_*.deb` (which pulls in the
# libraries and font packages of its Depends), renders and checks the sample with the
# installed /usr/bin/govreport from a folder outside the source tree, then removes the
# package again.
#
#   sh tools/deb-smoke.sh [BUILD_DIR]                  on this machine (default BUILD_DIR: build)
#   sh tools/deb-smoke.sh --fresh DIR [BUILD_DIR]      in a fresh Debian 12 (minbase) made by
#                                                      debootstrap in DIR (kept for the next run)
#
# Run as root. The first form changes the machine it runs on (on one that has the build's
# packages, apt has little to pull in); the second installs into a fresh system with no font
# and no library of ours, which is what "apt-get install on a fresh Debian 12" means. It is a
# script, not a ctest test; tests/e2e/deb_package.sh checks the package without installing it.
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
fresh=
if [ "${1:-}" = --fresh ]; then
    [ $# -ge 2 ] || { echo "usage: deb-smoke.sh --fresh DIR [BUILD_DIR]" >&2; exit 2; }
    fresh=$2
    shift 2
fi
build=$(cd "${1:-build}" && pwd)
[ "$(id -u)" = 0 ] || { echo "deb-smoke: run as root (apt-get install)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" >/dev/null
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >/dev/null 2>&1)
deb=$(ls "$work"/govreport_*.deb)
echo "== $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Depends Recommends

# The steps, as a script for sh, run here or inside the fresh system.
cat >"$work/steps.sh" <<'EOF'
set -eu
export DEBIAN_FRONTEND=noninteractive
deb=$1 report=$2
if dpkg-query -W -f '${Status}' govreport 2>/dev/null | grep -q "install ok installed"; then
    echo "deb-smoke: a govreport package is installed already; remove it first" >&2
    exit 2
fi
echo "== Debian $(cat /etc/debian_version); govreport on PATH before: $(command -v govreport || echo none)"
[ -n "${FRESH:-}" ] && apt-get update -qq
echo "== apt-get install ./$(basename "$deb")"
cd "$(dirname "$deb")"
apt-get -o DPkg::Lock::Timeout=900 install -y "./$(basename "$deb")" >apt.log 2>&1 ||
    { tail -20 apt.log; exit 1; }
sed -n '/^The following NEW packages/,/newly installed/p' apt.log
status=0
echo "== $(command -v govreport)"
govreport --version
out=$(mktemp -d)
cd "$out"
if govreport render "$report" -o report.pdf; then
    echo "== render: ok, $(wc -c <report.pdf) bytes, $(head -c 8 report.pdf)"
else
    echo "== render: FAILED"
    status=1
fi
govreport check "$report" || status=1
cp report.pdf "$(dirname "$deb")/rendered.pdf" 2>/dev/null || true
echo "== apt-get remove govreport"
apt-get -o DPkg::Lock::Timeout=900 remove -y govreport >/dev/null 2>&1
if [ -e /usr/bin/govreport ]; then
    echo "== /usr/bin/govreport is still there"
    status=1
fi
rm -rf "$out"
exit $status
EOF
cp "$src/samples/shanyang-2025.xml" "$work/report.xml"

if [ -z "$fresh" ]; then
    sh "$work/steps.sh" "$deb" "$work/report.xml"
else
    if [ ! -x "$fresh/usr/bin/apt-get" ]; then
        command -v debootstrap >/dev/null ||
            apt-get -o DPkg::Lock::Timeout=900 install -y -qq debootstrap >/dev/null
        echo "== debootstrap --variant=minbase bookworm $fresh"
        debootstrap --variant=minbase bookworm "$fresh" http://deb.debian.org/debian >/dev/null
    fi
    cp /etc/resolv.conf "$fresh/etc/resolv.conf"
    mkdir -p "$fresh/root/smoke"
    cp "$deb" "$work/steps.sh" "$work/report.xml" "$fresh/root/smoke/"
    # /proc inside (the installed binary finds its data through /proc/self/exe), in a
    # private mount namespace so that nothing stays mounted
    unshare -m sh -c 'mount -t proc proc "$1/proc" && exec chroot "$1" env FRESH=1 sh /root/smoke/steps.sh "$2" /root/smoke/report.xml' \
        sh "$fresh" "/root/smoke/$(basename "$deb")"
    if command -v pdfinfo >/dev/null; then
        echo "== the PDF rendered inside: $(pdfinfo "$fresh/root/smoke/rendered.pdf" | sed -n 's/^Pages: *//p') pages"
    fi
    rm -rf "$fresh/root/smoke"
fi
echo "deb-smoke: ok"
