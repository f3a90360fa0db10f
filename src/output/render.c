/* render: one report file → one PDF, the pipeline of docs/design.md: load → check → compose →
 * pdf. Stops before layout when the report has any error, so a PDF is only ever written
 * for a report that is valid, balanced and fully settable. */
#include "output/render.h"

#include "report/report.h"
#include "layout/layout.h"
#include "output/pdf_out.h"

#include <sys/stat.h>

gr_status gr_render_file(const char *in, const char *out, const gr_fonts *f, gr_diags *d,
                         gr_render_stats *stats)
{
    gr_status st = GR_ERR_INPUT;
    gr_doc *doc = NULL;
    size_t errors0 = gr_diags_errors(d);
    gr_report *r = gr_xml_load_file(in, d);
    if (!r || gr_diags_errors(d) > errors0)
        goto fail;
    if (gr_check_report(r, d) > 0)
        goto fail;
    st = gr_compose(r, f, &doc, d);
    if (st != GR_OK)
        goto fail;
    st = gr_pdf_write(doc, f, out, d);
    if (st != GR_OK)
        goto fail;
    if (stats) {
        struct stat sb;
        stats->pages = (int)doc->npages;
        stats->bytes = stat(out, &sb) == 0 ? (size_t)sb.st_size : 0;
    }
fail:
    gr_doc_free(doc);
    gr_report_free(r);
    return st;
}
