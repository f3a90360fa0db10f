#!/bin/bash
# Every file in tests/bad/ has one fault; its .expect sidecar gives the exit status (line 1)
# and a substring the diagnostics must contain (line 2). Run as: check_bad.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the tests change directory
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
fail=0
n=0
for xml in "$src"/tests/bad/*.xml; do
    name=$(basename "$xml" .xml)
    expect="$src/tests/bad/$name.expect"
    if [ ! -f "$expect" ]; then
        echo "FAIL $name: no $name.expect"
        fail=1
        continue
    fi
    want_rc=$(sed -n 1p "$expect")
    want_msg=$(sed -n 2p "$expect")
    (cd "$src/tests/bad" && "$bin" check "$name.xml") >"$tmp/out" 2>"$tmp/err"
    rc=$?
    n=$((n + 1))
    if [ "$rc" != "$want_rc" ]; then
        echo "FAIL $name: exit $rc, expected $want_rc"
        cat "$tmp/err"
        fail=1
    elif ! grep -qF -- "$want_msg" "$tmp/err"; then
        echo "FAIL $name: diagnostics lack: $want_msg"
        cat "$tmp/err"
        fail=1
    elif ! grep -q "^$name.xml:[0-9]*" "$tmp/err"; then
        echo "FAIL $name: no file:line position"
        cat "$tmp/err"
        fail=1
    elif grep -v "^$name.xml[:：]" "$tmp/err" | grep -q .; then
        echo "FAIL $name: a line that is not a diagnostic (libxml2 printing directly?)"
        cat "$tmp/err"
        fail=1
    else
        echo "ok   $name"
    fi
done

# The external entity names /etc/passwd: it must be refused without being read.
(cd "$src/tests/bad" && "$bin" check external-entity.xml) >"$tmp/out" 2>&1
if grep -q "root:" "$tmp/out"; then
    echo "FAIL external-entity: output contains the file's content"
    fail=1
fi
# The bomb must be refused quickly (the ctest TIMEOUT is the backstop).
start=$(date +%s)
"$bin" check "$src/tests/bad/entity-bomb.xml" >/dev/null 2>&1
if [ $(($(date +%s) - start)) -gt 5 ]; then
    echo "FAIL entity-bomb: took more than 5 s"
    fail=1
fi

# Paths that are not report files.
"$bin" check "$src/tests/bad" 2>"$tmp/err"
rc=$?
if [ $rc != 1 ] || ! grep -q "E-IO" "$tmp/err" || ! grep -q "文件夹" "$tmp/err"; then
    echo "FAIL folder: exit $rc"; cat "$tmp/err"; fail=1
fi
"$bin" check "$tmp/does-not-exist.xml" 2>"$tmp/err"
rc=$?
if [ $rc != 1 ] || ! grep -q "文件不存在" "$tmp/err"; then
    echo "FAIL missing file: exit $rc"; cat "$tmp/err"; fail=1
fi
# Over the size cap (16 MB): E-SIZE without parsing.
head -c 17000000 /dev/zero | tr '\0' ' ' >"$tmp/huge.xml"
"$bin" check "$tmp/huge.xml" 2>"$tmp/err"
rc=$?
if [ $rc != 1 ] || ! grep -q "E-SIZE" "$tmp/err"; then
    echo "FAIL size cap: exit $rc"; cat "$tmp/err"; fail=1
fi
# All errors of a file in one run: two faults, two errors.
sed -e 's/<open natural="9"/<open natural="x9"/' -e 's/<partial natural="5"/<partial natural="-5"/' \
    "$src/samples/shanyang-2025.xml" >"$tmp/two.xml"
"$bin" check "$tmp/two.xml" 2>"$tmp/err"
if [ "$(grep -c 'E-SCHEMA' "$tmp/err")" != 2 ]; then
    echo "FAIL two faults: expected two E-SCHEMA"; cat "$tmp/err"; fail=1
fi

echo "$n bad inputs checked"
exit $fail
