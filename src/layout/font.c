/* font: resolves the font roles of docs/typography.md §4 to OpenType faces. Each role is an
 * alias "govreport-<role>" in fonts/govreport.conf, a real fontconfig file whose <prefer>
 * list we read back through fontconfig's own substitution; every family is resolved once
 * to a file and face index, faces are shared between roles. Coverage, advances and each
 * role's choice of face are filled in lazily, per code point, on first use: a report uses
 * a few hundred characters and tabulating the BMP of six faces cost most of the open. The
 * fills are lock-free (atomic cells, blocks published by compare-and-swap), so the tables
 * stay safe for the concurrent readers of a batch. Metrics from HarfBuzz. */
#include "layout/font.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define GR_FONTS_MAX_FACES 64    /* faces are int8 in the role tables; a conf names ~20 */
#define GR_FONTS_MAX_FAMILIES 32 /* per role; ours have at most 6 */
#define GR_FC_CONF_MAX (1 << 20) /* the system fonts.conf is a few KB; beyond is not one */
#define GR_BMP 0x10000           /* UTF-8 mode of the PDF writer draws the BMP only */
#define GR_NO_FACE ((int8_t)-1)
#define GR_CELLS 256 /* code points per lazily allocated block of a table */
#define GR_BLOCKS (GR_BMP / GR_CELLS)
#define GR_METRIC_KNOWN 0x80000000u /* a face's cell: known | covered << 16 | advance */
#define GR_METRIC_COVERED 0x10000u
#define GR_INK_KNOWN (1ull << 63) /* an ink cell; x0 == x1 == 0 is a glyph without ink */

/* A BMP table of atomic cells, 0 meaning "not yet known", in blocks allocated on first
 * use. Cells are written by whichever reader first needs them; racing writers store the
 * same value. */
typedef struct {
    _Atomic(void *) blocks[GR_BLOCKS];
} lazy_table;

/* The roles' alias names in the conf, in gr_role order, then the Latin fallback. */
static const char *const role_alias[GR_ROLES + 1] = {
    "govreport-title", "govreport-h1",         "govreport-h2",      "govreport-body",
    "govreport-table", "govreport-table-head", "govreport-pagenum", "govreport-latin",
};
#define LATIN_ROLE GR_ROLES

/* Used when no fonts/govreport.conf is found: the same lists as the shipped file. */
static const char builtin_conf[] =
    "<?xml version=\"1.0\"?>\n<fontconfig>\n"
    "<alias binding=\"strong\"><family>govreport-title</family><prefer>"
    "<family>方正小标宋简体</family><family>方正小标宋_GBK</family>"
    "<family>FZXiaoBiaoSong-B05S</family><family>FZXiaoBiaoSong-B05</family>"
    "<family>FandolSong:bold</family><family>Noto Serif CJK SC:bold</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-h1</family><prefer>"
    "<family>黑体</family><family>SimHei</family><family>FandolHei</family>"
    "<family>Noto Sans CJK SC</family><family>WenQuanYi Micro Hei</family>"
    "<family>WenQuanYi Zen Hei</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-h2</family><prefer>"
    "<family>楷体_GB2312</family><family>KaiTi_GB2312</family>"
    "<family>楷体</family><family>KaiTi</family><family>STKaiti</family>"
    "<family>FandolKai</family><family>AR PL UKai CN</family>"
    "<family>LXGW WenKai</family><family>AR PL KaitiM GB</family>"
    "<family>Noto Serif CJK SC</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-body</family><prefer>"
    "<family>仿宋_GB2312</family><family>FangSong_GB2312</family>"
    "<family>仿宋</family><family>FangSong</family><family>STFangsong</family>"
    "<family>FandolFang</family><family>Noto Serif CJK SC</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-table</family><prefer>"
    "<family>仿宋_GB2312</family><family>FangSong_GB2312</family>"
    "<family>仿宋</family><family>FangSong</family><family>STFangsong</family>"
    "<family>FandolFang</family><family>Noto Serif CJK SC</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-table-head</family><prefer>"
    "<family>黑体</family><family>SimHei</family><family>FandolHei</family>"
    "<family>Noto Sans CJK SC</family><family>WenQuanYi Micro Hei</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-pagenum</family><prefer>"
    "<family>宋体</family><family>SimSun</family><family>FandolSong</family>"
    "<family>Noto Serif CJK SC</family><family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-latin</family><prefer>"
    "<family>Liberation Serif</family></prefer></alias>\n"
    "</fontconfig>\n";

