#!/bin/bash
# Rebuilds the .docx fixtures of this folder (committed; the tests never run this script).
#   tests/import/docx/make.sh          the hand-made packages: one per construct (src/<case>/
#                                      over src/common/, zipped with `zip`) and the hostile ones
#   tests/import/docx/make.sh --lo     also the LibreOffice conversions of tests/import/*.html
#                                      and the legacy .doc (slow: soffice starts for each)
# Needs zip and python3 (for the packages `zip` cannot write: lying sizes, "../" names, an OLE
# compound file); soffice (Debian libreoffice-writer-nogui) for --lo. Timestamps are fixed,
# so a rerun gives the same bytes (but for the password-protected one: zip salts it at random,
# and the LibreOffice ones, which carry the time of conversion).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stamp=202601010000

# pack DIR OUT: zip the folder's files, [Content_Types].xml first, no extra fields.
pack() {
    find "$1" -exec touch -t $stamp {} +
    rm -f "$2"
    (cd "$1" && zip -q -X -D -9 "$2" '[Content_Types].xml' &&
        find . -type f ! -name '[Content_Types].xml' | sed 's|^\./||' | LC_ALL=C sort |
        zip -q -X -D -9 "$2" -@)
}

# case NAME [SRC]: src/common/ with src/NAME/ (or SRC) laid over it → NAME.docx
case_docx() {
    rm -rf "$tmp/c"
    cp -r "$here/src/common" "$tmp/c"
    cp -r "${2:-$here/src/$1}/." "$tmp/c/"
    pack "$tmp/c" "$here/$1.docx"
}

