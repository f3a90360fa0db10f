/* pdf_struct: the tagging of the PDF (ISO 32000-1, 14.7-14.8). The display list's marks
 * become marked content on the pages (gr_pdf_mark_begin, called as each page is drawn),
 * and its structure elements a structure tree beside them: each element's kids are its
 * child elements and its marked content, and a ParentTree leads back from each page's
 * MCIDs. What PDF/A-1a and a screen reader read. */
#include "output/pdf_int.h"

#include <stdlib.h>
#include <string.h>

/* PDF's standard structure type of each gr_struct_type (ISO 32000-1, 14.8.4). */
static const char *const struct_names[GR_S_TYPES] = {
    "Document", "H1", "H2", "H3", "P", "Span", "Table", "THead", "TBody", "TR", "TH", "TD",
};

void gr_pdf_mark_begin(gr_buf *b, gr_pdf_tagging *tg, int page, int mark)
{
    if (mark > 0 && (size_t)mark < tg->doc->nelems) {
        gr_grow((void **)&tg->mc, &tg->capmc, tg->nmc + 1, sizeof *tg->mc);
        tg->mc[tg->nmc++] = (gr_pdf_mcitem){mark, page, tg->nextmcid};
        gr_buf_add(b, "/", 1);
        gr_buf_puts(b, struct_names[tg->doc->elems[mark].type]);
        gr_buf_puts(b, " <</MCID ");
        gr_pdf_put_uint(b, (size_t)tg->nextmcid++);
        gr_buf_puts(b, ">> BDC\n");
    } else if (mark == GR_MARK_PAGINATION) {
        gr_buf_puts(b, "/Artifact <</Type /Pagination>> BDC\n");
    } else {
        gr_buf_puts(b, "/Artifact <</Type /Layout>> BDC\n");
    }
}

/* ---- the structure tree (ISO 32000-1, 14.7) ----
 * Each element of doc->elems becomes a StructElem; its kids are its child elements, then
 * its own marked content (a Span before the rest of its paragraph), as MCIDs on its /Pg
 * page or marked-content references to other pages. The ParentTree maps each page's MCIDs
 * back to their elements. A report has some 400 elements, each an object of its own
 * (PDF/A-1 allows no object streams), so their dictionaries are written here, compactly,
 * instead of by libharu's writer: a quarter of the bytes. */

/* " 12 0 R" without the leading space when first */
static void put_ref(gr_buf *b, unsigned id, bool first)
{
    if (!first)
        gr_buf_add(b, " ", 1);
    gr_pdf_put_uint(b, id);
    gr_buf_add(b, " 0 R", 4);
}

static void put_cell_attrs(gr_buf *b, const gr_struct_elem *e)
{
    if (e->type != GR_S_TH && e->type != GR_S_TD)
        return;
    if (e->scope == GR_SCOPE_NONE && e->rowspan <= 1 && e->colspan <= 1)
        return;
    gr_buf_puts(b, "/A<</O/Table");
    if (e->scope != GR_SCOPE_NONE)
        gr_buf_puts(b, e->scope == GR_SCOPE_ROW ? "/Scope/Row" : "/Scope/Column");
    if (e->rowspan > 1) {
        gr_buf_puts(b, "/RowSpan ");
        gr_pdf_put_uint(b, (size_t)e->rowspan);
    }
    if (e->colspan > 1) {
        gr_buf_puts(b, "/ColSpan ");
        gr_pdf_put_uint(b, (size_t)e->colspan);
    }
    gr_buf_puts(b, ">>");
}