typedef struct {
    char *file;
    int index;
    char *family; /* as the conf named it */
    gr_outline outline;
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hbfont; /* scale = upem: advances in font units */
    unsigned upem;
    double baseline_ratio, digit_height;
    hb_position_t notdef_adv; /* the advance of code points the face lacks */
    lazy_table metrics;       /* atomic_uint cells, GR_METRIC_* */
    lazy_table ink;           /* atomic_ullong cells: GR_INK_KNOWN | x1 << 16 | x0 (int16) */
} face;

typedef struct {
    int faces[GR_FONTS_MAX_FAMILIES];
    int n;
    lazy_table table; /* atomic_schar cells: 0 unknown, else the face drawing cp + 2 */
} role_faces;

struct gr_fonts {
    face faces[GR_FONTS_MAX_FACES];
    int nfaces;
    role_faces roles[GR_ROLES + 1];
};

static bool is_latin_fallback(uint32_t cp)
{
    /* ASCII printable, the Latin letter blocks up to Latin Extended-B, and the Western
     * signs a CJK font may lack: general punctuation, currency (€), letterlike (™, №) */
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0x24F) ||
           (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
           (cp >= 0x2100 && cp <= 0x214F);
}

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* The block of t holding cp, allocated (zeroed) and published on first use. */
static void *lazy_block(const lazy_table *t, uint32_t cp, size_t cell_size)
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

static void lazy_free(lazy_table *t)
{
    for (size_t i = 0; i < GR_BLOCKS; i++)
        free(atomic_load_explicit(&t->blocks[i], memory_order_relaxed));
}

/* The metric cell of cp < GR_BMP in fc: coverage and advance, looked up once. */
static uint32_t face_metric(const face *fc, uint32_t cp)
{
    atomic_uint *cell = (atomic_uint *)lazy_block(&fc->metrics, cp, sizeof(atomic_uint)) +
                        cp % GR_CELLS;
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

static bool covers(const face *fc, uint32_t cp)
{
    if (cp < GR_BMP)
        return face_metric(fc, cp) & GR_METRIC_COVERED;
    hb_codepoint_t g;
    return cp <= 0x10FFFF && hb_font_get_nominal_glyph(fc->hbfont, cp, &g);
}

/* The baseline ratio, the digit height and the advance of code points the face lacks. */
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

    fc->digit_height = 0.70;
    hb_codepoint_t zero;
    hb_glyph_extents_t ext;
    if (hb_font_get_nominal_glyph(fc->hbfont, '0', &zero) &&
        hb_font_get_glyph_extents(fc->hbfont, zero, &ext) && ext.height < 0)
        fc->digit_height = (double)-ext.height / fc->upem;
}

