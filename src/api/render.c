/* render (api): a checked report → its outputs, docs/design.md's pipeline: compose once into
 * the display list for the PDF and OFD writers, the HTML writer from the report itself; every
 * output made in memory, then handed back or written as one commit of files. Stops before
 * layout when the report has any error, so a file is only ever made for a report that is
 * valid, balanced and fully settable. */
#include "api/api.h"

#include "base/libzip.h"
#include "output/output.h"
#include "report/report.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *gr_format_ext(unsigned format)
{
    switch (format) {
    case GR_FORMAT_OFD:
        return ".ofd";
    case GR_FORMAT_HTML:
    case GR_FORMAT_HTML_FRAGMENT:
        return ".html";
    default:
        return ".pdf";
    }
}

const char *gr_api_basename(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

static bool one_format(unsigned f)
{
    return f == GR_FORMAT_PDF || f == GR_FORMAT_OFD || f == GR_FORMAT_HTML ||
           f == GR_FORMAT_HTML_FRAGMENT;
}

static void free_outputs(gr_output *outs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(outs[i].data);
        outs[i].data = NULL;
        outs[i].len = 0;
    }
}

/* The HTML of r (output/html_out.c); the page links to the PDF and OFD of the same render by
 * their names, when they have one. */
static gr_status write_html(const gr_report *r, unsigned format, const gr_output *outs, size_t n,
                            unsigned char **buf, size_t *len, gr_diags *d)
{
    gr_html_opts o = {format == GR_FORMAT_HTML_FRAGMENT, NULL, NULL};
    for (size_t i = 0; i < n; i++) {
        if (outs[i].format == GR_FORMAT_PDF && outs[i].path)
            o.pdf_href = gr_api_basename(outs[i].path);
        if (outs[i].format == GR_FORMAT_OFD && outs[i].path)
            o.ofd_href = gr_api_basename(outs[i].path);
    }
    size_t from = d->n;
    gr_status st = gr_html_write_mem(r, &o, buf, len, d);
    gr_api_mark_unit(r, d, from);
    return st;
}

/* libzip (and libcrypto under it) takes about 1 ms to load: the first render of a process
 * that makes an OFD loads it on a helper thread while the report is laid out. */
static atomic_bool zip_preloaded;

static void *zip_preload(void *arg)
{
    (void)arg;
    (void)gr_zip_load(); /* a failure is the OFD writer's to report, when it loads too */
    return NULL;
}

gr_status gr_api_render_checked(const gr_engine *e, const gr_report *r, gr_output *outs,
                                size_t n, gr_render_info *info, gr_diags *d)
{
    bool pages = false;
    for (size_t i = 0; i < n; i++) {
        outs[i].data = NULL;
        outs[i].len = 0;
        if (!one_format(outs[i].format)) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-USAGE", "未知的输出格式 %u",
                        outs[i].format);
            return GR_ERR_USAGE;
        }
        pages |= outs[i].format == GR_FORMAT_PDF || outs[i].format == GR_FORMAT_OFD;
    }
    if (pages && (!e || !e->fonts)) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-USAGE", "排版 PDF 或 OFD 需要字体（gr_engine）");
        return GR_ERR_USAGE;
    }
    bool ofd = false;
    for (size_t i = 0; i < n; i++)
        ofd |= outs[i].format == GR_FORMAT_OFD;
    pthread_t zip_loader;
    bool loading = ofd && !atomic_exchange(&zip_preloaded, true) &&
                   pthread_create(&zip_loader, NULL, zip_preload, NULL) == 0;
    gr_doc *doc = NULL;
    gr_status st = GR_OK;
    if (pages) {
        size_t from = d->n;
        st = gr_compose(r, e->fonts, &doc, d);
        gr_api_mark_unit(r, d, from);
    }
    for (size_t i = 0; i < n && st == GR_OK; i++) {
        unsigned char **buf = &outs[i].data;
        size_t *len = &outs[i].len;
        switch (outs[i].format) {
        case GR_FORMAT_PDF:
            st = gr_pdf_write_mem(doc, e->fonts, buf, len, d);
            break;
        case GR_FORMAT_OFD:
            st = gr_ofd_write_mem(doc, e->fonts, buf, len, d);
            break;
        default:
            st = write_html(r, outs[i].format, outs, n, buf, len, d);
            break;
        }
    }
    if (st != GR_OK)
        free_outputs(outs, n);
    if (st == GR_OK && info) {
        info->pages = doc ? (int)doc->npages : 0;
        info->bytes = n ? outs[0].len : 0;
    }
    gr_doc_free(doc);
    if (loading)
        pthread_join(zip_loader, NULL);
    return st;
}

