/* font: resolves the font roles of TYPOGRAPHY.md §4 to TrueType faces. Each role is an
 * alias "govreport-<role>" in fonts/govreport.conf, a real fontconfig file whose <prefer>
 * list we read back through fontconfig's own substitution; every family is resolved once
 * to a file and face index, faces are shared between roles, and coverage and advances are
 * tabulated at open so that layout's per-character queries are table look-ups, safe for
 * concurrent readers. Metrics and subsetting come from HarfBuzz. */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GR_FONTS_MAX_FACES 64    /* faces are int8 in the role tables; a conf names ~20 */
#define GR_FONTS_MAX_FAMILIES 32 /* per role; ours have at most 6 */
#define GR_BMP 0x10000           /* UTF-8 mode of the PDF writer draws the BMP only */
#define GR_NO_FACE ((int8_t)-1)

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
    uint8_t *covered; /* GR_BMP bits */
    uint16_t *adv;    /* GR_BMP advances in font units (.notdef's where not covered) */
} face;

typedef struct {
    int faces[GR_FONTS_MAX_FAMILIES];
    int n;
    int8_t *table; /* GR_BMP entries: the face drawing cp, or GR_NO_FACE; may be shared */
    bool owns_table;
} role_faces;

struct gr_fonts {
    face faces[GR_FONTS_MAX_FACES];
    int nfaces;
    role_faces roles[GR_ROLES + 1];
};

static bool is_latin_fallback(uint32_t cp)
{
    /* ASCII printable and the Latin letter blocks up to Latin Extended-B */
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0x24F);
}

static bool covers(const face *fc, uint32_t cp)
{
    if (cp < GR_BMP)
        return (fc->covered[cp >> 3] >> (cp & 7)) & 1;
    hb_codepoint_t g;
    return cp <= 0x10FFFF && hb_font_get_nominal_glyph(fc->hbfont, cp, &g);
}

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* Tabulate coverage and advances of the BMP, the baseline ratio and the digit height. */
static void face_measure(face *fc)
{
    fc->covered = gr_xcalloc(GR_BMP / 8, 1);
    fc->adv = gr_xmalloc(GR_BMP * sizeof *fc->adv);
    hb_position_t notdef = hb_font_get_glyph_h_advance(fc->hbfont, 0);
    for (size_t i = 0; i < GR_BMP; i++)
        fc->adv[i] = (uint16_t)(notdef > 0 && notdef <= UINT16_MAX ? notdef : 0);

    /* in batches: HarfBuzz's per-call overhead dominates for tens of thousands of code
     * points, and this is most of gr_fonts_open's time */
    hb_set_t *unicodes = hb_set_create();
    hb_face_collect_unicodes(fc->hbface, unicodes);
    hb_codepoint_t *cps = gr_xmalloc(GR_BMP * sizeof *cps);
    hb_codepoint_t *gids = gr_xmalloc(GR_BMP * sizeof *gids);
    hb_position_t *advs = gr_xmalloc(GR_BMP * sizeof *advs);
    unsigned n = 0;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(unicodes, &cp) && cp < GR_BMP;)
        cps[n++] = cp;
    hb_set_destroy(unicodes);
    for (unsigned done = 0; done < n;) {
        /* stops at the first code point without a glyph; that one is skipped */
        unsigned k = hb_font_get_nominal_glyphs(fc->hbfont, n - done, cps + done, sizeof *cps,
                                                gids + done, sizeof *gids);
        hb_font_get_glyph_h_advances(fc->hbfont, k, gids + done, sizeof *gids, advs + done,
                                     sizeof *advs);
        for (unsigned i = done; i < done + k; i++) {
            hb_codepoint_t cp = cps[i];
            fc->covered[cp >> 3] |= (uint8_t)(1u << (cp & 7));
            fc->adv[cp] = (uint16_t)(advs[i] > 0 && advs[i] <= UINT16_MAX ? advs[i] : 0);
        }
        done += k + 1;
    }
    free(cps);
    free(gids);
    free(advs);

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
    free(fc->covered);
    free(fc->adv);
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

/* Resolve one family to a face id: the best-ranked TrueType face of that family, or -1. */
static int resolve_family(gr_fonts *f, FcConfig *cfg, const char *family, const char *user_dir)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_WEIGHT, FC_SLANT, FC_WIDTH, NULL);
    FcFontSet *set = FcFontList(cfg, pat, os);
    FcObjectSetDestroy(os);
    FcPatternDestroy(pat);
    if (!set)
        return -1;

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

