/* pdf_out: display list → a tagged PDF/A-1a file, the PDF writer's public face. Fonts are
 * embedded as subsets with an exact ToUnicode CMap; the outline holds the section
 * headings; the document info dates come from the report; the file is written to a
 * temporary file beside the destination and renamed into place only when complete. The
 * writer's files (pdf_*.c) share pdf_int.h; only pdf_haru.c includes libharu. */
#ifndef GR_PDF_OUT_H
#define GR_PDF_OUT_H

#include "base/base.h"
#include "layout/layout.h"

#include <stddef.h>

/* Write doc to path atomically. On failure nothing is left at path (nor a temporary file),
 * a diagnostic says why, and the status is GR_ERR_ENV. */
gr_status gr_pdf_write(const gr_doc *doc, const gr_fonts *f, const char *path, gr_diags *d);

/* Write doc to memory (for the fuzzer and tests); caller frees *buf. */
gr_status gr_pdf_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf,
                           size_t *len, gr_diags *d);

/* The version of libharu this process runs with ("2.3.0"), for --version. */
const char *gr_pdf_libharu_version(void);

#endif
