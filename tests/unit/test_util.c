/* Unit tests for the text helpers of base/util.c that every stage shares: a step back over
 * one UTF-8 character, a cut on a whole character, and XML escaping (content and attribute
 * values, bad UTF-8 and characters XML 1.0 cannot hold); numbers written as PDF and OFD
 * reals; and base/file.c's one capped reader of an input, at its limit and one byte over it. */
#include "base/base.h"

#include "harness.h"

#include <errno.h>

static void test_prev(void)
{
    const char *s = "a中\360\240\200\200b"; /* a, U+4E2D (3 bytes), U+20000 (4 bytes), b */
    const char *end = s + strlen(s);
    const char *p = gr_utf8_prev(s, end);
    CHECK_TRUE(p == end - 1 && *p == 'b');
    p = gr_utf8_prev(s, p);
    CHECK_TRUE(p == s + 4);
    p = gr_utf8_prev(s, p);
    CHECK_TRUE(p == s + 1);
    p = gr_utf8_prev(s, p);
    CHECK_TRUE(p == s);
    CHECK_TRUE(gr_utf8_prev(s, s) == s); /* at the start: no step */
    /* continuation bytes with no lead byte: the step stops at the start */
    const char *bad = "\x80\x80";
    CHECK_TRUE(gr_utf8_prev(bad, bad + 2) == bad);
    /* a lone lead byte at the end is a character of its own */
    const char *cut = "中\xE4";
    CHECK_TRUE(gr_utf8_prev(cut, cut + 4) == cut + 3);
}

static void test_floor(void)
{
    const char *s = "ab中文"; /* 2 + 3 + 3 bytes */
    CHECK_TRUE(gr_utf8_floor(s, 8) == 8);
    CHECK_TRUE(gr_utf8_floor(s, 7) == 5);
    CHECK_TRUE(gr_utf8_floor(s, 6) == 5);
    CHECK_TRUE(gr_utf8_floor(s, 5) == 5);
    CHECK_TRUE(gr_utf8_floor(s, 4) == 2);
    CHECK_TRUE(gr_utf8_floor(s, 2) == 2);
    CHECK_TRUE(gr_utf8_floor(s, 0) == 0);
    CHECK_TRUE(gr_utf8_floor("\x80\x80", 1) == 0);
}

