/* layout_text: styled text → justified lines (docs/typography.md §7–§8). The spans are
 * normalised (§7.1) into one array of items, each a code point with its face, cell advance
 * and adjustable blanks (§7.2–7.4); break opportunities come from linebreak.c; lines are
 * fitted greedily with push-in and push-out (§8.4), then compressed or expanded to the
 * measure (§8.5), with the orphan-character rule (§8.6). Linear in the text's length. */
#include "layout/layout_text.h"
#include "layout/display.h"
#include "layout/font_face.h"
#include "layout/linebreak.h"
#include "base/base.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* What a code point is to the composition rules. */
typedef enum {
    K_OTHER,   /* natural advance, no rule applies (symbols, Latin punctuation) */
    K_LATIN,   /* Latin letter or digit: Han–Latin spacing */
    K_SPACE,   /* U+0020 between Latin tokens */
    K_IDEO,    /* CJK ideograph: full width */
    K_FULL,    /* other full-width character (U+3000, full-width forms, kana) */
    K_OPEN,    /* full width, blank left half */
    K_CLOSE,   /* full width, blank right half */
    K_COMMA,   /* 、，；： */
    K_STOP,    /* 。？！ */
    K_FIXED,   /* full-width mark of fixed width: — ～ … ⸺ */
    K_HALFMARK /* · ／ set at half a cell, glyph centred */
} kind;

typedef struct {
    uint32_t cp;
    int face;
    uint8_t kind;
    double core;     /* advance without the blank halves */
    double lb0, rb0; /* the blank halves as designed */
    double lb, rb;   /* the blank halves left after the adjacent-punctuation squeeze */
    double off;      /* glyph origin inside its cell */
    double gap;      /* Han–Latin gap before this item */
    int span;        /* the span it comes from */
} item;

typedef struct {
    const gr_fonts *f;
    const gr_text_opts *o;
    item *it;
    size_t n;
    char *brk;   /* brk[i]: a line may end after item i */
    double *pre; /* pre[i]: sum of gap + width of items 0..i-1 */
} text;

/* ---- classification ---- */

static bool is_ideograph(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
           (cp >= 0x2E80 && cp <= 0x2FDF) || cp == 0x3007;
}

static bool is_latin(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x391 && cp <= 0x3C9);
}

/* clang-format off */
static kind classify(uint32_t cp)
{
    switch (gr_punct_class(cp)) {
    case GR_PUNCT_OPEN: return K_OPEN;
    case GR_PUNCT_CLOSE: return K_CLOSE;
    case GR_PUNCT_COMMA: return K_COMMA;
    case GR_PUNCT_STOP: return K_STOP;
    case GR_PUNCT_FIXED: return K_FIXED;
    case GR_PUNCT_HALFMARK: return K_HALFMARK;
    case GR_PUNCT_NONE: break;
    }
    if (cp == 0x20) return K_SPACE;
    if (is_ideograph(cp)) return K_IDEO;
    if (is_latin(cp)) return K_LATIN;
    if ((cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0xFF01 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x3100 && cp <= 0x33FF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F))
        return K_FULL;
    return K_OTHER;
}
/* clang-format on */

static bool is_punct(uint8_t k)
{
    return k == K_OPEN || k == K_CLOSE || k == K_COMMA || k == K_STOP;
}

/* CJK for §7.1 space deletion and §7.4: ideographs and every full-width mark. */
static bool is_cjk(uint8_t k)
{
    return k == K_IDEO || k == K_FULL || is_punct(k) || k == K_FIXED || k == K_HALFMARK;
}

/* ---- per-call cache of faces and advances: a report has a few hundred distinct
 * characters and a paragraph may have 100 000 ---- */

typedef struct {
    uint32_t key; /* role << 24 | cp, 0 = empty */
    int face;
    double adv;
} cache_slot;

typedef struct {
    cache_slot *slots;
    size_t mask;
} cache;

static void cache_init(cache *c, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n && cap < 8192)
        cap *= 2;
    c->slots = gr_xcalloc(cap, sizeof(cache_slot));
    c->mask = cap - 1;
}

