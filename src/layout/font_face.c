/* font_face: a font file → a face the writers can embed, and what a face answers. A file not
 * one we embed (Type 1, WOFF, bitmap only, CFF2), damaged or truncated is refused, and so is
 * such a file in the user's font folder. Coverage, advances and ink come from HarfBuzz once
 * per code point, in lock-free tables (atomic cells, blocks published by compare-and-swap);
 * the descriptor (docs/typography.md §3.4 baseline, PDF font info) from the face's tables. */
#include "layout/font.h"
#include "layout/font_face.h"

#include <hb-ot.h>
#include <hb.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define GR_METRIC_KNOWN 0x80000000u /* a face's cell: known | covered << 16 | advance */
#define GR_METRIC_COVERED 0x10000u
#define GR_INK_KNOWN (1ull << 63) /* an ink cell; x0 == x1 == 0 is a glyph without ink */

static void unmap_blob(void *user)
{
    size_t *m = user; /* the length, then the mapping's address */
    munmap((void *)m[1], m[0]);
    free(m);
}

/* The whole of the regular file fd as a read-only blob (mapped: font files are large and
 * used in pieces), or NULL when it is empty or cannot be mapped. The blob outlives fd; the
 * file's stamp goes into stamp (gr_fonts_face_key). */
static hb_blob_t *blob_from_fd(int fd, uint64_t stamp[7])
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uintmax_t)st.st_size > UINT_MAX)
        return NULL;
    size_t len = (size_t)st.st_size;
    uint64_t v[7] = {(uint64_t)st.st_dev,          (uint64_t)st.st_ino,
                     (uint64_t)st.st_size,         (uint64_t)st.st_mtim.tv_sec,
                     (uint64_t)st.st_mtim.tv_nsec, (uint64_t)st.st_ctim.tv_sec,
                     (uint64_t)st.st_ctim.tv_nsec};
    memcpy(stamp, v, sizeof v);
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        return NULL;
    size_t *m = gr_xmalloc(2 * sizeof *m);
    m[0] = len;
    m[1] = (size_t)(uintptr_t)p;
    hb_blob_t *b = hb_blob_create_or_fail(p, (unsigned)len, HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE, m,
                                          unmap_blob);
    return b; /* on failure HarfBuzz has called unmap_blob already */
}

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* The block of t holding cp, allocated (zeroed) and published on first use. */
void *gr_font_lazy_block(const lazy_table *t, uint32_t cp, size_t cell_size)
{
    /* the tables hang off const gr_fonts: filling them does not change what the
     * fonts answer, only how fast; the objects themselves were allocated writable */
    _Atomic(void *) *slot = (_Atomic(void *) *)&t->blocks[cp / GR_CELLS];
    void *blk = atomic_load_explicit(slot, memory_order_acquire);
    if (blk)
        return blk;
    void *fresh = gr_xcalloc(GR_CELLS, cell_size);
    if (atomic_compare_exchange_strong_explicit(slot, &blk, fresh, memory_order_acq_rel,
                                                memory_order_acquire))
        return fresh;
    free(fresh); /* another thread published first; blk is its block */
    return blk;
}

void gr_font_lazy_free(lazy_table *t)
{
    for (size_t i = 0; i < GR_BLOCKS; i++)
        free(atomic_load_explicit(&t->blocks[i], memory_order_relaxed));
}

/* The metric cell of cp < GR_BMP in fc: coverage and advance, looked up once. */
static uint32_t face_metric(const face *fc, uint32_t cp)
{
    atomic_uint *cell =
        (atomic_uint *)gr_font_lazy_block(&fc->metrics, cp, sizeof(atomic_uint)) + cp % GR_CELLS;
    uint32_t v = atomic_load_explicit(cell, memory_order_relaxed);
    if (v)
        return v;
    hb_codepoint_t g;
    hb_position_t a = fc->notdef_adv;
    v = GR_METRIC_KNOWN;
    if (hb_font_get_nominal_glyph(fc->hbfont, cp, &g)) {
        v |= GR_METRIC_COVERED;
        a = hb_font_get_glyph_h_advance(fc->hbfont, g);
    }
    v |= (uint32_t)(a > 0 && a <= UINT16_MAX ? a : 0);
    atomic_store_explicit(cell, v, memory_order_relaxed);
    return v;
}

