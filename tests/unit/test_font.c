/* test_font: the roles resolve to the free Debian fonts on a machine without the government
 * fonts, per-character fallback and metrics behave, a conf naming only missing families is
 * an environment error, and a subset is small and keeps the glyphs asked for. The tables
 * filled lazily answer the same under concurrent readers, and the in-memory subsets for
 * the PDF writer map each character to its glyph and repeat exactly. A standalone file of
 * a CFF face (the OFD's, whose CFF program is our own) is a well-formed OpenType file
 * whose every glyph has the source face's outline extents and advance. The folder cache of
 * whole fonts gives back exactly what was kept, and only for the same characters of the
 * same face file, untouched, from an undamaged entry. */
#include "layout/font.h"
#include "output/deflate.h"
#include "output/font_cache.h"
#include "output/output.h"

#include <dirent.h>
#include <fcntl.h>
#include <hb.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "seed_chars.h"


/* The standalone subset written to path (the library writes no font files itself). */
static gr_status subset_to_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                                const char *path)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (gr_font_subset_sfnt(f, face, cps, n, &data, &len) != GR_OK)
        return GR_ERR_ENV;
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(data, 1, len, fp) == len;
    if (fp && fclose(fp) != 0)
        ok = false;
    free(data);
    return ok ? GR_OK : GR_ERR_ENV;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long file_size(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    return n;
}

/* Whether a TrueType file's table directory lists tag. */
static bool has_table(const char *path, const char *tag)
{
    unsigned char hdr[12 + 16 * 64];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t n = fread(hdr, 1, sizeof hdr, fp);
    fclose(fp);
    if (n < 12)
        return false;
    unsigned ntables = (unsigned)(hdr[4] << 8 | hdr[5]);
    for (unsigned i = 0; i < ntables && 12 + 16 * (i + 1) <= n; i++)
        if (memcmp(hdr + 12 + 16 * i, tag, 4) == 0)
            return true;
    return false;
}

static void test_roles(gr_fonts *f)
{
    uint32_t zhong = 0x4E2D; /* 中 */
    int body = gr_fonts_face_for(f, GR_ROLE_BODY, zhong);
    int h1 = gr_fonts_face_for(f, GR_ROLE_H1, zhong);
    int h2 = gr_fonts_face_for(f, GR_ROLE_H2, zhong);
    int title = gr_fonts_face_for(f, GR_ROLE_TITLE, zhong);
    int head = gr_fonts_face_for(f, GR_ROLE_TABLE_HEAD, zhong);
    CHECK_TRUE(body >= 0 && h1 >= 0 && h2 >= 0);
    /* the free official faces (tools/install-deps.sh installs them): CFF outlines */
    CHECK_TRUE(body >= 0 && strcmp(gr_fonts_face_family(f, body), "FandolFang") == 0);
    CHECK_TRUE(h1 >= 0 && strcmp(gr_fonts_face_family(f, h1), "FandolHei") == 0);
    CHECK_TRUE(h2 >= 0 && strcmp(gr_fonts_face_family(f, h2), "FandolKai") == 0);
    CHECK_TRUE(title >= 0 && strcmp(gr_fonts_face_family(f, title), "FandolSong:bold") == 0);
    CHECK_TRUE(gr_fonts_face_outline(f, body) == GR_OUTLINE_CFF);
    CHECK_TRUE(strstr(gr_fonts_face_file(f, title), "FandolSong-Bold.otf") != NULL);
    int pagenum = gr_fonts_face_for(f, GR_ROLE_PAGENUM, '1');
    CHECK_TRUE(pagenum >= 0 && strstr(gr_fonts_face_file(f, pagenum), "FandolSong-Regular.otf"));
    CHECK_TRUE(head == h1); /* faces are shared between roles */
    CHECK_TRUE(gr_fonts_face_count(f) >= 5 && gr_fonts_face_count(f) < 24);

    /* Latin */
    int a = gr_fonts_face_for(f, GR_ROLE_BODY, 'A');
    CHECK_TRUE(a >= 0);
    CHECK_TRUE(a >= 0 && gr_fonts_advance(f, a, 'A', 16) > 5 && gr_fonts_advance(f, a, 'A', 16) < 16);
    CHECK_TRUE(gr_fonts_face_for(f, GR_ROLE_PAGENUM, '7') >= 0);
    /* Latin letters no CJK face of the role has come from the Latin fallback (UMing, last
     * of the body's list, has most of Latin Extended; some are left to Liberation Serif);
     * a Tibetan letter is in no face of the body role. */
    int fallback = 0;
    for (uint32_t cp = 0x100; cp < 0x2150; cp++) {
        int lf = gr_fonts_face_for(f, GR_ROLE_BODY, cp);
        fallback += lf >= 0 && strcmp(gr_fonts_face_family(f, lf), "Liberation Serif") == 0;
    }
    CHECK_TRUE(fallback > 0);
    CHECK_TRUE(gr_fonts_face_for(f, GR_ROLE_BODY, 0x0F40) < 0);

    /* metrics */
    double adv = gr_fonts_advance(f, body, zhong, 16);
    CHECK_TRUE(fabs(adv - 16) < 0.5);
    CHECK_TRUE(fabs(gr_fonts_advance(f, body, zhong, 32) - 2 * adv) < 1e-9);
    double br = gr_fonts_baseline_ratio(f, body);
    CHECK_TRUE(br > 0.7 && br < 1.0);
    double dh = gr_fonts_digit_height(f, gr_fonts_face_for(f, GR_ROLE_PAGENUM, '0'));
    CHECK_TRUE(dh > 0.4 && dh < 0.9);

    /* every character of the sample report has a body face, and a table face */
    const char *p = seed_chars;
    size_t n = strlen(p), missing = 0;
    while (*p) {
        int32_t cp = gr_utf8_next(&p, n - (size_t)(p - seed_chars));
        CHECK_TRUE(cp > 0);
        if (cp > 0 && (gr_fonts_face_for(f, GR_ROLE_BODY, (uint32_t)cp) < 0 ||
                       gr_fonts_face_for(f, GR_ROLE_TABLE, (uint32_t)cp) < 0 ||
                       gr_fonts_face_for(f, GR_ROLE_H1, (uint32_t)cp) < 0)) {
            fprintf(stderr, "no face for U+%04X\n", (unsigned)cp);
            missing++;
        }
    }
    CHECK_TRUE(missing == 0);

    /* no face has these; never an arbitrary font */
    CHECK_TRUE(gr_fonts_face_for(f, GR_ROLE_BODY, 0xE000) < 0);   /* private use */
    CHECK_TRUE(gr_fonts_face_for(f, GR_ROLE_BODY, 0x110000) < 0); /* not Unicode */
    CHECK_TRUE(gr_fonts_face_for(f, (gr_role)99, 0x4E2D) < 0);
}

