/* compose: the report model → the laid-out document (docs/typography.md §5, §6, §9). Checks
 * first that every character can be set (in the BMP, not private-use, a face in its role),
 * then sets the title, the preamble, the six sections with their headings (outline
 * entries), paragraphs with run-in subheadings and the tables of sections 二三四, page by
 * page with widow/orphan control and keep-with-next, and numbers the pages. */
#include "layout/compose.h"
#include "layout/layout_table.h"
#include "layout/table_build.h"
#include "layout/layout_text.h"
#include "layout/linebreak.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX_CHARS 20      /* floor(W / 22 pt), §5.2 */
#define MIN_SPLIT_LINES 2       /* widow/orphan control, §9.2 */
#define GLYPH_ERRORS_PER_TEXT 8 /* one bad font setup must not print a line per character */

/* The tables of sections 二三四, built and measured apart from the flow (a table's
 * measure does not depend on where it will stand): by a helper thread while the title and
 * the prose before them are set, when this is the process's first composition and the
 * only one in progress (a render in a fresh process: its memos are cold, and the second
 * core is idle; a batch's later reports are cheaper to measure than a thread is to start),
 * and by the composing thread too when it reaches a table not measured yet. */
typedef struct {
    const gr_report *r;
    const gr_fonts *f;
    int sec[GR_SECTIONS]; /* the sections with a table, in order */
    int n;
    gr_table t[GR_SECTIONS];
    gr_table_layout *tl[GR_SECTIONS];
    bool done[GR_SECTIONS];
    atomic_int next; /* the next table to take */
    pthread_mutex_t lock;
    pthread_cond_t measured;
    pthread_t helper;
    bool helping;
} tables;

typedef struct {
    const gr_report *r;
    const gr_fonts *f;
    gr_doc *doc;
    gr_flow fl;
    gr_diags *d;
    tables *tb;
    /* the lines of a paragraph laid out ahead, to keep a heading with it, kept for when
     * it is placed (a paragraph's lines do not depend on where it stands) */
    const gr_para *ahead;
    gr_lines ahead_lines;
} composer;

static atomic_int composing; /* compositions in progress in the process */
static atomic_int composed;  /* compositions begun in the process */

/* Take the next table not yet taken, if any, and measure it; false when none was left. */
static bool measure_next(tables *tb)
{
    int i = atomic_fetch_add(&tb->next, 1);
    if (i >= tb->n)
        return false;
    memset(&tb->t[i], 0, sizeof tb->t[i]);
    gr_table_build(tb->r, tb->sec[i], &tb->t[i]);
    gr_table_layout *tl = gr_table_measure(tb->f, &tb->t[i], GR_BLOCK_W);
    pthread_mutex_lock(&tb->lock);
    tb->tl[i] = tl;
    tb->done[i] = true;
    pthread_cond_broadcast(&tb->measured);
    pthread_mutex_unlock(&tb->lock);
    return true;
}

static void *measure_work(void *arg)
{
    while (measure_next(arg))
        ;
    return NULL;
}

static void tables_begin(tables *tb, const gr_report *r, const gr_fonts *f)
{
    memset(tb, 0, sizeof *tb);
    tb->r = r;
    tb->f = f;
    for (int s = 0; s < GR_SECTIONS; s++)
        if (gr_sections[s].has_table)
            tb->sec[tb->n++] = s;
    atomic_init(&tb->next, 0);
    pthread_mutex_init(&tb->lock, NULL);
    pthread_cond_init(&tb->measured, NULL);
    bool first = atomic_fetch_add(&composed, 1) == 0;
    bool alone = atomic_fetch_add(&composing, 1) == 0 && first;
    tb->helping = alone && tb->n > 1 && pthread_create(&tb->helper, NULL, measure_work, tb) == 0;
}

/* The measured table of section sec: measured here unless taken already; while the one
 * wanted is being measured by the helper, the next is measured here. */
static gr_table_layout *table_of(tables *tb, int sec, gr_table **t)
{
    int i = 0;
    while (i < tb->n - 1 && tb->sec[i] != sec)
        i++;
    for (;;) {
        pthread_mutex_lock(&tb->lock);
        bool ready = tb->done[i];
        pthread_mutex_unlock(&tb->lock);
        if (ready || !measure_next(tb))
            break;
    }
    pthread_mutex_lock(&tb->lock);
    while (!tb->done[i])
        pthread_cond_wait(&tb->measured, &tb->lock);
    pthread_mutex_unlock(&tb->lock);
    *t = &tb->t[i];
    return tb->tl[i];
}