bool gr_font_covers(const face *fc, uint32_t cp)
{
    if (cp < GR_BMP)
        return face_metric(fc, cp) & GR_METRIC_COVERED;
    hb_codepoint_t g;
    return cp <= 0x10FFFF && hb_font_get_nominal_glyph(fc->hbfont, cp, &g);
}

/* The baseline ratio and the advance of code points the face lacks. */
static void face_measure(face *fc)
{
    fc->notdef_adv = hb_font_get_glyph_h_advance(fc->hbfont, 0);

    /* §3.4: sTypoAscender/em when the typo ascender and descender span exactly one em */
    fc->baseline_ratio = 0.88;
    hb_blob_t *os2 = hb_face_reference_table(fc->hbface, HB_TAG('O', 'S', '/', '2'));
    unsigned len;
    const char *d = hb_blob_get_data(os2, &len);
    if (d && len >= 72) {
        int asc = be16(d + 68), desc = be16(d + 70);
        if (asc - desc == (int)fc->upem && asc > 0)
            fc->baseline_ratio = (double)asc / fc->upem;
    }
    hb_blob_destroy(os2);
}

void gr_font_face_release(face *fc)
{
    free(fc->file);
    free(fc->family);
    gr_font_lazy_free(&fc->metrics);
    gr_font_lazy_free(&fc->ink);
    if (fc->hbfont)
        hb_font_destroy(fc->hbfont);
    if (fc->hbface)
        hb_face_destroy(fc->hbface);
    if (fc->blob)
        hb_blob_destroy(fc->blob);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Skip a CFF INDEX at *at (count, offSize, offsets, data); false when it runs off the end. */
static bool cff_skip_index(const unsigned char *p, size_t len, size_t *at, unsigned *count)
{
    if (*at + 2 > len)
        return false;
    *count = rd16(p + *at);
    if (*count == 0) {
        *at += 2;
        return true;
    }
    if (*at + 3 > len)
        return false;
    unsigned osz = p[*at + 2];
    size_t offs = *at + 3, last = offs + (size_t)*count * osz;
    if (osz < 1 || osz > 4 || last + osz > len)
        return false;
    size_t end = 0;
    for (unsigned k = 0; k < osz; k++)
        end = end << 8 | p[last + k];
    size_t data = last + osz - 1; /* offsets count from the byte before the data */
    if (end < 1 || end > len - data)
        return false;
    *at = data + end;
    return true;
}

/* Is the CFF table whole as far as its header and first four INDEXes tell? */
static bool cff_whole(hb_face_t *hf)
{
    hb_blob_t *b = hb_face_reference_table(hf, HB_TAG('C', 'F', 'F', ' '));
    unsigned len;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(b, &len);
    bool ok = p && len >= 4 && p[0] == 1 && p[2] >= 4 && p[2] < len;
    size_t at = ok ? p[2] : 0;
    unsigned count = 0;
    for (int i = 0; i < 4 && ok; i++) /* Name, Top DICT, String, Global Subr */
        ok = cff_skip_index(p, len, &at, &count) && (i != 1 || count == 1);
    hb_blob_destroy(b);
    return ok;
}

/* Can face index of blob (a whole font file) be embedded? GR_OUTLINE_NONE with the reason
 * in why (a phrase for a diagnostic) when it cannot: not an OpenType/TrueType file (Type 1,
 * WOFF, bitmap formats), damaged or truncated, no outlines we embed (bitmap only, CFF2). */
static gr_outline face_check(hb_blob_t *blob, int index, const char **why)
{
    unsigned len;
    const unsigned char *p = (const unsigned char *)hb_blob_get_data(blob, &len);
    *why = "不是 OpenType/TrueType 字体文件";
    if (!p || len < 12) {
        *why = len ? "文件不完整（已截断）" : "文件为空";
        return GR_OUTLINE_NONE;
    }
    if (p[0] == 0x80 && p[1] == 0x01) {
        *why = "是 Type 1（PFB）字体，不能嵌入；请改用 OpenType 或 TrueType 版本";
        return GR_OUTLINE_NONE;
    }
    if (memcmp(p, "%!", 2) == 0) {
        *why = "是 Type 1（PostScript）字体，不能嵌入；请改用 OpenType 或 TrueType 版本";
        return GR_OUTLINE_NONE;
    }
    if (memcmp(p, "wOFF", 4) == 0 || memcmp(p, "wOF2", 4) == 0) {
        *why = "是网页字体（WOFF），不能嵌入；请改用 OpenType 或 TrueType 版本";
        return GR_OUTLINE_NONE;
    }
    size_t dir = 0;
    if (memcmp(p, "ttcf", 4) == 0) { /* a collection: the face's table directory */
        if (index < 0 || 12 + 4 * ((size_t)index + 1) > len || (unsigned)index >= rd32(p + 8)) {
            *why = "字体集合不完整（已截断）";
            return GR_OUTLINE_NONE;
        }
        dir = rd32(p + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        return GR_OUTLINE_NONE;
    }
    if (dir > len || len - dir < 12)
        goto truncated;
    uint32_t version = rd32(p + dir);
    if (version != 0x00010000u && memcmp(p + dir, "OTTO", 4) != 0 &&
        memcmp(p + dir, "true", 4) != 0)
        return GR_OUTLINE_NONE;
    unsigned ntables = rd16(p + dir + 4);
    if (len - dir - 12 < 16 * (size_t)ntables)
        goto truncated;
    bool glyf = false, loca = false, cff = false, cff2 = false, head = false, cmap = false;
    for (unsigned i = 0; i < ntables; i++) {
        const unsigned char *e = p + dir + 12 + 16 * (size_t)i;
        uint32_t off = rd32(e + 8), n = rd32(e + 12);
        if (off > len || n > len - off)
            goto truncated;
        glyf |= memcmp(e, "glyf", 4) == 0 && n > 0;
        loca |= memcmp(e, "loca", 4) == 0 && n > 0;
        cff |= memcmp(e, "CFF ", 4) == 0 && n > 0;
        cff2 |= memcmp(e, "CFF2", 4) == 0 && n > 0;
        head |= memcmp(e, "head", 4) == 0 && n >= 54;
        cmap |= memcmp(e, "cmap", 4) == 0 && n > 0;
    }
    if (!head || !cmap) {
        *why = "缺少 head 或 cmap 表（文件已损坏）";
        return GR_OUTLINE_NONE;
    }
    gr_outline kind = glyf && loca ? GR_OUTLINE_TRUETYPE : cff ? GR_OUTLINE_CFF : GR_OUTLINE_NONE;
    if (kind == GR_OUTLINE_NONE) {
        *why = cff2 ? "是 CFF2 可变字体，不能嵌入；请改用其静态实例（.otf）"
                    : "没有轮廓（仅有点阵字形），不能嵌入";
        return GR_OUTLINE_NONE;
    }
    hb_face_t *hf = hb_face_create(blob, (unsigned)index);
    unsigned upem = hb_face_get_upem(hf), nglyphs = hb_face_get_glyph_count(hf);
    bool ok = upem >= 16 && upem <= 16384 && nglyphs > 1 &&
              (kind != GR_OUTLINE_CFF || cff_whole(hf));
    hb_face_destroy(hf);
    if (!ok) {
        *why = "字体表已损坏";
        return GR_OUTLINE_NONE;
    }
    *why = NULL;
    return kind;
truncated:
    *why = "文件不完整（已截断）";
    return GR_OUTLINE_NONE;
}

/* Open file:index as a face if it has outlines we embed (TrueType glyf or CFF); its id, or
 * -1 with the reason in why. */
int gr_font_face_open(gr_fonts *f, const char *file, int index, const char *family,
                     const char **why)
{
    *why = NULL;
    for (int i = 0; i < f->nfaces; i++)
        if (f->faces[i].index == index && strcmp(f->faces[i].file, file) == 0)
            return i;
    if (f->nfaces == GR_FONTS_MAX_FACES) {
        *why = "字体过多";
        return -1;
    }
    const char *open_why = NULL;
    int fd = gr_file_open_read(file, &open_why);
    uint64_t stamp[7];
    hb_blob_t *blob = fd >= 0 ? blob_from_fd(fd, stamp) : NULL;
    if (fd >= 0)
        close(fd);
    if (!blob) {
        *why = fd < 0 && errno == EINVAL ? open_why : "无法读取";
        return -1;
    }
    gr_outline kind = face_check(blob, index, why);
    if (kind == GR_OUTLINE_NONE) {
        hb_blob_destroy(blob);
        return -1;
    }
    hb_face_t *hf = hb_face_create(blob, (unsigned)index);
    face *fc = &f->faces[f->nfaces];
    memset(fc, 0, sizeof *fc);
    fc->file = gr_xstrdup(file);
    fc->index = index;
    fc->family = gr_xstrdup(family);
    fc->outline = kind;
    fc->blob = blob;
    fc->hbface = hf;
    memcpy(fc->stamp, stamp, sizeof stamp);
    fc->upem = hb_face_get_upem(hf);
    fc->hbfont = hb_font_create(hf);
    hb_font_make_immutable(fc->hbfont);
    face_measure(fc);
    return f->nfaces++;
}

#define GR_FONT_DIR_DEPTH 8 /* folders inside the user's font folder, as fontconfig scans */

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Does the file look like a font, by its name or its first bytes? */
static bool looks_like_font(const char *name, const unsigned char *head, size_t n)
{
    static const char *const ext[] = {".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa",
                                      ".woff", ".woff2", ".pcf", ".pcf.gz", ".bdf", ".dfont",
                                      ".t1", ".cff", ".fon", ".fnt"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (ends_with_ci(name, ext[i]))
            return true;
    return n >= 4 && (memcmp(head, "OTTO", 4) == 0 || memcmp(head, "ttcf", 4) == 0 ||
                      memcmp(head, "true", 4) == 0 || memcmp(head, "\0\1\0\0", 4) == 0 ||
                      memcmp(head, "wOFF", 4) == 0 || memcmp(head, "wOF2", 4) == 0 ||
                      (head[0] == 0x80 && head[1] == 0x01) ||
                      memcmp(head, "%!PS-AdobeFont", n < 14 ? n : 14) == 0);
}

/* Whether the regular file fd (named path) holds fonts we embed; *why when not. */
static bool user_font_ok(int fd, const char *path, const char **why)
{
    unsigned char head[16] = {0};
    ssize_t got = pread(fd, head, sizeof head, 0);
    size_t n = got > 0 ? (size_t)got : 0;
    const char *name = strrchr(path, '/');
    if (!looks_like_font(name ? name + 1 : path, head, n))
        return true; /* not a font: fontconfig passes it over too */
    uint64_t stamp[7];
    hb_blob_t *blob = blob_from_fd(fd, stamp);
    *why = "无法读取";
    unsigned faces = 1;
    if (blob && n >= 12 && memcmp(head, "ttcf", 4) == 0)
        faces = rd32(head + 8) ? rd32(head + 8) : 1;
    bool ok = blob != NULL;
    for (unsigned i = 0; ok && i < faces && i < 256; i++)
        ok = face_check(blob, (int)i, why) != GR_OUTLINE_NONE;
    if (blob)
        hb_blob_destroy(blob);
    return ok;
}

/* Walk the user's font folder, as fontconfig would but before it: every entry is looked at
 * with lstat and only regular files are opened (gr_file_open_read), so that a FIFO, a
 * socket or a device is passed over with a warning instead of blocking the program in
 * FreeType's open(). A font file that cannot be embedded (damaged, Type 1, WOFF,
 * bitmap-only, CFF2) is an error naming it: the office put it there to be used, and a
 * report silently set in another face would not be what it asked for. Regular files are
 * added to *files (for fontconfig). The number of such bad files. */
static int check_user_dir(const char *dir, int depth, gr_font_files *files, gr_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0; /* the folder itself was checked; a subfolder we cannot read, fontconfig
                     cannot either */
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = gr_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        bool ok = lstat(path, &st) == 0;
        if (ok && S_ISLNK(st.st_mode)) /* a link to a font or a folder of fonts is common */
            ok = stat(path, &st) == 0;
        const char *odd = ok ? gr_file_odd_kind(st.st_mode) : NULL;
        if (!ok) {
            /* a dangling link or a name gone since readdir: nothing to read */
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < GR_FONT_DIR_DEPTH)
                bad += check_user_dir(path, depth + 1, files, d);
        } else if (odd) {
            char *safe = gr_diag_safe(path);
            gr_diag_add(d, GR_SEV_WARNING, safe, 0, 0, "W-FONT",
                        "字体文件夹中的 %s 是%s，不是普通文件，已跳过", safe, odd);
            free(safe);
        } else {
            const char *why = NULL;
            int fd = gr_file_open_read(path, &why);
            if (fd < 0 && errno == EINVAL) { /* swapped for a FIFO since the lstat */
                char *safe = gr_diag_safe(path);
                gr_diag_add(d, GR_SEV_WARNING, safe, 0, 0, "W-FONT",
                            "字体文件夹中的 %s 不是普通文件（%s），已跳过", safe, why);
                free(safe);
            } else if (fd >= 0) {
                if (user_font_ok(fd, path, &why)) {
                    gr_grow((void **)&files->paths, &files->cap, files->n + 1, sizeof(char *));
                    files->paths[files->n++] = path;
                    path = NULL;
                } else {
                    char *safe = gr_diag_safe(path);
                    gr_diag_add(d, GR_SEV_ERROR, safe, 0, 0, "E-FONT", "字体文件 %s %s", safe,
                                why);
                    gr_diag_hint(d, "从字体文件夹中移走或换掉这个文件");
                    free(safe);
                    bad++;
                }
                close(fd);
            }
        }
        free(path);
    }
    closedir(dp);
    return bad;
}

int gr_font_check_dir(const char *dir, gr_font_files *files, gr_diags *d)
{
    return check_user_dir(dir, 0, files, d);
}

void gr_font_files_free(gr_font_files *files)
{
    for (size_t i = 0; i < files->n; i++)
        free(files->paths[i]);
    free(files->paths);
    *files = (gr_font_files){0};
}

double gr_fonts_advance(const gr_fonts *f, int face_id, uint32_t cp, double size)
{
    if (face_id < 0 || face_id >= f->nfaces)
        return 0;
    const face *fc = &f->faces[face_id];
    hb_position_t a;
    if (cp < GR_BMP) {
        a = (hb_position_t)(face_metric(fc, cp) & 0xFFFF);
    } else {
        hb_codepoint_t g = 0;
        if (cp > 0x10FFFF || !hb_font_get_nominal_glyph(fc->hbfont, cp, &g))
            g = 0;
        a = hb_font_get_glyph_h_advance(fc->hbfont, g);
    }
    return (double)a * size / fc->upem;
}

double gr_fonts_baseline_ratio(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].baseline_ratio : 0.88;
}

