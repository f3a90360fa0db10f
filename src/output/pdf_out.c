/* pdf_out: the display list → a PDF, with libharu 2.3.0's object layer; the only file that
 * includes hpdf.h. libharu writes the file structure (objects, xref, outline, info, Flate);
 * the fonts and the page content streams are ours: each face used is embedded as a
 * HarfBuzz subset made in memory, as a Type0/CIDFontType2 font whose codes number the
 * characters drawn with it (a CIDToGIDMap leads to the subset's glyphs, an exact ToUnicode
 * CMap back to the characters), and glyphs and rules are written as content stream
 * operators: libharu's TrueType loader and text calls walk the whole BMP per font and look
 * each glyph up again, which cost most of a render. The file is PDF/A-1a (XMP metadata, an
 * sRGB output intent, CIDSets, a content-derived /ID) and tagged: the display list's marks
 * become marked content on the pages and a structure tree beside them (the tagging
 * section below). Every stream is deflated by us
 * (deflate.c: font files piece by piece, with a process-wide cache of compressed glyph runs
 * for batches and a helper thread for a render alone), and handed to libharu through the
 * small adapter below, the only code that writes into libharu's private structs. Outline
 * and info strings are UTF-16BE, dates come from the report so that output is
 * reproducible, and the file is written atomically (base/file.h). */
#include "output/pdf_out.h"

#include "output/deflate.h"

#include "output/font_subset.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GR_BMP 0x10000            /* codes are 2 bytes; the composer sets the BMP only */
#define GR_CMAP_CHUNK 100         /* a CMap's bfchar blocks hold at most 100 entries */
#define GR_OUTLINE_TITLE_MAX 1024 /* bytes of a heading kept in the outline */
#define GR_TJ_MAX 1000            /* elements of a TJ array; readers may limit arrays to 8191 */
#define GR_COORD_MAX 14400.0      /* PDF's largest page side, 200 in: beyond is a layout bug */

typedef struct {
    HPDF_STATUS error, detail; /* the first libharu error */
} pdf_state;

typedef struct {
    uint8_t *used; /* GR_BMP bits: code points drawn with this face */
    uint32_t *cps; /* the code points used, ascending */
    size_t n;
    char res[16]; /* resource name, "F1" … */
    gr_font_subset sub;     /* the embedded subset: codes (CIDs), glyphs, widths */
    HPDF_Dict file;         /* its FontFile2 stream, filled once deflated */
    size_t piece0, npieces; /* its pieces in the render's gr_zfonts */
} face_use;

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    pdf_state *st = user_data;
    if (!st->error) {
        st->error = error_no;
        st->detail = detail_no;
    }
}

