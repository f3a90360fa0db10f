/* tables: the rows of tables 二, 三 and 四 → the report's figures. Rows are placed by their
 * labels, matched after normalisation against the template's (never by column position);
 * a row's figures are its last cells. A label that a PDF's layout cut short, a table 三 whose
 * labels stand away from their figures and a table 四 printed the other way round are read
 * only when nothing is ambiguous. A figure that cannot be placed is an error, never a guess:
 * no-figure marks are never read as 0 (docs/national-template.md §3 R8). */
#include "import/build.h"
#include "import/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_MAX_FEE_DECIMALS 6      /* the schema's Amount */
#define GR_MAX_T3_TEXT_BYTES 65536 /* the words of table 三 as PDF text: ~4 KB */
#define GR_MIN_CUT_CHARS 6         /* "2.其他法律": a cut label's beginning that names one row */

static bool figure_like(gr_cell_kind k)
{
    return k != GR_CELL_TEXT;
}

/* The last `want` figure-like cells of a row: *first is the index of the first of them.
 * Returns how many there are (fewer than want when a label cell comes first). */
static size_t trailing_figures(const gr_import_block *row, size_t want, size_t *first)
{
    size_t k = 0, i = row->ncells;
    while (i > 0 && k < want) {
        char *num, *remark;
        gr_cell_kind c = gr_import_classify_remark(row->cells[i - 1].text, &num, &remark);
        free(num);
        free(remark);
        if (!figure_like(c))
            break;
        i--;
        k++;
    }
    *first = i;
    return k;
}

/* The label part of a row (cells before first), normalised and as written for messages. */
static void row_label(const gr_import_block *row, size_t first, char **norm, char **shown)
{
    gr_buf a = {0}, b = {0};
    for (size_t i = 0; i < first; i++) {
        const char *t = row->cells[i].text;
        if (!*t)
            continue;
        char *n = gr_import_normalize(t);
        gr_buf_puts(&a, n);
        free(n);
        if (b.len)
            gr_buf_puts(&b, " ");
        gr_buf_puts(&b, t);
    }
    gr_buf_add(&a, "", 0);
    gr_buf_add(&b, "", 0);
    *norm = a.s;
    *shown = b.s;
}

static bool any_number(const gr_import_block *row, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char *num, *remark;
        gr_cell_kind c = gr_import_classify_remark(row->cells[i].text, &num, &remark);
        free(num);
        free(remark);
        if (c == GR_CELL_INT || c == GR_CELL_DEC)
            return true;
    }
    return false;
}

typedef struct {
    char *key; /* normalised */
    int row;
    bool group; /* the label of a group of rows ("（六）其他处理"): matched only when no row's is */
} label_key;

typedef struct {
    label_key *items;
    size_t n, cap;
} key_list;

static void add_key(key_list *k, const char *label, int row)
{
    gr_grow((void **)&k->items, &k->cap, k->n + 1, sizeof(label_key));
    k->items[k->n].key = gr_import_normalize(label);
    k->items[k->n].row = row;
    k->items[k->n].group = false;
    k->n++;
}

static void free_keys(key_list *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->items[i].key);
    free(k->items);
}

/* Length in bytes of the longest beginning of key, in whole characters, that label contains. */
static size_t prefix_in(const char *key, const char *label)
{
    size_t best = 0;
    if (!*key)
        return 0;
    /* key[0] is ASCII or a lead byte: a match starts on a character of label. */
    for (const char *p = strchr(label, key[0]); p; p = strchr(p + 1, key[0])) {
        size_t k = 0;
        while (key[k] && p[k] == key[k])
            k++;
        k = gr_utf8_floor(key, k); /* back to the end of a whole character */
        if (k > best)
            best = k;
    }
    return best;
}

/* The row whose longest key the label contains, or -1. A cut label (pdftotext wraps a label
 * around its figures: "2.其他法律行政法规禁止" above, "公开" below) matches the key it holds
 * the longest beginning of, when that beginning is GR_MIN_CUT_CHARS long; two rows matching
 * as well are ambiguous (-1: the figures are reported, not guessed). */
static int match_row_of(const key_list *k, const char *label, bool cut, bool groups);

/* A row's own label (a group's only by match_group, after every other way). */
static int match_row(const key_list *k, const char *label, bool cut)
{
    return match_row_of(k, label, cut, false);
}

static int match_group(const key_list *k, const char *label)
{
    return match_row_of(k, label, false, true);
}

