/* ofd_out: the display list → an OFD package (GB/T 33190-2016); the only file that
 * includes zip.h for writing. The parts are made in memory as XML text (the schema's
 * element order, part by part: tests/ofd/xsd validates them), zipped in memory by libzip
 * and written through gr_file_write_atomic, so a failure leaves nothing at the path.
 * Every part is deflated here (output/deflate.c: the fonts on a helper thread while the
 * pages are written, and those that repeat in a batch from its cache), and libzip stores
 * the deflated bytes as they are. Positions are the PDF writer's: each glyph of a run of one baseline, face and size is
 * placed by TextCode X and DeltaX at its display-list position rounded to a micrometre,
 * every delta computed from rounded absolute positions, so no rounding accumulates. Each
 * face drawn is embedded as a subset that keeps its cmap (an OFD reader maps the TextCode's
 * characters to glyphs through it; output/font_subset makes it). The DocID is a hash of
 * the other parts and the zip entries are dated from the report's date, so the same input
 * gives the same bytes. */
#include "output/ofd_out.h"

#include "output/deflate.h"
#include "output/font_cache.h"
#include "output/font_subset.h"

#include "base/libzip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_OFD_ZLEVEL 1    /* the XML parts: smaller than zlib's level 3, in a fifth of its time */
#define GR_OFD_NS "http://www.ofdspec.org/2016"
#define GR_OFD_XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

typedef struct {
    uint32_t *cps; /* ascending */
    size_t n;
    unsigned id;    /* unit ID of its Font resource */
    char file[32];  /* name under Doc_0/Res/ */
    unsigned char *data; /* the subset font file (with its cmap), len bytes */
    size_t len;
    bool otto;    /* an OpenType CFF file ("OTTO"), else TrueType */
    bool cached;  /* from the folder cache (font_cache.h): data NULL, the file deflated in z */
    uint32_t crc; /* then its CRC-32 */
    gr_buf z;
} ofd_face;

typedef struct {
    char *name;
    char *data; /* owned */
    size_t len;
    bool font;              /* a font file: deflated in runs by the render's gr_zfonts */
    int face;               /* a font file's face, else -1 */
    bool ready;             /* deflated already: a font file from the folder cache */
    size_t piece0, npieces; /* its pieces there */
    gr_buf z;               /* the deflated data (owned), CRC-32 of data */
    uint32_t crc;
    size_t at;              /* libzip's read position in z */
    zip_error_t err;
} ofd_part;

typedef struct {
    ofd_part *items;
    size_t n, cap;
} ofd_parts;

/* ---- numbers ---- */

long long gr_ofd_um_x(double x_pt)
{
    return gr_round(x_pt * 25400.0 / 72.0);
}

long long gr_ofd_um_y(double y_pt)
{
    return gr_round((GR_PAGE_H - y_pt) * 25400.0 / 72.0);
}

static long long um_len(double pt)
{
    return gr_round(pt * 25400.0 / 72.0);
}

/* Micrometres as millimetres: "-12.5", "0.001", "16". */
static void put_um(gr_buf *b, long long um)
{
    gr_buf_put_milli(b, (int64_t)um);
}

static void put_uint(gr_buf *b, unsigned long v)
{
    char s[24], *p = s + sizeof s;
    do { /* not snprintf: an OFD page writes one for every glyph's object ID */
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    gr_buf_add(b, p, (size_t)(s + sizeof s - p));
}

/* UTF-8 text escaped for XML content or a quoted attribute (both take it as a value),
 * at most max bytes of s, cut on a whole character. */
static void put_text(gr_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    gr_buf_put_xml(b, s, n > max ? gr_utf8_floor(s, max) : n, true);
}

static void put_cp(gr_buf *b, uint32_t cp)
{
    char u[4];
    gr_buf_put_xml(b, u, gr_utf8_put(u, cp), false);
}


/* ---- parts ---- */

static void parts_add(ofd_parts *ps, const char *name, gr_buf *b)
{
    gr_grow((void **)&ps->items, &ps->cap, ps->n + 1, sizeof *ps->items);
    ofd_part *p = &ps->items[ps->n++];
    memset(p, 0, sizeof *p);
    p->name = gr_xstrdup(name);
    p->data = b->s ? b->s : gr_xstrdup("");
    p->len = b->len;
    p->face = -1;
    memset(b, 0, sizeof *b);
}

static void parts_free(ofd_parts *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->items[i].name);
        free(ps->items[i].data);
        gr_buf_free(&ps->items[i].z);
    }
    free(ps->items);
}

