/* display: blocks → pages. Owns the page geometry of GB/T 9704 (docs/typography.md §2–§3), the
 * display list (positioned glyphs and rules, in PDF points, origin bottom-left) and the
 * flow cursor that text and tables advance. It knows nothing about PDF. */
#ifndef GR_DISPLAY_H
#define GR_DISPLAY_H

#include "layout/font.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- geometry (docs/typography.md §2, §3); computed from the millimetre values ---- */
#define GR_MM (72.0 / 25.4)
#define GR_PAGE_W (210.0 * GR_MM)
#define GR_PAGE_H (297.0 * GR_MM)
#define GR_BLOCK_W (156.0 * GR_MM)              /* W = 442.205 */
#define GR_BLOCK_H (225.0 * GR_MM)              /* H = 637.795 */
#define GR_BLOCK_X0 (28.0 * GR_MM)              /* 79.370 */
#define GR_BLOCK_X1 (GR_BLOCK_X0 + GR_BLOCK_W)  /* 521.575 */
#define GR_BLOCK_TOP (GR_PAGE_H - 37.0 * GR_MM) /* yT = 737.008 */
#define GR_BLOCK_BOTTOM (GR_BLOCK_TOP - GR_BLOCK_H) /* yB = 99.213 */
#define GR_BODY_SIZE 16.0                          /* 三号 */
#define GR_TITLE_SIZE 22.0                         /* 二号 */
#define GR_TABLE_SIZE 10.5                         /* 五号 */
#define GR_TABLE_SMALL_SIZE 9.0                    /* 小五 */
#define GR_PAGENUM_SIZE 14.0                       /* 四号 */
#define GR_CHAR_PITCH (GR_BLOCK_W / 28.0)          /* c = 15.793 */
#define GR_LINE_PITCH ((GR_BLOCK_H - GR_BODY_SIZE) / 21.0) /* p = 29.609 */
#define GR_TITLE_PITCH (GR_TITLE_SIZE + 14.0)      /* 36 */
#define GR_EPS 0.01

/* ---- logical structure (what a tagged PDF's structure tree says) ----
 * Every glyph and rule carries a mark: the structure element whose content it is (> 0),
 * or the kind of artifact it is (≤ 0: page furniture a screen reader skips). The elements
 * form a tree in doc->elems, in reading order (an element follows its parent, siblings in
 * order); elems[0] is the document root. Additive: a reader of the display list that
 * ignores marks and elements sees the same glyphs and rules as before. */
typedef enum {
    GR_S_DOCUMENT, /* the root */
    GR_S_H1,       /* the title */
    GR_S_H2,       /* a section heading 一、… */
    GR_S_H3,       /* a subheading set as a block of its own */
    GR_S_P,        /* a paragraph */
    GR_S_SPAN,     /* a run-in subheading inside its paragraph: （一）主动公开： */
    GR_S_TABLE,    /* one table, however many pages it covers */
    GR_S_THEAD,    /* the header rows that repeat on each page */
    GR_S_TBODY,
    GR_S_TR,
    GR_S_TH, /* a header cell: a column head (scope column) or a row label (scope row) */
    GR_S_TD,
    GR_S_TYPES
} gr_struct_type;

typedef enum { GR_SCOPE_NONE, GR_SCOPE_ROW, GR_SCOPE_COLUMN } gr_scope;

typedef struct {
    gr_struct_type type;
    int parent;           /* index in doc->elems; -1 for the root */
    gr_scope scope;       /* GR_S_TH only */
    int rowspan, colspan; /* table cells: grid rows and columns covered (1 when not merged) */
} gr_struct_elem;

/* Marks ≤ 0: artifacts. */
#define GR_MARK_LAYOUT 0      /* rules and decoration (the default: a glyph no one claims) */
#define GR_MARK_PAGINATION -1 /* page numbers, 续表, repeated header rows and row labels */

/* ---- display list ---- */
typedef struct {
    uint32_t cp;
    int face;
    float size;
    double x, y; /* glyph origin on the baseline, PDF points */
    int mark;    /* the structure element (index in doc->elems) or a GR_MARK_ artifact */
} gr_glyph;

typedef struct {
    double x0, y0, x1, y1; /* a straight line, PDF points */
    double width;
    int mark; /* as gr_glyph's */
} gr_rule;

typedef struct {
    gr_glyph *glyphs;
    size_t nglyphs, capglyphs;
    gr_rule *rules;
    size_t nrules, caprules;
    int number;         /* 1-based page number */
    struct gr_doc *doc; /* the owner: its current mark goes on what is added */
} gr_page;

typedef struct {
    char *title; /* UTF-8 */
    int page;    /* 0-based page index */
    double y;    /* PDF y of the entry's top */
    int level;   /* 0 for the six sections */
} gr_outline_entry;

