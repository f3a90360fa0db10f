/* test_ofd: the sample laid out once and written by both writers, the OFD read back as a
 * reader would (libzip, libxml2, HarfBuzz): every part validates against the standard's
 * schemas; every glyph of the OFD stands within 0.01 mm of where the PDF draws it (mutool
 * trace gives the PDF's glyph origins), and of the display list, and its ink (from the
 * embedded font) inside its TextObject's Boundary; every Boundary and every rule lies
 * inside the 156 × 225 mm block, except the page number (its digits, and its dashes as
 * rules); every font referenced is in the package and is a subset whose cmap has each
 * character its TextCodes use; the same document gives byte-identical packages; a failed
 * write leaves nothing behind. And a careless display list (markup characters and broken
 * UTF-8 in the title, control codes, coordinates far off the page, NaN, a face that does
 * not exist, an outline that starts at level 1) still gives a package whose every part
 * validates, and draws the glyphs and rules the PDF writer draws of it. */
#include "base/base.h"
#include "base/libzip.h"
#include "layout/layout.h"
#include "output/output.h"
#include "report/report.h"

#include <hb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define SAMPLE GR_SOURCE_DIR "/samples/shanyang-2025.xml"
#define TOL_MM 0.01
#define BLOCK_X0 28.0
#define BLOCK_X1 184.0
#define BLOCK_Y0 37.0
#define BLOCK_Y1 262.0
#define EPS_MM 0.001

typedef struct {
    uint32_t cp;
    double x, y; /* mm, origin top left */
    int page;
} pos;

typedef struct {
    pos *items;
    size_t n, cap;
} pos_list;

static void pos_add(pos_list *l, uint32_t cp, double x, double y, int page)
{
    gr_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] = (pos){cp, x, y, page};
}

typedef struct {
    char *name;
    unsigned char *data;
    size_t len;
} entry;

static entry entries[256];
static size_t nentries;

static const entry *find_entry(const char *name)
{
    for (size_t i = 0; i < nentries; i++)
        if (!strcmp(entries[i].name, name))
            return &entries[i];
    return NULL;
}

static bool unzip_all(const unsigned char *buf, size_t len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
    zip_error_fini(&err);
    if (!za) {
        zip_source_free(src);
        return false;
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && nentries < 256; i++) {
        zip_stat_t st;
        zip_file_t *zf;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
            !(zf = zip_fopen_index(za, (zip_uint64_t)i, 0)))
            return false;
        entry *e = &entries[nentries++];
        e->name = gr_xstrdup(st.name);
        e->len = (size_t)st.size;
        e->data = gr_xmalloc(e->len + 1);
        zip_int64_t got = zip_fread(zf, e->data, st.size);
        zip_fclose(zf);
        if (got != (zip_int64_t)st.size)
            return false;
        e->data[e->len] = 0;
    }
    zip_close(za);
    return true;
}

static xmlDoc *parse_entry(const char *name)
{
    const entry *e = find_entry(name);
    CHECK(e, "no %s in the package", name);
    if (!e)
        return NULL;
    xmlDoc *x = xmlReadMemory((const char *)e->data, (int)e->len, name, NULL, XML_PARSE_NONET);
    CHECK(x, "%s is not well-formed", name);
    return x;
}

static bool is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static double attr_num(const xmlNode *n, const char *name, double dflt)
{
    char *v = attr(n, name);
    double d = v ? strtod(v, NULL) : dflt;
    xmlFree(v);
    return d;
}

/* "x y w h" */
static void box(const xmlNode *n, double b[4])
{
    char *v = attr(n, "Boundary");
    b[0] = b[1] = b[2] = b[3] = NAN;
    if (v)
        sscanf(v, "%lf %lf %lf %lf", &b[0], &b[1], &b[2], &b[3]);
    xmlFree(v);
}

/* DeltaX with its "g N d" runs expanded; returns the count written to out. */
static size_t deltas(const char *s, double *out, size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        if (*s == 'g') {
            char *end;
            long k = strtol(s + 1, &end, 10);
            double d = strtod(end, &end);
            for (long i = 0; i < k && n < max; i++)
                out[n++] = d;
            s = end;
        } else {
            char *end;
            out[n++] = strtod(s, &end);
            if (end == s)
                break;
            s = end;
        }
    }
    return n;
}

