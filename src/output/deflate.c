/* deflate: the Flate streams of a PDF and the deflated entries of an OFD (see deflate.h).
 * Deflating the subset fonts was most of a render once the fonts were our own: a body
 * subset holds ~200 KB of outlines. The glyf table is cut into runs of glyphs at points
 * that depend only on the glyphs' bytes, and each run is deflated on its own (a raw
 * deflate stream that ends on a byte boundary without a final block, so runs concatenate
 * into one stream). A run that another report of the same process already used is taken
 * from the cache: in a batch the heading and table fonts repeat whole, and most runs of
 * the body font repeat. Output does not depend on the cache: a run is deflated the same
 * way either way. libdeflate compresses; zlib joins checksums and finds a run's last
 * block (libdeflate always ends a stream with a final block). */
#include "output/deflate.h"
#include "output/folder_cache.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define GR_RUN_CUT 64      /* a glyph whose hash ≡ 0 mod this ends a run: ~64 glyphs */
#define GR_ZCACHE_BYTES (8u << 20) /* cache cap, oldest dropped first: memory stays flat */
#define GR_ZCACHE_BUCKETS 4096     /* hash buckets of the run cache */
#define GR_PAR_MIN (64u << 10)     /* bytes to deflate worth a helper thread (~0.5 ms) */

/* ---- compressors ----
 * A libdeflate compressor is some hundreds of KB, set up per level: each thread that
 * deflates takes a worker from a process-wide pool and gives it back, so that a batch
 * allocates them once (the pages they touch are faults paid once, not per report). */
typedef struct zworker {
    struct libdeflate_compressor *c[GR_ZLEVEL_MAX + 1]; /* by level, made when first used */
    z_stream inf; /* raw inflate: finds a run's blocks (make_joinable) */
    bool inf_ok;
    unsigned char *scratch; /* inflated bytes, thrown away */
    size_t scratch_cap;
    struct libdeflate_decompressor *dec; /* proves a run read from the folder cache */
    struct zworker *next; /* in the pool */
} zworker;

static struct {
    pthread_mutex_t lock;
    zworker *idle;
} pool = {PTHREAD_MUTEX_INITIALIZER, NULL};

static zworker *worker_get(void)
{
    pthread_mutex_lock(&pool.lock);
    zworker *w = pool.idle;
    if (w)
        pool.idle = w->next;
    pthread_mutex_unlock(&pool.lock);
    return w ? w : gr_xcalloc(1, sizeof *w);
}

/* Back to the pool; the idle workers stay until the process ends (one per thread that
 * deflated at the same time: at most the batch's jobs and their helpers). */
static void worker_put(zworker *w)
{
    pthread_mutex_lock(&pool.lock);
    w->next = pool.idle;
    pool.idle = w;
    pthread_mutex_unlock(&pool.lock);
}

static struct libdeflate_compressor *compressor(zworker *w, int level)
{
    if (level < 1 || level > GR_ZLEVEL_MAX)
        return NULL;
    if (!w->c[level])
        w->c[level] = libdeflate_alloc_compressor(level);
    return w->c[level];
}

/* raw[0..n) deflated at level onto out, in the zlib format or raw. */
static bool compress_onto(zworker *w, int level, const unsigned char *raw, size_t n,
                          gr_buf *out, bool zlib_format)
{
    struct libdeflate_compressor *c = compressor(w, level);
    if (!c)
        return false;
    size_t bound = zlib_format ? libdeflate_zlib_compress_bound(c, n)
                               : libdeflate_deflate_compress_bound(c, n);
    gr_grow((void **)&out->s, &out->cap, out->len + bound + 1, 1);
    size_t got = zlib_format ? libdeflate_zlib_compress(c, raw, n, out->s + out->len, bound)
                             : libdeflate_deflate_compress(c, raw, n, out->s + out->len, bound);
    if (!got)
        return false;
    out->len += got;
    out->s[out->len] = '\0';
    return true;
}

bool gr_deflate(int level, const unsigned char *raw, size_t n, gr_buf *out)
{
    zworker *w = worker_get();
    bool ok = compress_onto(w, level, raw, n, out, true);
    worker_put(w);
    return ok;
}

