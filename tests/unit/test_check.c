/* Unit tests for check: the sample balances; every figure of tables 三 and 四, changed by
 * one, is caught with a line number (with totals stated and with totals left out); messages
 * name the row, the column, the stated and the computed value; R6 and R7 warn without
 * counting as errors, and stay quiet on the sample. */
#define _POSIX_C_SOURCE 200809L
#include "report/check.h"
#include "base/diag.h"
#include "report/model.h"
#include "report/template.h"
#include "report/xml_load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static gr_report *load(const char *text, gr_diags *d)
{
    gr_report *r = gr_xml_load_mem(text, strlen(text), "shanyang-2025.xml", d);
    CHECK(r && gr_diags_errors(d) == 0, "load: %zu errors", gr_diags_errors(d));
    return r;
}

/* Change one figure by delta, check, and require an error with a line number. */
static void expect_caught(gr_report *r, gr_count *c, long long delta, const char *what, int i,
                          int k, int *caught)
{
    c->value += delta;
    gr_diags d;
    gr_diags_init(&d);
    size_t n = gr_check_report(r, &d);
    bool with_line = n > 0;
    for (size_t j = 0; j < d.n; j++)
        if (d.items[j].severity == GR_SEV_ERROR)
            with_line = with_line && d.items[j].line > 0 && d.items[j].col > 0 &&
                        !strcmp(d.items[j].code, "E-BALANCE");
    CHECK(n > 0 && n == gr_diags_errors(&d), "%s[%d][%d] %+lld not caught", what, i, k, delta);
    CHECK(with_line, "%s[%d][%d] %+lld: error without line and column", what, i, k, delta);
    *caught += n > 0 && with_line;
    c->value -= delta;
    gr_diags_free(&d);
}

static void sweep(gr_report *r, const char *what, bool with_t4)
{
    int caught = 0, tried = 0;
    for (int i = 0; i < GR_T3_ROWS; i++)
        for (int k = 0; k < GR_T3_COLS; k++) {
            if (!r->t3[i][k].given)
                continue;
            expect_caught(r, &r->t3[i][k], +1, what, i, k, &caught);
            tried++;
            if (r->t3[i][k].value > 0) {
                expect_caught(r, &r->t3[i][k], -1, what, i, k, &caught);
                tried++;
            }
        }
    for (int g = 0; with_t4 && g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_RESULTS; k++) {
            if (!r->t4[g][k].given)
                continue;
            expect_caught(r, &r->t4[g][k], +1, "t4", g, k, &caught);
            tried++;
            if (r->t4[g][k].value > 0) {
                expect_caught(r, &r->t4[g][k], -1, "t4", g, k, &caught);
                tried++;
            }
        }
    CHECK(caught == tried, "%s: %d of %d changes caught", what, caught, tried);
    fprintf(stderr, "%s: %d of %d single-figure changes caught\n", what, caught, tried);
}

static void test_sample_and_sweep(void)
{
    char *text = read_file(SAMPLE, NULL);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(text, &d);
    if (!r)
        return;
    CHECK(gr_check_report(r, &d) == 0 && d.n == 0, "the sample balances and does not warn");
    diag_dump(&d);
    gr_diags_free(&d);

    /* All 175 + 15 figures are stated in the sample: each one is swept. */
    int stated = 0;
    for (int i = 0; i < GR_T3_ROWS; i++)
        for (int k = 0; k < GR_T3_COLS; k++)
            stated += r->t3[i][k].given;
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_RESULTS; k++)
            stated += r->t4[g][k].given;
    CHECK(stated == 175 + 15, "%d figures stated", stated);
    sweep(r, "sample", true);
    gr_report_free(r);

    /* Totals left out: computed, never an error; the remaining figures are still caught. */
    char *s = strdup(text);
    for (char *p; (p = strstr(s, " total=\"")) != NULL;) {
        char *q = strchr(p + 8, '"');
        memmove(p, q + 1, strlen(q + 1) + 1);
    }
    gr_diags_init(&d);
    r = load(s, &d);
    if (r) {
        CHECK(gr_check_report(r, &d) == 0 && d.n == 0, "no totals: no diagnostics");
        diag_dump(&d);
        CHECK(r->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL].value == 29, "computed total");
        /* Table 三 still balances through R1 and R2; a table 四 group without its total has
         * nothing to be checked against, so only table 三 is swept here. */
        sweep(r, "no totals", false);
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);
    free(text);
}

