/* font_subset_cff: the CFF programs of font_subset. It reads a CFF table: where its
 * glyphs' charstrings lie, the CID of each glyph and the character collection (ROS), which
 * the PDF writer needs of a subset's program. And for a CID-keyed CFF without subroutines
 * (Fandol's faces) it cuts the subset itself, a copy of the source's charstrings without
 * their hints, where HarfBuzz would re-encode every one: most of a batch's subsetting. */
#include "output/font_subset_cff.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the CFF program: where its glyphs are, and the CID of each glyph ---- */

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* A CFF INDEX at at: its count, where its data begins (the byte offsets count from the
 * byte before it) and where the INDEX ends. False when it does not fit in len. */
typedef struct {
    unsigned count, osz;
    size_t offsets, data, end;
} cff_index;

static bool index_read(const unsigned char *p, size_t len, size_t at, cff_index *x)
{
    memset(x, 0, sizeof *x);
    if (at > len || len - at < 2)
        return false;
    x->count = rd16(p + at);
    if (!x->count) {
        x->end = at + 2;
        return true;
    }
    if (len - at < 3)
        return false;
    x->osz = p[at + 2];
    x->offsets = at + 3;
    if (x->osz < 1 || x->osz > 4 || (len - x->offsets) / x->osz < (size_t)x->count + 1)
        return false;
    x->data = x->offsets + ((size_t)x->count + 1) * x->osz - 1;
    size_t last = 0;
    for (unsigned k = 0; k < x->osz; k++)
        last = last << 8 | p[x->offsets + (size_t)x->count * x->osz + k];
    if (last < 1 || last > len - x->data)
        return false;
    x->end = x->data + last;
    return true;
}

/* Offset i (0 … count) of an INDEX, relative to its data. */
static size_t index_off(const unsigned char *p, const cff_index *x, unsigned i)
{
    size_t v = 0;
    for (unsigned k = 0; k < x->osz; k++)
        v = v << 8 | p[x->offsets + (size_t)i * x->osz + k];
    return v;
}

/* The Top DICT entries we need: operands of ROS (12 30), charset (15), CharStrings (17). */
typedef struct {
    bool cid;
    long ros[3];
    long charset, charstrings;
} top_dict;

static bool dict_entry(const unsigned char *p, size_t len, size_t *i, unsigned *op, long *opnd,
                       int *n);

static bool dict_read(const unsigned char *p, size_t len, top_dict *t)
{
    long opnd[48];
    int n;
    unsigned op;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < len;) {
        if (!dict_entry(p, len, &i, &op, opnd, &n))
            return false;
        if (op == 1230 && n >= 3) {
            t->cid = true;
            memcpy(t->ros, opnd + n - 3, sizeof t->ros);
        } else if (op == 15 && n >= 1) {
            t->charset = opnd[n - 1];
        } else if (op == 17 && n >= 1) {
            t->charstrings = opnd[n - 1];
        }
    }
    return true;
}

/* A string of the String INDEX by SID, into out (standard strings, SID < 391, are not
 * ours to look up: false). */
static bool sid_string(const unsigned char *p, const cff_index *strings, long sid, char *out,
                       size_t cap)
{
    if (sid < 391 || (unsigned long)(sid - 391) >= strings->count)
        return false;
    unsigned i = (unsigned)(sid - 391);
    size_t a = index_off(p, strings, i), b = index_off(p, strings, i + 1);
    if (a < 1 || b < a || b - a >= cap)
        return false;
    for (size_t k = a; k < b; k++)
        if (p[strings->data + k] < 0x21 || p[strings->data + k] > 0x7E)
            return false;
    memcpy(out, p + strings->data + a, b - a);
    out[b - a] = 0;
    return true;
}

/* ---- a direct subset of a CID-keyed CFF without subroutines ----
 * Fandol's faces are CID-keyed and have no subroutines: a subset is then the source's own
 * CharStrings copied, with a charset, an FDSelect and the Font and Private DICTs around
 * them, which costs a copy where HarfBuzz would run and re-encode every charstring (most
 * of a batch's subsetting time); hints are dropped as HarfBuzz drops them. Any other CFF
 * goes through HarfBuzz. */

