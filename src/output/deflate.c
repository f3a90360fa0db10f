/* deflate: the Flate streams of a PDF (see deflate.h).
 * Deflating the subset fonts was most of a render once the fonts were our own: a body
 * subset holds ~200 KB of outlines. The glyf table is cut into runs of glyphs at points
 * that depend only on the glyphs' bytes, and each run is deflated on its own (a raw
 * deflate stream ended by a sync flush, so runs concatenate into one zlib stream). A run
 * that another report of the same process already used is taken from the cache: in a
 * batch the heading and table fonts repeat whole, and most runs of the body font repeat.
 * Output does not depend on the cache: a run is deflated the same way either way. */
#include "output/deflate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GR_RUN_CUT 64      /* a glyph whose hash ≡ 0 mod this ends a run: ~64 glyphs */
#define GR_ZCACHE_BYTES (8u << 20) /* cache cap, oldest dropped first: memory stays flat */
#define GR_ZCACHE_BUCKETS 4096     /* hash buckets of the run cache */
#define GR_PAR_MIN (64u << 10)     /* bytes to deflate worth a helper thread (~1 ms) */

typedef struct zrun {
    uint64_t hash;
    uLong adler; /* Adler-32 of raw */
    size_t raw_len, z_len;
    unsigned char *raw; /* compared on a hit: a hash match alone is not proof */
    unsigned char *z;
    struct zrun *next;  /* in its bucket */
    struct zrun *newer; /* in order of insertion: the oldest goes first when full */
} zrun;

static struct {
    pthread_mutex_t lock; /* guards everything here, entries included */
    zrun *buckets[GR_ZCACHE_BUCKETS];
    zrun *oldest, *newest;
    size_t bytes;
} zcache = {PTHREAD_MUTEX_INITIALIZER, {NULL}, NULL, NULL, 0};

/* Add r; drop the oldest entries beyond the cap (a batch's recent reports are the likeliest
 * to share runs with the next). Called with the lock held. */
