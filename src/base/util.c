/* util: allocation that aborts on exhaustion, a bump arena for a report's strings,
 * a growable buffer and the small UTF-8 helpers every module needs. */
#include "base/util.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "govreport: 内存不足（申请 %zu 字节）\n", n);
    abort();
}

void *gr_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *gr_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *gr_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *gr_xstrdup(const char *s)
{
    return gr_xstrndup(s, strlen(s));
}

char *gr_xstrndup(const char *s, size_t n)
{
    char *p = gr_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gr_xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = gr_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *gr_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = gr_xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void gr_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 8;
    while (c < need)
        c *= 2;
    *items = gr_xrealloc(*items, c * elem);
    *cap = c;
}

const char *gr_strerror(int err)
{
    switch (err) {
    case ENOENT:
        return "文件或文件夹不存在";
    case EACCES:
    case EPERM:
        return "没有权限";
    case ENOSPC:
        return "磁盘空间不足";
    case EDQUOT:
        return "超出磁盘配额";
    case EFBIG:
        return "文件超出大小限制";
    case EROFS:
        return "文件系统只读";
    case EISDIR:
        return "这是一个文件夹";
    case ENOTDIR:
        return "路径中有一段不是文件夹";
    case ENAMETOOLONG:
        return "路径太长";
    case EIO:
        return "输入输出错误";
    case ENOMEM:
        return "内存不足";
    case EMFILE:
    case ENFILE:
        return "打开的文件过多";
    }
    static _Thread_local char buf[128];
    if (strerror_r(err, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "错误 %d", err);
    return buf;
}

/* ---- arena ---- */

#define GR_ARENA_CHUNK 65536 /* one chunk holds a typical report's strings */

struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
};

struct gr_arena {
    struct chunk *head;
};

gr_arena *gr_arena_new(void)
{
    return gr_xcalloc(1, sizeof(gr_arena));
}

void gr_arena_free(gr_arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *gr_arena_alloc(gr_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (!a->head || a->head->size - a->head->used < n) {
        size_t size = n > GR_ARENA_CHUNK ? n : GR_ARENA_CHUNK;
        struct chunk *c = gr_xmalloc(sizeof(struct chunk) + size);
        c->used = 0;
        c->size = size;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    memset(p, 0, n);
    return p;
}

char *gr_arena_strndup(gr_arena *a, const char *s, size_t n)
{
    char *p = gr_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gr_arena_strdup(gr_arena *a, const char *s)
{
    return gr_arena_strndup(a, s, strlen(s));
}

/* ---- buffer ---- */

void gr_buf_add_grow(gr_buf *b, const char *s, size_t n)
{
    gr_grow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void gr_buf_puts(gr_buf *b, const char *s)
{
    gr_buf_add(b, s, strlen(s));
}

void gr_buf_printf(gr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = gr_xvasprintf(fmt, ap);
    va_end(ap);
    gr_buf_puts(b, p);
    free(p);
}

void gr_buf_free(gr_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void gr_buf_put_xml(gr_buf *b, const char *s, size_t n, bool attr)
{
    const char *p = s, *end = s + n, *run = s; /* plain text is added a run at a time */
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && !(attr && c == '"')) {
            p++;
            continue;
        }
        const char *q = p;
        int32_t cp = gr_utf8_next(&p, (size_t)(end - p));
        if (cp >= 0x80 && cp != 0xFFFE && cp != 0xFFFF)
            continue;
        gr_buf_add(b, run, (size_t)(q - run));
        run = p;
        switch (cp) {
        case '&': gr_buf_puts(b, "&amp;"); break;
        case '<': gr_buf_puts(b, "&lt;"); break;
        case '>': gr_buf_puts(b, "&gt;"); break;
        case '"': gr_buf_puts(b, "&quot;"); break; /* only in a value: plain in text */
        case '\t': gr_buf_puts(b, attr ? "&#9;" : "\t"); break;
        case '\n': gr_buf_puts(b, attr ? "&#10;" : "\n"); break;
        case '\r': gr_buf_puts(b, attr ? "&#13;" : "\r"); break;
        case -1: gr_buf_puts(b, "\xEF\xBF\xBD"); break; /* U+FFFD */
        default: gr_buf_puts(b, " "); break; /* not a character of XML 1.0 */
        }
    }
    gr_buf_add(b, run, (size_t)(end - run));
}

/* ---- UTF-8 ---- */

int32_t gr_utf8_next_any(const char **p, size_t n)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (n == 0)
        return -1;
    unsigned c = s[0];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) {
        *p += 1;
        return (int32_t)c;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        *p += 1;
        return -1;
    }
    if (n < len) {
        *p += 1;
        return -1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += 1;
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *p += 1;
        return -1;
    }
    *p += len;
    return (int32_t)cp;
}

static bool continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

const char *gr_utf8_prev(const char *start, const char *p)
{
    if (p <= start)
        return p;
    p--;
    while (p > start && continuation(*p))
        p--;
    return p;
}

size_t gr_utf8_floor(const char *s, size_t n)
{
    while (n > 0 && continuation(s[n]))
        n--;
    return n;
}

size_t gr_utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t gr_utf8_len(const char *s)
{
    size_t n = 0, left = strlen(s);
    const char *p = s;
    while (left > 0) {
        const char *q = p;
        gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        n++;
    }
    return n;
}

void gr_order_u16(const uint16_t *key, size_t n, size_t *order)
{
    size_t *tmp = gr_xmalloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        tmp[i] = i;
    /* low byte into order, then high byte back into tmp: each pass stable */
    size_t *from = tmp, *to = order;
    for (int shift = 0; shift <= 8; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((key[i] >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            to[count[(key[from[i]] >> shift) & 0xFF]++] = from[i];
        size_t *t = from;
        from = to;
        to = t;
    }
    if (n)
        memcpy(order, from, n * sizeof *order); /* from is tmp after two passes */
    free(tmp);
}

bool gr_mem_has_ci(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    unsigned char first = (unsigned char)needle[0];
    bool jump = !(first >= 'a' && first <= 'z'); /* then memchr finds each candidate */
    const char *end = p + n;
    while ((size_t)(end - p) >= k) {
        if (jump && k && !(p = memchr(p, first, (size_t)(end - p) - k + 1)))
            return false;
        size_t j = 0;
        while (j < k) {
            unsigned char c = (unsigned char)p[j];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)needle[j])
                break;
            j++;
        }
        if (j == k)
            return true;
        p++;
    }
    return false;
}

bool gr_utf8_valid(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        uint64_t w;
        if (end - p >= 8 && (memcpy(&w, p, 8), !(w & 0x8080808080808080u))) {
            p += 8; /* eight ASCII bytes at once: most of an XML file's markup */
            continue;
        }
        if (gr_utf8_next(&p, (size_t)(end - p)) < 0)
            return false;
    }
    return true;
}

