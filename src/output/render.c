/* render: one report file → its outputs, the pipeline of docs/design.md: load → check →
 * compose → pdf and/or ofd, every writer fed by the one display list. Stops before layout
 * when the report has any error, so a file is only ever written for a report that is
 * valid, balanced and fully settable. */
#include "output/render.h"

#include "report/report.h"
#include "layout/layout.h"
#include "output/ofd_out.h"
#include "output/pdf_out.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

unsigned gr_format_of_path(const char *path)
{
    return has_ext(path, ".ofd") ? GR_FORMAT_OFD : GR_FORMAT_PDF;
}

char *gr_format_path(const char *path, unsigned format)
{
    size_t n = strlen(path);
    if (has_ext(path, ".pdf") || has_ext(path, ".ofd") || has_ext(path, ".xml"))
        n -= 4;
    return gr_xasprintf("%.*s%s", (int)n, path, format == GR_FORMAT_OFD ? ".ofd" : ".pdf");
}

gr_status gr_render_outputs(const char *in, const char *const *outs, const unsigned *formats,
                            size_t n, const gr_fonts *f, gr_diags *d, gr_render_stats *stats)
{
    gr_status st = GR_ERR_INPUT;
    gr_doc *doc = NULL;
    unsigned char **bufs = NULL;
    size_t *lens = NULL;
    size_t errors0 = gr_diags_errors(d);
    gr_report *r = gr_xml_load_file(in, d);
    if (!r || gr_diags_errors(d) > errors0)
        goto fail;
    if (gr_check_report(r, d) > 0)
        goto fail;
    st = gr_compose(r, f, &doc, d);
    if (st != GR_OK)
        goto fail;
    /* every destination before any writer: the second should not fail after the first */
    for (size_t i = 0; i < n; i++)
        if (gr_file_check_dest(outs[i], d) != GR_OK) {
            st = GR_ERR_ENV;
            goto fail;
        }
    /* every format to memory, then all written as one: a full disk met by the OFD leaves
     * no new PDF beside an old OFD */
    bufs = gr_xcalloc(n ? n : 1, sizeof *bufs);
    lens = gr_xcalloc(n ? n : 1, sizeof *lens);
    for (size_t i = 0; i < n && st == GR_OK; i++)
        st = formats[i] == GR_FORMAT_OFD ? gr_ofd_write_mem(doc, f, &bufs[i], &lens[i], d)
                                         : gr_pdf_write_mem(doc, f, &bufs[i], &lens[i], d);
    if (st == GR_OK)
        st = gr_file_write_atomic_set(outs, (const void *const *)bufs, lens, n, d);
    if (st != GR_OK)
        goto fail;
    if (stats) {
        stats->pages = (int)doc->npages;
        stats->bytes = n ? lens[0] : 0;
    }
fail:
    for (size_t i = 0; bufs && i < n; i++)
        free(bufs[i]);
    free(bufs);
    free(lens);
    gr_doc_free(doc);
    gr_report_free(r);
    return st;
}

gr_status gr_render_file(const char *in, const char *out, const gr_fonts *f, gr_diags *d,
                         gr_render_stats *stats)
{
    unsigned format = gr_format_of_path(out);
    return gr_render_outputs(in, &out, &format, 1, f, d, stats);
}
