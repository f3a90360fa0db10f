/* layout: the display list (pages of positioned glyphs and rules), the flow cursor that
 * paragraphs and tables advance down the 版心, and the page numbers of GB/T 9704 §7.5.
 * Also which glyphs and rules of the list are drawable: one decision for every writer. */
#include "layout/display.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gr_doc_face_chars(const gr_doc *doc, size_t nfaces, uint32_t **cps, size_t *n)
{
    uint64_t **bits = gr_xcalloc(nfaces ? nfaces : 1, sizeof *bits); /* a BMP bit set a face */
    for (size_t f = 0; f < nfaces; f++)
        n[f] = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (!gr_glyph_drawable(g, nfaces))
                continue;
            uint64_t **set = &bits[g->face];
            if (!*set)
                *set = gr_xcalloc(0x10000 / 64, sizeof **set);
            uint64_t bit = (uint64_t)1 << (g->cp & 63);
            if (!((*set)[g->cp >> 6] & bit)) {
                (*set)[g->cp >> 6] |= bit;
                n[g->face]++;
            }
        }
    }
    for (size_t f = 0; f < nfaces; f++) {
        cps[f] = NULL;
        if (!n[f])
            continue;
        cps[f] = gr_xmalloc(n[f] * sizeof **cps);
        size_t k = 0;
        for (uint32_t w = 0; w < 0x10000 / 64; w++)
            for (uint64_t b = bits[f][w]; b; b &= b - 1) /* each set bit, lowest first */
                cps[f][k++] = w * 64 + (uint32_t)__builtin_ctzll(b);
        free(bits[f]);
    }
    free(bits);
}

bool gr_rule_drawable(const gr_rule *r)
{
    return gr_coord_on_page(r->x0) && gr_coord_on_page(r->y0) && gr_coord_on_page(r->x1) &&
           gr_coord_on_page(r->y1) && r->width > 0 && r->width <= GR_RULE_WIDTH_MAX;
}

gr_doc *gr_doc_new(void)
{
    return gr_xcalloc(1, sizeof(gr_doc));
}

void gr_doc_free(gr_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->npages; i++) {
        free(doc->pages[i].glyphs);
        free(doc->pages[i].rules);
    }
    free(doc->pages);
    for (size_t i = 0; i < doc->noutline; i++)
        free(doc->outline[i].title);
    free(doc->outline);
    free(doc->title);
    free(doc->author);
    free(doc->subject);
    free(doc->date);
    free(doc->lang);
    free(doc->elems);
    free(doc);
}

gr_page *gr_doc_add_page(gr_doc *doc)
{
    gr_grow((void **)&doc->pages, &doc->cappages, doc->npages + 1, sizeof(gr_page));
    gr_page *pg = &doc->pages[doc->npages++];
    memset(pg, 0, sizeof *pg);
    pg->number = (int)doc->npages;
    pg->doc = doc;
    return pg;
}

void gr_doc_add_outline(gr_doc *doc, const char *title, int level, int page, double y)
{
    gr_grow((void **)&doc->outline, &doc->capoutline, doc->noutline + 1, sizeof(gr_outline_entry));
    gr_outline_entry *e = &doc->outline[doc->noutline++];
    e->title = gr_xstrdup(title);
    e->level = level;
    e->page = page;
    e->y = y;
}

void gr_page_add_glyph(gr_page *pg, uint32_t cp, int face, double size, double x, double y)
{
    gr_grow((void **)&pg->glyphs, &pg->capglyphs, pg->nglyphs + 1, sizeof(gr_glyph));
    pg->glyphs[pg->nglyphs++] = (gr_glyph){cp, face, (float)size, x, y, pg->doc ? pg->doc->mark : 0};
}

void gr_page_add_rule(gr_page *pg, double x0, double y0, double x1, double y1, double width)
{
    gr_grow((void **)&pg->rules, &pg->caprules, pg->nrules + 1, sizeof(gr_rule));
    pg->rules[pg->nrules++] = (gr_rule){x0, y0, x1, y1, width, pg->doc ? pg->doc->mark : 0};
}