static void face_release(face *fc)
{
    free(fc->file);
    free(fc->family);
    lazy_free(&fc->metrics);
    lazy_free(&fc->ink);
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
static int face_open(gr_fonts *f, const char *file, int index, const char *family,
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
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
    if (!blob) {
        *why = "无法读取";
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
    fc->upem = hb_face_get_upem(hf);
    fc->hbfont = hb_font_create(hf);
    hb_font_make_immutable(fc->hbfont);
    face_measure(fc);
    return f->nfaces++;
}

static bool under_dir(const char *file, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    return n && strncmp(file, dir, n) == 0 && (dir[n - 1] == '/' || file[n] == '/');
}

static int ascii_lower(int c);

/* The weight a style name says ("Bold", "Black" …), regular when it says none. */
static int style_weight(const char *style)
{
    static const struct {
        const char *word;
        int weight;
    } words[] = {{"semibold", FC_WEIGHT_DEMIBOLD}, {"demibold", FC_WEIGHT_DEMIBOLD},
                 {"extrabold", FC_WEIGHT_EXTRABOLD}, {"ultrabold", FC_WEIGHT_EXTRABOLD},
                 {"bold", FC_WEIGHT_BOLD}, {"black", FC_WEIGHT_BLACK},
                 {"heavy", FC_WEIGHT_BLACK}, {"extralight", FC_WEIGHT_EXTRALIGHT},
                 {"light", FC_WEIGHT_LIGHT}, {"thin", FC_WEIGHT_THIN},
                 {"medium", FC_WEIGHT_MEDIUM}};
    char low[64];
    size_t n = 0;
    for (; style[n] && n + 1 < sizeof low; n++)
        low[n] = (char)ascii_lower((unsigned char)style[n]);
    low[n] = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(low, words[i].word))
            return words[i].weight;
    return FC_WEIGHT_REGULAR;
}

/* How well a listed font fits: lower is better. The user's folder first, then the upright
 * style of the weight asked for (regular unless the conf says ":bold" or ":black"), then
 * the plain width. */
static int candidate_rank(FcPattern *p, const char *file, const char *user_dir, int want)
{
    int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    FcPatternGetInteger(p, FC_WIDTH, 0, &width);
    FcChar8 *style;
    if (weight == FC_WEIGHT_REGULAR && FcPatternGetString(p, FC_STYLE, 0, &style) == FcResultMatch)
        weight = style_weight((const char *)style); /* Fandol's faces all claim 400 */
    int dw = weight - want;
    if (want == FC_WEIGHT_REGULAR && weight == FC_WEIGHT_MEDIUM)
        dw = 1; /* some CJK fonts call their regular "Medium"/"Book" */
    return (under_dir(file, user_dir) ? 0 : 1 << 20) + (slant != FC_SLANT_ROMAN) * (1 << 16) +
           abs(dw) * 64 + abs(width - FC_WIDTH_NORMAL);
}

/* A conf family "Name:bold" asks for a weight: the name in name (of size cap), the
 * fontconfig weight returned. */
static int family_weight(const char *family, char *name, size_t cap)
{
    const char *colon = strrchr(family, ':');
    size_t n = colon ? (size_t)(colon - family) : strlen(family);
    snprintf(name, cap, "%.*s", (int)n, family);
    if (!colon)
        return FC_WEIGHT_REGULAR;
    if (strcasecmp(colon + 1, "bold") == 0)
        return FC_WEIGHT_BOLD;
    if (strcasecmp(colon + 1, "black") == 0 || strcasecmp(colon + 1, "heavy") == 0)
        return FC_WEIGHT_BLACK;
    if (strcasecmp(colon + 1, "light") == 0)
        return FC_WEIGHT_LIGHT;
    return FC_WEIGHT_REGULAR;
}

/* A font file a role's family names but that cannot be used, and why. */
typedef struct {
    char *file;
    const char *why;
} reject;

#define GR_REJECTS_MAX 16 /* per role, for its diagnostics */

typedef struct {
    reject r[GR_REJECTS_MAX];
    int n;
} reject_list;

static void reject_add(reject_list *l, const char *file, const char *why)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->r[i].file, file) == 0)
            return;
    if (l->n < GR_REJECTS_MAX) {
        l->r[l->n].file = gr_xstrdup(file);
        l->r[l->n++].why = why;
    }
}

static void reject_clear(reject_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->r[i].file);
    l->n = 0;
}

/* Every font, listed once with its family names (a fontconfig listing per family cost
 * more than the rest of the open). */
typedef struct {
    FcFontSet *set;
    const FcChar8 **names; /* font i's family names: names[first[i]] .. names[first[i+1]-1] */
    int *first;
} font_list;

static bool font_list_make(font_list *l, FcConfig *cfg)
{
    FcPattern *any = FcPatternCreate();
    FcObjectSet *os =
        FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT, FC_WIDTH, FC_STYLE,
                         NULL);
    l->set = FcFontList(cfg, any, os);
    FcObjectSetDestroy(os);
    FcPatternDestroy(any);
    if (!l->set)
        return false;
    size_t n = 0, cap = 64;
    l->names = gr_xmalloc(cap * sizeof *l->names);
    l->first = gr_xmalloc(((size_t)l->set->nfont + 1) * sizeof *l->first);
    for (int i = 0; i < l->set->nfont; i++) {
        l->first[i] = (int)n;
        FcChar8 *fam;
        for (int k = 0; FcPatternGetString(l->set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch;
             k++) {
            if (n == cap)
                l->names = gr_xrealloc(l->names, (cap *= 2) * sizeof *l->names);
            l->names[n++] = fam;
        }
    }
    l->first[l->set->nfont] = (int)n;
    return true;
}

