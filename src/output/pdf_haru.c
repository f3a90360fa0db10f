/* pdf_haru: the PDF writer's adapter to libharu 2.3.0, and the only file that includes its
 * headers. libharu numbers the objects and writes the file's structure (objects, xref,
 * trailer, the outline and info dictionaries); the rest of the writer (pdf_int.h) builds
 * those objects through the calls here, and never sees libharu's types. An upgrade of
 * libharu is met in this file and nowhere else. */
#include "output/pdf_out.h"

#include "output/pdf_int.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(GR_PDF_OK == HPDF_OK, "libharu's success code");
_Static_assert(GR_PDF_ENOMEM == HPDF_FAILD_TO_ALLOC_MEM, "libharu's out-of-memory code");

/* Data of a PDF stream that libharu reads when it writes the file: its own memory
 * streams copy byte by byte, twice, on the way in and out. */
struct held {
    unsigned char *p;
    size_t len, pos;
};

struct gr_pdf_doc {
    HPDF_Doc h;
    HPDF_STATUS error, detail; /* the first libharu error */
    struct held **held;        /* stream data handed to libharu, freed after the document */
    size_t nheld, capheld;
};

/* Our handles are libharu's pointers: every libharu object begins with HPDF_Obj_Header,
 * and dictionaries, streams, pages and outline entries are all HPDF_Dict. */
static HPDF_Dict dict_of(gr_pdf_obj *o)
{
    return (HPDF_Dict)(void *)o;
}

static HPDF_Array array_of(gr_pdf_obj *o)
{
    return (HPDF_Array)(void *)o;
}

static gr_pdf_obj *obj(void *h)
{
    return h;
}

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    gr_pdf_doc *d = user_data;
    if (!d->error) {
        d->error = error_no;
        d->detail = detail_no;
    }
}

/* ---- the document ---- */

gr_pdf_doc *gr_pdf_doc_new(void)
{
    gr_pdf_doc *d = gr_xcalloc(1, sizeof *d);
    d->h = HPDF_New(on_error, d);
    if (!d->h) {
        free(d);
        return NULL;
    }
    /* every stream is deflated by the writer (libharu's compression mode stays off); the
     * header says PDF 1.4, as PDF/A-1 wants (libharu writes 1.3 unless told) */
    d->h->pdf_version = HPDF_VER_14;
    return d;
}

void gr_pdf_doc_free(gr_pdf_doc *d)
{
    if (!d)
        return;
    HPDF_Free(d->h);
    for (size_t i = 0; i < d->nheld; i++) {
        free(d->held[i]->p);
        free(d->held[i]);
    }
    free(d->held);
    free(d);
}

gr_pdf_err gr_pdf_doc_error(const gr_pdf_doc *d)
{
    return HPDF_GetError(d->h);
}

bool gr_pdf_doc_failed(const gr_pdf_doc *d)
{
    return d->error != 0;
}

void gr_pdf_diag(gr_diags *diags, const gr_pdf_doc *d, gr_pdf_err ret)
{
    gr_diag_add(diags, GR_SEV_ERROR, NULL, 0, 0, "E-PDF",
                "生成 PDF 失败（libharu 错误 0x%04X，详情 %u）",
                (unsigned)(d->error ? d->error : ret), (unsigned)d->detail);
}

gr_pdf_err gr_pdf_doc_save(gr_pdf_doc *d)
{
    return HPDF_SaveToStream(d->h);
}

const char *gr_pdf_libharu_version(void)
{
    return HPDF_GetVersion();
}

/* ---- what libharu offers no way to do ----
 * libharu cannot take stream data compressed already, nor save a document into memory
 * without two byte-by-byte copies, so these things are done behind its back, in its
 * private structs (hpdf_objects.h, hpdf_streams.h, hpdf_doc.h): a stream's data is a
 * callback reader over our buffer (gr_pdf_stream_deflated, with the /Filter entry libharu
 * would drop written back by write_flate_filter; gr_pdf_page_contents for a page, whose
 * attributes keep a second pointer to it), and the document's output stream is a
 * callback writer into a gr_buf (gr_pdf_doc_set_output). Besides, a dictionary can be
 * written from a body of ours (gr_pdf_set_body: the structure tree's hundreds of
 * elements; written by libharu's writer, they cost a third more bytes). */

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    struct held *h = s->attr;
    size_t n = h->len - h->pos < *siz ? h->len - h->pos : *siz;
    memcpy(ptr, h->p + h->pos, n);
    h->pos += n;
    *siz = (HPDF_UINT)n;
    return h->pos == h->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    struct held *h = s->attr;
    long long at = mode == HPDF_SEEK_CUR   ? (long long)h->pos + pos
                   : mode == HPDF_SEEK_END ? (long long)h->len - pos
                                           : pos;
    if (at < 0 || at > (long long)h->len)
        return HPDF_STREAM_EOF;
    h->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((struct held *)s->attr)->pos;
}