static uint64_t hash_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 33);
}

/* ---- fonts ---- */

/* Collect the code points each face draws, subset each face used and add its file;
 * unit IDs from *next_id. Writes PublicRes.xml. */
static gr_status add_fonts(const gr_doc *doc, const gr_fonts *f, ofd_face *faces, size_t nfaces,
                           bool folder, unsigned *next_id, ofd_parts *ps, gr_diags *d)
{
    uint32_t **cps = gr_xcalloc(nfaces ? nfaces : 1, sizeof *cps);
    size_t *ns = gr_xcalloc(nfaces ? nfaces : 1, sizeof *ns);
    gr_doc_face_chars(doc, nfaces, cps, ns);
    for (size_t fi = 0; fi < nfaces; fi++) {
        faces[fi].cps = cps[fi];
        faces[fi].n = ns[fi];
    }
    free(cps);
    free(ns);
    gr_buf b = {0};
    gr_buf_puts(&b, GR_OFD_XML_HEAD "<ofd:Res xmlns:ofd=\"" GR_OFD_NS "\" BaseLoc=\"Res\">");
    bool any = false;
    for (size_t fi = 0; fi < nfaces; fi++) {
        ofd_face *u = &faces[fi];
        if (!u->n)
            continue;
        int16_t *ink = gr_xmalloc((2 * u->n + 1) * sizeof *ink);
        u->cached = folder && gr_font_cache_get_file(f, (int)fi, u->cps, u->n, &u->len,
                                                     &u->crc, &u->otto, ink, &u->z);
        for (size_t i = 0; u->cached && i < u->n; i++) /* known, not worked out again */
            gr_fonts_ink_set(f, (int)fi, u->cps[i], ink[2 * i], ink[2 * i + 1]);
        free(ink);
        if (!u->cached &&
            gr_font_subset_sfnt(f, (int)fi, u->cps, u->n, &u->data, &u->len) != GR_OK) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法嵌入字体 %s（子集化失败）",
                        gr_fonts_face_family(f, (int)fi));
            gr_buf_free(&b);
            return GR_ERR_ENV;
        }
        u->id = (*next_id)++;
        /* CFF outlines ("OTTO") are OpenType; everything else the subsetter gives is
         * TrueType */
        if (!u->cached)
            u->otto = u->len >= 4 && memcmp(u->data, "OTTO", 4) == 0;
        snprintf(u->file, sizeof u->file, "font_%u.%s", u->id, u->otto ? "otf" : "ttf");
        gr_face_info info;
        gr_fonts_face_info(f, (int)fi, &info);
        const char *family = gr_fonts_face_family(f, (int)fi);
        if (!any)
            gr_buf_puts(&b, "<ofd:Fonts>");
        any = true;
        gr_buf_puts(&b, "<ofd:Font ID=\"");
        put_uint(&b, u->id);
        gr_buf_puts(&b, "\" FontName=\"");
        put_text(&b, family && *family ? family : info.psname, 256);
        gr_buf_puts(&b, "\" FamilyName=\"");
        put_text(&b, family && *family ? family : info.psname, 256);
        gr_buf_puts(&b, info.fixed_pitch ? "\" FixedWidth=\"true\">" : "\">");
        gr_buf_puts(&b, "<ofd:FontFile>");
        gr_buf_puts(&b, u->file);
        gr_buf_puts(&b, "</ofd:FontFile></ofd:Font>");
    }
    if (any)
        gr_buf_puts(&b, "</ofd:Fonts>");
    gr_buf_puts(&b, "</ofd:Res>\n");
    parts_add(ps, "Doc_0/PublicRes.xml", &b);
    for (size_t fi = 0; fi < nfaces; fi++) {
        ofd_face *u = &faces[fi];
        if (!u->n)
            continue;
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Res/%s", u->file);
        gr_buf fb = {(char *)u->data, u->len, u->len};
        u->data = NULL; /* handed to the part */
        parts_add(ps, name, &fb);
        ofd_part *p = &ps->items[ps->n - 1];
        p->face = (int)fi;
        if (u->cached) {
            p->len = u->len;
            p->crc = u->crc;
            p->z = u->z;
            memset(&u->z, 0, sizeof u->z);
            p->ready = true;
        } else {
            p->font = true;
            p->crc = gr_crc32(p->data, p->len); /* for the DocID; the same once deflated */
        }
        u->len = 0;
    }
    return GR_OK;
}