/* The sample's characters that keep(cp, ctx) accepts, at most cap, in the sample's order. */
static size_t seed_cps(uint32_t *cps, size_t cap, bool (*keep)(uint32_t cp, void *ctx), void *ctx)
{
    size_t n = 0;
    const char *p = seed_chars;
    size_t len = strlen(p);
    while (*p && n < cap) {
        int32_t cp = gr_utf8_next(&p, len - (size_t)(p - seed_chars));
        if (cp > 0 && keep((uint32_t)cp, ctx))
            cps[n++] = (uint32_t)cp;
    }
    return n;
}

/* Whether the body role draws cp with the face it draws 中 with. */
static bool body_draws(uint32_t cp, void *ctx)
{
    const gr_fonts *f = ctx;
    return gr_fonts_face_for(f, GR_ROLE_BODY, cp) == gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D);
}

/* Whether the HarfBuzz font ctx has a glyph for cp. */
static bool face_has(uint32_t cp, void *ctx)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(ctx, cp, &g);
}

static void test_subset(gr_fonts *f)
{
    int body = gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D);
    uint32_t cps[600];
    size_t n = seed_cps(cps, 600, body_draws, f);
    char path[4200];
    snprintf(path, sizeof path, "%s/subset-XXXXXX", tmp_dir());
    int fd = mkstemp(path);
    CHECK_TRUE(fd >= 0);
    close(fd);
    double t0 = now_ms();
    CHECK_TRUE(subset_to_file(f, body, cps, n, path) == GR_OK);
    double t1 = now_ms();
    long size = file_size(path);
    printf("subset of %zu characters of %s: %ld bytes in %.1f ms\n", n,
           gr_fonts_face_family(f, body), size, t1 - t0);
    CHECK_TRUE(size > 10000 && size < 2000000); /* the whole FandolFang is ~7 MB */
    CHECK_TRUE(has_table(path, "CFF ") && has_table(path, "cmap") && has_table(path, "hmtx"));
    CHECK_TRUE(!has_table(path, "GSUB") && !has_table(path, "EBDT"));

    /* the subset really holds the glyphs: it is larger than one with a single character */
    uint32_t one = 0x4E2D;
    CHECK_TRUE(subset_to_file(f, body, &one, 1, path) == GR_OK);
    long small = file_size(path);
    CHECK_TRUE(small > 0 && small * 4 < size);

    /* every face chosen has the outlines it was opened as */
    for (int i = 0; i < (int)gr_fonts_face_count(f); i++) {
        uint32_t c = 'A';
        bool cff = gr_fonts_face_outline(f, i) == GR_OUTLINE_CFF;
        CHECK_TRUE(gr_fonts_face_outline(f, i) != GR_OUTLINE_NONE);
        CHECK_TRUE(subset_to_file(f, i, &c, 1, path) == GR_OK);
        CHECK_TRUE(has_table(path, "glyf") == !cff);
        CHECK_TRUE(has_table(path, "CFF ") == cff);
    }
    CHECK_TRUE(subset_to_file(f, 99, &one, 1, path) == GR_ERR_ENV);
    CHECK_TRUE(subset_to_file(f, body, &one, 1, "/nonexistent-dir/x.ttf") == GR_ERR_ENV);
    unlink(path);
}

