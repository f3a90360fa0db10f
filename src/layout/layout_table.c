/* layout_table: a gr_table → measured columns and rows → rules and glyphs on pages, per
 * docs/typography.md §11. Column widths follow the automatic table layout of §11.5; cell text is
 * broken by layout_text (the one line breaker) at the cell's inner width; numbers align on
 * the units digit; rows are atomic and a table cut by a page break continues under "续表"
 * with its header rows repeated. Output goes into the display list through the flow. */
#include "layout/layout_table.h"

#include "layout/layout_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* §11.1: outer frame 1.0 pt, inner rules 0.5 pt. */
#define FRAME_RULE 1.0
#define INNER_RULE 0.5
/* §11.3: cell line pitch is 1.3 × size; §11.4: padding 0.25 em on every side. */
#define PITCH_RATIO 1.3
#define PAD_RATIO 0.25
/* §11.8: "续表" is 仿宋 五号 on a 13.65 pt line, then a 5.25 pt gap. */
#define CONT_LABEL "续表"
#define CONT_LINE (PITCH_RATIO * GR_TABLE_SIZE)
#define CONT_GAP (2 * PAD_RATIO * GR_TABLE_SIZE)
/* The em-box baseline when a face gives none (§3.4). */
#define DEFAULT_BASELINE 0.88

typedef struct {
    gr_lines lines;
    bool numeric; /* matches the §11.6 number pattern and fits one line */
    double int_w; /* numeric: width of the integer part (up to "." or "%") */
    double num_x; /* numeric: the number's left edge from the cell's left edge */
} cell_layout;

struct gr_table_layout {
    const gr_fonts *fonts;
    gr_cell *cells; /* a copy; texts are borrowed from the table's owner */
    size_t ncells;
    int nrows, ncols, header_rows;
    double size, pad, pitch;
    double width;
    double *col_x;   /* ncols + 1 edges from the table's left edge */
    double *row_h;   /* nrows */
    int *owner;      /* nrows × ncols: the cell covering each slot, or -1 */
    bool *keep;      /* a body row that stays with the row after it (see gr_table_measure) */
    cell_layout *cl; /* ncells */
    double baseline[GR_ROLES];
};

static gr_role cell_role(const gr_cell *c)
{
    return c->header ? GR_ROLE_TABLE_HEAD : GR_ROLE_TABLE;
}

static gr_span cell_span(const gr_cell *c)
{
    return (gr_span){c->text, strlen(c->text), cell_role(c)};
}

static gr_text_opts cell_opts(double size, double width)
{
    gr_text_opts o = {0};
    o.size = size;
    o.width = width;
    o.first_indent = 0;
    o.grid = false;
    o.justify = false;
    return o;
}

/* §11.6: ^-?[0-9][0-9,]*(\.[0-9]+)?%?$ */
static bool is_number(const char *s)
{
    if (*s == '-') s++;
    if (*s < '0' || *s > '9') return false;
    while ((*s >= '0' && *s <= '9') || *s == ',')
        s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == '%') s++;
    return *s == '\0';
}

#define GR_HEADER_MIN_EMS 2 /* the shortest header word of the template: 总计, 其他 */

/* Column minimum and maximum widths (§11.5): single-column cells first, then each spanning
 * cell, narrowest span first, spreads what it needs beyond its columns equally over them. */
static void column_extents(const gr_table_layout *tl, double *mins, double *maxs)
{
    double *cmin = gr_xcalloc(tl->ncells, sizeof(double));
    double *cmax = gr_xcalloc(tl->ncells, sizeof(double));
    for (size_t i = 0; i < tl->ncells; i++) {
        const gr_cell *c = &tl->cells[i];
        gr_span sp = cell_span(c);
        gr_text_opts o = cell_opts(tl->size, tl->width);
        double mn = 0, mx = 0;
        if (sp.len)
            gr_text_widths(tl->fonts, &sp, 1, &o, &mn, &mx);
        cmin[i] = 2 * tl->pad + mn;
        cmax[i] = 2 * tl->pad + mx;
        /* A column header is never cut into single characters: 自然/人, 总计, 商业/企业 as
         * the official template sets them, not 自/然/人 (a choice beyond §11.5). */
        if (c->header)
            cmin[i] = fmin(cmax[i], fmax(cmin[i], 2 * tl->pad + GR_HEADER_MIN_EMS * tl->size));
    }
    for (int k = 0; k < tl->ncols; k++)
        mins[k] = maxs[k] = 2 * tl->pad;
    for (int span = 1; span <= tl->ncols; span++) {
        for (size_t i = 0; i < tl->ncells; i++) {
            const gr_cell *c = &tl->cells[i];
            if (c->colspan != span) continue;
            double smin = 0, smax = 0;
            for (int k = c->col; k < c->col + span; k++) {
                smin += mins[k];
                smax += maxs[k];
            }
            for (int k = c->col; k < c->col + span; k++) {
                if (span == 1) {
                    mins[k] = fmax(mins[k], cmin[i]);
                    maxs[k] = fmax(maxs[k], cmax[i]);
                    continue;
                }
                if (cmin[i] > smin) mins[k] += (cmin[i] - smin) / span;
                if (cmax[i] > smax) maxs[k] += (cmax[i] - smax) / span;
            }
        }
    }
    for (int k = 0; k < tl->ncols; k++)
        maxs[k] = fmax(maxs[k], mins[k]);
    free(cmin);
    free(cmax);
}

