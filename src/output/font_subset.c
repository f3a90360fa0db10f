/* font_subset: subsets of the faces a document draws, for every writer. The face comes
 * from layout's font roles (its hb_face_t); the subset keeps the outlines and metrics of
 * the characters drawn, no hinting, no layout tables. HarfBuzz makes it, except for a
 * CID-keyed CFF without subroutines (Fandol), which font_subset_cff.c cuts directly; that
 * file also reads a CFF subset's glyphs and CIDs. TrueType codes are numbered from 1 in
 * the order of the characters; CFF codes are the program's CIDs. A small memo per face,
 * hung on the hb_face_t itself (so it lives and dies with the face), serves a batch,
 * whose heading and table fonts draw the same characters in every report. */
#include "output/font_subset.h"

#include "output/font_subset_cff.h"

#include <hb-subset.h>
#include <hb.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_SUBSET_MEMO 4 /* recent subsets kept per face */

/* ---- the memo: the program and the glyph of each character, by character list ---- */

typedef struct {
    uint32_t *cps; /* NULL: an empty slot */
    size_t n;
    unsigned char *data;
    size_t len;
    uint16_t *gids;
    unsigned nglyphs;
} memo_slot;

typedef struct {
    pthread_mutex_t lock;
    memo_slot slot[GR_SUBSET_MEMO];
    unsigned next; /* the slot replaced next */
    memo_slot sfnt[GR_SUBSET_MEMO]; /* standalone files (gr_font_subset_sfnt), likewise */
    unsigned sfnt_next;
    bool src_known;     /* the CFF source has been looked at */
    gr_cff_source *src; /* a CID-keyed CFF without subroutines: subset directly */
} subset_memo;

static hb_user_data_key_t memo_key;

static void slot_clear(memo_slot *s)
{
    free(s->cps);
    free(s->data);
    free(s->gids);
    memset(s, 0, sizeof *s);
}

static void memo_destroy(void *p)
{
    subset_memo *m = p;
    for (int i = 0; i < GR_SUBSET_MEMO; i++) {
        slot_clear(&m->slot[i]);
        slot_clear(&m->sfnt[i]);
    }
    gr_cff_source_free(m->src);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

/* The face's memo, made on first use; NULL when HarfBuzz cannot hold it (no memo then). */
static subset_memo *memo_of(hb_face_t *face)
{
    subset_memo *m = hb_face_get_user_data(face, &memo_key);
    if (m)
        return m;
    m = gr_xcalloc(1, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    /* another thread may attach its memo first: ours is then dropped and theirs used */
    if (!hb_face_set_user_data(face, &memo_key, m, memo_destroy, false))
        memo_destroy(m);
    return hb_face_get_user_data(face, &memo_key);
}

static void *dup_bytes(const void *p, size_t n)
{
    void *q = gr_xmalloc(n ? n : 1);
    memcpy(q, p, n);
    return q;
}

/* ---- subsetting ---- */

/* The subsetter's input for cps: outlines and metrics kept, and cmap and name unless for
 * a standalone file (the writers map codes to glyphs themselves, and building the
 * subset's cmap is a good part of the subsetting time). */
/* What a subset is for: the program a PDF embeds (no cmap, no name), a standalone file, or
 * a standalone file whose CFF table is added after (sfnt_own_cff). */
typedef enum { SUB_PROGRAM, SUB_FILE, SUB_FILE_NO_CFF } sub_mode;

static hb_subset_input_t *subset_input(const uint32_t *cps, size_t n, sub_mode mode)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(unicodes, cps[i]);
    /* Layout, vertical and bitmap tables are of no use to a viewer drawing single glyphs,
     * nor are hinting instructions (Liberation Serif's subset shrinks to a third). Glyph
     * IDs are renumbered; the writer maps its codes to them. */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('k', 'e', 'r', 'n'),
        HB_TAG('D', 'S', 'I', 'G'), HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'),
        HB_TAG('E', 'B', 'S', 'C'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'),
        HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'), HB_TAG('P', 'C', 'L', 'T'),
        HB_TAG('m', 'o', 'r', 'x'), HB_TAG('b', 'l', 'o', 'c'), HB_TAG('b', 'd', 'a', 't'),
    };
    hb_set_t *drop_set = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        hb_set_add(drop_set, drop[i]);
    if (mode == SUB_PROGRAM) {
        hb_set_add(drop_set, HB_TAG('c', 'm', 'a', 'p'));
        hb_set_add(drop_set, HB_TAG('n', 'a', 'm', 'e'));
    }
    if (mode == SUB_FILE_NO_CFF)
        hb_set_add(drop_set, HB_TAG('C', 'F', 'F', ' '));
    /* CFF charstrings are flattened (subroutine calls inlined): for Fandol, which has no
     * subroutines, the same bytes a third faster; for Noto CJK a smaller program, made
     * twice as fast; and a glyph's bytes no longer depend on the report's other glyphs,
     * so a batch's run cache finds them again. TrueType is not affected. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    /* no layout closure: the GSUB/GPOS tables are dropped anyway */
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG));
    return in;
}