gr_pdf_err gr_pdf_structure_add(gr_pdf_doc *pdf, const gr_doc *doc, gr_pdf_tagging *tg,
                                gr_pdf_obj **pages)
{
    size_t ne = doc->nelems;
    gr_pdf_obj *root = gr_pdf_dict_new(pdf);
    if (!root || gr_pdf_add_indirect(pdf, root) != GR_PDF_OK)
        return GR_PDF_ENOMEM;
    gr_pdf_obj **el = gr_xcalloc(ne + 1, sizeof *el);
    gr_pdf_err ret = GR_PDF_OK;
    for (size_t e = 0; e < ne && ret == GR_PDF_OK; e++) {
        el[e] = gr_pdf_dict_new(pdf);
        if (!el[e] || gr_pdf_add_indirect(pdf, el[e]) != GR_PDF_OK)
            ret = GR_PDF_ENOMEM;
    }
    if (ret != GR_PDF_OK) {
        free(el);
        return ret;
    }
    /* each element's marked content and child elements, by counting sort */
    size_t *mfirst = gr_xcalloc(ne + 1, sizeof *mfirst), *kfirst = gr_xcalloc(ne + 1, sizeof *kfirst);
    size_t *morder = gr_xcalloc(tg->nmc + 1, sizeof *morder), *korder = gr_xcalloc(ne + 1, sizeof *korder);
    for (size_t i = 0; i < tg->nmc; i++)
        mfirst[tg->mc[i].elem + 1]++;
    for (size_t e = 1; e < ne; e++)
        kfirst[doc->elems[e].parent + 1]++;
    for (size_t e = 0; e < ne; e++) {
        mfirst[e + 1] += mfirst[e];
        kfirst[e + 1] += kfirst[e];
    }
    size_t *mfill = gr_xmalloc((ne + 1) * sizeof *mfill), *kfill = gr_xmalloc((ne + 1) * sizeof *kfill);
    memcpy(mfill, mfirst, (ne + 1) * sizeof *mfill);
    memcpy(kfill, kfirst, (ne + 1) * sizeof *kfill);
    for (size_t i = 0; i < tg->nmc; i++)
        morder[mfill[tg->mc[i].elem]++] = i;
    for (size_t e = 1; e < ne; e++)
        korder[kfill[doc->elems[e].parent]++] = e;

    /* the bodies, one after another in tg->bodies (NUL-separated); offsets first, since
     * the buffer moves while it grows */
    gr_buf *b = &tg->bodies;
    size_t *at = gr_xmalloc((ne + 1) * sizeof *at);
    for (size_t e = 0; e < ne; e++) {
        const gr_struct_elem *se = &doc->elems[e];
        at[e] = b->len;
        gr_buf_puts(b, "/S/");
        gr_buf_puts(b, struct_names[se->type]);
        gr_buf_puts(b, "/P ");
        put_ref(b, gr_pdf_obj_id(e == 0 ? root : el[se->parent]), true);
        size_t nm = mfirst[e + 1] - mfirst[e], nk = kfirst[e + 1] - kfirst[e];
        int pg = nm ? tg->mc[morder[mfirst[e]]].page : -1;
        if (pg >= 0) {
            gr_buf_puts(b, "/Pg ");
            put_ref(b, gr_pdf_obj_id(pages[pg]), true);
        }
        if (nm + nk)
            gr_buf_puts(b, nm + nk > 1 ? "/K[" : "/K ");
        for (size_t k = kfirst[e]; k < kfirst[e + 1]; k++)
            put_ref(b, gr_pdf_obj_id(el[korder[k]]), k == kfirst[e]);
        for (size_t k = mfirst[e]; k < mfirst[e + 1]; k++) {
            const gr_pdf_mcitem *m = &tg->mc[morder[k]];
            if (k > mfirst[e] || nk)
                gr_buf_add(b, " ", 1);
            if (m->page != pg) { /* content on another page: a marked-content reference */
                gr_buf_puts(b, "<</Type/MCR/Pg ");
                put_ref(b, gr_pdf_obj_id(pages[m->page]), true);
                gr_buf_puts(b, "/MCID ");
            }
            gr_pdf_put_uint(b, (size_t)m->mcid);
            if (m->page != pg)
                gr_buf_puts(b, ">>");
        }
        if (nm + nk > 1)
            gr_buf_puts(b, "]");
        put_cell_attrs(b, se);
        gr_buf_add(b, "\n", 1);
        b->s[b->len - 1] = '\0';
    }
    /* the root, with the ParentTree: page i (its /StructParents) → the elements of its
     * MCIDs, in order */
    size_t root_at = b->len;
    gr_buf_puts(b, "/Type/StructTreeRoot/K ");
    put_ref(b, gr_pdf_obj_id(el[0]), true);
    gr_buf_puts(b, "/ParentTreeNextKey ");
    gr_pdf_put_uint(b, doc->npages);
    gr_buf_puts(b, "/ParentTree<</Nums[");
    size_t i = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        if (p)
            gr_buf_add(b, " ", 1);
        gr_pdf_put_uint(b, p);
        gr_buf_add(b, "[", 1);
        for (size_t first = i; i < tg->nmc && tg->mc[i].page == (int)p; i++)
            put_ref(b, gr_pdf_obj_id(el[tg->mc[i].elem]), i == first);
        gr_buf_puts(b, "]");
        ret |= gr_pdf_dict_add_int(pages[p], "StructParents", (long)p);
    }
    gr_buf_puts(b, "]>>\n");
    b->s[b->len - 1] = '\0';
    for (size_t e = 0; e < ne; e++)
        gr_pdf_set_body(el[e], b->s + at[e]);
    gr_pdf_set_body(root, b->s + root_at);

    gr_pdf_obj *catalog = gr_pdf_catalog(pdf);
    ret |= gr_pdf_dict_add(catalog, "StructTreeRoot", root);
    gr_pdf_obj *markinfo = gr_pdf_dict_new(pdf);
    ret |= markinfo ? gr_pdf_dict_add(markinfo, "Marked", gr_pdf_bool(pdf, true)) : GR_PDF_ENOMEM;
    ret |= gr_pdf_dict_add(catalog, "MarkInfo", markinfo);
    free(at);
    free(el);
    free(mfirst);
    free(morder);
    free(kfirst);
    free(korder);
    free(mfill);
    free(kfill);
    return ret;
}
