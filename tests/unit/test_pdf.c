/* test_pdf: a small hand-made display list written as a PDF and checked with the tools a
 * reader's machine has: pdftotext gives the text back exactly and quietly, pdffonts shows
 * embedded subsets with a ToUnicode map, qpdf finds no damage, pdfinfo reads the Chinese
 * title, two writes are byte-identical, and a failed write leaves nothing behind. Also the
 * font objects we build ourselves (two characters sharing a glyph both come back, subset
 * tags follow the characters), and output that does not depend on the process's cache of
 * compressed glyph runs nor on threads. */
#include "output/pdf_out.h"

#include <dirent.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "seed_chars.h"


static char tmpdir[4200]; /* the PDFs written, a folder in the scratch folder */

/* Run a shell command; its stdout in *out and its stderr in *err (caller frees both). */
static int run(const char *cmd, char **out, char **err)
{
    char *errfile = gr_xasprintf("%s/stderr.txt", tmpdir);
    char *full = gr_xasprintf("%s 2>%s", cmd, errfile);
    FILE *p = popen(full, "r");
    gr_buf b = {0};
    char chunk[4096];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
        gr_buf_add(&b, chunk, n);
    int rc = p ? pclose(p) : -1;
    gr_buf_add(&b, "", 0);
    *out = b.s ? b.s : gr_xstrdup("");
    gr_buf e = {0};
    FILE *fe = fopen(errfile, "r");
    while (fe && (n = fread(chunk, 1, sizeof chunk, fe)) > 0)
        gr_buf_add(&e, chunk, n);
    if (fe)
        fclose(fe);
    gr_buf_add(&e, "", 0);
    *err = e.s ? e.s : gr_xstrdup("");
    unlink(errfile);
    free(errfile);
    free(full);
    return rc;
}

