#!/bin/sh
# The Debian package as a user installs it: builds govreport_<version>_<arch>.deb from a build
# folder with cpack, installs it with `apt-get install ./govreport_*.deb` (which pulls in the
# libraries and font packages of its Depends), renders the sample with the installed
# /usr/bin/govreport from a folder outside the source tree, shows the man page, then removes
# the package again. It changes the machine it runs on (as root), so it is a script to run on
# a fresh Debian 12 machine or container, not a ctest test; tests/e2e/deb_package.sh checks
# the same package without installing it.
# Usage: sh tools/deb-smoke.sh [BUILD_DIR]   (default: build, configured and built already)
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
build=$(cd "${1:-build}" && pwd)
[ "$(id -u)" = 0 ] || { echo "deb-smoke: run as root (apt-get install)" >&2; exit 2; }
if dpkg-query -W -f '${Status}' govreport 2>/dev/null | grep -q "install ok installed"; then
    echo "deb-smoke: a govreport package is installed already; remove it first" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" >/dev/null
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >/dev/null)
deb=$(ls "$work"/govreport_*.deb)
echo "== $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Depends Recommends
echo "== apt-get install ./$(basename "$deb")"
cd "$work"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=900 install -y "./$(basename "$deb")" | tail -3
status=0
echo "== $(command -v govreport)"
govreport --version
cp "$src/samples/shanyang-2025.xml" report.xml
if govreport render report.xml -o report.pdf; then
    echo "== render: ok, $(pdfinfo report.pdf 2>/dev/null | sed -n 's/^Pages: *//p') pages, $(stat -c %s report.pdf) bytes"
else
    echo "== render: FAILED"
    status=1
fi
echo "== man -w govreport: $(man -w govreport 2>&1 || true)"
echo "== apt-get remove govreport"
apt-get -o DPkg::Lock::Timeout=900 remove -y govreport | tail -1
[ ! -e /usr/bin/govreport ] || { echo "== /usr/bin/govreport is still there"; status=1; }
[ $status = 0 ] && echo "deb-smoke: ok"
exit $status