static bool bit_get(const uint8_t *bits, uint32_t cp)
{
    return (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* A coordinate worth writing: finite and not absurdly far off the page. */
static bool on_page(double v)
{
    return isfinite(v) && fabs(v) < GR_COORD_MAX;
}

static bool drawable(const gr_glyph *g, size_t nfaces)
{
    /* controls draw nothing; codes are 2 bytes and the composer sets the BMP only, but a
     * stray code point beyond it must not crash us */
    return g->face >= 0 && (size_t)g->face < nfaces && g->cp >= 0x20 && g->cp < GR_BMP &&
           !(g->cp >= 0xD800 && g->cp <= 0xDFFF) && g->cp != 0x7F && g->size > 0 &&
           g->size <= HPDF_MAX_FONTSIZE && on_page(g->x) && on_page(g->y);
}

/* ---- numbers and hex, written without printf: a page holds thousands of them ---- */

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

static void put_uint(gr_buf *b, size_t v)
{
    char s[24], *p = s + sizeof s;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    gr_buf_add(b, p, (size_t)(s + sizeof s - p));
}

/* " 12 0 R" without the leading space when first */
static void put_ref(gr_buf *b, unsigned id, bool first)
{
    if (!first)
        gr_buf_add(b, " ", 1);
    put_uint(b, id);
    gr_buf_add(b, " 0 R", 4);
}

static void put_num(gr_buf *b, double v)
{
    put_milli(b, milli(v));
}

static void put_hex4(gr_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char s[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    gr_buf_add(b, s, 4);
}

/* The deflate streams of one render, made once and reset for each PDF stream: zlib's
 * set-up allocates and clears some 300 KB, which libharu did for every stream. */
typedef struct {
    z_stream raw, wrapped; /* raw deflate for font runs; zlib format for whole streams */
    bool raw_ok, wrapped_ok;
    gr_buf out;
    struct held **held; /* stream data handed to libharu, freed after the document */
    size_t nheld, capheld;
} zbox;

/* ---- libharu adapter ----
 * The only writes into libharu 2.3.0's private structs (hpdf_objects.h, hpdf_streams.h).
 * libharu offers no way to hand it stream data compressed already, nor to save a document
 * into memory without two byte-by-byte copies, so these things are done behind its back:
 * a stream's data is a callback reader over our buffer (put_deflated, with the /Filter
 * entry libharu would drop written back by write_flate_filter; put_page_contents for a
 * page, whose attributes keep a second pointer to it), and the document's output
 * stream is a callback writer into a gr_buf (set_output). Besides, a dictionary can be
 * written from a body of ours (set_body: the structure tree's hundreds of elements), and
 * the header says PDF 1.4 (set_pdf14). A libharu upgrade that changes
 * HPDF_Stream_Rec or HPDF_Dict_Rec is met here and nowhere else. */

/* Data of a PDF stream that libharu reads when it writes the file: its own memory
 * streams copy byte by byte, twice, on the way in and out. */
struct held {
    unsigned char *p;
    size_t len, pos;
};

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

/* The document's output stream: libharu saves the file into out (a byte-at-a-time copy
 * into its memory stream, and another out of it, avoided). */
static bool set_output(HPDF_Doc pdf, gr_buf *out)
{
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

/* Make z->out a PDF stream's data, marked as Flate-compressed: the buffer is handed over
 * (z->out starts empty again) and libharu reads it from there when it writes the file. */
static HPDF_STATUS put_deflated(HPDF_Dict dict, zbox *z)
{
    struct held *h = gr_xmalloc(sizeof *h);
    h->p = (unsigned char *)z->out.s;
    h->len = z->out.len;
    h->pos = 0;
    memset(&z->out, 0, sizeof z->out);
    if (z->nheld == z->capheld) {
        z->capheld = z->capheld ? 2 * z->capheld : 32;
        z->held = gr_xrealloc(z->held, z->capheld * sizeof *z->held);
    }
    z->held[z->nheld++] = h;
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

/* The object number of an object in the xref (for references we write ourselves). */
static unsigned obj_id(const void *obj)
{
    return (unsigned)(((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF);
}

/* libharu calls this inside the dictionary's << >>: the body set by set_body */
static HPDF_STATUS write_body(HPDF_Dict dict, HPDF_Stream out)
{
    return HPDF_Stream_WriteStr(out, dict->attr);
}

/* dict (with no entries of its own) is written as << body >>; body, ours, must outlive
 * the save. A structure element written by libharu's writer costs a third more bytes. */
static void set_body(HPDF_Dict dict, const char *body)
{
    dict->attr = (void *)body; /* libharu frees a dictionary's attr only through free_fn */
    dict->write_fn = write_body;
}

/* The header's version: PDF/A-1 is PDF 1.4, libharu writes 1.3 unless told. */
static void set_pdf14(HPDF_Doc pdf)
{
    pdf->pdf_version = HPDF_VER_14;
}

/* z->out as the content stream of page (deflated already). */
static HPDF_STATUS put_page_contents(HPDF_Page page, zbox *z)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_STATUS ret = put_deflated(attr->contents, z);
    attr->stream = attr->contents->stream; /* libharu's page keeps a pointer to it */
    return ret;
}

static bool zbox_init(zbox *z)
{
    memset(z, 0, sizeof *z);
    z->raw_ok = gr_deflate_init(&z->raw, true);
    z->wrapped_ok = gr_deflate_init(&z->wrapped, false);
    return z->raw_ok && z->wrapped_ok;
}

static void zbox_free(zbox *z)
{
    if (z->raw_ok)
        deflateEnd(&z->raw);
    if (z->wrapped_ok)
        deflateEnd(&z->wrapped);
    gr_buf_free(&z->out);
    for (size_t i = 0; i < z->nheld; i++) {
        free(z->held[i]->p);
        free(z->held[i]);
    }
    free(z->held);
}

/* ---- fonts ---- */

/* A stream object holding data, deflated here. */
static HPDF_Dict add_stream(HPDF_Doc pdf, zbox *z, const void *data, size_t len)
{
    z->out.len = 0;
    if (!gr_deflate(&z->wrapped, GR_ZLEVEL, data, len, true, &z->out))
        return NULL;
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    return s && put_deflated(s, z) == HPDF_OK ? s : NULL;
}

/* The characters of u in the order of their codes, each code once: a CFF glyph drawing
 * two characters gives them one code, and the first keeps it; a character the face lacks
 * (code 0, .notdef) is left out. Their count; the indices into u's arrays in *order. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static size_t code_order(const gr_font_subset *u, size_t **order)
{
    size_t *o = gr_xmalloc((u->n + 1) * sizeof *o), k = 0;
    bool sorted = true;
    for (size_t i = 0; i < u->n; i++) {
        sorted &= i == 0 || u->cids[i] > u->cids[i - 1];
        o[i] = i;
    }
    if (!sorted) { /* CFF codes follow the font's CIDs (TrueType's are 1, 2, … already) */
        uint64_t *key = gr_xmalloc((u->n + 1) * sizeof *key);
        for (size_t i = 0; i < u->n; i++)
            key[i] = (uint64_t)u->cids[i] << 32 | i;
        qsort(key, u->n, sizeof *key, cmp_u64);
        for (size_t i = 0; i < u->n; i++)
            o[i] = (size_t)(key[i] & 0xFFFFFFFFu);
        free(key);
    }
    for (size_t i = 0; i < u->n; i++)
        if (u->cids[o[i]] != 0 && (k == 0 || u->cids[o[i]] != u->cids[o[k - 1]]))
            o[k++] = o[i];
    *order = o;
    return k;
}

/* The ToUnicode CMap: code cids[i] → cps[i], in bfchar blocks of at most 100 entries. */
static HPDF_Dict add_tounicode(HPDF_Doc pdf, zbox *z, const gr_font_subset *u)
{
    size_t *o, n = code_order(u, &o);
    gr_buf b = {0};
    gr_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += GR_CMAP_CHUNK) {
        size_t k = n - i < GR_CMAP_CHUNK ? n - i : GR_CMAP_CHUNK;
        gr_buf_printf(&b, "%zu beginbfchar\n", k);
        for (size_t j = i; j < i + k; j++) {
            gr_buf_add(&b, "<", 1);
            put_hex4(&b, u->cids[o[j]]);
            gr_buf_add(&b, "> <", 3);
            put_hex4(&b, u->cps[o[j]]);
            gr_buf_add(&b, ">\n", 2);
        }
        gr_buf_puts(&b, "endbfchar\n");
    }
    gr_buf_puts(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\n"
                    "end\n");
    HPDF_Dict s = add_stream(pdf, z, b.s, b.len);
    gr_buf_free(&b);
    free(o);
    return s;
}

/* Widths of the codes in thousandths of the em: /DW the commonest, /W the others, as
 * runs of consecutive codes. */
static HPDF_STATUS add_widths(HPDF_Doc pdf, HPDF_Dict cidfont, const gr_font_subset *u)
{
    size_t *o, n = code_order(u, &o);
    int *w = gr_xmalloc((n + 1) * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = u->widths[o[i]];
    int dw = n ? w[0] : 1000, best = 0;
    for (size_t i = 0; i < n; i++) { /* a majority vote is enough: CJK is all 1000 */
        int c = 0;
        for (size_t j = i; j < n && j < i + 64; j++)
            c += w[j] == w[i];
        if (c > best) {
            best = c;
            dw = w[i];
        }
    }
    HPDF_STATUS ret = HPDF_Dict_AddNumber(cidfont, "DW", dw);
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr || HPDF_Dict_Add(cidfont, "W", arr) != HPDF_OK) {
        free(w);
        free(o);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    for (size_t i = 0; i < n && ret == HPDF_OK;) {
        if (w[i] == dw) {
            i++;
            continue;
        }
        HPDF_Array run = HPDF_Array_New(pdf->mmgr);
        unsigned first = u->cids[o[i]];
        ret |= HPDF_Array_AddNumber(arr, (HPDF_INT32)first);
        ret |= run ? HPDF_Array_Add(arr, run) : HPDF_FAILD_TO_ALLOC_MEM;
        for (size_t k = 0; i < n && w[i] != dw && (size_t)u->cids[o[i]] == first + k && ret == HPDF_OK;
             i++, k++)
            ret |= HPDF_Array_AddNumber(run, w[i]);
    }
    free(w);
    free(o);
    return ret;
}

/* The PDF/A-1 CIDSet of a subset font: a bit for each CID the program defines, the
 * high bit of the first byte for CID 0 (ISO 19005-1, clause 6.3.5). cids ascending, n > 0. */
static HPDF_Dict add_cidset(HPDF_Doc pdf, zbox *z, const uint16_t *cids, size_t n)
{
    size_t bytes = (size_t)cids[n - 1] / 8 + 1;
    unsigned char *bits = gr_xcalloc(bytes, 1);
    for (size_t i = 0; i < n; i++)
        bits[cids[i] >> 3] |= (unsigned char)(0x80u >> (cids[i] & 7));
    HPDF_Dict s = add_stream(pdf, z, bits, bytes);
    free(bits);
    return s;
}

/* "ABCDEF": the subset tag, from the face and the code points, so reruns are identical. */
static void subset_tag(const char *psname, const face_use *u, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (const char *p = psname; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    for (size_t i = 0; i < u->n; i++)
        for (int k = 0; k < 3; k++)
            h = (h ^ ((u->cps[i] >> (8 * k)) & 0xFF)) * 0x100000001b3u;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

/* The Type0 font of face fi: subset, descriptor, widths, CID→glyph map and ToUnicode. */
static HPDF_Dict add_font(HPDF_Doc pdf, zbox *z, gr_zfonts *jobs, const gr_fonts *f, int fi,
                          face_use *u)
{
    if (gr_font_subset_make(f, fi, u->cps, u->n, &u->sub) != GR_OK)
        return NULL;
    const gr_font_subset sub = u->sub;
    gr_face_info info;
    gr_fonts_face_info(f, fi, &info);
    char tag[7], base[96];
    subset_tag(info.psname, u, tag);
    snprintf(base, sizeof base, "%s+%s", tag, info.psname);

    bool cff = sub.kind == GR_FONT_CFF;
    /* TrueType: code (CID) → glyph, two bytes each, big-endian (a CFF program maps CIDs to
     * its glyphs itself, through its charset); CFF: the PDF/A CIDSet */
    unsigned char *map = NULL;
    uint16_t *cids = NULL;
    size_t ncids = gr_font_subset_cid_list(&sub, &cids); /* for the CIDSet of either kind */
    if (!cff) {
        map = gr_xcalloc(2 * (size_t)sub.cid_count, 1);
        for (size_t i = 0; i < sub.n; i++) {
            map[2 * sub.cids[i]] = (unsigned char)(sub.gids[i] >> 8);
            map[2 * sub.cids[i] + 1] = (unsigned char)sub.gids[i];
        }
    }

    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict type0 = HPDF_Dict_New(mm), cidfont = HPDF_Dict_New(mm), fd = HPDF_Dict_New(mm);
    /* deflated later, piece by piece (see deflate.h), and perhaps by two threads: a CFF
     * program's runs of glyphs are cut where font_subset says its CharStrings lie */
    u->npieces = cff && sub.glyph_end
                     ? gr_zfonts_plan_glyphs(jobs, sub.data, sub.len, sub.outlines_off,
                                             sub.glyph_end, sub.nglyphs, &u->piece0)
                     : gr_zfonts_plan(jobs, sub.data, sub.len, &u->piece0);
    HPDF_Dict file = u->file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Dict cidset = add_cidset(pdf, z, cids, ncids);
    HPDF_Dict cidmap = cff ? cidset : add_stream(pdf, z, map, 2 * (size_t)sub.cid_count);
    HPDF_Dict tounicode = add_tounicode(pdf, z, &u->sub);
    HPDF_Dict sysinfo = HPDF_Dict_New(mm);
    HPDF_Array descendants = HPDF_Array_New(mm), bbox = HPDF_Array_New(mm);
    free(map);
    free(cids);
    HPDF_STATUS ret = HPDF_OK;
    if (!type0 || !cidfont || !fd || !file || !cidmap || !tounicode || !cidset || !sysinfo ||
        !descendants || !bbox) {
        ret = HPDF_FAILD_TO_ALLOC_MEM;
        goto fail;
    }
    ret |= HPDF_Xref_Add(pdf->xref, type0);
    ret |= HPDF_Xref_Add(pdf->xref, cidfont);
    ret |= HPDF_Xref_Add(pdf->xref, fd);
    if (ret != HPDF_OK)
        goto fail;

    if (cff)
        ret |= HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    else
        ret |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)sub.len);

    ret |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    ret |= HPDF_Dict_AddName(fd, "FontName", base);
    ret |= HPDF_Dict_AddNumber(fd, "Flags", 4 | (info.fixed_pitch ? 1 : 0)); /* symbolic */
    for (int i = 0; i < 4; i++)
        ret |= HPDF_Array_AddNumber(bbox, info.bbox[i]);
    ret |= HPDF_Dict_Add(fd, "FontBBox", bbox);
    ret |= HPDF_Dict_AddNumber(fd, "ItalicAngle", info.italic_angle);
    ret |= HPDF_Dict_AddNumber(fd, "Ascent", info.ascent);
    ret |= HPDF_Dict_AddNumber(fd, "Descent", info.descent);
    ret |= HPDF_Dict_AddNumber(fd, "CapHeight", info.cap_height);
    ret |= HPDF_Dict_AddNumber(fd, "StemV", 80); /* not in TrueType; a common regular stem */
    ret |= HPDF_Dict_Add(fd, cff ? "FontFile3" : "FontFile2", file);
    ret |= HPDF_Dict_Add(fd, "CIDSet", cidset);

    ret |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, sub.registry, NULL));
    ret |= HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, sub.ordering, NULL));
    ret |= HPDF_Dict_AddNumber(sysinfo, "Supplement", sub.supplement);

    ret |= HPDF_Dict_AddName(cidfont, "Type", "Font");
    ret |= HPDF_Dict_AddName(cidfont, "Subtype", cff ? "CIDFontType0" : "CIDFontType2");
    ret |= HPDF_Dict_AddName(cidfont, "BaseFont", base);
    ret |= HPDF_Dict_Add(cidfont, "CIDSystemInfo", sysinfo);
    ret |= HPDF_Dict_Add(cidfont, "FontDescriptor", fd);
    if (!cff)
        ret |= HPDF_Dict_Add(cidfont, "CIDToGIDMap", cidmap);
    if (ret == HPDF_OK)
        ret = add_widths(pdf, cidfont, &u->sub);

    ret |= HPDF_Dict_AddName(type0, "Type", "Font");
    ret |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    ret |= HPDF_Dict_AddName(type0, "BaseFont", base);
    ret |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    ret |= HPDF_Array_Add(descendants, cidfont);
    ret |= HPDF_Dict_Add(type0, "DescendantFonts", descendants);
    ret |= HPDF_Dict_Add(type0, "ToUnicode", tounicode);
fail:
    return ret == HPDF_OK ? type0 : NULL;
}