/* The height of "0" over the em, else 0.70; worked out when first asked (most faces a
 * conf names are fallbacks never asked), by whichever thread asks first (racing threads
 * store the same value). */
double gr_fonts_digit_height(const gr_fonts *f, int face_id)
{
    if (face_id < 0 || face_id >= f->nfaces)
        return 0.70;
    face *fc = (face *)&f->faces[face_id];
    uint64_t bits = atomic_load_explicit(&fc->digit_height, memory_order_relaxed);
    double h;
    if (bits) {
        memcpy(&h, &bits, sizeof h);
        return h;
    }
    h = 0.70;
    hb_codepoint_t zero;
    hb_glyph_extents_t ext;
    if (hb_font_get_nominal_glyph(fc->hbfont, '0', &zero) &&
        hb_font_get_glyph_extents(fc->hbfont, zero, &ext) && ext.height < 0)
        h = (double)-ext.height / fc->upem;
    memcpy(&bits, &h, sizeof bits);
    atomic_store_explicit(&fc->digit_height, bits, memory_order_relaxed);
    return h;
}

/* The horizontal ink extent of cp's glyph in font units, 0, 0 without ink. */
static void ink_units(const face *fc, uint32_t cp, int *x0, int *x1)
{
    *x0 = *x1 = 0;
    hb_codepoint_t g;
    hb_glyph_extents_t e;
    if (cp > 0x10FFFF || !hb_font_get_nominal_glyph(fc->hbfont, cp, &g) ||
        !hb_font_get_glyph_extents(fc->hbfont, g, &e) || e.width <= 0 ||
        e.x_bearing < INT16_MIN || e.x_bearing + e.width > INT16_MAX)
        return;
    *x0 = e.x_bearing;
    *x1 = e.x_bearing + e.width;
}