/* The three cases of §11.5. Returns false when even the minimum widths overflow. */
static bool column_widths(gr_table_layout *tl, bool last_resort)
{
    int n = tl->ncols;
    double *mins = gr_xcalloc((size_t)n, sizeof(double));
    double *maxs = gr_xcalloc((size_t)n, sizeof(double));
    column_extents(tl, mins, maxs);
    double smin = 0, smax = 0;
    for (int k = 0; k < n; k++) {
        smin += mins[k];
        smax += maxs[k];
    }
    double W = tl->width;
    bool ok = true;
    tl->col_x[0] = 0;
    for (int k = 0; k < n; k++) {
        double w;
        if (smax <= W + GR_EPS)
            w = maxs[k] * W / smax;
        else if (smin <= W + GR_EPS)
            w = smax - smin > 0 ? mins[k] + (W - smin) * (maxs[k] - mins[k]) / (smax - smin)
                                : mins[k];
        else if (last_resort)
            w = mins[k] * W / smin;
        else {
            ok = false;
            w = 0;
        }
        tl->col_x[k + 1] = tl->col_x[k] + w;
    }
    tl->col_x[n] = W; /* no rounding drift at the right edge */
    free(mins);
    free(maxs);
    return ok;
}

static double cell_width(const gr_table_layout *tl, const gr_cell *c)
{
    return tl->col_x[c->col + c->colspan] - tl->col_x[c->col];
}

static double cell_text_height(const gr_table_layout *tl, size_t i)
{
    return (double)tl->cl[i].lines.n * tl->pitch;
}

/* Break every cell at its inner width, then find the digit alignment of the numbers. */
static void layout_cells(gr_table_layout *tl)
{
    for (size_t i = 0; i < tl->ncells; i++) {
        const gr_cell *c = &tl->cells[i];
        cell_layout *cl = &tl->cl[i];
        gr_span sp = cell_span(c);
        gr_text_opts o = cell_opts(tl->size, fmax(cell_width(tl, c) - 2 * tl->pad, 1.0));
        if (sp.len) gr_text_layout(tl->fonts, &sp, 1, &o, &cl->lines);
        cl->numeric = !c->header && is_number(c->text) && cl->lines.n == 1;
        if (cl->numeric) {
            const gr_line *ln = &cl->lines.lines[0];
            cl->int_w = ln->width;
            for (size_t g = 0; g < ln->n; g++) {
                if (ln->glyphs[g].cp == '.' || ln->glyphs[g].cp == '%') {
                    cl->int_w = ln->glyphs[g].x;
                    break;
                }
            }
        }
    }
    /* §11.6: per column (cells of the same horizontal extent), I = widest integer part,
     * F = widest fraction part; the units edge sits at centre − (I + F)/2 + I. */
    typedef struct {
        int col, colspan;
        double I, F;
    } extent;
    extent *ext = gr_xmalloc((tl->ncells + 1) * sizeof *ext);
    size_t *of = gr_xmalloc((tl->ncells + 1) * sizeof *of), next = 0;
    for (size_t i = 0; i < tl->ncells; i++) { /* each numeric cell's extent, and its I, F */
        const gr_cell *c = &tl->cells[i];
        if (!tl->cl[i].numeric) continue;
        size_t e = 0; /* a table has a few dozen extents: a scan finds one */
        while (e < next && (ext[e].col != c->col || ext[e].colspan != c->colspan))
            e++;
        if (e == next) ext[next++] = (extent){c->col, c->colspan, 0, 0};
        ext[e].I = fmax(ext[e].I, tl->cl[i].int_w);
        ext[e].F = fmax(ext[e].F, tl->cl[i].lines.lines[0].width - tl->cl[i].int_w);
        of[i] = e;
    }
    for (size_t i = 0; i < tl->ncells; i++) {
        if (!tl->cl[i].numeric) continue;
        const extent *x = &ext[of[i]];
        double units = cell_width(tl, &tl->cells[i]) / 2 - (x->I + x->F) / 2 + x->I;
        tl->cl[i].num_x = units - tl->cl[i].int_w;
    }
    free(ext);
    free(of);
}

