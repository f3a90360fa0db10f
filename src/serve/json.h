/* json: a growable byte buffer and the JSON writing the server's answers need (strings
 * escaped, numbers, one diagnostic through gr_diag_json). Out of memory aborts, as in the
 * rest of the program. */
#ifndef GR_SERVE_JSON_H
#define GR_SERVE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "govreport.h"

typedef struct {
    char *data; /* NUL-terminated while len < cap */
    size_t len, cap;
} gr_sbuf;

void gr_sbuf_add(gr_sbuf *b, const void *p, size_t n);
void gr_sbuf_puts(gr_sbuf *b, const char *s);
void gr_sbuf_printf(gr_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string with its quotes; NULL as null. Bytes that are not UTF-8 become U+FFFD. */
void gr_sbuf_json_str(gr_sbuf *b, const char *s);
/* "diagnostics": [...] of d, each through gr_diag_json (d sorted first by the caller). */
void gr_sbuf_json_diags(gr_sbuf *b, const gr_diags *d);
/* Hands the buffer to the caller (never NULL), leaving b empty. */
char *gr_sbuf_take(gr_sbuf *b, size_t *len);
void gr_sbuf_free(gr_sbuf *b);

/* Out of memory: a message and abort (STYLE: "Out of memory aborts"). */
void *gr_serve_xmalloc(size_t n);
void *gr_serve_xrealloc(void *p, size_t n);
char *gr_serve_xstrdup(const char *s);

#endif
