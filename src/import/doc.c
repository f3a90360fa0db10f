/* doc: the block document (see doc.h). Readers append paragraphs and rows; every string is
 * copied with only the characters XML 1.0 allows. */
#include "import/doc.h"

#include "import/text.h"

#include <stdlib.h>
#include <string.h>

gr_import_doc *gr_import_doc_new(void)
{
    return gr_xcalloc(1, sizeof(gr_import_doc));
}

void gr_import_doc_free(gr_import_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++) {
        gr_import_block *b = &doc->items[i];
        free(b->text);
        for (size_t c = 0; c < b->ncells; c++)
            free(b->cells[c].text);
        free(b->cells);
    }
    free(doc->items);
    free(doc->doc_title);
    free(doc->published);
    free(doc);
}

static gr_import_block *add_block(gr_import_doc *doc, gr_block_kind kind, int line)
{
    gr_grow((void **)&doc->items, &doc->cap, doc->n + 1, sizeof(gr_import_block));
    gr_import_block *b = &doc->items[doc->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = line;
    return b;
}


/* A copy holding only characters XML 1.0 allows: a published page may carry control
 * characters or broken bytes, and the report written from it must stay well-formed. */
static char *xml_clean(const char *s)
{
    gr_buf b = {0};
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE ||
            c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
            continue;
        gr_buf_add(&b, q, (size_t)(p - q));
    }
    gr_buf_add(&b, "", 0);
    return b.s;
}

void gr_import_doc_para(gr_import_doc *doc, const char *text, int line, bool heading)
{
    char *clean = xml_clean(text);
    char *kept = gr_import_trim(clean, strlen(clean));
    free(clean);
    if (!*kept) {
        free(kept); /* nothing left: no paragraph (the schema wants text in each) */
        return;
    }
    gr_import_block *b = add_block(doc, GR_BLOCK_PARA, line);
    b->text = kept;
    b->heading = heading;
}

gr_import_block *gr_import_doc_row(gr_import_doc *doc, int line)
{
    return add_block(doc, GR_BLOCK_ROW, line);
}

void gr_import_row_cell(gr_import_block *row, const char *text, int line)
{
    size_t cap = row->ncells; /* exact growth: rows are short */
    gr_grow((void **)&row->cells, &cap, row->ncells + 1, sizeof(gr_import_cell));
    row->cells[row->ncells].text = xml_clean(text);
    row->cells[row->ncells].line = line;
    row->ncells++;
}

char *gr_import_collapse(const char *s, size_t n)
{
    gr_buf b = {0};
    const char *p = s, *end = s + n;
    bool run = false, newline = false, nbsp = false;
    int32_t prev = 0;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, (size_t)(end - p));
        if (c < 0)
            continue;
        if (gr_is_space(c, GR_SPACE_HTML)) {
            run = true;
            newline |= c == '\n' || c == '\r';
            nbsp |= c == 0xA0;
            continue;
        }
        if (c == 0x3000 && b.len == 0)
            continue; /* indentation */
        /* A line break of the source between two wide characters is no space (CSS Text 3
         * segment break rule): Word wraps its HTML source in the middle of sentences. */
        if (run && b.len > 0 && !(newline && !nbsp && gr_is_wide(prev) && gr_is_wide(c)))
            gr_buf_add(&b, " ", 1);
        run = newline = nbsp = false;
        gr_buf_add(&b, q, (size_t)(p - q));
        prev = c;
    }
    /* Trailing ideographic spaces. */
    while (b.len >= 3 && !memcmp(b.s + b.len - 3, "\xE3\x80\x80", 3))
        b.len -= 3;
    gr_buf_add(&b, "", 0);
    return b.s;
}
