/* pdf_out: the display list → a PDF/A-1a file, tagged, in memory or written atomically
 * (base/file.h). This file runs the writer's jobs in order: the fonts (pdf_font.c), the
 * pages (pdf_page.c), the outline and the reader's preferences (here), the info
 * dictionary and PDF/A's metadata (pdf_meta.c), the structure tree (pdf_struct.c), all
 * as objects of pdf_haru.c, the adapter to libharu, which saves the file. */
#include "output/pdf_out.h"

#include "output/pdf_int.h"

#include <stdlib.h>
#include <string.h>

/* The outline: an entry for each heading, level 1 under the last of level 0. */
static gr_pdf_err add_outline(gr_pdf_doc *pdf, const gr_doc *doc, gr_pdf_obj **pages)
{
    gr_pdf_obj *parents[2] = {NULL, NULL}; /* the last entry of level 0 */
    for (size_t i = 0; i < doc->noutline; i++) {
        const gr_outline_entry *e = &doc->outline[i];
        if (e->page < 0 || (size_t)e->page >= doc->npages || !e->title)
            continue;
        gr_pdf_obj *parent = e->level > 0 && parents[0] ? parents[0] : NULL;
        gr_pdf_obj *o = gr_pdf_outline_new(pdf, parent);
        if (!o)
            return gr_pdf_doc_error(pdf);
        gr_pdf_obj *title = gr_pdf_text(pdf, e->title);
        if (!title || gr_pdf_dict_add(o, "Title", title) != GR_PDF_OK)
            return gr_pdf_doc_error(pdf);
        /* [page /XYZ null top null]: keep the reader's zoom and horizontal position,
         * which libharu's HPDF_Destination_SetXYZ cannot express */
        /* a direct array: libharu's destinations are indirect objects, which PDFBox's
         * PDF/A validator cannot read as an outline's /Dest */
        gr_pdf_obj *dst = gr_pdf_array_new(pdf);
        if (!dst)
            return gr_pdf_doc_error(pdf);
        gr_pdf_err ret = gr_pdf_array_add(dst, pages[e->page]);
        ret |= gr_pdf_array_add_name(dst, "XYZ");
        ret |= gr_pdf_array_add(dst, gr_pdf_null(pdf));
        ret |= gr_pdf_array_add_real(dst, gr_coord_on_page(e->y) ? e->y : GR_PAGE_H);
        ret |= gr_pdf_array_add(dst, gr_pdf_null(pdf));
        if (ret != GR_PDF_OK || gr_pdf_dict_add(o, "Dest", dst) != GR_PDF_OK)
            return gr_pdf_doc_error(pdf);
        if (e->level == 0)
            parents[0] = o;
    }
    return GR_PDF_OK;
}

/* The catalog entries a reader and a screen reader use: the language, and the title
 * (not the file name) in the window. */
static gr_pdf_err add_reading(gr_pdf_doc *pdf, const gr_doc *doc)
{
    gr_pdf_obj *catalog = gr_pdf_catalog(pdf);
    gr_pdf_err ret = GR_PDF_OK;
    if (doc->lang && *doc->lang)
        ret |= gr_pdf_dict_add(catalog, "Lang", gr_pdf_string(pdf, doc->lang));
    gr_pdf_obj *prefs = gr_pdf_dict_new(pdf);
    ret |= prefs ? gr_pdf_dict_add(prefs, "DisplayDocTitle", gr_pdf_bool(pdf, true))
                 : GR_PDF_ENOMEM;
    ret |= gr_pdf_dict_add(catalog, "ViewerPreferences", prefs);
    return ret;
}

static void zbox_free(gr_pdf_zbox *z)
{
    gr_buf_free(&z->out);
}

