/* table_build: the template's tables + one report's figures → a gr_table, the grid of cells
 * with their row and column spans that layout_table measures and places. The structure is
 * the national format's (docs/national-template.md §2.2–§2.4): section 二's four titled blocks,
 * section 三's 3 × 3 note corner and three-level row stub, section 四's three header rows.
 * Every label comes from template.h; figures are printed as decimal integers, a cell's
 * remark in brackets after its figure. */
#include "layout/table_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gr_table_add(gr_table *t, int row, int col, int rowspan, int colspan, bool header,
                  const char *text)
{
    gr_grow((void **)&t->cells, &t->capcells, t->ncells + 1, sizeof(gr_cell));
    t->cells[t->ncells++] = (gr_cell){text ? text : "", row, col, rowspan, colspan, header, false};
    if (row + rowspan > t->nrows) t->nrows = row + rowspan;
    if (col + colspan > t->ncols) t->ncols = col + colspan;
}

void gr_table_free_cells(gr_table *t)
{
    free(t->cells);
    t->cells = NULL;
    t->ncells = t->capcells = 0;
    gr_arena_free(t->arena);
    t->arena = NULL;
    t->nrows = t->ncols = t->header_rows = 0;
}

/* A row label of the stub: a TH of scope Row to a screen reader. */
static void add_label(gr_table *t, int row, int col, int rowspan, int colspan, const char *text)
{
    gr_table_add(t, row, col, rowspan, colspan, false, text);
    t->cells[t->ncells - 1].row_label = true;
}

/* A figure's remark is drawn as the report drew it: in full-width brackets after the figure,
 * in the same cell, which wraps it ("22（其中修订16件）"). The text lives in the table's arena
 * (the report is only read: threads may compose one report at once). */
static const char *with_remark(gr_table *t, const char *figure, const char *remark)
{
    if (!t->arena)
        t->arena = gr_arena_new();
    if (!remark)
        return gr_arena_strdup(t->arena, figure);
    char *s = gr_xasprintf("%s（%s）", figure, remark);
    const char *out = gr_arena_strdup(t->arena, s);
    free(s);
    return out;
}

/* A count as printed: the plain decimal integer and its remark, in the table's arena. */
static const char *count_text(gr_table *t, const gr_count *c)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", c->value);
    return with_remark(t, buf, c->remark);
}

/* Section 二: four grid columns; each block is a title row across all four, a header row
 * (信息内容 + its column labels, a single label spanning three columns) and its data rows. */
static void build_proactive(const gr_report *r, gr_table *t)
{
    int row = 0;
    for (int b = 0; b < GR_T2_BLOCKS; b++) {
        const gr_t2_block *blk = &gr_t2_blocks[b];
        gr_table_add(t, row++, 0, 1, 4, true, blk->item);
        gr_table_add(t, row, 0, 1, 1, true, gr_t2_content_label);
        if (blk->ncols == 3) {
            for (int k = 0; k < 3; k++)
                gr_table_add(t, row, 1 + k, 1, 1, true, blk->columns[k]);
        } else {
            gr_table_add(t, row, 1, 1, 3, true, blk->columns[0]);
        }
        row++;
        for (int i = blk->first_row; i < blk->first_row + blk->nrows; i++) {
            add_label(t, row, 0, 1, 1, gr_t2_rows[i].label);
            if (i == GR_T2_RULES || i == GR_T2_NORMATIVE) {
                for (int k = 0; k < 3; k++)
                    gr_table_add(t, row, 1 + k, 1, 1, false, count_text(t, &r->t2_docs[i][k]));
            } else if (i == GR_T2_FEES) {
                /* The amount is a decimal printed exactly as the file wrote it. */
                gr_table_add(t, row, 1, 1, 3, false,
                             !r->t2_fee          ? ""
                             : r->t2_fee_remark ? with_remark(t, r->t2_fee, r->t2_fee_remark)
                                                : r->t2_fee); /* lives as long as r */
            } else {
                const gr_count *c = &r->t2_decisions[i - GR_T2_LICENSING];
                gr_table_add(t, row, 1, 1, 3, false, count_text(t, c));
            }
            row++;
        }
    }
    /* No row of 二 is a header for the whole table: a continuation repeats nothing but
     * "续表"; its block titles keep with their next row instead (layout_table). */
    t->header_rows = 0;
}