static int match_row_of(const key_list *k, const char *label, bool cut, bool groups)
{
    int best = -1;
    size_t best_len = 0;
    bool tie = false;
    for (size_t i = 0; i < k->n; i++) {
        if (k->items[i].group != groups)
            continue;
        size_t l = strlen(k->items[i].key);
        /* A group's label ends the row's: "（四）无法提供1.本机关…" is a row of the group. */
        size_t got = (groups ? gr_import_ends_with(label, k->items[i].key)
                             : strstr(label, k->items[i].key) != NULL) ? l : 0;
        if (!got && cut && !groups) {
            size_t pre = prefix_in(k->items[i].key, label);
            char *part = gr_xstrndup(k->items[i].key, pre);
            if (gr_utf8_len(part) >= GR_MIN_CUT_CHARS)
                got = pre;
            free(part);
        }
        if (got > best_len) {
            best = k->items[i].row;
            best_len = got;
            tie = false;
        } else if (got && got == best_len && k->items[i].row != best) {
            tie = true;
        }
    }
    return tie && cut ? -1 : best;
}

typedef struct {
    const char *table;               /* "表二" for messages */
    int nrows;                       /* the template's rows; group rows are numbered after */
    const char *(*row_name)(int row); /* official name for messages */
    size_t (*row_width)(int row);     /* figures the row carries */
    const char *(*col_name)(int row, size_t col);
    int (*group_of)(int row); /* the group row a row belongs to, or -1 (NULL: no groups) */
} table_shape;

#define GR_MAX_LABEL_EDITS GR_MAX_HEADING_EDITS /* the same tolerance as headings */
#define GR_MIN_SHORT_LABEL_CHARS 4 /* "规范性文件" for "行政规范性文件"; "其他" names nothing */

/* A label cell a character or two off a key, or a key shortened ("规范性文件" for
 * "行政规范性文件", "1.本机关不掌握相关信息"): the one row it can be, or -1 (none, or two
 * rows as near). *as receives the key's row label for the warning. Rows only, not groups. */
static int match_row_near(const key_list *k, const gr_import_block *row, size_t first,
                          const char **cell)
{
    int best = -1, best_d = GR_MAX_LABEL_EDITS + 1;
    bool tie = false;
    for (size_t c = 0; c < first; c++) {
        if (!*row->cells[c].text)
            continue;
        char *n = gr_import_normalize(row->cells[c].text);
        size_t chars = gr_utf8_len(n);
        for (size_t i = 0; i < k->n && chars >= GR_MIN_SHORT_LABEL_CHARS; i++) {
            if (k->items[i].group)
                continue;
            int d = strstr(k->items[i].key, n) ? 1 : gr_import_heading_distance(n, k->items[i].key, GR_MAX_LABEL_EDITS);
            if (d > GR_MAX_LABEL_EDITS || (size_t)d * 3 > chars)
                continue; /* a short label a third changed is another label */
            if (d < best_d) {
                best = k->items[i].row;
                best_d = d;
                tie = false;
                *cell = row->cells[c].text;
            } else if (d == best_d && k->items[i].row != best) {
                tie = true;
            }
        }
        free(n);
    }
    return tie ? -1 : best;
}

/* The template's cell the next read_figure reads: table 2, 3 or 4, its row and column
 * (row -1: a group of table 三 printed as one row). */
static void at_cell(build *b, int table, int row, int col)
{
    b->cell_table = table;
    b->cell_row = row;
    b->cell_col = col;
}

/* The diagnostic added last stands on that cell (the API's table, row and column). */
static void locate(build *b, const char *rowname, const char *colname)
{
    int t = b->cell_table, r = b->cell_row, c = b->cell_col;
    const char *el = NULL, *at = NULL;
    if (t == 2 && r >= 0 && r < GR_T2_ROWS && c >= 0 && c < 3) {
        el = gr_t2_rows[r].xml;
        at = gr_t2_rows[r].attrs[c];
    } else if (t == 3 && r >= 0 && r < GR_T3_ROWS && c >= 0 && c < GR_T3_COLS) {
        el = gr_t3_rows[r].xml;
        at = gr_t3_cols[c].xml;
    } else if (t == 4 && r >= 0 && r < GR_T4_GROUPS && c >= 0 && c < GR_T4_RESULTS) {
        el = gr_t4_group_xml[r];
        at = gr_t4_result_xml[c];
    }
    if (t)
        gr_diag_cell(b->d, t, r, c, el, at, rowname, colname);
}