static HPDF_UINT32 held_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((struct held *)s->attr)->len;
}

static HPDF_STATUS out_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT n)
{
    gr_buf_add(s->attr, (const char *)ptr, n);
    return HPDF_OK;
}

bool gr_pdf_doc_set_output(gr_pdf_doc *d, gr_buf *out)
{
    HPDF_Doc pdf = d->h;
    HPDF_Stream s = HPDF_GetMem(pdf->mmgr, sizeof(HPDF_Stream_Rec));
    if (!s)
        return false;
    memset(s, 0, sizeof *s);
    s->sig_bytes = HPDF_STREAM_SIG_BYTES;
    s->type = HPDF_STREAM_CALLBACK;
    s->mmgr = pdf->mmgr;
    s->error = pdf->mmgr->error;
    s->write_fn = out_write;
    s->attr = out;
    if (pdf->stream)
        HPDF_Stream_Free(pdf->stream);
    pdf->stream = s; /* freed by HPDF_Free */
    return true;
}

/* libharu drops a /Filter entry from a stream it does not compress itself; this hook
 * writes it back while the dictionary is written. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

gr_pdf_err gr_pdf_stream_deflated(gr_pdf_doc *d, gr_pdf_obj *stream, gr_buf *data)
{
    HPDF_Dict dict = dict_of(stream);
    struct held *h = gr_xmalloc(sizeof *h);
    h->p = (unsigned char *)data->s;
    h->len = data->len;
    h->pos = 0;
    memset(data, 0, sizeof *data);
    gr_grow((void **)&d->held, &d->capheld, d->nheld + 1, sizeof *d->held);
    d->held[d->nheld++] = h;
    HPDF_Stream s =
        HPDF_CallbackReader_New(dict->mmgr, held_read, held_seek, held_tell, held_size, h);
    if (!s)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (dict->stream)
        HPDF_Stream_Free(dict->stream);
    dict->stream = s;
    dict->filter = HPDF_STREAM_FILTER_NONE; /* compressed already */
    dict->write_fn = write_flate_filter;
    return HPDF_OK;
}

const unsigned char *gr_pdf_held(const gr_pdf_doc *d, size_t i, size_t *len)
{
    if (i >= d->nheld)
        return NULL;
    *len = d->held[i]->len;
    return d->held[i]->p;
}

gr_pdf_err gr_pdf_page_contents(gr_pdf_doc *d, gr_pdf_obj *page, gr_buf *data)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)dict_of(page)->attr;
    HPDF_STATUS ret = gr_pdf_stream_deflated(d, obj(attr->contents), data);
    attr->stream = attr->contents->stream; /* libharu's page keeps a pointer to it */
    return ret;
}

unsigned gr_pdf_obj_id(const gr_pdf_obj *o)
{
    return (unsigned)(((const HPDF_Obj_Header *)(const void *)o)->obj_id & 0x00FFFFFF);
}

/* libharu calls this inside the dictionary's << >>: the body set by gr_pdf_set_body */
static HPDF_STATUS write_body(HPDF_Dict dict, HPDF_Stream out)
{
    /* not HPDF_Stream_WriteStr, which measures the string a byte at a time */
    const char *body = dict->attr;
    return HPDF_Stream_Write(out, (const HPDF_BYTE *)body, (HPDF_UINT)strlen(body));
}

void gr_pdf_set_body(gr_pdf_obj *o, const char *body)
{
    HPDF_Dict dict = dict_of(o);
    dict->attr = (void *)body; /* libharu frees a dictionary's attr only through free_fn */
    dict->write_fn = write_body;
}

gr_pdf_obj *gr_pdf_catalog(gr_pdf_doc *d)
{
    return obj(d->h->catalog);
}

gr_pdf_obj *gr_pdf_trailer(gr_pdf_doc *d)
{
    return obj(d->h->trailer);
}

gr_pdf_err gr_pdf_info(gr_pdf_doc *d, const char *creator, const char *producer,
                       gr_pdf_obj **info)
{
    /* the info dictionary exists once an attribute is set */
    HPDF_STATUS ret = HPDF_SetInfoAttr(d->h, HPDF_INFO_CREATOR, creator);
    ret |= HPDF_SetInfoAttr(d->h, HPDF_INFO_PRODUCER, producer);
    *info = obj(d->h->info);
    if (ret != HPDF_OK || !d->h->info)
        return ret ? ret : HPDF_INVALID_DOCUMENT;
    return HPDF_OK;
}

/* ---- libharu's public object calls ---- */