/* The subset of face for cps: its bytes (the sfnt, or only its CFF table when cff), glyph
 * count, and the glyph of each cps[i] in gids (allocated, n + 1 entries). */
static gr_status subset_run(hb_face_t *face, const uint32_t *cps, size_t n, sub_mode mode,
                            bool cff, unsigned char **data, size_t *len, uint16_t **gids,
                            unsigned *nglyphs)
{
    gr_status st = GR_ERR_ENV;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    *data = NULL;
    *gids = NULL;
    hb_subset_input_t *in = subset_input(cps, n, mode);
    if (!in || !(plan = hb_subset_plan_create_or_fail(face, in)))
        goto fail;
    const hb_map_t *cp_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
    const hb_map_t *old_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    *gids = gr_xcalloc(n + 1, sizeof **gids);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t old = hb_map_get(cp_old, cps[i]);
        hb_codepoint_t gid = old == HB_MAP_VALUE_INVALID ? old : hb_map_get(old_new, old);
        (*gids)[i] = (uint16_t)(gid == HB_MAP_VALUE_INVALID || gid > UINT16_MAX ? 0 : gid);
    }
    if (!(sub = hb_subset_plan_execute_or_fail(plan)))
        goto fail;
    *nglyphs = hb_face_get_glyph_count(sub);
    blob = cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
               : hb_face_reference_blob(sub);
    unsigned blen;
    const char *bytes = hb_blob_get_data(blob, &blen);
    if (!bytes || !blen)
        goto fail;
    *data = dup_bytes(bytes, blen);
    *len = blen;
    st = GR_OK;
fail:
    if (st != GR_OK) {
        free(*gids);
        *gids = NULL;
    }
    if (blob)
        hb_blob_destroy(blob);
    if (sub)
        hb_face_destroy(sub);
    if (plan)
        hb_subset_plan_destroy(plan);
    if (in)
        hb_subset_input_destroy(in);
    return st;
}


/* The face's CFF as font_subset_cff cuts it (read once), or NULL when it cannot. */
static gr_cff_source *cff_source_of(subset_memo *m, hb_face_t *face)
{
    pthread_mutex_lock(&m->lock);
    if (!m->src_known) {
        m->src_known = true;
        m->src = gr_cff_source_read(face);
    }
    gr_cff_source *src = m->src;
    pthread_mutex_unlock(&m->lock);
    return src;
}

/* The program and glyphs for cps, from the memo or made and remembered. */
static gr_status subset_memoized(hb_face_t *face, const uint32_t *cps, size_t n, bool cff,
                                 gr_font_subset *out)
{
    subset_memo *m = memo_of(face);
    if (m) {
        pthread_mutex_lock(&m->lock);
        for (int i = 0; i < GR_SUBSET_MEMO; i++) {
            const memo_slot *s = &m->slot[i];
            if (s->cps && s->n == n && memcmp(s->cps, cps, n * sizeof *cps) == 0) {
                out->data = dup_bytes(s->data, s->len);
                out->len = s->len;
                out->gids = dup_bytes(s->gids, (n + 1) * sizeof *s->gids);
                out->nglyphs = s->nglyphs;
                pthread_mutex_unlock(&m->lock);
                return GR_OK;
            }
        }
        pthread_mutex_unlock(&m->lock);
    }
    gr_cff_source *src = m && cff ? cff_source_of(m, face) : NULL;
    if (src) {
        /* a font of its own: one kept here would hold the face, and so its memo, alive
         * (the cmap's lookup tables belong to the face and are made once) */
        hb_font_t *font = hb_font_create(face);
        gr_cff_subset(src, font, cps, n, &out->data, &out->len, &out->gids, &out->nglyphs);
        hb_font_destroy(font);
    }
    else if (subset_run(face, cps, n, SUB_PROGRAM, cff, &out->data, &out->len, &out->gids,
                        &out->nglyphs) != GR_OK)
        return GR_ERR_ENV;
    if (!m)
        return GR_OK;
    memo_slot fresh = {dup_bytes(cps, n * sizeof *cps),
                       n,
                       dup_bytes(out->data, out->len),
                       out->len,
                       dup_bytes(out->gids, (n + 1) * sizeof *out->gids),
                       out->nglyphs};
    pthread_mutex_lock(&m->lock);
    memo_slot old = m->slot[m->next % GR_SUBSET_MEMO];
    m->slot[m->next++ % GR_SUBSET_MEMO] = fresh;
    pthread_mutex_unlock(&m->lock);
    slot_clear(&old);
    return GR_OK;
}