#define GR_CFF_MAX_FD 256 /* FDSelect numbers Font DICTs in a byte */

struct gr_cff_source {
    hb_blob_t *blob;
    const unsigned char *p;
    size_t len;
    size_t name_at, name_end, strings_at, strings_end; /* INDEXes copied whole */
    unsigned char *top; /* the Top DICT without its offsets, verbatim */
    size_t ntop;
    cff_index chars;
    unsigned nglyphs, nfd;
    uint16_t *cid_of; /* CID of each source glyph */
    uint8_t *fd_of;   /* Font DICT of each source glyph */
    /* each glyph's charstring without hints, made on first use and kept (a batch asks for
     * the same glyphs again and again): a length, then the bytes; published by CAS */
    _Atomic(unsigned char *) *stripped;
    struct {
        unsigned char *dict; /* the Font DICT without its Private entry */
        size_t ndict;
        size_t priv_at, priv_len;
    } fd[GR_CFF_MAX_FD];
};

/* One DICT entry from *i: its operator (12 x as 1200 + x) and operands. False at the end
 * or on a malformed entry. */
static bool dict_entry(const unsigned char *p, size_t len, size_t *i, unsigned *op, long *opnd,
                       int *n)
{
    *n = 0;
    while (*i < len) {
        unsigned b = p[*i];
        if (b <= 21) {
            *op = b;
            if (b == 12) {
                if (++*i >= len)
                    return false;
                *op = 1200 + p[*i];
            }
            ++*i;
            return true;
        }
        long v;
        if (b == 28 && len - *i >= 3) {
            v = (int16_t)rd16(p + *i + 1);
            *i += 3;
        } else if (b == 29 && len - *i >= 5) {
            v = (long)(int32_t)((uint32_t)rd16(p + *i + 1) << 16 | rd16(p + *i + 3));
            *i += 5;
        } else if (b == 30) {
            v = 0;
            for (++*i; *i < len && (p[*i] & 0x0F) != 0x0F && (p[*i] >> 4) != 0x0F; ++*i)
                ;
            ++*i;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            ++*i;
        } else if (b >= 247 && b <= 254 && len - *i >= 2) {
            v = b <= 250 ? (long)(b - 247) * 256 + p[*i + 1] + 108
                         : -(long)(b - 251) * 256 - p[*i + 1] - 108;
            *i += 2;
        } else {
            return false;
        }
        if (*n < 48)
            opnd[(*n)++] = v;
    }
    return false;
}

/* Copy the entries of a DICT except the operators in drop[] onto *out. */
static bool dict_filter(const unsigned char *p, size_t len, const unsigned *drop, int ndrop,
                        unsigned char **out, size_t *nout)
{
    *out = gr_xmalloc(len + 1);
    *nout = 0;
    long opnd[48];
    int n;
    unsigned op;
    size_t i = 0, start = 0;
    while (i < len) {
        if (!dict_entry(p, len, &i, &op, opnd, &n))
            return false;
        bool keep = true;
        for (int k = 0; k < ndrop; k++)
            keep &= op != drop[k];
        if (keep) {
            memcpy(*out + *nout, p + start, i - start);
            *nout += i - start;
        }
        start = i;
    }
    return true;
}

void gr_cff_source_free(gr_cff_source *c)
{
    if (!c)
        return;
    if (c->blob)
        hb_blob_destroy(c->blob);
    free(c->top);
    free(c->cid_of);
    free(c->fd_of);
    for (unsigned g = 0; c->stripped && g < c->nglyphs; g++)
        free(atomic_load_explicit(&c->stripped[g], memory_order_relaxed));
    free(c->stripped);
    for (unsigned k = 0; k < c->nfd; k++)
        free(c->fd[k].dict);
    free(c);
}