typedef struct {
    unsigned id;
    hb_face_t *face;
    hb_font_t *font;
    unsigned glyphs;
} font_file;

static size_t rules_cap;
static font_file fonts_in[32];
static size_t nfonts_in;

static font_file *font_by_id(unsigned id)
{
    for (size_t i = 0; i < nfonts_in; i++)
        if (fonts_in[i].id == id)
            return &fonts_in[i];
    return NULL;
}

static void load_fonts(void)
{
    xmlDoc *x = parse_entry("Doc_0/PublicRes.xml");
    if (!x)
        return;
    xmlNode *res = xmlDocGetRootElement(x);
    char *base = attr(res, "BaseLoc");
    for (xmlNode *fs = res->children; fs; fs = fs->next)
        for (xmlNode *f = is(fs, "Fonts") ? fs->children : NULL; f; f = f->next) {
            if (!is(f, "Font"))
                continue;
            xmlNode *file = f->children;
            while (file && !is(file, "FontFile"))
                file = file->next;
            CHECK(file, "a Font without FontFile");
            if (!file || nfonts_in == 32)
                continue;
            char *loc = (char *)xmlNodeGetContent(file);
            char *path = gr_xasprintf("Doc_0/%s/%s", base ? base : "", loc);
            const entry *e = find_entry(path);
            CHECK(e, "font file %s is not in the package", path);
            if (e) {
                font_file *ff = &fonts_in[nfonts_in++];
                ff->id = (unsigned)attr_num(f, "ID", 0);
                hb_blob_t *blob = hb_blob_create((const char *)e->data, (unsigned)e->len,
                                                 HB_MEMORY_MODE_READONLY, NULL, NULL);
                ff->face = hb_face_create(blob, 0);
                hb_blob_destroy(blob);
                ff->font = hb_font_create(ff->face);
                ff->glyphs = hb_face_get_glyph_count(ff->face);
                /* a subset: the sample draws some 600 characters; each face has thousands */
                CHECK(ff->glyphs > 1 && ff->glyphs < 1000, "%s has %u glyphs", path, ff->glyphs);
            }
            free(path);
            xmlFree(loc);
        }
    xmlFree(base);
    xmlFreeDoc(x);
}

/* Every glyph of a page's TextObjects in order, with the checks on Boundary, fonts and page
 * numbers; rules' end points into rules (x0 y0 x1 y1 per rule). */