static void font_list_free(font_list *l)
{
    if (l->set)
        FcFontSetDestroy(l->set);
    free(l->names);
    free(l->first);
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does listed font i carry family? Compared as fontconfig's listing does, ignoring case;
 * names whose first (ASCII) letters differ are passed over without the full compare. */
static bool has_family(const font_list *l, int i, const char *family)
{
    int c0 = (unsigned char)family[0];
    for (int k = l->first[i]; k < l->first[i + 1]; k++) {
        int c1 = l->names[k][0];
        if (c0 < 0x80 && c1 < 0x80 && ascii_lower(c0) != ascii_lower(c1))
            continue;
        if (FcStrCmpIgnoreCase(l->names[k], (const FcChar8 *)family) == 0)
            return true;
    }
    return false;
}

/* Resolve one family to a face id: the best-ranked usable face of that family, or -1.
 * Faces tried and found unusable are added to rejects. */
static int resolve_family(gr_fonts *f, const font_list *all, const char *family,
                          const char *user_dir, reject_list *rejects)
{
    char name[256];
    int want = family_weight(family, name, sizeof name);
    FcFontSet *set = FcFontSetCreate();
    for (int i = 0; i < all->set->nfont; i++)
        if (has_family(all, i, name)) {
            FcPatternReference(all->set->fonts[i]);
            FcFontSetAdd(set, all->set->fonts[i]);
        }

    /* try candidates best first; an unusable face is skipped, the next one tried */
    int id = -1;
    bool *tried = gr_xcalloc((size_t)set->nfont + 1, sizeof *tried);
    for (int round = 0; round < set->nfont && id < 0; round++) {
        int best = -1, best_rank = 0;
        const char *best_file = NULL;
        int best_index = 0;
        for (int i = 0; i < set->nfont; i++) {
            FcChar8 *file;
            int index = 0;
            if (tried[i] || FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
            int rank = candidate_rank(set->fonts[i], (const char *)file, user_dir, want);
            /* ties broken by path and index, so the choice never depends on scan order */
            int cmp = best < 0 ? -1 : strcmp((const char *)file, best_file);
            if (best < 0 || rank < best_rank ||
                (rank == best_rank && (cmp < 0 || (cmp == 0 && index < best_index)))) {
                best = i;
                best_rank = rank;
                best_file = (const char *)file;
                best_index = index;
            }
        }
        if (best < 0)
            break;
        tried[best] = true;
        const char *why;
        id = face_open(f, best_file, best_index, family, &why);
        if (id < 0)
            reject_add(rejects, best_file, why);
    }
    free(tried);
    FcFontSetDestroy(set);
    return id;
}

/* The families the conf lists for alias, in order: fontconfig's substitution inserts the
 * <prefer> list before the alias name, so the families ahead of it are the role's list. */
static int role_families(FcConfig *cfg, const char *alias, char **out, int max)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)alias);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    int n = 0;
    FcChar8 *fam;
    for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
        if (strcmp((const char *)fam, alias) == 0)
            break;
        if (n < max)
            out[n++] = gr_xstrdup((const char *)fam);
    }
    FcPatternDestroy(pat);
    return n;
}

/* The conf to load (malloc'd), in the order documented once in the README and the man page:
 * the option (--fonts-conf), then GOVREPORT_FONTS_CONF, then the data folder's copy
 * (installed beside the binary, or the source tree's for a binary of the build tree);
 * NULL for the built-in roles. */
static char *find_conf(const char *config)
{
    if (config)
        return gr_xstrdup(config);
    const char *env = getenv("GOVREPORT_FONTS_CONF");
    if (env && *env)
        return gr_xstrdup(env);
    return gr_data_file("fonts/govreport.conf");
}

/* The face that draws cp < GR_BMP in role r (LATIN_ROLE included), or GR_NO_FACE: the
 * first of the role's faces that has it, else for Latin letters the Latin fallback's. */