/* The source face's CFF, if it is CID-keyed and has no subroutines; else NULL. */
gr_cff_source *gr_cff_source_read(hb_face_t *face)
{
    gr_cff_source *c = gr_xcalloc(1, sizeof *c);
    c->blob = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    unsigned blen;
    const unsigned char *p = c->p = (const unsigned char *)hb_blob_get_data(c->blob, &blen);
    size_t len = c->len = blen;
    cff_index name, top, strings, gsubrs, fdarray;
    if (!p || len < 4 || p[0] != 1 || p[2] < 4 || !index_read(p, len, p[2], &name) ||
        !index_read(p, len, name.end, &top) || top.count != 1 ||
        !index_read(p, len, top.end, &strings) || !index_read(p, len, strings.end, &gsubrs) ||
        gsubrs.count != 0)
        goto fail;
    c->name_at = p[2];
    c->name_end = name.end;
    c->strings_at = top.end;
    c->strings_end = strings.end;
    size_t ta = index_off(p, &top, 0), tb = index_off(p, &top, 1);
    if (ta < 1 || tb < ta || tb > top.end - top.data)
        goto fail;
    const unsigned char *td = p + top.data + ta;
    size_t tlen = tb - ta, i = 0;
    long opnd[48], charset = 0, charstrings = 0, fdselect = 0, fdarr = 0;
    int n;
    unsigned op;
    bool cid = false;
    while (i < tlen) {
        if (!dict_entry(td, tlen, &i, &op, opnd, &n))
            goto fail;
        long last = n ? opnd[n - 1] : 0;
        if (op == 1230)
            cid = true;
        else if (op == 15)
            charset = last;
        else if (op == 17)
            charstrings = last;
        else if (op == 1237)
            fdselect = last;
        else if (op == 1236)
            fdarr = last;
        else if (op == 1206 && last != 2)
            goto fail; /* not Type 2 charstrings */
    }
    static const unsigned top_drop[] = {15, 16, 17, 18, 1236, 1237};
    if (!cid || charset <= 2 || charstrings <= 0 || fdselect <= 0 || fdarr <= 0 ||
        (size_t)charset >= len || (size_t)fdselect >= len ||
        !index_read(p, len, (size_t)charstrings, &c->chars) || c->chars.count < 1 ||
        !index_read(p, len, (size_t)fdarr, &fdarray) || fdarray.count < 1 ||
        fdarray.count > GR_CFF_MAX_FD || !dict_filter(td, tlen, top_drop, 6, &c->top, &c->ntop))
        goto fail;
    unsigned ng = c->nglyphs = c->chars.count;
    c->stripped = gr_xcalloc(ng, sizeof *c->stripped);
    /* charset: the CID of each glyph */
    c->cid_of = gr_xcalloc(ng, sizeof *c->cid_of);
    size_t at = (size_t)charset + 1;
    unsigned fmt = p[charset];
    for (unsigned g = 1; g < ng;) {
        if (fmt == 0 && len - at >= 2) {
            c->cid_of[g++] = (uint16_t)rd16(p + at);
            at += 2;
        } else if ((fmt == 1 && len - at >= 3) || (fmt == 2 && len - at >= 4)) {
            unsigned first = rd16(p + at), left = fmt == 1 ? p[at + 2] : rd16(p + at + 2);
            for (unsigned k = 0; k <= left && g < ng; k++)
                c->cid_of[g++] = (uint16_t)(first + k);
            at += fmt == 1 ? 3 : 4;
        } else {
            goto fail;
        }
    }
    /* FDSelect: the Font DICT of each glyph */
    c->fd_of = gr_xcalloc(ng, 1);
    at = (size_t)fdselect + 1;
    if (p[fdselect] == 0) {
        if (len - at < ng)
            goto fail;
        memcpy(c->fd_of, p + at, ng);
    } else if (p[fdselect] == 3 && len - at >= 2) {
        unsigned nr = rd16(p + at);
        at += 2;
        if (nr == 0 || (len - at) / 3 < nr || len - at - 3 * (size_t)nr < 2)
            goto fail;
        for (unsigned r = 0; r < nr; r++) {
            unsigned first = rd16(p + at + 3 * r), fd = p[at + 3 * r + 2];
            unsigned next = rd16(p + at + 3 * (r + 1)); /* the sentinel after the last */
            if (first > next || next > ng || (r == 0 && first != 0))
                goto fail;
            memset(c->fd_of + first, (int)fd, next - first);
        }
    } else {
        goto fail;
    }
    /* Font DICTs and their Private DICTs, which must not call subroutines */
    c->nfd = fdarray.count;
    for (unsigned g = 0; g < ng; g++)
        if (c->fd_of[g] >= c->nfd)
            goto fail;
    for (unsigned k = 0; k < c->nfd; k++) {
        size_t fa = index_off(p, &fdarray, k), fb = index_off(p, &fdarray, k + 1);
        if (fa < 1 || fb < fa || fb > fdarray.end - fdarray.data)
            goto fail;
        const unsigned char *fdd = p + fdarray.data + fa;
        size_t flen = fb - fa, j = 0;
        long psize = -1, poff = -1;
        while (j < flen) {
            if (!dict_entry(fdd, flen, &j, &op, opnd, &n))
                goto fail;
            if (op == 18 && n >= 2) {
                psize = opnd[n - 2];
                poff = opnd[n - 1];
            }
        }
        static const unsigned fd_drop[] = {18};
        if (psize < 0 || poff < 0 || (size_t)poff > len || (size_t)psize > len - (size_t)poff ||
            !dict_filter(fdd, flen, fd_drop, 1, &c->fd[k].dict, &c->fd[k].ndict))
            goto fail;
        c->fd[k].priv_at = (size_t)poff;
        c->fd[k].priv_len = (size_t)psize;
        const unsigned char *pd = p + poff;
        j = 0;
        while (j < (size_t)psize) {
            if (!dict_entry(pd, (size_t)psize, &j, &op, opnd, &n) || op == 19)
                goto fail; /* local subroutines: HarfBuzz's subsetter handles those */
        }
    }
    return c;
fail:
    gr_cff_source_free(c);
    return NULL;
}

