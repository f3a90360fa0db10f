#!/bin/bash
# `--format=pdf,ofd` on a full disk writes both or neither (gr_file_write_atomic_set): in a
# small tmpfs that holds last year's PDF and OFD and room for the new PDF but not for the
# new OFD as well, render exits 3 with E-WRITE, the old PDF and OFD are as they were, and no
# temporary file is left. (Written one after the other, the new PDF was renamed into place
# before the OFD failed: a new PDF beside an old OFD.) Then, with room for both, both are
# replaced. Needs root to mount a tmpfs: SKIP (77) otherwise.
# Usage: hostile_diskfull.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
[ "$(id -u)" = 0 ] || skip "not root: cannot mount a tmpfs"
tmp=$(mktemp -d)
mnt=$tmp/mnt
mkdir "$mnt"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
cp "$src/samples/shanyang-2025.xml" new.xml
sed 's|<issuer>[^<]*</issuer>|<issuer>上年的发布机关</issuer>|' new.xml >old.xml
cmp -s new.xml old.xml && fail "old.xml is not another report"

# The sizes: this year's PDF and OFD, last year's OFD.
mkdir sizes
"$bin" render --format=pdf,ofd new.xml -o sizes/new.pdf || fail "cannot render the sample"
"$bin" render --format=ofd old.xml -o sizes/old.ofd || fail "cannot render last year's OFD"
pages() { echo $((($(stat -c %s "$1") + 4095) / 4096)); }
new_pdf=$(pages sizes/new.pdf)
new_ofd=$(pages sizes/new.ofd)
old_ofd=$(pages sizes/old.ofd)
[ "$new_ofd" -ge 8 ] || fail "the OFD is only $new_ofd pages: the test would prove nothing"

# Room for last year's files, the new PDF and half the new OFD.
pages_all=$((1 + old_ofd + new_pdf + new_ofd / 2))
mount -t tmpfs -o size=$((pages_all * 4096)),mode=0755 tmpfs "$mnt" 2>"$tmp/mount.err" ||
    skip "cannot mount a tmpfs: $(cat "$tmp/mount.err")"
echo "last year's PDF" >"$mnt/report.pdf"
cp sizes/old.ofd "$mnt/report.ofd"
cp "$mnt/report.pdf" old.pdf
free=$(($(stat -f -c '%a * %S' "$mnt")))
need=$(($(stat -c %s sizes/new.pdf) + $(stat -c %s sizes/new.ofd)))
[ "$free" -lt "$need" ] || fail "the tmpfs has room for both ($free ≥ $need bytes)"
[ "$free" -ge "$(stat -c %s sizes/new.pdf)" ] || fail "the tmpfs has no room for the PDF alone"

timeout 60 "$bin" render --format=pdf,ofd new.xml -o "$mnt/report.pdf" >out 2>err
rc=$?
[ "$rc" = 3 ] || fail "full disk: exit $rc, expected 3"
grep -q "\[E-WRITE\]" err || fail "full disk: no E-WRITE: $(head -2 err)"
grep -q "磁盘空间不足" err || fail "full disk: the cause is not said: $(head -2 err)"
cmp -s "$mnt/report.pdf" old.pdf || fail "full disk: a new PDF beside the old OFD"
cmp -s "$mnt/report.ofd" sizes/old.ofd || fail "full disk: the old OFD was changed"
left=$(cd "$mnt" && ls -A | sort | tr '\n' ' ')
[ "$left" = "report.ofd report.pdf " ] || fail "full disk: the folder holds [$left]"
echo "ok   full disk: exit $rc, old PDF and OFD kept, nothing else left"

# With room for both: both replaced.
mount -o remount,size=$(((pages_all + new_ofd + 8) * 4096)) "$mnt" || fail "cannot grow the tmpfs"
timeout 60 "$bin" render --format=pdf,ofd new.xml -o "$mnt/report.pdf" >out 2>err ||
    fail "room for both: exit $?: $(head -2 err)"
cmp -s "$mnt/report.pdf" sizes/new.pdf || fail "room for both: the PDF is not the new one"
cmp -s "$mnt/report.ofd" sizes/new.ofd || fail "room for both: the OFD is not the new one"
left=$(cd "$mnt" && ls -A | sort | tr '\n' ' ')
[ "$left" = "report.ofd report.pdf " ] || fail "room for both: the folder holds [$left]"
echo "ok   room for both: both replaced"
exit $((fails > 0))