/* §11.4: a row is as tall as its tallest single-row cell; a row-spanning cell that needs
 * more than its rows adds the deficit to its last row (narrowest spans first). */
static void row_heights(gr_table_layout *tl)
{
    for (int r = 0; r < tl->nrows; r++)
        tl->row_h[r] = tl->pitch + 2 * tl->pad;
    for (int span = 1; span <= tl->nrows; span++) {
        for (size_t i = 0; i < tl->ncells; i++) {
            const gr_cell *c = &tl->cells[i];
            if (c->rowspan != span) continue;
            double need = cell_text_height(tl, i) + 2 * tl->pad;
            double have = 0;
            for (int r = c->row; r < c->row + span; r++)
                have += tl->row_h[r];
            if (need > have) tl->row_h[c->row + span - 1] += need - have;
        }
    }
}

static void free_cells(gr_table_layout *tl)
{
    for (size_t i = 0; i < tl->ncells; i++) {
        gr_lines_free(&tl->cl[i].lines);
        memset(&tl->cl[i], 0, sizeof tl->cl[i]);
    }
}

gr_table_layout *gr_table_measure(const gr_fonts *f, const gr_table *t, double width)
{
    gr_table_layout *tl = gr_xcalloc(1, sizeof *tl);
    tl->fonts = f;
    tl->ncells = t->ncells;
    tl->cells = gr_xcalloc(t->ncells ? t->ncells : 1, sizeof(gr_cell));
    if (t->ncells) memcpy(tl->cells, t->cells, t->ncells * sizeof(gr_cell));
    tl->nrows = t->nrows;
    tl->ncols = t->ncols;
    tl->header_rows = t->header_rows;
    tl->width = width;
    size_t slots = (size_t)tl->nrows * (size_t)tl->ncols;
    tl->col_x = gr_xcalloc((size_t)tl->ncols + 1, sizeof(double));
    tl->row_h = gr_xcalloc((size_t)tl->nrows + 1, sizeof(double));
    tl->owner = gr_xmalloc((slots ? slots : 1) * sizeof(int));
    tl->keep = gr_xcalloc((size_t)tl->nrows + 1, sizeof(bool));
    tl->cl = gr_xcalloc(tl->ncells ? tl->ncells : 1, sizeof(cell_layout));
    for (size_t s = 0; s < slots; s++)
        tl->owner[s] = -1;
    for (size_t i = 0; i < tl->ncells; i++) {
        const gr_cell *c = &tl->cells[i];
        for (int r = c->row; r < c->row + c->rowspan; r++)
            for (int k = c->col; k < c->col + c->colspan; k++)
                tl->owner[(size_t)r * (size_t)tl->ncols + (size_t)k] = (int)i;
    }
    bool *all_head = gr_xcalloc((size_t)tl->nrows + 1, sizeof(bool));
    for (int r = tl->header_rows; r < tl->nrows; r++) {
        all_head[r] = true;
        for (size_t i = 0; i < tl->ncells; i++) {
            const gr_cell *c = &tl->cells[i];
            if (r >= c->row && r < c->row + c->rowspan && !c->header) all_head[r] = false;
        }
    }
    /* A row of header cells only (a block title or column heads of 二) stays with the row
     * after it. A table without repeated header rows (二) has its column heads inside
     * each block: a block is never split, so that no figure lands on a page without the
     * heads that name it; the break falls before the next block's title. */
    for (int r = tl->header_rows; r + 1 < tl->nrows; r++)
        tl->keep[r] = all_head[r] || (tl->header_rows == 0 && !all_head[r + 1]);
    free(all_head);
    for (int role = 0; role < GR_ROLES; role++) {
        int face = f ? gr_fonts_face_for(f, (gr_role)role, 0x4E00) : -1;
        tl->baseline[role] = face >= 0 ? gr_fonts_baseline_ratio(f, face) : DEFAULT_BASELINE;
    }
    if (tl->ncols == 0) return tl;

    /* 五号 first; 小五 when even the minimum widths do not fit (§11.5 third case). */
    const double sizes[] = {GR_TABLE_SIZE, GR_TABLE_SMALL_SIZE};
    for (size_t s = 0; s < 2; s++) {
        tl->size = sizes[s];
        tl->pad = PAD_RATIO * tl->size;
        tl->pitch = PITCH_RATIO * tl->size;
        if (column_widths(tl, s == 1)) break;
    }
    layout_cells(tl);
    row_heights(tl);
    return tl;
}

