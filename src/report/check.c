/* check: the stage after load. Computes the totals a file left out, then runs the balance
 * rules R1–R4 of the template on every column and group (errors at the stated figure, with
 * the stated and the computed value) and the warnings about the prose: R6 (a figure quoted
 * in sections 一, 五 or 六 that contradicts the tables: prose.c) and R7 (section 六 silent on
 * 信息处理费). */
#include "report/check.h"

#include "report/prose.h"
#include "report/template.h"
#include "base/base.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void balance_error(const gr_report *r, gr_diags *d, gr_pos at, gr_rule_id rule, const char *fmt,
                          ...) __attribute__((format(printf, 5, 6)));

static void balance_error(const gr_report *r, gr_diags *d, gr_pos at, gr_rule_id rule, const char *fmt,
                          ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = gr_xvasprintf(fmt, ap);
    va_end(ap);
    gr_diag_add(d, GR_SEV_ERROR, r->path, at.line, at.col, "E-BALANCE", "%s", m);
    gr_diag_hint(d, "勾稽关系 %s：%s", gr_balance_rules[rule].code,
                 gr_balance_rules[rule].description);
    free(m);
}

/* The diagnostic added last is about cell (row, c) of table 三. */
static void at_t3(gr_diags *d, int row, int c)
{
    gr_diag_cell(d, 3, row, c, gr_t3_rows[row].xml, gr_t3_cols[c].xml, gr_t3_rows[row].name,
                 gr_t3_cols[c].label);
}

/* R1, per column: 一 + 二 = （七）总计 + 四. There is no single total to blame; the cell
 * stated last in the column (四, else （七）, else 一) is where a clerk starts looking. */
static size_t check_r1(const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int c = 0; c < GR_T3_COLS; c++) {
        const gr_count *nw = &r->t3[GR_T3_NEW_RECEIVED][c], *co = &r->t3[GR_T3_CARRIED_OVER][c];
        const gr_count *tot = &r->t3[GR_T3_RESULT_TOTAL][c];
        const gr_count *fw = &r->t3[GR_T3_CARRIED_FORWARD][c];
        /* In the 总计 column with no total given, R1 is the sum of the six columns' R1. */
        if (c == GR_T3_TOTAL && !nw->given && !co->given && !tot->given && !fw->given)
            continue;
        long long in = nw->value + co->value, out = tot->value + fw->value;
        if (in == out)
            continue;
        int at_row = fw->given ? GR_T3_CARRIED_FORWARD
                     : tot->given ? GR_T3_RESULT_TOTAL : GR_T3_NEW_RECEIVED;
        gr_pos at = r->t3[at_row][c].pos;
        balance_error(r, d, at, GR_RULE_R1,
                      "%s —— %s：第一项加第二项之和为 %lld（%lld + %lld），第三项（七）总计加第四项之和为 "
                      "%lld（%lld + %lld），两者不等",
                      gr_sections[GR_SEC_APPLICATIONS].heading, gr_t3_cols[c].label, in, nw->value,
                      co->value, out, tot->value, fw->value);
        at_t3(d, at_row, c);
        n++;
    }
    return n;
}

/* R2, per column: （七）总计 = the sum of every result row, when （七） is stated. */
static size_t check_r2(const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int c = 0; c < GR_T3_COLS; c++) {
        const gr_count *tot = &r->t3[GR_T3_RESULT_TOTAL][c];
        if (!tot->given)
            continue;
        long long s = 0;
        for (int row = GR_T3_FIRST_RESULT; row <= GR_T3_LAST_RESULT; row++)
            s += r->t3[row][c].value;
        if (s == tot->value)
            continue;
        balance_error(r, d, tot->pos, GR_RULE_R2, "%s —— %s：表中为 %lld，各项办理结果之和为 %lld",
                      gr_t3_rows[GR_T3_RESULT_TOTAL].name, gr_t3_cols[c].label, tot->value, s);
        at_t3(d, GR_T3_RESULT_TOTAL, c);
        n++;
    }
    return n;
}