/* A conf naming only families nobody has: an environment error, not some system font. */
static void test_missing_families(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/conf-XXXXXX", tmp_dir());
    int fd = mkstemp(path);
    CHECK_TRUE(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("<?xml version=\"1.0\"?>\n<fontconfig>\n", fp);
    const char *roles[] = {"title", "h1", "h2", "body", "table", "table-head", "pagenum"};
    for (int i = 0; i < 7; i++)
        fprintf(fp,
                "<alias><family>govreport-%s</family><prefer><family>No Such Font %d</family>"
                "</prefer></alias>\n",
                roles[i], i);
    fputs("</fontconfig>\n", fp);
    fclose(fp);

    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = (gr_fonts *)1;
    CHECK_TRUE(gr_fonts_open(&f, path, NULL, &d) == GR_ERR_ENV);
    CHECK_TRUE(f == NULL);
    CHECK_TRUE(gr_diags_errors(&d) == 7);
    CHECK_TRUE(d.n > 0 && strcmp(d.items[0].code, "E-FONT") == 0);
    CHECK_TRUE(d.n > 0 && strstr(d.items[0].message, "No Such Font 0") != NULL);
    gr_diags_free(&d);

    /* the environment variable wins over the data folder's conf, the argument over both */
    setenv("GOVREPORT_FONTS_CONF", path, 1);
    CHECK_TRUE(gr_fonts_open(&f, NULL, NULL, &d) == GR_ERR_ENV);
    gr_diags_free(&d);
    CHECK_TRUE(gr_fonts_open(&f, GR_SOURCE_DIR "/fonts/govreport.conf", NULL, &d) == GR_OK);
    CHECK_TRUE(f != NULL && gr_diags_errors(&d) == 0);
    gr_fonts_free(f);
    f = NULL;
    gr_diags_free(&d);
    unsetenv("GOVREPORT_FONTS_CONF");

    /* a conf that is no fontconfig file */
    fp = fopen(path, "w");
    fputs("this is not xml", fp);
    fclose(fp);
    CHECK_TRUE(gr_fonts_open(&f, path, NULL, &d) == GR_ERR_ENV);
    CHECK_TRUE(gr_diags_errors(&d) >= 1);
    gr_diags_free(&d);

    /* a user font folder that does not exist */
    CHECK_TRUE(gr_fonts_open(&f, NULL, "/nonexistent-font-dir", &d) == GR_ERR_ENV);
    CHECK_TRUE(gr_diags_errors(&d) == 1);
    gr_diags_free(&d);
    unlink(path);
}

/* Replace every occurrence of from by to (same length) in a file, in ASCII and UTF-16BE. */
static int patch_file(const char *path, const char *from, const char *to)
{
    FILE *fp = fopen(path, "rb+");
    if (!fp)
        return 0;
    static unsigned char data[1 << 20];
    size_t n = fread(data, 1, sizeof data, fp);
    size_t len = strlen(from);
    unsigned char wf[64], wt[64];
    for (size_t i = 0; i < len; i++) {
        wf[2 * i] = wt[2 * i] = 0;
        wf[2 * i + 1] = (unsigned char)from[i];
        wt[2 * i + 1] = (unsigned char)to[i];
    }
    int hits = 0;
    for (size_t i = 0; i + 2 * len <= n; i++) {
        if (i + len <= n && memcmp(data + i, from, len) == 0) {
            memcpy(data + i, to, len);
            hits++;
        }
        if (memcmp(data + i, wf, 2 * len) == 0) {
            memcpy(data + i, wt, 2 * len);
            hits++;
        }
    }
    rewind(fp);
    fwrite(data, 1, n, fp);
    fclose(fp);
    return hits;
}

/* A font of a family nobody has installed, in a new folder of its own (dir, of cap bytes):
 * a Latin subset of Liberation Serif, renamed Privatefnt Serif, at *font, and a conf giving
 * it every role at *conf. False when it cannot be made. */
static bool private_font(gr_fonts *sys, char *dir, size_t cap, char **font, char **conf)
{
    snprintf(dir, cap, "%s/dir-XXXXXX", tmp_dir());
    CHECK_TRUE(mkdtemp(dir) != NULL);
    *font = gr_xasprintf("%s/private.ttf", dir);
    *conf = gr_xasprintf("%s/private.conf", dir);
    uint32_t cps[95];
    for (uint32_t i = 0; i < 95; i++)
        cps[i] = 0x20 + i;
    int lib = -1;
    for (int i = 0; i < (int)gr_fonts_face_count(sys); i++)
        if (strcmp(gr_fonts_face_family(sys, i), "Liberation Serif") == 0)
            lib = i;
    CHECK_TRUE(lib >= 0);
    if (lib < 0 || subset_to_file(sys, lib, cps, 95, *font) != GR_OK ||
        patch_file(*font, "Liberation", "Privatefnt") <= 0)
        return false;
    FILE *fp = fopen(*conf, "w");
    if (!fp)
        return false;
    fputs("<?xml version=\"1.0\"?>\n<fontconfig>\n", fp);
    const char *roles[] = {"title", "h1", "h2", "body", "table", "table-head", "pagenum"};
    for (int i = 0; i < 7; i++)
        fprintf(fp,
                "<alias><family>govreport-%s</family><prefer><family>Privatefnt Serif</family>"
                "</prefer></alias>\n",
                roles[i]);
    fputs("</fontconfig>\n", fp);
    return fclose(fp) == 0;
}

/* A family only the user's font folder has is found there, and only there. */
static void test_user_dir(gr_fonts *sys)
{
    char dir[4200];
    char *font, *conf;
    CHECK_TRUE(gr_fonts_face_for(sys, GR_ROLE_BODY, 'A') >= 0);
    CHECK_TRUE(private_font(sys, dir, sizeof dir, &font, &conf));

    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    CHECK_TRUE(gr_fonts_open(&f, conf, dir, &d) == GR_OK);
    gr_diags_print(&d, stderr, false);
    if (f) {
        int face = gr_fonts_face_for(f, GR_ROLE_BODY, 'A');
        CHECK_TRUE(face >= 0 && strcmp(gr_fonts_face_family(f, face), "Privatefnt Serif") == 0);
        CHECK_TRUE(gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D) < 0); /* a Latin font: no 中 */
        CHECK_TRUE(face >= 0 && gr_fonts_advance(f, face, 'A', 10) > 5);
        gr_fonts_free(f);
    }
    gr_diags_free(&d);
    /* without the folder the family is nowhere */
    CHECK_TRUE(gr_fonts_open(&f, conf, NULL, &d) == GR_ERR_ENV);
    gr_diags_free(&d);
    unlink(font);
    unlink(conf);
    rmdir(dir);
    free(font);
    free(conf);
}