for d in "$here"/src/*/; do
    name=$(basename "$d")
    [ "$name" = common ] || case_docx "$name"
done

# Hostile packages.
head='<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
tail='</w:t></w:r></w:p></w:body></w:document>'
bomb() { # name bytes: a document.xml of that many spaces
    mkdir -p "$tmp/$1/word"
    { printf '%s' "$head"; head -c "$2" /dev/zero | tr '\0' ' '; printf '%s' "$tail"; } \
        >"$tmp/$1/word/document.xml"
    case_docx "$1" "$tmp/$1"
}
bomb hostile-bomb-size $((65 * 1024 * 1024)) # over 64 MB declared
bomb hostile-bomb-ratio $((2 * 1024 * 1024)) # 2 MB of spaces: about 1000:1

# A DOCTYPE with an entity, in the main part and in a package part.
mkdir -p "$tmp/dt/word" "$tmp/dt2/_rels"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
    '<!DOCTYPE w:document [<!ENTITY a "一、总体情况"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' \
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>' \
    >"$tmp/dt/word/document.xml"
case_docx hostile-doctype "$tmp/dt"
sed 's|^<Relationships|<!DOCTYPE Relationships SYSTEM "http://127.0.0.1/x.dtd">\n&|' \
    "$here/src/common/_rels/.rels" >"$tmp/dt2/_rels/.rels"
cp -r "$here/src/runs/." "$tmp/dt2/"
case_docx hostile-doctype-rels "$tmp/dt2"

# A main part that is not well-formed XML (cut short).
mkdir -p "$tmp/mal/word"
printf '%s' "$head" '一、总体情况' '</w:t></w:r>' >"$tmp/mal/word/document.xml"
case_docx hostile-malformed "$tmp/mal"

# A password-protected zip entry (zip's own encryption, as some tools offer).
rm -rf "$tmp/pw" && cp -r "$here/src/common" "$tmp/pw" && cp -r "$here/src/runs/." "$tmp/pw/"
find "$tmp/pw" -exec touch -t $stamp {} +
rm -f "$here/hostile-password.docx"
(cd "$tmp/pw" && zip -q -X -D -P secret "$here/hostile-password.docx" '[Content_Types].xml' \
    _rels/.rels word/document.xml word/_rels/document.xml.rels word/styles.xml)

# An OpenDocument text: a zip, but not a Word document.
mkdir -p "$tmp/odt"
printf 'application/vnd.oasis.opendocument.text' >"$tmp/odt/mimetype"
printf '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' \
    >"$tmp/odt/content.xml"
find "$tmp/odt" -exec touch -t $stamp {} +
rm -f "$here/hostile-odt.docx"
(cd "$tmp/odt" && zip -q -X -D -0 "$here/hostile-odt.docx" mimetype && zip -q -X -D "$here/hostile-odt.docx" content.xml)

# RTF under a .doc name, as Word and WPS often save it.
printf '{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 \\u19968?\\u12289?\\par}\n' >"$here/hostile-rtf.doc"

# Truncated: the first half of a valid package. Corrupt: a byte of the main part's deflated
# data changed.
size=$(stat -c %s "$here/tables.docx")
head -c $((size / 2)) "$here/tables.docx" >"$here/hostile-truncated.docx"

python3 - "$here" <<'EOF'
import struct, sys, zipfile, io
here = sys.argv[1]
def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]
def write(path, items, sizes=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    raw = bytearray(buf.getvalue())
    for name, declared in (sizes or {}).items():
        # the uncompressed size in the local header (offset 22) and the central directory (24)
        n = name.encode()
        i = raw.find(b"PK\x03\x04")
        while i >= 0:
            ln = struct.unpack_from("<H", raw, i + 26)[0]
            if raw[i + 30:i + 30 + ln] == n:
                struct.pack_into("<I", raw, i + 22, declared)
            i = raw.find(b"PK\x03\x04", i + 4)
        i = raw.find(b"PK\x01\x02")
        while i >= 0:
            ln = struct.unpack_from("<H", raw, i + 28)[0]
            if raw[i + 46:i + 46 + ln] == n:
                struct.pack_into("<I", raw, i + 24, declared)
            i = raw.find(b"PK\x01\x02", i + 4)
    open(path, "wb").write(bytes(raw))

runs = entries(f"{here}/runs.docx")
# Declared sizes that lie: the main part says 1,000 bytes and inflates to 40 KB.
doc = dict(runs)["word/document.xml"]
big = doc.replace(b"<w:p/>", b"<w:p/>" * 6000)
write(f"{here}/hostile-bomb-lie.docx",
      [(n, big if n == "word/document.xml" else d) for n, d in runs],
      {"word/document.xml": 1000})

# Corrupt: one byte of the main part's deflated data changed (its CRC no longer holds).
raw = bytearray(open(f"{here}/tables.docx", "rb").read())
with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
    info = z.getinfo("word/document.xml")
off = info.header_offset
ln, extra = struct.unpack_from("<HH", raw, off + 26)
start = off + 30 + ln + extra
raw[start + info.compress_size // 2] ^= 0x55
open(f"{here}/hostile-corrupt.docx", "wb").write(bytes(raw))

# Entry names as paths: the main part's relationship climbs out of the package, and an entry
# is named "../../govreport-escape.xml" (a reader that extracts would write outside).
rels = dict(runs)["_rels/.rels"].replace(b'Target="word/document.xml"',
                                         b'Target="../../govreport-escape.xml"')
items = [(n, rels if n == "_rels/.rels" else d) for n, d in runs]
items.append(("../../govreport-escape.xml", doc))
write(f"{here}/hostile-escape.docx", items)
# The same "../" entry in an otherwise sound package: never written anywhere, and the report
# reads as without it.
write(f"{here}/entry-names.docx", runs + [("../../govreport-escape.xml", doc),
                                          ("/etc/govreport-escape.xml", doc)])

# An encrypted .docx as Word writes it: an OLE2 compound file whose directory holds
# EncryptionInfo and EncryptedPackage (the package itself is AES-encrypted inside).
def entry(name, kind):
    e = bytearray(128)
    u = name.encode("utf-16-le")
    e[:len(u)] = u
    struct.pack_into("<H", e, 64, len(u) + 2)
    e[66] = kind  # 5 root, 2 stream
    struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return bytes(e)
hdr = bytearray(512)
hdr[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
struct.pack_into("<HHH", hdr, 24, 0x3E, 3, 0xFFFE)
struct.pack_into("<H", hdr, 30, 9)   # 512-byte sectors
struct.pack_into("<H", hdr, 32, 6)
struct.pack_into("<I", hdr, 48, 0)   # directory in sector 0
directory = entry("Root Entry", 5) + entry("EncryptionInfo", 2) + \
    entry("EncryptedPackage", 2) + entry("\x06DataSpaces", 1)
open(f"{here}/hostile-encrypted.docx", "wb").write(bytes(hdr) + directory + bytes(4096))
EOF

# The sample as a clerk's Word file, made from LibreOffice's conversion (clerk.py says how).
python3 "$here/clerk.py" "$here"

if [ "${1:-}" = --lo ]; then
    lo() { soffice -env:UserInstallation=file://"$tmp"/lo --headless --writer "$@" >/dev/null 2>&1; }
    for page in "$here"/../*.html; do
        lo --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp/out" "$page"
    done
    cp "$tmp"/out/*.docx "$here/"
    # A legacy Word 97–2003 file, for the error that says how to convert it.
    lo --convert-to 'doc:MS Word 97' --outdir "$tmp/out" "$here/../shanyang-2025.html"
    cp "$tmp/out/shanyang-2025.doc" "$here/hostile-legacy.doc"
fi
ls -l "$here"/*.docx "$here"/*.doc 2>/dev/null | awk '{print $5, $9}'
