/* font_cache: a face's whole embedded font across processes (see font_cache.h).
 * An entry, in the byte order of the program that wrote it (the only one that reads it,
 * its build ID being in the key):
 *   "GRF1", u32 size of the whole file, u32 CRC-32 of everything after it,
 *   u32 key length, the key,
 *   u32 kind, program length, characters n, glyphs, CID count, supplement, and whether a
 *   glyph → CID list follows; registry[64], ordering[64];
 *   u16 cids[n], u16 gids[n], i32 widths[n], u16 glyph_cid[glyphs] (when listed),
 *   for each of the four streams (program, ToUnicode, CIDSet, CIDToGIDMap) its u32
 *   length and its bytes. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "output/font_cache.h"

#include "output/folder_cache.h"

#include <libdeflate.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GR_FONT_MAX (64u << 20)

/* Where a kind of entry is kept: its files' kind in the folder, and how many sets. */
typedef struct {
    const char *kind;
    unsigned sets;
} shelf;

static const shelf fonts_shelf = {"font", 64}; /* 128 files at most: ~10–250 KB each */
static const shelf roles_shelf = {"roles", 4}; /* 8 files of a few KB: one per font setup */
#define GR_BUILD_ID_MAX 64

/* ---- the build ID of the program holding this code ---- */

static struct {
    pthread_once_t once;
    unsigned char id[GR_BUILD_ID_MAX];
    size_t len; /* 0: none found */
} build = {PTHREAD_ONCE_INIT, {0}, 0};

/* dl_iterate_phdr's visit: in the object whose loaded segments hold this function, the
 * descriptor of its NT_GNU_BUILD_ID note. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    (void)arg;
    uintptr_t here = (uintptr_t)find_build_id;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t at = info->dlpi_addr + ph->p_vaddr;
        mine = ph->p_type == PT_LOAD && here >= at && here - at < ph->p_memsz;
    }
    if (!mine)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        size_t left = ph->p_memsz;
        while (left >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) nh;
            memcpy(&nh, p, sizeof nh);
            size_t name = (nh.n_namesz + 3) & ~(size_t)3, desc = (nh.n_descsz + 3) & ~(size_t)3;
            if (name > left - sizeof nh || desc > left - sizeof nh - name)
                break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
                memcmp(p + sizeof nh, "GNU", 4) == 0 && nh.n_descsz > 0 &&
                nh.n_descsz <= GR_BUILD_ID_MAX) {
                memcpy(build.id, p + sizeof nh + name, nh.n_descsz);
                build.len = nh.n_descsz;
                return 1;
            }
            p += sizeof nh + name + desc;
            left -= sizeof nh + name + desc;
        }
    }
    return 1;
}

static void build_id_read(void)
{
    dl_iterate_phdr(find_build_id, NULL);
}

/* ---- entries ---- */

/* The key of face's entry of kind (what it holds) for cps[0..n) into k; false without a
 * build ID. */
/* The start of every key: what the entry holds (kind) and the program that wrote it; false
 * without a build ID or a folder. */
static bool key_begin(const char *kind, gr_buf *k)
{
    pthread_once(&build.once, build_id_read);
    if (!build.len || !gr_folder_cache_dir())
        return false;
    gr_buf_add(k, kind, strlen(kind) + 1);
    gr_buf_add(k, (const char *)build.id, build.len);
    return true;
}

static bool entry_key(const char *kind, const gr_fonts *f, int face, const uint32_t *cps,
                      size_t n, gr_buf *k)
{
    if (!n || n > 65536 || !key_begin(kind, k))
        return false;
    gr_fonts_face_key(f, face, k);
    uint64_t count = n;
    gr_buf_add(k, (const char *)&count, sizeof count);
    gr_buf_add(k, (const char *)cps, n * sizeof *cps);
    return true;
}

typedef struct {
    const unsigned char *p;
    size_t left;
    unsigned char *file; /* the whole file read (malloc'd, size + 2 bytes); a parse that
                            keeps it sets this to NULL */
    size_t size;
} reader;

static bool take(reader *r, void *out, size_t n)
{
    if (n > r->left)
        return false;
    if (out)
        memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
    return true;
}

/* An array of count elements of size bytes, malloc'd, into *out. */
static bool take_array(reader *r, void **out, size_t count, size_t size)
{
    *out = gr_xmalloc(count * size + 1);
    return take(r, *out, count * size);
}