static void read_page(int page, const char *name, pos_list *out, double **rules, size_t *nrules)
{
    xmlDoc *x = parse_entry(name);
    if (!x)
        return;
    gr_buf outside = {0}; /* text of objects outside the block */
    xmlNode *content = xmlDocGetRootElement(x)->children;
    while (content && !is(content, "Content"))
        content = content->next;
    CHECK(content, "%s: no Content", name);
    for (xmlNode *layer = content ? content->children : NULL; layer; layer = layer->next)
        for (xmlNode *o = is(layer, "Layer") ? layer->children : NULL; o; o = o->next) {
            double b[4];
            if (is(o, "PathObject")) {
                box(o, b);
                xmlNode *ad = o->children;
                while (ad && !is(ad, "AbbreviatedData"))
                    ad = ad->next;
                char *d = ad ? (char *)xmlNodeGetContent(ad) : NULL;
                double p[4];
                CHECK(d && sscanf(d, "M %lf %lf L %lf %lf", &p[0], &p[1], &p[2], &p[3]) == 4,
                      "%s: a rule's path is %s", name, d ? d : "(none)");
                double w = attr_num(o, "LineWidth", 0.353);
                CHECK(w > 0.1 && w < 0.5, "%s: rule width %g mm", name, w);
                double ax[2] = {b[0] + p[0], b[0] + p[2]}, ay[2] = {b[1] + p[1], b[1] + p[3]};
                /* a rule outside the block is a dash of the page number: below the block,
                 * level and short */
                bool in = true;
                for (int k = 0; k < 2; k++)
                    in = in && ax[k] >= BLOCK_X0 - EPS_MM && ax[k] <= BLOCK_X1 + EPS_MM &&
                         ay[k] >= BLOCK_Y0 - EPS_MM && ay[k] <= BLOCK_Y1 + EPS_MM;
                CHECK(in || (ay[0] > BLOCK_Y1 && ay[0] == ay[1] && fabs(ax[1] - ax[0]) < 6),
                      "%s: rule %.3f %.3f – %.3f %.3f outside the block", name, ax[0], ay[0],
                      ax[1], ay[1]);
                gr_grow((void **)rules, &rules_cap, *nrules * 4 + 4, sizeof **rules);
                double *r = *rules + 4 * (*nrules)++;
                r[0] = ax[0], r[1] = ay[0], r[2] = ax[1], r[3] = ay[1];
                xmlFree(d);
                continue;
            }
            if (!is(o, "TextObject"))
                continue;
            box(o, b);
            bool inside = b[0] >= BLOCK_X0 - EPS_MM && b[0] + b[2] <= BLOCK_X1 + EPS_MM &&
                          b[1] >= BLOCK_Y0 - EPS_MM && b[1] + b[3] <= BLOCK_Y1 + EPS_MM;
            font_file *ff = font_by_id((unsigned)attr_num(o, "Font", 0));
            double size = attr_num(o, "Size", NAN);
            CHECK(ff, "%s: TextObject %d names no font of PublicRes", name,
                  (int)attr_num(o, "ID", 0));
            for (xmlNode *tc = o->children; tc; tc = tc->next) {
                if (!is(tc, "TextCode"))
                    continue;
                char *text = (char *)xmlNodeGetContent(tc);
                char *dx = attr(tc, "DeltaX");
                double d[4096];
                size_t nd = deltas(dx, d, 4096);
                double gx = b[0] + attr_num(tc, "X", NAN), gy = b[1] + attr_num(tc, "Y", NAN);
                const char *p = text;
                size_t i = 0;
                while (*p) {
                    int32_t cp = gr_utf8_next(&p, strlen(p));
                    if (!inside) {
                        char u[4];
                        gr_buf_add(&outside, u, gr_utf8_put(u, (uint32_t)cp));
                    }
                    hb_codepoint_t g = 0;
                    hb_glyph_extents_t ext;
                    if (ff) {
                        CHECK(hb_font_get_nominal_glyph(ff->font, (hb_codepoint_t)cp, &g) && g,
                              "%s: font %u has no glyph for U+%04X", name, ff->id, (unsigned)cp);
                        /* the glyph's ink, from the embedded font, within the Boundary */
                        double k = size / hb_face_get_upem(ff->face);
                        if (g && hb_font_get_glyph_extents(ff->font, g, &ext) && ext.width)
                            CHECK(gx + ext.x_bearing * k >= b[0] - TOL_MM &&
                                      gx + (ext.x_bearing + ext.width) * k <= b[0] + b[2] + TOL_MM,
                                  "%s: U+%04X's ink at %.3f–%.3f outside its Boundary %.3f–%.3f",
                                  name, (unsigned)cp, gx + ext.x_bearing * k,
                                  gx + (ext.x_bearing + ext.width) * k, b[0], b[0] + b[2]);
                    }
                    pos_add(out, (uint32_t)cp, gx, gy, page);
                    if (*p) {
                        CHECK(i < nd, "%s: DeltaX too short", name);
                        gx += i < nd ? d[i] : 0;
                        i++;
                    }
                }
                CHECK(i == nd, "%s: %zu deltas for %zu glyphs", name, nd, i + 1);
                xmlFree(dx);
                xmlFree(text);
            }
        }
    /* the page number is the only text outside the block (its dashes are rules) */
    gr_buf_add(&outside, "", 0);
    char want[64];
    snprintf(want, sizeof want, "%d", page + 1);
    CHECK(outside.s && !strcmp(outside.s, want), "%s: text outside the block is “%s”", name,
          outside.s ? outside.s : "");
    gr_buf_free(&outside);
    xmlFreeDoc(x);
}