/* Read one figure into *out (counts) or *fee (the amount), the cell named by at_cell. */
static bool read_figure(build *b, const gr_import_cell *cell, const char *rowname,
                        const char *colname, gr_count *out, const char **fee, gr_pos *fee_pos)
{
    char *num, *remark;
    gr_cell_kind k = gr_import_classify_remark(cell->text, &num, &remark);
    bool ok = false;
    if (remark) {
        /* The balance rules use the figure; the remark is kept and printed after it. */
        gr_diag_add(b->d, GR_SEV_WARNING, b->path, cell->line, 0, "W-IMPORT-REMARK",
                    "%s —— %s：“%s”读作 %s，括号中的“%s”作为备注保留", rowname, colname,
                    cell->text, num, remark);
        locate(b, rowname, colname);
        const char *kept = gr_arena_strdup(b->r->arena, remark);
        if (fee)
            b->r->t2_fee_remark = kept;
        else
            out->remark = kept;
        free(remark);
    }
    if (k == GR_CELL_EMPTY || k == GR_CELL_DASH) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-BLANK",
                    "%s —— %s：单元格为%s%s%s，不能读作 0", rowname, colname,
                    k == GR_CELL_EMPTY ? "空" : "“", k == GR_CELL_EMPTY ? "" : cell->text,
                    k == GR_CELL_EMPTY ? "" : "”");
        locate(b, rowname, colname);
        gr_diag_hint(b->d, "在原报告中查明这一数字后补上；没有发生的情形填 0");
        goto fail;
    }
    if (fee) {
        const char *dot = strchr(num, '.');
        if (dot && strlen(dot + 1) > GR_MAX_FEE_DECIMALS) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                        "%s —— %s：“%s”的小数超过 %d 位", rowname, colname, cell->text,
                        GR_MAX_FEE_DECIMALS);
            locate(b, rowname, colname);
            goto fail;
        }
        *fee = gr_arena_strdup(b->r->arena, num);
        fee_pos->line = cell->line;
        ok = true;
        goto fail;
    }
    if (k == GR_CELL_DEC) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                    "%s —— %s：“%s”不是整数", rowname, colname, cell->text);
        locate(b, rowname, colname);
        goto fail;
    }
    if (strlen(num) > 9 || strtoll(num, NULL, 10) > GR_MAX_COUNT) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                    "%s —— %s：“%s”超过上限 %lld", rowname, colname, cell->text, GR_MAX_COUNT);
        locate(b, rowname, colname);
        goto fail;
    }
    out->value = strtoll(num, NULL, 10);
    out->given = true;
    out->pos.line = cell->line;
    ok = true;
fail:
    free(num);
    return ok;
}

/* A PDF row whose label (from its last numbered piece) names no row: a merged group cell
 * ("（三）不予" beside "公开") may have been that piece. The label is tried from each earlier
 * numbered piece of row->text in turn, the latest that names a row wins; -1 if none does. */
