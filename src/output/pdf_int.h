/* pdf_int: what the files of the PDF writer share, and nothing else includes. The writer is
 * split by job: pdf_out.c runs them in order (and writes the outline), pdf_font.c embeds the
 * fonts, pdf_page.c writes the content streams, pdf_struct.c the structure tree, pdf_meta.c
 * the info dictionary and what PDF/A adds. They build the file's objects through the calls
 * below, whose one implementation, pdf_haru.c, is the only file that includes libharu. */
#ifndef GR_OUTPUT_PDF_INT_H
#define GR_OUTPUT_PDF_INT_H

#include "base/base.h"
#include "layout/layout.h"
#include "output/deflate.h"
#include "output/font_cache.h"
#include "output/font_subset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


/* ---- objects: pdf_haru.c, the libharu adapter ----
 * A document and its objects are opaque here: an object is a dictionary, a stream (a
 * dictionary with data), a page, an array, or a string, name, number, boolean or null
 * value. Objects belong to their document and die with it. Calls that can fail return
 * GR_PDF_OK or libharu's error code, which only a diagnostic shows; making a value returns
 * NULL on failure, and adding NULL to a dictionary or array fails. The first error libharu
 * reports is kept for the diagnostic (gr_pdf_diag). */
typedef struct gr_pdf_doc gr_pdf_doc;
typedef struct gr_pdf_obj gr_pdf_obj;
typedef unsigned long gr_pdf_err; /* libharu's HPDF_STATUS */
#define GR_PDF_OK 0
#define GR_PDF_ENOMEM 0x1015 /* libharu's HPDF_FAILD_TO_ALLOC_MEM (pdf_haru.c checks) */

/* A date of the info dictionary and the XMP packet: midnight in China, +08:00. */
typedef struct {
    int year, month, day;
} gr_pdf_date;

/* A document, PDF 1.4 (NULL when libharu cannot make one); its file is saved into out,
 * which must outlive it. */
gr_pdf_doc *gr_pdf_doc_new(void);
bool gr_pdf_doc_set_output(gr_pdf_doc *d, gr_buf *out);
void gr_pdf_doc_free(gr_pdf_doc *d); /* NULL does nothing */
/* Write the file into the output buffer. */
gr_pdf_err gr_pdf_doc_save(gr_pdf_doc *d);
/* The last error libharu reported; whether it reported any. */
gr_pdf_err gr_pdf_doc_error(const gr_pdf_doc *d);
bool gr_pdf_doc_failed(const gr_pdf_doc *d);
/* E-PDF: the first libharu error (else ret) with its detail. */
void gr_pdf_diag(gr_diags *diags, const gr_pdf_doc *d, gr_pdf_err ret);

/* The catalog, the trailer, and the info dictionary (*info), made with the creator and
 * producer set. */
gr_pdf_obj *gr_pdf_catalog(gr_pdf_doc *d);
gr_pdf_obj *gr_pdf_trailer(gr_pdf_doc *d);
gr_pdf_err gr_pdf_info(gr_pdf_doc *d, const char *creator, const char *producer,
                       gr_pdf_obj **info);
/* The info dictionary's CreationDate and ModDate. */
gr_pdf_err gr_pdf_info_dates(gr_pdf_doc *d, gr_pdf_date date);

/* New objects: a direct dictionary or array (indirect once gr_pdf_add_indirect numbers
 * it), a stream (indirect at once), and values. */
gr_pdf_obj *gr_pdf_dict_new(gr_pdf_doc *d);
gr_pdf_obj *gr_pdf_array_new(gr_pdf_doc *d);
gr_pdf_obj *gr_pdf_stream_new(gr_pdf_doc *d);
gr_pdf_err gr_pdf_add_indirect(gr_pdf_doc *d, gr_pdf_obj *o);
gr_pdf_obj *gr_pdf_string(gr_pdf_doc *d, const char *s); /* bytes as they are */
gr_pdf_obj *gr_pdf_binary(gr_pdf_doc *d, const void *p, size_t n);
gr_pdf_obj *gr_pdf_bool(gr_pdf_doc *d, bool v);
gr_pdf_obj *gr_pdf_null(gr_pdf_doc *d);

