/* read_text: the plain-text reader. It reads the seed's tab-separated form, a page's text
 * copied by hand, and pdftotext output of a published PDF with or without -layout
 * (hard-wrapped paragraphs, page numbers, columns lined up with spaces, labels wrapped around
 * their figures) into the block document. It recognises the template's words (text.h) but
 * knows nothing of the builder. */
#include "import/doc.h"

#include "import/text.h"

#include <stdlib.h>
#include <string.h>

/* Text reaches us in three shapes: the seed's (one paragraph a line, tab-separated tables),
 * a page's text copied by hand (paragraphs on one line, tables lined up with spaces), and
 * pdftotext output of a published PDF, with or without -layout (paragraphs hard-wrapped at the
 * line width, page numbers between lines, a table cell's label wrapped around its figures, or
 * with no layout every cell on a line of its own). The reader first classifies lines, then
 * joins the lines of a paragraph and turns the table sections into rows of a label and its
 * figures. */

#define GR_MAX_LABEL_BYTES 600  /* a row's label, its wrapped pieces and a header's: ~200 */
#define GR_MIN_WRAPPED_LINES 3  /* fewer unfinished lines than this: one paragraph a line */
#define GR_MIN_PROSE_CHARS 12   /* shorter lines (headings, signatures) say nothing of wrapping */
#define GR_INDENT_COLS 2        /* an indentation of two columns (one 全角 space) or more */
#define GR_HEADING_SHORT_UNITS 16 /* a line four characters short of the measure, or more */
#define GR_SHORT_UNITS 3        /* a line this much (in quarter-ems) under the measure ends early */

typedef enum { LN_DROP, LN_BLANK, LN_TEXT, LN_TABROW } line_kind;
typedef enum { ROLE_NONE, ROLE_HEADING, ROLE_PROSE, ROLE_TABLE } line_role;

typedef struct {
    const char *s; /* the line's bytes: no \n, \r or \f */
    size_t n;
    int line, page;
    line_kind kind;
    line_role role;
    int indent;   /* leading columns (a space 1, a 全角 space 2) */
    char *text;   /* trimmed, markers gone, spaces inside Chinese text dropped */
    bool marked;  /* `#` or `**` */
    bool final;   /* ends a sentence */
    int width;    /* of text, in quarter-ems */
    int sec;      /* the section it stands in, -1 before 一 */
} src_line;

/* Chinese punctuation: no space is ever wanted beside it. */
static bool is_cjk_punct(int32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0xFE30 && c <= 0xFE4F);
}

/* Whether a space between a and b belongs to the text. pdftotext puts spaces between Chinese
 * characters (from the gaps of justified or compressed punctuation) and so does a line break
 * that is joined; a space between a figure and a character ("29 件") is the author's. */
static bool space_kept(int32_t a, int32_t b)
{
    if (is_cjk_punct(a) || is_cjk_punct(b))
        return false;
    return !(gr_is_wide(a) && gr_is_wide(b));
}

/* Append src to b (which ends in a character of its own, or is empty), with one space between
 * the two when space_kept says so. Whitespace runs inside src are treated the same way. */
static void join_text(gr_buf *b, const char *src, size_t n)
{
    const char *p = src, *end = src + n;
    bool space = b->len > 0;
    int32_t prev = 0;
    if (b->len) {
        const char *k = gr_utf8_prev(b->s, b->s + b->len), *q = k;
        prev = gr_utf8_next(&q, (size_t)(b->s + b->len - k));
    }
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, (size_t)(end - p));
        if (c < 0)
            continue;
        if (gr_is_space(c, GR_SPACE_ANY)) {
            space = b->len > 0;
            continue;
        }
        if (space && space_kept(prev, c))
            gr_buf_add(b, " ", 1);
        space = false;
        gr_buf_add(b, q, (size_t)(p - q));
        prev = c;
    }
    if (!b->s)
        gr_buf_add(b, "", 0);
    else
        b->s[b->len] = '\0';
}

static char *joined_dup(const char *s, size_t n)
{
    gr_buf b = {0};
    join_text(&b, s, n);
    gr_buf_add(&b, "", 0);
    return b.s;
}

/* Width in quarter-ems: a Chinese character is a full em, a figure or letter half, a space
 * a quarter (pdftotext's spaces stand for gaps narrower than a character). */