gr_status gr_render_mem(const gr_engine *e, const gr_report *r, gr_output *outs, size_t n,
                        gr_render_info *info, gr_diags *d)
{
    for (size_t i = 0; i < n; i++) {
        outs[i].data = NULL;
        outs[i].len = 0;
    }
    if (gr_check(r, NULL, d) > 0)
        return GR_ERR_INPUT;
    return gr_api_render_checked(e, r, outs, n, info, d);
}

/* An output that names the report's own file would replace it. */
static bool is_input(const gr_report *r, const char *path)
{
    struct stat si, so;
    return r->path && strcmp(r->path, "-") && stat(r->path, &si) == 0 &&
           stat(path, &so) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino;
}

/* Destinations first: a render is not worth doing when its files cannot be written. */
static gr_status check_destinations(const gr_report *r, const gr_output *outs, size_t n,
                                    gr_diags *d)
{
    for (size_t i = 0; i < n; i++) {
        if (!outs[i].path) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-USAGE", "第 %zu 个输出没有给出文件名",
                        i + 1);
            return GR_ERR_USAGE;
        }
        for (size_t k = 0; k < i; k++)
            if (!strcmp(outs[k].path, outs[i].path)) {
                gr_diag_add(d, GR_SEV_ERROR, outs[i].path, 0, 0, "E-USAGE",
                            "两种格式写到了同一个文件");
                return GR_ERR_USAGE;
            }
        if (is_input(r, outs[i].path)) {
            gr_diag_add(d, GR_SEV_ERROR, outs[i].path, 0, 0, "E-USAGE",
                        "输出文件就是输入文件，写出会覆盖报告本身");
            return GR_ERR_USAGE;
        }
        if (gr_file_check_dest(outs[i].path, d) != GR_OK)
            return GR_ERR_ENV;
    }
    return GR_OK;
}

static gr_status commit(const gr_output *outs, size_t n, gr_diags *d)
{
    const char **paths = gr_xcalloc(n ? n : 1, sizeof *paths);
    const void **data = gr_xcalloc(n ? n : 1, sizeof *data);
    size_t *lens = gr_xcalloc(n ? n : 1, sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        paths[i] = outs[i].path;
        data[i] = outs[i].data;
        lens[i] = outs[i].len;
    }
    gr_status st = gr_file_write_atomic_set(paths, data, lens, n, d);
    free(paths);
    free(data);
    free(lens);
    return st;
}

/* gr_render_files without the check: batch has checked beside last year's report. */
gr_status gr_api_render_files_checked(const gr_engine *e, const gr_report *r,
                                      const gr_output *outs, size_t n, gr_render_info *info,
                                      gr_diags *d)
{
    gr_status st = check_destinations(r, outs, n, d);
    if (st != GR_OK)
        return st;
    gr_output *made = gr_xcalloc(n ? n : 1, sizeof *made);
    for (size_t i = 0; i < n; i++) {
        made[i].format = outs[i].format;
        made[i].path = outs[i].path;
    }
    st = gr_api_render_checked(e, r, made, n, info, d);
    if (st == GR_OK)
        st = commit(made, n, d);
    free_outputs(made, n);
    free(made);
    return st;
}

gr_status gr_render_files(const gr_engine *e, const gr_report *r, const gr_output *outs,
                          size_t n, gr_render_info *info, gr_diags *d)
{
    gr_status st = check_destinations(r, outs, n, d);
    if (st != GR_OK)
        return st;
    if (gr_check(r, NULL, d) > 0)
        return GR_ERR_INPUT;
    return gr_api_render_files_checked(e, r, outs, n, info, d);
}

gr_status gr_report_html(const gr_report *r, unsigned format, unsigned char **buf, size_t *len,
                         gr_diags *d)
{
    if (format != GR_FORMAT_HTML && format != GR_FORMAT_HTML_FRAGMENT) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-USAGE", "gr_report_html 只写 HTML");
        return GR_ERR_USAGE;
    }
    return write_html(r, format, NULL, 0, buf, len, d);
}