gr_status gr_pdf_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf, size_t *len,
                           gr_diags *d)
{
    *buf = NULL;
    *len = 0;
    size_t nfaces = f ? gr_fonts_face_count(f) : 0;
    gr_pdf_face *uses = gr_xcalloc(nfaces + 1, sizeof *uses);
    gr_pdf_obj **pages = gr_xcalloc(doc->npages + 1, sizeof *pages);
    gr_status status = GR_ERR_ENV;
    gr_pdf_err ret = GR_PDF_OK;
    gr_buf content = {0}, file = {0};
    gr_pdf_zbox z;
    memset(&z, 0, sizeof z);
    gr_zfonts *jobs = gr_zfonts_new();
    gr_pdf_tagging tg = {doc->nelems > 0, doc, NULL, 0, 0, 0, {0}};
    gr_pdf_doc *pdf = gr_pdf_doc_new();
    if (!pdf) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-PDF", "无法创建 PDF 文档");
        goto fail;
    }
    if (!gr_pdf_doc_set_output(pdf, &file)) {
        gr_pdf_diag(d, pdf, GR_PDF_ENOMEM);
        goto fail;
    }
    gr_pdf_obj *fonts = gr_pdf_fonts_add(pdf, &z, jobs, doc, f, uses, nfaces, d);
    if (!fonts) {
        if (!gr_diags_errors(d) || gr_pdf_doc_failed(pdf))
            gr_pdf_diag(d, pdf, GR_PDF_ENOMEM);
        goto fail;
    }
    /* the fonts are deflated while the pages are drawn: by a helper thread when this
     * render is alone and the cache lacks much, then by this thread too */
    gr_zfonts_start(jobs);
    for (size_t p = 0; p < doc->npages; p++) {
        if ((ret = gr_pdf_page_add(pdf, &z, f, &doc->pages[p], fonts, uses, nfaces, &content,
                                   &tg, (int)p, &pages[p])) != GR_PDF_OK) {
            gr_pdf_diag(d, pdf, ret);
            goto fail;
        }
    }
    gr_zfonts_finish(jobs);
    for (size_t i = 0; i < nfaces; i++) {
        gr_pdf_face *u = &uses[i];
        if (!u->n)
            continue;
        gr_buf *program = &u->streams.program;
        if (!u->cached) {
            z.out.len = 0;
            if (!gr_zfonts_assemble(jobs, u->piece0, u->npieces, &z.out)) {
                gr_pdf_diag(d, pdf, GR_PDF_ENOMEM);
                goto fail;
            }
            if (u->keep) { /* for the next process: this is its first render */
                *program = z.out; /* lent to the entry, not copied */
                gr_font_cache_put(f, (int)i, &u->sub, &u->streams);
                memset(program, 0, sizeof *program);
            }
            program = &z.out;
        }
        if (gr_pdf_stream_deflated(pdf, u->file, program) != GR_PDF_OK) {
            gr_pdf_diag(d, pdf, GR_PDF_ENOMEM);
            goto fail;
        }
    }
    if ((ret = add_outline(pdf, doc, pages)) != GR_PDF_OK ||
        (doc->noutline && (ret = gr_pdf_show_outline(pdf)) != GR_PDF_OK) ||
        (ret = gr_pdf_info_add(pdf, doc)) != GR_PDF_OK ||
        (ret = gr_pdf_pdfa_add(pdf, &z, doc)) != GR_PDF_OK ||
        (ret = add_reading(pdf, doc)) != GR_PDF_OK ||
        (tg.on && (ret = gr_pdf_structure_add(pdf, doc, &tg, pages)) != GR_PDF_OK) ||
        (ret = gr_pdf_file_id_add(pdf, doc)) != GR_PDF_OK ||
        (ret = gr_pdf_doc_save(pdf)) != GR_PDF_OK) {
        gr_pdf_diag(d, pdf, ret);
        goto fail;
    }
    unsigned char *out = (unsigned char *)file.s;
    size_t size = file.len;
    memset(&file, 0, sizeof file);
    if (!out || !size) {
        free(out);
        gr_pdf_diag(d, pdf, ret);
        goto fail;
    }
    *buf = out;
    *len = size;
    status = GR_OK;
fail:
    gr_zfonts_free(jobs); /* a helper still running stops and is waited for */
    gr_pdf_doc_free(pdf);
    for (size_t i = 0; i < nfaces; i++) {
        free(uses[i].cps);
        gr_font_subset_free(&uses[i].sub);
        gr_font_streams_free(&uses[i].streams);
        for (size_t r = 0; r < 256; r++)
            free(uses[i].codes[r]);
    }
    gr_buf_free(&content);
    gr_buf_free(&file);
    zbox_free(&z);
    free(tg.mc);
    gr_buf_free(&tg.bodies);
    free(uses);
    free(pages);
    return status;
}

gr_status gr_pdf_write(const gr_doc *doc, const gr_fonts *f, const char *path, gr_diags *d)
{
    /* the destination first: a missing folder should not cost a render */
    if (gr_file_check_dest(path, d) != GR_OK)
        return GR_ERR_ENV;
    unsigned char *buf = NULL;
    size_t len = 0;
    if (gr_pdf_write_mem(doc, f, &buf, &len, d) != GR_OK)
        return GR_ERR_ENV;
    gr_status st = gr_file_write_atomic(path, buf, len, d);
    free(buf);
    return st;
}