static int text_width(const char *s)
{
    int w = 0;
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        w += gr_is_wide(c) ? 4 : c == ' ' ? 1 : 2;
    }
    return w;
}

/* The last character of s that is not a closing quote or bracket (full width, or the
 * ASCII ) and " of a pasted text). */
static int32_t last_mark(const char *s)
{
    const char *end = s + strlen(s);
    while (end > s) {
        const char *k = gr_utf8_prev(s, end), *q = k;
        int32_t c = gr_utf8_next(&q, (size_t)(end - k));
        if (c < 0 || (gr_punct_class((uint32_t)c) != GR_PUNCT_CLOSE && c != ')' && c != '"'))
            return c;
        end = k;
    }
    return 0;
}

static bool ends_sentence(const char *s)
{
    int32_t c = last_mark(s);
    /* a stop mark (。？！), or the ASCII ! and ? of a pasted text; not ；, which ends an item
     * of a list inside a paragraph */
    return (c > 0 && gr_punct_class((uint32_t)c) == GR_PUNCT_STOP) || c == '!' || c == '?';
}

/* Page furniture printed between the lines of the text: "— 3 —", "- 3 -", "第 3 页 共 5 页",
 * "第3页". Lone page numbers ("3") are recognised by their place (see mark_page_numbers). */
static bool is_furniture(const char *t)
{
    char *n = gr_import_normalize(t);
    bool hit = false;
    const char *p = n;
    static const char *const dashes[] = {"—", "-", "–", "－"};
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0] && !hit; i++) {
        size_t k = strlen(dashes[i]);
        const char *q = p;
        while (!strncmp(q, dashes[i], k))
            q += k;
        if (q == p)
            continue;
        const char *digits = q;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q == digits)
            continue;
        const char *tail = q;
        while (!strncmp(q, dashes[i], k))
            q += k;
        hit = q > tail && !*q;
    }
    if (!hit && gr_import_starts_with(p, "第")) {
        const char *q = p + 3;
        const char *digits = q;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > digits && gr_import_starts_with(q, "页")) {
            q += 3;
            if (gr_import_starts_with(q, "共")) {
                q += 3;
                while (*q >= '0' && *q <= '9')
                    q++;
                if (gr_import_starts_with(q, "页"))
                    q += 3;
            }
            hit = !*q;
        }
    }
    free(n);
    return hit;
}

static bool lone_number(const src_line *l, long *value)
{
    char *n = gr_import_normalize(l->text ? l->text : "");
    int64_t v = 0;
    bool ok = *n && strlen(n) <= 4 && gr_import_is_digits(n, strlen(n)) &&
              gr_digits_value(n, 4, 10, 9999, &v);
    *value = (long)v;
    free(n);
    return ok;
}

/* Lone page numbers ("3" on a line of its own). -layout prints them last on their page; without
 * layout they may come anywhere on it. The numbers follow the pages at one offset, which the
 * last two lines of the pages vote for (two votes, or one for "page n is n"). Then on each page
 * one line is dropped: the last of its last two lines holding the page's number, else the one
 * line holding it that stands between words (a table's figures stand among figures). A page
 * where that is not one line keeps its lines: the figures of a table are never guessed at. */
#define GR_MAX_VOTED_PAGES 256 /* a report has 3 to 20 pages */