uint32_t gr_crc32(const void *data, size_t n)
{
    return (uint32_t)libdeflate_crc32(0, data, n);
}

bool gr_deflate_raw(int level, const unsigned char *raw, size_t n, gr_buf *out, uint32_t *crc)
{
    zworker *w = worker_get();
    bool ok = compress_onto(w, level, raw, n, out, false);
    worker_put(w);
    *crc = (uint32_t)libdeflate_crc32(0, raw, n);
    return ok;
}

/* Make the raw deflate stream out->s[at..len) joinable to what follows: libdeflate ends
 * it with a final block, whose final bit is cleared, and then an empty stored block is
 * added, so that it ends on a byte boundary without ending the stream (what zlib's
 * Z_SYNC_FLUSH writes). Where the last block begins and where it ends is known only by
 * decoding: zlib's inflate stops at each block boundary when asked (Z_BLOCK) and says how
 * many bits of its last byte it left. Inflating also proves the run gives back its n
 * bytes. */
static bool make_joinable(zworker *w, gr_buf *out, size_t at, size_t n)
{
    unsigned char *z = (unsigned char *)out->s + at;
    size_t zlen = out->len - at;
    if (!w->inf_ok) {
        memset(&w->inf, 0, sizeof w->inf);
        if (inflateInit2(&w->inf, -15) != Z_OK)
            return false;
        w->inf_ok = true;
    } else if (inflateReset(&w->inf) != Z_OK) {
        return false;
    }
    if (w->scratch_cap < n + 1)
        gr_grow((void **)&w->scratch, &w->scratch_cap, n + 1, 1);
    w->inf.next_in = z;
    w->inf.avail_in = (uInt)zlen;
    w->inf.next_out = w->scratch;
    w->inf.avail_out = (uInt)(n + 1);
    uint64_t last_start = 0, end; /* bit positions: the last block's header, its end */
    for (;;) {
        if (inflate(&w->inf, Z_BLOCK) != Z_OK)
            return false;
        int dt = w->inf.data_type;
        if (!(dt & 128)) /* not at a block boundary: the input ran out */
            return false;
        uint64_t pos = (uint64_t)(zlen - w->inf.avail_in) * 8 - (unsigned)(dt & 7);
        if (dt & 64) { /* the final block has ended */
            end = pos;
            break;
        }
        last_start = pos; /* the next block's header begins here */
    }
    if (w->inf.total_out != n || (end + 7) / 8 != zlen)
        return false;
    unsigned char final_bit = (unsigned char)(1u << (last_start & 7));
    if (!(z[last_start / 8] & final_bit))
        return false;
    z[last_start / 8] &= (unsigned char)~final_bit;
    if (end & 7)
        z[zlen - 1] &= (unsigned char)((1u << (end & 7)) - 1); /* the padding is zero */
    /* the stored block's 3 header bits (0: not final, stored) fit in the padding, or
     * take a byte of their own; then LEN 0 and NLEN 0xFFFF */
    if ((end & 7) == 0 || 8 - (end & 7) < 3)
        gr_buf_add(out, "\0", 1);
    gr_buf_add(out, "\0\0\xFF\xFF", 4);
    return true;
}

/* A run of glyph bytes (or the tables around them) as a raw deflate stream onto out,
 * ending the stream when last, else joinable to the next run. */
static bool deflate_run(zworker *w, const unsigned char *raw, size_t n, bool last, gr_buf *out)
{
    if (!n && !last)
        return true; /* nothing to join */
    size_t at = out->len;
    if (!compress_onto(w, GR_ZLEVEL_FONT, raw, n, out, false))
        return false;
    return last || make_joinable(w, out, at, n);
}

/* ---- the folder cache ----
 * A render in a fresh process finds the run cache empty. The first render of a process
 * also looks for a run in the folder cache (folder_cache.h), as kind "run" in GR_DISK_SETS
 * sets. A file is used only when its header agrees (format, level, libdeflate's version,
 * hash, length) and its deflated bytes inflate to the run's own bytes, exactly, ending
 * where a joinable run ends; anything else (truncated, corrupt, another run's) is ignored
 * and replaced. The output is the same with or without it. */

