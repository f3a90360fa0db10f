#!/bin/bash
# End-to-end: the OpenType (CFF) faces (issue 11). The default roles set the sample in the
# free official faces, FandolFang body, every one a subset CID Type 0C font with ToUnicode;
# the text comes back exactly, qpdf and mutool find nothing to say, and the ink stays in the
# type block. With only the Noto CJK folder (FONTCONFIG_FILE), every role is a Noto CFF
# face. A truncated .otf or a Type 1 .pfb in --font-dir is E-FONT naming the file, exit 3,
# no PDF (CI runs this under AddressSanitizer too).
# Usage: fonts_cff.sh <govreport> <source-dir>
set -u
GR=$(realpath "$1")
SRC=$(realpath "$2")
SAMPLE=$SRC/samples/shanyang-2025.xml
fail=0
. "$SRC/tests/e2e-lib.sh"
unset GOVREPORT_FONTS_CONF
for tool in pdffonts pdftotext qpdf mutool fc-match; do
    command -v $tool >/dev/null || skip "$tool is not installed"
done
fang=$(fc-match -f '%{file}' FandolFang)
case $fang in *FandolFang-Regular.otf) ;; *) skip "the Fandol fonts are not installed (tools/install-deps.sh)" ;; esac

# A PDF's fonts: all embedded, subset, with ToUnicode, and of type CID Type 0C.
fonts_ok() { # pdf, what
    pdffonts "$1" | tail -n +3 >"$tmp/fonts"
    [ -s "$tmp/fonts" ] || { echo "FAIL $2: no fonts"; fail=1; return; }
    while read -r line; do
        cols=($line)
        k=${#cols[@]}
        [ "${cols[k - 5]}${cols[k - 4]}${cols[k - 3]}" = yesyesyes ] ||
            { echo "FAIL $2: not embedded/subset/ToUnicode: $line"; fail=1; }
        case $line in *"CID Type 0C "*) ;; *) echo "FAIL $2: not CID Type 0C: $line"; fail=1 ;; esac
    done <"$tmp/fonts"
}

# Every paragraph of sections 一, 五, 六 comes back in order, character for character; the
# only spaces pdftotext may add are the layout's gaps between Chinese and Latin or digits
# (never one after 、，。 as a centred-punctuation face gave).
text_ok() { # pdf, what
    pdftotext "$1" "$tmp/out.txt" 2>"$tmp/pdftotext.err"
    [ -s "$tmp/pdftotext.err" ] && { echo "FAIL $2: pdftotext warns"; fail=1; }
    tr -d '\n\f' <"$tmp/out.txt" >"$tmp/joined.txt"
    tr -d ' \n\f' <"$tmp/out.txt" >"$tmp/flat.txt"
    grep -q '[、，。：；！？] ' "$tmp/joined.txt" &&
        { echo "FAIL $2: a space after punctuation: $(grep -o '.[、，。：；] .' "$tmp/joined.txt" | head -3)"; fail=1; }
    n=0
    for sec in overview problems other-matters; do
        sed -n "/<$sec>/,/<\/$sec>/p" "$SAMPLE" | grep -o '<p[^>]*>.*</p>' |
            sed -e 's/^<p heading="\([^"]*\)">/\1/' -e 's/^<p>//' -e 's/<\/p>$//' -e 's/ //g'
    done >"$tmp/paras.txt"
    while IFS= read -r para; do
        n=$((n + 1))
        grep -qF "$para" "$tmp/flat.txt" || { echo "FAIL $2: paragraph not verbatim: ${para:0:30}…"; fail=1; }
    done <"$tmp/paras.txt"
    [ $n -ge 9 ] || { echo "FAIL $2: only $n paragraphs"; fail=1; }
}

clean_ok() { # pdf, what
    qpdf --check "$1" >"$tmp/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$tmp/qpdf" ||
        { echo "FAIL $2: qpdf: $(tail -3 "$tmp/qpdf")"; fail=1; }
    # Debian's mutool is built without colour management and says so for every file
    mutool draw -q -o "$tmp/page%d.png" -r 20 "$1" 2>&1 | grep -v 'ICC support is not available' >"$tmp/mutool"
    [ -s "$tmp/mutool" ] && { echo "FAIL $2: mutool: $(head -3 "$tmp/mutool")"; fail=1; }
}

# ---- the default faces ----
check "render with the default faces" 0 "$GR" render "$SAMPLE" -o "$tmp/fandol.pdf"
fonts_ok "$tmp/fandol.pdf" default
grep -q 'FandolFang-Regular' "$tmp/fonts" || { echo "FAIL default: body not FandolFang: $(cat "$tmp/fonts")"; fail=1; }
for face in FandolHei-Regular FandolKai-Regular FandolSong-Bold FandolSong-Regular; do
    grep -q "+$face " "$tmp/fonts" || { echo "FAIL default: $face not used"; fail=1; }
done
text_ok "$tmp/fandol.pdf" default
clean_ok "$tmp/fandol.pdf" default
echo "ok   default faces: $(stat -c %s "$tmp/fandol.pdf") bytes"

# ---- per-glyph fallback across kinds: 䶮 (not in FandolFang) from Noto Serif CJK, a CFF
# face; ǅ (in neither) from AR PL UMing CN, a TrueType face; in one body paragraph ----
sed 's/改进措施：一是/改进措施：刘䶮说ǅ一是/' "$SAMPLE" >"$tmp/mixed.xml"
check "render with fallback faces" 0 "$GR" render "$tmp/mixed.xml" -o "$tmp/mixed.pdf"
pdffonts "$tmp/mixed.pdf" >"$tmp/mixed.fonts"
grep -q "NotoSerifCJK.*CID Type 0C .*yes yes yes" "$tmp/mixed.fonts" &&
    grep -q "UMing.*CID TrueType .*yes yes yes" "$tmp/mixed.fonts" ||
    { echo "FAIL fallback: want a Noto CFF and a UMing TrueType subset: $(cat "$tmp/mixed.fonts")"; fail=1; }
