/* Unit tests for previous: R5 per applicant column (W-CARRYOVER, at this year's cell, with
 * both figures), R9 (W-INFORCE, a question, either direction), W-SAME (4-gram containment:
 * copied text with new figures is caught, rewritten text and short sections are not), and
 * which pairs of reports may be compared at all. */
#define _POSIX_C_SOURCE 200809L
#include "base/diag.h"
#include "report/check.h"
#include "report/model.h"
#include "report/previous.h"
#include "report/template.h"
#include "report/xml_load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* s with every occurrence of from replaced by to. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), count = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + nf, from))
        count++;
    CHECK(count > 0, "test text lacks %s", from);
    char *out = malloc(strlen(s) + count * nt + 1), *o = out;
    for (const char *p = s, *q; *p; p = q + nf) {
        q = strstr(p, from);
        if (!q) {
            strcpy(o, p);
            return out;
        }
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, nt);
        o += nt;
        *o = '\0';
        if (!q[nf])
            return out;
    }
    return out;
}

static gr_report *load(const char *text, const char *name)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(text, strlen(text), name, &d);
    CHECK(r && gr_diags_errors(&d) == 0, "%s loads", name);
    if (r)
        gr_check_report(r, &d);
    CHECK(gr_diags_errors(&d) == 0, "%s balances", name);
    gr_diags_free(&d);
    return r;
}

/* Last year's report: the sample as 2024, with its prose rewritten (so W-SAME stays quiet
 * unless a test copies it). */
static const char rewritten_overview[] =
    "<overview><p>2024 年，山阳区围绕优化营商环境和民生保障两条主线推进政务公开，"
    "把重大行政决策预公开、政策解读与回应关切作为年度重点，按月开展专项检查。全区新建"
    "政策文件库一个，完成历史文件属性复核，政府网站栏目由 46 个精简为 31 个，群众查找"
    "信息所需点击次数明显减少。</p></overview>";
static const char rewritten_problems[] =
    "<problems><p>本年度发现的不足主要是：街道一级公开目录更新滞后，部分村务公开栏与网上"
    "内容不一致；依申请答复文书格式尚未统一。下一步将开展目录季度核查，统一答复文书模板，"
    "并组织街道公开专员集中轮训。</p></problems>";

static char *last_year_text(const char *sample)
{
    char *a = replace_all(sample, "<year>2025</year>", "<year>2024</year>");
    const char *o0 = strstr(a, "<overview>"), *o1 = strstr(a, "</overview>") + strlen("</overview>");
    const char *p0 = strstr(a, "<problems>"), *p1 = strstr(a, "</problems>") + strlen("</problems>");
    char *out = malloc(strlen(a) + sizeof rewritten_overview + sizeof rewritten_problems);
    sprintf(out, "%.*s%s%.*s%s%s", (int)(o0 - a), a, rewritten_overview, (int)(p0 - o1), o1,
            rewritten_problems, p1);
    free(a);
    return out;
}

static void test_quiet_and_pairs(gr_report *last, gr_report *now)
{
    gr_diags d;
    gr_diags_init(&d);
    CHECK(gr_check_previous(last, now, &d) == 0 && d.n == 0, "a consistent pair: no warning");
    diag_dump(&d);
    gr_diags_free(&d);

    char *why = gr_previous_mismatch(last, now);
    CHECK(why == NULL, "2024 → 2025 of one issuer is a pair: %s", why ? why : "");
    free(why);
    why = gr_previous_mismatch(now, now);
    CHECK(why && strstr(why, "2025"), "the same year is no pair");
    free(why);
    why = gr_previous_mismatch(now, last);
    CHECK(why != NULL, "the years the other way round are no pair");
    free(why);
    const char *issuer = now->issuer;
    now->issuer = "水阳区人民政府";
    why = gr_previous_mismatch(last, now);
    CHECK(why && strstr(why, "水阳区人民政府") && strstr(why, "山阳区人民政府"),
          "another issuer is no pair, and both are named");
    free(why);
    now->issuer = issuer;
    now->region = "410811";
    why = gr_previous_mismatch(last, now);
    CHECK(why == NULL, "a region code on one side only does not matter");
    free(why);
    last->region = "410812";
    why = gr_previous_mismatch(last, now);
    CHECK(why && strstr(why, "410812"), "two different region codes are no pair");
    free(why);
    last->region = now->region = NULL;
}