#define GR_DISK_SETS 512 /* 1,024 files at most: runs of ~13 KB, some 15 MB in all */
#define GR_DISK_HEAD 28    /* "GRZ1", level, libdeflate version, hash, length, z length */

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> 8 * i);
}

static void disk_head(unsigned char *head, uint64_t h, size_t n, size_t zlen)
{
    memcpy(head, "GRZ1", 4);
    put_le32(head + 4, GR_ZLEVEL_FONT);
    put_le32(head + 8, LIBDEFLATE_VERSION_MAJOR << 16 | LIBDEFLATE_VERSION_MINOR);
    put_le32(head + 12, (uint32_t)h);
    put_le32(head + 16, (uint32_t)(h >> 32));
    put_le32(head + 20, (uint32_t)n);
    put_le32(head + 24, (uint32_t)zlen);
}

/* The run raw[0..n) with hash h from the file of its set's way, deflated, onto out. */
static bool disk_get_way(zworker *w, uint64_t h, int way, const unsigned char *raw, size_t n,
                         gr_buf *out)
{
    unsigned char *buf;
    size_t size;
    if (!gr_folder_cache_read("run", GR_DISK_SETS, h, way, GR_DISK_HEAD + 4,
                              GR_DISK_HEAD + n + n / 8 + 1024, &buf, &size))
        return false;
    bool ok = false;
    size_t zlen = size - GR_DISK_HEAD;
    unsigned char head[GR_DISK_HEAD];
    disk_head(head, h, n, zlen);
    const unsigned char *z = buf + GR_DISK_HEAD;
    if (memcmp(buf, head, GR_DISK_HEAD) != 0 || memcmp(z + zlen - 4, "\0\0\xFF\xFF", 4) != 0)
        goto done;
    /* a final empty block after it: the run must inflate to raw and end just before */
    memcpy(buf + size, "\x03\x00", 2);
    if (!w->dec && !(w->dec = libdeflate_alloc_decompressor()))
        goto done;
    if (w->scratch_cap < n + 1)
        gr_grow((void **)&w->scratch, &w->scratch_cap, n + 1, 1);
    size_t in_used = 0, out_got = 0;
    if (libdeflate_deflate_decompress_ex(w->dec, z, zlen + 2, w->scratch, n, &in_used,
                                         &out_got) != LIBDEFLATE_SUCCESS ||
        in_used != zlen + 2 || out_got != n || memcmp(w->scratch, raw, n) != 0)
        goto done;
    gr_buf_add(out, (const char *)z, zlen);
    ok = true;
done:
    free(buf);
    return ok;
}

static bool disk_get(zworker *w, uint64_t h, const unsigned char *raw, size_t n, gr_buf *out)
{
    return n <= UINT32_MAX &&
           (disk_get_way(w, h, 0, raw, n, out) || disk_get_way(w, h, 1, raw, n, out));
}

/* Keep the run with hash h, deflated to z[0..zlen), in the folder. */
static void disk_put(uint64_t h, size_t n, const unsigned char *z, size_t zlen)
{
    if (n > UINT32_MAX || zlen > UINT32_MAX)
        return;
    unsigned char head[GR_DISK_HEAD];
    disk_head(head, h, n, zlen);
    const void *parts[2] = {head, z};
    size_t lens[2] = {sizeof head, zlen};
    gr_folder_cache_write("run", GR_DISK_SETS, h, -1, parts, lens, 2);
}