gr_pdf_err gr_pdf_dict_add(gr_pdf_obj *dict, const char *key, gr_pdf_obj *value);
gr_pdf_err gr_pdf_dict_add_int(gr_pdf_obj *dict, const char *key, long v);
gr_pdf_err gr_pdf_dict_add_name(gr_pdf_obj *dict, const char *key, const char *name);
gr_pdf_err gr_pdf_array_add(gr_pdf_obj *arr, gr_pdf_obj *value);
gr_pdf_err gr_pdf_array_add_int(gr_pdf_obj *arr, long v);
gr_pdf_err gr_pdf_array_add_real(gr_pdf_obj *arr, double v);
gr_pdf_err gr_pdf_array_add_name(gr_pdf_obj *arr, const char *name);

/* The object number of an indirect object, for references written by us. */
unsigned gr_pdf_obj_id(const gr_pdf_obj *o);
/* dict (with no entries of its own) is written as << body >>; body, ours, must outlive
 * the save. */
void gr_pdf_set_body(gr_pdf_obj *dict, const char *body);
/* Data written into stream as it is (no filter). */
gr_pdf_err gr_pdf_stream_write(gr_pdf_obj *stream, const void *p, size_t n);
/* data, Flate-compressed already, as stream's data: the buffer is handed over (data
 * starts empty again) and held by the document until it is freed. */
gr_pdf_err gr_pdf_stream_deflated(gr_pdf_doc *d, gr_pdf_obj *stream, gr_buf *data);
/* The data of the streams handed over so far, in order: the i-th, NULL past the last. */
const unsigned char *gr_pdf_held(const gr_pdf_doc *d, size_t i, size_t *len);

/* A new page (*page) of w × h pt whose /Resources have /Font fonts. */
gr_pdf_err gr_pdf_page_new(gr_pdf_doc *d, double w, double h, gr_pdf_obj *fonts,
                           gr_pdf_obj **page);
/* data (deflated) as the content stream of page, handed over as gr_pdf_stream_deflated. */
gr_pdf_err gr_pdf_page_contents(gr_pdf_doc *d, gr_pdf_obj *page, gr_buf *data);
/* A new outline entry, the last child of parent (NULL: of the outline root), titled "-"
 * until the caller sets /Title; the outline is shown when the file opens. */
gr_pdf_obj *gr_pdf_outline_new(gr_pdf_doc *d, gr_pdf_obj *parent);
gr_pdf_err gr_pdf_show_outline(gr_pdf_doc *d);

/* ---- the deflated data of one render's streams (pdf_out.c) ---- */
typedef struct {
    gr_buf out; /* the stream being made */
} gr_pdf_zbox;

/* ---- fonts: pdf_font.c ---- */

/* A face drawn in the document and its embedded font. */
typedef struct {
    uint32_t *cps; /* the code points used, ascending */
    size_t n;
    char res[16];           /* resource name, "F1" … */
    gr_font_subset sub;     /* the embedded subset: codes (CIDs), glyphs, widths */
    gr_pdf_obj *file;       /* its FontFile2/3 stream, filled once deflated */
    size_t piece0, npieces; /* its pieces in the render's gr_zfonts */
    bool cached;            /* the folder cache had it (font_cache.h): sub has no program,
                               nothing is planned, and the streams come from there */
    bool keep;              /* else, whether its streams are kept for the folder cache */
    gr_font_streams streams; /* those streams (cached, or kept until the program's made) */
    uint16_t *codes[256];    /* each used code point's code, by its high byte (NULL: none) */
} gr_pdf_face;

