/* xml_write: model → report.xml, the form xml_load reads. Used by `template` (a blank
 * report), `import` and `aggregate`. Every output file goes through gr_file_write_atomic: the
 * XML is rendered in memory first, so a failed run leaves nothing at the output path. No
 * outside library: the form is simple enough to print, and the escaping is base's
 * (gr_buf_put_xml). */
#include "report/xml_write.h"

#include "report/template.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void put_escaped(FILE *out, const char *s, bool attr)
{
    gr_buf b = {0};
    gr_buf_put_xml(&b, s ? s : "", s ? strlen(s) : 0, attr);
    fwrite(b.s ? b.s : "", 1, b.len, out);
    gr_buf_free(&b);
}

static void write_paras(FILE *out, const gr_prose *pr, const char *placeholder)
{
    for (size_t i = 0; i < pr->n; i++) {
        fputs("    <p", out);
        if (pr->items[i].heading) {
            fputs(" heading=\"", out);
            put_escaped(out, pr->items[i].heading, true);
            fputc('"', out);
        }
        fputc('>', out);
        put_escaped(out, pr->items[i].text && *pr->items[i].text ? pr->items[i].text
                                                                  : "（文字描述）",
                    false);
        fputs("</p>\n", out);
    }
    if (pr->n == 0 && placeholder)
        fprintf(out, "    <p>%s</p>\n", placeholder);
}

/* A cell's figure and, when it has one, its remark: ` attr="N" attr-remark="…"`. */
static void write_count(FILE *out, const char *attr, const gr_count *c)
{
    fprintf(out, " %s=\"%lld\"", attr, c->value);
    if (c->remark) {
        fprintf(out, " %s-remark=\"", attr);
        put_escaped(out, c->remark, true);
        fputc('"', out);
    }
}

void gr_xml_write(const gr_report *r, FILE *out)
{
    /* Totals are written as stored; those the file left out were computed when the report
     * was loaded, imported, summed or made blank (gr_report_finish). */
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report xmlns=\"%s\">\n",
            GR_TEMPLATE_NS);
    fputs("  <meta>\n    <issuer>", out);
    put_escaped(out, r->issuer && *r->issuer ? r->issuer : "某某人民政府", false);
    fprintf(out, "</issuer>\n    <year>%04d</year>\n", r->year);
    if (r->published) {
        fputs("    <published>", out);
        put_escaped(out, r->published, false);
        fputs("</published>\n", out);
    }
    if (r->region) {
        fputs("    <region>", out);
        put_escaped(out, r->region, false);
        fputs("</region>\n", out);
    }
    if (r->title) {
        fputs("    <title>", out);
        put_escaped(out, r->title, false);
        fputs("</title>\n", out);
    }
    fputs("  </meta>\n", out);
    if (r->preamble.n) {
        fputs("  <preamble>\n", out);
        write_paras(out, &r->preamble, NULL);
        fputs("  </preamble>\n", out);
    }
    for (int s = 0; s < GR_SECTIONS; s++) {
        fprintf(out, "  <%s>\n", gr_sections[s].xml);
        if (s == GR_SEC_PROACTIVE) {
            for (int i = GR_T2_RULES; i <= GR_T2_NORMATIVE; i++) {
                fprintf(out, "    <%s", gr_t2_rows[i].xml);
                for (int k = 0; k < 3; k++)
                    write_count(out, gr_t2_rows[i].attrs[k], &r->t2_docs[i][k]);
                fputs("/>\n", out);
            }
            for (int i = GR_T2_LICENSING; i <= GR_T2_COERCION; i++) {
                fprintf(out, "    <%s", gr_t2_rows[i].xml);
                write_count(out, "decisions", &r->t2_decisions[i - GR_T2_LICENSING]);
                fputs("/>\n", out);
            }
            fprintf(out, "    <%s amount=\"", gr_t2_rows[GR_T2_FEES].xml);
            put_escaped(out, r->t2_fee && *r->t2_fee ? r->t2_fee : "0", true);
            if (r->t2_fee_remark) {
                fputs("\" amount-remark=\"", out);
                put_escaped(out, r->t2_fee_remark, true);
            }
            fputs("\"/>\n", out);
        } else if (s == GR_SEC_APPLICATIONS) {
            for (int i = 0; i < GR_T3_ROWS; i++) {
                fprintf(out, "    <%s", gr_t3_rows[i].xml);
                for (int k = 0; k < GR_T3_COLS; k++)
                    write_count(out, gr_t3_cols[k].xml, &r->t3[i][k]);
                fputs("/>\n", out);
            }
        } else if (s == GR_SEC_REVIEWS) {
            for (int g = 0; g < GR_T4_GROUPS; g++) {
                fprintf(out, "    <%s", gr_t4_group_xml[g]);
                for (int k = 0; k < GR_T4_RESULTS; k++)
                    write_count(out, gr_t4_result_xml[k], &r->t4[g][k]);
                fputs("/>\n", out);
            }
        }
        /* Sections 一, 五, 六 need a paragraph to be schema-valid. */
        write_paras(out, &r->prose[s], gr_sections[s].has_table ? NULL : "（文字描述）");
        fprintf(out, "  </%s>\n", gr_sections[s].xml);
    }
    fputs("</report>\n", out);
}

gr_status gr_xml_write_file(const gr_report *r, const char *path, gr_diags *d)
{
    if (!strcmp(path, "-")) {
        gr_xml_write(r, stdout);
        if (fflush(stdout) || ferror(stdout)) {
            gr_diag_add(d, GR_SEV_ERROR, "-", 0, 0, "E-WRITE", "写入标准输出失败");
            return GR_ERR_ENV;
        }
        return GR_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-WRITE", "无法写入 %s：%s", path,
                    gr_strerror(errno));
        return GR_ERR_ENV;
    }
    gr_xml_write(r, mem);
    if (fclose(mem) != 0) {
        free(buf);
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-WRITE", "无法写入 %s：%s", path,
                    gr_strerror(errno));
        return GR_ERR_ENV;
    }
    gr_status st = gr_file_write_atomic(path, buf, len, d);
    free(buf);
    return st;
}
