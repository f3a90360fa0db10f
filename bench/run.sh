#!/bin/sh
# govreport benchmark: prints the figures of issue 5 and the linear-growth check of issue 6.
#   bench/run.sh [--baseline BIN] [N]
# N = corpus size for the batch figures (default 1000). With --baseline, first the figures of
# issue 24 against BIN (another release's govreport), each from interleaved runs, medians:
# a cold render against `govreport --version`, batch -j 1 CPU a report, OFD against PDF in a
# batch, the sample's size; then the rest as usual.
# Needs hyperfine and GNU time (tools/install-deps.sh installs both). Builds in build-bench/.
# Wall times depend on what else the machine runs; the CPU times (user + system) printed
# beside them do much less, and the load average is printed to judge.
set -eu
cd "$(dirname "$0")/.."
BASE=
if [ "${1:-}" = "--baseline" ]; then
  BASE=$(realpath "$2")
  shift 2
fi
N=${1:-1000}
B=build-bench
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DGR_BENCH=ON >/dev/null
cmake --build $B -j "$(nproc)" >/dev/null
GR=$B/govreport
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/corpus" "$W/out" "$W/long"

if [ -n "$BASE" ]; then
  P=$B/bench/pairs
  S=samples/shanyang-2025.xml
  echo "against $BASE ($("$BASE" --version | head -n1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # 1. A cold render against the bare start of the same binary, 21 rounds of four runs.
  "$P" 21 -- "$GR" --version -- "$GR" render $S -o "$W/a.pdf" \
    -- "$BASE" --version -- "$BASE" render $S -o "$W/b.pdf" > "$W/cold.txt"
  awk -F'[ ,;:]+' '/^2:/ {printf "cold render: %s ms wall, %.2f times --version (target ≤ 2.5); CPU %s ms\n", $3, $14, $6}
    /^4:/ {printf "  baseline: %s ms wall, %.2f times its --version; CPU %s ms\n", $3, $14, $6}' "$W/cold.txt"
  # 2. batch -j 1 CPU a report, 100 generated reports, 5 rounds.
  mkdir -p "$W/c100" && $B/bench/gencorpus 100 "$W/c100" >/dev/null
  "$P" 5 -- "$BASE" batch -q -j 1 -o "$W/ob" "$W/c100" -- "$GR" batch -q -j 1 -o "$W/oa" "$W/c100" \
    -- "$GR" batch -q -j 1 --format=pdf -o "$W/op" "$W/c100" \
    -- "$GR" batch -q -j 1 --format=ofd -o "$W/oo" "$W/c100" > "$W/batch.txt"
  awk -F'[ ,;:]+' '/^1:/ {b=$6} /^2:/ {printf "batch -j 1: %.2f ms CPU a report, baseline %.2f: %.2f times (target ≤ 0.6)\n", $6/100, b/100, $16}
    /^4:/ {printf "OFD in a batch: %.2f ms CPU a report, %.2f times the PDF (target ≤ 1.2)\n", $6/100, $16}' "$W/batch.txt"
  echo "sample, PDF: $(stat -c %s "$W/a.pdf") bytes, baseline $(stat -c %s "$W/b.pdf") (target ≤ 300,707)"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
echo "govreport: $($GR --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# 1. The sample in a fresh process.
hyperfine -N --warmup 5 --runs 50 --export-csv "$W/sample.csv" \
  "$GR render samples/shanyang-2025.xml -o $W/sample.pdf" >/dev/null 2>&1
awk -F, 'NR==2 {printf "sample, fresh process: median %.1f ms, mean %.1f ms ± %.1f, min %.1f, max %.1f (50 runs); CPU %.1f ms (user + system, mean)\n", $4*1000, $2*1000, $3*1000, $7*1000, $8*1000, ($5+$6)*1000}' "$W/sample.csv"
rss=$( for i in 1 2 3 4 5; do /usr/bin/time -f %M "$GR" render samples/shanyang-2025.xml -o "$W/sample.pdf" 2>&1 >/dev/null | tail -n1; done | sort -n | sed -n 3p )
echo "sample, peak RSS: $(awk -v k="$rss" 'BEGIN {printf "%.1f MiB", k/1024}') (median of 5)"
echo "sample, PDF: $(stat -c %s "$W/sample.pdf") bytes, $(pdfinfo "$W/sample.pdf" | sed -n 's/^Pages: *//p') pages"
# The OFD beside the PDF, in one hyperfine run so that both meet the same load (issue 15:
# under 1.5 times the PDF's time).
hyperfine -N --warmup 5 --runs 50 --export-csv "$W/ofd.csv" \
  "$GR render samples/shanyang-2025.xml -o $W/sample.pdf" \
  "$GR render samples/shanyang-2025.xml -o $W/sample.ofd" >/dev/null 2>&1