/* Collect the code points each face draws and embed a font for each face used; the fonts
 * go into one /Font resource dictionary that every page shares. */
static HPDF_Dict load_faces(HPDF_Doc pdf, zbox *z, gr_zfonts *jobs, const gr_doc *doc,
                            const gr_fonts *f, face_use *uses, size_t nfaces, gr_diags *d)
{
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (!drawable(g, nfaces))
                continue;
            face_use *u = &uses[g->face];
            if (!u->used)
                u->used = gr_xcalloc(GR_BMP / 8, 1);
            if (!bit_get(u->used, g->cp)) {
                u->used[g->cp >> 3] |= (uint8_t)(1u << (g->cp & 7));
                u->n++;
            }
        }
    }
    HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
    if (!fonts || HPDF_Xref_Add(pdf->xref, fonts) != HPDF_OK)
        return NULL;
    int nres = 0;
    for (size_t fi = 0; fi < nfaces; fi++) {
        face_use *u = &uses[fi];
        if (!u->n)
            continue;
        u->cps = gr_xmalloc(u->n * sizeof *u->cps);
        size_t n = 0;
        for (uint32_t byte = 0; byte < GR_BMP / 8; byte++)
            for (unsigned bits = u->used[byte], b = 0; bits; b++, bits >>= 1)
                if (bits & 1)
                    u->cps[n++] = byte * 8 + b;
        snprintf(u->res, sizeof u->res, "F%d", ++nres);
        HPDF_Dict font = add_font(pdf, z, jobs, f, (int)fi, u);
        if (!font || HPDF_Dict_Add(fonts, u->res, font) != HPDF_OK) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法嵌入字体 %s（子集化失败）",
                        gr_fonts_face_family(f, (int)fi));
            return NULL;
        }
    }
    return fonts;
}