static int match_cut_row(const key_list *k, const gr_import_block *row)
{
    if (!row->text)
        return -1;
    const char *starts[64];
    size_t n = 0;
    for (const char *p = row->text; p && n < sizeof starts / sizeof starts[0];) {
        starts[n++] = p;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    for (size_t i = n; i-- > 0;) {
        const char *e = strchr(starts[i], '\n');
        char *piece = e ? gr_xstrndup(starts[i], (size_t)(e - starts[i])) : gr_xstrdup(starts[i]);
        bool start = gr_import_numbered(piece);
        free(piece);
        if (!start)
            continue;
        char *norm = gr_import_normalize(starts[i]);
        int t = match_row(k, norm, true);
        free(norm);
        if (t >= 0)
            return t;
    }
    return -1;
}

/* Place every row of a table section by its label. hit[row] receives the block. Returns
 * false on any error (each named). */
/* After an error on a row read from PDF text: what may have gone wrong, and the remedy. */
static void pdf_hint(build *b)
{
    gr_diag_hint(b->d, "这是从 PDF 转出的文字：表格的行名或数字可能被排到了别处；请用 "
                       "pdftotext -layout 转出后再导入，或与原报告核对");
}

static bool place_rows(build *b, int sec, const key_list *keys, const table_shape *shape,
                       const gr_import_block **hit, size_t *first_fig)
{
    bool ok = true;
    size_t errors_before = gr_diags_errors(b->d);
    const row_list *l = &b->rows[sec];
    for (size_t i = 0; i < l->n; i++) {
        const gr_import_block *row = l->items[i];
        size_t first;
        if (row->cut && row->ncells <= 1)
            continue; /* label pieces after the last figures of a PDF's table */
        /* Ask for the widest row first: the label decides the real width below. */
        size_t k = trailing_figures(row, 7, &first);
        char *norm, *shown;
        row_label(row, first, &norm, &shown);
        int t = *norm ? match_row(keys, norm, row->cut) : -1;
        if (t < 0 && row->cut)
            t = match_cut_row(keys, row);
        if (t < 0 && *norm)
            t = match_group(keys, norm);
        const char *near_cell = NULL;
        if (t < 0 && !row->cut && k > 0 && (t = match_row_near(keys, row, first, &near_cell)) >= 0)
            gr_diag_add(b->d, GR_SEV_WARNING, b->path, row->line, 0, "W-IMPORT-LABEL",
                        "%s中的行名“%s”与模板不同，按“%s”读入", shape->table, near_cell,
                        shape->row_name(t));
        if (t >= 0) {
            size_t want = shape->row_width(t);
            k = trailing_figures(row, want, &first);
            free(norm);
            free(shown);
            row_label(row, first, &norm, &shown);
        }
        if (t < 0) {
            if (any_number(row, 0, row->ncells)) {
                gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-UNPLACED",
                            "%s中“%s”一行的数字对应不到模板的任何一行", shape->table,
                            *shown ? shown : "（无标签）");
                gr_diag_hint(b->d, "行名应为模板中的名称，如“%s”", shape->row_name(0));
                ok = false;
            }
        } else if (hit[t]) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-DUPLICATE",
                        "%s出现两次（另一次在第 %d 行）", shape->row_name(t), hit[t]->line);
            ok = false;
        } else if (k < shape->row_width(t)) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "%s：应有 %zu 个数字，只找到 %zu 个", shape->row_name(t),
                        shape->row_width(t), k);
            ok = false;
            hit[t] = row;
        } else if (any_number(row, 0, first)) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "%s：数字多于 %zu 个，不知道哪些是这一行的", shape->row_name(t),
                        shape->row_width(t));
            ok = false;
            hit[t] = row;
        } else {
            hit[t] = row;
            first_fig[t] = first;
        }
        if (row->cut && gr_diags_errors(b->d) > errors_before)
            pdf_hint(b);
        errors_before = gr_diags_errors(b->d);
        free(norm);
        free(shown);
    }
    for (int t = 0; t < shape->nrows; t++)
        if (!hit[t] && !(shape->group_of && shape->group_of(t) >= 0 && hit[shape->group_of(t)])) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[sec], 0,
                        "E-IMPORT-ROW-MISSING", "%s中找不到“%s”一行", shape->table,
                        shape->row_name(t));
            ok = false;
        }
    return ok;
}

static const char *t2_row_name(int row)
{
    return gr_t2_rows[row].label;
}

static size_t t2_row_width(int row)
{
    return (size_t)gr_t2_blocks[gr_t2_rows[row].block].ncols;
}

static const char *t2_col_name(int row, size_t col)
{
    return gr_t2_blocks[gr_t2_rows[row].block].columns[col];
}

static bool import_t2(build *b)
{
    key_list keys = {0};
    for (int i = 0; i < GR_T2_ROWS; i++)
        add_key(&keys, gr_t2_rows[i].label, i);
    table_shape shape = {"表二", GR_T2_ROWS, t2_row_name, t2_row_width, t2_col_name, NULL};
    const gr_import_block *hit[GR_T2_ROWS] = {0};
    size_t first[GR_T2_ROWS] = {0};
    bool ok = place_rows(b, GR_SEC_PROACTIVE, &keys, &shape, hit, first);
    free_keys(&keys);
    for (int t = 0; t < GR_T2_ROWS; t++) {
        const gr_import_block *row = hit[t];
        if (!row || !first[t])
            continue; /* missing or reported (a placed row has its label before first) */
        for (size_t c = 0; c < t2_row_width(t); c++) {
            const gr_import_cell *cell = &row->cells[first[t] + c];
            gr_count *out = NULL;
            if (t == GR_T2_RULES || t == GR_T2_NORMATIVE)
                out = &b->r->t2_docs[t][c];
            else if (t != GR_T2_FEES)
                out = &b->r->t2_decisions[t - GR_T2_LICENSING];
            gr_count dummy;
            at_cell(b, 2, t, (int)c);
            if (!read_figure(b, cell, t2_row_name(t), t2_col_name(t, c), out ? out : &dummy,
                             t == GR_T2_FEES ? &b->r->t2_fee : NULL, &b->r->t2_fee_pos))
                ok = false;
        }
    }
    return ok;
}

/* The groups of table 三 that the template splits into numbered rows (（三）不予公开 …
 * （六）其他处理): a report may print one whole, as the 2019 format printed （六）
 * (docs/national-template.md §5). Group g is read as row GR_T3_ROWS + g. */
#define GR_T3_MAX_GROUPS 8
typedef struct {
    const char *label; /* "（六）其他处理" */
    char *name;        /* "三、（六）其他处理", for messages */
    int first, last;   /* its rows */
} t3_group;
static t3_group t3_groups[GR_T3_MAX_GROUPS];
static int t3_ngroups;
static pthread_once_t t3_groups_once = PTHREAD_ONCE_INIT;

