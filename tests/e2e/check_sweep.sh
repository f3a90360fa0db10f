#!/bin/bash
# Every figure of tables 三 and 四 of the sample, changed by one in the XML, makes
# `govreport check` fail with an E-BALANCE error that has a line number.
# Run as: check_sweep.sh GOVREPORT SRCDIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the tests change directory
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
sample=$src/samples/shanyang-2025.xml
fail=0
tried=0
caught=0
# Lines holding the rows of table 三 (25) and the groups of table 四 (3).
lines=$(grep -n -E '^    <(new-received|carried-over|open|partial|deny-|cannot-|not-processed-|other-|result-total|carried-forward|review|litigation-)' "$sample" | cut -d: -f1)
for ln in $lines; do
    attrs=$(sed -n "${ln}p" "$sample" | grep -o -E '[a-z-]+="[0-9]+"' | cut -d= -f1)
    for a in $attrs; do
        for delta in 1 -1; do
            value=$(sed -n "${ln}p" "$sample" | grep -o -E " $a=\"[0-9]+\"" | grep -o -E '[0-9]+')
            new=$((value + delta))
            [ "$new" -lt 0 ] && continue
            sed "${ln}s/ $a=\"$value\"/ $a=\"$new\"/" "$sample" >"$tmp/x.xml"
            tried=$((tried + 1))
            "$bin" check "$tmp/x.xml" 2>"$tmp/err"
            rc=$?
            if [ $rc = 1 ] && grep -q -E '^[^:]*x\.xml:[0-9]+:[0-9]+: 错误：.*\[E-BALANCE\]' "$tmp/err"; then
                caught=$((caught + 1))
            else
                echo "FAIL line $ln $a $value -> $new: exit $rc"
                cat "$tmp/err"
                fail=1
            fi
        done
    done
done
echo "$caught of $tried single-figure changes caught"
# 190 figures (175 + 15) each raised by one, plus every non-zero one lowered by one.
[ "$tried" -ge 190 ] || { echo "FAIL only $tried changes tried"; fail=1; }
exit $fail
