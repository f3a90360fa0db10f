/* Unit tests for prose (R6): every sentence of tests/prose/sentences.txt, read against the
 * tables of tests/prose/tables.xml, gives the verdict written beside it; the project's
 * reports give no W-PROSE warning; and for each figure kind, a table cell that a variant
 * of the sample quotes, changed, gives a warning naming that cell. */
#define _POSIX_C_SOURCE 200809L
#include "base/diag.h"
#include "report/check.h"
#include "report/model.h"
#include "report/prose.h"
#include "report/template.h"
#include "report/xml_load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define DIR GR_SOURCE_DIR "/tests/prose/"

static void test_sentences(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_file(DIR "tables.xml", &d);
    CHECK(r && gr_diags_errors(&d) == 0, "tables.xml loads");
    if (!r)
        return;
    gr_check_report(r, &d);
    CHECK(d.n == 0, "tables.xml checks clean");
    diag_dump(&d);
    gr_diags_free(&d);

    char *text = read_file(DIR "sentences.txt", NULL);
    int total = 0, passed = 0, warns = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        CHECK(tab != NULL, "sentence line without a tab: %s", line);
        if (!tab)
            continue;
        *tab = '\0';
        const char *verdict = line, *sentence = tab + 1;
        bool want_warn = !strncmp(verdict, "warn:", 5);
        CHECK(want_warn || !strcmp(verdict, "ok"), "unknown verdict %s", verdict);
        gr_diags_init(&d);
        size_t n = gr_prose_check_text(r, GR_SEC_OVERVIEW, sentence, (gr_pos){7, 5}, &d);
        bool good = n == d.n && diag_count(&d, "W-PROSE") == n;
        if (want_warn) {
            good = good && n == 1 && strstr(d.items[0].message, verdict + 5) &&
                   d.items[0].line == 7 && d.items[0].col == 5 &&
                   d.items[0].severity == GR_SEV_WARNING;
            warns++;
        } else {
            good = good && n == 0;
        }
        CHECK(good, "%s: %s (%zu warnings)", verdict, sentence, n);
        if (!good)
            diag_dump(&d);
        passed += good;
        total++;
        gr_diags_free(&d);
    }
    fprintf(stderr, "sentences: %d of %d as expected (%d expect a warning)\n", passed, total,
            warns);
    CHECK(total >= 250 && warns >= 75, "the sentence file is there: %d sentences", total);
    free(text);
    gr_report_free(r);
}

/* The project's reports: no W-PROSE on any. */
static void test_reports_quiet(void)
{
    static const char *const files[] = {
        "samples/shanyang-2025.xml",
        "tests/import/shanyang-education-2025.xml",
        "tests/import/shanyang-health-2025.xml",
        "tests/samples-extra/long-prose-2025.xml",
        "tests/samples-extra/shanyang-quoted-2025.xml",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", GR_SOURCE_DIR, files[i]);
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = gr_xml_load_file(path, &d);
        CHECK(r && gr_diags_errors(&d) == 0, "%s loads", files[i]);
        if (r)
            gr_check_report(r, &d);
        CHECK(diag_count(&d, "W-PROSE") == 0, "%s: W-PROSE", files[i]);
        diag_dump(&d);
        gr_report_free(r);
        gr_diags_free(&d);
    }
}

/* For each figure kind: the cell that shanyang-quoted-2025.xml's prose quotes, changed by
 * one, gives a W-PROSE warning naming the cell. */