static void find_t3_groups(void)
{
    for (int i = 0; i < GR_T3_ROWS && t3_ngroups < GR_T3_MAX_GROUPS; i++) {
        const gr_t3_row *row = &gr_t3_rows[i];
        if (!row->level3)
            continue;
        t3_group *g = &t3_groups[t3_ngroups];
        if (t3_ngroups && !strcmp(t3_groups[t3_ngroups - 1].label, row->level2)) {
            t3_groups[t3_ngroups - 1].last = i;
            continue;
        }
        g->label = row->level2;
        g->name = gr_xasprintf("三、%s", row->level2);
        g->first = g->last = i;
        t3_ngroups++;
    }
}

static int t3_group_of(int row)
{
    for (int g = 0; g < t3_ngroups; g++)
        if (row >= t3_groups[g].first && row <= t3_groups[g].last)
            return GR_T3_ROWS + g;
    return -1;
}

static const char *t3_row_name(int row)
{
    return row >= GR_T3_ROWS ? t3_groups[row - GR_T3_ROWS].name : gr_t3_rows[row].name;
}

/* A group printed as one row (group row gr, the figures in cells from `first`): its figures
 * are read, and where the template's own rules allow them to go: zeros fill every row of
 * the group; a group with a row for the rest ("3.其他" of （六）其他处理) takes non-zero
 * figures there. Every such reading is named in a warning. A group whose rows were printed
 * too is a subtotal row: checked against them, not read. */
static bool read_group(build *b, const gr_import_block *const *hit, int gr, size_t first)
{
    const t3_group *g = &t3_groups[gr - GR_T3_ROWS];
    const gr_import_block *row = hit[gr];
    int printed = 0;
    for (int t = g->first; t <= g->last; t++)
        printed += hit[t] != NULL;
    gr_count figs[GR_T3_COLS];
    memset(figs, 0, sizeof figs);
    bool ok = true, nonzero = false;
    for (size_t c = 0; c < GR_T3_COLS; c++) {
        at_cell(b, 3, -1, (int)c);
        if (!read_figure(b, &row->cells[first + c], g->name, gr_t3_cols[c].label, &figs[c], NULL,
                         NULL))
            ok = false;
        nonzero |= figs[c].value != 0;
    }
    if (!ok)
        return false;
    if (printed == g->last - g->first + 1) {
        /* A subtotal row, which the template has not: the sum of its rows, or an error. */
        for (size_t c = 0; c < GR_T3_COLS; c++) {
            long long sum = 0;
            for (int t = g->first; t <= g->last; t++)
                sum += b->r->t3[t][c].value;
            if (sum != figs[c].value) {
                gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                            "表三“%s”一行是模板没有的小计行，但“%s”为 %lld，各分项之和为 %lld",
                            g->label, gr_t3_cols[c].label, figs[c].value, sum);
                return false;
            }
        }
        gr_diag_add(b->d, GR_SEV_WARNING, b->path, row->line, 0, "W-IMPORT-SUBTOTAL",
                    "表三“%s”一行是各分项的小计（模板没有这一行），与分项核对一致，未另行读入",
                    g->label);
        return true;
    }
    if (printed) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                    "表三“%s”既印为一行，又印了其中 %d 个分项，不知道数字属于哪一项", g->label,
                    printed);
        return false;
    }
    /* The row for the rest of a group: its last, when that is "其他". */
    const char *last = gr_t3_rows[g->last].level3;
    const char *words = strchr(last, '.');
    bool rest = words && !strcmp(words + 1, "其他");
    if (nonzero && !rest) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-COLLAPSED",
                    "表三“%s”印为一行，没有分项；其中不为 0 的数字不知道属于哪一分项",
                    g->label);
        gr_diag_hint(b->d, "按模板把这一行分为 %d 项（%s 至 %s）填写", g->last - g->first + 1,
                     gr_t3_rows[g->first].level3, last);
        return false;
    }
    for (int t = g->first; t <= g->last; t++)
        for (size_t c = 0; c < GR_T3_COLS; c++) {
            b->r->t3[t][c] = (gr_count){0, true, {row->line, 0}, NULL};
            if (t == g->last)
                b->r->t3[t][c] = figs[c];
        }
    if (nonzero)
        gr_diag_add(b->d, GR_SEV_WARNING, b->path, row->line, 0, "W-IMPORT-COLLAPSED",
                    "表三“%s”印为一行，没有分项：数字记入“%s”，其余分项记 0", g->label, last);
    else
        gr_diag_add(b->d, GR_SEV_WARNING, b->path, row->line, 0, "W-IMPORT-COLLAPSED",
                    "表三“%s”印为一行，没有分项：各分项记 0", g->label);
    /* the row that took the figures (a whole row: column -1) */
    gr_diag_cell(b->d, 3, g->last, -1, gr_t3_rows[g->last].xml, NULL, gr_t3_rows[g->last].name,
                 NULL);
    return true;
}