typedef struct gr_doc {
    gr_page *pages;
    size_t npages, cappages;
    gr_outline_entry *outline;
    size_t noutline, capoutline;
    char *title, *author, *subject;
    char *date; /* "YYYY-MM-DD": the document info dates, so output is reproducible */
    char *lang; /* BCP 47 language of the text ("zh-CN"); NULL: unknown */
    gr_struct_elem *elems; /* the structure tree; empty when the producer set none */
    size_t nelems, capelems;
    int open; /* the element being filled (new elements become its children) */
    int mark; /* the mark given to glyphs and rules added now */
} gr_doc;

/* ---- what a writer draws ----
 * The PDF and the OFD writer draw the same glyphs and rules of one display list, so that
 * the two files of a report show the same pages. A glyph is drawn when its face is one of
 * the nfaces, its character one a reader can draw and both formats can carry (from U+0020,
 * not DEL, a surrogate or the noncharacters U+FFFE/U+FFFF, which XML cannot hold, and
 * within the BMP: both writers' codes are 2 bytes and the composer sets the BMP only), its
 * size above 0 and at most GR_GLYPH_SIZE_MAX, and its origin on the page (a finite
 * coordinate within GR_COORD_MAX). A rule is drawn when its ends are on the page and its
 * width is above 0 (PDF draws a width of 0 as the thinnest line a device can show, OFD not
 * at all) and at most GR_RULE_WIDTH_MAX. Anything else is a layout bug, left out rather
 * than written as a file a reader may refuse. */
#define GR_COORD_MAX 14400.0    /* pt: 200 in, PDF's largest page side (ISO 32000-1, C.2) */
#define GR_GLYPH_SIZE_MAX 600.0 /* pt: 21 cm, wider than the page; the title is 22 */
#define GR_RULE_WIDTH_MAX 100.0 /* pt: 35 mm; the table's rules are under 1 */
/* Inline: the writers ask this of every glyph. A NaN fails both comparisons. */
static inline bool gr_coord_on_page(double v)
{
    return v > -GR_COORD_MAX && v < GR_COORD_MAX;
}

static inline bool gr_glyph_drawable(const gr_glyph *g, size_t nfaces)
{
    uint32_t cp = g->cp;
    return g->face >= 0 && (size_t)g->face < nfaces && cp >= 0x20 && cp != 0x7F &&
           !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF && cp < 0x10000 &&
           g->size > 0 && g->size <= GR_GLYPH_SIZE_MAX && gr_coord_on_page(g->x) &&
           gr_coord_on_page(g->y);
}
bool gr_rule_drawable(const gr_rule *r);
/* The code points each face draws (gr_glyph_drawable), ascending and each once: cps[f] (the
 * caller frees it) holds n[f] of them; a face drawn nowhere gets NULL and 0. What both
 * writers embed a subset of. */
void gr_doc_face_chars(const gr_doc *doc, size_t nfaces, uint32_t **cps, size_t *n);

gr_doc *gr_doc_new(void);
void gr_doc_free(gr_doc *doc); /* NULL does nothing */
gr_page *gr_doc_add_page(gr_doc *doc);
void gr_doc_add_outline(gr_doc *doc, const char *title, int level, int page, double y);
void gr_page_add_glyph(gr_page *pg, uint32_t cp, int face, double size, double x, double y);
void gr_page_add_rule(gr_page *pg, double x0, double y0, double x1, double y1, double width);

/* Open a structure element as the last child of the open one (the root is made on first
 * use); what is added until it closes is its content. Returns its index. */
int gr_doc_struct_open(gr_doc *doc, gr_struct_type type);
/* A child of parent that does not become the open element (table rows and cells are made
 * ahead of drawing). */
int gr_doc_struct_add(gr_doc *doc, int parent, gr_struct_type type);
/* Close the open element: its parent is open again, and marks what follows. */
void gr_doc_struct_close(gr_doc *doc);
/* Set the mark of what is added next (an element or a GR_MARK_ artifact); returns the
 * previous one, to restore. */
int gr_doc_set_mark(gr_doc *doc, int mark);

/* ---- flow: the cursor that blocks advance ---- */
typedef struct {
    gr_doc *doc;
    const gr_fonts *fonts;
    gr_page *page; /* current page */
    double y;      /* from the block top to the next line's em-box top, pt (§9.1) */
} gr_flow;

void gr_flow_init(gr_flow *fl, gr_doc *doc, const gr_fonts *fonts); /* opens page 1 */
void gr_flow_new_page(gr_flow *fl);
/* Room left on the current page below the cursor, pt. */
double gr_flow_room(const gr_flow *fl);
/* PDF y of a distance below the block top. */
double gr_flow_pdf_y(double from_top);

/* Draw "— N —" on every page (§10). */
void gr_layout_page_numbers(gr_doc *doc, const gr_fonts *fonts);

#endif
