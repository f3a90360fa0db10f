#!/bin/sh
# The threaded tests under ThreadSanitizer: the API's threads (tests/unit/test_api.c: renders
# of different reports and of one shared report at once with one engine), a parallel batch and
# a render alone.
# Not part of tools/test.sh (a third build of everything); run it after changing anything that
# threads share: the engine, the fonts' lazy cells, the deflate cache, the schema.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGR_TSAN=ON >/dev/null
cmake --build build-tsan -j "$(nproc)" --target test_api govreport
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(pwd)/tools/tsan.supp"
./build-tsan/tests/test_api
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3 4 5 6; do cp samples/shanyang-2025.xml "$tmp/r$i.xml"; done
./build-tsan/govreport batch -q -j 3 --format=pdf,ofd -o "$tmp/out" "$tmp"
# a render alone: the report read beside the fonts, faces subset on two threads, the folder
# cache empty and then warm
for i in 1 2; do
  GOVREPORT_CACHE=$tmp/cache ./build-tsan/govreport render samples/shanyang-2025.xml \
    -o "$tmp/alone.pdf" --format=pdf,ofd
done
echo "tsan: ok"
