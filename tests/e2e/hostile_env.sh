#!/bin/bash
# Hostile and careless surroundings of a render: no usable fonts (exit 3), a write that
# fails part-way (a full disk: exit 3, nothing at the output path, a previous PDF there
# untouched, no temporary file left), an input that is a folder (exit 1), an output path
# that is a folder or in a missing folder (exit 3, the folder untouched), an output path
# that is a symbolic link (the file it names is never written), an output path that is the
# input itself (exit 2, the report kept), a file one byte over the size cap (exit 1 before
# parsing), 100,000 nested elements (exit 1, quickly), shapes once quadratic, a file name
# with control characters (escaped in every line), junk on standard input. Every failure:
# its message on stderr, nothing else there.
# Usage: hostile_env.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
need_fonts "$bin"
sample=$src/samples/shanyang-2025.xml
cd "$tmp" || exit 1
# run NAME WANT_RC GREP -- ARGS...: govreport ARGS, exit WANT_RC, stderr holds GREP.
run() {
    local name=$1 want=$2 grep=$3
    shift 4
    "$bin" "$@" >"$name.out" 2>"$name.err"
    local rc=$?
    if [ "$rc" != "$want" ]; then
        fail "$name: exit $rc, expected $want"
        head -5 "$name.err"
    elif [ -n "$grep" ] && ! grep -qF -- "$grep" "$name.err"; then
        fail "$name: stderr lacks: $grep"
        head -5 "$name.err"
    fi
}
# Nothing in folder $2 but the files named after it.
only_files() {
    local name=$1 dir=$2
    shift 2
    local have want
    have=$(cd "$dir" && ls -A | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
    [ "$have" = "$want" ] || fail "$name: $dir holds [$have], expected [$want]"
}

cp "$sample" good.xml

# ---- no usable fonts: every family of the roles misspelt ----
sed -e 's|<family>\([^<g][^<]*\)</family>|<family>No Such Family \1</family>|' \
    "$src/fonts/govreport.conf" >nofonts.conf
grep -q "No Such Family" nofonts.conf || fail "nofonts.conf not made"
mkdir nf
GOVREPORT_FONTS_CONF=$tmp/nofonts.conf run nofonts-env 3 "[E-FONT]" -- render good.xml -o nf/out.pdf
run nofonts-opt 3 "[E-FONT]" -- render good.xml -o nf/out.pdf --fonts-conf "$tmp/nofonts.conf"
only_files nofonts nf
if grep -v "^$tmp/nofonts.conf[:：]" nofonts-env.err | grep -q .; then
    fail "nofonts: a line on stderr that is not a diagnostic"
    head -3 nofonts-env.err
fi

# ---- a full disk: the write fails part-way ----
mkdir disk
run first-render 0 "" -- render good.xml -o disk/report.pdf
cp disk/report.pdf previous.pdf
size=$(stat -c %s previous.pdf)
[ "$size" -gt 40000 ] || fail "the sample PDF is only $size bytes: the 20 KB limit below tests nothing"
for target in report.pdf new.pdf; do
    (
        trap '' XFSZ
        ulimit -f 20 # KB: the PDF is larger
        "$bin" render good.xml -o "disk/$target"
    ) >full.out 2>full.err
    rc=$?
    [ $rc = 3 ] || fail "full disk ($target): exit $rc, expected 3"
    grep -q "\[E-WRITE\]" full.err || fail "full disk ($target): no E-WRITE: $(head -2 full.err)"
done
cmp -s previous.pdf disk/report.pdf || fail "full disk: the previous PDF was changed"
only_files full-disk disk report.pdf

# ---- an input that is a folder; an output that is a folder or in no folder ----
mkdir -p infolder.xml outfolder.pdf/inside
echo keep >outfolder.pdf/inside/file
run input-folder 1 "文件夹" -- render infolder.xml -o in.pdf
[ ! -e in.pdf ] || fail "input-folder: a PDF was written"
run output-folder 3 "文件夹" -- render good.xml -o outfolder.pdf
[ -d outfolder.pdf ] && [ "$(cat outfolder.pdf/inside/file)" = keep ] || fail "output folder changed"
only_files output-folder outfolder.pdf inside
run output-no-folder 3 "目录不存在" -- render good.xml -o no/such/folder/out.pdf
[ ! -e no ] || fail "output-no-folder: a folder was made"

# ---- an output path that is a symbolic link: the file it names is never written ----
echo precious >precious.txt
mkdir links
ln -s ../precious.txt links/out.pdf
run link-bad-input 1 "[E-XML]" -- render "$src/tests/hostile/truncated.xml" -o links/out.pdf
[ "$(cat precious.txt)" = precious ] || fail "link: a failed render wrote through the link"
run link-good-input 0 "" -- render good.xml -o links/out.pdf
[ "$(cat precious.txt)" = precious ] || fail "link: a render wrote through the link"

# ---- the output path names the input: refused, the report kept ----
cp good.xml same.xml
run same-file 2 "就是输入文件" -- render same.xml -o ./same.xml
cmp -s same.xml good.xml || fail "same-file: the report was overwritten"

# ---- one byte over the size cap: refused before parsing ----
cap=$(sed -n 's/^#define GR_MAX_INPUT_BYTES (\([0-9]*\)u \* \([0-9]*\)u \* \([0-9]*\)u).*/\1*\2*\3/p' \
    "$src/src/base/file.h")
[ -n "$cap" ] || fail "GR_MAX_INPUT_BYTES not found in base/file.h"
cap=$((${cap:-16777216}))
{
    head -c 4000 "$sample"
    head -c $((cap + 1 - 4000)) /dev/zero | tr '\0' ' '
} >over.xml
[ "$(stat -c %s over.xml)" = $((cap + 1)) ] || fail "over.xml is not cap + 1 bytes"
run over-cap 1 "[E-SIZE]" -- check over.xml
run over-cap-render 1 "[E-SIZE]" -- render over.xml -o over.pdf
[ ! -e over.pdf ] || fail "over-cap: a PDF was written"
run over-cap-stdin 1 "[E-SIZE]" -- check - <over.xml
run over-cap-import 1 "[E-IMPORT-READ]" -- import over.xml -o over-imported.xml
[ ! -e over-imported.xml ] || fail "over-cap: import wrote a file"

# ---- 100,000 nested elements: refused by depth, in bounded time ----
{
    head -n 9 "$sample" | sed '$d'
    printf '<p>'
    printf '<b>%.0s' $(seq 100000)
    printf '</b>%.0s' $(seq 100000)
    printf '</p>'
    tail -n +10 "$sample"
} >deep.xml
start=$(date +%s%N)
run deep 1 "嵌套层数过多" -- render deep.xml -o deep.pdf
ms=$((($(date +%s%N) - start) / 1000000))
[ $ms -lt 5000 ] || fail "deep: took $ms ms"
[ ! -e deep.pdf ] || fail "deep: a PDF was written"

# ---- shapes that libxml2 or the loader once handled in quadratic time ----
# Each took minutes before its fix (seconds to hours, growing with the square of the
# count); linear now. The ctest TIMEOUT is the bound: nothing here is timed.
flat_sample=$(tr -d '\n' <"$sample")
# 30,000 paragraphs on one line: each column was counted from the start of the line
yes '<p>政府</p>' | head -n 30000 | tr -d '\n' >paras.txt
printf '%s\n' "$flat_sample" | awk -v f=paras.txt 'BEGIN { getline s < f }
    { sub(/<overview>/, "<overview>" s); print }' >oneline.xml
run one-line 0 "" -- check oneline.xml
# 60,000 invalid paragraphs with a heading, on one line: libxml2 walked back over the whole
# tree for every error, and the column of each heading (read after its paragraph's text)
# was counted from the start of the line (two minutes for this file)
yes '<p heading="">政</p>' | head -n 60000 | tr -d '\n' >bad-paras.txt
awk -v f=bad-paras.txt 'BEGIN { getline s < f } { sub(/<overview>/, "<overview>" s); print }' \
    "$sample" >errors.xml
run many-errors 1 "另有" -- check errors.xml
# 300,000 attributes on one element: libxml2 compares each with every earlier one
{
    printf '<report xmlns="urn:govreport:annual-report:2021"><meta '
    seq 300000 | sed 's/.*/a&="1"/' | tr '\n' ' '
    printf '/></report>'
} >attributes.xml
run attributes 1 "属性超过" -- check attributes.xml
# 40,000 elements whose names are 300 characters long, on one line
long=$(printf 'x%.0s' $(seq 300))
{
    printf '<report xmlns="urn:govreport:annual-report:2021">'
    yes "<$long/>" | head -n 40000 | tr -d '\n'
    printf '</report>'
} >names.xml
run long-names 1 "[E-SCHEMA]" -- check names.xml

# ---- a file name with a terminal escape, a line break and a bidirectional override ----
mkdir names
evil=$(printf 'names/evil\033[31m\nred\342\200\256.xml')
cp "$src/tests/hostile/truncated.xml" "$evil"
"$bin" check "$evil" 2>names.err
mkdir names-out
"$bin" batch "$evil" -o names-out 2>>names.err
if grep -q "$(printf '\033')" names.err || grep -q "$(printf '\342\200\256')" names.err; then
    fail "file name: a control character reached stderr"
fi
if grep -v '^names/evil\\x1B\[31m\\x0Ared\\u202E\.xml' names.err | grep -v "^govreport: batch: [0-9]" |
    grep -v '^govreport: batch: names/evil\\x1B' | grep -q .; then
    fail "file name: a line not starting with the escaped name"
    cat -v names.err | head -5
fi

# ---- junk on standard input ----
head -c 3000 /dev/urandom >junk.bin
run stdin-junk 1 "[E-XML]" -- check - <junk.bin

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "hostile_env: ok"
