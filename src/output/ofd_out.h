/* ofd_out: display list → OFD (GB/T 33190-2016), the national fixed-layout format, beside
 * the PDF writer and fed by the same display list. The package is a zip (libzip) of
 * OFD.xml, Doc_0/Document.xml (pages, outline), Doc_0/PublicRes.xml (the fonts, each an
 * embedded subset under Doc_0/Res/) and one Content.xml per page; units are millimetres
 * with the origin at the top left. The same document gives the same bytes. */
#ifndef GR_OFD_OUT_H
#define GR_OFD_OUT_H

#include "base/base.h"
#include "layout/layout.h"

#include <stddef.h>

/* Write doc to path atomically. On failure nothing is left at path (nor a temporary file),
 * a diagnostic says why, and the status is GR_ERR_ENV. */
gr_status gr_ofd_write(const gr_doc *doc, const gr_fonts *f, const char *path, gr_diags *d);

/* Write doc to memory (for tests and the fuzzer); caller frees *buf. */
gr_status gr_ofd_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf,
                           size_t *len, gr_diags *d);

/* A point of the display list (PDF points, origin bottom left) in OFD micrometres (origin
 * top left), as the writer rounds it: a position written is this divided by 1000. */
long long gr_ofd_um_x(double x_pt);
long long gr_ofd_um_y(double y_pt);

#endif
