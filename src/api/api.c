/* api.c: the process, the engine and the report calls of govreport.h: open a file of any
 * kind the program reads (XML loaded, anything else imported in memory), check it beside
 * last year's report, write it as XML, sum many, and make a blank one. */
#include "api/api.h"

#include "import/import.h"
#include "output/output.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef GR_VERSION
#define GR_VERSION "0.1.0"
#endif

/* ---- process and engine ---- */

gr_status gr_init(gr_diags *d)
{
    return gr_xml_init(d);
}

void gr_cleanup(void)
{
    gr_xml_cleanup();
    gr_deflate_cleanup();
}

gr_status gr_engine_new(gr_engine **out, const gr_engine_opts *o, gr_diags *d)
{
    gr_engine *e = gr_xcalloc(1, sizeof *e);
    gr_status st = gr_fonts_open_kept(&e->fonts, o ? o->fonts_conf : NULL,
                                      o ? o->font_dir : NULL, gr_font_roles_store(), d);
    if (st != GR_OK) {
        free(e);
        *out = NULL;
        return st;
    }
    *out = e;
    return GR_OK;
}

void gr_engine_free(gr_engine *e)
{
    if (!e)
        return;
    gr_fonts_free(e->fonts);
    free(e);
}

const char *gr_version(void)
{
    return GR_VERSION;
}

/* ---- opening a report ---- */

static bool ends_with_ci(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n >= k && strcasecmp(s + n - k, ext) == 0;
}

static bool starts_with(const char *p, const char *end, const char *word)
{
    size_t k = strlen(word);
    return (size_t)(end - p) >= k && memcmp(p, word, k) == 0;
}

/* Whether data is a report in our XML vocabulary rather than a page or a text copy: a file
 * named .xml always is (the loader then says what is wrong with it); otherwise XML that
 * opens with a declaration, a comment or <report and is not an HTML page. Data holding a NUL
 * byte is no text copy either (UTF-16 XML, or not text at all): the loader names it. */
static bool is_report_xml(const char *data, size_t len, const char *name)
{
    if (name && ends_with_ci(name, ".xml"))
        return true;
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return true;
    if (memchr(data, '\0', len))
        return true;
    const char *p = data, *end = data + (len < 65536 ? len : 65536);
    if (starts_with(p, end, "\xEF\xBB\xBF"))
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (!starts_with(p, end, "<?xml") && !starts_with(p, end, "<!--") &&
        !starts_with(p, end, "<report"))
        return false;
    return !gr_mem_has_ci(p, (size_t)(end - p), "<html") &&
           !gr_mem_has_ci(p, (size_t)(end - p), "<!doctype html");
}

void gr_api_mark_unit(const gr_report *r, gr_diags *d, size_t from)
{
    for (size_t i = from; i < d->n; i++)
        d->items[i].unit = r && r->pos_unit ? r->pos_unit : "line";
}

gr_status gr_open_mem(const void *data, size_t len, const char *name, gr_report **out,
                      gr_diags *d)
{
    const char *bytes = data;
    size_t errors = gr_diags_errors(d), from = d->n;
    const char *path = name ? name : "-";
    gr_import_kind kind = gr_import_detect(bytes, len, name);
    gr_report *r;
    *out = NULL;
    if (len > GR_MAX_INPUT_BYTES) { /* the same bound for every kind, from a file or not */
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-SIZE",
                    "文件超过 %u MB 的上限（一份报告通常约 100 KB）",
                    GR_MAX_INPUT_BYTES / (1024u * 1024u));
        return GR_ERR_INPUT;
    }
    /* a PDF (it holds NUL bytes) is imported through its text, unless named .xml: then the
     * loader says it is no XML */
    bool pdf = kind == GR_IMPORT_PDF && !(name && ends_with_ci(name, ".xml"));
    if (kind != GR_IMPORT_DOCX && !pdf && is_report_xml(bytes, len, name)) {
        r = gr_xml_load_mem(bytes, len, path, d);
    } else {
        r = gr_import_mem(bytes, len, path, kind, NULL, d);
        if (kind == GR_IMPORT_DOCX) {
            /* a Word file has paragraphs, not lines: its positions count them */
            for (size_t i = from; i < d->n; i++)
                d->items[i].unit = "paragraph";
            if (r)
                r->pos_unit = "paragraph";
        }
    }
    if (!r || gr_diags_errors(d) > errors) {
        gr_report_free(r);
        return GR_ERR_INPUT;
    }
    *out = r;
    return GR_OK;
}

gr_status gr_open_file(const char *path, gr_report **out, gr_diags *d)
{
    size_t len = 0;
    char *data = gr_xml_read(path, &len, d);
    *out = NULL;
    if (!data)
        return GR_ERR_INPUT;
    gr_status st = gr_open_mem(data, len, path, out, d);
    free(data);
    return st;
}

const char *gr_report_issuer(const gr_report *r)
{
    return r->issuer ? r->issuer : "";
}

int gr_report_year(const gr_report *r)
{
    return r->year;
}

const char *gr_report_name(const gr_report *r)
{
    return r->path;
}

/* ---- check, XML, sum, blank ---- */

size_t gr_check(const gr_report *r, const gr_report *last, gr_diags *d)
{
    size_t from = d->n;
    size_t errors = gr_check_report(r, d);
    if (last)
        gr_check_previous(last, r, d);
    gr_api_mark_unit(r, d, from);
    return errors;
}

gr_status gr_report_xml(const gr_report *r, char **xml, size_t *len, gr_diags *d)
{
    FILE *f = open_memstream(xml, len);
    if (!f) {
        gr_diag_add(d, GR_SEV_ERROR, r->path, 0, 0, "E-WRITE", "无法在内存中写出 XML");
        return GR_ERR_ENV;
    }
    gr_xml_write(r, f);
    if (fclose(f) != 0) {
        free(*xml);
        *xml = NULL;
        gr_diag_add(d, GR_SEV_ERROR, r->path, 0, 0, "E-WRITE", "无法在内存中写出 XML");
        return GR_ERR_ENV;
    }
    return GR_OK;
}

gr_report *gr_aggregate(const gr_report *const *in, size_t n, const char *issuer, gr_diags *d)
{
    return gr_aggregate_reports(in, n, issuer, 0, d);
}

static void placeholder(gr_report *r, int sec, const char *text)
{
    gr_prose *pr = &r->prose[sec];
    pr->items = gr_arena_alloc(r->arena, sizeof *pr->items);
    pr->items[0].text = text;
    pr->n = 1;
}

gr_report *gr_report_blank(const char *issuer, int year)
{
    gr_report *r = gr_report_new("-");
    r->issuer = gr_arena_strdup(r->arena, issuer ? issuer : "某某人民政府");
    r->year = year;
    r->t2_fee = "0";
    /* Every figure is stated (given) as 0, so the totals are printed and balance. */
    for (int i = 0; i < GR_T3_ROWS; i++)
        for (int k = 0; k < GR_T3_COLS; k++)
            r->t3[i][k].given = true;
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_RESULTS; k++)
            r->t4[g][k].given = true;
    placeholder(r, GR_SEC_OVERVIEW, "（文字描述：本年度政府信息公开工作的总体情况）");
    placeholder(r, GR_SEC_PROBLEMS, "（文字描述：存在的主要问题及改进情况）");
    placeholder(r, GR_SEC_OTHER, "（文字描述：信息处理费的收取情况及其他需要报告的事项）");
    gr_report_finish(r);
    return r;
}
