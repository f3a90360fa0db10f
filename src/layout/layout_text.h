/* layout_text: a run of styled text → lines, per docs/typography.md §7–§8: normalisation,
 * punctuation classes and squeeze, Han–Latin spacing, UAX #14 breaks with the Chinese
 * tailoring (linebreak.h), greedy fitting with push-in/push-out, justification, the
 * orphan-character rule. Used by paragraphs and headings (grid, justified) and by table
 * cells (natural advances, ragged). Positions are relative to the line's left edge. */
#ifndef GR_LAYOUT_TEXT_H
#define GR_LAYOUT_TEXT_H

#include "layout/font.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A piece of text in one role: a run-in heading and its body text are two spans. */
typedef struct {
    const char *text; /* UTF-8 */
    size_t len;
    gr_role role;
} gr_span;

typedef struct {
    double size;         /* font size, pt */
    double width;        /* measure of every line, pt */
    double first_indent; /* extra indent of the first line (2c for paragraphs), pt */
    bool grid;           /* full-width characters at advance pitch (body grid), else natural */
    double pitch;        /* c when grid */
    bool justify;        /* justify every line but the last (§8.5) */
    bool heading_label;  /* no break after a leading number label "一、" "（一）" "1." (T3) */
} gr_text_opts;

typedef struct {
    uint32_t cp;
    int face;
    double x; /* glyph origin from the line's left edge (first_indent included), pt */
    int span; /* index of the span it comes from (a run-in heading is span 0) */
} gr_line_glyph;

typedef struct {
    gr_line_glyph *glyphs;
    size_t n;
    double width; /* right edge of the last glyph's advance, from the line's left edge */
} gr_line;

typedef struct {
    gr_line *lines;
    size_t n;
} gr_lines;

/* Break and position. A character no face of its role has is skipped here: the composer
 * checks coverage before layout and reports it. */
void gr_text_layout(const gr_fonts *f, const gr_span *spans, size_t nspans,
                    const gr_text_opts *o, gr_lines *out);
void gr_lines_free(gr_lines *l);

/* For table auto-layout (§11.5): the widest unbreakable segment and the one-line width,
 * both from one pass over the text (gr_text_widths), or each alone. */
void gr_text_widths(const gr_fonts *f, const gr_span *spans, size_t nspans,
                    const gr_text_opts *o, double *min, double *max);
double gr_text_min_width(const gr_fonts *f, const gr_span *spans, size_t nspans,
                         const gr_text_opts *o);
double gr_text_max_width(const gr_fonts *f, const gr_span *spans, size_t nspans,
                         const gr_text_opts *o);

/* The layouts and widths of short single-span texts (table labels and figures, which a
 * batch sets in every report), kept for the life of one gr_fonts: the same text in the
 * same faces lays out the same way. Safe for concurrent use; bounded in size. */
typedef struct gr_text_memo gr_text_memo;
gr_text_memo *gr_text_memo_new(void);
void gr_text_memo_free(gr_text_memo *m); /* NULL does nothing */

#endif