/* A Type 2 charstring without its hints (stems, hint and counter masks), onto b: what
 * HarfBuzz's subsetter drops too, a tenth of Fandol's program. The advance width, when the
 * first stem operator carries it, moves to the first operator kept. False when the
 * charstring is not one we can read (then it is copied whole). */
/* The bytes of a Type 2 charstring number by its first byte (28: 3; 32–246: 1; 247–254: 2;
 * 255: 5); 0 for an operator. */
static const unsigned char num_len[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /*   0– 15 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, /*  16– 31 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /*  32– 47 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /*  48– 63 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /*  64– 79 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /*  80– 95 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /*  96–111 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 112–127 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 128–143 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 144–159 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 160–175 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 176–191 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 192–207 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 208–223 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 224–239 */
    1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 5, /* 240–255 */
};
_Static_assert(sizeof num_len == 256, "a length for every byte");

static bool strip_hints(const unsigned char *p, size_t len, gr_buf *b)
{
    enum { MAX_ARGS = 48 };
    size_t arg_at[MAX_ARGS + 1], nargs = 0, width_at = 0, width_len = 0, start = b->len;
    /* the operators kept, copied in spans: p[keep_from..keep_to) is kept and not yet on b */
    size_t keep_from = 0, keep_to = 0;
    unsigned stems = 0;
    bool width_known = false;
    for (size_t i = 0; i < len;) {
        unsigned v = p[i];
        size_t w = num_len[v];
        if (w) { /* a number */
            if (i + w > len || nargs == MAX_ARGS)
                goto bad;
            arg_at[nargs++] = i;
            i += w;
            continue;
        }
        arg_at[nargs] = i;
        unsigned op = v == 12 ? 1200u + (i + 1 < len ? p[i + 1] : 0u) : v;
        size_t oplen = v == 12 ? 2 : 1;
        if (i + oplen > len)
            goto bad;
        bool stem = op == 1 || op == 3 || op == 18 || op == 23, mask = op == 19 || op == 20;
        /* operators that clear the stack: the first may carry the width, an extra first
         * operand (odd counts for stems and rmoveto's 2, hmoveto's 1, endchar's 0 or 4) */
        if (!width_known && (stem || mask || op == 21 || op == 22 || op == 4 || op == 14)) {
            bool extra = stem || mask ? nargs % 2 == 1
                         : op == 21   ? nargs == 3
                         : op == 14   ? nargs == 1 || nargs == 5
                                      : nargs == 2;
            width_known = true;
            if (extra) {
                width_at = arg_at[0];
                width_len = arg_at[1] - arg_at[0];
                if (!stem && !mask) { /* the width stays where it is */
                    width_len = 0;
                }
                if (stem || mask) {
                    memmove(arg_at, arg_at + 1, nargs * sizeof *arg_at);
                    nargs--;
                }
            }
        }
        if (stem || mask) {
            stems += (unsigned)nargs / 2;
            i += oplen;
            if (mask)
                i += (stems + 7) / 8; /* the mask's bytes */
            if (i > len)
                goto bad;
            nargs = 0;
            continue;
        }
        if (op == 10 || op == 29 || op == 11)
            goto bad; /* subroutines: not in a source we subset directly */
        size_t from = nargs ? arg_at[0] : i;
        if (width_len || from != keep_to) { /* not where the kept bytes end: flush them */
            gr_buf_add(b, (const char *)p + keep_from, keep_to - keep_from);
            keep_from = from;
        }
        if (width_len) { /* the width a dropped stem operator carried */
            gr_buf_add(b, (const char *)p + width_at, width_len);
            width_len = 0;
        }
        i += oplen;
        keep_to = i;
        nargs = 0;
        if (op == 14) {
            gr_buf_add(b, (const char *)p + keep_from, keep_to - keep_from);
            return true;
        }
    }
bad:
    b->len = start;
    return false;
}