static int role_lookup(const gr_fonts *f, int r, uint32_t cp)
{
    const role_faces *ro = &f->roles[r];
    atomic_schar *cell =
        (atomic_schar *)lazy_block(&ro->table, cp, sizeof(atomic_schar)) + cp % GR_CELLS;
    int v = atomic_load_explicit(cell, memory_order_relaxed);
    if (v)
        return v - 2;
    int id = GR_NO_FACE;
    for (int i = 0; i < ro->n && id == GR_NO_FACE; i++)
        if (covers(&f->faces[ro->faces[i]], cp))
            id = ro->faces[i];
    if (id == GR_NO_FACE && r != LATIN_ROLE && is_latin_fallback(cp))
        id = role_lookup(f, LATIN_ROLE, cp);
    atomic_store_explicit(cell, (signed char)(id + 2), memory_order_relaxed);
    return id;
}

/* The <dir> and <cachedir> elements of the system's fonts.conf, verbatim, outside
 * comments; appended to b. How many were found. */
static int conf_dirs(const char *text, gr_buf *b)
{
    int n = 0;
    for (const char *p = text; *p;) {
        if (strncmp(p, "<!--", 4) == 0) {
            const char *end = strstr(p + 4, "-->");
            if (!end)
                break;
            p = end + 3;
            continue;
        }
        const char *tag = strncmp(p, "<dir", 4) == 0 && (p[4] == '>' || p[4] == ' ') ? "</dir>"
                          : strncmp(p, "<cachedir", 9) == 0 && (p[9] == '>' || p[9] == ' ')
                              ? "</cachedir>"
                              : NULL;
        if (!tag) {
            p++;
            continue;
        }
        const char *end = strstr(p, tag);
        if (!end)
            break;
        end += strlen(tag);
        gr_buf_add(b, p, (size_t)(end - p));
        gr_buf_puts(b, "\n");
        n++;
        p = end;
    }
    return n;
}

/* The system's font folders and caches without its rules. FcInitLoadConfig parses the
 * fifty files of conf.d, which cost more than all the rest of opening the fonts; the
 * roles need only the font list (our conf supplies the rules), so the folders and caches
 * are taken from fonts.conf, and the user's and local configuration files included.
 * Rules of conf.d (a rejected font, say) are not applied; setting FONTCONFIG_FILE or
 * FONTCONFIG_PATH asks for the whole system configuration. NULL when it cannot. */
static FcConfig *system_dirs_config(void)
{
    if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH") || getenv("FONTCONFIG_SYSROOT"))
        return NULL;
    /* a config of our own to ask: with NULL, fontconfig would load its default one */
    FcConfig *cfg = FcConfigCreate();
    FcChar8 *path = cfg ? FcConfigGetFilename(cfg, NULL) : NULL;
    FILE *in = path ? fopen((const char *)path, "rb") : NULL;
    if (path)
        FcStrFree(path);
    if (!in) {
        if (cfg)
            FcConfigDestroy(cfg);
        return NULL;
    }
    char *text = gr_xmalloc(GR_FC_CONF_MAX + 1);
    size_t len = fread(text, 1, GR_FC_CONF_MAX + 1, in);
    fclose(in);
    bool ok = false;
    gr_buf b = {0};
    gr_buf_puts(&b, "<?xml version=\"1.0\"?>\n<fontconfig>\n");
    if (len <= GR_FC_CONF_MAX) {
        text[len] = 0;
        if (conf_dirs(text, &b) > 0) {
            /* what conf.d's 50-user.conf and 51-local.conf include */
            gr_buf_puts(&b, "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/conf.d"
                            "</include>\n"
                            "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/fonts.conf"
                            "</include>\n"
                            "<include ignore_missing=\"yes\">local.conf</include>\n"
                            "</fontconfig>\n");
            ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)b.s, FcTrue);
        }
    }
    gr_buf_free(&b);
    free(text);
    if (!ok) {
        FcConfigDestroy(cfg);
        cfg = NULL;
    }
    return cfg;
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

/* Check every font file of the user's folder: the office put them there to be used, so
 * one that cannot be embedded (damaged, Type 1, WOFF, bitmap-only, CFF2) is an error
 * naming it, never a report silently set in another face. The number of such files. */