/* The helper waited for, and every table measured freed (every section has asked for
 * its table by now). */
static void tables_end(tables *tb)
{
    if (tb->helping)
        pthread_join(tb->helper, NULL);
    for (int i = 0; i < tb->n; i++) {
        gr_table_layout_free(tb->tl[i]);
        if (tb->done[i])
            gr_table_free_cells(&tb->t[i]);
    }
    pthread_mutex_destroy(&tb->lock);
    pthread_cond_destroy(&tb->measured);
    atomic_fetch_sub(&composing, 1);
}

static const char *role_name(gr_role role)
{
    switch (role) {
    case GR_ROLE_TITLE:
        return "标题 小标宋";
    case GR_ROLE_H1:
        return "一级标题 黑体";
    case GR_ROLE_H2:
        return "二级标题 楷体";
    case GR_ROLE_BODY:
        return "正文 仿宋";
    case GR_ROLE_TABLE:
        return "表格 仿宋";
    case GR_ROLE_TABLE_HEAD:
        return "表头 黑体";
    case GR_ROLE_PAGENUM:
        return "页码 宋体";
    default:
        return "?";
    }
}

static uint32_t fold_fullwidth(uint32_t cp)
{
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return cp - 0xFEE0; /* §7.1: what is drawn is the ASCII form */
    return cp;
}

/* The heading "（一）…" is 楷体 (H2); "1.…" and "（1）…" are 仿宋 (§6.3). */
static gr_role heading_role(const char *h)
{
    static const char *const cjk_open = "（";
    size_t l = strlen(cjk_open);
    if (strncmp(h, cjk_open, l) == 0) {
        const char *p = h + l;
        int32_t c = gr_utf8_next(&p, strlen(p));
        if (c > 0x2000) return GR_ROLE_H2; /* a Chinese numeral, not a digit */
    }
    return GR_ROLE_BODY;
}

/* C0 and C1 controls and the format characters that pasted text brings along (zero-width
 * space and joiners, bidirectional controls, the byte-order mark, interlinear annotation):
 * none has a glyph, and a terminal would act on them if a diagnostic quoted them. */
static bool is_invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFFF9 && cp <= 0xFFFB);
}

/* Every character of text: in the BMP, not private-use, and a face of role has it. pos is
 * where text starts in the file; lines and columns count on from it through the text
 * (a column only when pos has one). Returns false on any error. */
static bool check_text(composer *c, const char *text, gr_role role, gr_pos pos)
{
    if (!text) return true;
    bool ok = true;
    int reported = 0;
    int line = pos.line;
    int col = pos.col > 0 ? pos.col - 1 : -1; /* the column of the character before */
    uint32_t seen[GLYPH_ERRORS_PER_TEXT];
    const char *p = text;
    const char *end = text + strlen(text);
    while (p < end) {
        const char *start = p;
        int32_t cc = gr_utf8_next(&p, (size_t)(end - p));
        if (cc < 0) continue;
        uint32_t cp = fold_fullwidth((uint32_t)cc);
        if (col >= 0) col++;
        if (cp == '\n') {
            line++;
            col = col >= 0 ? 0 : -1;
        }
        if (gr_is_space((int32_t)cp, GR_SPACE_LAYOUT)) continue; /* layout sets a space */
        const char *why = NULL, *hint = NULL;
        char buf[64];
        bool invisible = is_invisible(cp);
        if (invisible) {
            why = "是不可见的控制或格式字符，无法排版";
            hint = "删去此字符（常随网页或 Word 中复制的文字带入）";
        } else if (cp > 0xFFFF) {
            why = "不在基本多文种平面，无法排版";
            hint = "换用基本多文种平面内的字，或改用文字说明（如“左‘口’右‘某’”）";
        } else if (cp >= 0xE000 && cp <= 0xF8FF) {
            why = "属于私用区，无法排版";
            hint = "私用区的造字只在造字的电脑上有字形，请换用标准字符";
        } else if (gr_fonts_face_for(c->f, role, cp) < 0) {
            snprintf(buf, sizeof buf, "没有可用字体（%s）", role_name(role));
            why = buf;
            hint = "用 --font-dir 指定含此字的字体文件夹，或换用常用字";
        }
        if (!why) continue;
        ok = false;
        bool dup = false;
        for (int i = 0; i < reported; i++)
            dup |= seen[i] == cp;
        if (dup || reported == GLYPH_ERRORS_PER_TEXT) continue;
        seen[reported++] = cp;
        if (invisible) /* never echoed: it would reorder or hide the diagnostic's own text */
            gr_diag_add(c->d, GR_SEV_ERROR, c->r->path, line, col > 0 ? col : 0, "E-GLYPH",
                        "字符 U+%04X %s",
                        (unsigned)cp, why);
        else
            gr_diag_add(c->d, GR_SEV_ERROR, c->r->path, line, col > 0 ? col : 0, "E-GLYPH",
                        "字符“%.*s”（U+%04X）%s", (int)(p - start), start, (unsigned)cp, why);
        gr_diag_hint(c->d, "%s", hint);
    }
    return ok;
}

