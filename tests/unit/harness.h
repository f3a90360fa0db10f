/* harness: the few lines every unit test program shares. A failed CHECK prints where and
 * why and the program goes on, so one run reports every failure; main returns
 * harness_end("name"), non-zero when anything failed. read_file and replace are the one
 * way a test reads a fixture (SAMPLE, the seed report) and derives a variant of it;
 * diag_find, diag_has, diag_count and diag_dump look through diagnostics; fonts_or_skip opens the
 * fonts or SKIPs the test where none are installed; tmp_dir is the test's scratch folder.
 * tests/README says how to add a test. */
#ifndef GR_TEST_HARNESS_H
#define GR_TEST_HARNESS_H

#include "base/base.h"
#include "layout/font.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The seed report: complete and valid, every test's starting point. */
#define SAMPLE GR_SOURCE_DIR "/samples/shanyang-2025.xml"

static int failures;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

/* A check that needs no message: the condition's text is the message. */
#define CHECK_TRUE(cond) CHECK(cond, "%s", #cond)

/* The whole file at path, NUL-terminated (binary files too: *len, when len is not NULL,
 * counts the bytes). A file that cannot be read is a test failure; "" is returned then, so
 * that the test goes on. Caller frees. */
static inline char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 1 << 16;
    char *b = malloc(cap + 1);
    if (!b)
        abort();
    if (!f) {
        fprintf(stderr, "FAIL: cannot read %s\n", path);
        failures++;
    }
    while (f) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        if (!(b = realloc(b, cap + 1)))
            abort();
    }
    if (f)
        fclose(f);
    b[n] = 0;
    if (len)
        *len = n;
    return b;
}

/* s with its first `from` replaced by `to`, as a new string. A `from` that s lacks is a test
 * failure (the fixture changed under the test); a copy of s is returned then. */
static inline char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    size_t ls = strlen(s), lf = strlen(from), lt = strlen(to);
    if (!p) {
        fprintf(stderr, "FAIL: the test's text lacks \"%.60s\"\n", from);
        failures++;
        p = s + ls;
        lf = lt = 0;
    }
    size_t k = (size_t)(p - s);
    char *out = malloc(ls - lf + lt + 1);
    if (!out)
        abort();
    memcpy(out, s, k);
    memcpy(out + k, to, lt);
    strcpy(out + k + lt, p + lf);
    return out;
}

/* The first diagnostic with code whose message holds text (any message when text is NULL),
 * or NULL. */
static inline const gr_diag *diag_find(const gr_diags *d, const char *code, const char *text)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].code, code) && (!text || strstr(d->items[i].message, text)))
            return &d->items[i];
    return NULL;
}

/* Whether there is one (diag_find). */
static inline bool diag_has(const gr_diags *d, const char *code, const char *text)
{
    return diag_find(d, code, text) != NULL;
}

/* How many diagnostics have code. */
static inline size_t diag_count(const gr_diags *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += !strcmp(d->items[i].code, code);
    return n;
}

/* Every diagnostic on stderr, one a line, to show what a failed CHECK saw. */
static inline void diag_dump(const gr_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char *s = gr_diag_format(&d->items[i]);
        fprintf(stderr, "  %s\n", s);
        free(s);
    }
}

static inline int harness_end(const char *name);

/* The fonts of the roles from the fontconfig file conf (NULL: the program's own). Where a
 * role has no font installed here the test cannot run: the diagnostics are printed and the
 * program exits 77, which ctest reports as skipped, never as passed (or 1, when a CHECK
 * before this one failed). Any other failure to open is a test failure, and NULL. */
static inline gr_fonts *fonts_or_skip(const char *name, const char *conf)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    gr_status st = gr_fonts_open(&f, conf, NULL, &d);
    if (st != GR_OK) {
        diag_dump(&d);
        if (diag_find(&d, "E-FONT", "没有可用的字体")) {
            printf("SKIP %s: the fonts of the roles are not installed (tools/install-deps.sh)\n",
                   name);
            exit(failures ? harness_end(name) : 77);
        }
        fprintf(stderr, "FAIL %s: the fonts do not open\n", name);
        failures++;
    }
    gr_diags_free(&d);
    return f;
}

/* The test program's scratch folder, made on first use under $TMPDIR (or /tmp) as
 * govreport-test.XXXXXX and removed with all it holds when the program exits (after a SKIP
 * too). GR_KEEP_TMP=1 keeps it, to look at what a failed test left. */
static char harness_tmp[4096];

/* Remove path and, if it is a folder, all below it (links are removed, never followed). */
static inline void harness_rm(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        chmod(path, 0700); /* a test may have left it read-only */
        DIR *dir = opendir(path);
        struct dirent *e;
        while (dir && (e = readdir(dir)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *sub = gr_xasprintf("%s/%s", path, e->d_name);
            harness_rm(sub);
            free(sub);
        }
        if (dir)
            closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void harness_tmp_remove(void)
{
    if (!harness_tmp[0])
        return;
    if (getenv("GR_KEEP_TMP"))
        fprintf(stderr, "kept %s\n", harness_tmp);
    else
        harness_rm(harness_tmp);
}

static inline const char *tmp_dir(void)
{
    if (!harness_tmp[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(harness_tmp, sizeof harness_tmp, "%s/govreport-test.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(harness_tmp)) {
            perror(harness_tmp);
            exit(1);
        }
        atexit(harness_tmp_remove);
    }
    return harness_tmp;
}

static inline int harness_end(const char *name)
{
    if (failures)
        fprintf(stderr, "%s: %d failure(s)\n", name, failures);
    else
        printf("%s: all pass\n", name);
    return failures != 0;
}

#endif