/* The font file of part p (face u's) kept in the folder cache, with the ink extents of
 * its characters. */
static void keep_font_file(const gr_fonts *f, const ofd_face *u, const ofd_part *p)
{
    int16_t *ink = gr_xmalloc((2 * u->n + 1) * sizeof *ink);
    bool all = true;
    for (size_t i = 0; i < u->n && all; i++)
        all = gr_fonts_ink_units(f, p->face, u->cps[i], &ink[2 * i], &ink[2 * i + 1]);
    if (all) /* beyond the BMP nothing is kept */
        gr_font_cache_put_file(f, p->face, u->cps, u->n, p->len, p->crc, u->otto, ink,
                               (const unsigned char *)p->z.s, p->z.len);
    free(ink);
}

/* ---- pages ---- */

static void put_box(gr_buf *b, long long x, long long y, long long w, long long h)
{
    gr_buf_puts(b, " Boundary=\"");
    put_um(b, x);
    gr_buf_add(b, " ", 1);
    put_um(b, y);
    gr_buf_add(b, " ", 1);
    put_um(b, w);
    gr_buf_add(b, " ", 1);
    put_um(b, h);
    gr_buf_add(b, "\"", 1);
}

/* A rule: a PathObject stroked with projecting square caps, as the PDF draws it, its
 * Boundary the line's box widened by half the line width (and the caps) on every side. */
static void put_rule(gr_buf *b, const gr_rule *r, unsigned id)
{
    long long x0 = gr_ofd_um_x(r->x0), y0 = gr_ofd_um_y(r->y0);
    long long x1 = gr_ofd_um_x(r->x1), y1 = gr_ofd_um_y(r->y1);
    long long w = um_len(r->width), half = w / 2;
    long long bx = (x0 < x1 ? x0 : x1) - half, by = (y0 < y1 ? y0 : y1) - half;
    long long bw = llabs(x1 - x0) + 2 * half, bh = llabs(y1 - y0) + 2 * half;
    gr_buf_puts(b, "<ofd:PathObject ID=\"");
    put_uint(b, id);
    gr_buf_add(b, "\"", 1);
    put_box(b, bx, by, bw, bh);
    gr_buf_puts(b, " LineWidth=\"");
    put_um(b, w);
    gr_buf_puts(b, "\" Cap=\"Square\"><ofd:AbbreviatedData>M ");
    put_um(b, x0 - bx);
    gr_buf_add(b, " ", 1);
    put_um(b, y0 - by);
    gr_buf_puts(b, " L ");
    put_um(b, x1 - bx);
    gr_buf_add(b, " ", 1);
    put_um(b, y1 - by);
    gr_buf_puts(b, "</ofd:AbbreviatedData></ofd:PathObject>\n");
}

/* Glyphs g[0..n) (one baseline, face and size, left to right) as one TextObject. Its
 * Boundary spans the glyphs' ink across and the em box down (the baseline at the face's
 * baseline ratio of the size, as the layout sets it): em boxes overlap the block's edges
 * by design (16 pt glyphs in cells of 15.79 pt, punctuation squeezed at a line's end),
 * ink never does, and a reader may clip to the Boundary. */