static bool check_all(composer *c)
{
    const gr_report *r = c->r;
    bool ok = check_text(c, gr_report_title(r), GR_ROLE_TITLE, (gr_pos){r->issuer_pos.line, 0});
    for (int s = 0; s < GR_SECTIONS; s++)
        ok &= check_text(c, gr_sections[s].heading, GR_ROLE_H1, (gr_pos){0, 0});
    for (int s = -1; s < GR_SECTIONS; s++) {
        const gr_prose *pr = s < 0 ? &r->preamble : &r->prose[s];
        for (size_t i = 0; i < pr->n; i++) {
            const gr_para *pa = &pr->items[i];
            if (pa->heading)
                /* line only: the heading may have been numbered by the loader, and its
                 * value starts somewhere after `heading=` */
                ok &= check_text(c, pa->heading, heading_role(pa->heading),
                                 (gr_pos){pa->heading_pos.line ? pa->heading_pos.line
                                                               : pa->pos.line, 0});
            ok &= check_text(c, pa->text, GR_ROLE_BODY, pa->text_pos.line ? pa->text_pos : pa->pos);
        }
    }
    return ok;
}

/* ---- placing lines ---- */

static double baseline_ratio(const gr_fonts *f, gr_role role)
{
    int face = gr_fonts_face_for(f, role, 0x4E00); /* 一: the role's CJK face sets the em-box */
    return face >= 0 ? gr_fonts_baseline_ratio(f, face) : 0.88;
}

/* Draw one line whose em-box top is at top (from the block top) and left edge at x. The
 * glyphs of span 0 belong to the structure element span0 when there is one (a run-in
 * heading's Span), the others to the open element. */
static void draw_line(composer *c, const gr_line *ln, double x, double top, double size,
                      double ratio, int span0)
{
    double y = gr_flow_pdf_y(top + ratio * size);
    int own = c->doc->mark;
    for (size_t i = 0; i < ln->n; i++) {
        c->doc->mark = span0 > 0 && ln->glyphs[i].span == 0 ? span0 : own;
        gr_page_add_glyph(c->fl.page, ln->glyphs[i].cp, ln->glyphs[i].face, size,
                          x + ln->glyphs[i].x, y);
    }
    c->doc->mark = own;
}

/* Body lines that fit below the cursor: a line of 16 pt fits if y + 16 ≤ H + EPS (§9.1). */
static size_t lines_fit(double y)
{
    if (y + GR_BODY_SIZE > GR_BLOCK_H + GR_EPS) return 0;
    return (size_t)floor((GR_BLOCK_H + GR_EPS - GR_BODY_SIZE - y) / GR_LINE_PITCH) + 1;
}

/* How many of a paragraph's n lines go on a page with room for fit lines: all, or a split
 * leaving at least two on each side, or none (§9.2). */
static size_t first_take(size_t n, size_t fit)
{
    if (n <= fit) return n;
    size_t take = fit;
    if (n - take < MIN_SPLIT_LINES) take = n > MIN_SPLIT_LINES ? n - MIN_SPLIT_LINES : 0;
    return take >= MIN_SPLIT_LINES ? take : 0;
}

static void place_lines(composer *c, const gr_lines *l, gr_role role, int span0)
{
    double ratio = baseline_ratio(c->f, role);
    size_t i = 0;
    while (i < l->n) {
        size_t take = first_take(l->n - i, lines_fit(c->fl.y));
        if (take == 0) {
            if (c->fl.y <= GR_EPS) /* cannot happen with 22 lines a page; never loop */
                take = l->n - i;
            else {
                gr_flow_new_page(&c->fl);
                continue;
            }
        }
        for (size_t k = 0; k < take; k++, i++) {
            draw_line(c, &l->lines[i], GR_BLOCK_X0, c->fl.y, GR_BODY_SIZE, ratio, span0);
            c->fl.y += GR_LINE_PITCH;
        }
        if (i < l->n) gr_flow_new_page(&c->fl);
    }
}