static void test_messages(void)
{
    char *text = read_file(SAMPLE, NULL);
    gr_diags d;

    /* R2 and the docs/design.md example: stated 27, computed 28, at the （七） cell. */
    char *s = replace(text, "<result-total natural=\"28\"", "<result-total natural=\"27\"");
    gr_diags_init(&d);
    gr_report *r = load(s, &d);
    if (r) {
        gr_check_report(r, &d);
        const gr_diag *g = diag_find(&d, "E-BALANCE", "三、（七）总计 —— 自然人：表中为 27，各项办理结果之和为 28");
        CHECK(g && g->line == 49 && g->col == 19, "R2 message at 49:19");
        CHECK(g && g->hint && strstr(g->hint, "R2"), "R2 named in the hint");
        /* R1 is reported at the 四 cell of the column, with both sides. */
        g = diag_find(&d, "E-BALANCE", "第一项加第二项之和为 28（28 + 0），第三项（七）总计加第四项之和为 27（27 + 0）");
        CHECK(g && g->line == 50, "R1 message at the 四 row");
        diag_dump(&d);
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);

    /* R3: a row total. */
    s = replace(text, "legal-service=\"0\" other=\"0\" total=\"9\"", "legal-service=\"0\" other=\"0\" total=\"10\"");
    gr_diags_init(&d);
    r = load(s, &d);
    if (r) {
        CHECK(gr_check_report(r, &d) >= 1, "R3 caught");
        const gr_diag *g = diag_find(&d, "E-BALANCE", "三、（一）予以公开 —— 总计：表中为 10，各类申请人之和为 9");
        CHECK(g && g->line == 28, "R3 message at line 28");
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);

    /* R4: a group of table 四. */
    s = replace(text, "other=\"1\" pending=\"0\" total=\"1\"", "other=\"1\" pending=\"0\" total=\"2\"");
    gr_diags_init(&d);
    r = load(s, &d);
    if (r) {
        CHECK(gr_check_report(r, &d) == 1, "R4 caught once");
        const gr_diag *g = diag_find(&d, "E-BALANCE", "行政诉讼（未经复议直接起诉） —— 总计：表中为 2");
        CHECK(g && g->line == 54 && g->col > 0, "R4 message at line 54");
        diag_dump(&d);
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);
    free(text);
}

static void test_warnings(void)
{
    char *text = read_file(SAMPLE, NULL);
    gr_diags d;
    struct {
        const char *from, *to, *code, *message;
    } cases[] = {
        {"收到的 29 件依申请公开事项", "收到的 30 件依申请公开事项", "W-PROSE", "写“收到的 30 件”，但表三“一、本年新收政府信息公开申请数量”的“总计”为 29"},
        {"保有量为 51 件", "保有量为 52 件", "W-PROSE", "写“现行有效规范性文件保有量为 52 件”，但表二“行政规范性文件”的“现行有效件数”为 51"},
        {"山阳区未收取信息处理费。", "山阳区无其他需要报告的事项。", "W-FEE", "信息处理费"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = replace(text, cases[i].from, cases[i].to);
        gr_diags_init(&d);
        gr_report *r = load(s, &d);
        if (r) {
            size_t errors = gr_check_report(r, &d);
            const gr_diag *g = diag_find(&d, cases[i].code, cases[i].message);
            CHECK(errors == 0 && gr_diags_errors(&d) == 0, "case %zu: a warning is no error", i);
            CHECK(g && g->severity == GR_SEV_WARNING && g->line > 0, "case %zu: %s expected", i,
                  cases[i].code);
            CHECK(gr_diags_warnings(&d) == 1, "case %zu: one warning, got %zu", i,
                  gr_diags_warnings(&d));
            diag_dump(&d);
        }
        gr_report_free(r);
        gr_diags_free(&d);
        free(s);
    }

    /* Conservative: figures about other things, or matching ones, do not warn. */
    const char *quiet[] = {
        "本年度收到行政复议申请 6 件，",               /* 复议: agrees with table 四 */
        "共收到政府信息公开申请 29 件，",              /* matches 新收 */
        "收到群众留言 300 件，",                       /* not an application */
        "网站共发布信息 1500 余条，",                  /* no 收到 */
        "现行有效规章 0 件，",                         /* 规章, not 规范性文件 */
    };
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        char para[512];
        snprintf(para, sizeof para, "<p>%s其余略。</p>\n    <p heading=\"（一）主动公开：\">",
                 quiet[i]);
        char *s = replace(text, "<p heading=\"（一）主动公开：\">", para);
        gr_diags_init(&d);
        gr_report *r = load(s, &d);
        if (r) {
            gr_check_report(r, &d);
            CHECK(d.n == 0, "quiet case %zu warned", i);
            diag_dump(&d);
        }
        gr_report_free(r);
        gr_diags_free(&d);
        free(s);
    }
    free(text);
}

int main(void)
{
    test_sample_and_sweep();
    test_messages();
    test_warnings();
    gr_xml_cleanup();
    return harness_end("check");
}