static size_t count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (dp && (e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (dp)
        closedir(dp);
    return n;
}

/* Set a line of text at the body pitch; returns the x after it. */
static double set_line(gr_page *pg, const gr_fonts *f, gr_role role, const char *s, double x,
                       double y, double size)
{
    const char *p = s;
    size_t n = strlen(s);
    while (*p) {
        int32_t cp = gr_utf8_next(&p, n - (size_t)(p - s));
        int face = gr_fonts_face_for(f, role, (uint32_t)cp);
        CHECK_TRUE(face >= 0);
        gr_page_add_glyph(pg, (uint32_t)cp, face, size, x, y);
        x += cp < 0x80 || size != GR_BODY_SIZE ? gr_fonts_advance(f, face, (uint32_t)cp, size)
                                               : GR_CHAR_PITCH;
    }
    return x;
}

static gr_doc *make_doc(const gr_fonts *f)
{
    gr_doc *doc = gr_doc_new();
    doc->title = gr_xstrdup("山阳区2025年政府信息公开工作年度报告");
    doc->author = gr_xstrdup("山阳区人民政府办公室");
    doc->subject = gr_xstrdup("政府信息公开工作年度报告");
    doc->date = gr_xstrdup("2026-01-15");

    gr_page *pg = gr_doc_add_page(doc);
    double y = GR_BLOCK_TOP - 0.88 * 22;
    set_line(pg, f, GR_ROLE_TITLE, "年度报告", GR_BLOCK_X0 + 4 * GR_CHAR_PITCH, y, 22);
    y -= GR_TITLE_PITCH;
    set_line(pg, f, GR_ROLE_H1, "一、总体情况", GR_BLOCK_X0 + 2 * GR_CHAR_PITCH, y, 16);
    y -= GR_LINE_PITCH;
    set_line(pg, f, GR_ROLE_BODY, "“主动公开”政府信息。", GR_BLOCK_X0 + 2 * GR_CHAR_PITCH, y, 16);
    y -= GR_LINE_PITCH;
    set_line(pg, f, GR_ROLE_BODY, "共计2025件，同比增长12.5%。", GR_BLOCK_X0, y, 16);
    gr_page_add_rule(pg, GR_BLOCK_X0, 300, GR_BLOCK_X1, 300, 0.75);
    gr_page_add_rule(pg, GR_BLOCK_X0, 300, GR_BLOCK_X0, 200, 0.75);
    gr_page_add_rule(pg, GR_BLOCK_X0, 200, GR_BLOCK_X1, 200, 0.5);
    /* a character beyond the BMP is skipped, not a crash */
    gr_page_add_glyph(pg, 0x20000, 0, 16, GR_BLOCK_X0, 150);

    pg = gr_doc_add_page(doc);
    y = GR_BLOCK_TOP - 0.88 * 16;
    set_line(pg, f, GR_ROLE_H2, "（一）依申请公开", GR_BLOCK_X0 + 2 * GR_CHAR_PITCH, y, 16);
    set_line(pg, f, GR_ROLE_TABLE, "申请数量", GR_BLOCK_X0, 400, 10.5);

    gr_doc_add_outline(doc, "一、总体情况", 0, 0, GR_BLOCK_TOP - GR_TITLE_PITCH);
    gr_doc_add_outline(doc, "（一）依申请公开", 1, 1, GR_BLOCK_TOP);
    return doc;
}

static const char expected_text[] = "年度报告\n"
                                    "一、总体情况\n"
                                    "“主动公开”政府信息。\n"
                                    "共计2025件，同比增长12.5%。\n\n"
                                    "\f（一）依申请公开\n\n"
                                    "申请数量\n\n\f";

static void test_write(const gr_fonts *f, int nfonts)
{
    gr_doc *doc = make_doc(f);
    gr_diags d;
    gr_diags_init(&d);
    char *path = gr_xasprintf("%s/out.pdf", tmpdir);
    char *path2 = gr_xasprintf("%s/again.pdf", tmpdir);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    gr_diags_print(&d, stderr, false);
    CHECK_TRUE(gr_diags_errors(&d) == 0);
    CHECK_TRUE(gr_pdf_write(doc, f, path2, &d) == GR_OK);
    CHECK_TRUE(count_entries(tmpdir) == 2); /* no temporary file left */

    size_t len = 0, len2 = 0;
    unsigned char *a = (unsigned char *)read_file(path, &len);
    unsigned char *b = (unsigned char *)read_file(path2, &len2);
    printf("PDF: %zu bytes in %.1f ms\n", len,
           (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    CHECK_TRUE(a && b && len == len2 && memcmp(a, b, len) == 0); /* reproducible */
    CHECK_TRUE(len > 1000 && len < 150 * 1024);
    CHECK_TRUE(a && memcmp(a, "%PDF-", 5) == 0);

    /* the same bytes from memory */
    unsigned char *m = NULL;
    size_t mlen = 0;
    CHECK_TRUE(gr_pdf_write_mem(doc, f, &m, &mlen, &d) == GR_OK);
    CHECK_TRUE(m && mlen == len && memcmp(m, a, len) == 0);
    free(m);
    free(a);
    free(b);

    char *out, *err, *cmd;
    cmd = gr_xasprintf("pdftotext -layout -enc UTF-8 %s -", path);
    free(cmd);
    cmd = gr_xasprintf("pdftotext -enc UTF-8 %s -", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    if (strcmp(out, expected_text) != 0)
        fprintf(stderr, "pdftotext gave:\n[%s]\n", out);
    CHECK_TRUE(strcmp(out, expected_text) == 0);
    CHECK_TRUE(err[0] == 0);
    if (err[0])
        fprintf(stderr, "pdftotext stderr: %s\n", err);
    free(out);
    free(err);
    free(cmd);

    cmd = gr_xasprintf("pdffonts %s", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(err[0] == 0);
    /* header, rule, then one line per font. TrueType: TITLE/BODY/TABLE share UMing, H1
     * Micro Hei, H2 UKai, and Liberation Serif only if a role lacked Latin (UMing has it).
     * The default faces: FandolSong Bold, FandolHei, FandolFang, FandolKai, all CFF. */
    int lines = 0, good = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (++lines <= 2)
            continue;
        /* name, type (two or three words), encoding, emb, sub, uni, object, generation */
        char name[256], emb[8], sub[8], uni[8], *tok[16];
        int k = 0;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", line);
        char *save = NULL;
        for (char *w = strtok_r(copy, " ", &save); w && k < 16; w = strtok_r(NULL, " ", &save))
            tok[k++] = w;
        if (k >= 8 && snprintf(name, sizeof name, "%s", tok[0]) > 0 &&
            snprintf(emb, sizeof emb, "%s", tok[k - 5]) > 0 &&
            snprintf(sub, sizeof sub, "%s", tok[k - 4]) > 0 &&
            snprintf(uni, sizeof uni, "%s", tok[k - 3]) > 0) {
            bool tagged = strlen(name) > 7 && name[6] == '+';
            for (int i = 0; i < 6 && tagged; i++)
                tagged = name[i] >= 'A' && name[i] <= 'Z';
            if (!strcmp(emb, "yes") && !strcmp(sub, "yes") && !strcmp(uni, "yes") && tagged)
                good++;
            else
                fprintf(stderr, "pdffonts: %s\n", line);
        }
    }
    CHECK_TRUE(lines == nfonts + 2);
    CHECK_TRUE(good == nfonts);
    free(out);
    free(err);
    free(cmd);

    cmd = gr_xasprintf("qpdf --check %s", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strstr(out, "No syntax or stream encoding errors found") != NULL);
    CHECK_TRUE(err[0] == 0);
    free(out);
    free(err);
    free(cmd);

    cmd = gr_xasprintf("pdfinfo %s", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strstr(out, "山阳区2025年政府信息公开工作年度报告") != NULL);
    CHECK_TRUE(strstr(out, "山阳区人民政府办公室") != NULL);
    CHECK_TRUE(strstr(out, "Creator:         govreport ") != NULL);
    CHECK_TRUE(strstr(out, "Pages:           2") != NULL);
    CHECK_TRUE(strstr(out, "Page size:       595.276 x 841.89 pts (A4)") != NULL);
    CHECK_TRUE(strstr(out, "2026") != NULL);
    CHECK_TRUE(err[0] == 0);
    free(out);
    free(err);
    free(cmd);

    cmd = gr_xasprintf("pdfinfo -isodates %s", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strstr(out, "2026-01-15T00:00:00+08") != NULL);
    free(out);
    free(err);
    free(cmd);

    cmd = gr_xasprintf("mutool show %s outline", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strstr(out, "一、总体情况") != NULL);
    CHECK_TRUE(strstr(out, "（一）依申请公开") != NULL);
    free(out);
    free(err);
    free(cmd);

    if (!getenv("GR_KEEP_TMP")) /* kept, the scratch folder with it, to look at by hand */
        unlink(path);
    unlink(path2);
    free(path);
    free(path2);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

static void test_failures(const gr_fonts *f)
{
    gr_doc *doc = make_doc(f);
    gr_diags d;
    gr_diags_init(&d);

    /* a folder that does not exist: an error naming the path, nothing created */
    size_t before = count_entries(tmpdir);
    char *path = gr_xasprintf("%s/no-such-dir/out.pdf", tmpdir);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_ERR_ENV);
    CHECK_TRUE(gr_diags_errors(&d) == 1);
    CHECK_TRUE(d.n == 1 && strcmp(d.items[0].code, "E-WRITE") == 0);
    CHECK_TRUE(d.n == 1 && strstr(d.items[0].message, path) != NULL);
    CHECK_TRUE(count_entries(tmpdir) == before);
    gr_diags_free(&d);
    free(path);

    /* the output path is a folder */
    CHECK_TRUE(gr_pdf_write(doc, f, tmpdir, &d) == GR_ERR_ENV);
    CHECK_TRUE(gr_diags_errors(&d) == 1);
    gr_diags_free(&d);

    /* a folder we may not write into (skipped as root, who may) */
    char *ro = gr_xasprintf("%s/ro", tmpdir);
    mkdir(ro, 0555);
    if (geteuid() != 0) {
        path = gr_xasprintf("%s/out.pdf", ro);
        CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_ERR_ENV);
        CHECK_TRUE(count_entries(ro) == 0);
        gr_diags_free(&d);
        free(path);
    }
    rmdir(ro);
    free(ro);

    /* an existing file is replaced whole */
    path = gr_xasprintf("%s/old.pdf", tmpdir);
    FILE *fp = fopen(path, "w");
    fputs("old", fp);
    fclose(fp);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_OK);
    size_t len = 0;
    unsigned char *a = (unsigned char *)read_file(path, &len);
    CHECK_TRUE(a && len > 1000 && memcmp(a, "%PDF-", 5) == 0);
    free(a);
    unlink(path);
    free(path);

    /* a write that fails half-way (file size limit, as a full disk would): the temporary
     * file is removed and nothing is left at the path */
    {
        gr_doc *rules = gr_doc_new();
        gr_page *pg = gr_doc_add_page(rules);
        for (int i = 0; i < 200; i++)
            gr_page_add_rule(pg, GR_BLOCK_X0, 100 + i * 3.1, GR_BLOCK_X1, 100 + i * 2.7, 0.5);
        size_t entries = count_entries(tmpdir);
        struct rlimit old, small;
        getrlimit(RLIMIT_FSIZE, &old);
        small = old;
        small.rlim_cur = 300;
        signal(SIGXFSZ, SIG_IGN);
        path = gr_xasprintf("%s/big.pdf", tmpdir);
        CHECK_TRUE(setrlimit(RLIMIT_FSIZE, &small) == 0);
        gr_status st = gr_pdf_write(rules, f, path, &d);
        setrlimit(RLIMIT_FSIZE, &old);
        CHECK_TRUE(st == GR_ERR_ENV);
        CHECK_TRUE(d.n == 1 && strcmp(d.items[0].code, "E-WRITE") == 0);
        CHECK_TRUE(count_entries(tmpdir) == entries);
        gr_diags_free(&d);
        free(path);
        gr_doc_free(rules);
    }

    /* values no layout should make are skipped, never a crash or a broken file */
    {
        gr_doc *bad = gr_doc_new();
        gr_page *pg = gr_doc_add_page(bad);
        int body = gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D);
        gr_page_add_glyph(pg, 0x4E2D, body, 16, NAN, 100);
        gr_page_add_glyph(pg, 0x4E2D, body, 1e9, 100, 100);
        gr_page_add_glyph(pg, 0x4E2D, body, -3, 100, 100);
        gr_page_add_glyph(pg, 0x4E2D, 9999, 16, 100, 100);
        gr_page_add_glyph(pg, 0x4E2D, -1, 16, 100, 100);
        gr_page_add_glyph(pg, 0xD800, body, 16, 100, 100);
        gr_page_add_glyph(pg, 0x0A, body, 16, 100, 100);
        gr_page_add_rule(pg, 0, 0, INFINITY, 10, 1);
        gr_page_add_rule(pg, 0, 0, 10, 10, -1);
        gr_doc_add_outline(bad, "\xff\xfe bad UTF-8", 0, 0, NAN);
        gr_doc_add_outline(bad, "no such page", 0, 7, 100);
        bad->date = gr_xstrdup("2026-13-45");
        path = gr_xasprintf("%s/bad.pdf", tmpdir);
        CHECK_TRUE(gr_pdf_write(bad, f, path, &d) == GR_OK);
        char *out, *err, *cmd = gr_xasprintf("qpdf --check %s", path);
        CHECK_TRUE(run(cmd, &out, &err) == 0);
        CHECK_TRUE(strstr(out, "No syntax or stream encoding errors found") != NULL);
        free(out);
        free(err);
        free(cmd);
        unlink(path);
        free(path);
        gr_diags_free(&d);
        gr_doc_free(bad);
    }

    /* an empty document still makes a valid file */
    gr_doc *empty = gr_doc_new();
    unsigned char *m = NULL;
    size_t mlen = 0;
    CHECK_TRUE(gr_pdf_write_mem(empty, f, &m, &mlen, &d) == GR_OK);
    free(m);
    gr_doc_free(empty);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

/* The sample report's ~430 distinct characters in one face: the embedded subset keeps the
 * file small, and every character comes back out of pdftotext. */
static void test_seed_size(const gr_fonts *f)
{
    gr_doc *doc = gr_doc_new();
    doc->date = gr_xstrdup("2026-01-15");
    gr_page *pg = gr_doc_add_page(doc);
    int body = gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D);
    const char *p = seed_chars;
    size_t len = strlen(p), n = 0;
    gr_buf expect = {0};
    while (*p) {
        const char *start = p;
        int32_t cp = gr_utf8_next(&p, len - (size_t)(p - seed_chars));
        gr_page_add_glyph(pg, (uint32_t)cp, body, 16,
                          GR_BLOCK_X0 + (double)(n % 28) * GR_CHAR_PITCH,
                          GR_BLOCK_TOP - 14.08 - (double)(n / 28) * GR_LINE_PITCH);
        gr_buf_add(&expect, start, (size_t)(p - start));
        n++;
    }
    char *path = gr_xasprintf("%s/seed.pdf", tmpdir);
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_OK);
    unsigned char *a = NULL;
    size_t size = 0;
    a = (unsigned char *)read_file(path, &size);
    printf("PDF with %zu distinct characters in %s: %zu bytes\n", n, gr_fonts_face_family(f, body),
           size);
    CHECK_TRUE(a && size < 150 * 1024);
    free(a);

    char *out, *err, *cmd = gr_xasprintf("pdftotext -enc UTF-8 %s -", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(err[0] == 0);
    /* pdftotext breaks the lines; compare without them */
    gr_buf got = {0};
    for (const char *q = out; *q; q++)
        if (*q != '\n' && *q != '\f' && *q != ' ')
            gr_buf_add(&got, q, 1);
    gr_buf_add(&got, "", 0);
    gr_buf_add(&expect, "", 0);
    CHECK_TRUE(got.s && strcmp(got.s, expect.s) == 0);
    gr_buf_free(&got);
    gr_buf_free(&expect);
    free(out);
    free(err);
    free(cmd);
    unlink(path);
    free(path);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

/* Batch renders run in threads sharing one gr_fonts: the results must not differ. */
typedef struct {
    const gr_doc *doc;
    const gr_fonts *f;
    unsigned char *buf;
    size_t len;
    gr_status st;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    gr_diags d;
    gr_diags_init(&d);
    j->st = gr_pdf_write_mem(j->doc, j->f, &j->buf, &j->len, &d);
    gr_diags_free(&d);
    return NULL;
}

static void test_threads(const gr_fonts *f)
{
    enum { N = 4 };
    gr_doc *doc = make_doc(f);
    /* a character the face lacks is drawn as .notdef, not a crash */
    gr_page_add_glyph(&doc->pages[1], 0xE000, gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E2D), 16,
                      GR_BLOCK_X0, 300);
    job jobs[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        jobs[i] = (job){doc, f, NULL, 0, GR_ERR_ENV};
        CHECK_TRUE(pthread_create(&th[i], NULL, render_job, &jobs[i]) == 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        CHECK_TRUE(jobs[i].st == GR_OK && jobs[i].len > 1000);
        CHECK_TRUE(jobs[i].len == jobs[0].len && memcmp(jobs[i].buf, jobs[0].buf, jobs[0].len) == 0);
    }
    for (int i = 0; i < N; i++)
        free(jobs[i].buf);
    gr_doc_free(doc);
}

/* Liberation Serif draws ';' U+003B and the Greek question mark U+037E with one glyph, and
 * '-' and the soft hyphen too: each character drawn still comes back as itself. */
static void test_shared_glyph(const gr_fonts *f)
{
    int lib = -1;
    for (int i = 0; i < (int)gr_fonts_face_count(f); i++)
        if (strcmp(gr_fonts_face_family(f, i), "Liberation Serif") == 0)
            lib = i;
    CHECK_TRUE(lib >= 0);
    if (lib < 0)
        return;
    gr_doc *doc = gr_doc_new();
    doc->date = gr_xstrdup("2026-01-15");
    gr_page *pg = gr_doc_add_page(doc);
    const uint32_t cps[] = {'A', ';', 0x37E, 'B'};
    double x = GR_BLOCK_X0;
    for (int i = 0; i < 4; i++) {
        gr_page_add_glyph(pg, cps[i], lib, 16, x, 500);
        x += gr_fonts_advance(f, lib, cps[i], 16);
    }
    char *path = gr_xasprintf("%s/shared.pdf", tmpdir);
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_OK);
    char *out, *err, *cmd = gr_xasprintf("pdftotext -enc UTF-8 %s -", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strcmp(out, "A;\xCD\xBE" "B\n\n\f") == 0);
    if (strcmp(out, "A;\xCD\xBE" "B\n\n\f") != 0)
        fprintf(stderr, "pdftotext gave [%s]\n", out);
    CHECK_TRUE(err[0] == 0);
    free(out);
    free(err);
    free(cmd);
    unlink(path);
    free(path);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

/* The subset names of a PDF in memory, "ABCDEF+Name" each, in pdffonts' order. */
static char *font_names(const gr_doc *doc, const gr_fonts *f)
{
    unsigned char *m = NULL;
    size_t len = 0;
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write_mem(doc, f, &m, &len, &d) == GR_OK);
    gr_diags_free(&d);
    char *path = gr_xasprintf("%s/names.pdf", tmpdir);
    FILE *fp = fopen(path, "wb");
    CHECK_TRUE(fp && fwrite(m, 1, len, fp) == len);
    if (fp)
        fclose(fp);
    free(m);
    char *out, *err, *cmd = gr_xasprintf("pdffonts %s | tail -n +3 | cut -d' ' -f1", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    free(err);
    free(cmd);
    unlink(path);
    free(path);
    return out;
}

/* How often needle occurs in the n bytes at hay. */
static size_t occurrences(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle), count = 0;
    for (size_t i = 0; i + k <= n; i++)
        count += memcmp(hay + i, needle, k) == 0;
    return count;
}

/* Our font objects: Type0 over CIDFontType2 with a CIDToGIDMap stream, FontFile2 deflated
 * with its Length1, and subset tags of six capitals that change with the characters. */
static void test_font_objects(const gr_fonts *f)
{
    gr_doc *doc = make_doc(f);
    unsigned char *m = NULL;
    size_t len = 0;
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write_mem(doc, f, &m, &len, &d) == GR_OK);
    /* dictionaries are plain text in the file */
    const char *t = (const char *)m;
    size_t nfonts = occurrences(t, len, "/Subtype /CIDFontType2");
    CHECK_TRUE(nfonts >= 3); /* 仿宋/标题 (UMing), 黑体, 楷体, perhaps a Latin face for digits */
    CHECK_TRUE(occurrences(t, len, "/CIDToGIDMap ") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/Length1 ") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/FontFile2 ") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/Encoding /Identity-H") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/Filter /FlateDecode") > nfonts);
    free(m);

    char *names = font_names(doc, f);
    size_t lines = 0;
    for (char *line = names, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        bool tag = nl - line > 7 && line[6] == '+';
        for (int i = 0; i < 6 && tag; i++)
            tag = line[i] >= 'A' && line[i] <= 'Z';
        CHECK_TRUE(tag);
        lines++;
    }
    CHECK_TRUE(lines == nfonts);
    /* one more character in the body face: its tag changes, the others stay */
    set_line(&doc->pages[1], f, GR_ROLE_BODY, "鑫", GR_BLOCK_X0, 200, 16);
    char *names2 = font_names(doc, f);
    CHECK_TRUE(strcmp(names, names2) != 0);
    size_t same = 0;
    for (char *line = names2, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        same += strstr(names, line) != NULL;
    }
    CHECK_TRUE(same == nfonts - 1);
    free(names);
    free(names2);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