static cache_slot *cache_get(cache *c, const gr_fonts *f, gr_role role, uint32_t cp, double size)
{
    uint32_t key = ((uint32_t)role + 1) << 24 | cp; /* cp ≤ 0x10FFFF fits in 24 bits */
    size_t h = (size_t)(key * 2654435761u) & c->mask;
    for (size_t probe = 0; probe <= c->mask; probe++) {
        cache_slot *s = &c->slots[(h + probe) & c->mask];
        if (s->key == key) return s;
        if (s->key == 0) {
            s->key = key;
            s->face = gr_fonts_face_for(f, role, cp);
            s->adv = s->face >= 0 ? gr_fonts_advance(f, s->face, cp, size) : 0;
            return s;
        }
    }
    /* full (more distinct characters than slots): overwrite the home slot */
    cache_slot *s = &c->slots[h];
    s->key = key;
    s->face = gr_fonts_face_for(f, role, cp);
    s->adv = s->face >= 0 ? gr_fonts_advance(f, s->face, cp, size) : 0;
    return s;
}

/* ---- building the items (§7.1–§7.4) ---- */

typedef struct {
    uint32_t cp;
    gr_role role;
    int span;
} rawch;

static bool solidus_in_latin(const rawch *r, size_t n, size_t i)
{
    return (i > 0 && is_latin(r[i - 1].cp)) || (i + 1 < n && is_latin(r[i + 1].cp));
}

/* GB-style punctuation keeps its ink in the glyph half of the cell, so that trimming the
 * blank half (squeeze, line end) never pushes ink into the neighbour or past the measure
 * (docs/typography.md §4). Fonts such as AR PL UMing CN centre 。、 and AR PL UKai CN centres
 * ，：；！: such a glyph is moved, by as little as needed, into its half, GR_INK_MARGIN
 * from the middle. Returns the shift to add to the glyph's offset, in points. */
#define GR_INK_MARGIN 0.03 /* em: a hair of space between the mark and the cell's middle */

static double ink_shift(const gr_fonts *f, const item *x, double size, double cell, bool open)
{
    double i0, i1;
    gr_fonts_ink(f, x->face, x->cp, &i0, &i1);
    if (i1 <= i0)
        return 0;
    i0 = i0 * size + x->off; /* ink from the cell's left edge, points */
    i1 = i1 * size + x->off;
    double mid = cell / 2, m = GR_INK_MARGIN * size;
    if (open) {
        double dx = mid + m - i0; /* move right until the ink starts past the middle */
        if (dx > 0 && i1 + dx > cell) /* ink too wide for its half: centre it there */
            dx = mid + (mid - (i1 - i0)) / 2 - i0;
        return dx > 0 ? dx : 0;
    }
    double dx = i1 - (mid - m); /* move left until the ink ends before the middle */
    if (dx > 0 && i0 - dx < 0)
        dx = i0 - (mid - (i1 - i0)) / 2;
    return dx > 0 ? -dx : 0;
}