static void zcache_insert(zrun *r)
{
    size_t bucket = (size_t)(r->hash % GR_ZCACHE_BUCKETS);
    r->next = zcache.buckets[bucket];
    zcache.buckets[bucket] = r;
    r->newer = NULL;
    if (zcache.newest)
        zcache.newest->newer = r;
    else
        zcache.oldest = r;
    zcache.newest = r;
    zcache.bytes += r->raw_len + r->z_len + sizeof *r;
    while (zcache.bytes > GR_ZCACHE_BYTES && zcache.oldest != r) {
        zrun *old = zcache.oldest;
        zrun **link = &zcache.buckets[old->hash % GR_ZCACHE_BUCKETS];
        while (*link != old)
            link = &(*link)->next;
        *link = old->next;
        zcache.oldest = old->newer;
        zcache.bytes -= old->raw_len + old->z_len + sizeof *old;
        free(old->raw);
        free(old->z);
        free(old);
    }
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

bool gr_deflate_init(z_stream *zs, bool raw)
{
    memset(zs, 0, sizeof *zs);
    return deflateInit2(zs, GR_ZLEVEL, Z_DEFLATED, raw ? -15 : 15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

bool gr_deflate(z_stream *zs, int level, const unsigned char *raw, size_t n, bool last,
                gr_buf *out)
{
    /* after a reset nothing is pending, so changing the level flushes nothing */
    if (deflateReset(zs) != Z_OK || deflateParams(zs, level, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    zs->next_in = (unsigned char *)raw;
    zs->avail_in = (uInt)n;
    int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
    for (;;) {
        unsigned char tmp[16384];
        zs->next_out = tmp;
        zs->avail_out = sizeof tmp;
        int rc = deflate(zs, flush);
        if (rc == Z_STREAM_ERROR)
            return false;
        gr_buf_add(out, (const char *)tmp, sizeof tmp - zs->avail_out);
        if (last ? rc == Z_STREAM_END : zs->avail_out != 0)
            return true;
    }
}

static bool deflate_run(z_stream *zs, const unsigned char *raw, size_t n, bool last, gr_buf *out)
{
    return gr_deflate(zs, GR_ZLEVEL, raw, n, last, out);
}

/* Is a run of n bytes with hash h in the cache (as far as hash and length tell)? */
static bool zcache_has(uint64_t h, size_t n)
{
    bool found = false;
    pthread_mutex_lock(&zcache.lock);
    for (const zrun *r = zcache.buckets[h % GR_ZCACHE_BUCKETS]; r && !found; r = r->next)
        found = r->hash == h && r->raw_len == n;
    pthread_mutex_unlock(&zcache.lock);
    return found;
}

/* A run of glyph bytes, deflated: from the cache, or deflated and cached. */
static bool deflate_cached(z_stream *zs, const unsigned char *raw, size_t n, uint64_t h,
                           gr_buf *out, uLong *adler)
{
    /* compared and copied under the lock: an entry may be dropped once it is released */
    bool found = false;
    pthread_mutex_lock(&zcache.lock);
    for (const zrun *r = zcache.buckets[h % GR_ZCACHE_BUCKETS]; r && !found; r = r->next)
        if (r->hash == h && r->raw_len == n && memcmp(r->raw, raw, n) == 0) {
            gr_buf_add(out, (const char *)r->z, r->z_len);
            *adler = r->adler;
            found = true;
        }
    pthread_mutex_unlock(&zcache.lock);
    if (found)
        return true;
    *adler = adler32(adler32(0L, Z_NULL, 0), raw, (uInt)n);

    size_t at = out->len;
    if (!deflate_run(zs, raw, n, false, out))
        return false;
    zrun *r = gr_xmalloc(sizeof *r);
    r->hash = h;
    r->adler = *adler;
    r->raw_len = n;
    r->z_len = out->len - at;
    r->raw = gr_xmalloc(n ? n : 1);
    memcpy(r->raw, raw, n);
    r->z = gr_xmalloc(r->z_len);
    memcpy(r->z, out->s + at, r->z_len);
    pthread_mutex_lock(&zcache.lock);
    /* another thread may have cached the same run meanwhile: a duplicate is harmless */
    zcache_insert(r);
    pthread_mutex_unlock(&zcache.lock);
    return true;
}

/* The glyf table of a TrueType file cut into runs: ends[] receives the offsets (from the
 * table start) where runs end. False when the file has no usable glyf/loca. */
static bool glyf_runs(const unsigned char *font, size_t len, size_t *glyf_off, size_t *glyf_len,
                      size_t **ends, size_t *nends)
{
    if (len < 12)
        return false;
    unsigned ntables = rd16(font + 4);
    if (12 + 16 * (size_t)ntables > len)
        return false;
    size_t goff = 0, glen = 0, loff = 0, llen = 0, hoff = 0, hlen = 0;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *e = font + 12 + 16 * i;
        size_t off = rd32(e + 8), n = rd32(e + 12);
        if (off > len || n > len - off)
            return false;
        if (memcmp(e, "glyf", 4) == 0)
            goff = off, glen = n;
        else if (memcmp(e, "loca", 4) == 0)
            loff = off, llen = n;
        else if (memcmp(e, "head", 4) == 0)
            hoff = off, hlen = n;
    }
    if (!glen || !llen || hlen < 54)
        return false;
    bool long_loca = rd16(font + hoff + 50) != 0;
    size_t nglyphs = llen / (long_loca ? 4 : 2);
    if (nglyphs < 2)
        return false;
    *ends = gr_xmalloc(nglyphs * sizeof **ends);
    *nends = 0;
    size_t prev = 0;
    for (size_t g = 1; g < nglyphs; g++) {
        const unsigned char *p = font + loff + (long_loca ? 4 : 2) * g;
        size_t end = long_loca ? rd32(p) : 2 * (size_t)rd16(p);
        if (end < prev || end > glen) {
            free(*ends);
            return false;
        }
        bool cut = gr_hash64(font + goff + prev, end - prev) % GR_RUN_CUT == 0;
        if ((cut || g == nglyphs - 1) && end > (*nends ? (*ends)[*nends - 1] : 0))
            (*ends)[(*nends)++] = end;
        prev = end;
    }
    if (!*nends || (*ends)[*nends - 1] != glen)
        (*ends)[(*nends)++] = glen; /* bytes after the last glyph */
    *glyf_off = goff;
    *glyf_len = glen;
    return true;
}

/* A piece of a font file to deflate: the tables before glyf, a run of glyphs (cached),
 * or the tables after it (the font's last piece). Pieces are independent raw deflate
 * streams, so they can be deflated in any order, by any thread. */
typedef struct {
    const unsigned char *data;
    size_t len;
    bool cached, last, ok;
    uint64_t hash; /* of a cached piece's data */
    uLong adler;   /* Adler-32 of the piece's data */
    gr_buf out;
} zpiece;

struct gr_zfonts {
    zpiece *pieces;
    size_t n, cap;
    atomic_size_t next; /* the next piece to take */
    pthread_t helper;
    bool helping; /* the helper thread runs */
    bool solo;    /* the only render in progress when it began */
};

/* Renders in progress in this process: a render alone with much to deflate (the render
 * command; in a batch the cache has most runs) uses a helper thread on the second core. */
static atomic_int renders_active;

gr_zfonts *gr_zfonts_new(void)
{
    gr_zfonts *j = gr_xcalloc(1, sizeof(gr_zfonts));
    j->solo = atomic_fetch_add(&renders_active, 1) == 0;
    return j;
}

static zpiece *zjobs_add(gr_zfonts *j, const unsigned char *data, size_t len, bool cached, bool last)
{
    if (j->n == j->cap) {
        j->cap = j->cap ? 2 * j->cap : 64;
        j->pieces = gr_xrealloc(j->pieces, j->cap * sizeof *j->pieces);
    }
    zpiece *p = &j->pieces[j->n++];
    memset(p, 0, sizeof *p);
    p->data = data;
    p->len = len;
    p->cached = cached;
    p->last = last;
    return p;
}

/* Plan the pieces of font around its outlines [goff, goff + glen), cut at ends[]. */
static size_t plan_runs(gr_zfonts *j, const unsigned char *font, size_t len, size_t goff,
                        size_t glen, size_t *ends, size_t nends)
{
    zjobs_add(j, font, goff, false, false);
    size_t at = 0;
    for (size_t i = 0; i < nends; i++) {
        zpiece *p = zjobs_add(j, font + goff + at, ends[i] - at, true, false);
        p->hash = gr_hash64(p->data, p->len);
        at = ends[i];
    }
    zjobs_add(j, font + goff + glen, len - goff - glen, false, true);
    free(ends);
    return nends + 2;
}

size_t gr_zfonts_plan(gr_zfonts *j, const unsigned char *font, size_t len, size_t *first)
{
    *first = j->n;
    size_t goff = 0, glen = 0, *ends = NULL, nends = 0;
    if (!glyf_runs(font, len, &goff, &glen, &ends, &nends)) {
        zjobs_add(j, font, len, false, true);
        return 1;
    }
    return plan_runs(j, font, len, goff, glen, ends, nends);
}

size_t gr_zfonts_plan_glyphs(gr_zfonts *j, const unsigned char *font, size_t len,
                             size_t outlines_off, const uint32_t *glyph_end, size_t nglyphs,
                             size_t *first)
{
    *first = j->n;
    if (!nglyphs || outlines_off > len || glyph_end[nglyphs - 1] > len - outlines_off) {
        zjobs_add(j, font, len, false, true);
        return 1;
    }
    /* runs of glyphs cut where a glyph's bytes say, as for glyf */
    const unsigned char *base = font + outlines_off;
    size_t *ends = gr_xmalloc((nglyphs + 1) * sizeof *ends), nends = 0, prev = 0;
    for (size_t g = 0; g < nglyphs; g++) {
        size_t end = glyph_end[g];
        if (end < prev) {
            free(ends);
            zjobs_add(j, font, len, false, true);
            return 1;
        }
        bool cut = gr_hash64(base + prev, end - prev) % GR_RUN_CUT == 0;
        if ((cut || g == nglyphs - 1) && end > (nends ? ends[nends - 1] : 0))
            ends[nends++] = end;
        prev = end;
    }
    if (!nends) {
        free(ends);
        zjobs_add(j, font, len, false, true);
        return 1;
    }
    return plan_runs(j, font, len, outlines_off, ends[nends - 1], ends, nends);
}

/* Take pieces until none is left; zs is the caller's raw deflate stream. */
static void zjobs_work(gr_zfonts *j, z_stream *zs)
{
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (i >= j->n)
            return;
        zpiece *p = &j->pieces[i];
        if (p->cached) {
            p->ok = deflate_cached(zs, p->data, p->len, p->hash, &p->out, &p->adler);
        } else {
            p->ok = deflate_run(zs, p->data, p->len, p->last, &p->out);
            p->adler = adler32(adler32(0L, Z_NULL, 0), p->data, (uInt)p->len);
        }
    }
}

static void *zjobs_helper(void *arg)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, GR_ZLEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL; /* the main thread takes every piece then */
    zjobs_work(arg, &zs);
    deflateEnd(&zs);
    return NULL;
}

void gr_zfonts_start(gr_zfonts *j)
{
    if (!j->solo)
        return;
    size_t font_bytes = 0; /* to deflate: what the cache does not have */
    for (size_t i = 0; i < j->n; i++)
        if (!j->pieces[i].cached || !zcache_has(j->pieces[i].hash, j->pieces[i].len))
            font_bytes += j->pieces[i].len;
    if (font_bytes >= GR_PAR_MIN)
        j->helping = pthread_create(&j->helper, NULL, zjobs_helper, j) == 0;
}

void gr_zfonts_finish(gr_zfonts *j, z_stream *zs)
{
    zjobs_work(j, zs);
    if (j->helping) {
        pthread_join(j->helper, NULL);
        j->helping = false;
    }
}

void gr_zfonts_free(gr_zfonts *j)
{
    if (!j)
        return;
    if (j->helping) { /* leaving early: the helper takes no more pieces */
        atomic_store(&j->next, j->n);
        pthread_join(j->helper, NULL);
    }
    atomic_fetch_sub(&renders_active, 1);
    for (size_t i = 0; i < j->n; i++)
        gr_buf_free(&j->pieces[i].out);
    free(j->pieces);
    free(j);
}

/* A font file as one zlib stream into out: header, its pieces, Adler-32. */
bool gr_zfonts_assemble(const gr_zfonts *j, size_t first, size_t n, gr_buf *out)
{
    gr_buf_add(out, "\x78\x9C", 2); /* deflate, 32 KB window, default level */
    for (size_t i = first; i < first + n; i++) {
        if (!j->pieces[i].ok)
            return false;
        gr_buf_add(out, j->pieces[i].out.s, j->pieces[i].out.len);
    }
    /* the stream's checksum from its pieces' (a cached run brings its own) */
    uLong adler = adler32(0L, Z_NULL, 0);
    for (size_t i = first; i < first + n; i++)
        adler = adler32_combine(adler, j->pieces[i].adler, (z_off_t)j->pieces[i].len);
    unsigned char tail[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                             (unsigned char)(adler >> 8), (unsigned char)adler};
    gr_buf_add(out, (const char *)tail, 4);
    return true;
}


void gr_deflate_cleanup(void)
{
    pthread_mutex_lock(&zcache.lock);
    for (zrun *r = zcache.oldest, *next; r; r = next) {
        next = r->newer;
        free(r->raw);
        free(r->z);
        free(r);
    }
    memset(zcache.buckets, 0, sizeof zcache.buckets);
    zcache.oldest = zcache.newest = NULL;
    zcache.bytes = 0;
    pthread_mutex_unlock(&zcache.lock);
}
