#!/bin/bash
# Numbers given as options at their limits (gr_parse_int): -j, --shard and --year take the
# largest value allowed, and one past it, or a run of digits past any integer type, is
# wrong usage (exit 2) with a message, never a wrapped value that runs.
# Usage: hostile_options.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
cp "$src/samples/shanyang-2025.xml" good.xml
huge=18446744073709551617 # 2^64 + 1: 1 once wrapped to 64 bits
check "-j 1" 0 "$bin" batch -q -j 1 -o pdfs good.xml
check "-j 256" 0 "$bin" batch -q -j 256 -o pdfs good.xml
check "-j 257" 2 "$bin" batch -q -j 257 -o pdfs good.xml
check "-j 0" 2 "$bin" batch -q -j 0 -o pdfs good.xml
check "-j 2^64+1" 2 "$bin" batch -q -j $huge -o pdfs good.xml
check "-j 99…9" 2 "$bin" batch -q -j 99999999999999999999999999999999 -o pdfs good.xml
check "-j -1" 2 "$bin" batch -q -j -1 -o pdfs good.xml
check "--shard 1/1000000" 0 "$bin" batch -q --shard 1/1000000 -o pdfs good.xml
check "--shard 1/1000001" 2 "$bin" batch -q --shard 1/1000001 -o pdfs good.xml
check "--shard 1/2^64+1" 2 "$bin" batch -q --shard 1/$huge -o pdfs good.xml
check "--shard 2^64+1/2" 2 "$bin" batch -q --shard $huge/2 -o pdfs good.xml
check "--year 2100" 0 "$bin" template --issuer 某某 --year 2100
check "--year 2101" 2 "$bin" template --issuer 某某 --year 2101
check "--year 2^64+1" 2 "$bin" template --issuer 某某 --year $huge
check "--year +202" 2 "$bin" template --issuer 某某 --year +202
exit $((fails > 0))