static size_t t3_row_width(int row)
{
    (void)row;
    return GR_T3_COLS;
}

static const char *t3_col_name(int row, size_t col)
{
    (void)row;
    return gr_t3_cols[col].label;
}

/* A label without its "1." or "一、" number, or NULL when it has none. */
static const char *unnumbered(const char *label)
{
    size_t i = 0;
    while (label[i] >= '0' && label[i] <= '9')
        i++;
    if (i && label[i] == '.')
        return label + i + 1;
    size_t n = gr_import_cn_numeral_len(label);
    if (n && gr_import_starts_with(label + n, "、"))
        return label + n + 3;
    return NULL;
}

/* "（二）部分公开（区分处理的，…）" → "（二）部分公开": the note in brackets varies in print. */
static char *without_note(const char *label)
{
    const char *open = strstr(label + 3, "（");
    return open ? gr_xstrndup(label, (size_t)(open - label)) : gr_xstrdup(label);
}

/* Does the text hold a label of template row r (a key whole, or a cut one's beginning)? */
static bool row_named_in(const key_list *k, int r, const char *text)
{
    for (size_t i = 0; i < k->n; i++) {
        if (k->items[i].row != r)
            continue;
        if (strstr(text, k->items[i].key))
            return true;
        size_t pre = prefix_in(k->items[i].key, text);
        char *part = gr_xstrndup(k->items[i].key, pre);
        bool long_enough = gr_utf8_len(part) >= GR_MIN_CUT_CHARS;
        free(part);
        if (long_enough)
            return true;
    }
    return false;
}

/* pdftotext without -layout writes a table cell by cell in the order the PDF draws them: the
 * figures of a row stay together and in the rows' order, but a merged or wrapped label may
 * come after its figures or a page later. The figures are then read in the template's row
 * order, only when nothing is ambiguous: every cell is from such text, every run of figures
 * is whole rows, there are exactly the template's rows, each row's label is in the table, and
 * no run of figures follows the label of another row. Otherwise false (the caller reports
 * the rows as placing by label finds them). */
static bool t3_by_order(build *b, const key_list *keys)
{
    const row_list *l = &b->rows[GR_SEC_APPLICATIONS];
    const gr_import_cell *figs[GR_T3_ROWS * GR_T3_COLS];
    int named[GR_T3_ROWS];
    size_t nf = 0;
    gr_buf all = {0};
    bool ok = true;
    for (size_t i = 0; i < l->n && ok; i++) {
        const gr_import_block *row = l->items[i];
        if (!row->cut || row->ncells < 1) {
            ok = false;
            break;
        }
        char *whole = gr_import_normalize(row->text ? row->text : row->cells[0].text);
        gr_buf_puts(&all, whole);
        free(whole);
        size_t k = row->ncells - 1;
        if (k % GR_T3_COLS || nf + k > GR_T3_ROWS * GR_T3_COLS) {
            ok = false;
            break;
        }
        char *label = gr_import_normalize(row->cells[0].text);
        int t = *label ? match_row(keys, label, true) : -1;
        if (t < 0)
            t = match_cut_row(keys, row);
        free(label);
        for (size_t c = 0; c < k; c++) {
            if (c % GR_T3_COLS == 0)
                named[nf / GR_T3_COLS] = c == 0 ? t : -1;
            figs[nf++] = &row->cells[1 + c];
        }
    }
    gr_buf_add(&all, "", 0);
    ok = ok && nf == GR_T3_ROWS * GR_T3_COLS && all.len <= GR_MAX_T3_TEXT_BYTES;
    for (int r = 0; r < GR_T3_ROWS && ok; r++)
        ok = (named[r] < 0 || named[r] == r) && row_named_in(keys, r, all.s);
    gr_buf_free(&all);
    if (!ok)
        return false;
    for (int r = 0; r < GR_T3_ROWS; r++)
        for (size_t c = 0; c < GR_T3_COLS; c++) {
            at_cell(b, 3, r, (int)c);
            if (!read_figure(b, figs[(size_t)r * GR_T3_COLS + c], t3_row_name(r),
                             t3_col_name(r, c), &b->r->t3[r][c], NULL, NULL))
                ok = false;
        }
    gr_diag_add(b->d, GR_SEV_WARNING, b->path, l->items[0]->line, 0, "W-IMPORT-ORDER",
                "表三的行名与数字在文字中不相邻（PDF 转出的文字未保留版式），数字按模板的行序读入");
    gr_diag_hint(b->d, "请与原报告核对，或用 pdftotext -layout 重新转出");
    return ok;
}