static void put_run(gr_buf *b, const gr_fonts *f, const ofd_face *u, const gr_glyph *const *g,
                    size_t n, unsigned id)
{
    const gr_glyph *g0 = g[0];
    double ratio = gr_fonts_baseline_ratio(f, g0->face);
    long long size = um_len(g0->size);
    long long base = gr_ofd_um_y(g0->y);
    long long top = base - llround(ratio * (double)size);
    long long x0 = 0, x1 = 0;
    bool inked = false;
    for (size_t i = 0; i < n; i++) {
        double a, z;
        gr_fonts_ink(f, g[i]->face, g[i]->cp, &a, &z);
        if (a == z)
            continue; /* no ink: a space */
        long long l = gr_ofd_um_x(g[i]->x + a * g[i]->size);
        long long r = gr_ofd_um_x(g[i]->x + z * g[i]->size);
        x0 = inked && x0 < l ? x0 : l;
        x1 = inked && x1 > r ? x1 : r;
        inked = true;
    }
    if (!inked) { /* spaces only: their advances */
        x0 = gr_ofd_um_x(g0->x);
        x1 = gr_ofd_um_x(g[n - 1]->x + gr_fonts_advance(f, g[n - 1]->face, g[n - 1]->cp,
                                                        g[n - 1]->size));
    }
    gr_buf_puts(b, "<ofd:TextObject ID=\"");
    put_uint(b, id);
    gr_buf_add(b, "\"", 1);
    put_box(b, x0, top, x1 - x0 > 0 ? x1 - x0 : 1, size);
    gr_buf_puts(b, " Font=\"");
    put_uint(b, u->id);
    gr_buf_puts(b, "\" Size=\"");
    put_um(b, size);
    gr_buf_puts(b, "\"><ofd:TextCode X=\"");
    put_um(b, gr_ofd_um_x(g0->x) - x0);
    gr_buf_puts(b, "\" Y=\"");
    put_um(b, base - top);
    gr_buf_add(b, "\"", 1);
    if (n > 1) {
        /* the distance to each next glyph; "g N d" stands for N deltas of d (GB/T 33190 clause 11.3) */
        gr_buf_puts(b, " DeltaX=\"");
        long long prev = gr_ofd_um_x(g0->x);
        size_t i = 1;
        bool first = true;
        while (i < n) {
            long long dx = gr_ofd_um_x(g[i]->x) - prev;
            size_t k = 1;
            while (i + k < n && gr_ofd_um_x(g[i + k]->x) - gr_ofd_um_x(g[i + k - 1]->x) == dx)
                k++;
            if (!first)
                gr_buf_add(b, " ", 1);
            first = false;
            if (k > 1) {
                gr_buf_puts(b, "g ");
                put_uint(b, (unsigned long)k);
                gr_buf_add(b, " ", 1);
            }
            put_um(b, dx);
            i += k;
            prev = gr_ofd_um_x(g[i - 1]->x);
        }
        gr_buf_add(b, "\"", 1);
    }
    gr_buf_add(b, ">", 1);
    for (size_t i = 0; i < n; i++)
        put_cp(b, g[i]->cp);
    gr_buf_puts(b, "</ofd:TextCode></ofd:TextObject>\n");
}

static void page_content(gr_buf *b, const gr_fonts *f, const gr_page *pg, const ofd_face *faces,
                         size_t nfaces, unsigned *next_id, const gr_glyph ***run, size_t *caprun)
{
    gr_buf_puts(b, GR_OFD_XML_HEAD "<ofd:Page xmlns:ofd=\"" GR_OFD_NS "\"><ofd:Content>"
                                   "<ofd:Layer ID=\"");
    put_uint(b, (*next_id)++);
    gr_buf_puts(b, "\">\n");
    for (size_t i = 0; i < pg->nrules; i++) {
        const gr_rule *r = &pg->rules[i];
        if (!gr_rule_drawable(r))
            continue;
        put_rule(b, r, (*next_id)++);
    }
    size_t n = 0;
    for (size_t i = 0; i <= pg->nglyphs; i++) {
        const gr_glyph *g = i < pg->nglyphs ? &pg->glyphs[i] : NULL;
        if (g && !gr_glyph_drawable(g, nfaces))
            continue;
        if (n && (!g || g->face != run[0][0]->face || g->size != run[0][0]->size ||
                  gr_ofd_um_y(g->y) != gr_ofd_um_y(run[0][0]->y) ||
                  gr_ofd_um_x(g->x) < gr_ofd_um_x(run[0][n - 1]->x))) {
            put_run(b, f, &faces[run[0][0]->face], *run, n, (*next_id)++);
            n = 0;
        }
        if (!g)
            break;
        gr_grow((void **)run, caprun, n + 1, sizeof **run);
        (*run)[n++] = g;
    }
    gr_buf_puts(b, "</ofd:Layer></ofd:Content></ofd:Page>\n");
}