/* The ink cell of cp < GR_BMP in face fc: GR_INK_KNOWN | x1 << 16 | x0 (int16 each), 0
 * until known. */
static atomic_ullong *ink_cell(const face *fc, uint32_t cp)
{
    return (atomic_ullong *)gr_font_lazy_block(&fc->ink, cp, sizeof(atomic_ullong)) + cp % GR_CELLS;
}

bool gr_fonts_ink_units(const gr_fonts *f, int face_id, uint32_t cp, int16_t *x0, int16_t *x1)
{
    *x0 = *x1 = 0;
    if (face_id < 0 || face_id >= f->nfaces || cp >= GR_BMP)
        return false;
    const face *fc = &f->faces[face_id];
    atomic_ullong *cell = ink_cell(fc, cp);
    unsigned long long v = atomic_load_explicit(cell, memory_order_relaxed);
    if (!v) { /* looked up once: a CFF glyph's extents mean running its charstring */
        int a, b;
        ink_units(fc, cp, &a, &b);
        v = GR_INK_KNOWN | (unsigned long long)(uint16_t)b << 16 | (uint16_t)a;
        atomic_store_explicit(cell, v, memory_order_relaxed);
    }
    *x0 = (int16_t)(uint16_t)(v & 0xFFFF);
    *x1 = (int16_t)(uint16_t)(v >> 16 & 0xFFFF);
    return true;
}

