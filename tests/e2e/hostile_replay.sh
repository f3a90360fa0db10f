#!/bin/bash
# Replays every committed hostile input (tests/hostile/*.xml: careless and malicious files,
# and the fuzzer's findings) and every tests/bad/*.xml through `check` and `render`.
# NAME.expect beside each input says what must happen:
#   line 1  exit status of `check`
#   line 2  a substring of check's diagnostics (empty: none asked for)
#   line 3  exit status of `render` (absent: the same as check's)
#   line 4  a substring of render's diagnostics (absent: line 2)
# And for every input: stderr holds only diagnostics that name the file; a failed render
# leaves nothing in the output folder (no PDF, no temporary file); a good one leaves one
# PDF; no byte of a file the input names (secret.txt beside it, /etc/hostname, /etc/passwd)
# reaches stdout, stderr or the PDF; nothing connects to the network address the inputs
# name (127.0.0.1:47321, watched when python3 is there to listen).
# Usage: hostile_replay.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
listener=""
on_exit() { # run by e2e-lib.sh before it removes $tmp
    if [ -n "$listener" ]; then kill "$listener" 2>/dev/null; fi
}

secret="GR-SECRET-$$-$RANDOM$RANDOM"
host=$(tr -d '\n' </etc/hostname 2>/dev/null)
[ ${#host} -ge 8 ] || host="" # a short host name ("vm") could occur by chance

# A listener on the port the inputs name: any connection is a failure.
port=47321
if command -v python3 >/dev/null; then
    timeout 600 python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    open(sys.argv[2], "w").write("busy\n"); sys.exit(0)
s.listen(8); open(sys.argv[2], "w").write("ready\n")
while True:
    c, _ = s.accept(); open(sys.argv[2], "a").write("connection\n"); c.close()
' "$port" "$tmp/listener.log" &
    listener=$!
    for _ in $(seq 50); do [ -s "$tmp/listener.log" ] && break; sleep 0.1; done
fi

# No byte of a named file in the given outputs.
no_leak() {
    local what=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        if grep -aqF "$secret" "$f"; then fail "$what: secret.txt's content in $(basename "$f")"; fi
        if grep -aq "root:x:0:0" "$f"; then fail "$what: /etc/passwd's content in $(basename "$f")"; fi
        if [ -n "$host" ] && grep -aqF "$host" "$f"; then
            fail "$what: /etc/hostname's content in $(basename "$f")"
        fi
    done
}

# Only diagnostics on stderr, each naming the file.
only_diagnostics() {
    local what=$1 name=$2 err=$3
    if grep -av "^$name[:：]" "$err" | grep -q .; then
        fail "$what: a line on stderr that is not a diagnostic of $name"
        head -5 "$err"
    fi
}

n=0
for xml in "$src"/tests/hostile/*.xml "$src"/tests/bad/*.xml; do
    base=$(basename "$xml" .xml)
    expect="${xml%.xml}.expect"
    if [ ! -f "$expect" ]; then
        fail "$base: no $base.expect"
        continue
    fi
    want_check=$(sed -n 1p "$expect")
    want_check_msg=$(sed -n 2p "$expect")
    want_render=$(sed -n 3p "$expect")
    want_render_msg=$(sed -n 4p "$expect")
    [ -n "$want_render" ] || want_render=$want_check
    [ "$(wc -l <"$expect")" -ge 4 ] || want_render_msg=$want_check_msg
    n=$((n + 1))

    w="$tmp/$base"
    mkdir -p "$w/out"
    cp "$xml" "$w/$base.xml"
    printf '%s\n' "$secret" >"$w/secret.txt"
    cd "$w" || exit 1

    "$bin" check "$base.xml" >check.out 2>check.err
    rc=$?
    if [ "$rc" != "$want_check" ]; then
        fail "$base: check exit $rc, expected $want_check"
        head -5 check.err
    elif [ -n "$want_check_msg" ] && ! grep -qF -- "$want_check_msg" check.err; then
        fail "$base: check diagnostics lack: $want_check_msg"
        head -5 check.err
    fi
    if [ "$rc" != 0 ] && ! grep -q "^$base.xml:[0-9]" check.err; then
        fail "$base: check names no line"
    fi
    only_diagnostics "$base (check)" "$base.xml" check.err

    "$bin" render "$base.xml" -o "out/$base.pdf" >render.out 2>render.err
    rc=$?
    if [ "$rc" != "$want_render" ]; then
        fail "$base: render exit $rc, expected $want_render"
        head -5 render.err
    elif [ -n "$want_render_msg" ] && ! grep -qF -- "$want_render_msg" render.err; then
        fail "$base: render diagnostics lack: $want_render_msg"
        head -5 render.err
    fi
    only_diagnostics "$base (render)" "$base.xml" render.err
    left=$(ls -A out)
    if [ "$rc" != 0 ]; then
        [ -z "$left" ] || fail "$base: a failed render left: $left"
    else
        [ "$left" = "$base.pdf" ] || fail "$base: the output folder holds: $left"
        if [ "$(head -c 5 "out/$base.pdf")" != "%PDF-" ]; then fail "$base: not a PDF"; fi
        pdftotext "out/$base.pdf" pdf.txt 2>/dev/null || fail "$base: pdftotext"
    fi
    no_leak "$base" check.out check.err render.out render.err "out/$base.pdf" pdf.txt
    cd "$src" || exit 1
    rm -rf "$w"
done

if [ -n "$listener" ]; then
    if grep -q connection "$tmp/listener.log"; then
        fail "something connected to 127.0.0.1:$port"
    fi
    grep -q ready "$tmp/listener.log" || echo "note: port $port busy, network not watched"
else
    echo "note: no python3, network not watched"
fi

echo "$n inputs replayed through check and render"
if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