/* A system font a role names but that cannot be embedded (here a TrueType file whose last
 * table is cut off: FreeType opens it, so fontconfig lists it): W-FONT naming the file and
 * the role's next face when there is one; E-FONT naming it when there is none. */
static void test_damaged_system_font(gr_fonts *sys)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/bad-XXXXXX", tmp_dir());
    CHECK_TRUE(mkdtemp(dir) != NULL);
    char *font = gr_xasprintf("%s/privatefnt.ttf", dir);
    uint32_t cps[95];
    for (uint32_t i = 0; i < 95; i++)
        cps[i] = 0x20 + i;
    int lib = -1;
    for (int i = 0; i < (int)gr_fonts_face_count(sys); i++)
        if (strcmp(gr_fonts_face_family(sys, i), "Liberation Serif") == 0)
            lib = i;
    CHECK_TRUE(lib >= 0 && subset_to_file(sys, lib, cps, 95, font) == GR_OK);
    CHECK_TRUE(patch_file(font, "Liberation", "Privatefnt") > 0);
    long size = file_size(font);
    CHECK_TRUE(size > 100 && truncate(font, size - 16) == 0);

    char *libdir = gr_xstrdup(gr_fonts_face_file(sys, lib));
    *strrchr(libdir, '/') = 0;
    char *fcconf = gr_xasprintf("%s/fonts.conf", dir);
    FILE *fp = fopen(fcconf, "w");
    fprintf(fp, "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir><dir>%s</dir>"
                "<cachedir>%s/cache</cachedir></fontconfig>\n", dir, libdir, dir);
    fclose(fp);
    const char *roles[] = {"title", "h1", "h2", "body", "table", "table-head", "pagenum"};
    char *conf[2];
    for (int k = 0; k < 2; k++) {
        conf[k] = gr_xasprintf("%s/roles%d.conf", dir, k);
        fp = fopen(conf[k], "w");
        fputs("<?xml version=\"1.0\"?>\n<fontconfig>\n", fp);
        for (int i = 0; i < 7; i++)
            fprintf(fp,
                    "<alias><family>govreport-%s</family><prefer><family>Privatefnt Serif"
                    "</family>%s</prefer></alias>\n",
                    roles[i], k == 0 ? "<family>Liberation Serif</family>" : "");
        fputs("</fontconfig>\n", fp);
        fclose(fp);
    }
    setenv("FONTCONFIG_FILE", fcconf, 1);
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    CHECK_TRUE(gr_fonts_open(&f, conf[0], NULL, &d) == GR_OK);
    if (f) {
        int face = gr_fonts_face_for(f, GR_ROLE_BODY, 'A');
        CHECK_TRUE(face >= 0 && strcmp(gr_fonts_face_family(f, face), "Liberation Serif") == 0);
        gr_fonts_free(f);
    }
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    gr_diags_print(&d, mem, false);
    fclose(mem);
    CHECK_TRUE(gr_diags_errors(&d) == 0 && strstr(out, "W-FONT") && strstr(out, font));
    CHECK_TRUE(strstr(out, "截断") != NULL);
    free(out);
    gr_diags_free(&d);

    gr_diags_init(&d);
    CHECK_TRUE(gr_fonts_open(&f, conf[1], NULL, &d) == GR_ERR_ENV && f == NULL);
    mem = open_memstream(&out, &len);
    gr_diags_print(&d, mem, false);
    fclose(mem);
    CHECK_TRUE(strstr(out, "E-FONT") && strstr(out, font));
    free(out);
    gr_diags_free(&d);
    unsetenv("FONTCONFIG_FILE");

    char *cmd = gr_xasprintf("rm -rf '%s'", dir);
    CHECK_TRUE(system(cmd) == 0);
    free(cmd);
    for (int k = 0; k < 2; k++)
        free(conf[k]);
    free(fcconf);
    free(libdir);
    free(font);
}

/* Whether the TrueType file in memory lists tag. */
static bool mem_has_table(const unsigned char *d, size_t n, const char *tag)
{
    unsigned ntables = n >= 12 ? (unsigned)(d[4] << 8 | d[5]) : 0;
    for (unsigned i = 0; i < ntables && 12 + 16 * (i + 1) <= n; i++)
        if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
            return true;
    return false;
}

static size_t body_chars(const gr_fonts *f, int body, uint32_t *cps, size_t max)
{
    size_t n = 0, len = strlen(seed_chars);
    const char *p = seed_chars;
    while (*p && n < max) {
        int32_t cp = gr_utf8_next(&p, len - (size_t)(p - seed_chars));
        if (cp > 0 && gr_fonts_face_for(f, GR_ROLE_BODY, (uint32_t)cp) == body)
            cps[n++] = (uint32_t)cp;
    }
    return n;
}

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The subsets of body, a CFF face (FandolFang), and of a TrueType face (UMing) of the same
 * characters: what every writer embeds. */
