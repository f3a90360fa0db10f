/* font_role: the font roles of docs/typography.md §4 → faces; the only file with fontconfig.
 * Each role is an alias "govreport-<role>" in fonts/govreport.conf, a fontconfig file whose
 * <prefer> list we read back through fontconfig's substitution; each family is resolved once
 * to a file and face (font_face.c), shared between roles. A role's face for a code point is
 * chosen on first use, in font_face.c's lock-free tables (safe for a batch's threads). */
#include "layout/font.h"
#include "layout/font_face.h"
#include "layout/layout_text.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define GR_FC_CONF_MAX (1 << 20) /* the system fonts.conf is a few KB; beyond is not one */
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

static bool is_latin_fallback(uint32_t cp)
{
    /* ASCII printable, the Latin letter blocks up to Latin Extended-B, and the Western
     * signs a CJK font may lack: general punctuation, currency (€), letterlike (™, №) */
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0x24F) ||
           (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
           (cp >= 0x2100 && cp <= 0x214F);
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

/* Whether s starts with a character of U+3000–U+9FFF (lead bytes E3–E9): CJK, kana and
 * their punctuation, which no case folding touches and no folding of another gives. */
static bool unfolded_cjk(const unsigned char *s)
{
    return s[0] >= 0xE3 && s[0] <= 0xE9 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80;
}

/* Whether a and b are the same name ignoring case, as FcStrCmpIgnoreCase says. Where both
 * hold ASCII, or either such a CJK character, the answer is plain: a difference there is a
 * difference after fontconfig's folding too, since the two are aligned up to it. From any
 * other character on, fontconfig's own folding decides. Family names differ early. */
static bool same_family(const FcChar8 *a, const char *b)
{
    const unsigned char *u = (const unsigned char *)b;
    for (size_t i = 0;; i++) {
        int x = a[i], y = u[i];
        bool cx = unfolded_cjk(a + i), cy = unfolded_cjk(u + i);
        if (cx || cy) {
            if (!cx || !cy || memcmp(a + i, u + i, 3) != 0)
                return false;
            i += 2;
            continue;
        }
        if (x >= 0x80 || y >= 0x80)
            return FcStrCmpIgnoreCase(a + i, (const FcChar8 *)b + i) == 0;
        if (ascii_lower(x) != ascii_lower(y))
            return false;
        if (!x)
            return true;
    }
}

/* Does listed font i carry family? Compared as fontconfig's listing does, ignoring case. */
static bool has_family(const font_list *l, int i, const char *family)
{
    for (int k = l->first[i]; k < l->first[i + 1]; k++)
        if (same_family(l->names[k], family))
            return true;
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
        id = gr_font_face_open(f, best_file, best_index, family, &why);
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
    atomic_schar *cell = (atomic_schar *)gr_font_lazy_block(&ro->table, cp, sizeof(atomic_schar)) +
                         cp % GR_CELLS;
    int v = atomic_load_explicit(cell, memory_order_relaxed);
    if (v)
        return v - 2;
    int id = GR_NO_FACE;
    for (int i = 0; i < ro->n && id == GR_NO_FACE; i++)
        if (gr_font_covers(&f->faces[ro->faces[i]], cp))
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

static bool whole_system_config(void)
{
    return getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH") || getenv("FONTCONFIG_SYSROOT");
}

/* The system's font folders and caches without its rules. FcInitLoadConfig parses the
 * fifty files of conf.d, which cost more than all the rest of opening the fonts; the
 * roles need only the font list (our conf supplies the rules), so the folders and caches
 * are taken from fonts.conf, and the user's and local configuration files included.
 * Rules of conf.d (a rejected font, say) are not applied; setting FONTCONFIG_FILE or
 * FONTCONFIG_PATH asks for the whole system configuration. NULL when it cannot; else
 * *sys_conf is fonts.conf's path (malloc'd). */
static FcConfig *system_dirs_config(char **sys_conf)
{
    *sys_conf = NULL;
    if (whole_system_config())
        return NULL;
    /* a config of our own to ask: with NULL, fontconfig would load its default one */
    FcConfig *cfg = FcConfigCreate();
    FcChar8 *path = cfg ? FcConfigGetFilename(cfg, NULL) : NULL;
    const char *why;
    int fd = path ? gr_file_open_read((const char *)path, &why) : -1;
    FILE *in = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !in)
        close(fd);
    if (path) {
        *sys_conf = gr_xstrdup((const char *)path);
        FcStrFree(path);
    }
    if (!in) {
        if (cfg)
            FcConfigDestroy(cfg);
        free(*sys_conf);
        *sys_conf = NULL;
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
        free(*sys_conf);
        *sys_conf = NULL;
    }
    return cfg;
}

/* ---- what opening the fonts found, kept across processes ----
 * fontconfig's answer is a function of the conf, a few environment variables, the
 * configuration files it reads or would read, and the font folders: a folder's modification
 * time changes when a font is added to it or taken out, which is how fontconfig checks its
 * own caches. The key holds the conf (its path and every byte), fontconfig's version and
 * the environment; the entry holds every such file and folder as stat saw it (missing ones
 * too: one that appears changes the answer), then the faces opened, in order, with their
 * files' stamps, and each role's faces. An entry is used only when every path stats the
 * same now and every face opens to the same stamp; else the fonts are opened through
 * fontconfig, and the entry written again. Never kept: a user font folder (its files are
 * checked one by one on every open), a conf that includes others (what it includes is not
 * all watched), FONTCONFIG_* (the whole system configuration), an open with a diagnostic
 * (a damaged font is named on every open). */

#define GR_WATCH_MAX 4096 /* paths an entry may name; a system has some 50 font folders */

/* Environment variables that move fontconfig's folders and configuration files. */
static const char *const key_env[] = {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                      "XDG_DATA_DIRS"};

static void put_u32(gr_buf *b, uint32_t v)
{
    gr_buf_add(b, (const char *)&v, sizeof v);
}

/* path as the entry keeps it: 0 and its type, device, inode, size, modification and change
 * times; or the errno of its stat (ENOENT: missing). */
static void watch_stat(const char *path, uint64_t v[9])
{
    struct stat st;
    memset(v, 0, 9 * sizeof *v);
    if (stat(path, &st) != 0) {
        v[0] = errno ? (uint64_t)errno : 1;
        return;
    }
    v[1] = st.st_mode;
    v[2] = st.st_dev;
    v[3] = st.st_ino;
    v[4] = (uint64_t)st.st_size;
    v[5] = (uint64_t)st.st_mtim.tv_sec;
    v[6] = (uint64_t)st.st_mtim.tv_nsec;
    v[7] = (uint64_t)st.st_ctim.tv_sec;
    v[8] = (uint64_t)st.st_ctim.tv_nsec;
}

static void watch_add(gr_buf *b, uint32_t *n, const char *path)
{
    uint64_t v[9];
    watch_stat(path, v);
    gr_buf_add(b, path, strlen(path) + 1);
    gr_buf_add(b, (const char *)v, sizeof v);
    (*n)++;
}

static void watch_list(gr_buf *b, uint32_t *n, FcStrList *l)
{
    FcChar8 *path;
    while (l && (path = FcStrListNext(l)))
        watch_add(b, n, (const char *)path);
    if (l)
        FcStrListDone(l);
}

/* The key of an open of conf, read from fd (NULL and -1: the built-in one), into k; false
 * when it is not kept. */
static bool open_key(const char *conf, int fd, const char *user_dir, gr_buf *k)
{
    if (user_dir || whole_system_config())
        return false;
    put_u32(k, (uint32_t)FcGetVersion());
    if (conf) {
        char *text = gr_xmalloc(GR_FC_CONF_MAX + 1);
        ssize_t got = read(fd, text, GR_FC_CONF_MAX + 1);
        bool ok = got >= 0 && got <= GR_FC_CONF_MAX;
        if (ok) {
            text[got] = 0;
            ok = strlen(text) == (size_t)got && !strstr(text, "<include");
        }
        if (ok) {
            gr_buf_add(k, conf, strlen(conf) + 1);
            gr_buf_add(k, text, (size_t)got + 1);
        }
        free(text);
        if (!ok)
            return false;
    } else {
        gr_buf_add(k, "", 1); /* the built-in conf: the program's build ID tells it */
    }
    for (size_t i = 0; i < sizeof key_env / sizeof key_env[0]; i++) {
        const char *v = getenv(key_env[i]);
        gr_buf_printf(k, "%s%c%s", key_env[i], v ? '=' : '!', v ? v : "");
        gr_buf_add(k, "", 1);
    }
    return true;
}

/* The entry of an open that found f's faces through cfg, whose folders and files came
 * from the system's fonts.conf at sys_conf. */
static void entry_make(const gr_fonts *f, FcConfig *cfg, const char *sys_conf, gr_buf *b)
{
    gr_buf paths = {0};
    uint32_t n = 0;
    watch_add(&paths, &n, sys_conf);
    /* what system_dirs_config includes: local.conf beside fonts.conf, the user's files */
    const char *slash = strrchr(sys_conf, '/');
    char *local = gr_xasprintf("%.*s/local.conf", (int)(slash ? slash - sys_conf : 0), sys_conf);
    watch_add(&paths, &n, local);
    free(local);
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char *user = xdg && *xdg ? gr_xstrdup(xdg) : home ? gr_xasprintf("%s/.config", home) : NULL;
    if (user) {
        static const char *const files[] = {"/fontconfig/conf.d", "/fontconfig/fonts.conf"};
        for (size_t i = 0; i < 2; i++) {
            char *path = gr_xasprintf("%s%s", user, files[i]);
            watch_add(&paths, &n, path);
            free(path);
        }
        free(user);
    }
    watch_list(&paths, &n, FcConfigGetConfigFiles(cfg));
    watch_list(&paths, &n, FcConfigGetFontDirs(cfg));
    put_u32(b, n);
    gr_buf_add(b, paths.s, paths.len);
    gr_buf_free(&paths);
    put_u32(b, (uint32_t)f->nfaces);
    for (int i = 0; i < f->nfaces; i++) {
        const face *fc = &f->faces[i];
        gr_buf_add(b, fc->file, strlen(fc->file) + 1);
        gr_buf_add(b, fc->family, strlen(fc->family) + 1);
        put_u32(b, (uint32_t)fc->index);
        gr_buf_add(b, (const char *)fc->stamp, sizeof fc->stamp);
    }
    for (int r = 0; r <= GR_ROLES; r++) {
        put_u32(b, (uint32_t)f->roles[r].n);
        for (int j = 0; j < f->roles[r].n; j++)
            put_u32(b, (uint32_t)f->roles[r].faces[j]);
    }
}

typedef struct {
    const unsigned char *p;
    size_t left;
} cursor;

static bool take(cursor *c, void *out, size_t n)
{
    if (n > c->left)
        return false;
    memcpy(out, c->p, n);
    c->p += n;
    c->left -= n;
    return true;
}

static const char *take_str(cursor *c)
{
    const unsigned char *end = memchr(c->p, 0, c->left);
    if (!end)
        return NULL;
    const char *s = (const char *)c->p;
    c->left -= (size_t)(end + 1 - c->p);
    c->p = end + 1;
    return s;
}

/* f's faces and roles from entry b, when everything it names is as it was; false when
 * anything differs or b is not a whole entry (f may hold faces then). */
static bool entry_read(gr_fonts *f, const gr_buf *b)
{
    cursor c = {(const unsigned char *)b->s, b->len};
    uint32_t n;
    if (!take(&c, &n, 4) || n > GR_WATCH_MAX)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const char *path = take_str(&c);
        uint64_t was[9], now[9];
        if (!path || !take(&c, was, sizeof was))
            return false;
        watch_stat(path, now);
        if (memcmp(was, now, sizeof now) != 0)
            return false;
    }
    if (!take(&c, &n, 4) || n > GR_FONTS_MAX_FACES)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const char *file = take_str(&c), *family = file ? take_str(&c) : NULL, *why;
        uint32_t index;
        uint64_t stamp[7];
        if (!family || !take(&c, &index, 4) || index > INT_MAX || !take(&c, stamp, sizeof stamp) ||
            gr_font_face_open(f, file, (int)index, family, &why) != (int)i ||
            memcmp(f->faces[i].stamp, stamp, sizeof stamp) != 0)
            return false;
    }
    for (int r = 0; r <= GR_ROLES; r++) {
        role_faces *ro = &f->roles[r];
        uint32_t rn;
        if (!take(&c, &rn, 4) || rn > GR_FONTS_MAX_FAMILIES || (rn == 0 && r != LATIN_ROLE))
            return false;
        for (uint32_t j = 0; j < rn; j++) {
            uint32_t id;
            if (!take(&c, &id, 4) || id >= n)
                return false;
            ro->faces[ro->n++] = (int)id;
        }
    }
    return c.left == 0;
}