/* The PDF's glyph origins, from mutool trace, and the number of lines its first page
 * strokes (when rules0 is not NULL); false when mutool is not there. */
static bool pdf_glyphs(const unsigned char *pdf, size_t len, pos_list *out, size_t *rules0)
{
    if (system("command -v mutool >/dev/null 2>&1") != 0)
        return false;
    char path[4200];
    snprintf(path, sizeof path, "%s/pdf-XXXXXX", tmp_dir());
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, pdf, len) == (ssize_t)len, "cannot write the PDF");
    if (fd >= 0)
        close(fd);
    char *cmd = gr_xasprintf("mutool trace %s 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    char line[1024];
    int page = -1;
    while (p && fgets(line, sizeof line, p)) {
        int pn;
        if (sscanf(line, "<page number=\"%d\"", &pn) == 1) {
            page = pn - 1;
            continue;
        }
        if (rules0 && page == 0 && strstr(line, "<moveto "))
            ++*rules0;
        const char *g = strstr(line, "<g unicode=\"");
        if (!g)
            continue;
        const char *xs = strstr(g, " x=\""), *ys = strstr(g, " y=\"");
        if (!xs || !ys)
            continue;
        /* the character: one code point, or an entity */
        const char *u = g + 12;
        uint32_t cp;
        if (!strncmp(u, "&amp;", 5))
            cp = '&';
        else if (!strncmp(u, "&lt;", 4))
            cp = '<';
        else if (!strncmp(u, "&gt;", 4))
            cp = '>';
        else if (!strncmp(u, "&quot;", 6))
            cp = '"';
        else
            cp = (uint32_t)gr_utf8_next(&u, 4);
        double x = strtod(xs + 4, NULL), y = strtod(ys + 4, NULL);
        pos_add(out, cp, x * 25.4 / 72.0, (GR_PAGE_H - y) * 25.4 / 72.0, page);
    }
    if (p)
        pclose(p);
    unlink(path);
    free(cmd);
    return true;
}

static void compare(const char *what, const pos_list *a, const pos_list *b)
{
    CHECK(a->n == b->n, "%s: %zu glyphs in the OFD, %zu in the %s", what, a->n, b->n, what);
    double worst = 0;
    size_t bad = 0;
    for (size_t i = 0; i < a->n && i < b->n; i++) {
        const pos *p = &a->items[i], *q = &b->items[i];
        double dx = fabs(p->x - q->x), dy = fabs(p->y - q->y);
        if (dx > worst)
            worst = dx;
        if (dy > worst)
            worst = dy;
        if (p->cp != q->cp || p->page != q->page || dx > TOL_MM || dy > TOL_MM) {
            if (bad++ < 5)
                CHECK(false, "%s glyph %zu: OFD U+%04X p%d (%.4f, %.4f), %s U+%04X p%d (%.4f, %.4f)",
                      what, i, (unsigned)p->cp, p->page + 1, p->x, p->y, what, (unsigned)q->cp,
                      q->page + 1, q->x, q->y);
        }
    }
    CHECK(bad == 0, "%s: %zu glyphs misplaced or different", what, bad);
    printf("%s: %zu glyphs, largest difference %.5f mm\n", what, a->n, worst);
}


