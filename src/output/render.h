/* render: the whole pipeline for one file, shared by `render` and `batch`:
 * load → check → compose → each output (PDF, OFD) written atomically from the one layout.
 * Fonts are opened by the caller once. */
#ifndef GR_RENDER_H
#define GR_RENDER_H

#include "base/base.h"
#include "layout/layout.h"

#include <stdbool.h>
#include <stddef.h>

/* Output formats, as bits (`--format=pdf,ofd,html` asks for three). GR_FORMAT_HTML is the
 * whole page, GR_FORMAT_HTML_FRAGMENT only its <article>; both are written as NAME.html. */
enum { GR_FORMAT_PDF = 1, GR_FORMAT_OFD = 2, GR_FORMAT_HTML = 4, GR_FORMAT_HTML_FRAGMENT = 8 };

/* The format a file name asks for: GR_FORMAT_OFD when it ends in ".ofd", GR_FORMAT_HTML in
 * ".html" or ".htm" (any case), else GR_FORMAT_PDF. */
unsigned gr_format_of_path(const char *path);

/* path with its extension (.pdf, .ofd, .html, .htm or .xml, any case) replaced by format's,
 * or with format's appended when it has none of these. */
char *gr_format_path(const char *path, unsigned format);

typedef struct {
    int pages;
    size_t bytes; /* size of the first output written */
} gr_render_stats;

/* GR_OK: out written, in the format its name asks for (gr_format_of_path).
 * GR_ERR_INPUT: the report has errors (schema, balance, a character no font has); nothing
 * written. GR_ERR_ENV: cannot write; nothing left at out.
 * Diagnostics (warnings too) go to d. stats may be NULL. */
gr_status gr_render_file(const char *in, const char *out, const gr_fonts *f, gr_diags *d,
                         gr_render_stats *stats);

/* The same for n outputs (outs[i] in formats[i], one GR_FORMAT_*), laid out once (not at
 * all when only HTML is asked: the page needs the report, not pages). The HTML page links
 * to the PDF and OFD of the same call by their file names. Every
 * destination is checked before the work; the outputs are written in order, each atomically,
 * and the first failure stops (outputs written before it stay: each is complete). */
gr_status gr_render_outputs(const char *in, const char *const *outs, const unsigned *formats,
                            size_t n, const gr_fonts *f, gr_diags *d, gr_render_stats *stats);

#endif