char *gr_utf8_from(const char *from, const char *data, size_t len, size_t *out_len, bool partial)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = gr_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, outleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
            if (errno == E2BIG) {
                size_t used = (size_t)(o - out);
                cap *= 2;
                out = gr_xrealloc(out, cap);
                o = out + used;
                outleft = cap - used - 1;
                continue;
            }
            if (partial)
                break;
            free(out);
            iconv_close(cd);
            return NULL;
        }
    }
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

/* Inlined into each caller: with decimals a constant, the divisions by the unit become
 * multiplications (a PDF page writes thousands of numbers). */
static inline __attribute__((always_inline)) void put_fixed(gr_buf *b, int64_t m, int decimals)
{
    char s[40], *p = s + sizeof s;
    bool neg = m < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)m : (uint64_t)m, unit = 1;
    for (int i = 0; i < decimals; i++)
        unit *= 10;
    uint64_t frac = v % unit;
    v /= unit;
    if (frac) {
        int digits = decimals;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            *--p = (char)('0' + frac % 10);
            frac /= 10;
        }
        *--p = '.';
    }
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (neg)
        *--p = '-';
    gr_buf_add(b, p, (size_t)(s + sizeof s - p));
}

void gr_buf_put_fixed(gr_buf *b, int64_t m, int decimals)
{
    if (decimals == 6) /* the PDF's character spacing */
        put_fixed(b, m, 6);
    else
        put_fixed(b, m, decimals);
}

void gr_buf_put_milli(gr_buf *b, int64_t m)
{
    put_fixed(b, m, 3);
}

uint64_t gr_hash64_add(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i = 0;
    h ^= n;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

uint64_t gr_hash64(const void *data, size_t n)
{
    uint64_t h = gr_hash64_add(0x9E3779B97F4A7C15u, data, n);
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 32);
}

static int digit_of(char c, int base)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (base == 16 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
        return (c | 0x20) - 'a' + 10;
    return -1;
}

size_t gr_digits_value(const char *s, size_t n, int base, int64_t max, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    int dv;
    for (; i < n && (dv = digit_of(s[i], base)) >= 0; i++)
        if (v <= max) /* past max it stays max + 1: no multiplication can overflow */
            v = dv > max || v > (max - dv) / base ? max + 1 : v * base + dv;
    *out = v;
    return i;
}

bool gr_parse_ymd(const char *s, int *y, int *m, int *d)
{
    int64_t v[3];
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        gr_digits_value(s, 4, 10, 9999, &v[0]) != 4 || gr_digits_value(s + 5, 2, 10, 99, &v[1]) != 2 ||
        gr_digits_value(s + 8, 2, 10, 99, &v[2]) != 2 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
        v[2] > 31)
        return false;
    *y = (int)v[0];
    *m = (int)v[1];
    *d = (int)v[2];
    return true;
}

bool gr_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    bool minus = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    /* the magnitude bound: -lo for a negative number, hi for a positive one */
    int64_t bound = minus ? (lo < 0 ? -lo : 0) : (hi > 0 ? hi : 0);
    int64_t v;
    size_t k = gr_digits_value(s, SIZE_MAX, 10, bound, &v);
    if (!k || s[k] || v > bound)
        return false;
    v = minus ? -v : v;
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}