static void build(text *t, const gr_fonts *f, const gr_span *spans, size_t nspans,
                  const gr_text_opts *o)
{
    memset(t, 0, sizeof *t);
    t->f = f;
    t->o = o;
    size_t total = 0;
    for (size_t s = 0; s < nspans; s++)
        total += spans[s].len;

    /* §7.1: decode, fold full-width ASCII, collapse whitespace */
    rawch *raw = gr_xmalloc((total + 1) * sizeof(rawch));
    size_t nr = 0;
    for (size_t s = 0; s < nspans; s++) {
        const char *p = spans[s].text;
        const char *end = p + spans[s].len;
        while (p < end) {
            int32_t c = gr_utf8_next(&p, (size_t)(end - p));
            if (c < 0) continue;
            uint32_t cp = (uint32_t)c;
            if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
                (cp >= 0xFF41 && cp <= 0xFF5A))
                cp -= 0xFEE0;
            if (gr_is_space((int32_t)cp, GR_SPACE_LAYOUT)) {
                if (nr > 0 && raw[nr - 1].cp == ' ') continue;
                cp = ' ';
            }
            raw[nr++] = (rawch){cp, spans[s].role, (int)s};
        }
    }
    /* delete U+0020 next to CJK; strip leading and trailing white space and U+3000 (§6.1) */
    size_t w = 0;
    for (size_t i = 0; i < nr; i++) {
        if (raw[i].cp == ' ') {
            bool prev_cjk = w > 0 && is_cjk(classify(raw[w - 1].cp));
            bool next_cjk = i + 1 < nr && is_cjk(classify(raw[i + 1].cp));
            if (w == 0 || prev_cjk || next_cjk) continue;
        }
        if (w == 0 && raw[i].cp == 0x3000) continue;
        raw[w++] = raw[i];
    }
    while (w > 0 && (raw[w - 1].cp == ' ' || raw[w - 1].cp == 0x3000))
        w--;
    nr = w;

    cache c;
    cache_init(&c, nr);
    t->it = gr_xmalloc((nr + 1) * sizeof(item));
    const double size = o->size;
    const double cell = o->grid ? o->pitch : size;
    for (size_t i = 0; i < nr; i++) {
        cache_slot *cs = cache_get(&c, f, raw[i].role, raw[i].cp, size);
        if (cs->face < 0) continue; /* compose reports it before layout */
        item *x = &t->it[t->n++];
        memset(x, 0, sizeof *x);
        x->cp = raw[i].cp;
        x->span = raw[i].span;
        x->face = cs->face;
        x->kind = (uint8_t)classify(x->cp);
        double a = cs->adv;
        double cw = a;
        switch (x->kind) {
        case K_IDEO:
        case K_FULL:
            cw = o->grid ? cell : a;
            x->off = (cw - a) / 2;
            break;
        case K_OPEN:
            cw = cell;
            x->lb0 = cell / 2;
            x->off = cw - a; /* a narrow quote sits flush right in its cell */
            x->off += ink_shift(f, x, size, cell, true);
            break;
        case K_CLOSE:
        case K_COMMA:
        case K_STOP:
            cw = cell;
            x->rb0 = cell / 2;
            x->off = 0; /* flush left */
            x->off += ink_shift(f, x, size, cell, false);
            break;
        case K_FIXED:
            cw = x->cp == 0x2E3A ? 2 * cell : cell;
            x->off = (cw - a) / 2;
            break;
        case K_HALFMARK:
            cw = cell / 2;
            if (x->cp == 0xFF0F && solidus_in_latin(raw, nr, i)) cw = a;
            x->off = (cw - a) / 2;
            break;
        default:
            break;
        }
        /* a solidus between CJK is a 分隔号 of half a cell (§7.2); inside "GB/T" or a URL
         * it keeps the Latin advance */
        if (x->cp == '/' && !solidus_in_latin(raw, nr, i)) {
            cw = cell / 2;
            x->off = (cw - a) / 2;
        }
        x->core = cw - x->lb0 - x->rb0;
        x->lb = x->lb0;
        x->rb = x->rb0;
    }
    free(c.slots);
    free(raw);

    /* §7.3 adjacent-punctuation squeeze, §7.4 Han–Latin gaps */
    for (size_t i = 1; i < t->n; i++) {
        item *a = &t->it[i - 1], *b = &t->it[i];
        if (is_punct(a->kind) && is_punct(b->kind)) {
            if (a->kind != K_OPEN)
                a->rb = 0;
            else if (b->kind == K_OPEN)
                b->lb = 0;
        }
        if ((a->kind == K_IDEO && b->kind == K_LATIN) || (a->kind == K_LATIN && b->kind == K_IDEO))
            b->gap = size / 4;
    }

    t->pre = gr_xmalloc((t->n + 1) * sizeof(double));
    t->pre[0] = 0;
    for (size_t i = 0; i < t->n; i++) {
        const item *x = &t->it[i];
        t->pre[i + 1] = t->pre[i] + x->gap + x->core + x->lb + x->rb;
    }

    t->brk = gr_xmalloc(t->n + 1);
    if (t->n > 0) {
        uint32_t *cps = gr_xmalloc(t->n * sizeof(uint32_t));
        for (size_t i = 0; i < t->n; i++)
            cps[i] = t->it[i].cp;
        gr_linebreak_find(cps, t->n, o->heading_label, t->brk);
        free(cps);
    }
}

static void text_free(text *t)
{
    free(t->it);
    free(t->pre);
    free(t->brk);
}

/* ---- measuring (§8.4) ---- */

static bool allowed(const text *t, size_t k)
{
    return k >= t->n || (k > 0 && t->brk[k - 1] != GR_BRK_NO);
}

static size_t trim_end(const text *t, size_t s, size_t e)
{
    while (e > s && t->it[e - 1].kind == K_SPACE)
        e--;
    return e;
}