int gr_doc_struct_add(gr_doc *doc, int parent, gr_struct_type type)
{
    if (!doc->nelems) { /* the root, element 0 */
        gr_grow((void **)&doc->elems, &doc->capelems, 1, sizeof(gr_struct_elem));
        doc->elems[doc->nelems++] = (gr_struct_elem){GR_S_DOCUMENT, -1, GR_SCOPE_NONE, 1, 1};
    }
    gr_grow((void **)&doc->elems, &doc->capelems, doc->nelems + 1, sizeof(gr_struct_elem));
    doc->elems[doc->nelems] = (gr_struct_elem){type, parent, GR_SCOPE_NONE, 1, 1};
    return (int)doc->nelems++;
}

int gr_doc_struct_open(gr_doc *doc, gr_struct_type type)
{
    int e = gr_doc_struct_add(doc, doc->open, type);
    doc->open = doc->mark = e;
    return e;
}

void gr_doc_struct_close(gr_doc *doc)
{
    if (doc->open > 0)
        doc->open = doc->elems[doc->open].parent;
    /* the root owns no content of its own: what follows is furniture until opened */
    doc->mark = doc->open > 0 ? doc->open : GR_MARK_LAYOUT;
}

int gr_doc_set_mark(gr_doc *doc, int mark)
{
    int old = doc->mark;
    doc->mark = mark;
    return old;
}

void gr_flow_init(gr_flow *fl, gr_doc *doc, const gr_fonts *fonts)
{
    fl->doc = doc;
    fl->fonts = fonts;
    fl->page = gr_doc_add_page(doc);
    fl->y = 0;
}

void gr_flow_new_page(gr_flow *fl)
{
    fl->page = gr_doc_add_page(fl->doc);
    fl->y = 0;
}

double gr_flow_room(const gr_flow *fl)
{
    return GR_BLOCK_H - fl->y;
}

double gr_flow_pdf_y(double from_top)
{
    return GR_BLOCK_TOP - from_top;
}

/* docs/typography.md §10: "— N —", 宋体 四号 digits, each dash a 14 pt × 0.6 pt rule, 7 pt gaps,
 * dash centre 7 mm below the block; odd pages flush right inset one character, even pages
 * flush left inset one character. */
#define GR_PAGENUM_DASH 14.0
#define GR_PAGENUM_GAP 7.0
#define GR_PAGENUM_RULE 0.6

void gr_layout_page_numbers(gr_doc *doc, const gr_fonts *fonts)
{
    int mark = gr_doc_set_mark(doc, GR_MARK_PAGINATION);
    const double size = GR_PAGENUM_SIZE;
    const double yc = GR_BLOCK_BOTTOM - 7.0 * GR_MM;
    for (size_t i = 0; i < doc->npages; i++) {
        gr_page *pg = &doc->pages[i];
        char digits[24];
        snprintf(digits, sizeof digits, "%d", pg->number);
        double dw = 0;
        int face0 = gr_fonts_face_for(fonts, GR_ROLE_PAGENUM, '0');
        for (const char *p = digits; *p; p++) {
            int face = gr_fonts_face_for(fonts, GR_ROLE_PAGENUM, (uint32_t)*p);
            dw += face >= 0 ? gr_fonts_advance(fonts, face, (uint32_t)*p, size) : size / 2;
        }
        double total = 2 * GR_PAGENUM_DASH + 2 * GR_PAGENUM_GAP + dw;
        double x = (pg->number % 2) ? GR_BLOCK_X1 - GR_CHAR_PITCH - total
                                    : GR_BLOCK_X0 + GR_CHAR_PITCH;
        gr_page_add_rule(pg, x, yc, x + GR_PAGENUM_DASH, yc, GR_PAGENUM_RULE);
        x += GR_PAGENUM_DASH + GR_PAGENUM_GAP;
        double h = face0 >= 0 ? gr_fonts_digit_height(fonts, face0) : 0.70;
        double baseline = yc - h * size / 2;
        for (const char *p = digits; *p; p++) {
            int face = gr_fonts_face_for(fonts, GR_ROLE_PAGENUM, (uint32_t)*p);
            if (face >= 0)
                gr_page_add_glyph(pg, (uint32_t)*p, face, size, x, baseline);
            x += face >= 0 ? gr_fonts_advance(fonts, face, (uint32_t)*p, size) : size / 2;
        }
        x += GR_PAGENUM_GAP;
        gr_page_add_rule(pg, x, yc, x + GR_PAGENUM_DASH, yc, GR_PAGENUM_RULE);
    }
    gr_doc_set_mark(doc, mark);
}
