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

/* ---- display list ---- */
typedef struct {
    uint32_t cp;
    int face;
    float size;
    double x, y; /* glyph origin on the baseline, PDF points */
} gr_glyph;

typedef struct {
    double x0, y0, x1, y1; /* a straight line, PDF points */
    double width;
} gr_rule;

typedef struct {
    gr_glyph *glyphs;
    size_t nglyphs, capglyphs;
    gr_rule *rules;
    size_t nrules, caprules;
    int number; /* 1-based page number */
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
} gr_doc;

gr_doc *gr_doc_new(void);
void gr_doc_free(gr_doc *doc); /* NULL does nothing */
gr_page *gr_doc_add_page(gr_doc *doc);
void gr_doc_add_outline(gr_doc *doc, const char *title, int level, int page, double y);
void gr_page_add_glyph(gr_page *pg, uint32_t cp, int face, double size, double x, double y);
void gr_page_add_rule(gr_page *pg, double x0, double y0, double x1, double y1, double width);

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