static bool import_t3(build *b)
{
    key_list keys = {0};
    for (int i = 0; i < GR_T3_ROWS; i++) {
        const gr_t3_row *row = &gr_t3_rows[i];
        const char *own = row->level3 ? row->level3 : row->level2 ? row->level2 : row->level1;
        char *label = without_note(own);
        add_key(&keys, label, i);
        /* The number alone is often mistyped; the words of a leaf are unique when long
         * enough ("其他" is not). */
        const char *words = unnumbered(label);
        if (words && gr_utf8_len(words) >= 4)
            add_key(&keys, words, i);
        free(label);
    }
    pthread_once(&t3_groups_once, find_t3_groups);
    for (int g = 0; g < t3_ngroups; g++) {
        add_key(&keys, t3_groups[g].label, GR_T3_ROWS + g);
        keys.items[keys.n - 1].group = true;
    }
    table_shape shape = {"表三", GR_T3_ROWS, t3_row_name, t3_row_width, t3_col_name, t3_group_of};
    const gr_import_block *hit[GR_T3_ROWS + GR_T3_MAX_GROUPS] = {0};
    size_t first[GR_T3_ROWS + GR_T3_MAX_GROUPS] = {0};
    /* Text from a PDF without layout: labels may stand away from their figures. Placing by
     * label is tried quietly first; when it fails, the figures are read in the template's
     * order if that is unambiguous (t3_by_order); else the errors of placing by label. */
    bool ok;
    gr_diags quiet;
    gr_diags_init(&quiet);
    gr_diags *real = b->d;
    b->d = &quiet;
    ok = place_rows(b, GR_SEC_APPLICATIONS, &keys, &shape, hit, first);
    b->d = real;
    gr_diags_free(&quiet);
    if (!ok && t3_by_order(b, &keys)) {
        free_keys(&keys);
        return true;
    }
    /* Again, aloud: the errors, or the warnings of a placing that worked (W-IMPORT-LABEL). */
    memset(hit, 0, sizeof hit);
    memset(first, 0, sizeof first);
    ok = place_rows(b, GR_SEC_APPLICATIONS, &keys, &shape, hit, first);
    free_keys(&keys);
    for (int t = 0; t < GR_T3_ROWS; t++) {
        const gr_import_block *row = hit[t];
        if (!row || !first[t])
            continue; /* missing or reported (a placed row has its label before first) */
        for (size_t c = 0; c < GR_T3_COLS; c++) {
            at_cell(b, 3, t, (int)c);
            if (!read_figure(b, &row->cells[first[t] + c], t3_row_name(t), t3_col_name(t, c),
                             &b->r->t3[t][c], NULL, NULL))
                ok = false;
        }
    }
    for (int g = 0; g < t3_ngroups; g++)
        if (hit[GR_T3_ROWS + g] && first[GR_T3_ROWS + g] &&
            !read_group(b, hit, GR_T3_ROWS + g, first[GR_T3_ROWS + g]))
            ok = false;
    return ok;
}

/* Table 四 printed the other way round: a row per group ("行政复议", "未经复议直接起诉",
 * "复议后起诉") of five figures, the results as columns. The columns are read in the
 * template's order only when the table's text names the five results in that order before
 * the figures. Returns -1 when the table is not of this shape (the caller reads the usual
 * one), else 1 when it was read, 0 on an error (each named). */