void gr_table_layout_free(gr_table_layout *tl)
{
    if (!tl) return;
    free_cells(tl);
    free(tl->cl);
    free(tl->cells);
    free(tl->col_x);
    free(tl->row_h);
    free(tl->owner);
    free(tl->keep);
    free(tl);
}

double gr_table_first_chunk(const gr_table_layout *tl)
{
    double h = 0;
    for (int r = 0; r < tl->header_rows && r < tl->nrows; r++)
        h += tl->row_h[r];
    for (int r = tl->header_rows; r < tl->nrows; r++) {
        h += tl->row_h[r];
        if (!tl->keep[r]) break;
    }
    return h;
}

/* ---- drawing ---- */

/* The rows one page carries, in order, with their tops from the block top. */
typedef struct {
    int *rows;
    double *top; /* n + 1: top[n] is the bottom */
    int n;
} segment;

static void draw_line(gr_page *pg, const gr_line *ln, double x, double baseline_pdf, double size)
{
    for (size_t g = 0; g < ln->n; g++)
        gr_page_add_glyph(pg, ln->glyphs[g].cp, ln->glyphs[g].face, size, x + ln->glyphs[g].x,
                          baseline_pdf);
}

/* The structure of one placed table: each cell's element, and whether its text has been
 * drawn once already (what a continuation page draws again is a pagination artifact). */
typedef struct {
    int *elem;
    bool *drawn;
} table_marks;

/* Table → THead (header rows) → TBody → TR → TH/TD, each row's cells left to right; a
 * merged cell belongs to the row where it starts. */
static void build_structure(const gr_table_layout *tl, gr_doc *doc, table_marks *m)
{
    int table = gr_doc_struct_add(doc, doc->open, GR_S_TABLE);
    int thead = tl->header_rows > 0 ? gr_doc_struct_add(doc, table, GR_S_THEAD) : -1;
    int tbody = tl->header_rows < tl->nrows ? gr_doc_struct_add(doc, table, GR_S_TBODY) : -1;
    for (int r = 0; r < tl->nrows; r++) {
        int tr = gr_doc_struct_add(doc, r < tl->header_rows ? thead : tbody, GR_S_TR);
        for (int k = 0; k < tl->ncols; k++) {
            int i = tl->owner[(size_t)r * (size_t)tl->ncols + (size_t)k];
            if (i < 0 || tl->cells[i].row != r || tl->cells[i].col != k) continue;
            const gr_cell *c = &tl->cells[i];
            int e = gr_doc_struct_add(doc, tr, c->header || c->row_label ? GR_S_TH : GR_S_TD);
            gr_struct_elem *se = &doc->elems[e];
            se->scope = c->header ? GR_SCOPE_COLUMN : c->row_label ? GR_SCOPE_ROW : GR_SCOPE_NONE;
            se->rowspan = c->rowspan;
            se->colspan = c->colspan;
            m->elem[i] = e;
        }
    }
}

/* One cell, or the fragment of a row-spanning cell on this page, at [top, top + h). */
static void draw_cell_text(const gr_table_layout *tl, gr_page *pg, table_marks *m, size_t i,
                           double top, double h)
{
    const gr_cell *c = &tl->cells[i];
    const cell_layout *cl = &tl->cl[i];
    double th = cell_text_height(tl, i);
    /* A fragment too short for its text stays empty rather than show a cut label. */
    if (cl->lines.n == 0 || th > h - 2 * tl->pad + GR_EPS) return;
    int mark = gr_doc_set_mark(pg->doc, m->drawn[i] ? GR_MARK_PAGINATION : m->elem[i]);
    m->drawn[i] = true;
    double x0 = GR_BLOCK_X0 + tl->col_x[c->col];
    double inner = cell_width(tl, c) - 2 * tl->pad;
    double ratio = tl->baseline[cell_role(c)];
    double y = top + (h - th) / 2;
    for (size_t k = 0; k < cl->lines.n; k++, y += tl->pitch) {
        const gr_line *ln = &cl->lines.lines[k];
        double x;
        if (cl->numeric)
            x = x0 + cl->num_x;
        else if (c->header)
            x = x0 + tl->pad + (inner - ln->width) / 2;
        else
            x = x0 + tl->pad;
        double em_top = y + (tl->pitch - tl->size) / 2;
        draw_line(pg, ln, x, gr_flow_pdf_y(em_top + ratio * tl->size), tl->size);
    }
    gr_doc_set_mark(pg->doc, mark);
}