typedef struct zrun {
    uint64_t hash;
    uint32_t adler, crc; /* Adler-32 and CRC-32 of raw */
    int whole;           /* 0: a joinable run; else a whole zlib stream at level whole */
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

/* Is a run of n bytes with hash h in the cache (as far as hash and length tell)? */
static bool zcache_has(uint64_t h, size_t n)
{
    bool found = false;
    pthread_mutex_lock(&zcache.lock);
    for (const zrun *r = zcache.buckets[h % GR_ZCACHE_BUCKETS]; r && !found; r = r->next)
        found = r->hash == h && r->raw_len == n && !r->whole;
    pthread_mutex_unlock(&zcache.lock);
    return found;
}

/* The cached deflate of raw (hash h; whole: 0 for a joinable run, else the level of a whole
 * zlib stream) onto out, with its checksums when adler and crc are given; false when not
 * cached. Compared and copied under the lock: an entry may be dropped once it is released. */
static bool zcache_get(uint64_t h, int whole, const unsigned char *raw, size_t n, gr_buf *out,
                       uint32_t *adler, uint32_t *crc)
{
    bool found = false;
    pthread_mutex_lock(&zcache.lock);
    for (const zrun *r = zcache.buckets[h % GR_ZCACHE_BUCKETS]; r && !found; r = r->next)
        if (r->hash == h && r->raw_len == n && r->whole == whole && memcmp(r->raw, raw, n) == 0) {
            gr_buf_add(out, (const char *)r->z, r->z_len);
            if (adler)
                *adler = r->adler;
            if (crc)
                *crc = r->crc;
            found = true;
        }
    pthread_mutex_unlock(&zcache.lock);
    return found;
}

/* Cache raw's deflate z[0..zlen) (another thread may have cached the same meanwhile: a
 * duplicate is harmless). */
static void zcache_put(uint64_t h, int whole, const unsigned char *raw, size_t n,
                       const char *z, size_t zlen, uint32_t adler, uint32_t crc)
{
    zrun *r = gr_xcalloc(1, sizeof *r);
    r->hash = h;
    r->whole = whole;
    r->adler = adler;
    r->crc = crc;
    r->raw_len = n;
    r->z_len = zlen;
    r->raw = gr_xmalloc(n ? n : 1);
    memcpy(r->raw, raw, n);
    r->z = gr_xmalloc(zlen ? zlen : 1);
    memcpy(r->z, z, zlen);
    pthread_mutex_lock(&zcache.lock);
    zcache_insert(r);
    pthread_mutex_unlock(&zcache.lock);
}

/* A run of glyph bytes, deflated: from the cache (and the folder cache when use_disk), or
 * deflated and cached. */
static bool deflate_cached(zworker *w, const unsigned char *raw, size_t n, uint64_t h,
                           bool use_disk, gr_buf *out, uint32_t *adler, uint32_t *crc)
{
    if (zcache_get(h, 0, raw, n, out, adler, crc))
        return true;
    *adler = (uint32_t)libdeflate_adler32(1, raw, n);
    *crc = (uint32_t)libdeflate_crc32(0, raw, n);

    size_t at = out->len;
    if (use_disk && disk_get(w, h, raw, n, out))
        use_disk = false; /* found there: nothing to write back */
    else if (!deflate_run(w, raw, n, false, out))
        return false;
    if (use_disk)
        disk_put(h, n, (const unsigned char *)out->s + at, out->len - at);
    zcache_put(h, 0, raw, n, out->s + at, out->len - at, *adler, *crc);
    return true;
}

bool gr_deflate_memo(int level, const unsigned char *raw, size_t n, gr_buf *out)
{
    uint64_t h = gr_hash64(raw, n);
    if (zcache_get(h, level, raw, n, out, NULL, NULL))
        return true;
    size_t at = out->len;
    if (!gr_deflate(level, raw, n, out))
        return false;
    zcache_put(h, level, raw, n, out->s + at, out->len - at, 0, 0);
    return true;
}

/* A run's hash, made from its glyphs' hashes as they are read for the cut: the run's bytes
 * are not read again. Two runs of the same glyphs have the same hash; the cache compares
 * bytes, so the rare run of equal bytes cut otherwise is only a miss. */
static uint64_t run_hash_add(uint64_t h, uint64_t glyph)
{
    return gr_hash64_add(h, &glyph, sizeof glyph);
}

/* The glyf table of a TrueType file cut into runs: ends[] receives the offsets (from the
 * table start) where runs end, hashes[] each run's hash (run_hash_add). False when
 * the file has no usable glyf/loca. */
static bool glyf_runs(const unsigned char *font, size_t len, size_t *glyf_off, size_t *glyf_len,
                      size_t **ends, uint64_t **hashes, size_t *nends)
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
    *hashes = gr_xmalloc(nglyphs * sizeof **hashes);
    *nends = 0;
    size_t prev = 0;
    uint64_t rh = 0;
    for (size_t g = 1; g < nglyphs; g++) {
        const unsigned char *p = font + loff + (long_loca ? 4 : 2) * g;
        size_t end = long_loca ? rd32(p) : 2 * (size_t)rd16(p);
        if (end < prev || end > glen) {
            free(*ends);
            free(*hashes);
            return false;
        }
        uint64_t gh = gr_hash64(font + goff + prev, end - prev);
        rh = run_hash_add(rh, gh);
        size_t last_end = *nends ? (*ends)[*nends - 1] : 0;
        if ((gh % GR_RUN_CUT == 0 || g == nglyphs - 1) && end > last_end) {
            (*hashes)[*nends] = rh;
            (*ends)[(*nends)++] = end;
            rh = 0;
        }
        prev = end;
    }
    if (!*nends || (*ends)[*nends - 1] != glen) { /* bytes after the last glyph */
        size_t at = *nends ? (*ends)[*nends - 1] : 0;
        (*hashes)[*nends] = gr_hash64(font + goff + at, glen - at);
        (*ends)[(*nends)++] = glen;
    }
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
    uint64_t hash;       /* of a cached piece's data */
    uint32_t adler, crc; /* Adler-32 and CRC-32 of the piece's data */
    gr_buf out;
} zpiece;

