#!/bin/sh
# govreport benchmark: `import` of a 2 MB .docx (issue 13: under 100 ms).
#   bench/import-docx.sh [BUILD]    BUILD = a Release build folder (default build-bench)
# Two files of 2 MB, both made from the sample as LibreOffice writes it
# (tests/import/docx/shanyang-2025.docx):
#   image: the sample and a 1.9 MB picture (a scanned seal or photo: what makes a real report's
#          .docx weigh megabytes; the picture is never inflated);
#   text:  the sample with section 一 grown by pseudo-random paragraphs in the sample's own
#          characters and markup until the package is 2 MB (about 12 MB of XML, far more text
#          than any report: the reader's and the builder's worst case).
# Needs hyperfine, zip and unzip (tools/install-deps.sh).
set -eu
cd "$(dirname "$0")/.."
B=${1:-build-bench}
if [ ! -x "$B/govreport" ]; then
    cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$B" -j "$(nproc)" >/dev/null
fi
GR=$(cd "$B" && pwd)/govreport
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -z "${KEEP:-}" ] || { trap - EXIT; echo "files in $W"; }
src=tests/import/docx/shanyang-2025.docx
target=$((2 * 1024 * 1024))

# image: the sample plus an incompressible picture.
mkdir -p "$W/image"
(cd "$W/image" && unzip -q "$OLDPWD/$src")
mkdir -p "$W/image/word/media"
head -c $((target - $(stat -c %s $src) - 2048)) /dev/urandom >"$W/image/word/media/image1.png"
(cd "$W/image" && zip -q -r -X "$W/image.docx" '[Content_Types].xml' . -x '[Content_Types].xml')

# text: n paragraphs before the heading of section 二, grown until the package is 2 MB.
mkdir -p "$W/text"
(cd "$W/text" && unzip -q "$OLDPWD/$src")
cp "$W/text/word/document.xml" "$W/document.xml"
alphabet=山阳区人民政府年在市委的坚强领导下持以习近平新时代中国特色社会主义思想为指紧扣经济发展重点锚定群众关注焦深化务公开实践确保各项工作高标准推进质量完成严格对华共和信息条例规全面贯彻落部署从执行布三审校制度扎网站栏日常态运维与范管理门户类余效续提升按照要求申请均法限内办流程及出答复障合权益本收到件依事已给予处动未增台性文无废止情形截至目前现有了更底数清晰序一是配做好集约改造期资料备据迁移等直单位后使用
grow() { # paragraphs
    # The alphabet: 200 characters of the sample's prose, one a field (awk splits bytes).
    awk -v n="$1" -v alphabet="$(echo "$alphabet" | LC_ALL=C.UTF-8 sed 's/./&,/g')" '
    BEGIN { srand(13); k = split(alphabet, ch, ",") - 1 }
    !index($0, "二、主动公开政府信息情况") { print; next }
    {
        start = index($0, "二、主动公开政府信息情况")
        while (start > 0 && substr($0, start, 5) != "<w:p>") start--
        printf "%s", substr($0, 1, start - 1)
        for (i = 0; i < n; i++) {
            printf "<w:p><w:pPr><w:pStyle w:val=\"TextBodyMsoNormal\"/><w:ind w:firstLine=\"640\"/></w:pPr>"
            for (r = 0; r < 4; r++) {
                printf "<w:r><w:rPr><w:rFonts w:eastAsia=\"GB2312\"/><w:sz w:val=\"32\"/></w:rPr><w:t>"
                for (c = 0; c < 40; c++) printf "%s", ch[int(rand() * k) + 1]
                printf "</w:t></w:r>"
            }
            printf "。</w:p>"
        }
        print substr($0, start)
    }' "$W/document.xml" >"$W/text/word/document.xml"
    rm -f "$W/text.docx"
    (cd "$W/text" && zip -q -r -X "$W/text.docx" '[Content_Types].xml' . -x '[Content_Types].xml')
}
n=${N:-4000}
grow $n
while [ "$(stat -c %s "$W/text.docx")" -lt "$target" ]; do
    n=$((n * 5 / 4))
    grow $n
done

echo "govreport: $($GR --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for kind in image text; do
    f=$W/$kind.docx
    "$GR" import "$f" -o "$W/$kind.xml" 2>"$W/err" || { echo "$kind: import failed"; head "$W/err"; exit 1; }
    xml=$(unzip -l "$f" word/document.xml | awk 'NR==4 {print $1}')
    hyperfine -N --warmup 3 --runs 30 --export-csv "$W/$kind.csv" \
        "$GR import $f -o $W/$kind.xml" >/dev/null 2>&1
    awk -F, -v k="$kind" -v b="$(stat -c %s "$f")" -v x="$xml" \
        -v p="$(grep -c '<p' "$W/$kind.xml")" \
        'NR==2 {printf "import %s.docx (%.2f MB, document.xml %.1f MB, %d paragraphs out): median %.1f ms, min %.1f, max %.1f (30 runs); CPU %.1f ms\n", k, b/1048576, x/1048576, p, $4*1000, $7*1000, $8*1000, ($5+$6)*1000}' "$W/$kind.csv"
done
