/* pdf_page: a page of the display list → a PDF page and its content stream. Rules are
 * stroked paths; glyphs on one baseline in one font and size are one TJ array. The line's
 * usual gap between glyphs (a justified line's spacing) is its character spacing (Tc), and
 * a number in the array moves a glyph only where that leaves it more than half a
 * thousandth of a point from where the display list has it; no rounding is carried from
 * glyph to glyph. Content is marked for the structure tree (pdf_struct.c) and deflated at
 * GR_ZLEVEL_PAGE. */
#include "output/pdf_int.h"

#include <limits.h>
#include <math.h>

#define GR_TJ_MAX 1000 /* elements of a TJ array; readers may limit arrays to 8191 */
#define GR_TC_SAMPLE 12 /* gaps of an array looked at to choose its spacing */
#define GR_TC_EPS 0.0005 /* pt: how far the viewer may set a glyph from the display list's place */

/* v rounded to thousandths, as an integer: positions are written at that precision and
 * relative moves are differences of these, so no rounding error accumulates. */
static int64_t milli(double v)
{
    return gr_round(v * 1000.0);
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

/* A glyph's /W width as the viewer has it: the advance in thousandths of the em, rounded. */
static double glyph_width(const gr_fonts *f, const gr_glyph *g)
{
    return (double)(int64_t)(gr_fonts_advance(f, g->face, g->cp, 1000.0) + 0.5);
}

/* Whether glyph g goes into the open array of glyph a: the same face, size, baseline and
 * structure element (a mark change closes the array). */
static bool same_array(const gr_glyph *a, const gr_glyph *g, bool tagged)
{
    return g->face == a->face && g->size == a->size && milli(g->y) == milli(a->y) &&
           (!tagged || g->mark == a->mark);
}

/* The character spacing for the array that starts at glyph i, in millionths of a point:
 * the median gap the viewer must leave after a glyph for the next one to land where the
 * display list has it, then refined to the mean of the gaps near that median, so that a
 * justified line's spacing comes out exact to a millionth and its glyphs need no number;
 * a squeezed mark's gap differs from it and keeps its own number. */
static int64_t array_spacing(const gr_fonts *f, const gr_page *pg, const gr_pdf_face *uses,
                             size_t nfaces, size_t i, bool tagged, double sz)
{
    double gap[GR_TC_SAMPLE];
    size_t n = 0;
    const gr_glyph *a = &pg->glyphs[i], *prev = a;
    for (size_t j = i + 1; j < pg->nglyphs && n < GR_TC_SAMPLE; j++) {
        const gr_glyph *g = &pg->glyphs[j];
        if (!gr_glyph_drawable(g, nfaces) || !uses[g->face].n)
            continue;
        if (!same_array(a, g, tagged))
            break;
        gap[n++] = (double)(milli(g->x) - milli(prev->x)) / 1000.0 -
                   glyph_width(f, prev) / 1000.0 * sz;
        prev = g;
    }
    if (n == 0)
        return 0;
    for (size_t k = 1; k < n; k++) /* insertion sort: a line has a few dozen gaps */
        for (size_t m = k; m > 0 && gap[m - 1] > gap[m]; m--) {
            double t = gap[m];
            gap[m] = gap[m - 1];
            gap[m - 1] = t;
        }
    double med = gap[n / 2], sum = 0;
    size_t near = 0;
    for (size_t k = 0; k < n; k++)
        if (fabs(gap[k] - med) <= 2 * GR_TC_EPS) {
            sum += gap[k];
            near++;
        }
    return (int64_t)llround(sum / (double)near * 1e6);
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
     * by each glyph's /W width and the character spacing, and a number between two glyphs
     * moves the next one to its place (thousandths of the em, positive to the left) when
     * the viewer would otherwise set it more than GR_TC_EPS away. Each number is computed
     * from where the viewer stands after the previous ones, so rounding never accumulates.
     * Glyphs with no number between them share one string (<0A1B0A1C>, not <0A1B><0A1C>:
     * the same drawing in a third fewer bytes to write and deflate). */
    bool in_text = false, in_array = false, in_hex = false;
    int cur_face = -1;
    float cur_size = 0;
    double sz = 0;          /* the size as written, pt */
    int64_t tx = 0, ty = 0; /* the text line origin (Td), in thousandths of a point */
    double vx = 0;          /* where the viewer sets the array's next glyph, pt */
    int64_t tc = 0;         /* the character spacing in force, millionths of a point */
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
            int64_t want = array_spacing(f, pg, uses, nfaces, i, tg->on, sz);
            if (want != tc) {
                gr_buf_put_fixed(b, want, 6);
                put_op(b, " Tc\n");
                tc = want;
            }
            put_milli(b, x - tx);
            gr_buf_add(b, " ", 1);
            put_milli(b, y - ty);
            put_op(b, " Td [");
            tx = x;
            ty = y;
            vx = (double)x / 1000.0;
            in_array = true;
            nel = 0;
        } else if (fabs(vx - (double)x / 1000.0) > GR_TC_EPS) {
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
        gr_pdf_put_hex4(b, gr_pdf_face_code(&uses[g->face], g->cp));
        vx += glyph_width(f, g) / 1000.0 * sz + (double)tc / 1e6;
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