/* Natural width of items s..e-1 as a line: no gap before the first, trailing spaces
 * dropped, a closing mark at the end trimmed to half its cell. */
static double nat(const text *t, size_t s, size_t e)
{
    e = trim_end(t, s, e);
    if (e <= s) return 0;
    double w = t->pre[e] - t->pre[s] - t->it[s].gap;
    const item *last = &t->it[e - 1];
    if (last->kind != K_OPEN) w -= last->rb;
    return w;
}

enum { ST_SPACE, ST_BRACKET, ST_COMMA, ST_GAP, ST_STOP, ST_COUNT };

/* The most §8.5 compression could take from the line s..e, per stage. */
static void shrink_caps(const text *t, size_t s, size_t e, double caps[ST_COUNT])
{
    const double size = t->o->size;
    for (int k = 0; k < ST_COUNT; k++)
        caps[k] = 0;
    e = trim_end(t, s, e);
    for (size_t i = s; i < e; i++) {
        const item *x = &t->it[i];
        double rb = i + 1 == e ? 0 : x->rb;
        switch (x->kind) {
        case K_SPACE:
            caps[ST_SPACE] += fmax(0, x->core - size / 4);
            break;
        case K_OPEN:
        case K_CLOSE: /* an opening mark keeps its blank at the line start: no trim there */
            caps[ST_BRACKET] += (i == s ? 0 : x->lb) + rb;
            break;
        case K_COMMA:
            caps[ST_COMMA] += rb;
            break;
        case K_STOP:
            caps[ST_STOP] += rb;
            break;
        default:
            break;
        }
        if (i > s && x->gap > 0) caps[ST_GAP] += x->gap - size / 8;
    }
}

static double shrinkmax(const text *t, size_t s, size_t e)
{
    double caps[ST_COUNT];
    shrink_caps(t, s, e, caps);
    double sum = 0;
    for (int k = 0; k < ST_COUNT; k++)
        sum += caps[k];
    return sum;
}

static size_t skip_spaces(const text *t, size_t s)
{
    while (s < t->n && t->it[s].kind == K_SPACE)
        s++;
    return s;
}

/* Push-in takes a mark or two ("。”"); a run of marks of no width (which never stops
 * fitting) is scanned no further than this. */
#define PUSH_IN_MAX 64

/* §8.4: the end of the line that starts at s, for the measure wl. */
static size_t fit(const text *t, size_t s, double wl)
{
    size_t n = t->n;
    size_t k = s;
    while (k < n && nat(t, s, k + 1) <= wl + GR_EPS)
        k++;
    if (k == n) return n;
    if (k == s) return s + 1; /* one character wider than the measure: it gets a line of its own */
    if (allowed(t, k)) return k;
    /* push-in: the marks that may not start a line join this one if compression absorbs
     * them. Each mark adds its core to the width and no more than its blanks to what can be
     * compressed, so once the marks do not fit, more never will: stop there, rather than
     * scan a long run of marks to its end from every line of it (quadratic). */
    for (size_t j = k; j < n && j - k < PUSH_IN_MAX && gr_linebreak_no_start(t->it[j].cp); j++) {
        bool fits = nat(t, s, j + 1) - wl <= shrinkmax(t, s, j + 1) + GR_EPS;
        if (allowed(t, j + 1)) {
            if (fits) return j + 1;
            break;
        }
        if (!fits) break;
    }
    /* push-out */
    for (size_t j = k - 1; j > s; j--)
        if (allowed(t, j)) return j;
    /* emergency: an over-long unbreakable run is split at a character, but not before a
     * mark that may not start a line, nor after an opening one. A line made of nothing
     * but such marks (a run of 。 with no break opportunity) has no place 避头尾 allows:
     * it is filled, rather than set one mark a line (3,000 。 on 139 pages). */
    size_t full = k;
    while (k - 1 > s && (gr_linebreak_no_start(t->it[k].cp) || t->it[k - 1].kind == K_OPEN))
        k--;
    if (k - 1 == s && (gr_linebreak_no_start(t->it[k].cp) || t->it[k - 1].kind == K_OPEN))
        return full;
    return k;
}

/* ---- justification and positions (§8.5) ---- */

typedef struct {
    double *amount;
    double limit; /* for compression the floor, for expansion the cap */
} adj;