/* A page of n distinct body characters from the CJK block, from first on. */
static gr_doc *make_big_doc(const gr_fonts *f, uint32_t first, size_t n)
{
    gr_doc *doc = gr_doc_new();
    doc->date = gr_xstrdup("2026-01-15");
    gr_page *pg = gr_doc_add_page(doc);
    size_t k = 0;
    for (uint32_t cp = first; k < n && cp < 0x9FA5; cp++) {
        int face = gr_fonts_face_for(f, GR_ROLE_BODY, cp);
        if (face < 0)
            continue;
        gr_page_add_glyph(pg, cp, face, 10, GR_BLOCK_X0 + (double)(k % 40) * 11,
                          GR_BLOCK_TOP - (double)(k / 40) * 12);
        k++;
    }
    return doc;
}

/* The CFF faces: Type0 over CIDFontType0 with a FontFile3 /CIDFontType0C program, no
 * CIDToGIDMap (the content codes are the program's CIDs, Adobe-GB1 for Fandol), a
 * CIDSet for PDF/A-1, and pdffonts calls them CID Type 0C. */
static void test_cff_objects(const gr_fonts *f)
{
    gr_doc *doc = make_doc(f);
    unsigned char *m = NULL;
    size_t len = 0;
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write_mem(doc, f, &m, &len, &d) == GR_OK);
    const char *t = (const char *)m;
    size_t nfonts = occurrences(t, len, "/Subtype /CIDFontType0\n");
    CHECK_TRUE(nfonts == 4);
    CHECK_TRUE(occurrences(t, len, "/Subtype /CIDFontType2") == 0);
    CHECK_TRUE(occurrences(t, len, "/Subtype /CIDFontType0C") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/FontFile3 ") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/CIDSet ") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/CIDToGIDMap ") == 0);
    CHECK_TRUE(occurrences(t, len, "/Length1 ") == 0);
    CHECK_TRUE(occurrences(t, len, "/Ordering (GB1)") == nfonts);
    CHECK_TRUE(occurrences(t, len, "/Encoding /Identity-H") == nfonts);
    char *path = gr_xasprintf("%s/cff.pdf", tmpdir);
    FILE *fp = fopen(path, "wb");
    CHECK_TRUE(fp && fwrite(m, 1, len, fp) == len);
    if (fp)
        fclose(fp);
    char *out, *err, *cmd = gr_xasprintf("pdffonts %s", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(occurrences(out, strlen(out), "CID Type 0C ") == nfonts);
    free(out);
    free(err);
    free(cmd);
    /* every page draws without a complaint from a second reader */
    cmd = gr_xasprintf("mutool draw -q -o /dev/null %s 2>&1 | grep -v 'ICC support' ; true", path);
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    if (out[0])
        fprintf(stderr, "mutool: %s\n", out);
    CHECK_TRUE(out[0] == 0);
    free(out);
    free(err);
    free(cmd);
    unlink(path);
    free(path);
    free(m);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

/* The bytes of a render do not depend on what the process rendered before (the cache of
 * compressed glyph runs): a child process renders doc B first, this one after doc A. A
 * doc with enough outlines to be deflated by a helper thread too gives the same bytes
 * whether rendered alone or beside other renders. */
static void test_cache_independent(const gr_fonts *f, const char *child_pdf)
{
    gr_doc *a = make_big_doc(f, 0x4E00, 500), *b = make_big_doc(f, 0x4E80, 500);
    unsigned char *ma = NULL, *mb = NULL;
    size_t la = 0, lb = 0;
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write_mem(a, f, &ma, &la, &d) == GR_OK);
    CHECK_TRUE(gr_pdf_write_mem(b, f, &mb, &lb, &d) == GR_OK); /* shares runs with a */
    size_t lc = 0;
    unsigned char *mc = (unsigned char *)read_file(child_pdf, &lc);
    CHECK_TRUE(mc && lc == lb && memcmp(mc, mb, lb) == 0);
    CHECK_TRUE(lb > 64 * 1024); /* big enough for a helper thread */

    job jobs[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (job){b, f, NULL, 0, GR_ERR_ENV};
        CHECK_TRUE(pthread_create(&th[i], NULL, render_job, &jobs[i]) == 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        CHECK_TRUE(jobs[i].st == GR_OK && jobs[i].len == lb && memcmp(jobs[i].buf, mb, lb) == 0);
        free(jobs[i].buf);
    }
    char *cmd = gr_xasprintf("qpdf --check %s", child_pdf), *out, *err;
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    CHECK_TRUE(strstr(out, "No syntax or stream encoding errors found") != NULL);
    free(out);
    free(err);
    free(cmd);
    free(ma);
    free(mb);
    free(mc);
    gr_diags_free(&d);
    gr_doc_free(a);
    gr_doc_free(b);
}


/* Every glyph stands where the display list has it. The writer gives a line its usual gap
 * as character spacing (Tc) and numbers only where a glyph departs from it; mutool, a
 * reader independent of poppler, reports each character's origin. Lines: justified wider
 * and narrower than the pitch, with squeezed marks and a Latin run; one at the bare pitch
 * after them (the spacing must return to 0); a table line at another size. */
typedef struct {
    double x, y;
} place;

static int cmp_place(const void *a, const void *b)
{
    const place *p = a, *q = b;
    if (fabs(p->y - q->y) > 0.01)
        return p->y < q->y ? -1 : 1;
    return (p->x > q->x) - (p->x < q->x);
}

static void test_glyph_places(const gr_fonts *f)
{
    static const struct {
        const char *s;
        double extra; /* pt added after each glyph */
        double size;
    } lines[] = {
        {"按照《条例》规定，本机关共收到申请二十件、办结十九件，结转1件。", 0.2075, 16},
        {"主动公开政府信息三百件，其中规范性文件十二件；政策解读九件。", -0.207, 16},
        {"第三行没有额外间距。", 0, 16},
        {"本行又有间距，ABC123与汉字相间。", 0.5313, 16},
        {"申请数量合计", 0, 10.5},
    };
    gr_doc *doc = gr_doc_new();
    gr_page *pg = gr_doc_add_page(doc);
    double y = GR_BLOCK_TOP - 20;
    size_t n = 0;
    for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++, y -= GR_LINE_PITCH) {
        const char *p = lines[l].s;
        size_t len = strlen(p);
        double x = GR_BLOCK_X0;
        while (*p) {
            uint32_t cp = (uint32_t)gr_utf8_next(&p, len - (size_t)(p - lines[l].s));
            int face = gr_fonts_face_for(f, lines[l].size < 16 ? GR_ROLE_TABLE : GR_ROLE_BODY, cp);
            CHECK_TRUE(face >= 0);
            gr_page_add_glyph(pg, cp, face, (float)lines[l].size, x, y);
            double adv = gr_fonts_advance(f, face, cp, lines[l].size);
            /* a squeezed mark: half its advance taken back */
            if (cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B)
                adv /= 2;
            x += adv + lines[l].extra;
            n++;
        }
    }
    place *want = gr_xmalloc(n * sizeof *want), *got = gr_xmalloc((n + 1) * sizeof *got);
    for (size_t i = 0; i < n; i++) {
        want[i].x = pg->glyphs[i].x;
        want[i].y = GR_PAGE_H - pg->glyphs[i].y;
    }
    char *path = gr_xasprintf("%s/places.pdf", tmpdir);
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_pdf_write(doc, f, path, &d) == GR_OK);
    char *cmd = gr_xasprintf("mutool draw -F stext -o - %s 1", path), *out, *err;
    CHECK_TRUE(run(cmd, &out, &err) == 0);
    size_t k = 0;
    for (const char *c = strstr(out, "<char "); c && k <= n; c = strstr(c + 1, "<char ")) {
        const char *px = strstr(c, " x=\""), *py = strstr(c, " y=\"");
        if (!px || !py)
            break;
        got[k].x = strtod(px + 4, NULL);
        got[k].y = strtod(py + 4, NULL);
        k++;
    }
    CHECK_TRUE(k == n);
    if (k == n) {
        qsort(want, n, sizeof *want, cmp_place);
        qsort(got, n, sizeof *got, cmp_place);
        size_t off = 0;
        for (size_t i = 0; i < n; i++)
            if (fabs(want[i].x - got[i].x) > 0.002 || fabs(want[i].y - got[i].y) > 0.002) {
                if (off++ < 5)
                    fprintf(stderr, "glyph %zu: at %.4f,%.4f, wanted %.4f,%.4f\n", i, got[i].x,
                            got[i].y, want[i].x, want[i].y);
            }
        CHECK_TRUE(off == 0);
    }
    free(out);
    free(err);
    free(cmd);
    unlink(path);
    free(path);
    free(want);
    free(got);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/pdf", tmp_dir());
    if (mkdir(tmpdir, 0700) != 0) {
        perror(tmpdir);
        return 1;
    }
    unsetenv("GOVREPORT_FONTS_CONF");
    gr_diags d;
    gr_diags_init(&d);
    /* the TrueType path, as the fonts of fonts-arphic-* and fonts-wqy-* give it */
    char *conf = gr_xasprintf("%s.tt.conf", tmpdir);
    FILE *fp = fopen(conf, "w");
    if (fp) {
        static const char *const roles[][2] = {
            {"title", "AR PL UMing CN"},      {"h1", "WenQuanYi Micro Hei"},
            {"h2", "AR PL UKai CN"},          {"body", "AR PL UMing CN"},
            {"table", "AR PL UMing CN"},      {"table-head", "WenQuanYi Micro Hei"},
            {"pagenum", "AR PL UMing CN"},    {"latin", "Liberation Serif"}};
        fputs("<?xml version=\"1.0\"?>\n<fontconfig>\n", fp);
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            fprintf(fp,
                    "<alias binding=\"strong\"><family>govreport-%s</family><prefer>"
                    "<family>%s</family></prefer></alias>\n",
                    roles[i][0], roles[i][1]);
        fputs("</fontconfig>\n", fp);
        fclose(fp);
    }
    gr_fonts *f = fonts_or_skip("pdf", conf), *cff = fonts_or_skip("pdf", NULL); /* Fandol */
    gr_diags_print(&d, stderr, false);
    /* before anything is rendered here: a child renders doc B into a fresh cache */
    char *child_pdf = gr_xasprintf("%s.child.pdf", tmpdir);
    char *child_cff = gr_xasprintf("%s.child-cff.pdf", tmpdir);
    if (f && cff) {
        pid_t pid = fork();
        if (pid == 0) {
            gr_doc *b = make_big_doc(f, 0x4E80, 500), *c = make_big_doc(cff, 0x4E80, 500);
            gr_diags cd;
            gr_diags_init(&cd);
            _exit(gr_pdf_write(b, f, child_pdf, &cd) == GR_OK &&
                          gr_pdf_write(c, cff, child_cff, &cd) == GR_OK
                      ? 0
                      : 1);
        }
        int status = 1;
        CHECK_TRUE(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0);
    }
    if (f && cff) {
        test_write(f, 3);
        test_glyph_places(f);
        test_glyph_places(cff);
        test_failures(f);
        test_seed_size(f);
        test_threads(f);
        test_shared_glyph(f);
        test_font_objects(f);
        test_cache_independent(f, child_pdf);
        test_write(cff, 4);
        test_cff_objects(cff);
        test_cache_independent(cff, child_cff);
    }
    unlink(conf);
    free(conf);
    unlink(child_cff);
    free(child_cff);
    gr_fonts_free(cff);
    unlink(child_pdf);
    free(child_pdf);
    gr_fonts_free(f);
    gr_diags_free(&d);
    return harness_end("pdf");
}
