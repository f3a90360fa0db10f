/* pdf_page: a page of the display list → a PDF page and its content stream. Rules are
 * stroked paths; glyphs on one baseline in one font and size are one TJ array whose
 * numbers place each glyph where the display list has it, in thousandths of a point, with
 * no rounding carried from glyph to glyph. Content is marked for the structure tree
 * (pdf_struct.c) and deflated at GR_ZLEVEL_PAGE. */
#include "output/pdf_int.h"

#include <limits.h>
#include <math.h>

#define GR_TJ_MAX 1000 /* elements of a TJ array; readers may limit arrays to 8191 */

/* v rounded to thousandths, as an integer: positions are written at that precision and
 * relative moves are differences of these, so no rounding error accumulates. */
static int64_t milli(double v)
{
    return (int64_t)llround(v * 1000.0);
}

/* A number in thousandths, as PDF writes reals: "-12.5", "0.001", "16". */
static void put_milli(gr_buf *b, int64_t m)
{
    gr_buf_put_milli(b, m);
}

static void put_num(gr_buf *b, double v)
{
    put_milli(b, milli(v));
}

static void put_op(gr_buf *b, const char *op)
{
    gr_buf_puts(b, op);
}

gr_pdf_err gr_pdf_page_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, const gr_fonts *f, const gr_page *pg,
                           gr_pdf_obj *fonts, const gr_pdf_face *uses, size_t nfaces, gr_buf *b,
                           gr_pdf_tagging *tg, int pageno, gr_pdf_obj **pageobj)
{
    gr_pdf_obj *page;
    gr_pdf_err ret = gr_pdf_page_new(pdf, GR_PAGE_W, GR_PAGE_H, fonts, &page);
    *pageobj = page;
    if (ret != GR_PDF_OK)
        return ret;

    b->len = 0;
    /* Marked content: a sequence per run of one mark (ISO 32000-1, 14.6), never crossing a
     * path or a text object's bounds. */
    tg->nextmcid = 0;
    int cur = INT_MIN;
    bool in_mc = false;
    if (pg->nrules) {
        /* projecting square caps: rules centred on cell edges meet cleanly at every join */
        put_op(b, "2 J\n");
        int64_t width = -1;
        bool path = false;
        for (size_t i = 0; i < pg->nrules; i++) {
            const gr_rule *r = &pg->rules[i];
            if (!gr_rule_drawable(r))
                continue;
            if (tg->on && r->mark != cur) {
                if (path)
                    put_op(b, "S\n");
                path = false;
                if (in_mc)
                    put_op(b, "EMC\n");
                gr_pdf_mark_begin(b, tg, pageno, r->mark);
                in_mc = true;
                cur = r->mark;
            }
            if (milli(r->width) != width) {
                if (path)
                    put_op(b, "S\n");
                path = false;
                width = milli(r->width);
                put_milli(b, width);
                put_op(b, " w\n");
            }
            path = true;
            put_num(b, r->x0);
            put_op(b, " ");
            put_num(b, r->y0);
            put_op(b, " m\n");
            put_num(b, r->x1);
            put_op(b, " ");
            put_num(b, r->y1);
            put_op(b, " l\n");
        }
        if (path)
            put_op(b, "S\n");
        if (in_mc)
            put_op(b, "EMC\n");
        in_mc = false;
        cur = INT_MIN;
    }

    /* Glyphs on one baseline in one font and size form one TJ array: the viewer advances
     * by each glyph's /W width, and a number between two glyphs moves the next one to its
     * place (thousandths of the em, positive to the left). Each number is computed from
     * where the viewer stands after the previous ones, so rounding never accumulates.
     * Glyphs with no number between them share one string (<0A1B0A1C>, not <0A1B><0A1C>:
     * the same drawing in a third fewer bytes to write and deflate). */
    bool in_text = false, in_array = false, in_hex = false;
    int cur_face = -1;
    float cur_size = 0;
    double sz = 0;          /* the size as written, pt */
    int64_t tx = 0, ty = 0; /* the text line origin (Td), in thousandths of a point */
    double vx = 0;          /* where the viewer sets the array's next glyph, pt */
    size_t nel = 0;         /* elements in the open array */
    for (size_t i = 0; i < pg->nglyphs; i++) {
        const gr_glyph *g = &pg->glyphs[i];
        if (!gr_glyph_drawable(g, nfaces) || !uses[g->face].n)
            continue;
        if (!in_text) {
            put_op(b, "BT\n");
            in_text = true;
        }
        if (tg->on && g->mark != cur) {
            if (in_array)
                put_op(b, in_hex ? ">] TJ\n" : "] TJ\n");
            in_array = in_hex = false;
            if (in_mc)
                put_op(b, "EMC\n");
            gr_pdf_mark_begin(b, tg, pageno, g->mark);
            in_mc = true;
            cur = g->mark;
        }
        int64_t x = milli(g->x), y = milli(g->y);
        bool font = g->face != cur_face || g->size != cur_size;
        if (in_array && (font || y != ty || nel >= GR_TJ_MAX)) {
            put_op(b, in_hex ? ">] TJ\n" : "] TJ\n");
            in_array = in_hex = false;
        }
        if (font) {
            gr_buf_add(b, "/", 1);
            put_op(b, uses[g->face].res);
            gr_buf_add(b, " ", 1);
            put_num(b, g->size);
            put_op(b, " Tf\n");
            cur_face = g->face;
            cur_size = g->size;
            sz = (double)milli(g->size) / 1000.0;
        }
        if (!in_array) {
            put_milli(b, x - tx);
            gr_buf_add(b, " ", 1);
            put_milli(b, y - ty);
            put_op(b, " Td [");
            tx = x;
            ty = y;
            vx = (double)x / 1000.0;
            in_array = true;
            nel = 0;
        } else {
            int64_t k = llround((vx - (double)x / 1000.0) * 1e6 / sz);
            if (k) {
                if (in_hex)
                    gr_buf_add(b, ">", 1);
                in_hex = false;
                put_milli(b, k);
                vx -= (double)k / 1e6 * sz;
                nel++;
            }
        }
        if (!in_hex)
            gr_buf_add(b, "<", 1);
        in_hex = true;
        gr_pdf_put_hex4(b, gr_font_subset_code(&uses[g->face].sub, g->cp));
        vx += (double)lround(gr_fonts_advance(f, g->face, g->cp, 1000.0)) / 1000.0 * sz;
        nel++;
    }
    if (in_array)
        put_op(b, in_hex ? ">] TJ\n" : "] TJ\n");
    if (in_mc)
        put_op(b, "EMC\n");
    if (in_text)
        put_op(b, "ET\n");
    if (!b->len)
        return GR_PDF_OK;
    z->out.len = 0;
    if (!gr_deflate(GR_ZLEVEL_PAGE, (const unsigned char *)b->s, b->len, &z->out))
        return GR_PDF_ENOMEM;
    return gr_pdf_page_contents(pdf, page, &z->out);
}