/* The cell covering local row k, column col (−1: none; −2: outside the table). */
static int local_owner(const gr_table_layout *tl, const segment *sg, int k, int col)
{
    if (k < 0 || k >= sg->n || col < 0 || col >= tl->ncols) return -2;
    return tl->owner[(size_t)sg->rows[k] * (size_t)tl->ncols + (size_t)col];
}

/* Grid rules: a segment is drawn where the slots on its two sides belong to different cells
 * (so no rule crosses a merged cell), runs of segments of one weight become one rule (no
 * overlapping duplicates; the writer's projecting caps close the joins). */
static void draw_rules(const gr_table_layout *tl, gr_page *pg, const segment *sg)
{
    int mark = gr_doc_set_mark(pg->doc, GR_MARK_LAYOUT);
    double xl = GR_BLOCK_X0;
    for (int k = 0; k <= sg->n; k++) {
        double y = gr_flow_pdf_y(sg->top[k]);
        double w = (k == 0 || k == sg->n) ? FRAME_RULE : INNER_RULE;
        int run = -1;
        for (int c = 0; c <= tl->ncols; c++) {
            bool on = false;
            if (c < tl->ncols) {
                int a = local_owner(tl, sg, k - 1, c), b = local_owner(tl, sg, k, c);
                on = a != b || a == -1;
            }
            if (on && run < 0) run = c;
            if (!on && run >= 0) {
                gr_page_add_rule(pg, xl + tl->col_x[run], y, xl + tl->col_x[c], y, w);
                run = -1;
            }
        }
    }
    for (int c = 0; c <= tl->ncols; c++) {
        double x = xl + tl->col_x[c];
        double w = (c == 0 || c == tl->ncols) ? FRAME_RULE : INNER_RULE;
        int run = -1;
        for (int k = 0; k <= sg->n; k++) {
            bool on = false;
            if (k < sg->n) {
                int a = local_owner(tl, sg, k, c - 1), b = local_owner(tl, sg, k, c);
                on = a != b || a == -1;
            }
            if (on && run < 0) run = k;
            if (!on && run >= 0) {
                gr_page_add_rule(pg, x, gr_flow_pdf_y(sg->top[run]), x, gr_flow_pdf_y(sg->top[k]),
                                 w);
                run = -1;
            }
        }
    }
    gr_doc_set_mark(pg->doc, mark);
}

static void draw_segment(const gr_table_layout *tl, gr_page *pg, table_marks *m, const segment *sg)
{
    /* Each cell once per page: the local rows it covers are consecutive (header and body
     * runs are each contiguous, and no cell spans from header into body). */
    for (size_t i = 0; i < tl->ncells; i++) {
        const gr_cell *c = &tl->cells[i];
        int first = -1, last = -1;
        for (int k = 0; k < sg->n; k++) {
            if (sg->rows[k] >= c->row && sg->rows[k] < c->row + c->rowspan) {
                if (first < 0) first = k;
                last = k;
            }
        }
        if (first >= 0)
            draw_cell_text(tl, pg, m, i, sg->top[first], sg->top[last + 1] - sg->top[first]);
    }
    draw_rules(tl, pg, sg);
}

