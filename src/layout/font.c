/* font: resolves the font roles of docs/typography.md §4 to TrueType faces. Each role is an
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

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    "<family>方正小标宋简体</family><family>FZXiaoBiaoSong-B05S</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-h1</family><prefer>"
    "<family>黑体</family><family>SimHei</family><family>WenQuanYi Micro Hei</family>"
    "<family>WenQuanYi Zen Hei</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-h2</family><prefer>"
    "<family>楷体_GB2312</family><family>KaiTi</family><family>STKaiti</family>"
    "<family>AR PL UKai CN</family><family>LXGW WenKai</family>"
    "<family>AR PL KaitiM GB</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-body</family><prefer>"
    "<family>仿宋_GB2312</family><family>FangSong</family><family>STFangsong</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-table</family><prefer>"
    "<family>仿宋_GB2312</family><family>FangSong</family><family>STFangsong</family>"
    "<family>AR PL UMing CN</family></prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-table-head</family><prefer>"
    "<family>黑体</family><family>SimHei</family><family>WenQuanYi Micro Hei</family>"
    "</prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-pagenum</family><prefer>"
    "<family>宋体</family><family>SimSun</family><family>AR PL UMing CN</family>"
    "</prefer></alias>\n"
    "<alias binding=\"strong\"><family>govreport-latin</family><prefer>"
    "<family>Liberation Serif</family></prefer></alias>\n"
    "</fontconfig>\n";

typedef struct {
    char *file;
    int index;
    char *family; /* as the conf named it */
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hbfont; /* scale = upem: advances in font units */
    unsigned upem;
    double baseline_ratio, digit_height;
    hb_position_t notdef_adv; /* the advance of code points the face lacks */
    lazy_table metrics;       /* atomic_uint cells, GR_METRIC_* */
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
    if (fc->hbfont)
        hb_font_destroy(fc->hbfont);
    if (fc->hbface)
        hb_face_destroy(fc->hbface);
    if (fc->blob)
        hb_blob_destroy(fc->blob);
}