static void test_subset_mem(gr_fonts *f)
{
    int body = gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D);
    uint32_t cps[601];
    size_t n = body_chars(f, body, cps, 600);
    qsort(cps, n, sizeof *cps, cmp_cp); /* as a writer asks: ascending */
    cps[n++] = 0x10FFFD; /* private use: the face has no glyph for it */
    int uming = -1;
    for (int i = 0; i < (int)gr_fonts_face_count(f); i++)
        if (strcmp(gr_fonts_face_family(f, i), "AR PL UMing CN") == 0)
            uming = i;
    CHECK_TRUE(uming >= 0 && gr_fonts_face_outline(f, uming) == GR_OUTLINE_TRUETYPE);

    gr_font_subset a, b;
    CHECK_TRUE(gr_font_subset_make(f, body, cps, n, &a) == GR_OK);
    CHECK_TRUE(a.kind == GR_FONT_CFF && a.data && a.len > 10000);
    /* a bare CFF program (PDF FontFile3 /CIDFontType0C): version 1 header, not an sfnt */
    CHECK_TRUE(a.data[0] == 1 && a.data[1] == 0 && a.data[2] == 4);
    CHECK_TRUE(strcmp(a.registry, "Adobe") == 0 && strcmp(a.ordering, "GB1") == 0);
    CHECK_TRUE(a.nglyphs == n && a.glyph_cid && a.glyph_end);
    /* each code is the CID the program gives the character's glyph (Adobe-GB1 for
     * Fandol): never 0 for a character the face has, distinct for distinct glyphs */
    size_t wrong = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        bool w = a.cids[i] == 0 || a.cids[i] != a.glyph_cid[a.gids[i]] ||
                 a.cids[i] >= a.cid_count || gr_font_subset_code(&a, cps[i]) != a.cids[i];
        wrong += w;
        for (size_t j = 0; j < i; j++)
            if (a.cids[i] == a.cids[j]) {
                fprintf(stderr, "U+%04X and U+%04X: CID %u\n", cps[i], cps[j], a.cids[i]);
                wrong++;
            }
    }
    CHECK_TRUE(wrong == 0 && a.cids[n - 1] == 0 && a.gids[n - 1] == 0);
    /* the CID list (a CIDSet's bits): 0, then every glyph's CID, ascending */
    uint16_t *list;
    size_t nl = gr_font_subset_cid_list(&a, &list);
    CHECK_TRUE(nl == n && list[0] == 0 && list[nl - 1] == a.cid_count - 1);
    for (size_t i = 1; i < nl; i++)
        CHECK_TRUE(list[i] > list[i - 1]);
    free(list);
    /* the glyphs' CharStrings lie end to end inside the program */
    CHECK_TRUE(a.outlines_off < a.len && a.glyph_end[a.nglyphs - 1] <= a.len - a.outlines_off);
    for (unsigned g = 1; g < a.nglyphs; g++)
        CHECK_TRUE(a.glyph_end[g] > a.glyph_end[g - 1]);
    CHECK_TRUE(gr_font_subset_code(&a, 0x4E00 + 0x5000) == 0); /* not a character of it */
    gr_font_subset_free(&a);

    body = uming; /* the TrueType path */
    CHECK_TRUE(gr_font_subset_make(f, body, cps, n, &a) == GR_OK);
    CHECK_TRUE(a.data && a.len > 10000);
    CHECK_TRUE(mem_has_table(a.data, a.len, "glyf") && mem_has_table(a.data, a.len, "loca"));
    CHECK_TRUE(!mem_has_table(a.data, a.len, "cmap") && !mem_has_table(a.data, a.len, "name"));
    /* glyph 0 is .notdef: only the missing character gets it; the others are distinct
     * (UMing draws no two of these with one glyph) */
    size_t zeros = 0, dups = 0;
    for (size_t i = 0; i < n; i++) {
        zeros += a.gids[i] == 0;
        for (size_t j = 0; j < i; j++)
            dups += a.gids[i] && a.gids[i] == a.gids[j];
    }
    CHECK_TRUE(zeros == 1 && a.gids[n - 1] == 0 && dups == 0);
    /* what every writer embeds: the kind, the codes (1, 2, … in order), each glyph within
     * the program, the widths and the characters for ToUnicode */
    CHECK_TRUE(a.kind == GR_FONT_TRUETYPE && a.n == n && a.cid_count == n + 1);
    CHECK_TRUE(a.nglyphs == n); /* .notdef and one glyph for each character it has */
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += a.cids[i] != i + 1 || a.gids[i] >= a.nglyphs || a.cps[i] != cps[i] ||
               a.widths[i] != (int)lround(gr_fonts_advance(f, body, cps[i], 1000.0));
    CHECK_TRUE(bad == 0);
    /* asked again (the per-face memo) and from another open: the same bytes */
    CHECK_TRUE(gr_font_subset_make(f, body, cps, n, &b) == GR_OK);
    CHECK_TRUE(b.len == a.len && memcmp(a.data, b.data, a.len) == 0 &&
          memcmp(a.gids, b.gids, n * sizeof *a.gids) == 0);
    gr_font_subset_free(&b);
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *g = NULL;
    CHECK_TRUE(gr_fonts_open(&g, NULL, NULL, &d) == GR_OK);
    if (g) {
        CHECK_TRUE(gr_font_subset_make(g, body, cps, n, &b) == GR_OK);
        CHECK_TRUE(b.len == a.len && memcmp(a.data, b.data, a.len) == 0);
        gr_font_subset_free(&b);
        gr_fonts_free(g);
    }
    gr_diags_free(&d);
    /* fewer characters, a smaller font */
    CHECK_TRUE(gr_font_subset_make(f, body, cps, 10, &b) == GR_OK);
    CHECK_TRUE(b.len > 0 && b.len * 4 < a.len && b.gids[0] != 0);
    gr_font_subset_free(&b);
    gr_font_subset_free(&a);
    CHECK_TRUE(gr_font_subset_make(f, 99, cps, 1, &a) == GR_ERR_ENV && a.data == NULL);

    gr_face_info info;
    for (int i = 0; i < (int)gr_fonts_face_count(f); i++) {
        gr_fonts_face_info(f, i, &info);
        CHECK_TRUE(info.psname[0] != 0 && strpbrk(info.psname, " ()<>[]{}/%#") == NULL);
        CHECK_TRUE(info.ascent > 0 && info.descent < 0 && info.ascent - info.descent < 2000);
        CHECK_TRUE(info.bbox[0] < info.bbox[2] && info.bbox[1] < info.bbox[3]);
    }
}