static void mark_page_numbers(src_line *lines, size_t n)
{
    int pages = n ? lines[n - 1].page + 1 : 0;
    if (pages > GR_MAX_VOTED_PAGES)
        pages = GR_MAX_VOTED_PAGES;
    long offsets[2 * GR_MAX_VOTED_PAGES];
    size_t nv = 0;
    size_t tail[GR_MAX_VOTED_PAGES][2]; /* last two text lines of each page, +1 (0: none) */
    memset(tail, 0, sizeof tail);
    for (size_t i = 0; i < n; i++)
        if (lines[i].kind == LN_TEXT && lines[i].page < pages) {
            tail[lines[i].page][0] = tail[lines[i].page][1];
            tail[lines[i].page][1] = i + 1;
        }
    for (int pg = 0; pg < pages; pg++)
        for (int k = 0; k < 2; k++) {
            long v;
            if (tail[pg][k] && lone_number(&lines[tail[pg][k] - 1], &v))
                offsets[nv++] = v - (pg + 1);
        }
    long offset = 0;
    size_t best = 0;
    for (size_t i = 0; i < nv; i++) {
        size_t votes = 0;
        for (size_t j = 0; j < nv; j++)
            votes += offsets[j] == offsets[i];
        if (votes > best || (votes == best && offsets[i] == 0)) {
            best = votes;
            offset = offsets[i];
        }
    }
    if (best < 2 && !(best == 1 && offset == 0))
        return;
    for (int pg = 0; pg < pages; pg++) {
        long want = pg + 1 + offset, v;
        bool done = false;
        for (int k = 1; k >= 0 && !done; k--) {
            size_t t = tail[pg][k];
            if (t && lone_number(&lines[t - 1], &v) && v == want) {
                lines[t - 1].kind = LN_DROP;
                done = true;
            }
        }
        size_t only = 0, count = 0;
        for (size_t i = 0; i < n && !done; i++) {
            if (lines[i].page != pg || lines[i].kind != LN_TEXT || !lone_number(&lines[i], &v) ||
                v != want)
                continue;
            /* Its neighbours (blank lines skipped) on the page are words, not figures. */
            bool isolated = true;
            for (int dir = -1; dir <= 1; dir += 2) {
                for (long j = (long)i + dir; j >= 0 && j < (long)n; j += dir) {
                    if (lines[j].page != pg || lines[j].kind == LN_TEXT) {
                        long w;
                        if (lines[j].page == pg && lone_number(&lines[j], &w))
                            isolated = false;
                        break;
                    }
                }
            }
            if (isolated) {
                only = i;
                count++;
            }
        }
        if (!done && count == 1)
            lines[only].kind = LN_DROP;
    }
}

/* "**一、总体情况**", "# 一、总体情况": the markers go, the line is marked as a heading. */
static char *clean_text_line(const char *s, size_t n, bool *marked)
{
    char *t = gr_import_trim(s, n);
    const char *p = t;
    size_t len = strlen(t);
    *marked = false;
    while (*p == '#') {
        p++;
        len--;
        *marked = true;
    }
    if (len >= 4 && !strncmp(p, "**", 2) && !strncmp(p + len - 2, "**", 2)) {
        p += 2;
        len -= 4;
        *marked = true;
    }
    char *out = joined_dup(p, len);
    free(t);
    return out;
}

static int leading_cols(const char *s, size_t n)
{
    int cols = 0;
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&q, (size_t)(end - p));
        if (c == ' ' || c == 0xA0)
            cols++;
        else if (c == '\t')
            cols += 4;
        else if (c == 0x3000)
            cols += 2;
        else
            break;
        p = q;
    }
    return cols;
}

/* ---- table sections of pdftotext output ---- */

typedef struct {
    char **frags; /* label pieces since the last row */
    size_t nfrags, cap;
    char **figs; /* figures of the row being read */
    int *fig_lines;
    size_t nfigs, figcap, intcap;
    size_t total;     /* figures read in this table section */
    bool prose_after; /* the table is complete: the section's text goes on below it */
    int open_remark_line; /* a figure's remark whose bracket the line leaves open, or 0 */
    char *open_remark;    /* that figure and the start of its remark */
} table_acc;

static void acc_clear_frags(table_acc *a)
{
    for (size_t i = 0; i < a->nfrags; i++)
        free(a->frags[i]);
    a->nfrags = 0;
}

/* All the label pieces since the last row, a line each (the builder may start the label at
 * another piece, see match_cut_row). */
static char *pieces_text(const table_acc *a)
{
    gr_buf whole = {0};
    for (size_t i = 0; i < a->nfrags && whole.len < GR_MAX_LABEL_BYTES * 8; i++) {
        if (i)
            gr_buf_add(&whole, "\n", 1);
        gr_buf_puts(&whole, a->frags[i]);
    }
    gr_buf_add(&whole, "", 0);
    return whole.s;
}

/* The row read so far: its label is the pieces from the last one that starts with a number
 * (the pieces before belong to the previous row's wrapped label or to the column headers). */