void gr_fonts_ink_set(const gr_fonts *f, int face_id, uint32_t cp, int16_t x0, int16_t x1)
{
    if (face_id < 0 || face_id >= f->nfaces || cp >= GR_BMP)
        return;
    unsigned long long v = GR_INK_KNOWN | (unsigned long long)(uint16_t)x1 << 16 | (uint16_t)x0;
    atomic_store_explicit(ink_cell(&f->faces[face_id], cp), v, memory_order_relaxed);
}

void gr_fonts_ink(const gr_fonts *f, int face_id, uint32_t cp, double *x0, double *x1)
{
    *x0 = *x1 = 0;
    if (face_id < 0 || face_id >= f->nfaces)
        return;
    const face *fc = &f->faces[face_id];
    int a, b;
    int16_t a16, b16;
    if (gr_fonts_ink_units(f, face_id, cp, &a16, &b16)) {
        a = a16;
        b = b16;
    } else {
        ink_units(fc, cp, &a, &b);
    }
    if (b <= a)
        return;
    *x0 = (double)a / fc->upem;
    *x1 = (double)b / fc->upem;
}

size_t gr_fonts_face_count(const gr_fonts *f)
{
    return (size_t)f->nfaces;
}

const char *gr_fonts_face_family(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].family : NULL;
}