static void test_carryover(gr_report *last, gr_report *now)
{
    /* Last year carried 2 (自然人) and 1 (商业企业) forward; this year took over 2 and 0. */
    last->t3[GR_T3_CARRIED_FORWARD][GR_T3_NATURAL].value = 2;
    last->t3[GR_T3_CARRIED_FORWARD][GR_T3_COMMERCIAL].value = 1;
    now->t3[GR_T3_CARRIED_OVER][GR_T3_NATURAL].value = 2;
    gr_diags d;
    gr_diags_init(&d);
    gr_check_previous(last, now, &d);
    CHECK(diag_count(&d, "W-CARRYOVER") == 1, "one column differs: one W-CARRYOVER, got %zu",
          diag_count(&d, "W-CARRYOVER"));
    const gr_diag *g = diag_find(&d, "W-CARRYOVER",
                            "二、上年结转政府信息公开申请数量 —— 商业企业：本年为 0，上年（2024 年度）"
                            "报告的“四、结转下年度继续办理”为 1");
    CHECK(g && g->severity == GR_SEV_WARNING, "W-CARRYOVER names the column and both figures");
    CHECK(g && g->line == now->t3[GR_T3_CARRIED_OVER][GR_T3_COMMERCIAL].pos.line && g->line > 0,
          "W-CARRYOVER at this year's cell");
    diag_dump(&d);
    gr_diags_free(&d);
    last->t3[GR_T3_CARRIED_FORWARD][GR_T3_NATURAL].value = 0;
    last->t3[GR_T3_CARRIED_FORWARD][GR_T3_COMMERCIAL].value = 0;
    now->t3[GR_T3_CARRIED_OVER][GR_T3_NATURAL].value = 0;
}

static void test_in_force(gr_report *last, gr_report *now)
{
    gr_diags d;
    /* 50 in force last year, 3 issued and 1 repealed: 52 expected, 51 stated. */
    last->t2_docs[GR_T2_NORMATIVE][2].value = 50;
    now->t2_docs[GR_T2_NORMATIVE][0].value = 3;
    now->t2_docs[GR_T2_NORMATIVE][1].value = 1;
    gr_diags_init(&d);
    gr_check_previous(last, now, &d);
    const gr_diag *g = diag_find(&d, "W-INFORCE", "表二“行政规范性文件”：上年（2024 年度）“现行有效件数”50 件");
    CHECK(g && strstr(g->message, "应为 52 件") && strstr(g->message, "为 51 件") &&
              strstr(g->message, "少 1 件") && strstr(g->message, "？"),
          "W-INFORCE: both figures, worded as a question");
    CHECK(g && g->line == now->t2_docs[GR_T2_NORMATIVE][2].pos.line, "W-INFORCE at 现行有效");
    CHECK(d.n == 1, "only W-INFORCE");
    diag_dump(&d);
    gr_diags_free(&d);
    /* 52 stated: R9 holds. */
    now->t2_docs[GR_T2_NORMATIVE][2].value = 52;
    gr_diags_init(&d);
    CHECK(gr_check_previous(last, now, &d) == 0, "R9 holds: quiet");
    gr_diags_free(&d);
    /* 规章: more in force than last year's count allows. */
    now->t2_docs[GR_T2_RULES][2].value = 2;
    gr_diags_init(&d);
    gr_check_previous(last, now, &d);
    g = diag_find(&d, "W-INFORCE", "表二“规章”");
    CHECK(g && strstr(g->message, "多 2 件"), "W-INFORCE for 规章, more than expected");
    gr_diags_free(&d);
    now->t2_docs[GR_T2_RULES][2].value = 0;
    last->t2_docs[GR_T2_NORMATIVE][2].value = 51;
    now->t2_docs[GR_T2_NORMATIVE][0].value = 0;
    now->t2_docs[GR_T2_NORMATIVE][1].value = 0;
    now->t2_docs[GR_T2_NORMATIVE][2].value = 51;
}