/* Take (or give) need equally from each item, each stopping at its limit. Returns what
 * could not be placed. */
static double share(adj *a, size_t na, double need, bool expand)
{
    for (int round = 0; round < 64 && need > 1e-9; round++) {
        size_t active = 0;
        for (size_t i = 0; i < na; i++) {
            double room = expand ? a[i].limit - *a[i].amount : *a[i].amount - a[i].limit;
            if (room > 1e-9) active++;
        }
        if (active == 0) break;
        double each = need / (double)active;
        for (size_t i = 0; i < na; i++) {
            double room = expand ? a[i].limit - *a[i].amount : *a[i].amount - a[i].limit;
            if (room <= 1e-9) continue;
            double d = fmin(each, room);
            *a[i].amount += expand ? d : -d;
            need -= d;
        }
    }
    return need > 0 ? need : 0;
}

static bool is_connector(uint32_t cp)
{
    return cp == 0x2014 || cp == 0xFF5E || cp == '-' || cp == 0x2013 || cp == '~' || cp == 0x301C ||
           cp == '/' || cp == 0xFF0F;
}

static bool latinish(const item *x)
{
    return x->kind == K_LATIN || x->kind == K_SPACE || (x->kind == K_OTHER && x->cp < 0x2000);
}

/* Can stage 3 of expansion widen the gap before item i (i > line start)? */
static bool gap_eligible(const item *a, const item *b)
{
    if (latinish(a) && latinish(b)) return false;
    if (a->cp == b->cp && (a->cp == 0x2014 || a->cp == 0x2026 || a->cp == 0x22EF)) return false;
    return !is_connector(a->cp) && !is_connector(b->cp);
}

/* Working arrays for one line, reused across lines. */
typedef struct {
    double *lb, *rb, *gap, *sp, *extra;
    adj *adjs;
    size_t cap;
} scratch;

static void scratch_reserve(scratch *w, size_t n)
{
    if (n <= w->cap) return;
    size_t cap = w->cap ? w->cap : 64;
    while (cap < n)
        cap *= 2;
    w->lb = gr_xrealloc(w->lb, cap * sizeof(double));
    w->rb = gr_xrealloc(w->rb, cap * sizeof(double));
    w->gap = gr_xrealloc(w->gap, cap * sizeof(double));
    w->sp = gr_xrealloc(w->sp, cap * sizeof(double));
    w->extra = gr_xrealloc(w->extra, cap * sizeof(double));
    w->adjs = gr_xrealloc(w->adjs, 2 * cap * sizeof(adj));
    w->cap = cap;
}

static void scratch_free(scratch *w)
{
    free(w->lb);
    free(w->rb);
    free(w->gap);
    free(w->sp);
    free(w->extra);
    free(w->adjs);
}

/* Position items s..e-1 as one line of measure wl starting at x0. justify: stretch or
 * compress to wl; otherwise only compress when the line is too wide (push-in). */