struct gr_zfonts {
    zpiece *pieces;
    size_t n, cap;
    atomic_size_t next; /* the next piece to take */
    pthread_t helper;
    bool helping; /* the helper thread runs */
    bool solo;    /* the only render in progress when it began */
    bool first;   /* the first render of the process */
    bool disk;    /* the first render, and the folder cache is used */
};

/* Renders in progress in this process: a render alone with much to deflate (the render
 * command; in a batch the cache has most runs) uses a helper thread on the second core. */
static atomic_int renders_active;
static atomic_int renders_begun;

gr_zfonts *gr_zfonts_new(void)
{
    gr_zfonts *j = gr_xcalloc(1, sizeof(gr_zfonts));
    j->solo = atomic_fetch_add(&renders_active, 1) == 0;
    if (atomic_fetch_add(&renders_begun, 1) == 0) {
        j->first = true;
        j->disk = gr_folder_cache_dir() != NULL;
    }
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
                        size_t glen, size_t *ends, uint64_t *hashes, size_t nends)
{
    zjobs_add(j, font, goff, false, false);
    size_t at = 0;
    for (size_t i = 0; i < nends; i++) {
        zpiece *p = zjobs_add(j, font + goff + at, ends[i] - at, true, false);
        p->hash = hashes[i];
        at = ends[i];
    }
    zjobs_add(j, font + goff + glen, len - goff - glen, false, true);
    free(ends);
    free(hashes);
    return nends + 2;
}

/* An offset of osz bytes (1–4), big-endian. */
static size_t cff_off(const unsigned char *p, unsigned osz)
{
    size_t v = 0;
    for (unsigned i = 0; i < osz; i++)
        v = v << 8 | p[i];
    return v;
}

/* The CFF INDEX at p + at (p holding len bytes): its count, offset size, where its offset
 * array and its data begin, and where it ends. False when it does not fit. */
typedef struct {
    unsigned count, osz;
    size_t offs, data, end;
} cff_index;

static bool cff_index_read(const unsigned char *p, size_t len, size_t at, cff_index *x)
{
    if (at > len || len - at < 2)
        return false;
    x->count = rd16(p + at);
    if (!x->count) {
        x->osz = 1;
        x->offs = x->data = x->end = at + 2;
        return true;
    }
    if (len - at < 3 || p[at + 2] < 1 || p[at + 2] > 4)
        return false;
    x->osz = p[at + 2];
    x->offs = at + 3;
    size_t n = ((size_t)x->count + 1) * x->osz;
    if (n > len - x->offs)
        return false;
    x->data = x->offs + n - 1; /* offsets count from 1 */
    size_t last = cff_off(p + x->offs + (size_t)x->count * x->osz, x->osz);
    if (last < 1 || last > len - x->data)
        return false;
    x->end = x->data + last;
    return true;
}