pdftotext "$tmp/mixed.pdf" - | tr -d ' \n' | grep -q "改进措施：刘䶮说ǅ一是" ||
    { echo "FAIL fallback: text not exact"; fail=1; }
clean_ok "$tmp/mixed.pdf" fallback

# ---- a name-keyed CFF face (Cantarell, a Latin .otf as offices buy them) first in the
# body's list: its digits and Latin letters are drawn with it, CIDs being its glyph
# numbers (the test needs fonts-cantarell) ----
if [ "$(fc-match -f '%{family[0]}' Cantarell)" = Cantarell ]; then
    perl -0pe 's|(<family>govreport-body</family>\s*<prefer>)|$1<family>Cantarell</family>|' \
        "$SRC/fonts/govreport.conf" >"$tmp/cantarell.conf"
    check "render with a name-keyed CFF face" 0 "$GR" render "$SAMPLE" -o "$tmp/cantarell.pdf" \
        --fonts-conf "$tmp/cantarell.conf"
    fonts_ok "$tmp/cantarell.pdf" cantarell
    grep -q "+Cantarell-Regular " "$tmp/fonts" || { echo "FAIL cantarell: not used: $(cat "$tmp/fonts")"; fail=1; }
    text_ok "$tmp/cantarell.pdf" cantarell
    pdftotext "$tmp/cantarell.pdf" - | grep -q "类政务信息 1500 余条" || { echo "FAIL cantarell: digits"; fail=1; }
    clean_ok "$tmp/cantarell.pdf" cantarell
else
    echo "FAIL cantarell: fonts-cantarell is not installed (tools/install-deps.sh)"
    fail=1
fi

# ---- only the Noto CJK folder ----
noto=$(dirname "$(fc-match -f '%{file}' 'Noto Serif CJK SC')")
if [ -f "$noto/NotoSerifCJK-Regular.ttc" ] && [ -f "$noto/NotoSansCJK-Regular.ttc" ]; then
    cat >"$tmp/noto.conf" <<EOF
<?xml version="1.0"?>
<fontconfig><dir>$noto</dir><cachedir>$tmp/cache</cachedir></fontconfig>
EOF
    check "render with only Noto CJK" 0 env FONTCONFIG_FILE="$tmp/noto.conf" "$GR" render "$SAMPLE" -o "$tmp/noto.pdf"
    fonts_ok "$tmp/noto.pdf" noto
    grep -qv 'Noto' "$tmp/fonts" && { echo "FAIL noto: a face not from Noto: $(grep -v Noto "$tmp/fonts")"; fail=1; }
    grep -q 'NotoSerifCJK' "$tmp/fonts" && grep -q 'NotoSansCJK' "$tmp/fonts" ||
        { echo "FAIL noto: want Noto Serif and Sans CJK: $(cat "$tmp/fonts")"; fail=1; }
    text_ok "$tmp/noto.pdf" noto
    clean_ok "$tmp/noto.pdf" noto
else
    echo "FAIL noto: fonts-noto-cjk is not installed (tools/install-deps.sh)"
    fail=1
fi

# ---- fonts we cannot embed in --font-dir: E-FONT naming the file, exit 3, no PDF ----
mkdir -p "$tmp/trunc" "$tmp/type1" "$tmp/woff"
head -c 200000 "$fang" >"$tmp/trunc/FandolFang-Regular.otf"
# a Type 1 font as fonts-urw-base35 ships them: PFB segment header, then the cleartext
printf '\200\001\100\000\000\000%%!PS-AdobeFont-1.0: NimbusRoman-Regular 1.00\n/FontName /NimbusRoman-Regular def\n' >"$tmp/type1/NimbusRoman-Regular.pfb"
printf 'wOFF\000\001\000\000' >"$tmp/woff/web.woff"
for d in trunc:FandolFang-Regular.otf type1:NimbusRoman-Regular.pfb woff:web.woff; do
    dir=${d%%:*} file=${d#*:}
    check "--font-dir with $file" 3 "$GR" render "$SAMPLE" -o "$tmp/$dir.pdf" --font-dir "$tmp/$dir"
    expect "$tmp/err" "E-FONT" "$file: E-FONT"
    expect "$tmp/err" "$tmp/$dir/$file" "$file named"
    [ -e "$tmp/$dir.pdf" ] && { echo "FAIL $file: a PDF was written"; fail=1; }
    ls "$tmp" | grep -q "^$dir\.pdf" && { echo "FAIL $file: a temporary file was left"; fail=1; }
done
# the same in a batch: the environment error stops it before any report
mkdir -p "$tmp/batch-in" "$tmp/batch-out"
cp "$SAMPLE" "$tmp/batch-in/"
check "batch with a truncated font" 3 "$GR" batch -q -o "$tmp/batch-out" --font-dir "$tmp/trunc" "$tmp/batch-in"
expect "$tmp/err" "FandolFang-Regular.otf" "batch: truncated font named"
[ -z "$(ls "$tmp/batch-out")" ] || { echo "FAIL batch: output written: $(ls "$tmp/batch-out")"; fail=1; }

exit $fail