static void acc_emit(gr_import_doc *doc, table_acc *a)
{
    if (!a->nfigs)
        return;
    size_t from = 0;
    for (size_t i = 0; i < a->nfrags; i++)
        if (gr_import_numbered(a->frags[i]))
            from = i;
    gr_buf label = {0};
    for (size_t i = from; i < a->nfrags && label.len < GR_MAX_LABEL_BYTES; i++)
        join_text(&label, a->frags[i], strlen(a->frags[i]));
    gr_import_block *row = gr_import_doc_row(doc, a->fig_lines[0]);
    row->cut = true;
    row->text = pieces_text(a);
    gr_import_row_cell(row, label.s ? label.s : "", a->fig_lines[0]);
    gr_buf_free(&label);
    for (size_t i = 0; i < a->nfigs; i++) {
        gr_import_row_cell(row, a->figs[i], a->fig_lines[i]);
        free(a->figs[i]);
    }
    a->nfigs = 0;
    acc_clear_frags(a);
}

/* The end of a table section: label pieces after the last figures become a row without
 * figures (its text tells t3_by_order which labels the table holds). */
static void acc_finish(gr_import_doc *doc, table_acc *a, int line)
{
    acc_emit(doc, a);
    if (!a->nfrags)
        return;
    gr_import_block *row = gr_import_doc_row(doc, line);
    row->cut = true;
    row->text = pieces_text(a);
    gr_import_row_cell(row, row->text, line);
    acc_clear_frags(a);
}

static void acc_frag(gr_import_doc *doc, table_acc *a, const char *s, size_t n)
{
    char *t = joined_dup(s, n);
    if (!*t) {
        free(t);
        return;
    }
    acc_emit(doc, a); /* text after figures: the next row's label begins */
    gr_grow((void **)&a->frags, &a->cap, a->nfrags + 1, sizeof(char *));
    a->frags[a->nfrags++] = t;
}

static void acc_fig(table_acc *a, const char *s, size_t n, int line)
{
    gr_grow((void **)&a->figs, &a->figcap, a->nfigs + 1, sizeof(char *));
    gr_grow((void **)&a->fig_lines, &a->intcap, a->nfigs + 1, sizeof(int));
    a->figs[a->nfigs] = gr_xstrndup(s, n);
    a->fig_lines[a->nfigs] = line;
    a->nfigs++;
    a->total++;
}

static bool is_figure_token(const char *s, size_t n)
{
    char *t = gr_xstrndup(s, n), *num, *remark; /* "22（其中修订16件）" is a figure */
    gr_cell_kind k = gr_import_classify_remark(t, &num, &remark);
    free(remark);
    /* "、" "无" "空" stand for no figure in a grid's cell, but in a stream of text they are
     * pieces of labels: only dashes and slashes are no-figure marks here. */
    char *norm = gr_import_normalize(t);
    bool dash = k == GR_CELL_DASH && strcmp(norm, "、") && strcmp(norm, "无") && strcmp(norm, "空");
    free(norm);
    free(num);
    free(t);
    return k == GR_CELL_INT || k == GR_CELL_DEC || dash;
}

/* One line of a table section: cells are separated by two spaces or more (-layout) or the
 * line is one cell (no layout). In a cell, the words that are figures at its end are figures
 * ("行政许可 11850" when the columns stand close), the rest is label. */
