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
need_fonts "$GR"

mkdir -p "$tmp/in" "$tmp/out" "$tmp/s1" "$tmp/s2" "$tmp/all"
for i in $(seq -w 1 120); do
    cp "$SRC/samples/shanyang-2025.xml" "$tmp/in/district-$i.xml"
done
# One figure changed: R3 and R2 no longer hold.
sed 's/natural="28"/natural="27"/' "$SRC/samples/shanyang-2025.xml" >"$tmp/in/district-077b.xml"
grep -q 'natural="27"' "$tmp/in/district-077b.xml" || fail "could not make the broken report"
echo "not a report" >"$tmp/in/notes.md" # not a kind of report file: ignored

"$GR" batch -j 2 --summary "$tmp/summary.csv" -o "$tmp/out" "$tmp/in" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "batch with a broken report: exit $rc, expected 1"
n=$(ls "$tmp/out"/*.pdf 2>/dev/null | wc -l)
[ "$n" -eq 120 ] || fail "expected 120 PDFs, got $n"
[ -e "$tmp/out/district-077b.pdf" ] && fail "a PDF was written for the broken report"
ls -A "$tmp/out" | grep -v '\.pdf$' && fail "stray files in the output folder"
grep -q "district-077b.xml:[0-9]*:[0-9]*: 错误：.*E-BALANCE" "$tmp/err" || fail "broken report not named with its error: $(head -3 "$tmp/err")"
grep -q "失败 1 份" "$tmp/err" || fail "no summary line on stderr"
for f in "$tmp"/out/district-001.pdf "$tmp"/out/district-120.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || fail "qpdf --check $f"
done

# Summary: a header and one line per input, with its outcome.
lines=$(($(wc -l <"$tmp/summary.csv") - 1))
[ "$lines" -eq 121 ] || fail "summary has $lines rows, expected 121"
[ "$(grep -c ',ok,' "$tmp/summary.csv")" -eq 120 ] || fail "summary: not 120 ok rows"
grep -q '^"[^"]*district-077b.xml","",invalid,0,0,[0-9.]*,"[^"]*E-BALANCE' "$tmp/summary.csv" ||
    fail "summary row of the broken report: $(grep 077b "$tmp/summary.csv")"
"$GR" batch -q -j 1 --summary "$tmp/summary.json" -o "$tmp/all" "$tmp/in/district-077b.xml" \
    "$tmp/in/district-001.xml" 2>/dev/null
grep -q '"outcome": "invalid"' "$tmp/summary.json" && grep -q '"outcome": "ok"' "$tmp/summary.json" ||
    fail "JSON summary: $(cat "$tmp/summary.json")"

# Shards: disjoint, and together every input exactly once.
"$GR" batch -q --shard 1/2 --summary "$tmp/shard1.csv" -o "$tmp/s1" "$tmp/in" 2>/dev/null
"$GR" batch -q --shard=2/2 --summary "$tmp/shard2.csv" -o "$tmp/s2" "$tmp/in" 2>/dev/null
cut -d, -f1 "$tmp/shard1.csv" | tail -n +2 | sort >"$tmp/k1"
cut -d, -f1 "$tmp/shard2.csv" | tail -n +2 | sort >"$tmp/k2"
cut -d, -f1 "$tmp/summary.csv" | tail -n +2 | sort >"$tmp/kall"
[ -z "$(comm -12 "$tmp/k1" "$tmp/k2")" ] || fail "shards overlap"
sort "$tmp/k1" "$tmp/k2" | cmp -s - "$tmp/kall" || fail "shards together are not the whole list"
[ "$(wc -l <"$tmp/k1")" -eq 61 ] && [ "$(wc -l <"$tmp/k2")" -eq 60 ] || fail "shards not split evenly"

# Usage and environment errors.
"$GR" batch -o "$tmp/out" 2>/dev/null; [ $? -eq 2 ] || fail "no inputs: not exit 2"
"$GR" batch --shard 3/2 -o "$tmp/out" "$tmp/in" 2>/dev/null; [ $? -eq 2 ] || fail "bad shard: not exit 2"
"$GR" batch -j 0 -o "$tmp/out" "$tmp/in" 2>/dev/null; [ $? -eq 2 ] || fail "-j 0: not exit 2"
# -o DIR: made with its parents when missing (issue 14); a file there is a usage error.
"$GR" batch -q -o "$tmp/new/folder" "$tmp/in/district-001.xml" 2>/dev/null; [ $? -eq 0 ] || fail "missing output folder: not made"
[ -f "$tmp/new/folder/district-001.pdf" ] || fail "no PDF in the new folder"
touch "$tmp/afile"
"$GR" batch -o "$tmp/afile" "$tmp/in/district-001.xml" 2>"$tmp/e2"; [ $? -eq 2 ] || fail "-o a file: not exit 2"
grep -q "不是目录" "$tmp/e2" || fail "-o a file: no reason given"
"$GR" batch -o "$tmp/afile/sub" "$tmp/in/district-001.xml" 2>/dev/null; [ $? -eq 2 ] || fail "-o under a file: not exit 2"
chmod 555 "$tmp/out"
if [ "$(id -u)" != 0 ]; then
    "$GR" batch -o "$tmp/out/cannot" "$tmp/in/district-001.xml" 2>/dev/null; [ $? -eq 3 ] || fail "unwritable parent: not exit 3"
fi
chmod 755 "$tmp/out"
"$GR" batch --help | grep -q -- '--shard' || fail "--help"

# The summary is written like every output: a path that cannot take it is said before any
# render (exit 3, nothing rendered), and a link planted beside it is never followed.
mkdir "$tmp/nosum"
"$GR" batch -q --summary "$tmp/no/such/folder/s.csv" -o "$tmp/nosum" "$tmp/in/district-001.xml" \
    2>"$tmp/nosum.err"
[ $? -eq 3 ] || fail "summary in a missing folder: not exit 3"
grep -q 'E-WRITE' "$tmp/nosum.err" || fail "summary in a missing folder: $(cat "$tmp/nosum.err")"
[ -z "$(ls -A "$tmp/nosum")" ] || fail "summary in a missing folder: reports were rendered"
echo precious >"$tmp/precious"
mkdir "$tmp/sumdir"
# (the name the summary's temporary file once had: PATH.tmp.PID, the PID known after exec)
bash -c 'ln -s "$1/precious" "$1/sumdir/s.csv.tmp.$$" &&
    exec "$2" batch -q --summary "$1/sumdir/s.csv" -o "$1/nosum" "$1/in/district-001.xml"' \
    _ "$tmp" "$GR" 2>/dev/null || fail "summary beside a planted link: exit $?"
[ "$(cat "$tmp/precious")" = precious ] || fail "summary: a planted link was followed"
grep -q ',ok,' "$tmp/sumdir/s.csv" || fail "summary beside a planted link: not written"
[ "$(ls -A "$tmp/sumdir" | grep -vc '^s.csv.tmp.')" -eq 1 ] || fail "summary: a temporary file was left"

[ $fails -eq 0 ] && echo "batch: ok"
exit $((fails > 0))