/* f without faces or roles, as before entry_read. */
static void fonts_reset(gr_fonts *f)
{
    for (int i = 0; i < f->nfaces; i++)
        gr_font_face_release(&f->faces[i]);
    f->nfaces = 0;
    for (int r = 0; r <= GR_ROLES; r++)
        f->roles[r].n = 0;
}

/* The gr_fonts fonts from entry b (entry_read), or reset and false. */
static bool entry_use(const gr_buf *b, void *fonts)
{
    if (entry_read(fonts, b))
        return true;
    fonts_reset(fonts);
    return false;
}

gr_status gr_fonts_open(gr_fonts **out, const char *config, const char *user_dir, gr_diags *d)
{
    return gr_fonts_open_kept(out, config, user_dir, NULL, d);
}

gr_status gr_fonts_open_kept(gr_fonts **out, const char *config, const char *user_dir,
                             const gr_fonts_store *store, gr_diags *d)
{
    *out = NULL;
    gr_fonts *f = gr_xcalloc(1, sizeof *f);
    f->text_memo = gr_text_memo_new();
    char *conf_named = find_conf(config);
    font_list all = {NULL, NULL, NULL};
    /* fontconfig reads a relative name against its own folder, and says so on stderr: the
     * file is found here, from the current folder, and named in our own words. */
    char *conf = conf_named ? realpath(conf_named, NULL) : NULL;
    FcConfig *cfg = NULL;
    char *sys_conf = NULL;
    gr_buf key = {0};
    bool keep = false;
    size_t diags = d->n + d->dropped; /* an open with a diagnostic is not kept */
    if (conf_named && !conf) {
        char *safe = gr_diag_safe(conf_named);
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法读取字体配置文件“%s”：%s", safe,
                    gr_strerror(errno));
        free(safe);
        goto fail;
    }
    int fd = -1;
    if (conf) { /* looked at before fontconfig opens it: a FIFO would block it */
        const char *why;
        fd = gr_file_open_read(conf, &why);
        if (fd < 0) {
            char *safe = gr_diag_safe(conf_named);
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法读取字体配置文件“%s”：%s",
                        safe, why);
            free(safe);
            goto fail;
        }
    }
    bool keyed = store && open_key(conf, fd, user_dir, &key); /* read once, for the key */
    if (fd >= 0)
        close(fd);
    if (keyed) {
        if (store->find(&key, entry_use, f)) {
            gr_buf_free(&key);
            free(conf);
            free(conf_named);
            *out = f;
            return GR_OK;
        }
        keep = true;
    }
    cfg = system_dirs_config(&sys_conf);
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
        if (stat(user_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "字体文件夹 %s 无法读取：%s",
                        user_dir, stat(user_dir, &st) != 0 ? gr_strerror(errno) : "不是文件夹");
            goto fail;
        }
        /* never FcConfigAppFontAddDir: FreeType would open() whatever the folder holds, and
         * block forever on a FIFO; the files we looked at ourselves are given one by one */
        gr_font_files files = {0};
        int bad = gr_font_check_dir(user_dir, &files, d);
        for (size_t i = 0; i < files.n && !bad; i++)
            FcConfigAppFontAddFile(cfg, (const FcChar8 *)files.paths[i]); /* false: no font */
        gr_font_files_free(&files);
        if (bad > 0)
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

    if (keep && sys_conf && d->n + d->dropped == diags) {
        gr_buf body = {0};
        entry_make(f, cfg, sys_conf, &body);
        store->put(&key, &body);
        gr_buf_free(&body);
    }
    font_list_free(&all);
    FcConfigDestroy(cfg);
    free(sys_conf);
    gr_buf_free(&key);
    free(conf);
    free(conf_named);
    *out = f;
    return GR_OK;

fail:
    font_list_free(&all);
    if (cfg)
        FcConfigDestroy(cfg);
    free(sys_conf);
    gr_buf_free(&key);
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
        gr_font_lazy_free(&f->roles[r].table);
    for (int i = 0; i < f->nfaces; i++)
        gr_font_face_release(&f->faces[i]);
    gr_text_memo_free(f->text_memo);
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
        if (gr_font_covers(&f->faces[ro->faces[i]], cp))
            return ro->faces[i];
    return -1;
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
