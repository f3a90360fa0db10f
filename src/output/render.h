/* render: the whole pipeline for one file, shared by `render` and `batch`:
 * load → check → compose → each output (PDF, OFD) written atomically from the one layout.
 * Fonts are opened by the caller once. */
#ifndef GR_RENDER_H
#define GR_RENDER_H

#include "base/base.h"
#include "layout/layout.h"

#include <stdbool.h>
#include <stddef.h>

/* Output formats, as bits (`--format=pdf,ofd` asks for both). */
enum { GR_FORMAT_PDF = 1, GR_FORMAT_OFD = 2 };

/* The format a file name asks for: GR_FORMAT_OFD when it ends in ".ofd" (any case), else
 * GR_FORMAT_PDF. */
unsigned gr_format_of_path(const char *path);

/* path with its extension (.pdf, .ofd or .xml, any case) replaced by format's, or with
 * format's appended when it has none of these. */
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

/* The same for n outputs (outs[i] in formats[i], one GR_FORMAT_*), laid out once. Every
 * destination is checked before the work; all are made in memory, then written together
 * (gr_file_write_atomic_set): when one cannot be written, none is. */
gr_status gr_render_outputs(const char *in, const char *const *outs, const unsigned *formats,
                            size_t n, const gr_fonts *f, gr_diags *d, gr_render_stats *stats);

#endif