static void test_xml(void)
{
    static const struct {
        const char *in;
        size_t n;
        bool attr;
        const char *want;
    } cases[] = {
        {"", 0, false, ""},
        {"山阳区 2025", 14, false, "山阳区 2025"},
        {"a<b>&c", 6, false, "a&lt;b&gt;&amp;c"},
        /* quotes and line ends: plain in text, escaped in a value */
        {"\"x\"\t\n\r", 6, false, "\"x\"\t\n\r"},
        {"\"x\"\t\n\r", 6, true, "&quot;x&quot;&#9;&#10;&#13;"},
        {"'", 1, true, "'"},
        /* what XML 1.0 cannot hold becomes a space; bad UTF-8 U+FFFD, a byte at a time */
        {"a\001b\037c", 5, false, "a b c"},
        {"\xEF\xBF\xBE|\xEF\xBF\xBF", 7, false, " | "},
        {"a\377b", 3, false, "a\357\277\275b"},
        {"\xE4\xB8", 2, true, "\xEF\xBF\xBD\xEF\xBF\xBD"},
        /* a DEL, a character beyond the BMP and U+FFFD itself are XML characters */
        {"\x7F\xF0\xA0\x80\x80\xEF\xBF\xBD", 8, false, "\x7F\xF0\xA0\x80\x80\xEF\xBF\xBD"},
        /* n bounds the read: a NUL inside is a control character, the rest is not read */
        {"a\0b&", 3, false, "a b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gr_buf b = {0};
        gr_buf_add(&b, "", 0);
        gr_buf_put_xml(&b, cases[i].in, cases[i].n, cases[i].attr);
        CHECK(!strcmp(b.s, cases[i].want), "case %zu (attr %d): \"%s\", expected \"%s\"", i,
              cases[i].attr, b.s, cases[i].want);
        gr_buf_free(&b);
    }
}

/* gr_file_read_capped of a file of n bytes: *len, *err and where it stopped reading in *at. */
static char *read_bytes(size_t n, size_t *len, int *err, long *at)
{
    FILE *f = tmpfile();
    if (!f)
        abort();
    static char block[65536];
    memset(block, 'x', sizeof block);
    for (size_t left = n; left > 0;) {
        size_t k = left < sizeof block ? left : sizeof block;
        fwrite(block, 1, k, f);
        left -= k;
    }
    rewind(f);
    *len = 99;
    *err = 0;
    char *s = gr_file_read_capped(f, len, err);
    *at = ftell(f);
    fclose(f);
    return s;
}

static void test_read_capped(void)
{
    size_t len;
    int err;
    long at;
    char *s = read_bytes(0, &len, &err, &at);
    CHECK_TRUE(s && len == 0 && s[0] == 0);
    free(s);
    s = read_bytes(GR_MAX_INPUT_BYTES, &len, &err, &at);
    CHECK(s && len == GR_MAX_INPUT_BYTES && s[len] == 0 && s[len - 1] == 'x',
          "a file at the limit is read whole: %zu bytes", s ? len : 0);
    free(s);
    s = read_bytes(GR_MAX_INPUT_BYTES + 1, &len, &err, &at);
    CHECK(!s && err == EFBIG, "one byte over the limit: refused (errno %d)", err);
    CHECK(at == (long)GR_MAX_INPUT_BYTES + 1, "read one byte past the cap, not to %ld", at);
    free(s);

    /* a read that fails (a stream open for writing only) says why */
    FILE *f = fopen("/dev/null", "w");
    err = 0;
    s = gr_file_read_capped(f, &len, &err);
    CHECK(!s && err != 0 && err != EFBIG, "a failed read: errno %d", err);
    fclose(f);
}

/* A fixed-point number as a decimal with no trailing zeros, no exponent and no locale. */
static void test_fixed(void)
{
    static const struct {
        int64_t m;
        int decimals;
        const char *want;
    } cases[] = {
        {-12500, 3, "-12.5"}, {1, 3, "0.001"}, {16000, 3, "16"}, {0, 3, "0"},
        {-207500, 6, "-0.2075"}, {1, 6, "0.000001"}, {-1000000, 6, "-1"}, {7, 0, "7"},
        {INT64_MIN, 6, "-9223372036854.775808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gr_buf b = {0};
        gr_buf_put_fixed(&b, cases[i].m, cases[i].decimals);
        CHECK_TRUE(b.s && !strcmp(b.s, cases[i].want));
        if (b.s && strcmp(b.s, cases[i].want))
            fprintf(stderr, "%s, wanted %s\n", b.s, cases[i].want);
        free(b.s);
    }
}

/* The kind detectors' search, and UTF-8 validation across its eight-byte ASCII steps. */
static void test_scan(void)
{
    static const char page[] = "<?xml?>\n<!DOCTYPE Html>\n<HTML lang=zh>";
    CHECK_TRUE(gr_mem_has_ci(page, strlen(page), "<html"));
    CHECK_TRUE(gr_mem_has_ci(page, strlen(page), "<!doctype html"));
    CHECK_TRUE(!gr_mem_has_ci(page, strlen(page), "<table"));
    CHECK_TRUE(!gr_mem_has_ci(page, strlen(page) - 10, "<html")); /* cut before it */
    CHECK_TRUE(gr_mem_has_ci("x<TaBlE", 7, "<table"));              /* at the very end */
    CHECK_TRUE(!gr_mem_has_ci("x<TaBl", 6, "<table"));
    CHECK_TRUE(!gr_mem_has_ci("\x1chtml", 5, "<html")); /* only letters fold */
    CHECK_TRUE(gr_mem_has_ci("abcHTML", 7, "html"));
    CHECK_TRUE(!gr_mem_has_ci("", 0, "<html"));

    char buf[40];
    for (size_t at = 0; at < 20; at++) { /* a bad byte anywhere, in or after an 8-byte run */
        memset(buf, 'a', sizeof buf);
        CHECK_TRUE(gr_utf8_valid(buf, sizeof buf));
        buf[at] = (char)0x80;
        CHECK_TRUE(!gr_utf8_valid(buf, sizeof buf));
        memcpy(buf + at, "\xE4\xB8\xAD", 3); /* 中 */
        CHECK_TRUE(gr_utf8_valid(buf, sizeof buf));
        memcpy(buf + at, "\xED\xA0\x80", 3); /* a surrogate */
        CHECK_TRUE(!gr_utf8_valid(buf, sizeof buf));
        memcpy(buf + at, "\xE0\x80\xAF", 3); /* overlong */
        CHECK_TRUE(!gr_utf8_valid(buf, sizeof buf));
    }
    CHECK_TRUE(!gr_utf8_valid("abcdefgh\xE4\xB8", 10)); /* cut short at the end */
    const char *p = "\xE4\xB8\xAD\xF0\x9F\x98\x80";
    CHECK_TRUE(gr_utf8_next(&p, 7) == 0x4E2D && gr_utf8_next(&p, 4) == 0x1F600);
}

/* gr_order_u16 against the definition: keys ascending, equal keys in index order. */
static void test_order(void)
{
    enum { N = 3000 };
    static uint16_t key[N];
    static size_t order[N];
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) { /* high and low bytes both vary, and keys repeat */
        x = x * 1103515245u + 12345u;
        key[i] = (uint16_t)((x >> 8) % 700 * 97);
    }
    gr_order_u16(key, N, order);
    bool seen[N] = {false}, ok = true;
    for (size_t i = 0; i < N; i++) {
        ok &= order[i] < N && !seen[order[i]];
        if (order[i] < N)
            seen[order[i]] = true;
        if (i > 0)
            ok &= key[order[i - 1]] < key[order[i]] ||
                  (key[order[i - 1]] == key[order[i]] && order[i - 1] < order[i]);
    }
    CHECK_TRUE(ok);
    uint16_t one = 7;
    size_t o1 = 99;
    gr_order_u16(&one, 1, &o1);
    CHECK_TRUE(o1 == 0);
    gr_order_u16(NULL, 0, NULL); /* nothing to order */
}

int main(void)
{
    test_order();
    test_fixed();
    test_scan();
    test_read_capped();
    test_prev();
    test_floor();
    test_xml();
    return harness_end("test_util");
}