/* Every XML part of the unzipped package against tests/ofd/xsd, as libxml2 reads them. */
static void validate_parts(const char *what)
{
    static const char *const map[][2] = {{"OFD.xml", "OFD.xsd"},
                                         {"Doc_0/Document.xml", "Document.xsd"},
                                         {"Doc_0/PublicRes.xml", "Res.xsd"},
                                         {"/Content.xml", "Page.xsd"}};
    size_t nxml = 0;
    for (size_t i = 0; i < nentries; i++) {
        const char *xsd = NULL;
        for (size_t k = 0; k < 4 && !xsd; k++) {
            size_t n = strlen(entries[i].name), m = strlen(map[k][0]);
            if (k < 3 ? !strcmp(entries[i].name, map[k][0])
                      : n > m && !strcmp(entries[i].name + n - m, map[k][0]))
                xsd = map[k][1];
        }
        if (!xsd)
            continue;
        nxml++;
        char *path = gr_xasprintf("%s/tests/ofd/xsd/%s", GR_SOURCE_DIR, xsd);
        /* the report loader refuses every external file; a schema and its includes are
         * local files that the test means to read */
        xmlExternalEntityLoader refuse = xmlGetExternalEntityLoader();
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
        xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
        xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
        xmlSetExternalEntityLoader(refuse);
        xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
        xmlDoc *x = xmlReadMemory((const char *)entries[i].data, (int)entries[i].len,
                                  entries[i].name, NULL, XML_PARSE_NONET);
        CHECK(vc, "%s: cannot load the schema %s", what, path);
        CHECK(x, "%s: %s is not well-formed", what, entries[i].name);
        if (vc && x)
            CHECK(xmlSchemaValidateDoc(vc, x) == 0, "%s: %s does not validate against %s", what,
                  entries[i].name, xsd);
        xmlFreeDoc(x);
        xmlSchemaFreeValidCtxt(vc);
        xmlSchemaFree(schema);
        xmlSchemaFreeParserCtxt(pc);
        free(path);
    }
    CHECK(nxml >= 4, "%s: %zu XML parts", what, nxml);
}

static void free_entries(void);