/* ---- the document ---- */

static void put_outline(gr_buf *b, const gr_doc *doc, unsigned page_id0)
{
    bool open = false, child_open = false;
    for (size_t i = 0; i < doc->noutline; i++) {
        const gr_outline_entry *e = &doc->outline[i];
        if (e->page < 0 || (size_t)e->page >= doc->npages || !e->title)
            continue;
        bool child = e->level > 0 && child_open;
        if (!child && child_open) {
            gr_buf_puts(b, "</ofd:OutlineElem>");
            child_open = false;
        }
        if (!open)
            gr_buf_puts(b, "<ofd:Outlines>");
        open = true;
        gr_buf_puts(b, "<ofd:OutlineElem Title=\"");
        put_text(b, e->title, 1024);
        gr_buf_puts(b, "\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto>"
                       "<ofd:Dest Type=\"XYZ\" PageID=\"");
        put_uint(b, page_id0 + (unsigned)e->page);
        gr_buf_puts(b, "\" Left=\"0\" Top=\"");
        put_um(b, gr_coord_on_page(e->y) ? gr_ofd_um_y(e->y) : 0);
        gr_buf_puts(b, "\"/></ofd:Goto></ofd:Action></ofd:Actions>");
        if (child) {
            gr_buf_puts(b, "</ofd:OutlineElem>");
        } else {
            child_open = true; /* closed by the next entry of its level, or at the end */
        }
    }
    if (child_open)
        gr_buf_puts(b, "</ofd:OutlineElem>");
    if (open)
        gr_buf_puts(b, "</ofd:Outlines>");
}

/* "YYYY-MM-DD" → its parts, for a year a zip entry's DOS date can hold; false otherwise. */
static bool parse_date(const char *s, int *y, int *m, int *dd)
{
    return gr_parse_ymd(s, y, m, dd) && *y >= 1980 && *y <= 2107;
}

static void put_info_elem(gr_buf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    gr_buf_printf(b, "<ofd:%s>", name);
    put_text(b, value, 4096);
    gr_buf_printf(b, "</ofd:%s>", name);
}

/* OFD.xml: the DocID is a hash of every other part, so that it names this content: of
 * its bytes, or for a font file of its length and CRC-32 (a file from the folder cache
 * comes deflated, without its bytes). */
static void ofd_xml(gr_buf *b, const gr_doc *doc, const ofd_parts *ps, bool dated)
{
    /* two lanes over the same bytes, each part's name first: 128 bits */
    uint64_t h1 = 0xcbf29ce484222325u, h2 = 0x84222325cbf29ce4u;
    for (size_t i = 0; i < ps->n; i++) {
        const ofd_part *p = &ps->items[i];
        uint64_t sum[2] = {p->len, p->crc};
        const void *bytes = p->face >= 0 ? (const void *)sum : p->data;
        size_t n = p->face >= 0 ? sizeof sum : p->len;
        h1 = gr_hash64_add(h1, p->name, strlen(p->name) + 1);
        h1 = gr_hash64_add(h1, bytes, n);
        h2 = gr_hash64_add(hash_mix(h2 + i), bytes, n);
    }
    gr_buf_puts(b, GR_OFD_XML_HEAD "<ofd:OFD xmlns:ofd=\"" GR_OFD_NS
                                   "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>");
    gr_buf_printf(b, "<ofd:DocID>%016llx%016llx</ofd:DocID>", (unsigned long long)hash_mix(h1),
                  (unsigned long long)hash_mix(h2));
    put_info_elem(b, "Title", doc->title);
    put_info_elem(b, "Author", doc->author);
    put_info_elem(b, "Subject", doc->subject);
    if (dated)
        put_info_elem(b, "CreationDate", doc->date);
    put_info_elem(b, "Creator", "govreport");
    put_info_elem(b, "CreatorVersion", GR_VERSION);
    gr_buf_puts(b, "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                   "</ofd:DocBody></ofd:OFD>\n");
}

/* A part's source for libzip: its deflated bytes, with what libzip must know to store them
 * as they are (the method, both sizes, the CRC-32) rather than deflate them again. */
static zip_int64_t part_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    ofd_part *p = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        p->at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t n = p->z.len - p->at < len ? p->z.len - p->at : (size_t)len;
        memcpy(data, p->z.s + p->at, n);
        p->at += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0; /* the part is ours */
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &p->err);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                    ZIP_STAT_ENCRYPTION_METHOD;
        st->size = p->len;
        st->comp_size = p->z.len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = p->crc;
        st->encryption_method = ZIP_EM_NONE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&p->err, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&p->err, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* The parts (deflated already) as a zip, in memory. Entries are dated dos_date at
 * midnight: the bytes depend on the parts alone. */