/* Concurrent first queries fill the lazy tables; every thread sees what one thread sees. */
typedef struct {
    const gr_fonts *f;
    uint32_t from;
    int bad;
    const int *faces;   /* expected face per code point from 0x3000 */
    const double *advs; /* expected advance */
} lookup_job;

#define LOOKUP_FIRST 0x3000u
#define LOOKUP_N 0x7000u

static void *lookup_run(void *arg)
{
    lookup_job *j = arg;
    for (uint32_t k = 0; k < LOOKUP_N; k++) {
        uint32_t i = (k * 7919u + j->from) % LOOKUP_N, cp = LOOKUP_FIRST + i;
        int face = gr_fonts_face_for(j->f, GR_ROLE_BODY, cp);
        if (face != j->faces[i] ||
            (face >= 0 && gr_fonts_advance(j->f, face, cp, 16) != j->advs[i]))
            j->bad++;
    }
    return NULL;
}

static void test_concurrent_lookups(const gr_fonts *ref)
{
    int *faces = malloc(LOOKUP_N * sizeof *faces);
    double *advs = malloc(LOOKUP_N * sizeof *advs);
    for (uint32_t i = 0; i < LOOKUP_N; i++) {
        faces[i] = gr_fonts_face_for(ref, GR_ROLE_BODY, LOOKUP_FIRST + i);
        advs[i] = faces[i] >= 0 ? gr_fonts_advance(ref, faces[i], LOOKUP_FIRST + i, 16) : 0;
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    CHECK_TRUE(gr_fonts_open(&f, NULL, NULL, &d) == GR_OK);
    enum { N = 4 };
    lookup_job jobs[N];
    pthread_t th[N];
    for (int i = 0; f && i < N; i++) {
        jobs[i] = (lookup_job){f, (uint32_t)i * 1000u, 0, faces, advs};
        CHECK_TRUE(pthread_create(&th[i], NULL, lookup_run, &jobs[i]) == 0);
    }
    for (int i = 0; f && i < N; i++) {
        pthread_join(th[i], NULL);
        CHECK_TRUE(jobs[i].bad == 0);
    }
    gr_fonts_free(f);
    gr_diags_free(&d);
    free(faces);
    free(advs);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The standalone file of every CFF face for the sample's characters: 'OTTO', each table's
 * checksum and head's adjustment right, and each character drawn with the source's glyph
 * (the same extents and advance). */
static void test_sfnt_cff(gr_fonts *f)
{
    size_t checked = 0;
    for (size_t fi = 0; fi < gr_fonts_face_count(f); fi++) {
        if (gr_fonts_face_outline(f, (int)fi) != GR_OUTLINE_CFF)
            continue;
        hb_face_t *src = gr_fonts_hb_face(f, (int)fi);
        hb_font_t *sf = hb_font_create(src);
        uint32_t cps[600];
        size_t n = seed_cps(cps, 600, face_has, sf);
        unsigned char *data = NULL;
        size_t dlen = 0;
        CHECK(gr_font_subset_sfnt(f, (int)fi, cps, n, &data, &dlen) == GR_OK, "face %zu", fi);
        if (!data) {
            hb_font_destroy(sf);
            continue;
        }
        CHECK(dlen >= 12 && rd32(data) == 0x4F54544Fu, "face %zu: not an OpenType CFF file", fi);
        uint32_t sum = 0;
        for (size_t i = 0; i + 4 <= dlen; i += 4)
            sum += rd32(data + i);
        CHECK(dlen % 4 == 0 && sum == 0xB1B0AFBAu, "face %zu: the file's checksum is %08x", fi,
              (unsigned)sum);
        unsigned nt = dlen >= 12 ? (unsigned)data[4] << 8 | data[5] : 0;
        bool has_cff = false;
        for (unsigned t = 0; t < nt && 12 + 16 * (size_t)(t + 1) <= dlen; t++) {
            const unsigned char *r = data + 12 + 16 * (size_t)t;
            size_t off = rd32(r + 8), tl = rd32(r + 12);
            has_cff |= memcmp(r, "CFF ", 4) == 0;
            CHECK(off % 4 == 0 && off <= dlen && tl <= dlen - off, "face %zu: table %.4s out of the file", fi, (const char *)r);
            if (off > dlen || tl > dlen - off || memcmp(r, "head", 4) == 0)
                continue;
            uint32_t ts = 0;
            for (size_t i = 0; i < tl; i += 4) {
                unsigned char w[4] = {0, 0, 0, 0};
                memcpy(w, data + off + i, tl - i < 4 ? tl - i : 4);
                ts += rd32(w);
            }
            CHECK(ts == rd32(r + 4), "face %zu: table %.4s's checksum", fi, (const char *)r);
        }
        CHECK(has_cff, "face %zu: no CFF table", fi);
        hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)dlen,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_t *sub = hb_face_create(blob, 0);
        hb_font_t *df = hb_font_create(sub);
        size_t differ = 0;
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t a, b;
            hb_glyph_extents_t ea = {0}, eb = {0};
            bool ok = hb_font_get_nominal_glyph(sf, cps[i], &a) &&
                      hb_font_get_nominal_glyph(df, cps[i], &b) && b != 0 &&
                      hb_font_get_glyph_extents(sf, a, &ea) &&
                      hb_font_get_glyph_extents(df, b, &eb) &&
                      memcmp(&ea, &eb, sizeof ea) == 0 &&
                      hb_font_get_glyph_h_advance(sf, a) == hb_font_get_glyph_h_advance(df, b);
            differ += !ok;
        }
        CHECK(differ == 0, "face %zu (%s): %zu of %zu characters drawn otherwise than the source", fi,
              gr_fonts_face_family(f, (int)fi), differ, n);
        checked += n;
        hb_font_destroy(df);
        hb_face_destroy(sub);
        hb_blob_destroy(blob);
        hb_font_destroy(sf);
        free(data);
    }
    printf("standalone CFF files: %zu characters compared with their source faces\n", checked);
}