/* A display list no composer makes, written without a crash and as a valid package. */
static void careless_doc(const gr_fonts *f)
{
    gr_doc *doc = gr_doc_new();
    doc->title = gr_xstrdup("A&B <report> \"q\" \x01\x1b[31m \xff\xfe bad \xe4\xb8");
    doc->author = gr_xstrdup("");
    doc->subject = NULL;
    doc->date = gr_xstrdup("not a date");
    gr_page *pg = gr_doc_add_page(doc);
    int face = gr_fonts_face_for(f, GR_ROLE_BODY, 0x4E00);
    const uint32_t cps[] = {'&',    '<',    '>',    '"',     0x01,  0x7F,
                            0xD800, 0xFFFE, 0xFFFF, 0x10000, 0x4E00};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++)
        gr_page_add_glyph(pg, cps[i], face, 16, GR_BLOCK_X0 + 16.0 * (double)i, 500);
    gr_page_add_glyph(pg, 0x4E00, 999, 16, 100, 100);       /* no such face */
    gr_page_add_glyph(pg, 0x4E00, -1, 16, 100, 100);
    gr_page_add_glyph(pg, 0x4E00, face, 16, NAN, 100);
    gr_page_add_glyph(pg, 0x4E00, face, 16, 1e300, 100);
    gr_page_add_glyph(pg, 0x4E00, face, -3, 100, 100);
    gr_page_add_glyph(pg, 0x4E00, face, 16, 300, 200);      /* a run going left */
    gr_page_add_glyph(pg, 0x4E01, face, 16, 200, 200);
    gr_page_add_rule(pg, NAN, 0, 10, 10, 1);
    gr_page_add_rule(pg, 0, 0, 10, 10, -1);
    gr_page_add_rule(pg, 0, 0, 1e300, 10, 1);
    gr_page_add_rule(pg, 100, 100, 100, 100, 0.5);          /* a point */
    /* what the two writers once decided differently: PDF drew a width of 0 and U+FFFE and
     * U+FFFF (above), OFD a size or a width of several hundred points */
    gr_page_add_glyph(pg, 0x4E00, face, 800, 100, 300);
    gr_page_add_rule(pg, 100, 200, 150, 200, 0);
    gr_page_add_rule(pg, 100, 250, 150, 250, 200);
    gr_doc_add_page(doc);                                   /* an empty page */
    gr_doc_add_outline(doc, "（一）a child first", 1, 0, 500);
    gr_doc_add_outline(doc, "A&B <x>", 0, 1, NAN);
    gr_doc_add_outline(doc, "beyond the last page", 0, 7, 500);
    gr_doc_add_outline(doc, "child", 1, 1, 500);
    gr_doc_add_outline(doc, "child 2", 2, 1, 500);

    gr_diags d;
    gr_diags_init(&d);
    unsigned char *buf = NULL;
    size_t len = 0;
    CHECK(gr_ofd_write_mem(doc, f, &buf, &len, &d) == GR_OK, "write a careless display list");
    CHECK(buf && unzip_all(buf, len), "the careless package is not a zip");
    validate_parts("careless");
    const entry *e = find_entry("Doc_0/Pages/Page_0/Content.xml");
    CHECK(e && strstr((const char *)e->data, ">&amp;&lt;&gt;\"一</ofd:TextCode>"),
          "markup characters are not escaped in TextCode");
    /* both writers draw what the display list says is drawable, and nothing else */
    size_t want_glyphs = 0, want_rules = 0;
    for (size_t i = 0; i < pg->nglyphs; i++)
        want_glyphs += gr_glyph_drawable(&pg->glyphs[i], gr_fonts_face_count(f));
    for (size_t i = 0; i < pg->nrules; i++)
        want_rules += gr_rule_drawable(&pg->rules[i]);
    CHECK(want_glyphs == 7 && want_rules == 1, "%zu glyphs and %zu rules drawable, not 7 and 1",
          want_glyphs, want_rules);
    size_t ofd_glyphs = 0, ofd_rules = 0;
    for (const char *t = e ? (const char *)e->data : ""; (t = strstr(t, "<ofd:TextCode"));) {
        const char *end = strstr(t, "</ofd:TextCode>");
        for (t = strchr(t, '>') + 1; end && t < end; ofd_glyphs++)
            if (*t == '&')
                t = strchr(t, ';') + 1;
            else
                gr_utf8_next(&t, (size_t)(end - t));
    }
    for (const char *t = e ? (const char *)e->data : ""; (t = strstr(t, "<ofd:PathObject")); t++)
        ofd_rules++;
    CHECK(ofd_glyphs == want_glyphs && ofd_rules == want_rules,
          "the careless OFD draws %zu glyphs and %zu rules, not %zu and %zu", ofd_glyphs,
          ofd_rules, want_glyphs, want_rules);
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    pos_list in_pdf = {0};
    CHECK(gr_pdf_write_mem(doc, f, &pdf, &pdf_len, &d) == GR_OK, "write a careless PDF");
    size_t pdf_rules = 0;
    if (pdf && pdf_glyphs(pdf, pdf_len, &in_pdf, &pdf_rules)) {
        size_t pdf_glyphs0 = 0;
        for (size_t i = 0; i < in_pdf.n; i++)
            pdf_glyphs0 += in_pdf.items[i].page == 0;
        CHECK(pdf_glyphs0 == want_glyphs && pdf_rules == want_rules,
              "the careless PDF draws %zu glyphs and %zu rules, not %zu and %zu", pdf_glyphs0,
              pdf_rules, want_glyphs, want_rules);
    }
    free(in_pdf.items);
    free(pdf);
    free_entries();
    free(buf);
    gr_diags_free(&d);
    gr_doc_free(doc);
}

static void free_entries(void)
{
    for (size_t i = 0; i < nentries; i++) {
        free(entries[i].name);
        free(entries[i].data);
    }
    nentries = 0;
    for (size_t i = 0; i < nfonts_in; i++) {
        hb_font_destroy(fonts_in[i].font);
        hb_face_destroy(fonts_in[i].face);
    }
    nfonts_in = 0;
}