static void table_line(gr_import_doc *doc, table_acc *a, const src_line *l)
{
    /* A page copied by hand writes an empty cell as a no-break space: it separates cells. */
    char *copy = gr_xstrndup(l->s, l->n);
    for (char *q = strstr(copy, "\xC2\xA0"); q; q = strstr(q + 2, "\xC2\xA0"))
        q[0] = q[1] = ' ';
    const char *p = copy, *end = copy + l->n;
    size_t figs_before = a->nfigs;
    bool had_text = false;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end)
            break;
        /* The cell ends at two spaces, a tab or a 全角 space. */
        const char *c = p;
        while (c < end && *c != '\t' && !(c[0] == ' ' && c + 1 < end && c[1] == ' ') &&
               !(end - c >= 3 && !memcmp(c, "\xE3\x80\x80", 3)))
            c++;
        /* Split the cell into words; figures at its end are figures. */
        const char *words[64];
        size_t wl[64], nw = 0;
        for (const char *w = p; w < c && nw < 64;) {
            while (w < c && *w == ' ')
                w++;
            if (w >= c)
                break;
            /* A remark in brackets after a figure is one word with it, spaces and all:
             * "51（含本年修订 2 件）". */
            const char *we = w;
            int depth = 0;
            while (we < c && (*we != ' ' || depth > 0)) {
                if (*we == '(' || (c - we >= 3 && !memcmp(we, "（", 3)))
                    depth++;
                else if ((*we == ')' || (c - we >= 3 && !memcmp(we, "）", 3))) && depth > 0)
                    depth--;
                we++;
            }
            /* "9（含当" and the rest of the remark on the lines below (a narrow cell): the
             * figures of the row cannot be told from the remark's. */
            if (depth > 0 && !a->open_remark_line && w < we && *w >= '0' && *w <= '9') {
                a->open_remark_line = l->line;
                a->open_remark = gr_xstrndup(w, (size_t)(we - w));
            }
            words[nw] = w;
            wl[nw] = (size_t)(we - w);
            nw++;
            w = we;
        }
        size_t k = nw;
        bool whole = nw < sizeof words / sizeof words[0]; /* all the cell's words were seen */
        while (whole && k > 0 && is_figure_token(words[k - 1], wl[k - 1]))
            k--;
        if (!whole) { /* no row has so many figures: the cell is words */
            k = nw = 0;
            acc_frag(doc, a, p, (size_t)(c - p));
            had_text = true;
        }
        if (k > 0) {
            acc_frag(doc, a, p, (size_t)(words[k - 1] + wl[k - 1] - p));
            had_text = true;
        }
        for (size_t i = k; i < nw; i++)
            acc_fig(a, words[i], wl[i], l->line);
        p = c < end && (unsigned char)*c == 0xE3 ? c + 3 : c; /* past a 全角 space */
    }
    /* A line of several figures is a row of its own; a figure alone on its line (no layout)
     * continues the row on the next line. */
    if (a->nfigs - figs_before >= 2 || (had_text && a->nfigs > figs_before))
        acc_emit(doc, a);
    free(copy);
}

static void acc_free(table_acc *a)
{
    acc_clear_frags(a);
    for (size_t i = 0; i < a->nfigs; i++)
        free(a->figs[i]);
    free(a->frags);
    free(a->figs);
    free(a->fig_lines);
}

/* ---- paragraphs ---- */

typedef struct {
    bool wrapped; /* paragraphs are hard-wrapped over several lines */
    bool layout;  /* indentation is kept: it marks a paragraph's first line */
    int margin;   /* the indentation of the body's lines */
    int measure;  /* the width of a full line, quarter-ems */
    bool from_pdf; /* pdftotext's text: its columns are per page */
} prose_shape;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Are paragraphs wrapped? Text from a PDF (pdftotext ends its pages with \f) always is; else
 * lines of a wrapped text mostly stop mid-sentence, while the seed's lines and a page copied by
 * hand end their sentences. The measure is the median width of the lines that stop
 * mid-sentence (justified full lines), or the widest line when none does; the margin is the
 * smallest indentation of the body's lines. */
static prose_shape shape_of(const src_line *lines, size_t n, bool from_pdf)
{
    prose_shape sh = {0};
    size_t open = 0, closed = 0, nw = 0;
    int *widths = gr_xmalloc((n + 1) * sizeof(int));
    int min_indent = -1, widest = 0;
    for (size_t i = 0; i < n; i++) {
        const src_line *l = &lines[i];
        if (l->role != ROLE_PROSE || gr_utf8_len(l->text) < GR_MIN_PROSE_CHARS)
            continue;
        if (l->final)
            closed++;
        else {
            open++;
            widths[nw++] = l->width;
        }
        if (l->width > widest)
            widest = l->width;
        if (min_indent < 0 || l->indent < min_indent)
            min_indent = l->indent;
    }
    sh.wrapped = from_pdf || (open >= GR_MIN_WRAPPED_LINES && open * 2 >= closed);
    sh.from_pdf = from_pdf;
    sh.margin = min_indent < 0 ? 0 : min_indent;
    sh.measure = widest;
    if (nw) {
        qsort(widths, nw, sizeof(int), cmp_int);
        sh.measure = widths[nw / 2];
    }
    for (size_t i = 0; i < n && sh.wrapped; i++)
        if (lines[i].role == ROLE_PROSE && lines[i].indent >= sh.margin + GR_INDENT_COLS)
            sh.layout = true;
    free(widths);
    return sh;
}