static int import_t4_transposed(build *b)
{
    const row_list *l = &b->rows[GR_SEC_REVIEWS];
    const gr_import_block *rows[GR_T4_GROUPS] = {0};
    size_t firsts[GR_T4_GROUPS] = {0}, counts[GR_T4_GROUPS] = {0};
    size_t numbered = 0;
    gr_buf head = {0}; /* the words before the first figures */
    int shape = 1;
    for (size_t i = 0; i < l->n && shape > 0; i++) {
        const gr_import_block *row = l->items[i];
        size_t first;
        size_t k = trailing_figures(row, GR_T4_RESULTS, &first);
        if (!numbered)
            for (size_t c = 0; c < (k ? first : row->ncells); c++) {
                char *n = gr_import_normalize(row->cells[c].text);
                gr_buf_puts(&head, n);
                free(n);
            }
        if (!any_number(row, 0, row->ncells))
            continue;
        numbered++;
        char *norm, *shown;
        row_label(row, first, &norm, &shown);
        int g = -1;
        size_t glen = 0;
        for (int gi = 0; gi < GR_T4_GROUPS; gi++) {
            char *key = gr_import_normalize(gr_t4_groups[gi]);
            if (strlen(key) > glen && strstr(norm, key)) {
                g = gi;
                glen = strlen(key);
            }
            free(key);
        }
        free(norm);
        free(shown);
        if (g < 0 || rows[g] || numbered > GR_T4_GROUPS) {
            shape = -1;
            break;
        }
        rows[g] = l->items[i];
        firsts[g] = first;
        counts[g] = k;
    }
    gr_buf_add(&head, "", 0);
    if (shape > 0 && numbered != GR_T4_GROUPS)
        shape = -1;
    if (shape > 0) {
        const char *p = head.s;
        for (int c = 0; c < GR_T4_RESULTS && p; c++) {
            char *key = gr_import_normalize(gr_t4_results[c]);
            p = strstr(p, key);
            if (p)
                p += strlen(key);
            free(key);
        }
        if (!p) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[GR_SEC_REVIEWS], 0,
                        "E-IMPORT-FIGURES",
                        "表四按行排列，但表头没有依次列出“结果维持、结果纠正、其他结果、尚未审结、"
                        "总计”，不知道各列是什么");
            shape = 0;
        }
    }
    for (int g = 0; g < GR_T4_GROUPS && shape > 0; g++) {
        const gr_import_block *row = rows[g];
        if (counts[g] < GR_T4_RESULTS || any_number(row, 0, firsts[g])) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "表四 %s 一行：应有 %d 个数字，%s", gr_t4_groups[g], GR_T4_RESULTS,
                        counts[g] < GR_T4_RESULTS ? "数字不够" : "数字多于此数");
            shape = 0;
            continue;
        }
    }
    for (int g = 0; g < GR_T4_GROUPS && shape > 0; g++)
        for (int c = 0; c < GR_T4_RESULTS; c++) {
            char *rowname = gr_xasprintf("表四 %s", gr_t4_groups[g]);
            at_cell(b, 4, g, c);
            if (!read_figure(b, &rows[g]->cells[firsts[g] + (size_t)c], rowname,
                             gr_t4_results[c], &b->r->t4[g][c], NULL, NULL))
                shape = 0;
            free(rowname);
        }
    gr_buf_free(&head);
    return shape;
}

/* Table 四 has no row labels: its data row is the row of 15 figures after the headers. */
static bool import_t4(build *b)
{
    const row_list *l = &b->rows[GR_SEC_REVIEWS];
    const gr_import_block *data = NULL;
    bool ok = true;
    int transposed = import_t4_transposed(b);
    if (transposed >= 0)
        return transposed > 0;
    for (size_t i = 0; i < l->n; i++) {
        const gr_import_block *row = l->items[i];
        if (!any_number(row, 0, row->ncells))
            continue;
        if (data) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-UNPLACED",
                        "表四只有一行数字，这一行（第 %d 行之后又一行）对应不到模板", data->line);
            ok = false;
            continue;
        }
        data = row;
    }
    if (!data) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[GR_SEC_REVIEWS], 0,
                    "E-IMPORT-ROW-MISSING", "表四中找不到数字行（%d 个数字）", GR_T4_FIGURES);
        return false;
    }
    size_t first;
    size_t k = trailing_figures(data, GR_T4_FIGURES, &first);
    if (k < GR_T4_FIGURES || any_number(data, 0, first)) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, data->line, 0, "E-IMPORT-FIGURES",
                    "表四数字行：应有 %d 个数字，%s", GR_T4_FIGURES,
                    k < GR_T4_FIGURES ? "数字不够" : "数字多于此数");
        if (data->cut)
            pdf_hint(b);
        return false;
    }
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int c = 0; c < GR_T4_RESULTS; c++) {
            char *rowname = gr_xasprintf("表四 %s", gr_t4_groups[g]);
            at_cell(b, 4, g, c);
            if (!read_figure(b, &data->cells[first + (size_t)(g * GR_T4_RESULTS + c)], rowname,
                             gr_t4_results[c], &b->r->t4[g][c], NULL, NULL))
                ok = false;
            free(rowname);
        }
    return ok;
}

void gr_import_tables(build *b)
{
    if (b->found[GR_SEC_PROACTIVE] && b->rows[GR_SEC_PROACTIVE].n)
        import_t2(b);
    if (b->found[GR_SEC_APPLICATIONS] && b->rows[GR_SEC_APPLICATIONS].n)
        import_t3(b);
    if (b->found[GR_SEC_REVIEWS] && b->rows[GR_SEC_REVIEWS].n)
        import_t4(b);
}