/* ---- pages ---- */

static void put_op(gr_buf *b, const char *op)
{
    gr_buf_puts(b, op);
}

/* ---- tagging: marked content on the pages, the structure tree beside them ---- */

/* PDF's standard structure type of each gr_struct_type (ISO 32000-1, 14.8.4). */
static const char *const struct_names[GR_S_TYPES] = {
    "Document", "H1", "H2", "H3", "P", "Span", "Table", "THead", "TBody", "TR", "TH", "TD",
};

/* One marked-content sequence owned by a structure element: its page and MCID. */
typedef struct {
    int elem, page, mcid;
} mcitem;

typedef struct {
    bool on; /* the document has a structure tree: content is marked */
    const gr_doc *doc;
    mcitem *mc; /* in content order, page by page */
    size_t nmc, capmc;
    int nextmcid;  /* on the page being drawn */
    gr_buf bodies; /* the structure elements' dictionaries, written by libharu's save */
} tagging;

/* Begin the marked content of mark: a structure element's (a new MCID on page) or an
 * artifact's. */
static void mark_begin(gr_buf *b, tagging *tg, int page, int mark)
{
    if (mark > 0 && (size_t)mark < tg->doc->nelems) {
        gr_grow((void **)&tg->mc, &tg->capmc, tg->nmc + 1, sizeof *tg->mc);
        tg->mc[tg->nmc++] = (mcitem){mark, page, tg->nextmcid};
        gr_buf_add(b, "/", 1);
        put_op(b, struct_names[tg->doc->elems[mark].type]);
        put_op(b, " <</MCID ");
        put_uint(b, (size_t)tg->nextmcid++);
        put_op(b, ">> BDC\n");
    } else if (mark == GR_MARK_PAGINATION) {
        put_op(b, "/Artifact <</Type /Pagination>> BDC\n");
    } else {
        put_op(b, "/Artifact <</Type /Layout>> BDC\n");
    }
}

