#!/usr/bin/env python3
"""Makes the crafted .docx packages of tests/hostile/ (committed; the tests never run this).

  zip-duplicate.docx      tests/import/docx/shanyang-2025.docx with a second entry named
                          word/document.xml after the first (its figures changed): unzip and
                          Word may show the second, we read the first.
  zip-duplicate-case.docx the same with the second entry named Word/Document.XML (part names
                          are compared without case).
  zip-inconsistent.docx   shanyang-2025.docx with the name in one local header changed
                          (word/document.xml → word/documenX.xml) and the central directory
                          left as it was: readers that walk local headers see another package.

Usage: python3 tests/hostile/make-zips.py (from anywhere)."""
import os
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
seed = os.path.join(here, "..", "import", "docx", "shanyang-2025.docx")
STAMP = (2026, 1, 1, 0, 0, 0)


def copy_with_extra(out, extra_name):
    with zipfile.ZipFile(seed) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        doc = None
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                doc = data
            zout.writestr(zipfile.ZipInfo(info.filename, STAMP), data, zipfile.ZIP_DEFLATED)
        other = doc.replace("51".encode(), "52".encode(), 1)
        assert other != doc
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": the point of the file
            zout.writestr(zipfile.ZipInfo(extra_name, STAMP), other, zipfile.ZIP_DEFLATED)


copy_with_extra(os.path.join(here, "zip-duplicate.docx"), "word/document.xml")
copy_with_extra(os.path.join(here, "zip-duplicate-case.docx"), "Word/Document.XML")

with open(seed, "rb") as f:
    data = bytearray(f.read())
name = b"word/document.xml"
at = data.find(b"PK\x03\x04")
while at >= 0:
    n = int.from_bytes(data[at + 26:at + 28], "little")
    if data[at + 30:at + 30 + n] == name:
        data[at + 30:at + 30 + n] = b"word/documenX.xml"
        break
    at = data.find(b"PK\x03\x04", at + 4)
assert at >= 0, "no local header of word/document.xml"
with open(os.path.join(here, "zip-inconsistent.docx"), "wb") as f:
    f.write(data)
