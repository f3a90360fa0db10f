/* diag: collects diagnostics from every stage and prints them in one place, sorted by
 * position: the GNU form editors jump to, or JSON lines for scripts. */
#include "base/diag.h"

#include "base/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void gr_diags_init(gr_diags *d)
{
    memset(d, 0, sizeof *d);
}

void gr_diags_free(gr_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].code);
        free(d->items[i].message);
        free(d->items[i].hint);
        free(d->items[i].element);
        free(d->items[i].attribute);
        free(d->items[i].row_label);
        free(d->items[i].column_label);
    }
    free(d->items);
    size_t limit = d->limit;
    memset(d, 0, sizeof *d);
    d->limit = limit;
}

void gr_diags_move(gr_diags *to, gr_diags *from)
{
    size_t limit = to->limit ? to->limit : GR_DIAG_LIMIT;
    for (size_t i = 0; i < from->n; i++) {
        if (to->n >= limit) {
            to->dropped++;
            to->dropped_errors += from->items[i].severity == GR_SEV_ERROR;
            continue;
        }
        gr_grow((void **)&to->items, &to->cap, to->n + 1, sizeof(gr_diag));
        to->items[to->n++] = from->items[i];
        memset(&from->items[i], 0, sizeof from->items[i]); /* owned by to now */
    }
    to->dropped += from->dropped;
    to->dropped_errors += from->dropped_errors;
    gr_diags_free(from);
}

void gr_diag_add(gr_diags *d, gr_severity sev, const char *file, int line, int col,
                 const char *code, const char *fmt, ...)
{
    size_t limit = d->limit ? d->limit : GR_DIAG_LIMIT;
    if (d->n >= limit) {
        d->dropped++;
        d->dropped_errors += sev == GR_SEV_ERROR; /* the count stays honest */
        return;
    }
    gr_grow((void **)&d->items, &d->cap, d->n + 1, sizeof(gr_diag));
    gr_diag *g = &d->items[d->n++];
    memset(g, 0, sizeof *g);
    g->file = file ? gr_xstrdup(file) : NULL;
    g->line = line;
    g->col = col;
    g->severity = sev;
    g->code = gr_xstrdup(code ? code : "E-UNKNOWN");
    g->row = g->column = -1;
    g->unit = "line";
    va_list ap;
    va_start(ap, fmt);
    g->message = gr_xvasprintf(fmt, ap);
    va_end(ap);
}

void gr_diag_hint(gr_diags *d, const char *fmt, ...)
{
    if (d->n == 0 || d->dropped)
        return;
    gr_diag *g = &d->items[d->n - 1];
    free(g->hint);
    va_list ap;
    va_start(ap, fmt);
    g->hint = gr_xvasprintf(fmt, ap);
    va_end(ap);
}

static char *dup_or_null(const char *s)
{
    return s ? gr_xstrdup(s) : NULL;
}

void gr_diag_cell(gr_diags *d, int table, int row, int column, const char *element,
                  const char *attribute, const char *row_label, const char *column_label)
{
    if (d->n == 0 || d->dropped)
        return;
    gr_diag *g = &d->items[d->n - 1];
    g->table = table;
    g->row = row;
    g->column = column;
    free(g->element);
    free(g->attribute);
    free(g->row_label);
    free(g->column_label);
    g->element = dup_or_null(element);
    g->attribute = dup_or_null(attribute);
    g->row_label = dup_or_null(row_label);
    g->column_label = dup_or_null(column_label);
}

void gr_diag_prose(gr_diags *d, int section, int paragraph)
{
    if (d->n == 0 || d->dropped)
        return;
    d->items[d->n - 1].section = section;
    d->items[d->n - 1].paragraph = paragraph;
}

static size_t count(const gr_diags *d, gr_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].severity == sev;
    return n;
}

size_t gr_diags_errors(const gr_diags *d)
{
    return count(d, GR_SEV_ERROR) + d->dropped_errors;
}

size_t gr_diags_warnings(const gr_diags *d)
{
    return count(d, GR_SEV_WARNING);
}

