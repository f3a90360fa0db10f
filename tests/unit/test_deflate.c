/* test_deflate: the Flate streams of output/deflate.c. Font files cut into runs and
 * deflated piece by piece (some pieces twice, the second time from the run cache, by one
 * thread or two) must inflate to the very bytes, as a zlib stream and as a raw deflate
 * stream with its CRC-32, whatever the data: outlines that hardly compress, text that
 * compresses well, runs of every size from empty to larger than a deflate block. */
#include "harness.h"

#include "output/deflate.h"

#include <stdint.h>
#include <zlib.h>

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* n bytes: random when noisy, else words from a small vocabulary (compresses ~5:1). */
static unsigned char *make_data(size_t n, bool noisy)
{
    static const char *const words[] = {"glyph ", "rmoveto ", "rlineto ", "endchar ", "0 ",
                                        "17 ", "-42 ", "hintmask "};
    unsigned char *d = malloc(n + 1);
    if (!d)
        abort();
    for (size_t i = 0; i < n;) {
        if (noisy) {
            d[i++] = (unsigned char)next_rand();
            continue;
        }
        const char *w = words[next_rand() % 8];
        for (; *w && i < n; w++)
            d[i++] = (unsigned char)*w;
    }
    return d;
}

static bool inflates_to(const unsigned char *z, size_t zlen, bool raw, const unsigned char *want,
                        size_t n)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, raw ? -15 : 15) != Z_OK)
        return false;
    unsigned char *got = malloc(n + 16);
    s.next_in = (unsigned char *)z;
    s.avail_in = (uInt)zlen;
    s.next_out = got;
    s.avail_out = (uInt)(n + 16);
    int rc = inflate(&s, Z_FINISH);
    bool ok = rc == Z_STREAM_END && s.total_out == n && s.avail_in == 0 &&
              memcmp(got, want, n) == 0;
    inflateEnd(&s);
    free(got);
    return ok;
}

/* A font of n bytes whose outlines begin at off and end at glyph ends of random sizes. */
static void check_font(size_t n, bool noisy, size_t max_glyph, int rounds)
{
    unsigned char *font = make_data(n, noisy);
    size_t off = n / 10, nglyphs = 0;
    uint32_t *ends = malloc((n + 1) * sizeof *ends);
    for (size_t at = 0; off + at < n - n / 10;) {
        at += next_rand() % (max_glyph + 1); /* empty glyphs too */
        if (off + at > n - n / 10)
            at = n - n / 10 - off;
        ends[nglyphs++] = (uint32_t)at;
    }
    gr_buf first = {0};
    for (int r = 0; r < rounds; r++) { /* the second round finds its runs in the cache */
        gr_zfonts *j = gr_zfonts_new();
        size_t p0, np = gr_zfonts_plan_glyphs(j, font, n, off, ends, nglyphs, &p0);
        gr_zfonts_start(j);
        gr_zfonts_finish(j);
        gr_buf z = {0}, raw = {0};
        uint32_t crc = 0;
        CHECK(gr_zfonts_assemble(j, p0, np, &z), "assemble (n %zu)", n);
        CHECK(gr_zfonts_assemble_raw(j, p0, np, &raw, &crc), "assemble raw (n %zu)", n);
        CHECK(inflates_to((unsigned char *)z.s, z.len, false, font, n),
              "zlib stream of %zu bytes (%s, %zu pieces, round %d) does not inflate to them", n,
              noisy ? "noise" : "text", np, r);
        CHECK(inflates_to((unsigned char *)raw.s, raw.len, true, font, n),
              "raw stream of %zu bytes (round %d) does not inflate to them", n, r);
        CHECK(crc == (uint32_t)crc32(0, font, (uInt)n), "CRC-32 of %zu bytes", n);
        if (r == 0)
            gr_buf_add(&first, z.s, z.len);
        else
            CHECK(z.len == first.len && memcmp(z.s, first.s, z.len) == 0,
                  "the cache changed the bytes (n %zu)", n);
        gr_buf_free(&z);
        gr_buf_free(&raw);
        gr_zfonts_free(j);
    }
    gr_buf_free(&first);
    free(ends);
    free(font);
}

int main(void)
{
    setenv("GOVREPORT_CACHE", "", 1); /* the folder cache: tests/e2e/cache_folder.sh */
    /* whole streams */
    for (size_t n = 0; n < 200000; n = n * 3 + 1) {
        unsigned char *d = make_data(n, n % 2);
        gr_buf z = {0}, raw = {0};
        uint32_t crc = 0;
        CHECK(gr_deflate(GR_ZLEVEL_PAGE, d, n, &z), "deflate %zu", n);
        CHECK(inflates_to((unsigned char *)z.s, z.len, false, d, n), "zlib stream of %zu", n);
        CHECK(gr_deflate_raw(GR_ZLEVEL, d, n, &raw, &crc), "deflate raw %zu", n);
        CHECK(inflates_to((unsigned char *)raw.s, raw.len, true, d, n), "raw stream of %zu", n);
        CHECK(crc == (uint32_t)crc32(0, d, (uInt)n), "CRC-32 of %zu", n);
        gr_buf_free(&z);
        gr_buf_free(&raw);
        free(d);
    }
    /* fonts in runs: small and large, noise and text, glyphs up to 4 KB (runs of ~64) */
    check_font(64, true, 8, 2);
    check_font(5000, false, 100, 2);
    check_font(300000, true, 600, 2);   /* more than the helper thread's threshold */
    check_font(300000, false, 600, 2);
    check_font(400000, true, 4000, 2);  /* runs larger than libdeflate's 64 KB blocks */
    /* not glyph data at all: a program too short to cut */
    unsigned char tiny[3] = {1, 2, 3};
    gr_zfonts *j = gr_zfonts_new();
    size_t p0, np = gr_zfonts_plan(j, tiny, sizeof tiny, &p0);
    gr_zfonts_finish(j);
    gr_buf z = {0};
    CHECK(np == 1 && gr_zfonts_assemble(j, p0, np, &z), "a 3-byte font");
    CHECK(inflates_to((unsigned char *)z.s, z.len, false, tiny, sizeof tiny), "a 3-byte font");
    gr_buf_free(&z);
    gr_zfonts_free(j);
    return harness_end("test_deflate");
}