static void put_u32(gr_buf *b, uint32_t v)
{
    gr_buf_add(b, (const char *)&v, sizeof v);
}

/* ---- the envelope every entry shares: magic, size, CRC-32, key ---- */

/* A new entry for key in b: its envelope, size and CRC to be filled by entry_write. */
static void entry_begin(gr_buf *b, const gr_buf *key)
{
    gr_buf_add(b, "GRF1\0\0\0\0\0\0\0\0", 12);
    put_u32(b, (uint32_t)key->len);
    gr_buf_add(b, key->s, key->len);
}

/* The entry in b, its size and CRC filled in, into the folder under key's hash (way as
 * gr_folder_cache_write takes it). */
static void entry_write(const shelf *sh, gr_buf *b, const gr_buf *key, int way)
{
    if (b->len > GR_FONT_MAX)
        return;
    uint32_t total = (uint32_t)b->len;
    memcpy(b->s + 4, &total, 4);
    uint32_t crc = (uint32_t)libdeflate_crc32(0, b->s + 12, b->len - 12);
    memcpy(b->s + 8, &crc, 4);
    const void *parts[1] = {b->s};
    size_t lens[1] = {b->len};
    gr_folder_cache_write(sh->kind, sh->sets, gr_hash64(key->s, key->len), way, parts, lens, 1);
}

/* Whether file[0..size) is a whole entry for key; r then reads what follows the key. */
static bool entry_open(unsigned char *file, size_t size, const gr_buf *key, reader *r)
{
    r->p = file;
    r->left = size;
    r->file = file;
    r->size = size;
    uint32_t total, crc, klen;
    if (!take(r, NULL, 4) || memcmp(file, "GRF1", 4) != 0 || !take(r, &total, 4) ||
        total != size || !take(r, &crc, 4) ||
        crc != (uint32_t)libdeflate_crc32(0, file + 12, size - 12) || !take(r, &klen, 4) ||
        klen != key->len || r->left < klen || memcmp(r->p, key->s, klen) != 0)
        return false;
    return take(r, NULL, klen);
}

/* Look for key's entry under both names of its set: parse reads its body, true when it
 * is whole (else it must leave nothing behind). The way it was found under, or -1. */
static int entry_find(const shelf *sh, const gr_buf *key, bool (*parse)(reader *r, void *ctx),
                      void *ctx)
{
    uint64_t h = gr_hash64(key->s, key->len);
    int found = -1;
    for (int way = 0; way < 2 && found < 0; way++) {
        unsigned char *file; /* read, not mapped: a file cut short under a mapping would
                                kill the process */
        size_t size;
        if (!gr_folder_cache_read(sh->kind, sh->sets, h, way, 16, GR_FONT_MAX, &file, &size))
            continue;
        reader r;
        if (entry_open(file, size, key, &r) && parse(&r, ctx))
            found = way;
        free(r.file);
    }
    return found;
}

/* ---- the PDF's font ---- */

/* The streams of st in the entry's order. */
static gr_buf *stream_at(gr_font_streams *st, int i)
{
    gr_buf *all[4] = {&st->program, &st->tounicode, &st->cidset, &st->cidmap};
    return all[i];
}

void gr_font_streams_free(gr_font_streams *st)
{
    for (int i = 0; i < 4; i++)
        gr_buf_free(stream_at(st, i));
}

typedef struct {
    const uint32_t *cps;
    size_t n;
    gr_font_subset *sub;
    gr_font_streams *st;
} pdf_font;