static void emit_line(const text *t, size_t s, size_t e, double x0, double wl, bool justify,
                      scratch *w, gr_line *out)
{
    const double size = t->o->size;
    e = trim_end(t, s, e);
    size_t m = e > s ? e - s : 0;
    memset(out, 0, sizeof *out);
    if (m == 0) return;
    scratch_reserve(w, m);
    double width = 0;
    for (size_t j = 0; j < m; j++) {
        const item *x = &t->it[s + j];
        w->lb[j] = x->lb;
        w->rb[j] = (j + 1 == m && x->kind != K_OPEN) ? 0 : x->rb;
        w->gap[j] = j == 0 ? 0 : x->gap;
        w->sp[j] = x->core;
        w->extra[j] = 0;
        width += w->gap[j] + w->lb[j] + w->rb[j] + x->core;
    }
    double slack = wl - width;
    if (slack < -1e-9) {
        double need = -slack;
        for (int stage = 0; stage < ST_COUNT && need > 1e-9; stage++) {
            size_t na = 0;
            for (size_t j = 0; j < m; j++) {
                const item *x = &t->it[s + j];
                if (stage == ST_SPACE && x->kind == K_SPACE)
                    w->adjs[na++] = (adj){&w->sp[j], fmin(x->core, size / 4)};
                else if (stage == ST_BRACKET && (x->kind == K_OPEN || x->kind == K_CLOSE)) {
                    if (j > 0) w->adjs[na++] = (adj){&w->lb[j], 0};
                    w->adjs[na++] = (adj){&w->rb[j], 0};
                } else if (stage == ST_COMMA && x->kind == K_COMMA)
                    w->adjs[na++] = (adj){&w->rb[j], 0};
                else if (stage == ST_STOP && x->kind == K_STOP)
                    w->adjs[na++] = (adj){&w->rb[j], 0};
                else if (stage == ST_GAP && w->gap[j] > 0)
                    w->adjs[na++] = (adj){&w->gap[j], size / 8};
            }
            need = share(w->adjs, na, need, false);
        }
    } else if (justify && slack > 1e-9) {
        double need = slack;
        size_t na = 0;
        for (size_t j = 0; j < m; j++)
            if (t->it[s + j].kind == K_SPACE)
                w->adjs[na++] = (adj){&w->sp[j], fmax(t->it[s + j].core, size / 2)};
        need = share(w->adjs, na, need, true);
        na = 0;
        for (size_t j = 1; j < m; j++)
            if (w->gap[j] > 0) w->adjs[na++] = (adj){&w->gap[j], size / 2};
        need = share(w->adjs, na, need, true);
        if (need > 1e-9) {
            size_t ng = 0;
            for (size_t j = 1; j < m; j++)
                if (gap_eligible(&t->it[s + j - 1], &t->it[s + j])) ng++;
            if (ng > 0)
                for (size_t j = 1; j < m; j++)
                    if (gap_eligible(&t->it[s + j - 1], &t->it[s + j]))
                        w->extra[j] = need / (double)ng;
        }
    }

    out->glyphs = gr_xmalloc(m * sizeof(gr_line_glyph));
    double x = x0;
    for (size_t j = 0; j < m; j++) {
        const item *it = &t->it[s + j];
        x += w->gap[j] + w->extra[j];
        double adv = it->kind == K_SPACE ? w->sp[j] : it->core + w->lb[j] + w->rb[j];
        out->glyphs[out->n++] = (gr_line_glyph){it->cp, it->face, x + w->lb[j] - it->lb0 + it->off,
                                                  it->span};
        x += adv;
    }
    out->width = x;
}

/* ---- breaking a paragraph ---- */

typedef struct {
    size_t s, e;
} span_ix;

static double measure_of(const gr_text_opts *o, size_t line)
{
    return line == 0 ? o->width - o->first_indent : o->width;
}

/* §8.6: the last line holds one ideograph and at most punctuation after it. */
static bool orphan_line(const text *t, size_t s, size_t e)
{
    size_t ideo = 0;
    for (size_t i = s; i < e; i++) {
        uint8_t k = t->it[i].kind;
        if (k == K_IDEO)
            ideo++;
        else if (!(is_punct(k) || k == K_SPACE || gr_linebreak_no_start(t->it[i].cp)))
            return false;
    }
    return ideo == 1;
}

static size_t break_lines(const text *t, span_ix **lines_out)
{
    const gr_text_opts *o = t->o;
    span_ix *lines = NULL;
    size_t nl = 0, cap = 0;
    size_t s = skip_spaces(t, 0);
    while (s < t->n) {
        size_t e = fit(t, s, measure_of(o, nl));
        gr_grow((void **)&lines, &cap, nl + 1, sizeof(span_ix));
        lines[nl++] = (span_ix){s, e};
        s = skip_spaces(t, e);
    }
    if (o->justify && nl >= 2 && orphan_line(t, lines[nl - 1].s, lines[nl - 1].e)) {
        span_ix *prev = &lines[nl - 2];
        double wl = measure_of(o, nl - 2);
        if (nat(t, prev->s, t->n) - wl <= shrinkmax(t, prev->s, t->n) + GR_EPS) {
            prev->e = t->n; /* push the orphan in */
            nl--;
        } else {
            for (size_t j = lines[nl - 1].s - 1; j > prev->s; j--) {
                if (allowed(t, j) && nat(t, j, t->n) <= measure_of(o, nl - 1) + GR_EPS) {
                    prev->e = j;
                    lines[nl - 1].s = skip_spaces(t, j);
                    break;
                }
            }
        }
    }
    *lines_out = lines;
    return nl;
}