static void test_mutations(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_file(GR_SOURCE_DIR "/tests/samples-extra/shanyang-quoted-2025.xml", &d);
    CHECK(r && gr_diags_errors(&d) == 0, "shanyang-quoted loads");
    gr_diags_free(&d);
    if (!r)
        return;
    gr_report_compute_totals(r);
    struct {
        gr_count *cell;
        const char *names; /* what the warning must name */
    } cases[] = {
        {&r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL], "一、本年新收政府信息公开申请数量"},
        {&r->t3[GR_T3_CARRIED_OVER][GR_T3_TOTAL], "二、上年结转政府信息公开申请数量"},
        {&r->t3[GR_T3_OPEN][GR_T3_TOTAL], "三、（一）予以公开"},
        {&r->t3[GR_T3_PARTIAL][GR_T3_TOTAL], "三、（二）部分公开"},
        {&r->t3[GR_T3_DENY_THIRD_PARTY][GR_T3_TOTAL], "三、（三）不予公开"},
        {&r->t3[GR_T3_CANNOT_NOT_HELD][GR_T3_TOTAL], "三、（四）无法提供"},
        {&r->t3[GR_T3_NP_REPEAT][GR_T3_TOTAL], "三、（五）不予处理"},
        {&r->t3[GR_T3_OTHER_OTHER][GR_T3_TOTAL], "三、（六）其他处理"},
        {&r->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL], "三、（七）总计"},
        {&r->t3[GR_T3_CARRIED_FORWARD][GR_T3_TOTAL], "四、结转下年度继续办理"},
        {&r->t4[GR_T4_REVIEW][GR_T4_TOTAL], "表四“行政复议”的“总计”"},
        {&r->t4[GR_T4_LIT_DIRECT][GR_T4_TOTAL], "行政诉讼（未经复议直接起诉）"},
        {&r->t4[GR_T4_LIT_AFTER_REVIEW][GR_T4_TOTAL], "行政诉讼（复议后起诉）"},
        {&r->t4[GR_T4_LIT_DIRECT][GR_T4_TOTAL], "“复议后起诉”的“总计”之和为 3"},
        {&r->t2_docs[GR_T2_RULES][0], "表二“规章”的“本年制发件数”"},
        {&r->t2_docs[GR_T2_RULES][1], "表二“规章”的“本年废止件数”"},
        {&r->t2_docs[GR_T2_RULES][2], "表二“规章”的“现行有效件数”"},
        {&r->t2_docs[GR_T2_NORMATIVE][0], "表二“行政规范性文件”的“本年制发件数”"},
        {&r->t2_docs[GR_T2_NORMATIVE][1], "表二“行政规范性文件”的“本年废止件数”"},
        {&r->t2_docs[GR_T2_NORMATIVE][2], "表二“行政规范性文件”的“现行有效件数”"},
        {&r->t2_decisions[0], "表二“行政许可”"},
        {&r->t2_decisions[1], "表二“行政处罚”"},
        {&r->t2_decisions[2], "表二“行政强制”"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cases[i].cell->value += 1;
        gr_diags_init(&d);
        gr_prose_check(r, &d);
        bool named = false;
        for (size_t k = 0; k < d.n; k++)
            named |= !strcmp(d.items[k].code, "W-PROSE") && strstr(d.items[k].message, cases[i].names);
        CHECK(named, "changed %s: no W-PROSE naming it", cases[i].names);
        if (!named)
            diag_dump(&d);
        gr_diags_free(&d);
        cases[i].cell->value -= 1;
    }
    /* The fee: a decimal as written. */
    const char *fee = r->t2_fee;
    r->t2_fee = "0.34";
    gr_diags_init(&d);
    gr_prose_check(r, &d);
    CHECK(d.n == 1 && strstr(d.items[0].message, "表二“行政事业性收费”的“本年收费金额（单位：万元）”为 0.34"),
          "changed fee: warning");
    diag_dump(&d);
    gr_diags_free(&d);
    /* A fee of many decimals, quoted rounded. */
    r->t2_fee = "4166.241619";
    static const struct {
        const char *text;
        size_t warnings;
    } fees[] = {{"行政事业性收费 4166.24 万元。", 0},  {"行政事业性收费 4166.2 万元。", 0},
                {"行政事业性收费 4166 万元。", 0},     {"行政事业性收费 4166.241619 万元。", 0},
                {"行政事业性收费 4166.25 万元。", 1},  {"行政事业性收费 4166.2417 万元。", 1},
                {"行政事业性收费 4167 万元。", 1}};
    for (size_t i = 0; i < sizeof fees / sizeof fees[0]; i++) {
        gr_diags_init(&d);
        size_t n = gr_prose_check_text(r, GR_SEC_OVERVIEW, fees[i].text, (gr_pos){1, 1}, &d);
        CHECK(n == fees[i].warnings, "fee 4166.241619 quoted as %s: %zu warnings", fees[i].text, n);
        gr_diags_free(&d);
    }
    r->t2_fee = fee;
    gr_diags_init(&d);
    gr_prose_check(r, &d);
    CHECK(d.n == 0, "restored: quiet");
    gr_diags_free(&d);
    gr_report_free(r);
}

/* Token soup (fixed seed): keywords, digits, units, punctuation and stray bytes in every
 * order. Nothing crashes or reads past the text (run under ASan in CI), every diagnostic is
 * a W-PROSE warning, and there are never more than the figures in the text. */
static void test_soup(void)
{
    static const char *const tokens[] = {
        "收到", "申请", "受理", "办理", "办结", "新收", "上年结转", "结转", "予以公开", "部分公开",
        "不予公开", "其他处理", "结转下年度", "行政复议", "行政诉讼", "直接起诉", "复议后起诉",
        "规章", "规范性文件", "制发", "废止", "现行有效", "行政许可", "决定", "行政事业性收费",
        "万元", "件", "起", "个", "余", "多", "以上", "同比", "第", "年", "%", "，", "。", "、",
        "；", ",", ".", " ", "和", "0", "7", "12", "1,204", "3.5", "999999999999999", "\xe4",
        "\xe4\xb8", "（", "）", "约",
    };
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_file(DIR "tables.xml", &d);
    gr_diags_free(&d);
    if (!r)
        return;
    gr_report_compute_totals(r);
    unsigned seed = 12345;
    size_t ntok = sizeof tokens / sizeof tokens[0], total = 0;
    for (int round = 0; round < 20000; round++) {
        char text[1024];
        size_t len = 0, figures = 0;
        int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int k = 0; k < n; k++) {
            const char *t = tokens[((seed = seed * 1103515245u + 12345u) >> 16) % ntok];
            size_t tl = strlen(t);
            if (len + tl >= sizeof text)
                break;
            memcpy(text + len, t, tl);
            len += tl;
            figures += t[0] >= '0' && t[0] <= '9';
        }
        text[len] = '\0';
        gr_diags_init(&d);
        size_t w = gr_prose_check_text(r, GR_SEC_OTHER, text, (gr_pos){1, 1}, &d);
        CHECK(w == d.n && w <= figures && diag_count(&d, "W-PROSE") == w, "soup: %s", text);
        total += w;
        gr_diags_free(&d);
    }
    fprintf(stderr, "soup: 20000 texts, %zu warnings\n", total);
    gr_report_free(r);
}

int main(void)
{
    test_sentences();
    test_soup();
    test_reports_quiet();
    test_mutations();
    gr_xml_cleanup();
    return harness_end("prose");
}