static void test_containment(void)
{
    size_t n;
    CHECK(gr_text_containment("一二三四五六七", "一二三四五", &n) == 0.5 && n == 4,
          "4 grams, 2 of them in the base");
    CHECK(gr_text_containment("收到申请 29 件，办结 29 件", "收到申请31件，办结 31件", NULL) == 1.0,
          "figures and spaces do not make text new");
    CHECK(gr_text_containment("一二三", "一二三", &n) == 0.0 && n == 0, "no 4-gram: 0");
    CHECK(gr_text_containment("甲乙丙丁", "丁丙乙甲", NULL) == 0.0, "order matters");
}

static void test_same(const char *sample)
{
    /* Last year: this year's text with last year's figures (年年雷同). */
    char *t = replace_all(sample, "<year>2025</year>", "<year>2024</year>");
    char *t2 = replace_all(t, "2025 年", "2024 年");
    char *t3 = replace_all(t2, "1500 余条", "1200 余条");
    gr_report *copied = load(t3, "copied-2024.xml"), *now = load(sample, "shanyang-2025.xml");
    gr_diags d;
    gr_diags_init(&d);
    if (copied && now)
        gr_check_previous(copied, now, &d);
    CHECK(diag_count(&d, "W-SAME") == 2, "一 and 五 copied: two W-SAME, got %zu", diag_count(&d, "W-SAME"));
    const gr_diag *g = diag_find(&d, "W-SAME", "五、存在的主要问题及改进情况与上年（2024 年度）报告的同一部分大体相同");
    CHECK(g && strstr(g->message, "100%") && strstr(g->message, "60%") &&
              g->line == now->prose[GR_SEC_PROBLEMS].pos.line,
          "W-SAME names the section, the share and the threshold, at the section");
    diag_dump(&d);
    gr_diags_free(&d);

    /* One of 五's two paragraphs rewritten: about half is new; the measure says so. */
    if (copied && now) {
        const gr_para *p = &now->prose[GR_SEC_PROBLEMS].items[0];
        char both[8192];
        snprintf(both, sizeof both, "%s\n%s", p->text, rewritten_problems);
        double share = gr_text_containment(both, p->text, NULL);
        CHECK(share > 0.3 && share < 0.6, "half rewritten: %.2f, below the threshold", share);
    }
    gr_report_free(copied);
    gr_report_free(now);
    free(t);
    free(t2);
    free(t3);
}

static void test_short_sections(void)
{
    static const char *const text =
        "<?xml version=\"1.0\"?><report xmlns=\"urn:govreport:annual-report:2021\"><meta>"
        "<issuer>某局</issuer><year>%d</year></meta><overview><p>本年度依法做好政府信息公开工作。</p>"
        "</overview>%s<problems><p>无。</p></problems><other-matters><p>未收取信息处理费。</p>"
        "</other-matters></report>";
    char *sample = read_file(SAMPLE, NULL);
    const char *t0 = strstr(sample, "<proactive>"), *t1 = strstr(sample, "<problems>");
    char tables[16384], a[20000], b[20000];
    snprintf(tables, sizeof tables, "%.*s", (int)(t1 - t0), t0);
    snprintf(a, sizeof a, text, 2024, tables);
    snprintf(b, sizeof b, text, 2025, tables);
    gr_report *last = load(a, "a.xml"), *now = load(b, "b.xml");
    gr_diags d;
    gr_diags_init(&d);
    if (last && now)
        gr_check_previous(last, now, &d);
    CHECK(diag_count(&d, "W-SAME") == 0, "sections shorter than %d characters: no W-SAME",
          GR_SAME_MIN_CHARS);
    diag_dump(&d);
    gr_diags_free(&d);
    gr_report_free(last);
    gr_report_free(now);
    free(sample);
}

int main(void)
{
    char *sample = read_file(SAMPLE, NULL);
    char *before = last_year_text(sample);
    gr_report *last = load(before, "shanyang-2024.xml"), *now = load(sample, "shanyang-2025.xml");
    if (last && now) {
        test_quiet_and_pairs(last, now);
        test_carryover(last, now);
        test_in_force(last, now);
        test_quiet_and_pairs(last, now); /* every change above undone */
    }
    gr_report_free(last);
    gr_report_free(now);
    test_containment();
    test_same(sample);
    test_short_sections();
    free(before);
    free(sample);
    gr_xml_cleanup();
    return harness_end("previous");
}