/* ---- the memo of short texts ----
 * A table is measured three times a cell (minimum and maximum widths, then the lines),
 * and its labels are the same in every report: a batch spent a tenth of its time on them.
 * Results are kept by text, role and options, for the gr_fonts they were made with. */

#define GR_TEXT_MEMO_LEN 96            /* bytes of text kept: labels and figures, not prose */
#define GR_TEXT_MEMO_BYTES (4u << 20)  /* then the memo is emptied and fills again */
#define GR_TEXT_MEMO_BUCKETS 4096

typedef enum { MEMO_LINES, MEMO_WIDTHS } memo_kind;

typedef struct memo_entry {
    struct memo_entry *next;
    uint64_t hash;
    memo_kind kind;
    gr_role role;
    gr_text_opts o;
    char *text;
    size_t len;
    double value[2]; /* MEMO_WIDTHS: the least and the natural width */
    gr_lines lines; /* MEMO_LINES */
    size_t bytes;
} memo_entry;

struct gr_text_memo {
    pthread_mutex_t lock; /* guards everything here */
    memo_entry *buckets[GR_TEXT_MEMO_BUCKETS];
    size_t bytes;
};

gr_text_memo *gr_text_memo_new(void)
{
    gr_text_memo *m = gr_xcalloc(1, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    return m;
}

static void memo_clear(gr_text_memo *m)
{
    for (size_t b = 0; b < GR_TEXT_MEMO_BUCKETS; b++) {
        for (memo_entry *e = m->buckets[b], *next; e; e = next) {
            next = e->next;
            gr_lines_free(&e->lines);
            free(e->text);
            free(e);
        }
        m->buckets[b] = NULL;
    }
    m->bytes = 0;
}

void gr_text_memo_free(gr_text_memo *m)
{
    if (!m)
        return;
    memo_clear(m);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

static bool same_opts(const gr_text_opts *a, const gr_text_opts *b)
{
    return a->size == b->size && a->width == b->width && a->first_indent == b->first_indent &&
           a->grid == b->grid && a->pitch == b->pitch && a->justify == b->justify &&
           a->heading_label == b->heading_label;
}

/* The memo to use for spans, with the key's hash; NULL when the text is not kept. */
static gr_text_memo *memo_for(const gr_fonts *f, const gr_span *spans, size_t nspans,
                              const gr_text_opts *o, memo_kind mk, uint64_t *hash)
{
    if (!f->text_memo || nspans != 1 || spans[0].len > GR_TEXT_MEMO_LEN)
        return NULL;
    double num[4] = {o->size, o->width, o->first_indent, o->pitch};
    unsigned char flags[5] = {(unsigned char)mk, (unsigned char)spans[0].role, o->grid,
                              o->justify, o->heading_label};
    uint64_t h = gr_hash64_add(0, spans[0].text, spans[0].len);
    h = gr_hash64_add(h, num, sizeof num);
    *hash = gr_hash64_add(h, flags, sizeof flags);
    return f->text_memo;
}

static void lines_copy(gr_lines *to, const gr_lines *from)
{
    to->n = from->n;
    to->lines = gr_xcalloc(from->n ? from->n : 1, sizeof *to->lines);
    for (size_t i = 0; i < from->n; i++) {
        to->lines[i] = from->lines[i];
        to->lines[i].glyphs = gr_xmalloc((from->lines[i].n + 1) * sizeof(gr_line_glyph));
        memcpy(to->lines[i].glyphs, from->lines[i].glyphs,
               from->lines[i].n * sizeof(gr_line_glyph));
    }
}

/* A kept result: its value, or its lines copied into *lines. */
static bool memo_get(gr_text_memo *m, uint64_t hash, memo_kind mk, const gr_span *sp,
                     const gr_text_opts *o, double value[2], gr_lines *lines)
{
    bool found = false;
    pthread_mutex_lock(&m->lock);
    for (const memo_entry *e = m->buckets[hash % GR_TEXT_MEMO_BUCKETS]; e; e = e->next)
        if (e->hash == hash && e->kind == mk && e->role == sp->role && e->len == sp->len &&
            same_opts(&e->o, o) && memcmp(e->text, sp->text, sp->len) == 0) {
            if (mk == MEMO_LINES)
                lines_copy(lines, &e->lines);
            else
                value[0] = e->value[0], value[1] = e->value[1];
            found = true;
            break;
        }
    pthread_mutex_unlock(&m->lock);
    return found;
}

static void memo_put(gr_text_memo *m, uint64_t hash, memo_kind mk, const gr_span *sp,
                     const gr_text_opts *o, const double value[2], const gr_lines *lines)
{
    memo_entry *e = gr_xcalloc(1, sizeof *e);
    e->hash = hash;
    e->kind = mk;
    e->role = sp->role;
    e->o = *o;
    e->len = sp->len;
    e->text = gr_xmalloc(sp->len + 1);
    memcpy(e->text, sp->text, sp->len);
    if (value)
        e->value[0] = value[0], e->value[1] = value[1];
    e->bytes = sizeof *e + sp->len + 1;
    if (lines) {
        lines_copy(&e->lines, lines);
        e->bytes += lines->n * sizeof(gr_line);
        for (size_t i = 0; i < lines->n; i++)
            e->bytes += (lines->lines[i].n + 1) * sizeof(gr_line_glyph);
    }
    pthread_mutex_lock(&m->lock);
    if (m->bytes + e->bytes > GR_TEXT_MEMO_BYTES)
        memo_clear(m);
    size_t b = hash % GR_TEXT_MEMO_BUCKETS;
    e->next = m->buckets[b]; /* a duplicate from a racing thread is harmless */
    m->buckets[b] = e;
    m->bytes += e->bytes;
    pthread_mutex_unlock(&m->lock);
}

void gr_text_layout(const gr_fonts *f, const gr_span *spans, size_t nspans, const gr_text_opts *o,
                    gr_lines *out)
{
    uint64_t hash = 0;
    gr_text_memo *m = memo_for(f, spans, nspans, o, MEMO_LINES, &hash);
    if (m && memo_get(m, hash, MEMO_LINES, spans, o, NULL, out))
        return;
    text t;
    build(&t, f, spans, nspans, o);
    span_ix *lines = NULL;
    size_t nl = break_lines(&t, &lines);
    out->lines = gr_xcalloc(nl ? nl : 1, sizeof(gr_line));
    out->n = nl;
    scratch w = {0};
    for (size_t i = 0; i < nl; i++) {
        double x0 = i == 0 ? o->first_indent : 0;
        bool last = i + 1 == nl;
        emit_line(&t, lines[i].s, lines[i].e, x0, measure_of(o, i), o->justify && !last, &w,
                  &out->lines[i]);
    }
    scratch_free(&w);
    free(lines);
    text_free(&t);
    if (m)
        memo_put(m, hash, MEMO_LINES, spans, o, NULL, out);
}

void gr_lines_free(gr_lines *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++)
        free(l->lines[i].glyphs);
    free(l->lines);
    l->lines = NULL;
    l->n = 0;
}

void gr_text_widths(const gr_fonts *f, const gr_span *spans, size_t nspans,
                    const gr_text_opts *o, double *min, double *max)
{
    uint64_t hash = 0;
    double v[2] = {0, 0};
    gr_text_memo *m = memo_for(f, spans, nspans, o, MEMO_WIDTHS, &hash);
    if (!m || !memo_get(m, hash, MEMO_WIDTHS, spans, o, v, NULL)) {
        text t;
        build(&t, f, spans, nspans, o);
        size_t s = skip_spaces(&t, 0);
        while (s < t.n) {
            size_t e = s + 1;
            while (!allowed(&t, e))
                e++;
            double wseg = nat(&t, s, e) + (s == 0 ? o->first_indent : 0);
            if (wseg > v[0]) v[0] = wseg;
            s = skip_spaces(&t, e);
        }
        v[1] = t.n ? nat(&t, 0, t.n) + o->first_indent : 0;
        text_free(&t);
        if (m)
            memo_put(m, hash, MEMO_WIDTHS, spans, o, v, NULL);
    }
    *min = v[0];
    *max = v[1];
}

double gr_text_min_width(const gr_fonts *f, const gr_span *spans, size_t nspans,
                         const gr_text_opts *o)
{
    double mn, mx;
    gr_text_widths(f, spans, nspans, o, &mn, &mx);
    return mn;
}

double gr_text_max_width(const gr_fonts *f, const gr_span *spans, size_t nspans,
                         const gr_text_opts *o)
{
    double mn, mx;
    gr_text_widths(f, spans, nspans, o, &mn, &mx);
    return mx;
}