/* R3, per row: 总计 = the six applicant columns, when 总计 is stated. */
static size_t check_r3(const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int row = 0; row < GR_T3_ROWS; row++) {
        const gr_count *tot = &r->t3[row][GR_T3_TOTAL];
        if (!tot->given)
            continue;
        long long s = 0;
        for (int c = 0; c < GR_T3_TOTAL; c++)
            s += r->t3[row][c].value;
        if (s == tot->value)
            continue;
        balance_error(r, d, tot->pos, GR_RULE_R3, "%s —— %s：表中为 %lld，各类申请人之和为 %lld",
                      gr_t3_rows[row].name, gr_t3_cols[GR_T3_TOTAL].label, tot->value, s);
        at_t3(d, row, GR_T3_TOTAL);
        n++;
    }
    return n;
}

/* R4, per group of table 四: 总计 = the four results, when 总计 is stated. */
static size_t check_r4(const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    for (int g = 0; g < GR_T4_GROUPS; g++) {
        const gr_count *tot = &r->t4[g][GR_T4_TOTAL];
        if (!tot->given)
            continue;
        long long s = 0;
        for (int k = 0; k < GR_T4_TOTAL; k++)
            s += r->t4[g][k].value;
        if (s == tot->value)
            continue;
        char *group = g == GR_T4_REVIEW
                          ? gr_xstrdup(gr_t4_groups[g])
                          : gr_xasprintf("%s（%s）", gr_t4_litigation, gr_t4_groups[g]);
        balance_error(r, d, tot->pos, GR_RULE_R4,
                      "四、%s —— %s：表中为 %lld，%s、%s、%s、%s之和为 %lld", group,
                      gr_t4_results[GR_T4_TOTAL], tot->value, gr_t4_results[0], gr_t4_results[1],
                      gr_t4_results[2], gr_t4_results[3], s);
        gr_diag_cell(d, 4, g, GR_T4_TOTAL, gr_t4_group_xml[g], gr_t4_result_xml[GR_T4_TOTAL], group,
                     gr_t4_results[GR_T4_TOTAL]);
        free(group);
        n++;
    }
    return n;
}

/* The template's placeholder "（文字描述）" (what `template` and `aggregate` write where only
 * the office can write the text) must not reach a published report. */
#define GR_PLACEHOLDER "（文字描述"

static void check_placeholders(const gr_report *r, gr_diags *d)
{
    for (int s = 0; s < GR_SECTIONS; s++) {
        const gr_prose *pr = &r->prose[s];
        for (size_t i = 0; i < pr->n; i++) {
            if (strncmp(pr->items[i].text, GR_PLACEHOLDER, strlen(GR_PLACEHOLDER)) != 0)
                continue;
            gr_diag_add(d, GR_SEV_WARNING, r->path, pr->items[i].pos.line, pr->items[i].pos.col,
                        "W-PLACEHOLDER", "%s仍是占位文字“%s”", gr_sections[s].heading,
                        pr->items[i].text);
            gr_diag_hint(d, "发布前请改写为本机关的实际情况");
            gr_diag_prose(d, s + 1, (int)i + 1);
        }
    }
}

static void check_prose(const gr_report *r, gr_diags *d)
{
    check_placeholders(r, d);
    gr_prose_check(r, d);

    const gr_prose *other = &r->prose[GR_SEC_OTHER];
    for (size_t i = 0; i < other->n; i++) {
        if (strstr(other->items[i].text, "信息处理费") ||
            (other->items[i].heading && strstr(other->items[i].heading, "信息处理费")))
            return;
    }
    gr_diag_add(d, GR_SEV_WARNING, r->path, other->pos.line, other->pos.col, "W-FEE",
                "%s没有说明信息处理费的收取情况", gr_sections[GR_SEC_OTHER].heading);
    gr_diag_prose(d, GR_SEC_OTHER + 1, 0);
    gr_diag_hint(d, "国办公开办函〔2021〕30号要求在此专门报告；未收取时可写“本年度未收取信息处理费。”");
}

size_t gr_check_report(const gr_report *r, gr_diags *d)
{
    size_t n = 0;
    n += check_r1(r, d);
    n += check_r2(r, d);
    n += check_r3(r, d);
    n += check_r4(r, d);
    check_prose(r, d);
    return n;
}
