/* model: allocation of a report and the totals a file may leave out (docs/national-template.md
 * §3: 总计 column, （七）总计 row, section 四 totals), computed from their parts. */
#include "report/model.h"

#include <stdlib.h>

gr_report *gr_report_new(const char *path)
{
    gr_arena *a = gr_arena_new();
    gr_report *r = gr_arena_alloc(a, sizeof *r);
    r->arena = a;
    r->path = gr_arena_strdup(a, path ? path : "-");
    return r;
}

void gr_report_free(gr_report *r)
{
    if (r)
        gr_arena_free(r->arena); /* r itself lives in its arena */
}

const char *gr_report_title(const gr_report *r)
{
    return r->title ? r->title : r->derived_title ? r->derived_title : "";
}

void gr_report_finish(gr_report *r)
{
    if (!r->pos_unit)
        r->pos_unit = "line";
    gr_report_compute_totals(r);
    char *t = gr_template_title(r->issuer ? r->issuer : "", r->year);
    r->derived_title = gr_arena_strdup(r->arena, t);
    free(t);
}

void gr_report_compute_totals(gr_report *r)
{
    /* （七）总计 row from the result rows, for the six applicant columns. */
    for (int c = 0; c < GR_T3_TOTAL; c++) {
        gr_count *t = &r->t3[GR_T3_RESULT_TOTAL][c];
        if (t->given)
            continue;
        long long s = 0;
        for (int row = GR_T3_FIRST_RESULT; row <= GR_T3_LAST_RESULT; row++)
            s += r->t3[row][c].value;
        t->value = s;
    }
    /* 总计 column from the six applicant columns, every row. */
    for (int row = 0; row < GR_T3_ROWS; row++) {
        gr_count *t = &r->t3[row][GR_T3_TOTAL];
        if (t->given)
            continue;
        long long s = 0;
        for (int c = 0; c < GR_T3_TOTAL; c++)
            s += r->t3[row][c].value;
        t->value = s;
    }
    for (int g = 0; g < GR_T4_GROUPS; g++) {
        gr_count *t = &r->t4[g][GR_T4_TOTAL];
        if (t->given)
            continue;
        long long s = 0;
        for (int k = 0; k < GR_T4_TOTAL; k++)
            s += r->t4[g][k].value;
        t->value = s;
    }
}