/* Read the subset's CFF: where each glyph's CharString ends, the CID of each glyph
 * (cid_of, nglyphs entries; glyph index for a name-keyed font) and the ROS. */
static bool cff_read(gr_font_subset *s, uint16_t **cid_of)
{
    gr_cff_program prog;
    bool ok = gr_cff_read(s->data, s->len, s->nglyphs, &prog);
    s->outlines_off = prog.outlines_off;
    s->glyph_end = prog.glyph_end;
    *cid_of = prog.cid_of;
    memcpy(s->registry, prog.registry, sizeof s->registry);
    memcpy(s->ordering, prog.ordering, sizeof s->ordering);
    s->supplement = prog.supplement;
    return ok;
}

gr_status gr_font_subset_make(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              gr_font_subset *out)
{
    memset(out, 0, sizeof *out);
    hb_face_t *hf = gr_fonts_hb_face(f, face);
    gr_outline outline = gr_fonts_face_outline(f, face);
    bool cff = outline == GR_OUTLINE_CFF;
    if (!hf || outline == GR_OUTLINE_NONE || subset_memoized(hf, cps, n, cff, out) != GR_OK)
        return GR_ERR_ENV;
    out->kind = cff ? GR_FONT_CFF : GR_FONT_TRUETYPE;
    snprintf(out->registry, sizeof out->registry, "Adobe");
    snprintf(out->ordering, sizeof out->ordering, "Identity");
    out->n = n;
    out->cps = dup_bytes(cps, n * sizeof *cps);
    out->cids = gr_xmalloc((n + 1) * sizeof *out->cids);
    out->widths = gr_xmalloc((n + 1) * sizeof *out->widths);
    uint16_t *cid_of = NULL;
    if (cff && !cff_read(out, &cid_of)) {
        free(cid_of);
        gr_font_subset_free(out);
        return GR_ERR_ENV;
    }
    unsigned top = 0; /* the largest CID of the program */
    for (size_t i = 0; i < n; i++) {
        out->cids[i] = cff ? cid_of[out->gids[i] < out->nglyphs ? out->gids[i] : 0]
                           : (uint16_t)(i + 1);
        if (out->cids[i] > top)
            top = out->cids[i];
        out->widths[i] = (int)lround(gr_fonts_advance(f, face, cps[i], 1000.0));
    }
    for (unsigned g = 0; cff && g < out->nglyphs; g++)
        if (cid_of[g] > top)
            top = cid_of[g];
    out->glyph_cid = cid_of;
    out->cid_count = top + 1;
    return GR_OK;
}

typedef struct {
    const gr_fonts *f;
    uint32_t *const *cps;
    const size_t *ns;
    gr_font_subset *subs;
    gr_status *st;
    size_t *order, count; /* the faces with characters, the most first */
    atomic_size_t next;
} faces_job;

static void *faces_work(void *arg)
{
    faces_job *j = arg;
    for (size_t k; (k = atomic_fetch_add(&j->next, 1)) < j->count;) {
        size_t fi = j->order[k];
        j->st[fi] = gr_font_subset_make(j->f, (int)fi, j->cps[fi], j->ns[fi], &j->subs[fi]);
    }
    return NULL;
}

void gr_font_subset_make_faces(const gr_fonts *f, size_t nfaces, uint32_t *const *cps,
                               const size_t *ns, bool two_threads, gr_font_subset *subs,
                               gr_status *st)
{
    faces_job j = {f, cps, ns, subs, st, gr_xcalloc(nfaces + 1, sizeof(size_t)), 0, 0};
    for (size_t fi = 0; fi < nfaces; fi++) {
        memset(&subs[fi], 0, sizeof subs[fi]);
        st[fi] = GR_OK;
        if (!ns[fi])
            continue;
        size_t k = j.count++; /* insertion by count of characters, descending */
        while (k > 0 && ns[j.order[k - 1]] < ns[fi]) {
            j.order[k] = j.order[k - 1];
            k--;
        }
        j.order[k] = fi;
    }
    pthread_t helper;
    bool helping = two_threads && j.count > 1 && pthread_create(&helper, NULL, faces_work, &j) == 0;
    faces_work(&j);
    if (helping)
        pthread_join(helper, NULL);
    free(j.order);
}