/* The code that draws cp (BMP) in face u: 0 when the face has no glyph for it. */
static inline unsigned gr_pdf_face_code(const gr_pdf_face *u, uint32_t cp)
{
    const uint16_t *row = cp < 0x10000 ? u->codes[cp >> 8] : NULL;
    return row ? row[cp & 0xFF] : 0;
}

/* Collect the code points each face draws and embed a font for each face used (its
 * program planned as pieces of jobs, deflated later into uses[i].file, unless the folder
 * cache had the whole font: uses[i].cached); the fonts go into
 * one /Font resource dictionary that every page shares, returned. NULL on failure, with
 * E-FONT when a face could not be subset. */
gr_pdf_obj *gr_pdf_fonts_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, gr_zfonts *jobs, const gr_doc *doc,
                             const gr_fonts *f, gr_pdf_face *uses, size_t nfaces, gr_diags *d);

/* ---- tagging: pdf_struct.c ----
 * The display list's marks become marked content on the pages (pdf_page.c calls
 * gr_pdf_mark_begin) and a structure tree beside them. */
typedef struct {
    int elem, page, mcid; /* a marked-content sequence owned by a structure element */
} gr_pdf_mcitem;

typedef struct {
    bool on; /* the document has a structure tree: content is marked */
    const gr_doc *doc;
    gr_pdf_mcitem *mc; /* in content order, page by page */
    size_t nmc, capmc;
    int nextmcid;  /* on the page being drawn */
    gr_buf bodies; /* the structure elements' dictionaries, written by libharu's save */
} gr_pdf_tagging;

/* Begin the marked content of mark onto b: a structure element's (a new MCID on page) or
 * an artifact's. */
void gr_pdf_mark_begin(gr_buf *b, gr_pdf_tagging *tg, int page, int mark);
/* The structure tree of doc over pages (their page objects), with /MarkInfo. */
gr_pdf_err gr_pdf_structure_add(gr_pdf_doc *pdf, const gr_doc *doc, gr_pdf_tagging *tg,
                                gr_pdf_obj **pages);

/* ---- page content: pdf_page.c ---- */

/* Add page pg (its object in *page) and its content stream, drawn with the fonts of uses;
 * b is scratch space. */
gr_pdf_err gr_pdf_page_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, const gr_fonts *f, const gr_page *pg,
                           gr_pdf_obj *fonts, const gr_pdf_face *uses, size_t nfaces, gr_buf *b,
                           gr_pdf_tagging *tg, int pageno, gr_pdf_obj **page);

/* ---- the document's description: pdf_meta.c ---- */

/* utf8 as a PDF text string (UTF-16BE with a byte-order mark): at most GR_PDF_TEXT_MAX
 * bytes of it, cut between characters, bad UTF-8 as U+FFFD. */
#define GR_PDF_TEXT_MAX 1024 /* bytes of a heading kept in the outline, or of a title */
gr_pdf_obj *gr_pdf_text(gr_pdf_doc *pdf, const char *utf8);
/* The info dictionary: creator, producer, title, author, subject, dates. */
gr_pdf_err gr_pdf_info_add(gr_pdf_doc *pdf, const gr_doc *doc);
/* PDF/A-1: the XMP metadata and the sRGB output intent in the catalog. */
gr_pdf_err gr_pdf_pdfa_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, const gr_doc *doc);
/* The trailer's /ID, a digest of every stream handed over and the info strings: call it
 * last before saving. */
gr_pdf_err gr_pdf_file_id_add(gr_pdf_doc *pdf, const gr_doc *doc);

/* ---- numbers and hex, written without printf: a page holds thousands of them ---- */

static inline void gr_pdf_put_uint(gr_buf *b, size_t v)
{
    char s[24], *p = s + sizeof s;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    gr_buf_add(b, p, (size_t)(s + sizeof s - p));
}

static inline void gr_pdf_put_hex4(gr_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char s[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    gr_buf_add(b, s, 4);
}

#endif
