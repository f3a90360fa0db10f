/* render: the whole pipeline for one file, shared by `render` and `batch`:
 * load → check → compose → PDF written atomically. Fonts are opened by the caller once. */
#ifndef GR_RENDER_H
#define GR_RENDER_H

#include "base/base.h"
#include "layout/layout.h"

#include <stddef.h>

typedef struct {
    int pages;
    size_t bytes; /* size of the PDF written */
} gr_render_stats;

/* GR_OK: out written. GR_ERR_INPUT: the report has errors (schema, balance, a character
 * no font has); nothing written. GR_ERR_ENV: cannot write; nothing left at out.
 * Diagnostics (warnings too) go to d. stats may be NULL. */
gr_status gr_render_file(const char *in, const char *out, const gr_fonts *f, gr_diags *d,
                         gr_render_stats *stats);

#endif