/* The body of a PDF font's entry, into the subset (cps its own copy) and streams. */
static bool pdf_font_parse(reader *rd, void *ctx)
{
    pdf_font *pf = ctx;
    reader r = *rd;
    gr_font_subset *sub = pf->sub;
    gr_font_streams *st = pf->st;
    size_t n = pf->n;
    const uint32_t *cps = pf->cps;
    bool ok = false;
    uint32_t v[7]; /* kind, len, n, nglyphs, cid_count, supplement, glyph_cid listed */
    if (!take(&r, v, sizeof v) || v[0] > GR_FONT_CFF || v[2] != n || v[3] == 0 ||
        v[3] > 65536 || v[4] > 65536 || v[6] > 1 ||
        !take(&r, sub->registry, sizeof sub->registry) ||
        !take(&r, sub->ordering, sizeof sub->ordering) ||
        !memchr(sub->registry, 0, sizeof sub->registry) ||
        !memchr(sub->ordering, 0, sizeof sub->ordering))
        goto fail;
    sub->kind = (gr_font_kind)v[0];
    sub->len = v[1];
    sub->n = n;
    sub->nglyphs = v[3];
    sub->cid_count = v[4];
    sub->supplement = (int)v[5];
    sub->cps = gr_xmalloc((n + 1) * sizeof *sub->cps);
    memcpy(sub->cps, cps, n * sizeof *cps);
    if (!take_array(&r, (void **)&sub->cids, n, sizeof *sub->cids) ||
        !take_array(&r, (void **)&sub->gids, n, sizeof *sub->gids) ||
        !take_array(&r, (void **)&sub->widths, n, sizeof *sub->widths) ||
        (v[6] && !take_array(&r, (void **)&sub->glyph_cid, sub->nglyphs, sizeof *sub->glyph_cid)))
        goto fail;
    size_t program = 0, program_len = 0; /* where the program is in the file */
    for (int i = 0; i < 4; i++) { /* each a zlib stream; only the CIDToGIDMap may be absent */
        uint32_t len;
        if (!take(&r, &len, 4) || len > r.left || (len ? len < 6 || r.p[0] != 0x78 : i < 3))
            goto fail;
        if (i == 0) {
            program = (size_t)(r.p - r.file);
            program_len = len;
        } else {
            gr_buf_add(stream_at(st, i), (const char *)r.p, len);
        }
        take(&r, NULL, len);
    }
    ok = r.left == 0;
    if (ok) { /* the program, most of the file, kept in the file's own buffer: moved to its
                 start, not copied into fresh pages (a body face's: 180 KB, 0.15 ms) */
        memmove(r.file, r.file + program, program_len);
        st->program = (gr_buf){(char *)r.file, program_len, rd->size + 2};
        rd->file = NULL;
    }
fail:
    if (!ok) {
        gr_font_subset_free(sub);
        gr_font_streams_free(st);
    }
    return ok;
}

bool gr_font_cache_get(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                       gr_font_subset *sub, gr_font_streams *st)
{
    memset(sub, 0, sizeof *sub);
    memset(st, 0, sizeof *st);
    gr_buf key = {0};
    pdf_font pf = {cps, n, sub, st};
    bool found = entry_key("govreport font 1", f, face, cps, n, &key) &&
                 entry_find(&fonts_shelf, &key, pdf_font_parse, &pf) >= 0;
    gr_buf_free(&key);
    return found;
}

void gr_font_cache_put(const gr_fonts *f, int face, const gr_font_subset *sub,
                       const gr_font_streams *st)
{
    gr_buf key = {0}, b = {0};
    gr_font_streams *all = (gr_font_streams *)st; /* read only */
    if (sub->len > UINT32_MAX || !st->program.len ||
        !entry_key("govreport font 1", f, face, sub->cps, sub->n, &key))
        goto done;
    entry_begin(&b, &key);
    uint32_t v[7] = {(uint32_t)sub->kind,      (uint32_t)sub->len,       (uint32_t)sub->n,
                     sub->nglyphs,             sub->cid_count,           (uint32_t)sub->supplement,
                     sub->glyph_cid != NULL};
    gr_buf_add(&b, (const char *)v, sizeof v);
    gr_buf_add(&b, sub->registry, sizeof sub->registry);
    gr_buf_add(&b, sub->ordering, sizeof sub->ordering);
    gr_buf_add(&b, (const char *)sub->cids, sub->n * sizeof *sub->cids);
    gr_buf_add(&b, (const char *)sub->gids, sub->n * sizeof *sub->gids);
    gr_buf_add(&b, (const char *)sub->widths, sub->n * sizeof *sub->widths);
    if (sub->glyph_cid)
        gr_buf_add(&b, (const char *)sub->glyph_cid, sub->nglyphs * sizeof *sub->glyph_cid);
    for (int i = 0; i < 4; i++) {
        const gr_buf *x = stream_at(all, i);
        if (x->len > GR_FONT_MAX)
            goto done;
        put_u32(&b, (uint32_t)x->len);
        if (x->len) /* an empty one (a CFF font's CIDToGIDMap) may have no buffer */
            gr_buf_add(&b, x->s, x->len);
    }
    entry_write(&fonts_shelf, &b, &key, -1);
done:
    gr_buf_free(&key);
    gr_buf_free(&b);
}

