/* previous: this year's report against last year's of the same office (previous.h). The
 * arithmetic rules read the computed totals; the text rule compares sets of character
 * 4-grams, which sees a copied paragraph through changed figures, a changed year and a
 * sentence added or cut, and sees rewritten text as new even on the same subject. */
#include "report/previous.h"

#include "report/template.h"
#include "base/base.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *gr_previous_mismatch(const gr_report *last, const gr_report *r)
{
    if (strcmp(last->issuer, r->issuer) != 0)
        return gr_xasprintf("上年报告的发布机关为“%s”，本年报告为“%s”，不是同一机关",
                            last->issuer, r->issuer);
    if (last->region && r->region && strcmp(last->region, r->region) != 0)
        return gr_xasprintf("上年报告的行政区划代码为 %s，本年报告为 %s", last->region,
                            r->region);
    if (last->year != r->year - 1)
        return gr_xasprintf("上年报告为 %d 年度，本年报告为 %d 年度，应相差一年", last->year,
                            r->year);
    return NULL;
}

/* ---- W-SAME ---- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The distinct 4-grams of s, hashed, sorted; returns their count (*out: caller frees). */
static size_t gram_set(const char *s, uint64_t **out)
{
    size_t n = 0, cap = 0;
    uint32_t *cps = NULL;
    size_t left = strlen(s);
    const char *p = s;
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (gr_is_space(c, GR_SPACE_XML) || c == 0x3000)
            continue;
        /* A run of digits is one symbol: a copied sentence with this year's figures is
         * still copied. */
        bool digit = c >= '0' && c <= '9';
        if (digit && n > 0 && cps[n - 1] == '0')
            continue;
        if (digit)
            c = '0';
        gr_grow((void **)&cps, &cap, n + 1, sizeof *cps);
        cps[n++] = (uint32_t)c;
    }
    size_t m = n >= GR_SAME_GRAM ? n - GR_SAME_GRAM + 1 : 0;
    uint64_t *g = gr_xcalloc(m ? m : 1, sizeof *g);
    for (size_t i = 0; i < m; i++) {
        uint64_t h = 1469598103934665603ULL; /* FNV-1a over the code points */
        for (int k = 0; k < GR_SAME_GRAM; k++) {
            h ^= cps[i + (size_t)k];
            h *= 1099511628211ULL;
        }
        g[i] = h;
    }
    free(cps);
    qsort(g, m, sizeof *g, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || g[u - 1] != g[i])
            g[u++] = g[i];
    *out = g;
    return u;
}

double gr_text_containment(const char *text, const char *base, size_t *grams)
{
    uint64_t *a, *b;
    size_t na = gram_set(text, &a), nb = gram_set(base, &b);
    size_t common = 0;
    for (size_t i = 0, k = 0; i < na && k < nb;) {
        if (a[i] == b[k]) {
            common++;
            i++;
            k++;
        } else if (a[i] < b[k]) {
            i++;
        } else {
            k++;
        }
    }
    free(a);
    free(b);
    if (grams)
        *grams = na;
    return na ? (double)common / (double)na : 0.0;
}

/* A section's text: its paragraphs (not the run-in subheadings, which a template fixes). */
static char *section_text(const gr_prose *pr)
{
    gr_buf b = {0};
    gr_buf_puts(&b, "");
    for (size_t i = 0; i < pr->n; i++) {
        gr_buf_puts(&b, pr->items[i].text);
        gr_buf_puts(&b, "\n");
    }
    return b.s;
}

static size_t check_same(const gr_report *last, const gr_report *r, gr_diags *d)
{
    static const int sections[] = {GR_SEC_OVERVIEW, GR_SEC_PROBLEMS};
    size_t n = 0;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        int s = sections[i];
        char *now = section_text(&r->prose[s]), *before = section_text(&last->prose[s]);
        if (gr_utf8_len(now) >= GR_SAME_MIN_CHARS) {
            double share = gr_text_containment(now, before, NULL);
            if (share >= GR_SAME_THRESHOLD) {
                gr_diag_add(d, GR_SEV_WARNING, r->path, r->prose[s].pos.line, r->prose[s].pos.col,
                            "W-SAME",
                            "%s与上年（%d 年度）报告的同一部分大体相同：本年文字的四字片段有 %.0f%% "
                            "见于上年（判定阈值 %.0f%%）",
                            gr_sections[s].heading, last->year, share * 100,
                            GR_SAME_THRESHOLD * 100);
                gr_diag_hint(d, "国办公开办函〔2021〕30号：查找问题要有针对性，改进举措要有实效性，"
                                "不得出现敷衍了事甚至年年雷同现象");
                n++;
            }
        }
        free(now);
        free(before);
    }
    return n;
}

/* ---- R5 and R9 ---- */

static size_t check_carryover(const gr_report *last, const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int c = 0; c < GR_T3_TOTAL; c++) {
        const gr_count *now = &r->t3[GR_T3_CARRIED_OVER][c];
        long long before = last->t3[GR_T3_CARRIED_FORWARD][c].value;
        if (now->value == before)
            continue;
        gr_diag_add(d, GR_SEV_WARNING, r->path, now->pos.line, now->pos.col, "W-CARRYOVER",
                    "%s —— %s：本年为 %lld，上年（%d 年度）报告的“%s”为 %lld",
                    gr_t3_rows[GR_T3_CARRIED_OVER].name, gr_t3_cols[c].label, now->value,
                    last->year, gr_t3_rows[GR_T3_CARRIED_FORWARD].name, before);
        gr_diag_hint(d, "R5：本年“上年结转”应等于上年报告的“结转下年度继续办理”；"
                        "上年数据如有更正，请在报告中说明");
        n++;
    }
    return n;
}

static size_t check_in_force(const gr_report *last, const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int k = GR_T2_RULES; k <= GR_T2_NORMATIVE; k++) {
        long long before = last->t2_docs[k][2].value;
        long long issued = r->t2_docs[k][0].value, repealed = r->t2_docs[k][1].value;
        const gr_count *now = &r->t2_docs[k][2];
        long long expected = before + issued - repealed;
        if (now->value == expected)
            continue;
        const char *const *cols = gr_t2_blocks[0].columns;
        long long diff = now->value - expected;
        gr_diag_add(d, GR_SEV_WARNING, r->path, now->pos.line, now->pos.col, "W-INFORCE",
                    "表二“%s”：上年（%d 年度）“%s”%lld 件，加“%s”%lld 件、减“%s”%lld 件应为 "
                    "%lld 件，本年“%s”为 %lld 件，%s %lld 件：%s",
                    gr_t2_rows[k].label, last->year, cols[2], before, cols[0], issued, cols[1],
                    repealed, expected, cols[2], now->value, diff < 0 ? "少" : "多",
                    diff < 0 ? -diff : diff,
                    diff < 0 ? "是否有文件因清理、有效期届满而失效？"
                             : "是否上年数据有误，或有文件未计入本年制发？");
        gr_diag_hint(d, "R9：文件因清理或有效期届满而失效时，这一差额是正常的，可在正文说明");
        n++;
    }
    return n;
}

size_t gr_check_previous(const gr_report *last, const gr_report *r, gr_diags *d)
{
    return check_carryover(last, r, d) + check_in_force(last, r, d) + check_same(last, r, d);
}