awk -F, 'NR==2 {p=$4; pc=$5+$6} NR==3 {o=$4; oc=$5+$6} END {printf "sample, OFD: median %.1f ms, PDF %.1f ms in the same run: ratio %.2f (target < 1.5); CPU %.1f ms, PDF %.1f ms\n", o*1000, p*1000, o/p, oc*1000, pc*1000}' "$W/ofd.csv"
echo "sample, OFD: $(stat -c %s "$W/sample.ofd") bytes"
# The HTML page (issue 22: writing it costs at most 10 % of a PDF render's CPU). In one
# process, loading and fonts left out: the page against layout + PDF (bench/htmlcost); then
# as commands, the PDF alone against the PDF and the page from one load, in one hyperfine run.
$B/bench/htmlcost samples/shanyang-2025.xml 200 | sed 's/^/sample, /'
hyperfine -N --warmup 5 --runs 50 --export-csv "$W/html.csv" -n pdf -n pdf+html \
  "$GR render samples/shanyang-2025.xml -o $W/both --format=pdf" \
  "$GR render samples/shanyang-2025.xml -o $W/both --format=pdf,html" >/dev/null 2>&1
awk -F, 'NR==2 {pc=$5+$6} NR==3 {bc=$5+$6} END {printf "sample, render --format=pdf,html: CPU %.2f ms, --format=pdf %.2f ms: the page adds %.1f %%\n", bc*1000, pc*1000, 100*(bc-pc)/pc}' "$W/html.csv"
echo "sample, HTML: $(stat -c %s "$W/both.html") bytes"
echo

# 2. Batch throughput on a generated corpus of varied reports.
$B/bench/gencorpus "$N" "$W/corpus"
pages=0
batch() { # jobs count -> "seconds peakKiB userSeconds systemSeconds"
  rm -rf "$W/out" "$W/sub"; mkdir -p "$W/out" "$W/sub"
  ls "$W/corpus"/*.xml | head -n "$2" | xargs -I{} ln -s {} "$W/sub/"
  /usr/bin/time -f "%e %M %U %S" "$GR" batch -q -j "$1" -o "$W/out" "$W/sub" 2>&1 >/dev/null | tail -n1
}
for j in 1 2; do
  for n in 100 "$N"; do
    set -- $(batch "$j" "$n")
    awk -v j="$j" -v n="$n" -v s="$1" -v k="$2" -v u="$3" -v y="$4" 'BEGIN {printf "batch -j %d, %5d reports: %.2f s, %.0f reports/s, peak RSS %.1f MiB; CPU %.2f s, %.1f ms a report\n", j, n, s, n/s, k/1024, u+y, (u+y)*1000/n}'
  done
done
pages=$(for f in "$W/out"/*.pdf; do pdfinfo "$f" | sed -n 's/^Pages: *//p'; done | awk '{s+=$1; if ($1<mn||mn==0) mn=$1; if ($1>mx) mx=$1} END {printf "%d pages in all, %d to %d a report", s, mn, mx}')
echo "corpus: $N reports, $pages"
echo

# 3. Linear growth: the same report with ten times the prose.
$B/bench/gencorpus 9 "$W/long" 1 && cp "$W/long/report-00008.xml" "$W/x1.xml"
$B/bench/gencorpus 9 "$W/long" 10 && cp "$W/long/report-00008.xml" "$W/x10.xml"
hyperfine -N --warmup 3 --runs 20 --export-csv "$W/lin.csv" \
  "$GR render $W/x1.xml -o $W/x1.pdf" "$GR render $W/x10.xml -o $W/x10.pdf" >/dev/null 2>&1
awk -F, -v b1="$(stat -c %s "$W/x1.xml")" -v b10="$(stat -c %s "$W/x10.xml")" \
  'NR==2 {a=$4} NR==3 {b=$4} END {printf "prose x1 (%d B) median %.1f ms; x10 (%d B) median %.1f ms; ratio %.1f\n", b1, a*1000, b10, b*1000, b/a}' "$W/lin.csv"
echo "pages: x1 $(pdfinfo "$W/x1.pdf" | sed -n 's/^Pages: *//p'), x10 $(pdfinfo "$W/x10.pdf" | sed -n 's/^Pages: *//p')"
$B/bench/htmlcost "$W/x10.xml" 20 | sed "s|^$W/||"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# 4. import of a 2 MB .docx (issue 13).
sh bench/import-docx.sh "$B"
