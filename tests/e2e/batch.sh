#!/bin/bash
# End-to-end: `govreport batch` (issue 5). 120 good reports and one broken among them in a
# folder: the 120 are rendered, the broken one is named, exit 1; the summary lists every
# input with its outcome (CSV and JSON); --shard 1/2 and 2/2 are disjoint and together
# complete; usage errors exit 2; a missing output folder is made (issue 14).
# Usage: batch.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/in" "$TMP/out" "$TMP/s1" "$TMP/s2" "$TMP/all"
for i in $(seq -w 1 120); do
    cp "$SRC/samples/shanyang-2025.xml" "$TMP/in/district-$i.xml"
done
# One figure changed: R3 and R2 no longer hold.
sed 's/natural="28"/natural="27"/' "$SRC/samples/shanyang-2025.xml" >"$TMP/in/district-077b.xml"
grep -q 'natural="27"' "$TMP/in/district-077b.xml" || fail "could not make the broken report"
echo "not a report" >"$TMP/in/notes.md" # not a kind of report file: ignored

"$GR" batch -j 2 --summary "$TMP/summary.csv" -o "$TMP/out" "$TMP/in" 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] || fail "batch with a broken report: exit $rc, expected 1"
n=$(ls "$TMP/out"/*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 120 ] || fail "expected 120 PDFs, got $n"
[ -e "$TMP/out/district-077b.pdf" ] && fail "a PDF was written for the broken report"
ls -A "$TMP/out" | grep -v '\.pdf$' && fail "stray files in the output folder"
grep -q "district-077b.xml:[0-9]*:[0-9]*: 错误：.*E-BALANCE" "$TMP/err" || fail "broken report not named with its error: $(head -3 "$TMP/err")"
grep -q "失败 1 份" "$TMP/err" || fail "no summary line on stderr"
for f in "$TMP"/out/district-001.pdf "$TMP"/out/district-120.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check $f"
done

# Summary: a header and one line per input, with its outcome.
lines=$(($(wc -l <"$TMP/summary.csv") - 1))
[ "$lines" -eq 121 ] || fail "summary has $lines rows, expected 121"
[ "$(grep -c ',ok,' "$TMP/summary.csv")" -eq 120 ] || fail "summary: not 120 ok rows"
grep -q '^"[^"]*district-077b.xml","",invalid,0,0,[0-9.]*,"[^"]*E-BALANCE' "$TMP/summary.csv" ||
    fail "summary row of the broken report: $(grep 077b "$TMP/summary.csv")"
"$GR" batch -q -j 1 --summary "$TMP/summary.json" -o "$TMP/all" "$TMP/in/district-077b.xml" \
    "$TMP/in/district-001.xml" 2>/dev/null
grep -q '"outcome": "invalid"' "$TMP/summary.json" && grep -q '"outcome": "ok"' "$TMP/summary.json" ||
    fail "JSON summary: $(cat "$TMP/summary.json")"

# Shards: disjoint, and together every input exactly once.
"$GR" batch -q --shard 1/2 --summary "$TMP/shard1.csv" -o "$TMP/s1" "$TMP/in" 2>/dev/null
"$GR" batch -q --shard=2/2 --summary "$TMP/shard2.csv" -o "$TMP/s2" "$TMP/in" 2>/dev/null
cut -d, -f1 "$TMP/shard1.csv" | tail -n +2 | sort >"$TMP/k1"
cut -d, -f1 "$TMP/shard2.csv" | tail -n +2 | sort >"$TMP/k2"
cut -d, -f1 "$TMP/summary.csv" | tail -n +2 | sort >"$TMP/kall"
[ -z "$(comm -12 "$TMP/k1" "$TMP/k2")" ] || fail "shards overlap"
sort "$TMP/k1" "$TMP/k2" | cmp -s - "$TMP/kall" || fail "shards together are not the whole list"
[ "$(wc -l <"$TMP/k1")" -eq 61 ] && [ "$(wc -l <"$TMP/k2")" -eq 60 ] || fail "shards not split evenly"

# Usage and environment errors.
"$GR" batch -o "$TMP/out" 2>/dev/null; [ $? -eq 2 ] || fail "no inputs: not exit 2"
"$GR" batch --shard 3/2 -o "$TMP/out" "$TMP/in" 2>/dev/null; [ $? -eq 2 ] || fail "bad shard: not exit 2"
"$GR" batch -j 0 -o "$TMP/out" "$TMP/in" 2>/dev/null; [ $? -eq 2 ] || fail "-j 0: not exit 2"
# -o DIR: made with its parents when missing (issue 14); a file there is a usage error.
"$GR" batch -q -o "$TMP/new/folder" "$TMP/in/district-001.xml" 2>/dev/null; [ $? -eq 0 ] || fail "missing output folder: not made"
[ -f "$TMP/new/folder/district-001.pdf" ] || fail "no PDF in the new folder"
touch "$TMP/afile"
"$GR" batch -o "$TMP/afile" "$TMP/in/district-001.xml" 2>"$TMP/e2"; [ $? -eq 2 ] || fail "-o a file: not exit 2"
grep -q "不是目录" "$TMP/e2" || fail "-o a file: no reason given"
"$GR" batch -o "$TMP/afile/sub" "$TMP/in/district-001.xml" 2>/dev/null; [ $? -eq 2 ] || fail "-o under a file: not exit 2"
chmod 555 "$TMP/out"
if [ "$(id -u)" != 0 ]; then
    "$GR" batch -o "$TMP/out/cannot" "$TMP/in/district-001.xml" 2>/dev/null; [ $? -eq 3 ] || fail "unwritable parent: not exit 3"
fi
chmod 755 "$TMP/out"
"$GR" batch --help | grep -q -- '--shard' || fail "--help"

# The summary is written like every output: a path that cannot take it is said before any
# render (exit 3, nothing rendered), and a link planted beside it is never followed.
mkdir "$TMP/nosum"
"$GR" batch -q --summary "$TMP/no/such/folder/s.csv" -o "$TMP/nosum" "$TMP/in/district-001.xml" \
    2>"$TMP/nosum.err"
[ $? -eq 3 ] || fail "summary in a missing folder: not exit 3"
grep -q 'E-WRITE' "$TMP/nosum.err" || fail "summary in a missing folder: $(cat "$TMP/nosum.err")"
[ -z "$(ls -A "$TMP/nosum")" ] || fail "summary in a missing folder: reports were rendered"
echo precious >"$TMP/precious"
mkdir "$TMP/sumdir"
# (the name the summary's temporary file once had: PATH.tmp.PID, the PID known after exec)
bash -c 'ln -s "$1/precious" "$1/sumdir/s.csv.tmp.$$" &&
    exec "$2" batch -q --summary "$1/sumdir/s.csv" -o "$1/nosum" "$1/in/district-001.xml"' \
    _ "$TMP" "$GR" 2>/dev/null || fail "summary beside a planted link: exit $?"
[ "$(cat "$TMP/precious")" = precious ] || fail "summary: a planted link was followed"
grep -q ',ok,' "$TMP/sumdir/s.csv" || fail "summary beside a planted link: not written"
[ "$(ls -A "$TMP/sumdir" | grep -vc '^s.csv.tmp.')" -eq 1 ] || fail "summary: a temporary file was left"

[ $fails -eq 0 ] && echo "batch: ok"
exit $((fails > 0))
