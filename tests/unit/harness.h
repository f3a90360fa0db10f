/* harness: the few lines every unit test program shares. A failed CHECK prints where and
 * why and the program goes on, so one run reports every failure; main returns
 * harness_end("name"), non-zero when anything failed. read_file and replace are the one
 * way a test reads a fixture and derives a variant of it. */
#ifndef GR_TEST_HARNESS_H
#define GR_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static inline int harness_end(const char *name)
{
    if (failures)
        fprintf(stderr, "%s: %d failure(s)\n", name, failures);
    else
        printf("%s: all pass\n", name);
    return failures != 0;
}

#endif
