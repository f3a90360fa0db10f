/* json: the byte buffer under every answer of the server, and JSON strings written from
 * UTF-8 that may not be valid (a file name or a header comes from the client). */
#include "serve/json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *gr_serve_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("govreport serve: 内存不足\n", stderr);
        abort();
    }
    return p;
}

void *gr_serve_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("govreport serve: 内存不足\n", stderr);
        abort();
    }
    return q;
}

char *gr_serve_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(gr_serve_xmalloc(n), s, n);
}

static void reserve(gr_sbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    b->data = gr_serve_xrealloc(b->data, cap);
    b->cap = cap;
}

void gr_sbuf_add(gr_sbuf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gr_sbuf_puts(gr_sbuf *b, const char *s)
{
    gr_sbuf_add(b, s, strlen(s));
}

void gr_sbuf_printf(gr_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    size_t n;
    unsigned min;
    unsigned c;
    if ((s[0] & 0xE0) == 0xC0)
        n = 2, min = 0x80, c = s[0] & 0x1F;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, min = 0x800, c = s[0] & 0x0F;
    else if ((s[0] & 0xF8) == 0xF0)
        n = 4, min = 0x10000, c = s[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return n;
}

void gr_sbuf_json_str(gr_sbuf *b, const char *s)
{
    if (!s) {
        gr_sbuf_puts(b, "null");
        return;
    }
    gr_sbuf_add(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_len(p);
        if (n == 0) {
            gr_sbuf_puts(b, "\\ufffd");
            p++;
        } else if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            gr_sbuf_add(b, e, 2);
            p++;
        } else if (*p < 0x20 || *p == 0x7F) {
            gr_sbuf_printf(b, "\\u%04x", *p);
            p++;
        } else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            /* U+2028/2029 are valid JSON but end a line in older JavaScript */
            gr_sbuf_printf(b, "\\u%04x", 0x2000 + (p[2] - 0x80));
            p += 3;
        } else {
            gr_sbuf_add(b, p, n);
            p += n;
        }
    }
    gr_sbuf_add(b, "\"", 1);
}

void gr_sbuf_json_diags(gr_sbuf *b, const gr_diags *d)
{
    gr_sbuf_puts(b, "\"diagnostics\":[");
    for (size_t i = 0; i < d->n; i++) {
        char *j = gr_diag_json(&d->items[i]);
        if (i) gr_sbuf_add(b, ",", 1);
        gr_sbuf_puts(b, j);
        free(j);
    }
    gr_sbuf_add(b, "]", 1);
}

char *gr_sbuf_take(gr_sbuf *b, size_t *len)
{
    if (!b->data) reserve(b, 0), b->data[0] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void gr_sbuf_free(gr_sbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