/* "续表", centred on its line at the top of a continuation page. */
static void draw_continued(const gr_table_layout *tl, gr_page *pg, double top)
{
    int mark = gr_doc_set_mark(pg->doc, GR_MARK_PAGINATION);
    gr_span sp = {CONT_LABEL, strlen(CONT_LABEL), GR_ROLE_TABLE};
    gr_text_opts o = cell_opts(GR_TABLE_SIZE, tl->width);
    gr_lines ls = {0};
    gr_text_layout(tl->fonts, &sp, 1, &o, &ls);
    double em_top = top + (CONT_LINE - GR_TABLE_SIZE) / 2;
    double base = gr_flow_pdf_y(em_top + tl->baseline[GR_ROLE_TABLE] * GR_TABLE_SIZE);
    for (size_t k = 0; k < ls.n; k++)
        draw_line(pg, &ls.lines[k], GR_BLOCK_X0 + (tl->width - ls.lines[k].width) / 2, base,
                  GR_TABLE_SIZE);
    gr_lines_free(&ls);
    gr_doc_set_mark(pg->doc, mark);
}

static double rows_height(const gr_table_layout *tl, int from, int to)
{
    double h = 0;
    for (int r = from; r < to; r++)
        h += tl->row_h[r];
    return h;
}

/* A page break before body row b (the page's body rows starting at first) keeps rows of a
 * keep group together and leaves each cut row-spanning cell a fragment tall enough for its
 * whole text on either side. */
static bool break_ok(const gr_table_layout *tl, int first, int b)
{
    if (tl->keep[b - 1]) return false;
    for (size_t i = 0; i < tl->ncells; i++) {
        const gr_cell *c = &tl->cells[i];
        if (!(c->row < b && b < c->row + c->rowspan) || tl->cl[i].lines.n == 0) continue;
        double need = cell_text_height(tl, i) + 2 * tl->pad - GR_EPS;
        int top = c->row > first ? c->row : first;
        if (rows_height(tl, top, b) < need || rows_height(tl, b, c->row + c->rowspan) < need)
            return false;
    }
    return true;
}

void gr_table_place(const gr_table_layout *tl, gr_flow *fl)
{
    if (tl->nrows == 0 || tl->ncols == 0) return;
    /* §11.8: start here only if the header rows and the first body row fit. */
    if (fl->y > GR_EPS && fl->y + gr_table_first_chunk(tl) > GR_BLOCK_H + GR_EPS)
        gr_flow_new_page(fl);
    table_marks m;
    m.elem = gr_xcalloc(tl->ncells + 1, sizeof *m.elem);
    m.drawn = gr_xcalloc(tl->ncells + 1, sizeof *m.drawn);
    build_structure(tl, fl->doc, &m);
    segment sg;
    sg.rows = gr_xmalloc(((size_t)tl->nrows + 1) * sizeof(int));
    sg.top = gr_xmalloc(((size_t)tl->nrows + 2) * sizeof(double));
    int next = tl->header_rows < tl->nrows ? tl->header_rows : tl->nrows;
    bool continued = false;
    for (;;) {
        double y = fl->y;
        if (continued) {
            draw_continued(tl, fl->page, y);
            y += CONT_LINE + CONT_GAP;
        }
        sg.n = 0;
        for (int r = 0; r < tl->header_rows && r < tl->nrows; r++) {
            sg.rows[sg.n] = r;
            sg.top[sg.n++] = y;
            y += tl->row_h[r];
        }
        int placed = 0;
        while (next < tl->nrows) {
            /* Rows are atomic; a row of header cells only (a block title of 二) goes with
             * the row after it. Every page takes at least one row, so a row taller than a
             * page cannot loop forever. */
            double need = 0;
            for (int r = next; r < tl->nrows; r++) {
                need += tl->row_h[r];
                if (!tl->keep[r]) break;
            }
            if (placed > 0 && y + need > GR_BLOCK_H + GR_EPS) break;
            sg.rows[sg.n] = next;
            sg.top[sg.n++] = y;
            y += tl->row_h[next++];
            placed++;
        }
        if (next < tl->nrows) {
            /* Break earlier when that lets every cut row-spanning label show whole in its
             * fragments on both pages; the rows moved down leave space, as widow control
             * does. No such break: keep the first one. */
            int first_body = next - placed;
            for (int b = next; b > first_body + 1; b--) {
                if (break_ok(tl, first_body, b)) {
                    if (b < next) {
                        sg.n -= next - b;
                        y = sg.top[sg.n];
                        next = b;
                    }
                    break;
                }
            }
        }
        sg.top[sg.n] = y;
        draw_segment(tl, fl->page, &m, &sg);
        if (next >= tl->nrows) {
            fl->y = y + (GR_LINE_PITCH - GR_BODY_SIZE);
            break;
        }
        gr_flow_new_page(fl);
        continued = true;
    }
    free(sg.rows);
    free(sg.top);
    free(m.elem);
    free(m.drawn);
}