static void put16(gr_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    gr_buf_add(b, (const char *)x, 2);
}

static void put32(gr_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    gr_buf_add(b, (const char *)x, 4);
}

/* An operand as 29 + four bytes, so that a DICT's size does not depend on its offsets. */
static void put_int5(gr_buf *b, uint32_t v)
{
    gr_buf_add(b, "\x1d", 1);
    put32(b, v);
}

static void put_op(gr_buf *b, unsigned op)
{
    unsigned char x[2] = {12, (unsigned char)(op - 1200)};
    if (op >= 1200)
        gr_buf_add(b, (const char *)x, 2);
    else
        gr_buf_add(b, (const char *)&(unsigned char){(unsigned char)op}, 1);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void gr_cff_subset(gr_cff_source *c, hb_font_t *font, const uint32_t *cps, size_t n,
                   unsigned char **data, size_t *len, uint16_t **gids, unsigned *nglyphs)
{
    const unsigned char *p = c->p;
    uint32_t *old = gr_xmalloc((n + 1) * sizeof *old);
    size_t k = 0;
    old[k++] = 0;
    hb_codepoint_t *of = gr_xmalloc((n + 1) * sizeof *of);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g;
        of[i] = hb_font_get_nominal_glyph(font, cps[i], &g) && g < c->nglyphs ? g : 0;
        if (of[i])
            old[k++] = of[i];
    }
    qsort(old, k, sizeof *old, cmp_u32);
    size_t ng = 0;
    for (size_t i = 0; i < k; i++)
        if (ng == 0 || old[i] != old[ng - 1])
            old[ng++] = old[i];
    *gids = gr_xcalloc(n + 1, sizeof **gids);
    for (size_t i = 0; i < n; i++) {
        uint32_t key = of[i];
        const uint32_t *hit = bsearch(&key, old, ng, sizeof *old, cmp_u32);
        (*gids)[i] = (uint16_t)(hit ? hit - old : 0);
    }
    free(of);

    /* the charstrings, hints dropped, and where each ends */
    gr_buf cs = {0};
    uint32_t *ends = gr_xmalloc((ng + 1) * sizeof *ends);
    gr_buf one = {0};
    for (size_t i = 0; i < ng; i++) {
        _Atomic(unsigned char *) *slot = &c->stripped[old[i]];
        unsigned char *got = atomic_load_explicit(slot, memory_order_acquire);
        if (!got) {
            size_t from = index_off(p, &c->chars, old[i]);
            size_t to = index_off(p, &c->chars, old[i] + 1);
            one.len = 0;
            if (!strip_hints(p + c->chars.data + from, to - from, &one))
                gr_buf_add(&one, (const char *)p + c->chars.data + from, to - from);
            unsigned char *fresh = gr_xmalloc(sizeof(uint32_t) + one.len);
            uint32_t n32 = (uint32_t)one.len;
            memcpy(fresh, &n32, sizeof n32);
            memcpy(fresh + sizeof n32, one.s, one.len);
            if (atomic_compare_exchange_strong_explicit(slot, &got, fresh, memory_order_acq_rel,
                                                        memory_order_acquire))
                got = fresh;
            else
                free(fresh); /* another thread's, the same bytes, came first */
        }
        uint32_t n32;
        memcpy(&n32, got, sizeof n32);
        gr_buf_add(&cs, (const char *)got + sizeof n32, n32);
        ends[i] = (uint32_t)cs.len;
    }
    gr_buf_free(&one);
    size_t cs_bytes = cs.len;
    size_t top_len = c->ntop + 4 * 5 + 1 + 1 + 2 + 2; /* the kept entries and 4 offsets */
    size_t o_name = 4, o_top = o_name + (c->name_end - c->name_at);
    size_t o_strings = o_top + 2 + 1 + 2 * 4 + top_len;
    size_t o_gsubrs = o_strings + (c->strings_end - c->strings_at);
    size_t o_charset = o_gsubrs + 2;
    size_t o_fdselect = o_charset + 1 + 2 * (ng - 1);
    size_t o_chars = o_fdselect + 1 + ng;
    size_t o_fdarray = o_chars + 2 + 1 + 4 * (ng + 1) + cs_bytes;
    size_t fd_bytes = 0;
    for (unsigned f = 0; f < c->nfd; f++)
        fd_bytes += c->fd[f].ndict + 11;
    size_t o_priv = o_fdarray + 2 + 1 + 4 * ((size_t)c->nfd + 1) + fd_bytes;

    gr_buf b = {0};
    gr_buf_add(&b, "\x01\x00\x04\x04", 4);
    gr_buf_add(&b, (const char *)p + c->name_at, c->name_end - c->name_at);
    put16(&b, 1); /* Top DICT INDEX */
    gr_buf_add(&b, "\x04", 1);
    put32(&b, 1);
    put32(&b, (uint32_t)top_len + 1);
    gr_buf_add(&b, (const char *)c->top, c->ntop);
    put_int5(&b, (uint32_t)o_charset);
    put_op(&b, 15);
    put_int5(&b, (uint32_t)o_chars);
    put_op(&b, 17);
    put_int5(&b, (uint32_t)o_fdselect);
    put_op(&b, 1237);
    put_int5(&b, (uint32_t)o_fdarray);
    put_op(&b, 1236);
    gr_buf_add(&b, (const char *)p + c->strings_at, c->strings_end - c->strings_at);
    put16(&b, 0); /* no global subroutines */
    gr_buf_add(&b, "\x00", 1); /* charset, format 0 */
    for (size_t i = 1; i < ng; i++)
        put16(&b, c->cid_of[old[i]]);
    gr_buf_add(&b, "\x00", 1); /* FDSelect, format 0 */
    for (size_t i = 0; i < ng; i++)
        gr_buf_add(&b, (const char *)&c->fd_of[old[i]], 1);
    put16(&b, (unsigned)ng); /* CharStrings */
    gr_buf_add(&b, "\x04", 1);
    put32(&b, 1);
    for (size_t i = 0; i < ng; i++)
        put32(&b, ends[i] + 1);
    gr_buf_add(&b, cs.s, cs.len);
    gr_buf_free(&cs);
    free(ends);
    uint32_t off;
    put16(&b, c->nfd); /* FDArray */
    gr_buf_add(&b, "\x04", 1);
    off = 1;
    put32(&b, off);
    for (unsigned f = 0; f < c->nfd; f++) {
        off += (uint32_t)(c->fd[f].ndict + 11);
        put32(&b, off);
    }
    size_t at = o_priv;
    for (unsigned f = 0; f < c->nfd; f++) {
        gr_buf_add(&b, (const char *)c->fd[f].dict, c->fd[f].ndict);
        put_int5(&b, (uint32_t)c->fd[f].priv_len);
        put_int5(&b, (uint32_t)at);
        put_op(&b, 18);
        at += c->fd[f].priv_len;
    }
    for (unsigned f = 0; f < c->nfd; f++)
        gr_buf_add(&b, (const char *)p + c->fd[f].priv_at, c->fd[f].priv_len);
    free(old);
    *data = (unsigned char *)b.s;
    *len = b.len;
    *nglyphs = (unsigned)ng;
}

