#!/bin/bash
# The memory bound of the README ("Memory"): peak RSS ≤ 256 MiB for any input the limits
# admit, measured with /usr/bin/time -v on the shapes that cost the most:
#   runs.docx   2.6 million runs (62 MB of XML in a 8 MB .docx): 1.1 GB when the main part
#               was one libxml2 tree; read as a stream of paragraphs now
#   text.docx   a valid report with 63 MB of prose in its main part (the largest part the
#               limits admit), imported and written out
#   nodes.xml   16 MB of "<p>字</p>" for check: 900 MB as a tree; stopped at the node cap
#   nodes.html  the same as a page for import: 670 MB; stopped at the node cap
#   lines.txt   16 MB of text, 400,000 lines of prose and no title, for import: every line
#               joined the whole paragraph again (minutes; now seconds, within the timeout)
# The inputs are made here (python3). Under AddressSanitizer the RSS is the sanitizer's, not
# the program's: SKIP.
# Usage: memory_bound.sh <govreport> <source-dir>
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/e2e-lib.sh" || exit 1
[ -x /usr/bin/time ] || skip "no /usr/bin/time (Debian package time)"
command -v python3 >/dev/null || skip "no python3"
if ldd "$bin" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    skip "a sanitizer build: its RSS is the sanitizer's"
fi
bound_kb=$((256 * 1024))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

python3 - "$src" <<'PY' || fail "cannot make the inputs"
import random, re, sys, zipfile
src = sys.argv[1]
random.seed(20)
seed = src + "/tests/import/docx/shanyang-2025.docx"
with zipfile.ZipFile(seed) as z:
    names = z.namelist()
    parts = {n: z.read(n) for n in names}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def save(out, doc):
    p = dict(parts)
    p["word/document.xml"] = doc.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for n in names:
            z.writestr(n, p[n])
# 2.6 million runs of one character, 100 to a paragraph; 2,000 distinct paragraphs so that
# deflate finds no long repeats (the package stays under the ratio limit)
pool = ["<w:p>" + "".join("<w:r><w:t>%s</w:t></w:r>" % chr(random.randint(0x4E00, 0x9FA5))
                          for _ in range(100)) + "</w:p>" for _ in range(2000)]
save("runs.docx", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s>'
     "<w:body>%s</w:body></w:document>" % (W, "".join(random.choice(pool) for _ in range(26000))))
# the sample with 63 MB of plain paragraphs before section 二
doc = parts["word/document.xml"].decode()
at = doc.index("二、主动公开")
at = max(doc.rfind("<w:p>", 0, at), doc.rfind("<w:p ", 0, at))
alpha = "一二三四"
pool = ["<w:p><w:r><w:t>" + "".join(random.choice(alpha) for _ in range(20000)) + "</w:t></w:r></w:p>"
        for _ in range(40)]
extra = [random.choice(pool) for _ in range((63 * 1024 * 1024 - len(doc.encode())) // 60020)]
save("text.docx", doc[:at] + "".join(extra) + doc[at:])
# 16 MB of the smallest paragraphs, as a report and as a page
sample = open(src + "/samples/shanyang-2025.xml", encoding="utf-8").read()
unit = "<p>字</p>"
i = sample.index("<p>")
n = (16 * 1024 * 1024 - len(sample.encode()) - 64) // len(unit.encode())
open("nodes.xml", "w", encoding="utf-8").write(sample[:i] + unit * n + sample[i:])
open("nodes.html", "w", encoding="utf-8").write("<html><body>" + unit * n + "</body></html>")
pool = ["".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(40)) for _ in range(5000)]
with open("lines.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(random.choice(pool) for _ in range(16 * 1024 * 1024 // 121)))
PY

# measure NAME WANT_RC ARGS...: govreport ARGS, its exit status and peak RSS
measure() {
    local name=$1 want=$2
    shift 2
    /usr/bin/time -v -o "$name.time" timeout 120 "$bin" "$@" >"$name.out" 2>"$name.err"
    local rc=$?
    local kb
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$name.time")
    if [ "$rc" != "$want" ]; then
        fail "$name: exit $rc, expected $want"
        head -3 "$name.err"
    fi
    if [ -z "$kb" ]; then
        fail "$name: no peak RSS measured"
    elif [ "$kb" -gt "$bound_kb" ]; then
        fail "$name: peak RSS $((kb / 1024)) MiB, over the bound of 256 MiB"
    else
        echo "ok   $name: peak RSS $((kb / 1024)) MiB (exit $rc)"
    fi
}
measure runs.docx 1 import runs.docx -o runs.xml
grep -q "E-IMPORT-SECTION" runs.docx.err || fail "runs.docx: not read to the end"
measure text.docx 0 import text.docx -o text.xml
[ "$(stat -c %s text.xml 2>/dev/null || echo 0)" -gt 60000000 ] || fail "text.docx: the prose is not in the XML"
measure nodes.xml 1 check nodes.xml
grep -q "E-SIZE" nodes.xml.err || fail "nodes.xml: no E-SIZE"
measure nodes.html 1 import nodes.html -o nodes-html.xml
grep -q "元素和属性超过" nodes.html.err || fail "nodes.html: no cap"
measure lines.txt 1 import lines.txt -o lines.xml
grep -q "E-IMPORT-SECTION" lines.txt.err || fail "lines.txt: not read to the end"
exit $((fails > 0))
