/* util: memory and strings shared by every module.
 * Out of memory aborts with a message (a command-line tool has nothing better to do);
 * a report's strings live in one arena freed in one call. */
#ifndef GR_UTIL_H
#define GR_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* gr_status (GR_OK, GR_ERR_*), the status of library functions that can fail, is the public
 * API's (govreport.h); the CLI exits with its number. */
#include "govreport.h"

void *gr_xmalloc(size_t n);
void *gr_xcalloc(size_t n, size_t size);
void *gr_xrealloc(void *p, size_t n);
char *gr_xstrdup(const char *s);
char *gr_xstrndup(const char *s, size_t n);
char *gr_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gr_xvasprintf(const char *fmt, va_list ap);

/* Grow *items (of *cap elements of size elem) so that it holds at least need elements. */
void gr_grow(void **items, size_t *cap, size_t need, size_t elem);

/* The reason for errno err in the user's language: Chinese for the causes a clerk meets
 * (a missing folder, no permission, a full disk), the C library's words otherwise.
 * Thread-safe (batch renders run in threads). */
const char *gr_strerror(int err);

/* A bump allocator: everything allocated from it is freed by gr_arena_free. */
typedef struct gr_arena gr_arena;
gr_arena *gr_arena_new(void);
void gr_arena_free(gr_arena *a); /* NULL does nothing */
void *gr_arena_alloc(gr_arena *a, size_t n); /* zeroed, aligned for any type */
char *gr_arena_strdup(gr_arena *a, const char *s);
char *gr_arena_strndup(gr_arena *a, const char *s, size_t n);

/* A growable string. */
typedef struct {
    char *s;
    size_t len, cap;
} gr_buf;
void gr_buf_add_grow(gr_buf *b, const char *s, size_t n);
/* Inline while the buffer has room: the writers add a few bytes at a time. */
static inline void gr_buf_add(gr_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap || !b->s) {
        gr_buf_add_grow(b, s, n);
        return;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}
void gr_buf_puts(gr_buf *b, const char *s);
void gr_buf_printf(gr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* m thousandths as a decimal with no trailing zeros and no locale: "-12.5", "0.001", "16"
 * (PDF reals in points, OFD lengths in millimetres from micrometres). */
void gr_buf_put_milli(gr_buf *b, int64_t m);
/* The same for m in units of 10^-decimals (decimals 0 to 18). */
void gr_buf_put_fixed(gr_buf *b, int64_t m, int decimals);

/* s[0..n) as XML 1.0 character data, or with attr as a value between double quotes. & < >
 * become entities, and in a value " too, and tab, LF and CR character references (which
 * attribute-value normalisation would otherwise make spaces). An invalid UTF-8 sequence
 * becomes U+FFFD and a character XML 1.0 cannot hold (a control character, U+FFFE, U+FFFF)
 * a space: what is written is always well-formed. */
void gr_buf_put_xml(gr_buf *b, const char *s, size_t n, bool attr);

/* Fast 64-bit hashing of bytes, eight at a time (not cryptographic: a cache key confirmed by
 * comparing, a file identifier derived from the content). gr_hash64_add continues from h,
 * so that several pieces hash as one; gr_hash64 is one piece, finished. */
uint64_t gr_hash64_add(uint64_t h, const void *data, size_t n);
uint64_t gr_hash64(const void *data, size_t n);
void gr_buf_free(gr_buf *b);

/* Checked numbers: the one way a string of digits becomes an integer, everywhere (figures,
 * headings, years, sizes, options). No locale, and no wrap-around: a value past the
 * caller's bound is reported as such, never reduced or overflowed.
 * gr_digits_value reads the run of ASCII digits in base 10 or 16 (0-9, a-f, A-F) at s, at
 * most n bytes of it, and returns its length (0: no digit). *out is its value, or max + 1
 * when the value is greater than max (0 ≤ max < INT64_MAX); leading zeros are allowed. */
size_t gr_digits_value(const char *s, size_t n, int base, int64_t max, int64_t *out);
/* Whether the whole of s is an optional sign ('+' or '-') and ASCII decimal digits whose
 * value v has lo ≤ v ≤ hi (INT64_MIN < lo, hi < INT64_MAX); then *out = v. No blank
 * anywhere; any number of digits (a thousand zeros then 7 is 7). */
bool gr_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* Whether s is exactly "YYYY-MM-DD" (ASCII digits, month 1–12, day 1–31); then its parts.
 * Each caller bounds the year as its format needs. */
bool gr_parse_ymd(const char *s, int *y, int *m, int *d);

/* v rounded half away from zero, as llround does, without its call: the writers round
 * every coordinate. For |v| below 2^52 (any length on a page in any unit). */
static inline int64_t gr_round(double v)
{
    return v >= 0 ? (int64_t)(v + 0.5) : -(int64_t)(0.5 - v);
}

/* UTF-8: decode one code point at *p (at most n bytes), advancing *p.
 * Returns the code point, or -1 for an invalid sequence (then *p advances one byte). */
int32_t gr_utf8_next_any(const char **p, size_t n);
/* Inline for the two forms a report's text is made of, ASCII and a 3-byte character (all of
 * CJK); every other form, and every error, is gr_utf8_next_any's. */
static inline int32_t gr_utf8_next(const char **p, size_t n)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (n && s[0] < 0x80) {
        *p += 1;
        return s[0];
    }
    if (n >= 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        int32_t cp = (int32_t)((s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu));
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *p += 3;
            return cp;
        }
    }
    return gr_utf8_next_any(p, n);
}
/* The start of the character that ends at p, never before start (p itself when p == start):
 * one step back over a character, for reading a text from its end. */
const char *gr_utf8_prev(const char *start, const char *p);
/* The largest m <= n at which s[0..m) ends on a whole character: where to cut s to at most
 * n bytes. s[n] is read: a byte of s or its terminating NUL. */
size_t gr_utf8_floor(const char *s, size_t n);
/* Encode cp as UTF-8 into out (at least 4 bytes); returns the byte count. */
size_t gr_utf8_put(char *out, uint32_t cp);
/* Number of code points in s (invalid bytes count as one each). */
size_t gr_utf8_len(const char *s);
/* order[0..n) := the indices 0..n-1 by key[i] ascending, equal keys in index order: a
 * stable radix sort, for a font's 16-bit codes (qsort's comparisons cost ten times more). */
void gr_order_u16(const uint16_t *key, size_t n, size_t *order);
/* Whether needle (lower-case ASCII) occurs in p[0..n), ASCII letters matched in either case. */
bool gr_mem_has_ci(const char *p, size_t n, const char *needle);
/* Whether s[0..n) is well-formed UTF-8 throughout. */
bool gr_utf8_valid(const char *s, size_t n);
/* data (len bytes in the iconv encoding `from`) as UTF-8, NUL-terminated, its length in
 * *out_len; caller frees. NULL when the encoding is unknown or the data is not in it; with
 * partial, what converts before the first invalid sequence is returned instead. The one
 * place the program converts text (iconv). */
char *gr_utf8_from(const char *from, const char *data, size_t len, size_t *out_len, bool partial);

#endif