void gr_font_subset_free(gr_font_subset *s)
{
    free(s->data);
    free(s->cps);
    free(s->cids);
    free(s->gids);
    free(s->widths);
    free(s->glyph_end);
    free(s->glyph_cid);
    memset(s, 0, sizeof *s);
}

size_t gr_font_subset_cid_list(const gr_font_subset *s, uint16_t **out)
{
    size_t n = s->glyph_cid ? s->nglyphs : s->n + 1;
    uint64_t *set = gr_xcalloc(0x10000 / 64, sizeof *set); /* CIDs are 16-bit: a bit each */
    set[0] = 1;                                             /* CID 0 */
    for (size_t i = 1; i < n; i++) {
        uint16_t c = s->glyph_cid ? s->glyph_cid[i] : s->cids[i - 1];
        set[c >> 6] |= (uint64_t)1 << (c & 63);
    }
    uint16_t *v = gr_xmalloc((n + 1) * sizeof *v);
    size_t k = 0;
    for (uint32_t w = 0; w < 0x10000 / 64; w++)
        for (uint64_t b = set[w]; b; b &= b - 1) /* ascending, each once */
            v[k++] = (uint16_t)(w * 64 + (uint32_t)__builtin_ctzll(b));
    free(set);
    *out = v;
    return k;
}

unsigned gr_font_subset_code(const gr_font_subset *s, uint32_t cp)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->cps[lo] == cp ? s->cids[lo] : 0;
}

/* ---- a standalone file with our own CFF program ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

/* The OpenType checksum of len bytes (padded with zeros to a multiple of 4). */
static uint32_t table_sum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += be32(p + i);
    if (i < len) { /* the last word, padded */
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i);
        sum += be32(w);
    }
    return sum;
}

typedef struct {
    uint32_t tag;
    const unsigned char *data;
    size_t len;
} sfnt_table;

static int cmp_table(const void *a, const void *b)
{
    uint32_t x = ((const sfnt_table *)a)->tag, y = ((const sfnt_table *)b)->tag;
    return (x > y) - (x < y);
}

/* The sfnt base (without a 'CFF ' table) with cff added as its 'CFF ' table: an OpenType
 * file ('OTTO'), tables sorted by tag and 4-byte aligned, their checksums and head's
 * checkSumAdjustment computed. False when base is not a well-formed sfnt. */
static bool sfnt_add_cff(const unsigned char *base, size_t blen, const unsigned char *cff,
                         size_t clen, unsigned char **data, size_t *len)
{
    if (blen < 12)
        return false;
    unsigned nt = (unsigned)base[4] << 8 | base[5];
    if (nt == 0 || nt > 64 || blen < 12 + 16 * (size_t)nt)
        return false;
    sfnt_table t[65];
    size_t total = 12 + 16 * ((size_t)nt + 1);
    for (unsigned i = 0; i < nt; i++) {
        const unsigned char *r = base + 12 + 16 * (size_t)i;
        size_t off = be32(r + 8), tl = be32(r + 12);
        if (be32(r) == HB_TAG('C', 'F', 'F', ' ') || off > blen || tl > blen - off)
            return false;
        t[i] = (sfnt_table){be32(r), base + off, tl};
        total += (tl + 3) & ~(size_t)3;
    }
    t[nt] = (sfnt_table){HB_TAG('C', 'F', 'F', ' '), cff, clen};
    total += (clen + 3) & ~(size_t)3;
    nt++;
    qsort(t, nt, sizeof *t, cmp_table);
    unsigned char *out = gr_xcalloc(total, 1);
    unsigned pow2 = 1, log2 = 0;
    while (pow2 * 2 <= nt) {
        pow2 *= 2;
        log2++;
    }
    put_be32(out, 0x4F54544Fu); /* 'OTTO': CFF outlines */
    put_be16(out + 4, nt);
    put_be16(out + 6, pow2 * 16);
    put_be16(out + 8, log2);
    put_be16(out + 10, nt * 16 - pow2 * 16);
    size_t at = 12 + 16 * (size_t)nt, head_at = 0;
    uint32_t file_sum = 0; /* the tables' sums: each starts on a word, padded with zeros */
    for (unsigned i = 0; i < nt; i++) {
        memcpy(out + at, t[i].data, t[i].len);
        if (t[i].tag == HB_TAG('h', 'e', 'a', 'd') && t[i].len >= 12) {
            head_at = at;
            put_be32(out + at + 8, 0); /* checkSumAdjustment, computed below */
        }
        unsigned char *r = out + 12 + 16 * (size_t)i;
        put_be32(r, t[i].tag);
        uint32_t sum = table_sum(out + at, t[i].len);
        file_sum += sum;
        put_be32(r + 4, sum);
        put_be32(r + 8, (uint32_t)at);
        put_be32(r + 12, (uint32_t)t[i].len);
        at += (t[i].len + 3) & ~(size_t)3;
    }
    if (!head_at) {
        free(out);
        return false;
    }
    file_sum += table_sum(out, 12 + 16 * (size_t)nt); /* and the directory's */
    put_be32(out + head_at + 8, 0xB1B0AFBAu - file_sum);
    *data = out;
    *len = total;
    return true;
}