typedef struct {
    gr_buf text;
    int line;
    bool marked;
    int visual; /* width of the visual line the last piece belongs to */
    bool last_final;
    bool title_seen; /* above the title, lines are the site's, each on its own */
    int lines;       /* lines joined so far */
} para_acc;

static bool is_title_text(const char *t);

static void para_flush(gr_import_doc *doc, para_acc *p)
{
    if (p->text.len) {
        gr_import_doc_para(doc, p->text.s, p->line, p->marked);
        p->title_seen |= is_title_text(p->text.s);
    }
    p->text.len = 0;
    p->marked = false;
    p->visual = 0;
    p->last_final = false;
    p->lines = 0;
}

static bool is_title_text(const char *t)
{
    if (strlen(t) > GR_MAX_HEADING_BYTES)
        return false; /* a paragraph: spare it the normalisation */
    char *issuer = NULL;
    int year = 0;
    bool yes = gr_import_parse_title(t, &issuer, &year);
    free(issuer);
    return yes;
}

static bool is_date_text(const char *t)
{
    char date[11];
    return gr_import_parse_date(t, date);
}

/* Does line l begin a new paragraph after what p holds? */
static bool starts_paragraph(const prose_shape *sh, const para_acc *p, const src_line *l,
                             bool blank_before)
{
    if (!p->text.len || !sh->wrapped)
        return true;
    /* (The paragraph's length is checked first: it may be long, and lines are many.) */
    bool short_para = p->text.len <= GR_MAX_HEADING_BYTES;
    if ((short_para && is_title_text(p->text.s)) || is_date_text(l->text) ||
        is_title_text(l->text))
        return true;
    if (!p->title_seen) {
        /* Above the title: the issuer's line and the title's lines join, nothing else
         * (column names, "发布时间：" and the like stand each on a line). */
        bool title = false;
        /* past a title's length no line makes one: joining the whole paragraph again for
         * every line made 20,000 lines of prose with no title take minutes */
        if (p->text.len <= GR_MAX_HEADING_BYTES) {
            gr_buf both = {0};
            join_text(&both, p->text.s, p->text.len);
            join_text(&both, l->text, strlen(l->text));
            title = is_title_text(both.s);
            gr_buf_free(&both);
        }
        /* A paragraph above a title that is not there (or not read) still wraps: a full
         * line that stops mid-sentence goes on. */
        bool wraps = !p->last_final && sh->measure > 0 &&
                     p->visual >= sh->measure - GR_SHORT_UNITS;
        return !title && !wraps;
    }
    /* "（一）主动公开：" alone: it heads the paragraph that follows (the builder joins them). */
    if (short_para && gr_import_subheading_len(p->text.s) == p->text.len)
        return true;
    /* "（一）主动公开方面" on a line of its own, its paragraph below: a numbered line well
     * short of the measure (a paragraph's first line, indented, is two characters short). */
    bool next_line_starts = (!sh->layout || l->indent >= sh->margin + GR_INDENT_COLS) &&
                            p->visual <= sh->measure - GR_HEADING_SHORT_UNITS;
    if (p->lines == 1 && short_para && gr_utf8_len(p->text.s) <= GR_MAX_SUBHEAD_CHARS &&
        gr_import_numbered(p->text.s) && last_mark(p->text.s) != 0xFF0C && last_mark(p->text.s) != 0x3001 &&
        next_line_starts)
        return true;
    /* pdftotext -layout sizes its columns per page from the characters on it: on a page
     * of Chinese prose alone a column is a whole character, and a two-character
     * indentation may come out as one column */
    bool indented = l->indent >= sh->margin + (sh->from_pdf ? 1 : GR_INDENT_COLS);
    if (sh->layout && indented) {
        /* A body line is never indented: an indented line after a full stop, or after a
         * colon or semicolon that introduce a list ("做法如下："), begins a paragraph. A line
         * pdftotext broke in two may leave its second half indented, after a comma. */
        int32_t m = last_mark(p->text.s);
        return p->last_final || m == 0xFF1A || m == 0xFF1B || m == ':' || m == ';';
    }
    if (!p->last_final || sh->layout)
        return false;
    if (blank_before || gr_import_subheading_len(l->text))
        return true;
    return p->visual < sh->measure - GR_SHORT_UNITS;
}