static bool zip_parts(ofd_parts *ps, uint16_t dos_date, unsigned char **buf, size_t *len)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &zerr) : NULL;
    bool ok = false;
    if (!za)
        goto fail;
    zip_source_keep(src); /* it outlives the archive: the bytes are read from it after */
    for (size_t i = 0; i < ps->n; i++) {
        zip_error_init(&ps->items[i].err);
        zip_source_t *s = zip_source_function(za, part_source, &ps->items[i]);
        zip_int64_t idx = s ? zip_file_add(za, ps->items[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            if (s)
                zip_source_free(s);
            goto fail;
        }
        if (zip_file_set_dostime(za, (zip_uint64_t)idx, 0, dos_date, 0) != 0)
            goto fail;
    }
    if (zip_close(za) != 0)
        goto fail;
    za = NULL;
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || !st.size ||
        zip_source_open(src) != 0)
        goto fail;
    *buf = gr_xmalloc((size_t)st.size);
    zip_int64_t got = zip_source_read(src, *buf, st.size);
    zip_source_close(src);
    if (got != (zip_int64_t)st.size) {
        free(*buf);
        *buf = NULL;
        goto fail;
    }
    *len = (size_t)st.size;
    ok = true;
fail:
    if (za)
        zip_discard(za); /* frees the sources added so far */
    if (src)
        zip_source_free(src);
    for (size_t i = 0; i < ps->n; i++)
        zip_error_fini(&ps->items[i].err);
    zip_error_fini(&zerr);
    return ok;
}