/* Open file:index as a face if it has TrueType outlines; its id, or -1. */
static int face_open(gr_fonts *f, const char *file, int index, const char *family)
{
    for (int i = 0; i < f->nfaces; i++)
        if (f->faces[i].index == index && strcmp(f->faces[i].file, file) == 0)
            return i;
    if (f->nfaces == GR_FONTS_MAX_FACES)
        return -1;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
    if (!blob)
        return -1;
    hb_face_t *hf = hb_face_create(blob, (unsigned)index);
    hb_blob_t *glyf = hb_face_reference_table(hf, HB_TAG('g', 'l', 'y', 'f'));
    bool truetype = hb_blob_get_length(glyf) > 0 && hb_face_get_upem(hf) > 0;
    hb_blob_destroy(glyf);
    if (!truetype) { /* CFF outlines (Noto CJK …): the PDF writer embeds FontFile2 only */
        hb_face_destroy(hf);
        hb_blob_destroy(blob);
        return -1;
    }
    face *fc = &f->faces[f->nfaces];
    memset(fc, 0, sizeof *fc);
    fc->file = gr_xstrdup(file);
    fc->index = index;
    fc->family = gr_xstrdup(family);
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

/* How well a listed font fits a body face: lower is better. The user's folder first, then
 * the upright regular style, then the plain width. */
static int candidate_rank(FcPattern *p, const char *file, const char *user_dir)
{
    int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    FcPatternGetInteger(p, FC_WIDTH, 0, &width);
    int dw = weight - FC_WEIGHT_REGULAR;
    if (weight == FC_WEIGHT_MEDIUM)
        dw = 1; /* some CJK fonts call their regular "Medium"/"Book" */
    return (under_dir(file, user_dir) ? 0 : 1 << 20) + (slant != FC_SLANT_ROMAN) * (1 << 16) +
           abs(dw) * 64 + abs(width - FC_WIDTH_NORMAL);
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
        FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT, FC_WIDTH, NULL);
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

/* Resolve one family to a face id: the best-ranked TrueType face of that family, or -1. */
static int resolve_family(gr_fonts *f, const font_list *all, const char *family,
                          const char *user_dir)
{
    FcFontSet *set = FcFontSetCreate();
    for (int i = 0; i < all->set->nfont; i++)
        if (has_family(all, i, family)) {
            FcPatternReference(all->set->fonts[i]);
            FcFontSetAdd(set, all->set->fonts[i]);
        }

    /* try candidates best first; a CFF face is skipped, the next one tried */
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
            int rank = candidate_rank(set->fonts[i], (const char *)file, user_dir);
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
        id = face_open(f, best_file, best_index, family);
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

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The conf to load: env, argument, source tree, installed data; NULL for the built-in. */
static const char *find_conf(const char *config)
{
    const char *env = getenv("GOVREPORT_FONTS_CONF");
    if (env && *env)
        return env;
    if (config)
        return config;
#ifdef GR_SOURCE_DIR
    if (file_exists(GR_SOURCE_DIR "/fonts/govreport.conf"))
        return GR_SOURCE_DIR "/fonts/govreport.conf";
#endif
#ifdef GR_DATA_DIR
    if (file_exists(GR_DATA_DIR "/fonts/govreport.conf"))
        return GR_DATA_DIR "/fonts/govreport.conf";
#endif
    return NULL;
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

gr_status gr_fonts_open(gr_fonts **out, const char *config, const char *user_dir, gr_diags *d)
{
    *out = NULL;
    gr_fonts *f = gr_xcalloc(1, sizeof *f);
    const char *conf_named = find_conf(config);
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
    }

    if (!font_list_make(&all, cfg)) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "fontconfig 无法列出字体");
        goto fail;
    }
    for (int r = 0; r <= GR_ROLES; r++) {
        char *fams[GR_FONTS_MAX_FAMILIES];
        int nf = role_families(cfg, role_alias[r], fams, GR_FONTS_MAX_FAMILIES);
        role_faces *ro = &f->roles[r];
        for (int i = 0; i < nf; i++) {
            int id = resolve_family(f, &all, fams[i], user_dir);
            bool dup = false;
            for (int j = 0; j < ro->n; j++)
                dup |= ro->faces[j] == id;
            if (id >= 0 && !dup)
                ro->faces[ro->n++] = id;
        }
        if (ro->n == 0 && r != LATIN_ROLE) { /* Latin fallback is optional */
            gr_buf list = {0};
            for (int i = 0; i < nf; i++)
                gr_buf_printf(&list, "%s%s", i ? "、" : "", fams[i]);
            if (nf == 0)
                gr_diag_add(d, GR_SEV_ERROR, conf, 0, 0, "E-FONT", "字体配置没有定义角色 %s 的字体",
                            role_alias[r]);
            else
                gr_diag_add(d, GR_SEV_ERROR, conf, 0, 0, "E-FONT",
                            "角色 %s 没有可用的 TrueType 字体（已查找：%s）", role_alias[r],
                            list.s);
            gr_diag_hint(d, "安装其中一种字体（如 fonts-arphic-uming、fonts-wqy-microhei、"
                            "fonts-arphic-ukai），或用字体文件夹选项提供");
            gr_buf_free(&list);
        }
        for (int i = 0; i < nf; i++)
            free(fams[i]);
    }
    for (int r = 0; r < GR_ROLES; r++)
        if (f->roles[r].n == 0)
            goto fail;

    font_list_free(&all);
    FcConfigDestroy(cfg);
    free(conf);
    *out = f;
    return GR_OK;

fail:
    font_list_free(&all);
    if (cfg)
        FcConfigDestroy(cfg);
    free(conf);
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

void gr_fonts_ink(const gr_fonts *f, int face_id, uint32_t cp, double *x0, double *x1)
{
    *x0 = *x1 = 0;
    if (face_id < 0 || face_id >= f->nfaces)
        return;
    const face *fc = &f->faces[face_id];
    hb_codepoint_t g;
    hb_glyph_extents_t e;
    if (cp > 0x10FFFF || !hb_font_get_nominal_glyph(fc->hbfont, cp, &g) ||
        !hb_font_get_glyph_extents(fc->hbfont, g, &e) || e.width <= 0)
        return;
    *x0 = (double)e.x_bearing / fc->upem;
    *x1 = (double)(e.x_bearing + e.width) / fc->upem;
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
    if (d && len >= 90 && be16(d) >= 2) /* sCapHeight exists from version 2 */
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
