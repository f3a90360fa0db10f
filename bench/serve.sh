#!/bin/sh
# govreport serve under load (issue 23): wrk at 16 connections for 30 s on /api/check and on
# /api/render?format=pdf with the sample; throughput, p50/p99 latency; the render's median at
# one connection beside the in-process render (bench/serve_inproc.c); the server's RSS after
# 10,000 requests and again after 10,000 more (not growing).
#   bench/serve.sh [SECONDS]     SECONDS per wrk run (default 30)
# Needs wrk and curl (tools/install-deps.sh). Builds in build-bench/ (Release).
set -eu
cd "$(dirname "$0")/.."
S=${1:-30}
B=build-bench
cmake -S . -B $B -DCMAKE_BUILD_TYPE=Release -DGR_BENCH=ON >/dev/null
cmake --build $B -j "$(nproc)" >/dev/null
GR=$B/govreport
SAMPLE=samples/shanyang-2025.xml
W=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$W"' EXIT
mkdir "$W/data"
cp "$SAMPLE" "$W/data/"
$GR serve --quiet --listen 127.0.0.1:0 --data "$W/data" >"$W/out" 2>"$W/log" &
pid=$!
for _ in $(seq 1 100); do [ -s "$W/out" ] && break; sleep 0.1; done
URL=$(head -n1 "$W/out")
TOKEN=${URL##*token=}
BASE=${URL%%/\?token=*}
rss() { awk '/^VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$pid/status"; }
run() { # label connections seconds path
  t=2; [ "$2" -lt 2 ] && t=1
  out=$(wrk -t"$t" -c"$2" -d"$3"s --timeout 30s -s bench/serve.lua "$BASE$4" -- "$SAMPLE" "$TOKEN" | grep '^RESULT')
  echo "$out" | awk -v l="$1" '{for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
    printf "%s: %d requests in %.1f s = %.0f requests/s; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d errors\n",
      l, v["requests"], v["seconds"], v["requests"] / v["seconds"], v["p50"], v["p90"], v["p99"], v["max"], v["errors"]}'
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
echo "govreport: $($GR --version | head -n1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server RSS at start: $(rss)"
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" --data-binary @"$SAMPLE" "$BASE/api/check"
echo
run "/api/check, 16 connections, ${S} s" 16 "$S" "/api/check?name=shanyang-2025.xml"
echo "server RSS after it: $(rss)"
run "/api/check, 16 connections, ${S} s, again" 16 "$S" "/api/check?name=shanyang-2025.xml"
echo "server RSS after it: $(rss) (not growing: compare)"
echo
run "/api/render?format=pdf, 16 connections, ${S} s" 16 "$S" "/api/render?format=pdf&name=shanyang-2025.xml"
echo "server RSS after it: $(rss)"
one=$(run "/api/render?format=pdf, 1 connection, ${S} s" 1 "$S" "/api/render?format=pdf&name=shanyang-2025.xml")
echo "$one"
inproc=$($B/bench/serve_inproc "$SAMPLE" 300)
echo "$inproc"
echo "$one" "$inproc" | awk '{for (i = 1; i <= NF; i++) if ($i == "p50") s = $(i + 1); }
  /open \+ render: median/ {for (i = 1; i <= NF; i++) if ($i == "median" && !m) m = $(i + 1)}
  END {printf "the server'"'"'s render median against the in-process open + render: %.2f times (target at most 1.5)\n", s / m}'
echo "server RSS at end: $(rss)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM "$pid"
wait "$pid"
pid=