/* ---- a subset's program, read for the writers ---- */

bool gr_cff_read(const unsigned char *p, size_t len, unsigned nglyphs, gr_cff_program *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->registry, sizeof s->registry, "Adobe");
    snprintf(s->ordering, sizeof s->ordering, "Identity");
    uint16_t **cid_of = &s->cid_of;
    cff_index name, top, strings, gsubrs, chars;
    top_dict t;
    if (len < 4 || p[0] != 1 || p[2] < 4 || !index_read(p, len, p[2], &name) ||
        !index_read(p, len, name.end, &top) || top.count != 1 ||
        !index_read(p, len, top.end, &strings) || !index_read(p, len, strings.end, &gsubrs))
        return false;
    size_t a = index_off(p, &top, 0), b = index_off(p, &top, 1);
    if (a < 1 || b < a || b > top.end - top.data || !dict_read(p + top.data + a, b - a, &t))
        return false;
    if (t.charstrings <= 0 || !index_read(p, len, (size_t)t.charstrings, &chars) ||
        chars.count == 0 || chars.count != nglyphs)
        return false;
    s->outlines_off = chars.data + 1;
    s->glyph_end = gr_xmalloc(chars.count * sizeof *s->glyph_end);
    for (unsigned g = 0; g < chars.count; g++) {
        size_t from = index_off(p, &chars, g), to = index_off(p, &chars, g + 1);
        if (from < 1 || to < from || to > chars.end - chars.data)
            return false;
        s->glyph_end[g] = (uint32_t)(to - 1);
    }
    *cid_of = gr_xcalloc(chars.count, sizeof **cid_of);
    for (unsigned g = 0; g < chars.count; g++)
        (*cid_of)[g] = (uint16_t)g;
    if (!t.cid)
        return true; /* name-keyed: a CIDFontType0 reads the CID as the glyph index */
    if (t.charset <= 2 || (size_t)t.charset >= len) /* a CID font's charset is its own */
        return false;
    size_t at = (size_t)t.charset + 1;
    unsigned fmt = p[t.charset], g = 1;
    while (g < chars.count) {
        if (fmt == 0) {
            if (len - at < 2)
                return false;
            (*cid_of)[g++] = (uint16_t)rd16(p + at);
            at += 2;
        } else if (fmt == 1 || fmt == 2) {
            size_t rec = fmt == 1 ? 3 : 4;
            if (len - at < rec)
                return false;
            unsigned first = rd16(p + at), left = fmt == 1 ? p[at + 2] : rd16(p + at + 2);
            for (unsigned k = 0; k <= left && g < chars.count; k++)
                (*cid_of)[g++] = (uint16_t)(first + k);
            at += rec;
        } else {
            return false;
        }
    }
    if (!sid_string(p, &strings, t.ros[0], s->registry, sizeof s->registry) ||
        !sid_string(p, &strings, t.ros[1], s->ordering, sizeof s->ordering)) {
        snprintf(s->registry, sizeof s->registry, "Adobe");
        snprintf(s->ordering, sizeof s->ordering, "Identity");
    } else {
        s->supplement = (int)t.ros[2];
    }
    return true;
}