gr_pdf_err gr_pdf_info_dates(gr_pdf_doc *d, gr_pdf_date date)
{
    HPDF_Date dt = {date.year, date.month, date.day, 0, 0, 0, '+', 8, 0};
    HPDF_STATUS ret = HPDF_SetInfoDateAttr(d->h, HPDF_INFO_CREATION_DATE, dt);
    ret |= HPDF_SetInfoDateAttr(d->h, HPDF_INFO_MOD_DATE, dt);
    return ret;
}

gr_pdf_obj *gr_pdf_dict_new(gr_pdf_doc *d)
{
    return obj(HPDF_Dict_New(d->h->mmgr));
}

gr_pdf_obj *gr_pdf_array_new(gr_pdf_doc *d)
{
    return obj(HPDF_Array_New(d->h->mmgr));
}

gr_pdf_obj *gr_pdf_stream_new(gr_pdf_doc *d)
{
    return obj(HPDF_DictStream_New(d->h->mmgr, d->h->xref));
}

gr_pdf_err gr_pdf_add_indirect(gr_pdf_doc *d, gr_pdf_obj *o)
{
    return HPDF_Xref_Add(d->h->xref, o);
}

gr_pdf_obj *gr_pdf_string(gr_pdf_doc *d, const char *s)
{
    return obj(HPDF_String_New(d->h->mmgr, s, NULL));
}

gr_pdf_obj *gr_pdf_binary(gr_pdf_doc *d, const void *p, size_t n)
{
    return obj(HPDF_Binary_New(d->h->mmgr, (HPDF_BYTE *)(uintptr_t)p, (HPDF_UINT)n));
}

gr_pdf_obj *gr_pdf_bool(gr_pdf_doc *d, bool v)
{
    return obj(HPDF_Boolean_New(d->h->mmgr, v ? HPDF_TRUE : HPDF_FALSE));
}

gr_pdf_obj *gr_pdf_null(gr_pdf_doc *d)
{
    return obj(HPDF_Null_New(d->h->mmgr));
}

gr_pdf_err gr_pdf_dict_add(gr_pdf_obj *dict, const char *key, gr_pdf_obj *value)
{
    return HPDF_Dict_Add(dict_of(dict), key, value);
}

gr_pdf_err gr_pdf_dict_add_int(gr_pdf_obj *dict, const char *key, long v)
{
    return HPDF_Dict_AddNumber(dict_of(dict), key, (HPDF_INT32)v);
}

gr_pdf_err gr_pdf_dict_add_name(gr_pdf_obj *dict, const char *key, const char *name)
{
    return HPDF_Dict_AddName(dict_of(dict), key, name);
}

gr_pdf_err gr_pdf_array_add(gr_pdf_obj *arr, gr_pdf_obj *value)
{
    return HPDF_Array_Add(array_of(arr), value);
}

gr_pdf_err gr_pdf_array_add_int(gr_pdf_obj *arr, long v)
{
    return HPDF_Array_AddNumber(array_of(arr), (HPDF_INT32)v);
}

gr_pdf_err gr_pdf_array_add_real(gr_pdf_obj *arr, double v)
{
    return HPDF_Array_AddReal(array_of(arr), (HPDF_REAL)v);
}

gr_pdf_err gr_pdf_array_add_name(gr_pdf_obj *arr, const char *name)
{
    return HPDF_Array_AddName(array_of(arr), name);
}

gr_pdf_err gr_pdf_stream_write(gr_pdf_obj *stream, const void *p, size_t n)
{
    return HPDF_Stream_Write(dict_of(stream)->stream, p, (HPDF_UINT)n);
}

gr_pdf_err gr_pdf_page_new(gr_pdf_doc *d, double w, double h, gr_pdf_obj *fonts,
                           gr_pdf_obj **page)
{
    HPDF_Page pg = HPDF_AddPage(d->h);
    *page = obj(pg);
    if (!pg)
        return HPDF_GetError(d->h);
    HPDF_STATUS ret = HPDF_Page_SetWidth(pg, (HPDF_REAL)w);
    ret |= HPDF_Page_SetHeight(pg, (HPDF_REAL)h);
    HPDF_Dict res = HPDF_Dict_GetItem(pg, "Resources", HPDF_OCLASS_DICT);
    if (ret != HPDF_OK || !res || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
        return ret ? ret : HPDF_GetError(d->h);
    return HPDF_OK;
}

gr_pdf_obj *gr_pdf_outline_new(gr_pdf_doc *d, gr_pdf_obj *parent)
{
    /* libharu 2.3.0 writes a title's bytes as they are: the caller sets /Title */
    return obj(HPDF_CreateOutline(d->h, dict_of(parent), "-", NULL));
}

gr_pdf_err gr_pdf_show_outline(gr_pdf_doc *d)
{
    return HPDF_SetPageMode(d->h, HPDF_PAGE_MODE_USE_OUTLINE);
}