static HPDF_STATUS draw_page(HPDF_Doc pdf, zbox *z, const gr_fonts *f, const gr_page *pg,
                             HPDF_Dict fonts, const face_use *uses, size_t nfaces, gr_buf *b,
                             tagging *tg, int pageno)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    if (!page)
        return HPDF_GetError(pdf);
    HPDF_STATUS ret = HPDF_Page_SetWidth(page, (HPDF_REAL)GR_PAGE_W);
    ret |= HPDF_Page_SetHeight(page, (HPDF_REAL)GR_PAGE_H);
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (ret != HPDF_OK || !res || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
        return ret ? ret : HPDF_GetError(pdf);

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
            if (!on_page(r->x0) || !on_page(r->y0) || !on_page(r->x1) || !on_page(r->y1) ||
                !(r->width >= 0 && r->width <= HPDF_MAX_LINEWIDTH))
                continue;
            if (tg->on && r->mark != cur) {
                if (path)
                    put_op(b, "S\n");
                path = false;
                if (in_mc)
                    put_op(b, "EMC\n");
                mark_begin(b, tg, pageno, r->mark);
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
     * where the viewer stands after the previous ones, so rounding never accumulates. */
    bool in_text = false, in_array = false;
    int cur_face = -1;
    float cur_size = 0;
    double sz = 0;          /* the size as written, pt */
    int64_t tx = 0, ty = 0; /* the text line origin (Td), in thousandths of a point */
    double vx = 0;          /* where the viewer sets the array's next glyph, pt */
    size_t nel = 0;         /* elements in the open array */
    for (size_t i = 0; i < pg->nglyphs; i++) {
        const gr_glyph *g = &pg->glyphs[i];
        if (!drawable(g, nfaces) || !uses[g->face].n)
            continue;
        if (!in_text) {
            put_op(b, "BT\n");
            in_text = true;
        }
        if (tg->on && g->mark != cur) {
            if (in_array)
                put_op(b, "] TJ\n");
            in_array = false;
            if (in_mc)
                put_op(b, "EMC\n");
            mark_begin(b, tg, pageno, g->mark);
            in_mc = true;
            cur = g->mark;
        }
        int64_t x = milli(g->x), y = milli(g->y);
        bool font = g->face != cur_face || g->size != cur_size;
        if (in_array && (font || y != ty || nel >= GR_TJ_MAX)) {
            put_op(b, "] TJ\n");
            in_array = false;
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
                put_milli(b, k);
                vx -= (double)k / 1e6 * sz;
                nel++;
            }
        }
        gr_buf_add(b, "<", 1);
        put_hex4(b, gr_font_subset_code(&uses[g->face].sub, g->cp));
        gr_buf_add(b, ">", 1);
        vx += (double)lround(gr_fonts_advance(f, g->face, g->cp, 1000.0)) / 1000.0 * sz;
        nel++;
    }
    if (in_array)
        put_op(b, "] TJ\n");
    if (in_mc)
        put_op(b, "EMC\n");
    if (in_text)
        put_op(b, "ET\n");
    if (!b->len)
        return HPDF_OK;
    z->out.len = 0;
    if (!gr_deflate(&z->wrapped, GR_ZLEVEL_PAGE, (const unsigned char *)b->s, b->len, true,
                    &z->out))
        return HPDF_FAILD_TO_ALLOC_MEM;
    return put_page_contents(page, z);
}

/* UTF-16BE with byte-order mark, as PDF text strings want for non-Latin text. */
/* Bytes of s kept in a PDF text string: at most GR_OUTLINE_TITLE_MAX, whole characters. */
static size_t text_len(const char *s)
{
    size_t n = strlen(s);
    return n > GR_OUTLINE_TITLE_MAX ? gr_utf8_floor(s, GR_OUTLINE_TITLE_MAX) : n;
}

static HPDF_Binary utf16_string(HPDF_MMgr mmgr, const char *utf8)
{
    size_t n = text_len(utf8);
    unsigned char *buf = gr_xmalloc(2 + 4 * n + 2);
    size_t len = 0;
    buf[len++] = 0xFE;
    buf[len++] = 0xFF;
    const char *p = utf8, *end = utf8 + n;
    while (p < end) {
        int32_t cp = gr_utf8_next(&p, (size_t)(end - p));
        if (cp < 0)
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = (uint32_t)cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[len++] = (unsigned char)(hi >> 8);
            buf[len++] = (unsigned char)hi;
            buf[len++] = (unsigned char)(lo >> 8);
            buf[len++] = (unsigned char)lo;
        } else {
            buf[len++] = (unsigned char)(cp >> 8);
            buf[len++] = (unsigned char)cp;
        }
    }
    HPDF_Binary b = HPDF_Binary_New(mmgr, buf, (HPDF_UINT)len);
    free(buf);
    return b;
}

static HPDF_STATUS add_outline(HPDF_Doc pdf, const gr_doc *doc, HPDF_Page *pages)
{
    HPDF_Outline parents[2] = {NULL, NULL}; /* the last entry of level 0 */
    for (size_t i = 0; i < doc->noutline; i++) {
        const gr_outline_entry *e = &doc->outline[i];
        if (e->page < 0 || (size_t)e->page >= doc->npages || !e->title)
            continue;
        HPDF_Outline parent = e->level > 0 && parents[0] ? parents[0] : NULL;
        /* libharu 2.3.0 writes the title bytes as they are; the Title is set below */
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "-", NULL);
        if (!o)
            return HPDF_GetError(pdf);
        HPDF_Binary title = utf16_string(pdf->mmgr, e->title);
        if (!title || HPDF_Dict_Add(o, "Title", title) != HPDF_OK)
            return HPDF_GetError(pdf);
        /* [page /XYZ null top null]: keep the reader's zoom and horizontal position,
         * which HPDF_Destination_SetXYZ cannot express */
        /* a direct array: libharu's destinations are indirect objects, which PDFBox's
         * PDF/A validator cannot read as an outline's /Dest */
        HPDF_Array dst = HPDF_Array_New(pdf->mmgr);
        if (!dst)
            return HPDF_GetError(pdf);
        HPDF_STATUS ret = HPDF_Array_Add(dst, pages[e->page]);
        ret |= HPDF_Array_AddName(dst, "XYZ");
        ret |= HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr));
        ret |= HPDF_Array_AddReal(dst, (HPDF_REAL)(on_page(e->y) ? e->y : GR_PAGE_H));
        ret |= HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr));
        if (ret != HPDF_OK || HPDF_Dict_Add(o, "Dest", dst) != HPDF_OK)
            return HPDF_GetError(pdf);
        if (e->level == 0)
            parents[0] = o;
    }
    return HPDF_OK;
}