/* The CharStrings offset in a Top DICT (operator 17), or 0. */
static size_t cff_charstrings(const unsigned char *d, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n;) {
        unsigned b = d[i];
        if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            i += 1;
        } else if (b >= 247 && b <= 254) {
            if (i + 1 >= n)
                return 0;
            v = b <= 250 ? (long)(b - 247) * 256 + d[i + 1] + 108
                         : -(long)(b - 251) * 256 - d[i + 1] - 108;
            i += 2;
        } else if (b == 28) {
            if (i + 2 >= n)
                return 0;
            v = (int16_t)rd16(d + i + 1);
            i += 3;
        } else if (b == 29) {
            if (i + 4 >= n)
                return 0;
            v = (int32_t)rd32(d + i + 1);
            i += 5;
        } else if (b == 30) { /* a real: nibbles up to an 0xF */
            for (i++; i < n && (d[i] & 0x0F) != 0x0F && (d[i] & 0xF0) != 0xF0; i++)
                ;
            i++;
        } else if (b == 17) {
            return v > 0 ? (size_t)v : 0;
        } else {
            i += b == 12 ? 2 : 1; /* another operator */
        }
    }
    return 0;
}

/* The glyph outlines of an OpenType file with CFF outlines: where its CharStrings data
 * begins and where each glyph ends after it (allocated). False when it has none. */
static bool cff_glyphs(const unsigned char *font, size_t len, size_t *outlines_off,
                       uint32_t **glyph_end, size_t *nglyphs)
{
    if (len < 12 || memcmp(font, "OTTO", 4) != 0)
        return false;
    unsigned ntables = rd16(font + 4);
    if (12 + 16 * (size_t)ntables > len)
        return false;
    size_t toff = 0, tlen = 0;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *e = font + 12 + 16 * i;
        if (memcmp(e, "CFF ", 4) == 0)
            toff = rd32(e + 8), tlen = rd32(e + 12);
    }
    if (!tlen || toff > len || tlen > len - toff || tlen < 4)
        return false;
    const unsigned char *p = font + toff;
    cff_index name, top, chars;
    if (!cff_index_read(p, tlen, p[2], &name) || !cff_index_read(p, tlen, name.end, &top) ||
        top.count < 1)
        return false;
    size_t a = cff_off(p + top.offs, top.osz), b = cff_off(p + top.offs + top.osz, top.osz);
    size_t cs = b > a && a >= 1 && b <= top.end - top.data
                    ? cff_charstrings(p + top.data + a, b - a)
                    : 0;
    if (!cs || !cff_index_read(p, tlen, cs, &chars) || !chars.count)
        return false;
    size_t first = cff_off(p + chars.offs, chars.osz);
    *glyph_end = gr_xmalloc(chars.count * sizeof **glyph_end);
    for (unsigned g = 0; g < chars.count; g++) {
        size_t end = cff_off(p + chars.offs + ((size_t)g + 1) * chars.osz, chars.osz);
        (*glyph_end)[g] = (uint32_t)(end >= first ? end - first : 0);
    }
    *outlines_off = toff + chars.data + first;
    *nglyphs = chars.count;
    return true;
}

size_t gr_zfonts_plan(gr_zfonts *j, const unsigned char *font, size_t len, size_t *first)
{
    *first = j->n;
    size_t goff = 0, glen = 0, *ends = NULL, nends = 0;
    uint64_t *hashes = NULL;
    uint32_t *glyph_end = NULL;
    if (glyf_runs(font, len, &goff, &glen, &ends, &hashes, &nends))
        return plan_runs(j, font, len, goff, glen, ends, hashes, nends);
    if (cff_glyphs(font, len, &goff, &glyph_end, &nends)) {
        size_t n = gr_zfonts_plan_glyphs(j, font, len, goff, glyph_end, nends, first);
        free(glyph_end);
        return n;
    }
    zjobs_add(j, font, len, false, true);
    return 1;
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
    uint64_t *hashes = gr_xmalloc((nglyphs + 1) * sizeof *hashes), rh = 0;
    for (size_t g = 0; g < nglyphs; g++) {
        size_t end = glyph_end[g];
        if (end < prev) {
            free(ends);
            free(hashes);
            zjobs_add(j, font, len, false, true);
            return 1;
        }
        uint64_t gh = gr_hash64(base + prev, end - prev);
        rh = run_hash_add(rh, gh);
        if ((gh % GR_RUN_CUT == 0 || g == nglyphs - 1) && end > (nends ? ends[nends - 1] : 0)) {
            hashes[nends] = rh;
            ends[nends++] = end;
            rh = 0;
        }
        prev = end;
    }
    if (!nends) {
        free(ends);
        free(hashes);
        zjobs_add(j, font, len, false, true);
        return 1;
    }
    return plan_runs(j, font, len, outlines_off, ends[nends - 1], ends, hashes, nends);
}