static int check_user_dir(const char *dir, int depth, gr_diags *d)
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
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < GR_FONT_DIR_DEPTH) {
            bad += check_user_dir(path, depth + 1, d);
        } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            unsigned char head[16] = {0};
            FILE *fp = fopen(path, "rb");
            size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
            if (fp)
                fclose(fp);
            if (looks_like_font(e->d_name, head, n)) {
                hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
                const char *why = "无法读取";
                unsigned faces = 1;
                if (blob && n >= 12 && memcmp(head, "ttcf", 4) == 0)
                    faces = rd32(head + 8) ? rd32(head + 8) : 1;
                bool ok = blob != NULL;
                for (unsigned i = 0; ok && i < faces && i < 256; i++)
                    ok = face_check(blob, (int)i, &why) != GR_OUTLINE_NONE;
                if (blob)
                    hb_blob_destroy(blob);
                if (!ok) {
                    char *safe = gr_diag_safe(path);
                    gr_diag_add(d, GR_SEV_ERROR, safe, 0, 0, "E-FONT", "字体文件 %s %s", safe,
                                why);
                    gr_diag_hint(d, "从字体文件夹中移走或换掉这个文件");
                    free(safe);
                    bad++;
                }
            }
        }
        free(path);
    }
    closedir(dp);
    return bad;
}

gr_status gr_fonts_open(gr_fonts **out, const char *config, const char *user_dir, gr_diags *d)
{
    *out = NULL;
    gr_fonts *f = gr_xcalloc(1, sizeof *f);
    char *conf_named = find_conf(config);
    font_list all = {NULL, NULL, NULL};
    /* fontconfig reads a relative name against its own folder, and says so on stderr: the
     * file is found here, from the current folder, and named in our own words. */
    char *conf = conf_named ? realpath(conf_named, NULL) : NULL;
    FcConfig *cfg = NULL;
    if (conf_named && !conf) {
        char *safe = gr_diag_safe(conf_named);
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法读取字体配置文件“%s”：%s", safe,
                    gr_strerror(errno));
        free(safe);
        goto fail;
    }
    cfg = system_dirs_config();
    if (!cfg)
        cfg = FcInitLoadConfig(); /* the system's rules, fonts not yet scanned */
    if (!cfg) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法初始化 fontconfig");
        goto fail;
    }
    FcBool loaded =
        conf ? FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue)
             : FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)builtin_conf, FcTrue);
    if (!loaded) {
        gr_diag_add(d, GR_SEV_ERROR, conf, 0, 0, "E-FONT", "无法读取字体配置文件 %s",
                    conf ? conf : "（内置）");
        gr_diag_hint(d, "字体配置文件须是 fontconfig 格式，参见 fonts/govreport.conf");
        goto fail;
    }
    if (!FcConfigBuildFonts(cfg)) { /* from fontconfig's caches: a few ms */
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "fontconfig 无法列出字体");
        goto fail;
    }
    if (user_dir) {
        struct stat st;
        if (stat(user_dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
            !FcConfigAppFontAddDir(cfg, (const FcChar8 *)user_dir)) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "字体文件夹 %s 无法读取：%s",
                        user_dir, stat(user_dir, &st) != 0 ? gr_strerror(errno) : "不是文件夹");
            goto fail;
        }
        if (check_user_dir(user_dir, 0, d) > 0)
            goto fail;
    }

    if (!font_list_make(&all, cfg)) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "fontconfig 无法列出字体");
        goto fail;
    }
    reject_list warned = {.n = 0}; /* files already named in a warning */
    for (int r = 0; r <= GR_ROLES; r++) {
        char *fams[GR_FONTS_MAX_FAMILIES];
        int nf = role_families(cfg, role_alias[r], fams, GR_FONTS_MAX_FAMILIES);
        role_faces *ro = &f->roles[r];
        reject_list rejects = {.n = 0};
        for (int i = 0; i < nf; i++) {
            int id = resolve_family(f, &all, fams[i], user_dir, &rejects);
            bool dup = false;
            for (int j = 0; j < ro->n; j++)
                dup |= ro->faces[j] == id;
            if (id >= 0 && !dup)
                ro->faces[ro->n++] = id;
        }
        if (ro->n > 0) { /* the role has a usable face: a damaged one is passed over */
            for (int i = 0; i < rejects.n; i++) {
                int before = warned.n;
                reject_add(&warned, rejects.r[i].file, rejects.r[i].why);
                if (warned.n == before)
                    continue;
                char *safe = gr_diag_safe(rejects.r[i].file);
                gr_diag_add(d, GR_SEV_WARNING, safe, 0, 0, "W-FONT",
                            "字体文件 %s %s，已改用 %s 的其他字体", safe, rejects.r[i].why,
                            role_alias[r]);
                free(safe);
            }
        } else if (r != LATIN_ROLE) { /* Latin fallback is optional */
            gr_buf list = {0};
            for (int i = 0; i < nf; i++)
                gr_buf_printf(&list, "%s%s", i ? "、" : "", fams[i]);
            if (nf == 0)
                gr_diag_add(d, GR_SEV_ERROR, conf, 0, 0, "E-FONT", "字体配置没有定义角色 %s 的字体",
                            role_alias[r]);
            else
                gr_diag_add(d, GR_SEV_ERROR, conf, 0, 0, "E-FONT",
                            "角色 %s 没有可用的字体（已查找：%s）", role_alias[r], list.s);
            gr_diag_hint(d, "安装其中一种字体（如 fonts-noto-cjk、fonts-arphic-uming），"
                            "或用字体文件夹选项提供");
            for (int i = 0; i < rejects.n; i++) {
                char *safe = gr_diag_safe(rejects.r[i].file);
                gr_diag_add(d, GR_SEV_ERROR, safe, 0, 0, "E-FONT", "字体文件 %s %s", safe,
                            rejects.r[i].why);
                free(safe);
            }
            gr_buf_free(&list);
        }
        reject_clear(&rejects);
        for (int i = 0; i < nf; i++)
            free(fams[i]);
    }
    reject_clear(&warned);
    for (int r = 0; r < GR_ROLES; r++)
        if (f->roles[r].n == 0)
            goto fail;

    font_list_free(&all);
    FcConfigDestroy(cfg);
    free(conf);
    free(conf_named);
    *out = f;
    return GR_OK;

