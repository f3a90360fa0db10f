/* api: the library behind govreport.h. The public calls are implemented here over the
 * stages (report, import, layout, output); the CLI and the server call govreport.h only.
 * This header holds what the folder's files share (the engine, a render of a report that
 * was already checked); nothing outside src/api includes it.
 * May include: output, layout, import, report, base. No outside library. */
#ifndef GR_API_H
#define GR_API_H

#include "govreport.h"

#include "base/base.h"
#include "layout/layout.h"

struct gr_engine {
    gr_fonts *fonts;
};

/* gr_render_mem without checking r first: the caller has (batch checks beside last year's
 * report, then renders). */
gr_status gr_api_render_checked(const gr_engine *e, const gr_report *r, gr_output *outs,
                                size_t n, gr_render_info *info, gr_diags *d);

/* gr_render_files without the check, for the same reason. */
gr_status gr_api_render_files_checked(const gr_engine *e, const gr_report *r,
                                      const gr_output *outs, size_t n, gr_render_info *info,
                                      gr_diags *d);

/* The diagnostics d->items[from..] were about r: give them r's position unit. */
void gr_api_mark_unit(const gr_report *r, gr_diags *d, size_t from);

/* The file name of path for a link from a sibling file: the part after the last '/'. */
const char *gr_api_basename(const char *path);

#endif