/* The folder cache of whole fonts (output/font_cache.h): an entry comes back exactly as it
 * was kept, and only for the same characters of the same face file as it was: not for
 * other characters, not once the file has been replaced or touched, not when the entry is
 * damaged. */
static bool same_subset(const gr_font_subset *a, const gr_font_subset *b)
{
    return a->kind == b->kind && a->len == b->len && a->n == b->n && a->nglyphs == b->nglyphs &&
           a->cid_count == b->cid_count && a->supplement == b->supplement &&
           strcmp(a->registry, b->registry) == 0 && strcmp(a->ordering, b->ordering) == 0 &&
           memcmp(a->cps, b->cps, a->n * sizeof *a->cps) == 0 &&
           memcmp(a->cids, b->cids, a->n * sizeof *a->cids) == 0 &&
           memcmp(a->gids, b->gids, a->n * sizeof *a->gids) == 0 &&
           memcmp(a->widths, b->widths, a->n * sizeof *a->widths) == 0 &&
           !a->glyph_cid == !b->glyph_cid &&
           (!a->glyph_cid || memcmp(a->glyph_cid, b->glyph_cid, a->nglyphs * 2) == 0);
}

static bool same_buf(const gr_buf *a, const gr_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->s, b->s, a->len) == 0);
}

static bool same_streams(const gr_font_streams *a, const gr_font_streams *b)
{
    return same_buf(&a->program, &b->program) && same_buf(&a->tounicode, &b->tounicode) &&
           same_buf(&a->cidset, &b->cidset) && same_buf(&a->cidmap, &b->cidmap);
}

/* Face of a fresh gr_fonts on the private font (conf, dir) drawing cps[0..n) from the
 * cache: 1 found and equal to want and wantz, 0 not found, -1 found but different. */
static int cache_lookup(const char *conf, const char *dir, const uint32_t *cps, size_t n,
                        const gr_font_subset *want, const gr_font_streams *wantz)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    int got = -1;
    if (gr_fonts_open(&f, conf, dir, &d) == GR_OK) {
        gr_font_subset sub;
        gr_font_streams z;
        int face = gr_fonts_face_for(f, GR_ROLE_BODY, 'A');
        if (!gr_font_cache_get(f, face, cps, n, &sub, &z))
            got = 0;
        else if (same_subset(&sub, want) && same_streams(&z, wantz) && sub.data == NULL)
            got = 1;
        gr_font_subset_free(&sub);
        gr_font_streams_free(&z);
        gr_fonts_free(f);
    }
    gr_diags_free(&d);
    return got;
}

/* sub and z kept again for face of a fresh gr_fonts on the private font, and looked up
 * (cache_lookup's answer). */
static int keep_again(const char *conf, const char *dir, int face, const gr_font_subset *sub,
                      const gr_font_streams *z)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    CHECK_TRUE(gr_fonts_open(&f, conf, dir, &d) == GR_OK);
    if (f)
        gr_font_cache_put(f, face, sub, z);
    gr_fonts_free(f);
    gr_diags_free(&d);
    return cache_lookup(conf, dir, sub->cps, sub->n, sub, z);
}

