/* html_out: report model → the page the portal publishes (HTML5, UTF-8, one file with one
 * inline stylesheet, no script, no outside resource), or only its <article> for a CMS editor.
 * It reads the report and the template, not the display list: a page reflows, so it needs
 * no pages. The tables have the PDF's labels and spans; every figure's cell and every
 * paragraph carries the id a diagnostic is pinned by (govreport.h, gr_diag). */
#ifndef GR_HTML_OUT_H
#define GR_HTML_OUT_H

#include "base/base.h"
#include "report/report.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool fragment;        /* only the <article>, styled inline (README "HTML") */
    const char *pdf_href; /* the PDF rendered with it, as the page links to it; or NULL */
    const char *ofd_href; /* the OFD likewise; or NULL */
} gr_html_opts;

/* The page of r (which need not have passed the checks: a page that shows a report's errors
 * in place needs its tables as they are). Totals the file left out are printed as
 * gr_report_finish computed them. o may be NULL (a whole page, no links). Characters a
 * page must not show as they are (controls, bidirectional and zero-width controls, invalid
 * bytes: what the PDF refuses as E-GLYPH) are printed as U+FFFD, with a W-HTML-CHAR warning
 * in d at their line. Nothing fails but memory (which aborts). Caller frees *buf. */
gr_status gr_html_write_mem(const gr_report *r, const gr_html_opts *o, unsigned char **buf,
                            size_t *len, gr_diags *d);

#endif