/* Two labels of the template are the same label (string literals need not be merged). */
static bool same_label(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Section 三: 3 stub + 7 data columns, 3 header rows, 25 body rows. */
enum { T3_STUB = 3, T3_HEAD = 3 };

static void build_applications(const gr_report *r, gr_table *t)
{
    gr_table_add(t, 0, 0, T3_HEAD, T3_STUB, false, gr_t3_note);
    gr_table_add(t, 0, T3_STUB, 1, GR_T3_COLS, true, gr_t3_applicants);
    gr_table_add(t, 1, T3_STUB, 2, 1, true, gr_t3_cols[GR_T3_NATURAL].label);
    gr_table_add(t, 1, T3_STUB + 1, 1, GR_T3_TOTAL - 1, true, gr_t3_legal_person);
    gr_table_add(t, 1, T3_STUB + GR_T3_TOTAL, 2, 1, true, gr_t3_cols[GR_T3_TOTAL].label);
    for (int c = GR_T3_COMMERCIAL; c < GR_T3_TOTAL; c++)
        gr_table_add(t, 2, T3_STUB + c, 1, 1, true, gr_t3_cols[c].label);

    for (int i = 0; i < GR_T3_ROWS; i++) {
        const gr_t3_row *rw = &gr_t3_rows[i];
        int row = T3_HEAD + i;
        if (!rw->level2) {
            add_label(t, row, 0, 1, T3_STUB, rw->level1);
        } else {
            /* Level 1 (三、本年度办理结果) and level 2 groups merge down the column over the
             * rows that share them; the template prints no subtotal rows. */
            if (i == 0 || !same_label(gr_t3_rows[i - 1].level1, rw->level1)) {
                int n = 1;
                while (i + n < GR_T3_ROWS && same_label(gr_t3_rows[i + n].level1, rw->level1))
                    n++;
                add_label(t, row, 0, n, 1, rw->level1);
            }
            if (!rw->level3) {
                add_label(t, row, 1, 1, 2, rw->level2);
            } else {
                if (!same_label(gr_t3_rows[i - 1].level2, rw->level2)) {
                    int n = 1;
                    while (i + n < GR_T3_ROWS && same_label(gr_t3_rows[i + n].level2, rw->level2))
                        n++;
                    add_label(t, row, 1, n, 1, rw->level2);
                }
                add_label(t, row, 2, 1, 1, rw->level3);
            }
        }
        for (int c = 0; c < GR_T3_COLS; c++)
            gr_table_add(t, row, T3_STUB + c, 1, 1, false, count_text(t, &r->t3[i][c]));
    }
    t->header_rows = T3_HEAD;
}

/* Section 四: 15 columns, 3 header rows, one row of figures. */
static void build_reviews(const gr_report *r, gr_table *t)
{
    const int n = GR_T4_RESULTS;
    gr_table_add(t, 0, 0, 1, n, true, gr_t4_groups[GR_T4_REVIEW]);
    gr_table_add(t, 0, n, 1, 2 * n, true, gr_t4_litigation);
    for (int k = 0; k < n; k++)
        gr_table_add(t, 1, k, 2, 1, true, gr_t4_results[k]);
    for (int g = GR_T4_LIT_DIRECT; g < GR_T4_GROUPS; g++) {
        gr_table_add(t, 1, g * n, 1, n, true, gr_t4_groups[g]);
        for (int k = 0; k < n; k++)
            gr_table_add(t, 2, g * n + k, 1, 1, true, gr_t4_results[k]);
    }
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < n; k++)
            gr_table_add(t, 3, g * n + k, 1, 1, false, count_text(t, &r->t4[g][k]));
    t->header_rows = 3;
}

void gr_table_build(const gr_report *r, int section, gr_table *out)
{
    *out = (gr_table){0};
    switch (section) {
    case GR_SEC_PROACTIVE:
        build_proactive(r, out);
        break;
    case GR_SEC_APPLICATIONS:
        build_applications(r, out);
        break;
    case GR_SEC_REVIEWS:
        build_reviews(r, out);
        break;
    default:
        break; /* sections without a table: an empty grid */
    }
}