/* ---- the OFD's font file ---- */

typedef struct {
    size_t n;
    size_t *len;
    uint32_t *crc;
    bool *otto;
    int16_t *ink;
    gr_buf *z;
} font_file;

static bool font_file_parse(reader *r, void *ctx)
{
    font_file *ff = ctx;
    uint32_t v[4]; /* the file's length, CRC-32 and whether it is OTTO; the stream's length */
    size_t inks = 2 * ff->n * sizeof *ff->ink;
    if (!take(r, v, sizeof v) || v[2] > 1 || r->left < inks || v[3] != r->left - inks ||
        v[3] == 0)
        return false;
    *ff->len = v[0];
    *ff->crc = v[1];
    *ff->otto = v[2];
    take(r, ff->ink, inks);
    if (!ff->z->s) { /* the stream, most of the file, kept in the file's own buffer */
        memmove(r->file, r->p, v[3]);
        *ff->z = (gr_buf){(char *)r->file, v[3], r->size + 2};
        r->file = NULL;
    } else {
        gr_buf_add(ff->z, (const char *)r->p, v[3]);
    }
    return true;
}

bool gr_font_cache_get_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                            size_t *len, uint32_t *crc, bool *otto, int16_t *ink, gr_buf *z)
{
    gr_buf key = {0};
    font_file ff = {n, len, crc, otto, ink, z};
    bool found = entry_key("govreport font file 1", f, face, cps, n, &key) &&
                 entry_find(&fonts_shelf, &key, font_file_parse, &ff) >= 0;
    gr_buf_free(&key);
    return found;
}

void gr_font_cache_put_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                            size_t len, uint32_t crc, bool otto, const int16_t *ink,
                            const unsigned char *z, size_t zlen)
{
    gr_buf key = {0}, b = {0};
    if (len <= UINT32_MAX && zlen > 0 && zlen <= GR_FONT_MAX &&
        entry_key("govreport font file 1", f, face, cps, n, &key)) {
        entry_begin(&b, &key);
        uint32_t v[4] = {(uint32_t)len, crc, otto, (uint32_t)zlen};
        gr_buf_add(&b, (const char *)v, sizeof v);
        gr_buf_add(&b, (const char *)ink, 2 * n * sizeof *ink);
        gr_buf_add(&b, (const char *)z, zlen);
        entry_write(&fonts_shelf, &b, &key, -1);
    }
    gr_buf_free(&key);
    gr_buf_free(&b);
}

/* ---- what opening the fonts found (font_role.c) ---- */

typedef struct {
    bool (*use)(const gr_buf *body, void *ctx);
    void *ctx;
} roles_user;

static bool roles_parse(reader *r, void *ctx)
{
    roles_user *u = ctx;
    const gr_buf body = {(char *)r->p, r->left, r->left}; /* a view: read, not kept */
    return u->use(&body, u->ctx);
}

static bool any_body(reader *r, void *ctx)
{
    (void)r;
    (void)ctx;
    return true;
}

static bool roles_find(const gr_buf *key, bool (*use)(const gr_buf *body, void *ctx), void *ctx)
{
    gr_buf k = {0};
    roles_user u = {use, ctx};
    bool found = key_begin("govreport roles 1", &k);
    if (found) {
        gr_buf_add(&k, key->s, key->len);
        found = entry_find(&roles_shelf, &k, roles_parse, &u) >= 0;
    }
    gr_buf_free(&k);
    return found;
}

static void roles_put(const gr_buf *key, const gr_buf *body)
{
    gr_buf k = {0}, b = {0};
    if (key_begin("govreport roles 1", &k)) {
        gr_buf_add(&k, key->s, key->len);
        int way = entry_find(&roles_shelf, &k, any_body, NULL); /* an older answer, replaced */
        entry_begin(&b, &k);
        gr_buf_add(&b, body->s, body->len);
        entry_write(&roles_shelf, &b, &k, way);
    }
    gr_buf_free(&k);
    gr_buf_free(&b);
}

const gr_fonts_store *gr_font_roles_store(void)
{
    static const gr_fonts_store store = {roles_find, roles_put};
    return &store;
}