static void body_opts(gr_text_opts *o)
{
    memset(o, 0, sizeof *o);
    o->size = GR_BODY_SIZE;
    o->width = GR_BLOCK_W;
    o->first_indent = 2 * GR_CHAR_PITCH;
    o->grid = true;
    o->pitch = GR_CHAR_PITCH;
    o->justify = true;
    o->heading_label = true;
}

/* A paragraph: optional run-in heading (its own role) and body text (§6.5). */
static void layout_para(composer *c, const gr_para *pa, gr_lines *out)
{
    gr_text_opts o;
    body_opts(&o);
    gr_span sp[3];
    size_t n = 0;
    const char *text = pa->text ? pa->text : "";
    if (pa->heading && *pa->heading) {
        sp[n++] = (gr_span){pa->heading, strlen(pa->heading), heading_role(pa->heading)};
        /* a heading that does not end in a pause or stop mark gets one c of space */
        const char *h = pa->heading, *e = h + strlen(h);
        int32_t last = 0;
        while (e > h) {
            const char *k = gr_utf8_prev(h, e), *q = k;
            last = gr_utf8_next(&q, (size_t)(e - k));
            if (!gr_is_space(last, GR_SPACE_LAYOUT)) break;
            e = k;
        }
        bool punct = last > 0 && gr_punct_ends_clause((uint32_t)last);
        if (!punct && *text) sp[n++] = (gr_span){"\u3000", strlen("\u3000"), GR_ROLE_BODY};
    }
    sp[n++] = (gr_span){text, strlen(text), GR_ROLE_BODY};
    gr_text_layout(c->f, sp, n, &o, out);
}

static void layout_heading(composer *c, const char *text, gr_role role, gr_lines *out)
{
    gr_text_opts o;
    body_opts(&o);
    gr_span sp = {text, strlen(text), role};
    gr_text_layout(c->f, &sp, 1, &o, out);
}

/* Keep-with-next (§6.7): heading lines plus the first chunk of what follows must share a
 * page; next_lines is the following paragraph's line count (0: none), or table_chunk the
 * height of a table's header rows and first body row. */
static void place_block_heading(composer *c, const gr_lines *h, gr_role role, size_t next_lines,
                                double table_chunk, const char *outline, gr_struct_type type)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        size_t fit = lines_fit(c->fl.y);
        bool ok = h->n <= fit;
        if (ok && next_lines > 0) ok = first_take(next_lines, fit - h->n) > 0;
        if (ok && table_chunk > 0)
            ok = c->fl.y + (double)h->n * GR_LINE_PITCH + table_chunk <= GR_BLOCK_H + GR_EPS;
        if (ok || c->fl.y <= GR_EPS) break;
        gr_flow_new_page(&c->fl);
    }
    if (outline)
        gr_doc_add_outline(c->doc, outline, 0, (int)c->doc->npages - 1, gr_flow_pdf_y(c->fl.y));
    gr_doc_struct_open(c->doc, type);
    place_lines(c, h, role, 0);
    gr_doc_struct_close(c->doc);
}

/* The number of lines of pa, laid out now and kept for para_lines. */
static size_t lines_ahead(composer *c, const gr_para *pa)
{
    if (c->ahead != pa) {
        if (c->ahead)
            gr_lines_free(&c->ahead_lines);
        layout_para(c, pa, &c->ahead_lines);
        c->ahead = pa;
    }
    return c->ahead_lines.n;
}

/* The lines of pa: those laid out ahead, else laid out now. */
static void para_lines(composer *c, const gr_para *pa, gr_lines *out)
{
    if (c->ahead == pa) {
        *out = c->ahead_lines;
        memset(&c->ahead_lines, 0, sizeof c->ahead_lines);
        c->ahead = NULL;
    } else {
        layout_para(c, pa, out);
    }
}