static void para_line(gr_import_doc *doc, const prose_shape *sh, para_acc *p,
                      const src_line *l, bool blank_before)
{
    if (starts_paragraph(sh, p, l, blank_before))
        para_flush(doc, p);
    if (!p->text.len) {
        p->line = l->line;
        p->marked = l->marked;
    }
    join_text(&p->text, l->text, strlen(l->text));
    /* pdftotext may break one printed line in two (a gap in it): the pieces add up. */
    bool full_before = p->visual >= sh->measure - GR_SHORT_UNITS;
    p->visual = full_before || p->visual == 0 ? l->width : p->visual + l->width;
    p->last_final = l->final;
    p->lines++;
}

/* A line of a table section that reads as prose: one cell, a sentence's length. (Figures in
 * it are the sentence's: "现行有效 51 件".) */
static bool prose_like(const src_line *l)
{
    if (gr_utf8_len(l->text) < GR_MIN_PROSE_CHARS)
        return false;
    char *t = gr_import_trim(l->s, l->n);
    bool one_cell = !strstr(t, "   ") && !strchr(t, '\t');
    free(t);
    return one_cell;
}

/* Line i holds a number alone, and the text lines before and after it do not. */
static bool isolated_number(const src_line *lines, size_t n, size_t i)
{
    long v;
    if (!lone_number(&lines[i], &v))
        return false;
    for (int dir = -1; dir <= 1; dir += 2)
        for (long j = (long)i + dir; j >= 0 && j < (long)n; j += dir) {
            if (lines[j].kind != LN_TEXT)
                continue;
            if (lone_number(&lines[j], &v) || is_figure_token(lines[j].text, strlen(lines[j].text)))
                return false;
            break;
        }
    return true;
}

