#!/usr/bin/env python3
"""Makes the crafted PDFs of tests/hostile/ (committed; the tests never run this).

  pdf-scan.pdf     one A4 page that is a picture (a grey 8x8 image drawn over the page, as
                   a scanner's PDF is): no text to extract.
  pdf-damaged.pdf  a PDF header followed by a truncated body: pdftotext cannot open it.

Usage: python3 tests/hostile/make-pdfs.py (from anywhere)."""
import os

here = os.path.dirname(os.path.abspath(__file__))


def pdf(objects):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


image = bytes((i * 37) % 256 for i in range(64))
content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
scan = pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray"
    b" /BitsPerComponent 8 /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
])
with open(os.path.join(here, "pdf-scan.pdf"), "wb") as f:
    f.write(scan)
with open(os.path.join(here, "pdf-damaged.pdf"), "wb") as f:
    f.write(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty")