int main(void)
{
    gr_diags d;
    gr_diags_init(&d);
    const char *no_zip = gr_zip_load(); /* this test reads the packages with libzip too */
    if (no_zip) {
        printf("FAIL %s\n", no_zip);
        return 1;
    }
    gr_fonts *f = fonts_or_skip("test_ofd", NULL);
    if (!f)
        return harness_end("test_ofd");
    gr_report *r = gr_xml_load_file(SAMPLE, &d);
    gr_doc *doc = NULL;
    CHECK(r && gr_compose(r, f, &doc, &d) == GR_OK && doc, "compose the sample");
    if (!doc)
        return harness_end("test_ofd");

    unsigned char *ofd = NULL, *ofd2 = NULL, *pdf = NULL;
    size_t len = 0, len2 = 0, pdf_len = 0;
    CHECK(gr_ofd_write_mem(doc, f, &ofd, &len, &d) == GR_OK && len, "write the OFD");
    CHECK(gr_ofd_write_mem(doc, f, &ofd2, &len2, &d) == GR_OK, "write the OFD again");
    CHECK(len == len2 && ofd && ofd2 && !memcmp(ofd, ofd2, len), "two writes differ");
    CHECK(gr_pdf_write_mem(doc, f, &pdf, &pdf_len, &d) == GR_OK, "write the PDF");
    CHECK(ofd && unzip_all(ofd, len), "the OFD is not a readable zip");

    /* ---- structure: the parts the README lists, the first entry OFD.xml ---- */
    CHECK(nentries && !strcmp(entries[0].name, "OFD.xml"), "OFD.xml is not the first entry");
    load_fonts();
    CHECK(nfonts_in >= 2, "only %zu fonts", nfonts_in);
    validate_parts("sample");

    /* ---- every glyph: the OFD's positions against the display list and the PDF ---- */
    pos_list got = {0}, want = {0}, in_pdf = {0};
    double *rules = NULL;
    size_t nrules = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", p);
        size_t r0 = nrules;
        read_page((int)p, name, &got, &rules, &nrules);
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (g->cp >= 0x20)
                pos_add(&want, g->cp, g->x * 25.4 / 72.0, (GR_PAGE_H - g->y) * 25.4 / 72.0,
                        (int)p);
        }
        CHECK(nrules - r0 == pg->nrules, "page %zu: %zu rules, %zu in the display list", p + 1,
              nrules - r0, pg->nrules);
        for (size_t i = 0; i < pg->nrules && r0 + i < nrules; i++) {
            const gr_rule *dr = &pg->rules[i];
            const double *o = rules + 4 * (r0 + i);
            double e[4] = {dr->x0 * 25.4 / 72, (GR_PAGE_H - dr->y0) * 25.4 / 72,
                           dr->x1 * 25.4 / 72, (GR_PAGE_H - dr->y1) * 25.4 / 72};
            for (int k = 0; k < 4; k++)
                CHECK(fabs(o[k] - e[k]) <= TOL_MM, "page %zu rule %zu: %.4f, not %.4f", p + 1,
                      i, o[k], e[k]);
        }
    }
    CHECK(!find_entry("Doc_0/Pages/Page_5/Content.xml") || doc->npages > 5, "a page too many");
    compare("display list", &got, &want);
    bool traced = pdf && pdf_glyphs(pdf, pdf_len, &in_pdf, NULL);
    if (traced)
        compare("PDF", &got, &in_pdf);

    /* ---- a write that cannot happen leaves nothing behind ---- */
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/dir-XXXXXX", tmp_dir());
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char *target = gr_xasprintf("%s/no/such/folder/out.ofd", dir);
    gr_diags d2;
    gr_diags_init(&d2);
    CHECK(gr_ofd_write(doc, f, target, &d2) == GR_ERR_ENV, "write into a missing folder");
    CHECK(gr_diags_errors(&d2) > 0, "no diagnostic for a missing folder");
    char *good = gr_xasprintf("%s/out.ofd", dir);
    CHECK(gr_ofd_write(doc, f, good, &d2) == GR_OK, "write the OFD to a file");
    struct stat sb;
    CHECK(stat(good, &sb) == 0 && (size_t)sb.st_size == len, "the file is not the package");
    unlink(good);
    rmdir(dir);
    free(good);
    free(target);
    gr_diags_free(&d2);

    free(got.items);
    free(want.items);
    free(in_pdf.items);
    free(rules);
    free_entries();
    careless_doc(f);
    free(ofd);
    free(ofd2);
    free(pdf);
    gr_doc_free(doc);
    gr_report_free(r);
    gr_fonts_free(f);
    gr_diags_free(&d);
    xmlCleanupParser();
    if (!traced && !failures) {
        printf("SKIP the PDF comparison: mutool (mupdf-tools) is not installed\n");
        return 77;
    }
    return harness_end("test_ofd");
}