static void place_prose(composer *c, const gr_prose *pr)
{
    for (size_t i = 0; i < pr->n; i++) {
        const gr_para *pa = &pr->items[i];
        gr_lines l;
        bool block = pa->heading && *pa->heading && !(pa->text && *pa->text);
        if (block) { /* a subheading alone is a block heading: keep it with what follows */
            layout_heading(c, pa->heading, heading_role(pa->heading), &l);
            size_t next = i + 1 < pr->n ? lines_ahead(c, &pr->items[i + 1]) : 0;
            place_block_heading(c, &l, heading_role(pa->heading), next, 0, NULL, GR_S_H3);
        } else {
            para_lines(c, pa, &l);
            if (l.n) { /* an empty paragraph draws nothing and is no element */
                int p = gr_doc_struct_open(c->doc, GR_S_P);
                int span = pa->heading && *pa->heading
                               ? gr_doc_struct_add(c->doc, p, GR_S_SPAN)
                               : 0;
                place_lines(c, &l, GR_ROLE_BODY, span);
                gr_doc_struct_close(c->doc);
            }
        }
        gr_lines_free(&l);
    }
}

/* ---- title (§5) ---- */

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Normalised code points of the title, white space removed (a title has no Latin words). */
static size_t title_cps(const char *s, size_t len, uint32_t *out)
{
    size_t n = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        int32_t c = gr_utf8_next(&p, (size_t)(end - p));
        if (c < 0) continue;
        uint32_t cp = fold_fullwidth((uint32_t)c);
        if (gr_is_space((int32_t)cp, GR_SPACE_LAYOUT) || cp == 0x3000) continue;
        out[n++] = cp;
    }
    return n;
}

/* Line ends (exclusive) of a title of n characters without explicit breaks. */
static size_t title_breaks(const uint32_t *cps, size_t n, size_t *ends, size_t maxlines)
{
    if (n <= TITLE_MAX_CHARS) {
        ends[0] = n;
        return 1;
    }
    /* before the year's digit run, when both parts fit: 上短下长 */
    for (size_t i = 1; i + 4 <= n; i++) {
        if (is_digit(cps[i]) && !is_digit(cps[i - 1]) && is_digit(cps[i + 1]) &&
            is_digit(cps[i + 2]) && is_digit(cps[i + 3])) {
            if (i <= TITLE_MAX_CHARS && n - i <= TITLE_MAX_CHARS) {
                ends[0] = i;
                ends[1] = n;
                return 2;
            }
            break;
        }
    }
    char *brk = gr_xmalloc(n);
    gr_linebreak_find(cps, n, false, brk);
    size_t nl = 0;
    if (n <= 2 * TITLE_MAX_CHARS) { /* balanced, line 1 ≥ line 2: 上长下短 */
        size_t best = 0;
        for (size_t k = (n + 1) / 2; k < n && k <= TITLE_MAX_CHARS; k++)
            if (brk[k - 1] == GR_BRK_ALLOW && n - k <= TITLE_MAX_CHARS) {
                best = k;
                break;
            }
        if (best) {
            ends[0] = best;
            ends[1] = n;
            free(brk);
            return 2;
        }
    }
    /* three or more lines: balanced greedy, each near n / lines */
    size_t lines = (n + TITLE_MAX_CHARS - 1) / TITLE_MAX_CHARS;
    size_t target = (n + lines - 1) / lines;
    size_t s = 0;
    while (s < n && nl < maxlines) {
        if (n - s <= TITLE_MAX_CHARS || nl + 1 == maxlines) {
            ends[nl++] = n;
            break;
        }
        size_t e = 0;
        for (size_t k = s + 1; k <= s + TITLE_MAX_CHARS && k < n; k++)
            if (brk[k - 1] == GR_BRK_ALLOW && (k - s <= target || e == 0)) e = k;
        if (e == 0) e = s + TITLE_MAX_CHARS; /* no break opportunity: split at the measure */
        ends[nl++] = e;
        s = e;
    }
    free(brk);
    return nl;
}

/* Sets the title lines from y = 0; returns the cursor for the first body line. Fills
 * *flat with the title on one line (for the document info). Explicit line breaks split the
 * title, and a part wider than the measure is broken again; a title too long for one page
 * (an issuer's name of hundreds of characters) goes on over the next, never past the block. */