/* "YYYY-MM-DD" → midnight in China (+08'00'); false when malformed. */
static bool parse_date(const char *s, HPDF_Date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < len[k]; i++) {
            char c = s[at[k] + i];
            if (c < '0' || c > '9')
                return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return false;
    HPDF_Date dt = {v[0], v[1], v[2], 0, 0, 0, '+', 8, 0};
    *out = dt;
    return true;
}

#define GR_CREATOR "govreport " GR_VERSION
#define GR_PRODUCER "govreport " GR_VERSION " (libharu)"

static HPDF_STATUS set_info(HPDF_Doc pdf, const gr_doc *doc)
{
    /* the info dictionary exists once an attribute is set; text attributes are then
     * replaced by UTF-16BE strings, which libharu 2.3.0 cannot make */
    HPDF_STATUS ret = HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, GR_CREATOR);
    ret |= HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, GR_PRODUCER);
    if (ret != HPDF_OK || !pdf->info)
        return ret ? ret : HPDF_INVALID_DOCUMENT;
    const char *keys[3] = {"Title", "Author", "Subject"};
    const char *vals[3] = {doc->title, doc->author, doc->subject};
    for (int i = 0; i < 3; i++) {
        if (!vals[i] || !*vals[i])
            continue;
        HPDF_Binary s = utf16_string(pdf->mmgr, vals[i]);
        if (!s || HPDF_Dict_Add(pdf->info, keys[i], s) != HPDF_OK)
            return HPDF_GetError(pdf);
    }
    HPDF_Date dt;
    if (parse_date(doc->date, &dt)) {
        ret |= HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        ret |= HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
    }
    return ret;
}

/* ---- PDF/A-1 (ISO 19005-1, GB/T 23286.1): metadata, output intent, file identifier ---- */

/* text as XML character data: the characters PDF text strings hold (the same cut, bad
 * UTF-8 as U+FFFD, as utf16_string), escaped by the one XML escaper. */
static void put_xml_text(gr_buf *b, const char *s)
{
    gr_buf_put_xml(b, s, text_len(s), false);
}

/* The XMP packet of ISO 19005-1 6.7: the info dictionary's values again (title, author
 * as dc:creator, subject as dc:description, creator tool, producer, dates), the language
 * and the PDF/A identification. */
static void build_xmp(gr_buf *b, const gr_doc *doc)
{
    gr_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "<dc:format>application/pdf</dc:format>\n");
    if (doc->title && *doc->title) {
        gr_buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        put_xml_text(b, doc->title);
        gr_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (doc->author && *doc->author) {
        gr_buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        put_xml_text(b, doc->author);
        gr_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (doc->subject && *doc->subject) {
        gr_buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        put_xml_text(b, doc->subject);
        gr_buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (doc->lang && *doc->lang) {
        gr_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
        put_xml_text(b, doc->lang);
        gr_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    gr_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                   "<xmp:CreatorTool>" GR_CREATOR "</xmp:CreatorTool>\n");
    HPDF_Date dt;
    if (parse_date(doc->date, &dt)) /* as the info dictionary's: midnight, +08:00 */
        gr_buf_printf(b,
                      "<xmp:CreateDate>%04d-%02d-%02dT00:00:00+08:00</xmp:CreateDate>\n"
                      "<xmp:ModifyDate>%04d-%02d-%02dT00:00:00+08:00</xmp:ModifyDate>\n",
                      dt.year, dt.month, dt.day, dt.year, dt.month, dt.day);
    gr_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                   "<pdf:Producer>" GR_PRODUCER "</pdf:Producer>\n"
                   "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "<pdfaid:part>1</pdfaid:part>\n"
                   "<pdfaid:conformance>A</pdfaid:conformance>\n"
                   "</rdf:Description>\n"
                   "</rdf:RDF>\n"
                   "</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
}

extern const unsigned char gr_srgb_icc[];
extern const size_t gr_srgb_icc_len;

/* The ICC profile deflated once per process (it is the same in every file). */
static struct {
    pthread_once_t once;
    unsigned char *z;
    size_t len;
} icc_z = {PTHREAD_ONCE_INIT, NULL, 0};

static void icc_deflate(void)
{
    uLongf n = compressBound((uLong)gr_srgb_icc_len);
    unsigned char *z = gr_xmalloc(n);
    if (compress2(z, &n, gr_srgb_icc, (uLong)gr_srgb_icc_len, 9) != Z_OK) {
        free(z);
        return;
    }
    icc_z.z = z;
    icc_z.len = n;
}

/* The catalog entries of PDF/A-1: an XMP metadata stream (unfiltered, as 6.7.2 wants)
 * and the GTS_PDFA1 output intent with the sRGB profile (the content is DeviceGray,
 * which any output intent allows). */
static HPDF_STATUS add_pdfa(HPDF_Doc pdf, zbox *z, const gr_doc *doc)
{
    HPDF_MMgr mm = pdf->mmgr;
    gr_buf x = {0};
    build_xmp(&x, doc);
    HPDF_Dict meta = HPDF_DictStream_New(mm, pdf->xref);
    HPDF_STATUS ret = meta ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (ret == HPDF_OK) {
        ret |= HPDF_Dict_AddName(meta, "Type", "Metadata");
        ret |= HPDF_Dict_AddName(meta, "Subtype", "XML");
        ret |= HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)x.s, (HPDF_UINT)x.len);
        ret |= HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
    }
    gr_buf_free(&x);
    if (ret != HPDF_OK)
        return ret;

    pthread_once(&icc_z.once, icc_deflate);
    if (!icc_z.z)
        return HPDF_FAILD_TO_ALLOC_MEM;
    z->out.len = 0;
    gr_buf_add(&z->out, (const char *)icc_z.z, icc_z.len);
    HPDF_Dict icc = HPDF_DictStream_New(mm, pdf->xref);
    HPDF_Dict intent = HPDF_Dict_New(mm);
    HPDF_Array intents = HPDF_Array_New(mm);
    if (!icc || !intent || !intents || put_deflated(icc, z) != HPDF_OK)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret |= HPDF_Dict_AddNumber(icc, "N", 3);
    ret |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    ret |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    ret |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                         HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
    ret |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
    ret |= HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    ret |= HPDF_Array_Add(intents, intent);
    ret |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
    return ret;
}