gr_import_doc *gr_import_read_text(const char *data, size_t len, const char *path, gr_diags *d)
{
    gr_import_doc *doc = gr_import_doc_new();
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    src_line *lines = NULL;
    size_t n = 0, cap = 0;
    int page = 0;
    bool has_tabs = false, has_pages = false;
    for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        while (p < e && *p == '\f') { /* pdftotext: a page ends */
            page++;
            p++;
            has_pages = true;
        }
        const char *t = e;
        while (t > p && (t[-1] == '\r' || t[-1] == '\f'))
            t--;
        gr_grow((void **)&lines, &cap, n + 1, sizeof(src_line));
        src_line *l = &lines[n];
        memset(l, 0, sizeof *l);
        l->s = p;
        l->n = (size_t)(t - p);
        l->line = (int)n + 1;
        l->page = page;
        if (memchr(p, '\t', l->n)) {
            /* A tab-separated row, unless the tab only indents a paragraph. */
            const char *q = p;
            while (q < t && (*q == '\t' || *q == ' '))
                q++;
            l->kind = memchr(q, '\t', (size_t)(t - q)) ? LN_TABROW : LN_TEXT;
            has_tabs |= l->kind == LN_TABROW;
        }
        if (l->kind != LN_TABROW) {
            l->text = clean_text_line(p, l->n, &l->marked);
            l->kind = !*l->text ? LN_BLANK : is_furniture(l->text) ? LN_DROP : LN_TEXT;
            l->indent = leading_cols(p, l->n);
            l->final = ends_sentence(l->text);
            l->width = text_width(l->text);
        }
        n++;
        p = nl ? nl + 1 : end;
    }
    if (has_pages)
        mark_page_numbers(lines, n);

    /* Roles: section headings by their titles; the lines of a table section are table text
     * unless the tables are tab-separated (then its other lines are prose, as before). */
    int sec = -1;
    for (size_t i = 0; i < n; i++) {
        src_line *l = &lines[i];
        if (l->kind != LN_TEXT)
            continue;
        bool variant, numbered;
        int s = gr_import_match_section(l->text, l->marked, &variant, &numbered);
        if (s > sec) {
            l->role = ROLE_HEADING;
            sec = s;
            l->sec = s;
            continue;
        }
        l->sec = sec;
        if (!has_tabs && sec >= 0 && gr_sections[sec].has_table) {
            l->role = ROLE_TABLE;
        } else {
            l->role = ROLE_PROSE;
        }
    }
    prose_shape sh = shape_of(lines, n, has_pages);

    para_acc para = {0};
    table_acc table = {0};
    bool blank_before = false;
    for (size_t i = 0; i < n; i++) {
        src_line *l = &lines[i];
        if (l->kind == LN_DROP)
            continue;
        if (l->kind == LN_BLANK) {
            blank_before = !has_pages; /* pdftotext's blank lines are page breaks */
            continue;
        }
        if (l->kind == LN_TABROW || l->role == ROLE_HEADING) {
            para_flush(doc, &para);
            acc_finish(doc, &table, l->line);
            table.total = 0;
            table.prose_after = false;
        }
        /* Text in a table section: a sentence, or any line of text once the table has all
         * its figures, is the section's prose (the builder says where it stood). */
        if (l->kind == LN_TEXT && l->role == ROLE_TABLE && !table.prose_after &&
            prose_like(l)) {
            if (table.total >= gr_import_table_figures(l->sec)) {
                acc_finish(doc, &table, l->line);
                table.prose_after = true;
            } else if (l->final) {
                l->role = ROLE_PROSE;
            }
        }
        if (table.prose_after && l->role == ROLE_TABLE)
            l->role = ROLE_PROSE;
        if (l->role == ROLE_TABLE && l->sec != GR_SEC_PROACTIVE && isolated_number(lines, n, i)) {
            /* Rows of 三 and 四 have seven or more figures, on a line (-layout) or on lines in
             * a row (no layout): a number alone between words is a page number that came
             * without its page break (text copied from a PDF viewer). */
            gr_diag_add(d, GR_SEV_WARNING, path, l->line, 0, "W-IMPORT-TEXT",
                        "表格中单独成行的“%s”看作页码，未读入", l->text);
            continue;
        }
        if (l->role == ROLE_TABLE)
            para_flush(doc, &para);
        if (l->kind == LN_TABROW) {
            gr_import_block *row = gr_import_doc_row(doc, l->line);
            const char *e = l->s + l->n;
            for (const char *c = l->s; c <= e;) {
                const char *tab = memchr(c, '\t', (size_t)(e - c));
                const char *ce = tab ? tab : e;
                char *cell = gr_import_trim(c, (size_t)(ce - c));
                gr_import_row_cell(row, cell, l->line);
                free(cell);
                c = ce + 1;
            }
            /* The trailing empty cells a flattened grid leaves go; the others are kept (a
             * blank cell is reported). */
            while (row->ncells && !*row->cells[row->ncells - 1].text)
                free(row->cells[--row->ncells].text);
            if (!row->ncells) {
                free(row->cells);
                doc->n--;
            }
        } else if (l->role == ROLE_HEADING) {
            gr_import_doc_para(doc, l->text, l->line, l->marked);
            para.title_seen = true;
        } else if (l->role == ROLE_TABLE) {
            table_line(doc, &table, l);
        } else if (is_figure_token(l->text, strlen(l->text))) {
            /* A figure alone outside the tables is no paragraph: pdftotext without -layout
             * can carry a table's cell below the text that follows the table. */
            gr_diag_add(d, GR_SEV_WARNING, path, l->line, 0, "W-IMPORT-TEXT",
                        "“%s”单独成行，不是段落（是页码，或 PDF 转出时移位的表格数字），未读入",
                        l->text);
        } else {
            para_line(doc, &sh, &para, l, blank_before);
        }
        blank_before = false;
    }
    para_flush(doc, &para);
    acc_finish(doc, &table, (int)n);
    if (table.open_remark_line) {
        gr_diag_add(d, GR_SEV_ERROR, path, table.open_remark_line, 0, "E-IMPORT-REMARK",
                    "表格单元格“%s…”中数字后的括号备注折到了下一行，这一行的数字无法可靠读出",
                    table.open_remark);
        gr_diag_hint(d, "请用报告的 Word 原件导入，或在文字中把这一单元格的备注并回一行");
    }
    free(table.open_remark);
    acc_free(&table);
    gr_buf_free(&para.text);
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
    return doc;
}