gr_status gr_ofd_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf,
                           size_t *len, gr_diags *d)
{
    *buf = NULL;
    *len = 0;
    size_t nfaces = f ? gr_fonts_face_count(f) : 0;
    ofd_face *faces = gr_xcalloc(nfaces + 1, sizeof *faces);
    ofd_parts ps = {0};
    gr_buf b = {0};
    const gr_glyph **run = NULL;
    size_t caprun = 0;
    gr_status st = GR_ERR_ENV;
    const char *no_zip = gr_zip_load();
    if (no_zip) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-OFD", "不能写出 OFD：%s", no_zip);
        free(faces);
        return GR_ERR_ENV;
    }
    gr_zfonts *jobs = gr_zfonts_new();

    /* unit IDs: the pages first (the outline names them), then fonts, layers, objects */
    unsigned page_id0 = 1, next_id = page_id0 + (unsigned)doc->npages;
    if (add_fonts(doc, f, faces, nfaces, gr_zfonts_folder(jobs), &next_id, &ps, d) != GR_OK)
        goto fail;
    /* the fonts are deflated while the pages are written (see deflate.h) */
    for (size_t i = 0; i < ps.n; i++)
        if (ps.items[i].font)
            ps.items[i].npieces = gr_zfonts_plan(jobs, (const unsigned char *)ps.items[i].data,
                                                 ps.items[i].len, &ps.items[i].piece0);
    gr_zfonts_start(jobs);
    for (size_t p = 0; p < doc->npages; p++) {
        page_content(&b, f, &doc->pages[p], faces, nfaces, &next_id, &run, &caprun);
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", p);
        parts_add(&ps, name, &b);
    }

    gr_buf_puts(&b, GR_OFD_XML_HEAD "<ofd:Document xmlns:ofd=\"" GR_OFD_NS "\"><ofd:CommonData>"
                                    "<ofd:MaxUnitID>");
    put_uint(&b, next_id - 1);
    gr_buf_puts(&b, "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                    "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                    "<ofd:Pages>");
    for (size_t p = 0; p < doc->npages; p++) {
        gr_buf_puts(&b, "<ofd:Page ID=\"");
        put_uint(&b, page_id0 + p);
        gr_buf_printf(&b, "\" BaseLoc=\"Pages/Page_%zu/Content.xml\"/>", p);
    }
    gr_buf_puts(&b, "</ofd:Pages>");
    put_outline(&b, doc, page_id0);
    gr_buf_puts(&b, "</ofd:Document>\n");
    parts_add(&ps, "Doc_0/Document.xml", &b);

    int y = 1980, m = 1, dd = 1;
    bool dated = parse_date(doc->date, &y, &m, &dd);
    ofd_xml(&b, doc, &ps, dated);
    parts_add(&ps, "OFD.xml", &b);
    gr_zfonts_finish(jobs);
    for (size_t i = 0; i < ps.n; i++) {
        ofd_part *p = &ps.items[i];
        if (p->ready)
            continue;
        if (!(p->font ? gr_zfonts_assemble_raw(jobs, p->piece0, p->npieces, &p->z, &p->crc)
                      : gr_deflate_raw(GR_OFD_ZLEVEL, (const unsigned char *)p->data, p->len,
                                       &p->z, &p->crc))) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-OFD", "生成 OFD 失败（无法压缩）");
            goto fail;
        }
        if (p->font && gr_zfonts_folder(jobs)) /* for the next process: this is its first */
            keep_font_file(f, &faces[p->face], p);
    }
    /* in the zip: OFD.xml, Document.xml, PublicRes.xml, the fonts, the pages */
    ofd_parts order = {0};
    order.n = order.cap = ps.n;
    order.items = gr_xmalloc(ps.n * sizeof *order.items);
    size_t k = 0, npage_parts = doc->npages, nfont_parts = ps.n - 3 - npage_parts;
    order.items[k++] = ps.items[ps.n - 1];
    order.items[k++] = ps.items[ps.n - 2];
    for (size_t i = 0; i < 1 + nfont_parts; i++)
        order.items[k++] = ps.items[i];
    for (size_t i = 0; i < npage_parts; i++)
        order.items[k++] = ps.items[1 + nfont_parts + i];
    uint16_t dos_date = (uint16_t)((y - 1980) << 9 | m << 5 | dd);
    bool zipped = zip_parts(&order, dos_date, buf, len);
    free(order.items);
    if (!zipped) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-OFD", "生成 OFD 失败（无法打包 zip）");
        goto fail;
    }
    st = GR_OK;
fail:
    gr_zfonts_free(jobs); /* a helper still running stops and is waited for */
    for (size_t i = 0; i < nfaces; i++) {
        free(faces[i].cps);
        free(faces[i].data);
        gr_buf_free(&faces[i].z);
    }
    free(faces);
    free(run);
    gr_buf_free(&b);
    parts_free(&ps);
    return st;
}

gr_status gr_ofd_write(const gr_doc *doc, const gr_fonts *f, const char *path, gr_diags *d)
{
    /* the destination first: a missing folder should not cost a render */
    if (gr_file_check_dest(path, d) != GR_OK)
        return GR_ERR_ENV;
    unsigned char *buf = NULL;
    size_t len = 0;
    if (gr_ofd_write_mem(doc, f, &buf, &len, d) != GR_OK)
        return GR_ERR_ENV;
    gr_status st = gr_file_write_atomic(path, buf, len, d);
    free(buf);
    return st;
}
