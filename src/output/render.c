/* render: one report file → its outputs, the pipeline of docs/design.md: load → check →
 * compose → pdf and/or ofd, every writer fed by the one display list. Stops before layout
 * when the report has any error, so a file is only ever written for a report that is
 * valid, balanced and fully settable. */
#include "output/render.h"

#include "report/report.h"
#include "layout/layout.h"
#include "output/html_out.h"
#include "output/ofd_out.h"
#include "output/pdf_out.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

unsigned gr_format_of_path(const char *path)
{
    if (has_ext(path, ".html") || has_ext(path, ".htm"))
        return GR_FORMAT_HTML;
    return has_ext(path, ".ofd") ? GR_FORMAT_OFD : GR_FORMAT_PDF;
}

char *gr_format_path(const char *path, unsigned format)
{
    size_t n = strlen(path);
    if (has_ext(path, ".html"))
        n -= 5;
    else if (has_ext(path, ".pdf") || has_ext(path, ".ofd") || has_ext(path, ".xml") ||
             has_ext(path, ".htm"))
        n -= 4;
    const char *ext = format == GR_FORMAT_OFD   ? ".ofd"
                      : format == GR_FORMAT_PDF ? ".pdf"
                                                : ".html";
    return gr_xasprintf("%.*s%s", (int)n, path, ext);
}

/* The HTML page of r at path, linking to the PDF and OFD among outs by their names. */
static gr_status write_html(const gr_report *r, const char *path, bool fragment,
                            const char *const *outs, const unsigned *formats, size_t n,
                            gr_diags *d)
{
    gr_html_opts o = {fragment, NULL, NULL};
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(outs[i], '/');
        base = base ? base + 1 : outs[i];
        if (formats[i] == GR_FORMAT_PDF) o.pdf_href = base;
        if (formats[i] == GR_FORMAT_OFD) o.ofd_href = base;
    }
    unsigned char *buf = NULL;
    size_t len = 0;
    gr_status st = gr_html_write_mem(r, &o, &buf, &len, d);
    if (st == GR_OK)
        st = gr_file_write_atomic(path, buf, len, d);
    free(buf);
    return st;
}

gr_status gr_render_outputs(const char *in, const char *const *outs, const unsigned *formats,
                            size_t n, const gr_fonts *f, gr_diags *d, gr_render_stats *stats)
{
    gr_status st = GR_ERR_INPUT;
    gr_doc *doc = NULL;
    size_t errors0 = gr_diags_errors(d);
    gr_report *r = gr_xml_load_file(in, d);
    if (!r || gr_diags_errors(d) > errors0)
        goto fail;
    if (gr_check_report(r, d) > 0)
        goto fail;
    bool pages = false;
    for (size_t i = 0; i < n; i++)
        pages |= formats[i] == GR_FORMAT_PDF || formats[i] == GR_FORMAT_OFD;
    st = pages ? gr_compose(r, f, &doc, d) : GR_OK;
    if (st != GR_OK)
        goto fail;
    /* every destination before any writer: the second should not fail after the first */
    for (size_t i = 0; i < n; i++)
        if (gr_file_check_dest(outs[i], d) != GR_OK) {
            st = GR_ERR_ENV;
            goto fail;
        }
    for (size_t i = 0; i < n && st == GR_OK; i++) {
        if (formats[i] & (GR_FORMAT_HTML | GR_FORMAT_HTML_FRAGMENT))
            st = write_html(r, outs[i], formats[i] == GR_FORMAT_HTML_FRAGMENT, outs, formats, n,
                            d);
        else
            st = formats[i] == GR_FORMAT_OFD ? gr_ofd_write(doc, f, outs[i], d)
                                             : gr_pdf_write(doc, f, outs[i], d);
    }
    if (st != GR_OK)
        goto fail;
    if (stats) {
        struct stat sb;
        stats->pages = doc ? (int)doc->npages : 0;
        stats->bytes = n && stat(outs[0], &sb) == 0 ? (size_t)sb.st_size : 0;
    }
fail:
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
