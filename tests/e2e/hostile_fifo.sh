#!/bin/bash
# Paths that are not regular files (base/file.h, gr_file_open_read): a FIFO, a socket or a
# device must never block or be read. A FIFO in the font folder (named like a font, or
# `readme`) is passed over with W-FONT naming it and the render goes on; a FIFO given as
# the report, as last year's report, as the font configuration or as the input of import
# is a clear error at once; FIFOs in the glyph cache folder are passed over. Every run is under `timeout`: a hang fails the test instead of
# the suite.
# Usage: hostile_fifo.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
command -v mkfifo >/dev/null || skip "no mkfifo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
cp "$src/samples/shanyang-2025.xml" good.xml

# run NAME WANT_RC GREP -- ARGS...: govreport ARGS within 20 s, exit WANT_RC, stderr holds GREP.
run() {
    local name=$1 want=$2 grep=$3
    shift 4
    timeout 20 "$bin" "$@" >"$name.out" 2>"$name.err"
    local rc=$?
    if [ "$rc" = 124 ]; then
        fail "$name: still running after 20 s (blocked on a FIFO?)"
    elif [ "$rc" != "$want" ]; then
        fail "$name: exit $rc, expected $want"
        head -5 "$name.err"
    elif [ -n "$grep" ] && ! grep -qF -- "$grep" "$name.err"; then
        fail "$name: stderr lacks: $grep"
        head -5 "$name.err"
    else
        echo "ok   $name"
    fi
}

# ---- the font folder: FIFOs under any name, a socket, a folder below ----
mkdir -p fonts/sub out
mkfifo fonts/readme fonts/Fake.ttf fonts/sub/deep.otf
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' fonts/sock.ttf \
    2>/dev/null || true
ln -s /dev/zero fonts/zero.ttf
run font-dir-render 0 "[W-FONT]" -- render good.xml --font-dir fonts -o out/r.pdf
[ -s out/r.pdf ] || fail "font-dir-render: no PDF"
for f in readme Fake.ttf sub/deep.otf zero.ttf; do
    grep -qF "fonts/$f" font-dir-render.err || fail "font-dir-render: W-FONT does not name $f"
done
grep -F "fonts/readme" font-dir-render.err | grep -qF "命名管道" ||
    fail "font-dir-render: the FIFO is not called one"
[ -S fonts/sock.ttf ] && ! grep -qF "fonts/sock.ttf" font-dir-render.err &&
    fail "font-dir-render: the socket is not named"
run font-dir-batch 0 "[W-FONT]" -- batch -q -j 2 --font-dir fonts -o out good.xml
[ -s out/good.pdf ] || fail "font-dir-batch: no PDF"

# ---- a FIFO where a file is read: an error, at once ----
mkfifo in.xml last.xml conf.conf in.txt
run input-check 1 "命名管道" -- check in.xml
run input-render 1 "命名管道" -- render in.xml -o out/in.pdf
[ ! -e out/in.pdf ] || fail "input-render: a PDF was written"
run input-import 1 "命名管道" -- import in.txt -o out/in-import.xml
[ ! -e out/in-import.xml ] || fail "input-import: an XML was written"
run previous-check 1 "命名管道" -- check --previous last.xml good.xml
run fonts-conf 3 "命名管道" -- render good.xml --fonts-conf conf.conf -o out/conf.pdf
run batch-input 1 "命名管道" -- batch -q -o out good.xml in.xml
[ -s out/good.pdf ] || fail "batch-input: the good report was not rendered"
# a folder of inputs and a --previous folder holding a FIFO named *.xml: passed over
mkdir inputs prev
cp good.xml inputs/a.xml
mkfifo inputs/b.xml prev/old.xml
run batch-folder 0 "" -- batch -q -o out/folder --previous prev inputs
[ -s out/folder/a.pdf ] || fail "batch-folder: a.xml was not rendered"
[ ! -e out/folder/b.pdf ] || fail "batch-folder: the FIFO was rendered"
# the glyph cache folder (GOVREPORT_CACHE) holding a FIFO in every slot: passed over
mkdir cache
(cd cache && for i in $(seq 0 511); do printf 'run-%03x-0\nrun-%03x-1\n' "$i" "$i"; done | xargs mkfifo)
(cd cache && for i in $(seq 0 63); do printf 'font-%03x-0\nfont-%03x-1\n' "$i" "$i"; done | xargs mkfifo)
GOVREPORT_CACHE=$tmp/cache run cache-fifos 0 "" -- render good.xml -o out/cache.pdf
[ -s out/cache.pdf ] || fail "cache-fifos: no PDF"
# a device and a socket given as the report
run input-device 1 "设备文件" -- check /dev/zero
if [ -S fonts/sock.ttf ]; then
    run input-socket 1 "套接字" -- check fonts/sock.ttf
fi
exit $((fails > 0))