/* Take pieces until none is left. */
static void zjobs_work(gr_zfonts *j)
{
    zworker *w = NULL;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (i >= j->n)
            break;
        if (!w)
            w = worker_get();
        zpiece *p = &j->pieces[i];
        if (p->cached) {
            p->ok = deflate_cached(w, p->data, p->len, p->hash, j->disk, &p->out, &p->adler,
                                   &p->crc);
        } else {
            p->ok = deflate_run(w, p->data, p->len, p->last, &p->out);
            p->adler = (uint32_t)libdeflate_adler32(1, p->data, p->len);
            p->crc = (uint32_t)libdeflate_crc32(0, p->data, p->len);
        }
    }
    if (w)
        worker_put(w);
}

static void *zjobs_helper(void *arg)
{
    zjobs_work(arg);
    return NULL;
}

bool gr_zfonts_cold_solo(const gr_zfonts *j)
{
    return j->solo && j->first;
}

bool gr_zfonts_folder(const gr_zfonts *j)
{
    return j->disk;
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

void gr_zfonts_finish(gr_zfonts *j)
{
    zjobs_work(j);
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

/* Pieces first..first+n-1 onto out, one raw deflate stream. */
static bool join_pieces(const gr_zfonts *j, size_t first, size_t n, gr_buf *out)
{
    for (size_t i = first; i < first + n; i++) {
        if (!j->pieces[i].ok)
            return false;
        gr_buf_add(out, j->pieces[i].out.s, j->pieces[i].out.len);
    }
    return true;
}

/* A font file as one zlib stream into out: header, its pieces, Adler-32. */
bool gr_zfonts_assemble(const gr_zfonts *j, size_t first, size_t n, gr_buf *out)
{
    gr_buf_add(out, "\x78\x9C", 2); /* deflate, 32 KB window, default level */
    if (!join_pieces(j, first, n, out))
        return false;
    /* the stream's checksum from its pieces' (a cached run brings its own) */
    uLong adler = adler32(0L, Z_NULL, 0);
    for (size_t i = first; i < first + n; i++)
        adler = adler32_combine(adler, j->pieces[i].adler, (z_off_t)j->pieces[i].len);
    unsigned char tail[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                             (unsigned char)(adler >> 8), (unsigned char)adler};
    gr_buf_add(out, (const char *)tail, 4);
    return true;
}

bool gr_zfonts_assemble_raw(const gr_zfonts *j, size_t first, size_t n, gr_buf *out,
                            uint32_t *crc)
{
    if (!join_pieces(j, first, n, out))
        return false;
    uLong c = crc32(0L, Z_NULL, 0);
    for (size_t i = first; i < first + n; i++)
        c = crc32_combine(c, j->pieces[i].crc, (z_off_t)j->pieces[i].len);
    *crc = (uint32_t)c;
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
    /* the idle compressors too (no render is running, so every worker is idle) */
    pthread_mutex_lock(&pool.lock);
    for (zworker *w = pool.idle, *next; w; w = next) {
        next = w->next;
        for (int l = 0; l <= GR_ZLEVEL_MAX; l++)
            if (w->c[l])
                libdeflate_free_compressor(w->c[l]);
        if (w->inf_ok)
            inflateEnd(&w->inf);
        if (w->dec)
            libdeflate_free_decompressor(w->dec);
        free(w->scratch);
        free(w);
    }
    pool.idle = NULL;
    pthread_mutex_unlock(&pool.lock);
}
