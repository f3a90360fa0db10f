#!/bin/bash
# End-to-end: the folder cache of embedded fonts and compressed glyph runs (issue 24; README
# "Fonts"). The PDF is the same bytes with the folder empty, filled, damaged in every way a
# file can be (truncated, overwritten, emptied, another entry's file under its name) and
# turned off; a warm folder's fonts are used whole (no run is looked for or written); the
# folder never holds more than 1,024 runs and 128 fonts nor a temporary file; a folder that
# cannot be made is no error.
# Usage: cache_folder.sh <govreport> <source-dir>
set -u
GR=$1
SRC=$2
. "$SRC/tests/e2e-lib.sh" || exit 1
need_fonts "$GR"
SAMPLE=$SRC/samples/shanyang-2025.xml
C=$tmp/cache

render() { # output, cache folder
    GOVREPORT_CACHE=$2 "$GR" render "$SAMPLE" -o "$1" 2>"$tmp/err" ||
        fail "render with GOVREPORT_CACHE=“$2”: $(cat "$tmp/err")"
}

render "$tmp/off.pdf" ""
[ -s "$tmp/off.pdf" ] || { fail "no PDF"; exit 1; }
[ -e "$C" ] && fail "GOVREPORT_CACHE= (empty) made a folder"
render "$tmp/first.pdf" "$C"
cmp -s "$tmp/off.pdf" "$tmp/first.pdf" || fail "an empty folder changed the bytes"
n=$(find "$C" -type f | wc -l)
[ "$n" -gt 0 ] || fail "the first render kept nothing in the folder"
render "$tmp/second.pdf" "$C"
cmp -s "$tmp/off.pdf" "$tmp/second.pdf" || fail "a filled folder changed the bytes"
# a warm folder is read, not written: no run of the report evicts another (two runs whose
# hashes fold into one set both stay)
snap() { find "$C" -type f -printf '%i %T@ %f\n' | sort; }
snap >"$tmp/before"
render "$tmp/third.pdf" "$C"
snap >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "a render with a warm folder rewrote files: $(diff "$tmp/before" "$tmp/after" | head -4 | tr '\n' ' ')"
# the fonts are taken whole: with every run gone, a render writes none back
fonts=$(find "$C" -name 'font-*' -type f | wc -l)
[ "$fonts" -gt 0 ] || fail "the first render kept no font in the folder"
find "$C" -name 'run-*' -delete
render "$tmp/fonts-only.pdf" "$C"
cmp -s "$tmp/off.pdf" "$tmp/fonts-only.pdf" || fail "the fonts alone changed the bytes"
[ -z "$(find "$C" -name 'run-*')" ] || fail "a render whose fonts were in the folder made runs"
find "$C" -name 'font-*' -delete # the runs made again, for the damage below
render "$tmp/refill.pdf" "$C"
[ -n "$(find "$C" -name 'run-*')" ] || fail "no run kept with the fonts gone"

# damage every file, each in one way
i=0
files=$(find "$C" -type f | sort)
for f in $files; do
    case $((i % 4)) in
    0) truncate -s $(($(stat -c %s "$f") / 2)) "$f" ;;
    1) printf 'XXXXXXXX' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null ;;
    2) : >"$f" ;;
    3) cp "$(echo "$files" | head -n1)" "$f" ;;
    esac
    i=$((i + 1))
done
render "$tmp/damaged.pdf" "$C"
cmp -s "$tmp/off.pdf" "$tmp/damaged.pdf" || fail "damaged files changed the bytes"
render "$tmp/again.pdf" "$C"
cmp -s "$tmp/off.pdf" "$tmp/again.pdf" || fail "the files written back changed the bytes"
pdffonts "$tmp/again.pdf" >/dev/null 2>&1 || fail "pdffonts cannot read the PDF"
qpdf --check "$tmp/again.pdf" >/dev/null 2>&1 || fail "qpdf --check fails"

# the OFD's font files: the same bytes from an empty folder, a filled one and a damaged one
rm -rf "$C"
GOVREPORT_CACHE= "$GR" render "$SAMPLE" -o "$tmp/off.ofd" 2>"$tmp/err" || fail "OFD, cache off: $(cat "$tmp/err")"
for k in first second; do
    render "$tmp/$k.ofd" "$C"
    cmp -s "$tmp/off.ofd" "$tmp/$k.ofd" || fail "the folder changed the OFD's bytes ($k render)"
done
[ -n "$(find "$C" -name 'font-*')" ] || fail "the OFD kept no font file in the folder"
find "$C" -name 'run-*' -delete
render "$tmp/fonts-only.ofd" "$C"
[ -z "$(find "$C" -name 'run-*')" ] || fail "an OFD whose fonts were in the folder made runs"
for f in $(find "$C" -name 'font-*'); do truncate -s 100 "$f"; done
render "$tmp/damaged.ofd" "$C"
cmp -s "$tmp/off.ofd" "$tmp/damaged.ofd" || fail "damaged font files changed the OFD's bytes"

# two processes at once, the folder's bound, no temporary file left
rm -rf "$C"
render "$tmp/p1.pdf" "$C" &
render "$tmp/p2.pdf" "$C"
wait
cmp -s "$tmp/off.pdf" "$tmp/p1.pdf" && cmp -s "$tmp/off.pdf" "$tmp/p2.pdf" ||
    fail "two renders at once changed the bytes"
[ "$(find "$C" -name 'run-*' -type f | wc -l)" -le 1024 ] || fail "more than 1,024 runs"
[ "$(find "$C" -name 'font-*' -type f | wc -l)" -le 128 ] || fail "more than 128 fonts"
[ -z "$(find "$C" -name '*.??????')" ] || fail "a temporary file was left"

# a folder that cannot be made
render "$tmp/nofolder.pdf" "$tmp/off.pdf/cache"
cmp -s "$tmp/off.pdf" "$tmp/nofolder.pdf" || fail "an impossible folder changed the bytes"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "cache_folder: ok ($n files)"
