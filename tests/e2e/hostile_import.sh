#!/bin/bash
# Replays every committed hostile input for `import` (tests/hostile/*.txt, *.html, *.docx,
# *.pdf: careless and malicious published reports, and the import fuzzer's findings) through
# `govreport import FILE -o OUT.xml`. NAME.expect beside each input says what must happen:
#   line 1  exit status of `import`
#   line 2  a substring of its diagnostics (empty: none asked for)
# And for every input: within 60 s; stderr holds only diagnostics that name the file; a
# failed import leaves nothing in the output folder (no XML, no temporary file); a good one
# leaves one XML that `check` loads.
# Usage: hostile_import.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
for in in "$src"/tests/hostile/*.txt "$src"/tests/hostile/*.html "$src"/tests/hostile/*.docx \
    "$src"/tests/hostile/*.pdf; do
    [ -f "$in" ] || continue
    name=$(basename "$in")
    expect="${in%.*}.expect"
    if [ ! -f "$expect" ]; then
        fail "$name: no $(basename "$expect")"
        continue
    fi
    want=$(sed -n 1p "$expect")
    grep=$(sed -n 2p "$expect")
    out=$tmp/out-$n
    mkdir "$out"
    cp "$in" "$tmp/$name"
    (cd "$tmp" && timeout 60 "$bin" import "$name" -o "$out/r.xml") >"$tmp/stdout" 2>"$tmp/err"
    rc=$?
    n=$((n + 1))
    if [ "$rc" != "$want" ]; then
        fail "$name: exit $rc, expected $want"
        head -5 "$tmp/err"
        continue
    fi
    if [ -n "$grep" ] && ! grep -qF -- "$grep" "$tmp/err"; then
        fail "$name: stderr lacks: $grep"
        head -5 "$tmp/err"
    fi
    if grep -av "^$name[:：]" "$tmp/err" | grep -q .; then
        fail "$name: a line on stderr that is not a diagnostic of $name"
        head -5 "$tmp/err"
    fi
    if [ "$rc" = 0 ]; then
        [ "$(ls -A "$out")" = r.xml ] || fail "$name: the output folder holds $(ls -A "$out")"
        "$bin" check "$out/r.xml" >/dev/null 2>"$tmp/check.err"
        [ $? -le 1 ] || fail "$name: the imported XML does not load: $(head -2 "$tmp/check.err")"
    else
        [ -z "$(ls -A "$out")" ] || fail "$name: a failed import left $(ls -A "$out")"
    fi
    echo "ok   $name (exit $rc)"
done
[ "$n" -gt 0 ] || fail "no hostile import input found"
exit $((fails > 0))