/* Fill a role's BMP table, or share the table of an earlier role with the same faces. */
static void role_tabulate(gr_fonts *f, int r)
{
    role_faces *ro = &f->roles[r];
    for (int o = 0; o < r; o++) {
        const role_faces *other = &f->roles[o];
        if (other->n == ro->n &&
            memcmp(other->faces, ro->faces, (size_t)ro->n * sizeof(int)) == 0) {
            ro->table = other->table;
            return;
        }
    }
    const role_faces *latin = &f->roles[LATIN_ROLE];
    ro->table = gr_xmalloc(GR_BMP);
    ro->owns_table = true;
    memset(ro->table, GR_NO_FACE, GR_BMP);
    /* last face first, so that each earlier one overwrites: the first that has cp wins */
    for (int i = ro->n - 1; i >= 0; i--) {
        const face *fc = &f->faces[ro->faces[i]];
        for (uint32_t byte = 0; byte < GR_BMP / 8; byte++) {
            unsigned bits = fc->covered[byte];
            for (uint32_t b = 0; bits; b++, bits >>= 1)
                if (bits & 1)
                    ro->table[byte * 8 + b] = (int8_t)ro->faces[i];
        }
    }
    if (r == LATIN_ROLE)
        return;
    for (uint32_t cp = 0x20; cp <= 0x24F; cp++)
        if (ro->table[cp] == GR_NO_FACE && is_latin_fallback(cp))
            ro->table[cp] = latin->table[cp];
}

gr_status gr_fonts_open(gr_fonts **out, const char *config, const char *user_dir, gr_diags *d)
{
    *out = NULL;
    gr_fonts *f = gr_xcalloc(1, sizeof *f);
    const char *conf = find_conf(config);
    FcConfig *cfg = FcInitLoadConfig(); /* the system's rules, fonts not yet scanned */
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
                        user_dir, stat(user_dir, &st) != 0 ? strerror(errno) : "不是文件夹");
            goto fail;
        }
    }

    for (int r = 0; r <= GR_ROLES; r++) {
        char *fams[GR_FONTS_MAX_FAMILIES];
        int nf = role_families(cfg, role_alias[r], fams, GR_FONTS_MAX_FAMILIES);
        role_faces *ro = &f->roles[r];
        for (int i = 0; i < nf; i++) {
            int id = resolve_family(f, cfg, fams[i], user_dir);
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

    role_tabulate(f, LATIN_ROLE);
    for (int r = 0; r < GR_ROLES; r++)
        role_tabulate(f, r);
    FcConfigDestroy(cfg);
    *out = f;
    return GR_OK;

fail:
    if (cfg)
        FcConfigDestroy(cfg);
    gr_fonts_free(f);
    return GR_ERR_ENV;
}

void gr_fonts_free(gr_fonts *f)
{
    if (!f)
        return;
    for (int r = 0; r <= GR_ROLES; r++)
        if (f->roles[r].owns_table)
            free(f->roles[r].table);
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
        return ro->table[cp];
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
        a = fc->adv[cp];
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

/* The subsetter's input for cps: glyf/loca/hmtx/hhea/head/maxp/cmap/post/name/OS/2 kept. */
static hb_subset_input_t *subset_input(const uint32_t *cps, size_t n)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(unicodes, cps[i]);
    /* Layout, vertical and bitmap tables are of no use to a PDF viewer drawing single
     * glyphs, nor are hinting instructions (Liberation Serif's subset shrinks to a third).
     * Glyph IDs are renumbered; the PDF writer maps its codes to them. */
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
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    /* no layout closure: the GSUB/GPOS tables are dropped anyway */
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG));
    return in;
}

gr_status gr_fonts_subset_mem(const gr_fonts *f, int face_id, const uint32_t *cps, size_t n,
                              gr_font_subset *out)
{
    memset(out, 0, sizeof *out);
    if (face_id < 0 || face_id >= f->nfaces)
        return GR_ERR_ENV;
    gr_status st = GR_ERR_ENV;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    hb_subset_input_t *in = subset_input(cps, n);
    if (!in || !(plan = hb_subset_plan_create_or_fail(f->faces[face_id].hbface, in)))
        goto fail;
    const hb_map_t *cp_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
    const hb_map_t *old_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    out->gids = gr_xcalloc(n + 1, sizeof *out->gids);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t old = hb_map_get(cp_old, cps[i]);
        hb_codepoint_t gid = old == HB_MAP_VALUE_INVALID ? old : hb_map_get(old_new, old);
        out->gids[i] = (uint16_t)(gid == HB_MAP_VALUE_INVALID || gid > UINT16_MAX ? 0 : gid);
    }
    if (!(sub = hb_subset_plan_execute_or_fail(plan)))
        goto fail;
    blob = hb_face_reference_blob(sub);
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    if (!data || !len)
        goto fail;
    out->data = gr_xmalloc(len);
    memcpy(out->data, data, len);
    out->len = len;
    st = GR_OK;
fail:
    if (st != GR_OK)
        gr_font_subset_free(out);
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

void gr_font_subset_free(gr_font_subset *s)
{
    free(s->data);
    free(s->gids);
    memset(s, 0, sizeof *s);
}

gr_status gr_fonts_subset(const gr_fonts *f, int face_id, const uint32_t *cps, size_t n,
                          const char *path)
{
    gr_font_subset s;
    if (gr_fonts_subset_mem(f, face_id, cps, n, &s) != GR_OK)
        return GR_ERR_ENV;
    FILE *out = fopen(path, "wb");
    bool ok = out && fwrite(s.data, 1, s.len, out) == s.len;
    if (out && fclose(out) != 0)
        ok = false;
    gr_font_subset_free(&s);
    return ok ? GR_OK : GR_ERR_ENV;
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