static double place_title(composer *c, char **flat)
{
    const char *t = gr_report_title(c->r);
    size_t tl = strlen(t);
    uint32_t *cps = gr_xmalloc((tl + 1) * sizeof(uint32_t));
    size_t *ends = gr_xmalloc((tl + 1) * sizeof(size_t)); /* a line holds ≥ 1 character */
    size_t nl = 0, n = 0;
    for (const char *p = t;;) {
        const char *q = strchr(p, '\n');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        size_t k = title_cps(p, len, cps + n);
        if (k > 0) {
            size_t m = title_breaks(cps + n, k, ends + nl, k);
            for (size_t j = 0; j < m; j++)
                ends[nl + j] += n;
            nl += m;
            n += k;
        }
        if (!q) break;
        p = q + 1;
    }
    gr_buf flatb = {0};
    for (size_t i = 0; i < n; i++) {
        char u[4];
        gr_buf_add(&flatb, u, gr_utf8_put(u, cps[i]));
    }
    *flat = flatb.s ? flatb.s : gr_xstrdup("");

    gr_text_opts o;
    memset(&o, 0, sizeof o);
    o.size = GR_TITLE_SIZE;
    o.width = 1e6; /* the breaks are chosen above */
    double ratio = baseline_ratio(c->f, GR_ROLE_TITLE);
    size_t s = 0;
    double top = 0;
    if (nl > 0)
        gr_doc_struct_open(c->doc, GR_S_H1);
    for (size_t i = 0; i < nl; i++) {
        if (i > 0) {
            top += GR_TITLE_PITCH;
            if (top + GR_TITLE_SIZE > GR_BLOCK_H + GR_EPS) {
                gr_flow_new_page(&c->fl);
                top = 0;
            }
        }
        gr_buf b = {0};
        for (size_t k = s; k < ends[i]; k++) {
            char u[4];
            gr_buf_add(&b, u, gr_utf8_put(u, cps[k]));
        }
        gr_span sp = {b.s ? b.s : "", b.len, GR_ROLE_TITLE};
        gr_lines l;
        gr_text_layout(c->f, &sp, 1, &o, &l);
        for (size_t k = 0; k < l.n; k++) {
            double x = GR_BLOCK_X0 + (GR_BLOCK_W - l.lines[k].width) / 2;
            draw_line(c, &l.lines[k], x, top, GR_TITLE_SIZE, ratio, 0);
        }
        gr_lines_free(&l);
        gr_buf_free(&b);
        s = ends[i];
    }
    free(cps);
    free(ends);
    if (nl == 0) return 0;
    gr_doc_struct_close(c->doc);
    double bottom = top + GR_TITLE_SIZE;
    return bottom + (GR_LINE_PITCH - GR_BODY_SIZE) + GR_LINE_PITCH; /* 标题下空一行, §5.5 */
}

/* ---- sections ---- */

static void place_section(composer *c, int sec)
{
    const gr_section_def *def = &gr_sections[sec];
    const gr_prose *pr = &c->r->prose[sec];
    gr_lines h;
    layout_heading(c, def->heading, GR_ROLE_H1, &h);
    if (def->has_table) {
        gr_table *t;
        gr_table_layout *tl = table_of(c->tb, sec, &t);
        place_block_heading(c, &h, GR_ROLE_H1, 0, gr_table_first_chunk(tl), def->heading,
                            GR_S_H2);
        gr_table_place(tl, &c->fl);
    } else {
        size_t next = pr->n > 0 ? lines_ahead(c, &pr->items[0]) : 0;
        place_block_heading(c, &h, GR_ROLE_H1, next, 0, def->heading, GR_S_H2);
    }
    gr_lines_free(&h);
    place_prose(c, pr);
}

gr_status gr_compose(const gr_report *r, const gr_fonts *f, gr_doc **out, gr_diags *d)
{
    tables tb;
    composer c = {r, f, NULL, {0}, d, &tb, NULL, {0}};
    *out = NULL;
    if (!check_all(&c)) return GR_ERR_INPUT;
    tables_begin(&tb, r, f);
    c.doc = gr_doc_new();
    gr_flow_init(&c.fl, c.doc, f);
    c.fl.y = place_title(&c, &c.doc->title);
    place_prose(&c, &r->preamble);
    for (int s = 0; s < GR_SECTIONS; s++)
        place_section(&c, s);
    tables_end(&tb);
    if (c.ahead)
        gr_lines_free(&c.ahead_lines);
    gr_layout_page_numbers(c.doc, f);

    c.doc->author = gr_xstrdup(r->issuer ? r->issuer : "");
    c.doc->subject = gr_xstrdup("政府信息公开工作年度报告");
    c.doc->lang = gr_xstrdup("zh-CN");
    /* the publication date, else 31 January of the next year: the Regulations (第五十条)
     * require the report by then */
    c.doc->date = r->published ? gr_xstrdup(r->published) : gr_xasprintf("%04d-01-31", r->year + 1);
    *out = c.doc;
    return GR_OK;
}