/* The trailer's /ID (required by PDF/A-1 6.1.3): a digest of what the file holds (every
 * stream's data, the info strings), so that the same report gives the same file. */
static HPDF_STATUS add_file_id(HPDF_Doc pdf, const zbox *z, const gr_doc *doc)
{
    uint64_t a = 0x6A09E667F3BCC908u, c = 0xBB67AE8584CAA73Bu;
    for (size_t i = 0; i < z->nheld; i++) {
        uint64_t h = gr_hash64(z->held[i]->p, z->held[i]->len);
        a = (a ^ h) * 0x100000001b3u;
        c = (c + h) * 0xff51afd7ed558ccdu;
        c ^= c >> 31;
    }
    const char *strs[4] = {doc->title, doc->author, doc->subject, doc->date};
    for (int i = 0; i < 4; i++) {
        uint64_t h = strs[i] ? gr_hash64((const unsigned char *)strs[i], strlen(strs[i]))
                             : (uint64_t)i;
        a = (a ^ h) * 0x100000001b3u;
        c = (c + h) * 0xff51afd7ed558ccdu;
        c ^= c >> 31;
    }
    unsigned char id[16];
    for (int i = 0; i < 8; i++) {
        id[i] = (unsigned char)(a >> (56 - 8 * i));
        id[8 + i] = (unsigned char)(c >> (56 - 8 * i));
    }
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr)
        return HPDF_FAILD_TO_ALLOC_MEM;
    /* both parts equal: a file made once, not an update of another */
    HPDF_STATUS ret = HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
    ret |= HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16));
    ret |= HPDF_Dict_Add(pdf->trailer, "ID", arr);
    return ret;
}

/* ---- the structure tree (ISO 32000-1, 14.7) ----
 * Each element of doc->elems becomes a StructElem; its kids are its child elements, then
 * its own marked content (a Span before the rest of its paragraph), as MCIDs on its /Pg
 * page or marked-content references to other pages. The ParentTree maps each page's MCIDs
 * back to their elements. A report has some 400 elements, each an object of its own
 * (PDF/A-1 allows no object streams), so their dictionaries are written here, compactly,
 * instead of by libharu's writer: a quarter of the bytes. */

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
        put_uint(b, (size_t)e->rowspan);
    }
    if (e->colspan > 1) {
        gr_buf_puts(b, "/ColSpan ");
        put_uint(b, (size_t)e->colspan);
    }
    gr_buf_puts(b, ">>");
}

static HPDF_STATUS add_structure(HPDF_Doc pdf, const gr_doc *doc, tagging *tg, HPDF_Page *pages)
{
    HPDF_MMgr mm = pdf->mmgr;
    size_t ne = doc->nelems;
    HPDF_Dict root = HPDF_Dict_New(mm);
    if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Dict *el = gr_xcalloc(ne + 1, sizeof *el);
    HPDF_STATUS ret = HPDF_OK;
    for (size_t e = 0; e < ne && ret == HPDF_OK; e++) {
        el[e] = HPDF_Dict_New(mm);
        if (!el[e] || HPDF_Xref_Add(pdf->xref, el[e]) != HPDF_OK)
            ret = HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (ret != HPDF_OK) {
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
        put_ref(b, obj_id(e == 0 ? root : el[se->parent]), true);
        size_t nm = mfirst[e + 1] - mfirst[e], nk = kfirst[e + 1] - kfirst[e];
        int pg = nm ? tg->mc[morder[mfirst[e]]].page : -1;
        if (pg >= 0) {
            gr_buf_puts(b, "/Pg ");
            put_ref(b, obj_id(pages[pg]), true);
        }
        if (nm + nk)
            gr_buf_puts(b, nm + nk > 1 ? "/K[" : "/K ");
        for (size_t k = kfirst[e]; k < kfirst[e + 1]; k++)
            put_ref(b, obj_id(el[korder[k]]), k == kfirst[e]);
        for (size_t k = mfirst[e]; k < mfirst[e + 1]; k++) {
            const mcitem *m = &tg->mc[morder[k]];
            if (k > mfirst[e] || nk)
                gr_buf_add(b, " ", 1);
            if (m->page != pg) { /* content on another page: a marked-content reference */
                gr_buf_puts(b, "<</Type/MCR/Pg ");
                put_ref(b, obj_id(pages[m->page]), true);
                gr_buf_puts(b, "/MCID ");
            }
            put_uint(b, (size_t)m->mcid);
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
    put_ref(b, obj_id(el[0]), true);
    gr_buf_puts(b, "/ParentTreeNextKey ");
    put_uint(b, doc->npages);
    gr_buf_puts(b, "/ParentTree<</Nums[");
    size_t i = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        if (p)
            gr_buf_add(b, " ", 1);
        put_uint(b, p);
        gr_buf_add(b, "[", 1);
        for (size_t first = i; i < tg->nmc && tg->mc[i].page == (int)p; i++)
            put_ref(b, obj_id(el[tg->mc[i].elem]), i == first);
        gr_buf_puts(b, "]");
        ret |= HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    }
    gr_buf_puts(b, "]>>\n");
    b->s[b->len - 1] = '\0';
    for (size_t e = 0; e < ne; e++)
        set_body(el[e], b->s + at[e]);
    set_body(root, b->s + root_at);

    ret |= HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict markinfo = HPDF_Dict_New(mm);
    ret |= markinfo ? HPDF_Dict_Add(markinfo, "Marked", HPDF_Boolean_New(mm, HPDF_TRUE))
                    : HPDF_FAILD_TO_ALLOC_MEM;
    ret |= HPDF_Dict_Add(pdf->catalog, "MarkInfo", markinfo);
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

/* The catalog entries a reader and a screen reader use: the language, and the title
 * (not the file name) in the window. */
static HPDF_STATUS add_reading(HPDF_Doc pdf, const gr_doc *doc)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS ret = HPDF_OK;
    if (doc->lang && *doc->lang)
        ret |= HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(mm, doc->lang, NULL));
    HPDF_Dict prefs = HPDF_Dict_New(mm);
    ret |= prefs ? HPDF_Dict_Add(prefs, "DisplayDocTitle", HPDF_Boolean_New(mm, HPDF_TRUE))
                 : HPDF_FAILD_TO_ALLOC_MEM;
    ret |= HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs);
    return ret;
}