static void test_font_cache(gr_fonts *sys, const char *cache)
{
    char dir[4200];
    char *font, *conf;
    if (!private_font(sys, dir, sizeof dir, &font, &conf)) {
        CHECK_TRUE(false);
        return;
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    CHECK_TRUE(gr_fonts_open(&f, conf, dir, &d) == GR_OK);
    uint32_t cps[26];
    for (uint32_t i = 0; i < 26; i++)
        cps[i] = 'A' + i;
    gr_font_subset sub = {0};
    gr_font_streams z;
    memset(&z, 0, sizeof z);
    int face = f ? gr_fonts_face_for(f, GR_ROLE_BODY, 'A') : -1;
    CHECK_TRUE(face >= 0 && gr_font_subset_make(f, face, cps, 26, &sub) == GR_OK);
    /* four different streams: what they hold is the PDF writer's business */
    CHECK_TRUE(gr_deflate(GR_ZLEVEL, sub.data, sub.len, &z.program));
    CHECK_TRUE(gr_deflate(GR_ZLEVEL, (const unsigned char *)"cmap", 4, &z.tounicode));
    CHECK_TRUE(gr_deflate(GR_ZLEVEL, (const unsigned char *)"set", 3, &z.cidset));
    CHECK_TRUE(gr_deflate(GR_ZLEVEL, (const unsigned char *)"map", 3, &z.cidmap));
    gr_font_subset probe;
    gr_font_streams pz;
    CHECK_TRUE(f && !gr_font_cache_get(f, face, cps, 26, &probe, &pz) && pz.program.len == 0);
    if (f)
        gr_font_cache_put(f, face, &sub, &z);
    gr_fonts_free(f);
    gr_diags_free(&d);

    CHECK_TRUE(cache_lookup(conf, dir, cps, 26, &sub, &z) == 1);
    CHECK_TRUE(cache_lookup(conf, dir, cps, 25, &sub, &z) == 0);
    uint32_t other[26];
    memcpy(other, cps, sizeof other);
    other[25] = 'a';
    CHECK_TRUE(cache_lookup(conf, dir, other, 26, &sub, &z) == 0);

    /* the font file replaced by a copy of itself (another inode), then touched */
    char *copy = gr_xasprintf("%s.copy", font);
    FILE *in = fopen(font, "rb"), *out = fopen(copy, "wb");
    char buf[4096];
    size_t got;
    while (in && out && (got = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, got, out);
    if (in)
        fclose(in);
    CHECK_TRUE(out && fclose(out) == 0 && rename(copy, font) == 0);
    CHECK_TRUE(cache_lookup(conf, dir, cps, 26, &sub, &z) == 0);
    CHECK_TRUE(keep_again(conf, dir, face, &sub, &z) == 1);
    struct timespec later[2] = {{0, UTIME_OMIT}, {time(NULL) + 60, 0}};
    CHECK_TRUE(utimensat(AT_FDCWD, font, later, 0) == 0);
    CHECK_TRUE(cache_lookup(conf, dir, cps, 26, &sub, &z) == 0);

    /* every entry damaged: one byte changed after the header, or cut short */
    CHECK_TRUE(keep_again(conf, dir, face, &sub, &z) == 1);
    for (int how = 0; how < 2; how++) {
        DIR *dp = opendir(cache);
        struct dirent *e;
        int damaged = 0;
        while (dp && (e = readdir(dp)) != NULL) {
            if (strncmp(e->d_name, "font-", 5) != 0)
                continue;
            char *path = gr_xasprintf("%s/%s", cache, e->d_name);
            struct stat st;
            FILE *fp = stat(path, &st) == 0 ? fopen(path, "r+b") : NULL;
            if (fp && how == 0 && st.st_size > 64) {
                fseek(fp, st.st_size - 40, SEEK_SET);
                int c = fgetc(fp);
                fseek(fp, st.st_size - 40, SEEK_SET);
                fputc(c ^ 0x20, fp);
            }
            if (fp)
                fclose(fp);
            if (how == 1)
                CHECK_TRUE(truncate(path, st.st_size / 2) == 0);
            damaged++;
            free(path);
        }
        if (dp)
            closedir(dp);
        CHECK_TRUE(damaged > 0);
        CHECK_TRUE(cache_lookup(conf, dir, cps, 26, &sub, &z) == 0);
    }
    gr_diags_free(&d);
    gr_font_subset_free(&sub);
    gr_font_streams_free(&z);
    unlink(font);
    unlink(conf);
    rmdir(dir);
    free(copy);
    free(font);
    free(conf);
}

int main(void)
{
    unsetenv("GOVREPORT_FONTS_CONF");
    char *cache = gr_xasprintf("%s/cache", tmp_dir());
    setenv("GOVREPORT_CACHE", cache, 1); /* before the folder is first looked for */
    gr_diags d;
    gr_diags_init(&d);
    double t0 = now_ms();
    gr_fonts *f = fonts_or_skip("font", NULL);
    double t1 = now_ms();
    if (!f)
        return harness_end("font");
    printf("gr_fonts_open: %.1f ms, %zu faces\n", t1 - t0, gr_fonts_face_count(f));
    test_roles(f);
    test_subset(f);
    test_subset_mem(f);
    test_sfnt_cff(f);
    test_concurrent_lookups(f);
    test_user_dir(f);
    test_damaged_system_font(f);
    test_font_cache(f, cache);
    gr_fonts_free(f);

    /* the shipped conf and the built-in defaults agree */
    CHECK_TRUE(gr_fonts_open(&f, GR_SOURCE_DIR "/fonts/govreport.conf", NULL, &d) == GR_OK);
    if (f) {
        CHECK_TRUE(strcmp(gr_fonts_face_family(f, gr_fonts_face_for(f, GR_ROLE_H2, 0x4E2D)),
                          "FandolKai") == 0);
        gr_fonts_free(f);
    }
    test_missing_families();
    gr_diags_free(&d);
    gr_fonts_free(NULL);
    free(cache);
    return harness_end("font");
}