struct hb_face_t *gr_fonts_hb_face(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].hbface : NULL;
}

gr_outline gr_fonts_face_outline(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].outline : GR_OUTLINE_NONE;
}

const char *gr_fonts_face_file(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].file : NULL;
}

void gr_fonts_face_key(const gr_fonts *f, int face_id, gr_buf *out)
{
    if (face_id < 0 || face_id >= f->nfaces)
        return;
    const face *fc = &f->faces[face_id];
    uint64_t index = (uint64_t)fc->index;
    gr_buf_add(out, fc->file, strlen(fc->file) + 1); /* with its NUL: no path is a prefix */
    gr_buf_add(out, (const char *)&index, sizeof index);
    gr_buf_add(out, (const char *)fc->stamp, sizeof fc->stamp);
}

static int per_mille(int v, unsigned upem)
{
    double x = (double)v * 1000.0 / upem;
    return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

void gr_fonts_face_info(const gr_fonts *f, int face_id, gr_face_info *out)
{
    memset(out, 0, sizeof *out);
    if (face_id < 0 || face_id >= f->nfaces)
        return;
    const face *fc = &f->faces[face_id];
    /* a PDF name: printable ASCII without delimiters, spaces or '#' */
    char name[64];
    unsigned len = sizeof name;
    if (!hb_ot_name_get_utf8(fc->hbface, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                             &len, name))
        name[0] = 0;
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < sizeof out->psname; p++)
        if (*p > 0x20 && *p < 0x7F && !strchr("()<>[]{}/%#", *p))
            out->psname[k++] = *p;
    if (!k)
        snprintf(out->psname, sizeof out->psname, "Face%d", face_id);

    hb_font_extents_t ext;
    if (hb_font_get_h_extents(fc->hbfont, &ext)) {
        out->ascent = per_mille(ext.ascender, fc->upem);
        out->descent = per_mille(ext.descender, fc->upem);
    }
    out->cap_height = out->ascent;
    hb_blob_t *head = hb_face_reference_table(fc->hbface, HB_TAG('h', 'e', 'a', 'd'));
    const char *d = hb_blob_get_data(head, &len);
    if (d && len >= 44)
        for (int i = 0; i < 4; i++)
            out->bbox[i] = per_mille(be16(d + 36 + 2 * i), fc->upem);
    hb_blob_destroy(head);
    hb_blob_t *os2 = hb_face_reference_table(fc->hbface, HB_TAG('O', 'S', '/', '2'));
    d = hb_blob_get_data(os2, &len);
    if (d && len >= 90 && be16(d) >= 2 && be16(d + 88) > 0) /* from version 2; Fandol says 0 */
        out->cap_height = per_mille(be16(d + 88), fc->upem);
    hb_blob_destroy(os2);
    hb_blob_t *post = hb_face_reference_table(fc->hbface, HB_TAG('p', 'o', 's', 't'));
    d = hb_blob_get_data(post, &len);
    if (d && len >= 16) {
        out->italic_angle = be16(d + 4); /* the integer part of the Fixed */
        out->fixed_pitch = (d[12] | d[13] | d[14] | d[15]) != 0;
    }
    hb_blob_destroy(post);
}

