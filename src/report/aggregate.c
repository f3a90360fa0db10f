/* aggregate: sums the figures of many reports into one. The inputs are loaded and checked
 * first (a report that does not balance would make the sum wrong without telling), must all
 * be of one year, and the namespace of the loader keeps them on one template version. The fee
 * is added digit by digit as decimal text: 万元 with up to six decimals, never a double. */
#include "report/aggregate.h"

#include "base/base.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>


/* Split "123.45" into integer and fraction digits; false when it is no plain decimal. */
static bool split_decimal(const char *s, size_t *int_len, const char **frac, size_t *frac_len)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0)
        return false;
    *int_len = i;
    *frac = s + i;
    *frac_len = 0;
    if (s[i] == '\0')
        return true;
    if (s[i] != '.')
        return false;
    size_t j = i + 1;
    while (s[j] >= '0' && s[j] <= '9')
        j++;
    if (j == i + 1 || s[j] != '\0')
        return false;
    *frac = s + i + 1;
    *frac_len = j - i - 1;
    return true;
}

char *gr_aggregate_add_decimal(const char *a, const char *b)
{
    size_t ai, bi, af, bf;
    const char *afr, *bfr;
    if (!split_decimal(a, &ai, &afr, &af) || !split_decimal(b, &bi, &bfr, &bf))
        return NULL;
    size_t fl = af > bf ? af : bf;
    size_t il = (ai > bi ? ai : bi) + 1; /* one more digit for the carry */
    char *out = gr_xmalloc(il + 1 + fl + 1);
    int carry = 0;
    /* Fraction digits, right to left; a missing digit is 0. */
    for (size_t k = fl; k-- > 0;) {
        int d = (k < af ? afr[k] - '0' : 0) + (k < bf ? bfr[k] - '0' : 0) + carry;
        out[il + 1 + k] = (char)('0' + d % 10);
        carry = d / 10;
    }
    for (size_t k = 0; k < il; k++) {
        int d = (k < ai ? a[ai - 1 - k] - '0' : 0) + (k < bi ? b[bi - 1 - k] - '0' : 0) + carry;
        out[il - 1 - k] = (char)('0' + d % 10);
        carry = d / 10;
    }
    out[il] = '.';
    out[il + 1 + fl] = '\0';
    if (fl == 0)
        out[il] = '\0';
    /* Leading zeros of the integer part go, one digit stays. */
    size_t z = 0;
    while (z + 1 < il && out[z] == '0')
        z++;
    memmove(out, out + z, strlen(out + z) + 1);
    return out;
}

/* *acc += v, within the template's bound. */
static bool add_count(gr_count *acc, const gr_count *v)
{
    acc->value += v->value;
    acc->given = true;
    return acc->value <= GR_MAX_COUNT;
}

gr_report *gr_aggregate_reports(const gr_report *const *in, size_t n, const char *issuer, int year,
                                gr_diags *d)
{
    if (n == 0) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-AGGREGATE", "没有要汇总的报告");
        return NULL;
    }
    size_t errors = gr_diags_errors(d);
    if (!year)
        year = in[0]->year;
    for (size_t i = 0; i < n; i++)
        if (in[i]->year != year) {
            gr_diag_add(d, GR_SEV_ERROR, in[i]->path, in[i]->year_pos.line, in[i]->year_pos.col,
                        "E-AGGREGATE-YEAR", "%s是 %d 年度的报告，不能与 %d 年度的报告汇总",
                        in[i]->issuer ? in[i]->issuer : in[i]->path, in[i]->year, year);
        }
    if (gr_diags_errors(d) > errors)
        return NULL;

    gr_report *r = gr_report_new(NULL);
    r->issuer = gr_arena_strdup(r->arena, issuer && *issuer ? issuer : GR_AGGREGATE_DEFAULT_ISSUER);
    r->year = year;
    char *fee = gr_xstrdup("0");
    const char *over = NULL;
    for (size_t i = 0; i < n; i++) {
        const gr_report *x = in[i]; /* its totals were computed at load */
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < 3; k++)
                if (!add_count(&r->t2_docs[g][k], &x->t2_docs[g][k]))
                    over = gr_t2_rows[g].label;
        for (int k = 0; k < 3; k++)
            if (!add_count(&r->t2_decisions[k], &x->t2_decisions[k]))
                over = gr_t2_rows[GR_T2_LICENSING + k].label;
        for (int row = 0; row < GR_T3_ROWS; row++)
            for (int c = 0; c < GR_T3_COLS; c++)
                if (!add_count(&r->t3[row][c], &x->t3[row][c]))
                    over = gr_t3_rows[row].name;
        for (int g = 0; g < GR_T4_GROUPS; g++)
            for (int c = 0; c < GR_T4_RESULTS; c++)
                if (!add_count(&r->t4[g][c], &x->t4[g][c]))
                    over = gr_t4_groups[g];
        const char *xf = x->t2_fee && *x->t2_fee ? x->t2_fee : "0";
        char *sum = gr_aggregate_add_decimal(fee, xf);
        if (!sum) {
            gr_diag_add(d, GR_SEV_ERROR, x->path, x->t2_fee_pos.line, x->t2_fee_pos.col,
                        "E-AGGREGATE", "%s“%s”不是十进制数，无法相加",
                        gr_t2_rows[GR_T2_FEES].label, xf);
        } else {
            free(fee);
            fee = sum;
        }
    }
    /* Totals from the summed parts (the inputs balance, so this equals the sum of their
     * totals), then written out as given so the file states them. */
    for (int row = 0; row < GR_T3_ROWS; row++)
        r->t3[row][GR_T3_TOTAL].given = false;
    for (int c = 0; c < GR_T3_COLS; c++)
        r->t3[GR_T3_RESULT_TOTAL][c].given = false;
    for (int g = 0; g < GR_T4_GROUPS; g++)
        r->t4[g][GR_T4_TOTAL].given = false;
    gr_report_compute_totals(r);
    for (int row = 0; row < GR_T3_ROWS; row++)
        for (int c = 0; c < GR_T3_COLS; c++) {
            r->t3[row][c].given = true;
            if (r->t3[row][c].value > GR_MAX_COUNT)
                over = gr_t3_rows[row].name;
        }
    for (int g = 0; g < GR_T4_GROUPS; g++) {
        r->t4[g][GR_T4_TOTAL].given = true;
        if (r->t4[g][GR_T4_TOTAL].value > GR_MAX_COUNT)
            over = gr_t4_groups[g];
    }
    if (over)
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-AGGREGATE-RANGE",
                    "“%s”的合计超过模板上限 %lld", over, GR_MAX_COUNT);
    r->t2_fee = gr_arena_strdup(r->arena, fee);
    free(fee);
    if (gr_diags_errors(d) > errors) {
        gr_report_free(r);
        return NULL;
    }
    /* Sections 一, 五, 六 stay empty: the writer puts the template's "（文字描述）" there. */
    gr_report_finish(r);
    return r;
}