fail:
    font_list_free(&all);
    if (cfg)
        FcConfigDestroy(cfg);
    free(conf);
    free(conf_named);
    gr_fonts_free(f);
    return GR_ERR_ENV;
}

void gr_fonts_free(gr_fonts *f)
{
    if (!f)
        return;
    for (int r = 0; r <= GR_ROLES; r++)
        lazy_free(&f->roles[r].table);
    for (int i = 0; i < f->nfaces; i++)
        face_release(&f->faces[i]);
    free(f);
}

int gr_fonts_face_for(const gr_fonts *f, gr_role role, uint32_t cp)
{
    if ((unsigned)role >= GR_ROLES)
        return -1;
    const role_faces *ro = &f->roles[role];
    if (cp < GR_BMP)
        return role_lookup(f, (int)role, cp);
    for (int i = 0; i < ro->n; i++) /* beyond the BMP: rare, ask HarfBuzz */
        if (covers(&f->faces[ro->faces[i]], cp))
            return ro->faces[i];
    return -1;
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

double gr_fonts_digit_height(const gr_fonts *f, int face_id)
{
    return face_id >= 0 && face_id < f->nfaces ? f->faces[face_id].digit_height : 0.70;
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

void gr_fonts_ink(const gr_fonts *f, int face_id, uint32_t cp, double *x0, double *x1)
{
    *x0 = *x1 = 0;
    if (face_id < 0 || face_id >= f->nfaces)
        return;
    const face *fc = &f->faces[face_id];
    int a, b;
    if (cp < GR_BMP) { /* looked up once: a CFF glyph's extents mean running its charstring */
        atomic_ullong *cell =
            (atomic_ullong *)lazy_block(&fc->ink, cp, sizeof(atomic_ullong)) + cp % GR_CELLS;
        unsigned long long v = atomic_load_explicit(cell, memory_order_relaxed);
        if (!v) {
            ink_units(fc, cp, &a, &b);
            v = GR_INK_KNOWN | (unsigned long long)(uint16_t)b << 16 | (uint16_t)a;
            atomic_store_explicit(cell, v, memory_order_relaxed);
        }
        a = (int16_t)(uint16_t)(v & 0xFFFF);
        b = (int16_t)(uint16_t)(v >> 16 & 0xFFFF);
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

const char *gr_fonts_harfbuzz_version(void)
{
    return hb_version_string();
}

const char *gr_fonts_fontconfig_version(void)
{
    static _Thread_local char v[32];
    int n = FcGetVersion(); /* 21401 for 2.14.1 */
    snprintf(v, sizeof v, "%d.%d.%d", n / 10000, n / 100 % 100, n % 100);
    return v;
}
