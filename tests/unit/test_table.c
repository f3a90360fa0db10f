/* Unit tests for table_build and layout_table: the grid of each table against the national
 * template (every span, every slot covered once, every label), computed totals, and the
 * display list of the measured tables: widths fill the block, text stays inside its cell,
 * numbers share the units-digit edge per column, and a page break repeats "续表", the header
 * rows and the label of a cut row-spanning cell. */
#include "base/diag.h"
#include "layout/font.h"
#include "layout/display.h"
#include "layout/layout_table.h"
#include "layout/table_build.h"
#include "report/model.h"
#include "report/template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The Shanyang 2025 figures (seeds/000_efb45d9f577c21a1.txt), totals left out. */
static const long long t3_natural[GR_T3_ROWS] = {28, 0, 9, 5, 0, 0, 0, 1, 1, 0, 0, 0, 6,
                                                 0,  0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0};
static const long long t3_commercial[GR_T3_ROWS] = {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const long long t4_figures[GR_T4_GROUPS][GR_T4_RESULTS - 1] = {
    {3, 0, 3, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};

static gr_report *sample_report(void)
{
    gr_report *r = gr_report_new("test");
    r->issuer = "山阳区人民政府";
    r->year = 2025;
    r->t2_docs[GR_T2_NORMATIVE][2] = (gr_count){51, true, {0, 0}, NULL};
    r->t2_decisions[0] = (gr_count){11850, true, {0, 0}, NULL};
    r->t2_decisions[1] = (gr_count){81, true, {0, 0}, NULL};
    r->t2_decisions[2] = (gr_count){9, true, {0, 0}, NULL};
    r->t2_fee = "0.33";
    for (int i = 0; i < GR_T3_ROWS; i++) {
        if (i == GR_T3_RESULT_TOTAL) continue; /* left out: computed */
        r->t3[i][GR_T3_NATURAL] = (gr_count){t3_natural[i], true, {0, 0}, NULL};
        r->t3[i][GR_T3_COMMERCIAL] = (gr_count){t3_commercial[i], true, {0, 0}, NULL};
        for (int c = GR_T3_RESEARCH; c < GR_T3_TOTAL; c++)
            r->t3[i][c] = (gr_count){0, true, {0, 0}, NULL};
    }
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_TOTAL; k++)
            r->t4[g][k] = (gr_count){t4_figures[g][k], true, {0, 0}, NULL};
    gr_report_finish(r); /* the totals left out, as load computes them */
    return r;
}

/* ---- structure ---- */

static const gr_cell *cell_at(const gr_table *t, int row, int col)
{
    for (size_t i = 0; i < t->ncells; i++)
        if (t->cells[i].row == row && t->cells[i].col == col) return &t->cells[i];
    return NULL;
}

static void expect_cell(const gr_table *t, int row, int col, int rs, int cs, bool header,
                        const char *text)
{
    const gr_cell *c = cell_at(t, row, col);
    if (!c) {
        CHECK(0, "no cell starts at r%d c%d (%s)", row, col, text ? text : "");
        return;
    }
    CHECK(c->rowspan == rs && c->colspan == cs, "r%d c%d %s: span %d×%d, want %d×%d", row, col,
          c->text, c->rowspan, c->colspan, rs, cs);
    CHECK(c->header == header, "r%d c%d %s: header %d, want %d", row, col, c->text, c->header,
          header);
    if (text)
        CHECK(strcmp(c->text, text) == 0, "r%d c%d: text \"%s\", want \"%s\"", row, col, c->text,
              text);
}

/* Every grid slot covered by exactly one cell. */
static void expect_tiling(const gr_table *t, const char *name)
{
    int *n = calloc((size_t)(t->nrows * t->ncols), sizeof(int));
    for (size_t i = 0; i < t->ncells; i++) {
        const gr_cell *c = &t->cells[i];
        CHECK(c->rowspan >= 1 && c->colspan >= 1 && c->row + c->rowspan <= t->nrows &&
                  c->col + c->colspan <= t->ncols,
              "%s: cell %s outside the grid", name, c->text);
        for (int r = c->row; r < c->row + c->rowspan && r < t->nrows; r++)
            for (int k = c->col; k < c->col + c->colspan && k < t->ncols; k++)
                n[r * t->ncols + k]++;
    }
    for (int r = 0; r < t->nrows; r++)
        for (int k = 0; k < t->ncols; k++)
            CHECK(n[r * t->ncols + k] == 1, "%s: slot r%d c%d covered %d times", name, r, k,
                  n[r * t->ncols + k]);
    free(n);
}

static bool has_label(const gr_table *t, const char *label)
{
    for (size_t i = 0; i < t->ncells; i++)
        if (strcmp(t->cells[i].text, label) == 0) return true;
    return false;
}

static void test_proactive_structure(gr_report *r)
{
    gr_table t;
    gr_table_build(r, GR_SEC_PROACTIVE, &t);
    CHECK(t.nrows == 14 && t.ncols == 4, "二: %d×%d, want 14×4", t.nrows, t.ncols);
    expect_tiling(&t, "二");
    const char *item[4] = {"第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                           "第二十条第（八）项"};
    const int title_row[4] = {0, 4, 7, 11};
    for (int b = 0; b < 4; b++) {
        expect_cell(&t, title_row[b], 0, 1, 4, true, item[b]);
        expect_cell(&t, title_row[b] + 1, 0, 1, 1, true, "信息内容");
    }
    expect_cell(&t, 1, 1, 1, 1, true, "本年制发件数");
    expect_cell(&t, 1, 2, 1, 1, true, "本年废止件数");
    expect_cell(&t, 1, 3, 1, 1, true, "现行有效件数");
    expect_cell(&t, 5, 1, 1, 3, true, "本年处理决定数量");
    expect_cell(&t, 8, 1, 1, 3, true, "本年处理决定数量");
    expect_cell(&t, 12, 1, 1, 3, true, "本年收费金额（单位：万元）");
    expect_cell(&t, 2, 0, 1, 1, false, "规章");
    expect_cell(&t, 3, 0, 1, 1, false, "行政规范性文件");
    expect_cell(&t, 3, 3, 1, 1, false, "51");
    expect_cell(&t, 6, 0, 1, 1, false, "行政许可");
    expect_cell(&t, 6, 1, 1, 3, false, "11850");
    expect_cell(&t, 9, 1, 1, 3, false, "81");
    expect_cell(&t, 10, 0, 1, 1, false, "行政强制");
    expect_cell(&t, 10, 1, 1, 3, false, "9");
    expect_cell(&t, 13, 0, 1, 1, false, "行政事业性收费");
    expect_cell(&t, 13, 1, 1, 3, false, "0.33");
    for (int i = 0; i < GR_T2_ROWS; i++)
        CHECK(has_label(&t, gr_t2_rows[i].label), "二: label %s missing", gr_t2_rows[i].label);
    gr_table_free_cells(&t);
}

static void test_applications_structure(gr_report *r)
{
    gr_table t;
    gr_table_build(r, GR_SEC_APPLICATIONS, &t);
    CHECK(t.nrows == 28 && t.ncols == 10, "三: %d×%d, want 28×10", t.nrows, t.ncols);
    CHECK(t.header_rows == 3, "三: %d header rows", t.header_rows);
    expect_tiling(&t, "三");
    expect_cell(&t, 0, 0, 3, 3, false, gr_t3_note);
    expect_cell(&t, 0, 3, 1, 7, true, "申请人情况");
    expect_cell(&t, 1, 3, 2, 1, true, "自然人");
    expect_cell(&t, 1, 4, 1, 5, true, "法人或其他组织");
    expect_cell(&t, 1, 9, 2, 1, true, "总计");
    const char *orgs[5] = {"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"};
    for (int k = 0; k < 5; k++)
        expect_cell(&t, 2, 4 + k, 1, 1, true, orgs[k]);
    expect_cell(&t, 3, 0, 1, 3, false, "一、本年新收政府信息公开申请数量");
    expect_cell(&t, 4, 0, 1, 3, false, "二、上年结转政府信息公开申请数量");
    expect_cell(&t, 5, 0, 22, 1, false, "三、本年度办理结果");
    expect_cell(&t, 5, 1, 1, 2, false, "（一）予以公开");
    expect_cell(&t, 6, 1, 1, 2, false, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
    expect_cell(&t, 7, 1, 8, 1, false, "（三）不予公开");
    expect_cell(&t, 15, 1, 3, 1, false, "（四）无法提供");
    expect_cell(&t, 18, 1, 5, 1, false, "（五）不予处理");
    expect_cell(&t, 23, 1, 3, 1, false, "（六）其他处理");
    expect_cell(&t, 26, 1, 1, 2, false, "（七）总计");
    expect_cell(&t, 27, 0, 1, 3, false, "四、结转下年度继续办理");
    for (int i = 0; i < GR_T3_ROWS; i++) {
        const gr_t3_row *rw = &gr_t3_rows[i];
        if (rw->level3) expect_cell(&t, 3 + i, 2, 1, 1, false, rw->level3);
        CHECK(has_label(&t, rw->level1), "三: label %s missing", rw->level1);
        if (rw->level2) CHECK(has_label(&t, rw->level2), "三: label %s missing", rw->level2);
    }
    /* Figures: the file's, and the totals it left out computed (R2 row, R3 column). */
    expect_cell(&t, 3, 3, 1, 1, false, "28");
    expect_cell(&t, 3, 9, 1, 1, false, "29");
    expect_cell(&t, 6, 9, 1, 1, false, "6");
    expect_cell(&t, 24, 9, 1, 1, false, "6");
    expect_cell(&t, 26, 3, 1, 1, false, "28");
    expect_cell(&t, 26, 4, 1, 1, false, "1");
    expect_cell(&t, 26, 9, 1, 1, false, "29");
    gr_table_free_cells(&t);
}

static void test_reviews_structure(gr_report *r)
{
    gr_table t;
    gr_table_build(r, GR_SEC_REVIEWS, &t);
    CHECK(t.nrows == 4 && t.ncols == 15, "四: %d×%d, want 4×15", t.nrows, t.ncols);
    CHECK(t.header_rows == 3, "四: %d header rows", t.header_rows);
    expect_tiling(&t, "四");
    expect_cell(&t, 0, 0, 1, 5, true, "行政复议");
    expect_cell(&t, 0, 5, 1, 10, true, "行政诉讼");
    expect_cell(&t, 1, 5, 1, 5, true, "未经复议直接起诉");
    expect_cell(&t, 1, 10, 1, 5, true, "复议后起诉");
    for (int k = 0; k < GR_T4_RESULTS; k++) {
        expect_cell(&t, 1, k, 2, 1, true, gr_t4_results[k]);
        expect_cell(&t, 2, 5 + k, 1, 1, true, gr_t4_results[k]);
        expect_cell(&t, 2, 10 + k, 1, 1, true, gr_t4_results[k]);
    }
    const char *want[15] = {"3", "0", "3", "0", "6", "0", "0", "1",
                            "0", "1", "0", "0", "0", "1", "1"};
    for (int k = 0; k < 15; k++)
        expect_cell(&t, 3, k, 1, 1, false, want[k]);
    gr_table_free_cells(&t);
}

/* ---- layout, read back from the display list ---- */

/* The glyphs of a page in emission order, as UTF-8: a cell's text is contiguous. */
static char *page_text(const gr_page *pg)
{
    char *s = malloc(pg->nglyphs * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < pg->nglyphs; i++)
        o += gr_utf8_put(s + o, pg->glyphs[i].cp);
    s[o] = 0;
    return s;
}

static bool page_has(const gr_page *pg, const char *text)
{
    char *s = page_text(pg);
    bool ok = strstr(s, text) != NULL;
    free(s);
    return ok;
}

/* Distinct x of the vertical rules of a page, sorted. */
static size_t vertical_edges(const gr_page *pg, double *xs, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->nrules; i++) {
        const gr_rule *ru = &pg->rules[i];
        if (fabs(ru->x0 - ru->x1) > GR_EPS) continue;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            if (fabs(xs[k] - ru->x0) < GR_EPS) seen = true;
        if (!seen && n < cap) xs[n++] = ru->x0;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (xs[b] < xs[a]) {
                double tmp = xs[a];
                xs[a] = xs[b];
                xs[b] = tmp;
            }
    return n;
}

/* No glyph crosses a vertical rule at its baseline, and every glyph lies in the block. */
static void expect_glyphs_inside(const gr_fonts *f, const gr_page *pg, const char *name)
{
    int bad = 0;
    for (size_t i = 0; i < pg->nglyphs; i++) {
        const gr_glyph *g = &pg->glyphs[i];
        double x1 = g->x + gr_fonts_advance(f, g->face, g->cp, g->size);
        if (g->x < GR_BLOCK_X0 - GR_EPS || x1 > GR_BLOCK_X1 + GR_EPS ||
            g->y < GR_BLOCK_BOTTOM - GR_EPS || g->y > GR_BLOCK_TOP + GR_EPS)
            bad++;
        for (size_t k = 0; k < pg->nrules; k++) {
            const gr_rule *ru = &pg->rules[k];
            if (fabs(ru->x0 - ru->x1) > GR_EPS) continue;
            double lo = fmin(ru->y0, ru->y1), hi = fmax(ru->y0, ru->y1);
            if (g->y > lo && g->y < hi && ru->x0 > g->x + GR_EPS && ru->x0 < x1 - GR_EPS) {
                if (bad++ < 5)
                    fprintf(stderr, "  %s: U+%04X at x %.2f–%.2f crosses the rule at x %.2f\n",
                            name, g->cp, g->x, x1, ru->x0);
            }
        }
    }
    CHECK(bad == 0, "%s: %d glyphs outside their cells or the block", name, bad);
}

static gr_doc *place_table(const gr_fonts *f, gr_report *r, int section, double y, double *y_after,
                           gr_table_layout **out_tl)
{
    gr_table t;
    gr_table_build(r, section, &t);
    gr_table_layout *tl = gr_table_measure(f, &t, GR_BLOCK_W);
    gr_table_free_cells(&t); /* the layout keeps its own copy of the grid */
    gr_doc *doc = gr_doc_new();
    gr_flow fl;
    gr_flow_init(&fl, doc, f);
    fl.y = y;
    gr_table_place(tl, &fl);
    *y_after = fl.y;
    *out_tl = tl;
    return doc;
}

static void test_widths(const gr_fonts *f, gr_report *r, int section, size_t want_edges,
                        size_t want_pages, const char *name)
{
    double y_after;
    gr_table_layout *tl;
    gr_doc *doc = place_table(f, r, section, 0, &y_after, &tl);
    CHECK(doc->npages == want_pages, "%s: %zu pages, want %zu", name, doc->npages, want_pages);
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        double xs[64];
        size_t n = vertical_edges(pg, xs, 64);
        if (p == 0) /* later pages may carry only rows whose cells span some columns */
            CHECK(n == want_edges, "%s: %zu column edges, want %zu", name, n, want_edges);
        if (n >= 2) {
            CHECK(fabs(xs[0] - GR_BLOCK_X0) < GR_EPS && fabs(xs[n - 1] - GR_BLOCK_X1) < GR_EPS,
                  "%s: table spans %.3f–%.3f, want the block %.3f–%.3f", name, xs[0], xs[n - 1],
                  GR_BLOCK_X0, GR_BLOCK_X1);
        }
        /* The frame is 1.0 pt (one rule per side), the inner rules 0.5 pt. */
        int frame = 0, inner = 0, other = 0;
        for (size_t i = 0; i < pg->nrules; i++) {
            double w = pg->rules[i].width;
            if (fabs(w - 1.0) < GR_EPS)
                frame++;
            else if (fabs(w - 0.5) < GR_EPS)
                inner++;
            else
                other++;
        }
        CHECK(frame == 4 && inner > 0 && other == 0, "%s p%zu: %d frame rules, %d inner, %d other",
              name, p + 1, frame, inner, other);
        expect_glyphs_inside(f, pg, name);
        for (size_t i = 0; i < pg->nrules; i++)
            CHECK(fmin(pg->rules[i].y0, pg->rules[i].y1) >= GR_BLOCK_BOTTOM - GR_EPS,
                  "%s p%zu: a rule below the block", name, p + 1);
    }
    /* After the table the cursor is the table's bottom plus (p − 16) (§11.7). */
    const gr_page *last = &doc->pages[doc->npages - 1];
    double bottom = 1e9;
    for (size_t i = 0; i < last->nrules; i++)
        bottom = fmin(bottom, fmin(last->rules[i].y0, last->rules[i].y1));
    CHECK(fabs(gr_flow_pdf_y(y_after) - (bottom - (GR_LINE_PITCH - 16))) < GR_EPS,
          "%s: cursor after the table %.3f, bottom %.3f", name, y_after, bottom);
    CHECK(gr_table_first_chunk(tl) > 0, "%s: empty first chunk", name);
    gr_table_layout_free(tl);
    gr_doc_free(doc);
}

/* Right edge of the last digit of each digit run between two column edges, per baseline. */
static void expect_units_aligned(const gr_fonts *f, const gr_page *pg, double xa, double xb,
                                 const char *name)
{
    double lo = 1e9, hi = -1e9;
    int runs = 0;
    for (size_t i = 0; i < pg->nglyphs; i++) {
        const gr_glyph *g = &pg->glyphs[i];
        if (g->cp < '0' || g->cp > '9' || g->x < xa || g->x > xb) continue;
        double edge = g->x + gr_fonts_advance(f, g->face, g->cp, g->size);
        const gr_glyph *nx = i + 1 < pg->nglyphs ? &pg->glyphs[i + 1] : NULL;
        if (nx && nx->cp >= '0' && nx->cp <= '9' && fabs(nx->y - g->y) < GR_EPS &&
            fabs(nx->x - edge) < 0.5)
            continue; /* not the units digit */
        lo = fmin(lo, edge);
        hi = fmax(hi, edge);
        runs++;
    }
    CHECK(runs > 0, "%s: no numbers between x %.2f and %.2f", name, xa, xb);
    CHECK(hi - lo < GR_EPS, "%s: units edges spread %.3f–%.3f over %d numbers", name, lo, hi, runs);
}

static void test_applications_layout(const gr_fonts *f, gr_report *r)
{
    /* 28 rows at 五号 are a little taller than a page: the last rows continue. */
    test_widths(f, r, GR_SEC_APPLICATIONS, 11, 2, "三");
    double y_after;
    gr_table_layout *tl;
    gr_doc *doc = place_table(f, r, GR_SEC_APPLICATIONS, 0, &y_after, &tl);
    double xs[64];
    size_t n = vertical_edges(&doc->pages[0], xs, 64);
    if (n == 11)
        for (size_t c = 3; c < 10; c++)
            expect_units_aligned(f, &doc->pages[0], xs[c], xs[c + 1], "三 data column");
    const gr_page *pg = &doc->pages[0];
    CHECK(page_has(pg, "申请人情况") && page_has(pg, "法人或其他组织") &&
              page_has(pg, "三、本年度办理结果"),
          "三: header or stub text missing");
    CHECK(!page_has(pg, "续表"), "三: 续表 on the first page");
    gr_table_layout_free(tl);
    gr_doc_free(doc);

    /* Start low on the page: the table breaks inside the 22 rows of 三、本年度办理结果. */
    gr_table t;
    gr_table_build(r, GR_SEC_APPLICATIONS, &t);
    tl = gr_table_measure(f, &t, GR_BLOCK_W);
    double start = GR_BLOCK_H - gr_table_first_chunk(tl) - 160;
    gr_table_layout_free(tl);
    gr_table_free_cells(&t);
    doc = place_table(f, r, GR_SEC_APPLICATIONS, start, &y_after, &tl);
    CHECK(doc->npages == 2, "三 split: %zu pages, want 2", doc->npages);
    if (doc->npages == 2) {
        const gr_page *p1 = &doc->pages[0], *p2 = &doc->pages[1];
        CHECK(!page_has(p1, "续表"), "三 split: 续表 on the first page");
        CHECK(page_has(p2, "续表"), "三 split: no 续表 on the continuation page");
        char *s2 = page_text(p2);
        CHECK(strncmp(s2, "续表", strlen("续表")) == 0, "三 split: page 2 does not open with 续表");
        free(s2);
        const char *heads[] = {"申请人情况", "自然人", "法人或其他组织",
                               "商业企业",   "总计",   "勾稽关系"};
        for (size_t k = 0; k < sizeof heads / sizeof *heads; k++)
            CHECK(page_has(p1, heads[k]) && page_has(p2, heads[k]),
                  "三 split: header %s not on both pages", heads[k]);
        CHECK(page_has(p1, "三、本年度办理结果") && page_has(p2, "三、本年度办理结果"),
              "三 split: the cut stub label is not repeated");
        CHECK(page_has(p1, "一、本年新收政府信息公开申请数量") &&
                  !page_has(p2, "一、本年新收政府信息公开申请数量"),
              "三 split: row 一 not on page 1 only");
        CHECK(page_has(p2, "四、结转下年度继续办理"), "三 split: last row not on page 2");
        /* "续表" sits at the top of the block, centred. */
        double y_top = -1, x_l = 1e9, x_r = -1e9;
        for (size_t i = 0; i < 2 && i < p2->nglyphs; i++) {
            y_top = p2->glyphs[i].y;
            x_l = fmin(x_l, p2->glyphs[i].x);
            x_r =
                fmax(x_r, p2->glyphs[i].x + gr_fonts_advance(f, p2->glyphs[i].face,
                                                             p2->glyphs[i].cp, p2->glyphs[i].size));
        }
        CHECK(y_top < GR_BLOCK_TOP && y_top > GR_BLOCK_TOP - 13.65, "三 split: 续表 baseline %.2f",
              y_top);
        CHECK(fabs((x_l + x_r) / 2 - (GR_BLOCK_X0 + GR_BLOCK_X1) / 2) < 0.05,
              "三 split: 续表 not centred (%.2f–%.2f)", x_l, x_r);
        /* Every rule of page 1 is above the block bottom; page 2's table starts below 续表. */
        for (size_t i = 0; i < p1->nrules; i++)
            CHECK(p1->rules[i].y0 >= GR_BLOCK_BOTTOM - GR_EPS &&
                      p1->rules[i].y1 >= GR_BLOCK_BOTTOM - GR_EPS,
                  "三 split: a rule below the block on page 1");
        double top2 = -1e9;
        for (size_t i = 0; i < p2->nrules; i++)
            top2 = fmax(top2, fmax(p2->rules[i].y0, p2->rules[i].y1));
        CHECK(fabs(top2 - (GR_BLOCK_TOP - 13.65 - 5.25)) < GR_EPS,
              "三 split: page 2 table top at %.3f, want %.3f", top2, GR_BLOCK_TOP - 18.9);
        expect_glyphs_inside(f, p1, "三 split p1");
        expect_glyphs_inside(f, p2, "三 split p2");
    }
    gr_table_layout_free(tl);
    gr_doc_free(doc);
}

/* A break that would leave 三、本年度办理结果 a one-row fragment (too short for its three
 * lines) moves up to the row before the group: the label is never cut or lost. */
static void test_break_keeps_stub_whole(const gr_fonts *f, gr_report *r)
{
    gr_table t;
    gr_table_build(r, GR_SEC_APPLICATIONS, &t);
    gr_table_layout *tl = gr_table_measure(f, &t, GR_BLOCK_W);
    gr_table_free_cells(&t);
    /* Room for the header, rows 一 and 二 and （一）予以公开: one-line rows are 13.65 + 5.25. */
    const double one_line = 13.65 + 5.25;
    gr_doc *doc = gr_doc_new();
    gr_flow fl;
    gr_flow_init(&fl, doc, f);
    fl.y = GR_BLOCK_H - (gr_table_first_chunk(tl) + 2 * one_line) - 1.0;
    gr_table_place(tl, &fl);
    CHECK(doc->npages >= 2, "三 stub break: %zu pages", doc->npages);
    if (doc->npages >= 2) {
        CHECK(page_has(&doc->pages[0], "二、上年结转政府信息公开申请数量"),
              "三 stub break: row 二 not on page 1");
        CHECK(!page_has(&doc->pages[0], "（一）予以公开"),
              "三 stub break: （一） left on page 1 with a cut one-row stub");
        CHECK(!page_has(&doc->pages[0], "三、本年度办理结果") &&
                  page_has(&doc->pages[1], "三、本年度办理结果") &&
                  page_has(&doc->pages[1], "（一）予以公开"),
              "三 stub break: the group does not start on page 2");
    }
    gr_doc_free(doc);
    gr_table_layout_free(tl);
}

/* §11.5 third case: ten eight-digit figures do not fit at 五号 (10 × 47.25 > W) but do at
 * 小五 (10 × 40.5): the whole table is set at 9 pt, each number on one line in its cell. */
static void test_small_fallback(const gr_fonts *f)
{
    gr_table t = {0};
    for (int k = 0; k < 10; k++) {
        gr_table_add(&t, 0, k, 1, 1, true, "列");
        gr_table_add(&t, 1, k, 1, 1, false, "12345678");
    }
    t.header_rows = 1;
    gr_table_layout *tl = gr_table_measure(f, &t, GR_BLOCK_W);
    gr_doc *doc = gr_doc_new();
    gr_flow fl;
    gr_flow_init(&fl, doc, f);
    gr_table_place(tl, &fl);
    const gr_page *pg = &doc->pages[0];
    int digits = 0, big = 0;
    double base = 0;
    for (size_t i = 0; i < pg->nglyphs; i++) {
        if (fabs(pg->glyphs[i].size - GR_TABLE_SMALL_SIZE) > 0.001) big++;
        if (pg->glyphs[i].cp >= '0' && pg->glyphs[i].cp <= '9') {
            if (digits == 0) base = pg->glyphs[i].y;
            CHECK(fabs(pg->glyphs[i].y - base) < GR_EPS, "小五: a number wrapped");
            digits++;
        }
    }
    CHECK(digits == 80 && big == 0, "小五: %d digits, %d glyphs not at 9 pt", digits, big);
    expect_glyphs_inside(f, pg, "小五");
    gr_doc_free(doc);
    gr_table_layout_free(tl);
    gr_table_free_cells(&t);
}

static void test_proactive_layout(const gr_fonts *f, gr_report *r)
{
    test_widths(f, r, GR_SEC_PROACTIVE, 5, 1, "二");
    double y_after;
    gr_table_layout *tl;
    gr_doc *doc = place_table(f, r, GR_SEC_PROACTIVE, 0, &y_after, &tl);
    CHECK(page_has(&doc->pages[0], "11850") && page_has(&doc->pages[0], "0.33"),
          "二: figures missing");
    gr_table_layout_free(tl);
    gr_doc_free(doc);
    /* A block title never ends a page: 第二十条第（八）项 moves with its rows. */
    gr_table t;
    gr_table_build(r, GR_SEC_PROACTIVE, &t);
    tl = gr_table_measure(f, &t, GR_BLOCK_W);
    gr_table_free_cells(&t);
    double full = 0;
    {
        gr_doc *d2 = gr_doc_new();
        gr_flow fl;
        gr_flow_init(&fl, d2, f);
        gr_table_place(tl, &fl);
        full = fl.y - (GR_LINE_PITCH - 16);
        gr_doc_free(d2);
    }
    /* Room for all but the last two rows of the table and a little: the title row fits
     * alone but must go with its header and data rows. */
    gr_doc *d3 = gr_doc_new();
    gr_flow fl;
    gr_flow_init(&fl, d3, f);
    fl.y = GR_BLOCK_H - full + 30;
    gr_table_place(tl, &fl);
    CHECK(d3->npages == 2, "二 split: %zu pages", d3->npages);
    if (d3->npages == 2) {
        CHECK(!page_has(&d3->pages[0], "第二十条第（八）项"),
              "二 split: a block title left alone at the bottom of a page");
        CHECK(page_has(&d3->pages[1], "续表") && page_has(&d3->pages[1], "第二十条第（八）项") &&
                  page_has(&d3->pages[1], "0.33"),
              "二 split: continuation page content");
    }
    gr_doc_free(d3);

    /* A block is never split: with room for the first block's title, heads and 规章 only,
     * 行政规范性文件 must not start the next page without the heads that name its figures. */
    gr_doc *d4 = gr_doc_new();
    gr_flow_init(&fl, d4, f);
    fl.y = GR_BLOCK_H - gr_table_first_chunk(tl) - 5;
    fl.y = fl.y > 0 ? fl.y : 0;
    double first_block = gr_table_first_chunk(tl);
    gr_table_place(tl, &fl);
    for (size_t p = 0; p < d4->npages; p++) {
        bool rules = page_has(&d4->pages[p], "规章");
        bool norm = page_has(&d4->pages[p], "行政规范性文件");
        CHECK(rules == norm, "二: 规章 and 行政规范性文件 on different pages (page %zu)", p + 1);
        CHECK(!page_has(&d4->pages[p], "行政强制") || page_has(&d4->pages[p], "行政处罚"),
              "二: 行政强制 without 行政处罚 and its heads on page %zu", p + 1);
    }
    /* The first chunk (for keep-with-next) is the whole first block: 4 rows. */
    CHECK(first_block > 3.5 * (13.65 + 5.25), "二: first chunk %.2f is not the whole block",
          first_block);
    gr_doc_free(d4);
    gr_table_layout_free(tl);
}

static void test_reviews_layout(const gr_fonts *f, gr_report *r)
{
    test_widths(f, r, GR_SEC_REVIEWS, 16, 1, "四");
    double y_after;
    gr_table_layout *tl;
    gr_doc *doc = place_table(f, r, GR_SEC_REVIEWS, 0, &y_after, &tl);
    const gr_page *pg = &doc->pages[0];
    /* The 15 figures on one baseline, left to right, in order. */
    const char want[] = "303060010100011";
    char got[32] = {0};
    size_t n = 0;
    double base = 1e9;
    for (size_t i = 0; i < pg->nglyphs; i++)
        if (pg->glyphs[i].cp >= '0' && pg->glyphs[i].cp <= '9') base = fmin(base, pg->glyphs[i].y);
    for (size_t i = 0; i < pg->nglyphs && n < 31; i++)
        if (fabs(pg->glyphs[i].y - base) < GR_EPS) got[n++] = (char)pg->glyphs[i].cp;
    CHECK(strcmp(got, want) == 0, "四: data row \"%s\", want \"%s\"", got, want);
    gr_table_layout_free(tl);
    gr_doc_free(doc);
}

int main(void)
{
    gr_report *r = sample_report();
    test_proactive_structure(r);
    test_applications_structure(r);
    test_reviews_structure(r);

    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = fonts_or_skip("table", NULL);
    if (f) {
        test_proactive_layout(f, r);
        test_applications_layout(f, r);
        test_break_keeps_stub_whole(f, r);
        test_small_fallback(f);
        test_reviews_layout(f, r);
    }
    gr_fonts_free(f);
    gr_diags_free(&d);
    gr_report_free(r);
    return harness_end("table");
}