/* The standalone file of a face font_subset_cff cuts: HarfBuzz makes every table but the
 * CFF (cmap, metrics, names: little work), the CFF program is the PDF's, whose glyphs the
 * batch's memo keeps (HarfBuzz would re-encode every charstring of every report: a quarter
 * of an OFD batch). Both number the glyphs the same way (.notdef, then the source's glyphs
 * in order); that is checked glyph by glyph, and on any difference HarfBuzz makes the
 * whole file instead. */
static bool sfnt_own_cff(hb_face_t *face, gr_cff_source *src, const uint32_t *cps, size_t n,
                         unsigned char **data, size_t *len)
{
    unsigned char *base = NULL, *cff = NULL;
    size_t blen = 0, clen = 0;
    uint16_t *hb_gids = NULL, *our_gids = NULL;
    unsigned hb_n = 0, our_n = 0;
    bool ok = false;
    if (subset_run(face, cps, n, SUB_FILE_NO_CFF, false, &base, &blen, &hb_gids, &hb_n) ==
        GR_OK) {
        hb_font_t *font = hb_font_create(face);
        gr_cff_subset(src, font, cps, n, &cff, &clen, &our_gids, &our_n);
        hb_font_destroy(font);
        ok = our_n == hb_n && memcmp(hb_gids, our_gids, n * sizeof *hb_gids) == 0 &&
             sfnt_add_cff(base, blen, cff, clen, data, len);
    }
    free(base);
    free(cff);
    free(hb_gids);
    free(our_gids);
    return ok;
}

gr_status gr_font_subset_sfnt(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    hb_face_t *hf = gr_fonts_hb_face(f, face);
    uint16_t *gids = NULL;
    unsigned nglyphs = 0;
    if (!hf)
        return GR_ERR_ENV;
    /* a batch's heading and table faces draw the same characters in every report */
    subset_memo *m = memo_of(hf);
    if (m) {
        pthread_mutex_lock(&m->lock);
        for (int i = 0; i < GR_SUBSET_MEMO && !*data; i++)
            if (m->sfnt[i].cps && m->sfnt[i].n == n &&
                memcmp(m->sfnt[i].cps, cps, n * sizeof *cps) == 0) {
                *data = dup_bytes(m->sfnt[i].data, m->sfnt[i].len);
                *len = m->sfnt[i].len;
            }
        pthread_mutex_unlock(&m->lock);
        if (*data)
            return GR_OK;
    }
    gr_cff_source *src =
        m && gr_fonts_face_outline(f, face) == GR_OUTLINE_CFF ? cff_source_of(m, hf) : NULL;
    if (!(src && sfnt_own_cff(hf, src, cps, n, data, len))) {
        if (subset_run(hf, cps, n, SUB_FILE, false, data, len, &gids, &nglyphs) != GR_OK)
            return GR_ERR_ENV;
        free(gids);
    }
    if (m) {
        memo_slot fresh = {dup_bytes(cps, n * sizeof *cps), n, dup_bytes(*data, *len), *len,
                           NULL, nglyphs};
        pthread_mutex_lock(&m->lock);
        memo_slot old = m->sfnt[m->sfnt_next % GR_SUBSET_MEMO];
        m->sfnt[m->sfnt_next++ % GR_SUBSET_MEMO] = fresh;
        pthread_mutex_unlock(&m->lock);
        slot_clear(&old);
    }
    return GR_OK;
}