static void diag_hpdf(gr_diags *d, const pdf_state *st, HPDF_STATUS ret)
{
    gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-PDF",
                "生成 PDF 失败（libharu 错误 0x%04X，详情 %u）",
                (unsigned)(st->error ? st->error : ret), (unsigned)st->detail);
}

gr_status gr_pdf_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf, size_t *len,
                           gr_diags *d)
{
    *buf = NULL;
    *len = 0;
    pdf_state st = {0, 0};
    size_t nfaces = f ? gr_fonts_face_count(f) : 0;
    face_use *uses = gr_xcalloc(nfaces + 1, sizeof *uses);
    HPDF_Page *pages = gr_xcalloc(doc->npages + 1, sizeof *pages);
    gr_status status = GR_ERR_ENV;
    HPDF_STATUS ret = HPDF_OK;
    gr_buf content = {0}, file = {0};
    zbox z;
    memset(&z, 0, sizeof z);
    gr_zfonts *jobs = gr_zfonts_new();
    tagging tg = {doc->nelems > 0, doc, NULL, 0, 0, 0, {0}};
    HPDF_Doc pdf = HPDF_New(on_hpdf_error, &st);
    if (!pdf) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-PDF", "无法创建 PDF 文档");
        goto fail;
    }
    set_pdf14(pdf);
    /* every stream is deflated here (libharu's compression mode stays off) */
    if (!zbox_init(&z) || !set_output(pdf, &file)) {
        diag_hpdf(d, &st, HPDF_FAILD_TO_ALLOC_MEM);
        goto fail;
    }
    HPDF_Dict fonts = load_faces(pdf, &z, jobs, doc, f, uses, nfaces, d);
    if (!fonts) {
        if (!gr_diags_errors(d) || st.error)
            diag_hpdf(d, &st, HPDF_FAILD_TO_ALLOC_MEM);
        goto fail;
    }
    /* the fonts are deflated while the pages are drawn: by a helper thread when this
     * render is alone and the cache lacks much, then by this thread too */
    gr_zfonts_start(jobs);
    for (size_t p = 0; p < doc->npages; p++) {
        if ((ret = draw_page(pdf, &z, f, &doc->pages[p], fonts, uses, nfaces, &content, &tg,
                             (int)p)) != HPDF_OK) {
            diag_hpdf(d, &st, ret);
            goto fail;
        }
        pages[p] = HPDF_GetCurrentPage(pdf);
    }
    gr_zfonts_finish(jobs, &z.raw);
    for (size_t i = 0; i < nfaces; i++) {
        face_use *u = &uses[i];
        if (!u->n)
            continue;
        z.out.len = 0;
        if (!gr_zfonts_assemble(jobs, u->piece0, u->npieces, &z.out) ||
            put_deflated(u->file, &z) != HPDF_OK) {
            diag_hpdf(d, &st, HPDF_FAILD_TO_ALLOC_MEM);
            goto fail;
        }
    }
    if ((ret = add_outline(pdf, doc, pages)) != HPDF_OK ||
        (doc->noutline && (ret = HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE)) != HPDF_OK) ||
        (ret = set_info(pdf, doc)) != HPDF_OK || (ret = add_pdfa(pdf, &z, doc)) != HPDF_OK ||
        (ret = add_reading(pdf, doc)) != HPDF_OK ||
        (tg.on && (ret = add_structure(pdf, doc, &tg, pages)) != HPDF_OK) ||
        (ret = add_file_id(pdf, &z, doc)) != HPDF_OK || (ret = HPDF_SaveToStream(pdf)) != HPDF_OK) {
        diag_hpdf(d, &st, ret);
        goto fail;
    }
    unsigned char *out = (unsigned char *)file.s;
    size_t size = file.len;
    memset(&file, 0, sizeof file);
    if (!out || !size) {
        free(out);
        diag_hpdf(d, &st, ret);
        goto fail;
    }
    *buf = out;
    *len = size;
    status = GR_OK;
fail:
    gr_zfonts_free(jobs); /* a helper still running stops and is waited for */
    if (pdf)
        HPDF_Free(pdf);
    for (size_t i = 0; i < nfaces; i++) {
        free(uses[i].used);
        free(uses[i].cps);
        gr_font_subset_free(&uses[i].sub);
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

const char *gr_pdf_libharu_version(void)
{
    return HPDF_GetVersion();
}