static int cmp_pos(const gr_diag *a, const gr_diag *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

void gr_diags_sort(gr_diags *d)
{
    /* Insertion sort: stable, and diagnostics arrive nearly sorted. */
    for (size_t i = 1; i < d->n; i++) {
        gr_diag g = d->items[i];
        size_t j = i;
        while (j > 0 && cmp_pos(&d->items[j - 1], &g) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
}

static const char *sev_word(gr_severity s)
{
    switch (s) {
    case GR_SEV_ERROR:
        return "错误";
    case GR_SEV_WARNING:
        return "警告";
    default:
        return "注";
    }
}

static const char *sev_json(gr_severity s)
{
    switch (s) {
    case GR_SEV_ERROR:
        return "error";
    case GR_SEV_WARNING:
        return "warning";
    default:
        return "note";
    }
}

/* s for a terminal: control characters (C0, DEL, C1) and the bidirectional controls are
 * written as \xNN or \uNNNN, so that a file name or a quoted value can neither break the
 * one-line form nor drive the terminal (colours, cursor, reordered text). */
static void put_safe(gr_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p;
        while (*p && *p >= 0x20 && *p != 0x7F && !(p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) &&
               !(p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) &&
               !(p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
            p++;
        gr_buf_add(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        if (p[0] == 0xC2) {
            gr_buf_printf(b, "\\u%04X", p[1]);
            p += 2;
        } else if (p[0] == 0xE2) {
            gr_buf_printf(b, "\\u%04X", 0x2000 + ((p[1] & 0x3F) << 6) + (p[2] & 0x3F));
            p += 3;
        } else {
            gr_buf_printf(b, "\\x%02X", *p);
            p++;
        }
    }
}

char *gr_diag_safe(const char *s)
{
    gr_buf b = {0};
    put_safe(&b, s ? s : "");
    return b.s ? b.s : gr_xstrdup("");
}

char *gr_diag_format(const gr_diag *g)
{
    gr_buf b = {0};
    if (g->file) {
        put_safe(&b, g->file);
        gr_buf_puts(&b, ":");
    } else {
        gr_buf_puts(&b, "govreport:");
    }
    if (g->line > 0) {
        gr_buf_printf(&b, "%d:", g->line);
        if (g->col > 0)
            gr_buf_printf(&b, "%d:", g->col);
    }
    gr_buf_printf(&b, " %s：", sev_word(g->severity));
    put_safe(&b, g->message);
    gr_buf_printf(&b, " [%s]", g->code);
    if (g->hint) {
        gr_buf_puts(&b, "（提示：");
        put_safe(&b, g->hint);
        gr_buf_puts(&b, "）");
    }
    return b.s ? b.s : gr_xstrdup("");
}

/* s as a JSON string into b (NULL: null). */
static void json_string(gr_buf *b, const char *s)
{
    if (!s) {
        gr_buf_puts(b, "null");
        return;
    }
    gr_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            gr_buf_puts(b, "\\\"");
            break;
        case '\\':
            gr_buf_puts(b, "\\\\");
            break;
        case '\n':
            gr_buf_puts(b, "\\n");
            break;
        case '\t':
            gr_buf_puts(b, "\\t");
            break;
        default:
            if (*p < 0x20)
                gr_buf_printf(b, "\\u%04x", *p);
            else
                gr_buf_add(b, (const char *)p, 1);
        }
    }
    gr_buf_puts(b, "\"");
}

void gr_json_string(FILE *out, const char *s)
{
    gr_buf b = {0};
    json_string(&b, s);
    fputs(b.s, out);
    free(b.s);
}

char *gr_diag_json(const gr_diag *g)
{
    gr_buf b = {0};
    gr_buf_puts(&b, "{\"file\":");
    json_string(&b, g->file);
    gr_buf_printf(&b, ",\"line\":%d,\"col\":%d,\"severity\":\"%s\",\"code\":", g->line, g->col,
                  sev_json(g->severity));
    json_string(&b, g->code);
    gr_buf_puts(&b, ",\"message\":");
    json_string(&b, g->message);
    gr_buf_puts(&b, ",\"hint\":");
    json_string(&b, g->hint);
    /* Where it stands, only when known: lines of scripts that read the first fields stay. */
    if (g->unit && strcmp(g->unit, "line"))
        gr_buf_printf(&b, ",\"unit\":\"%s\"", g->unit);
    if (g->table) {
        gr_buf_printf(&b, ",\"table\":%d,\"row\":%d,\"column\":%d,\"element\":", g->table,
                      g->row, g->column);
        json_string(&b, g->element);
        gr_buf_puts(&b, ",\"attribute\":");
        json_string(&b, g->attribute);
        gr_buf_puts(&b, ",\"row_label\":");
        json_string(&b, g->row_label);
        gr_buf_puts(&b, ",\"column_label\":");
        json_string(&b, g->column_label);
    }
    if (g->section)
        gr_buf_printf(&b, ",\"section\":%d,\"paragraph\":%d", g->section, g->paragraph);
    gr_buf_puts(&b, "}");
    return b.s;
}

void gr_diags_print(const gr_diags *d, FILE *out, bool json)
{
    for (size_t i = 0; i < d->n; i++) {
        const gr_diag *g = &d->items[i];
        if (json) {
            char *obj = gr_diag_json(g);
            fprintf(out, "%s\n", obj);
            free(obj);
        } else {
            char *line = gr_diag_format(g);
            fprintf(out, "%s\n", line);
            free(line);
        }
    }
    if (d->dropped && !json)
        fprintf(out, "govreport: 另有 %zu 条诊断未显示（上限 %d 条）\n", d->dropped, GR_DIAG_LIMIT);
}
