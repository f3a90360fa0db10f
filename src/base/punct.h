/* punct: the classes of Chinese punctuation (GB/T 15834), listed once for every stage.
 * Layout gives each class its cell and blanks (layout_text.c, docs/typography.md §7.2–§7.4)
 * and keeps the closing, pause and stop marks and the T1 connectors off the start of a line
 * (linebreak.c, §8.3); compose adds no space after a heading that ends in a pause or stop
 * mark; the prose check ends a figure's clause at a pause or stop mark (report/prose.c); the
 * text reader ends a paragraph at a stop mark, closing marks after it allowed
 * (import/read_text.c). A caller that also takes ASCII marks says which, beside the call. */
#ifndef GR_PUNCT_H
#define GR_PUNCT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    GR_PUNCT_NONE,
    GR_PUNCT_OPEN,    /* （〔［｛【〖《〈「『“‘〘〚: full width, blank left half */
    GR_PUNCT_CLOSE,   /* the matching closing marks: full width, blank right half */
    GR_PUNCT_COMMA,   /* 、，；： */
    GR_PUNCT_STOP,    /* 。？！ */
    GR_PUNCT_FIXED,   /* full-width marks of fixed width: — ～ … ⋯ ⸺ 〜 */
    GR_PUNCT_HALFMARK /* · ・ ／: set at half a cell, glyph centred */
} gr_punct;

gr_punct gr_punct_class(uint32_t cp);

/* A pause or a stop mark (GR_PUNCT_COMMA, GR_PUNCT_STOP: 、，；：。？！): a clause ends there.
 * A heading that ends in one needs no space after it; a figure's words do not reach past one. */
bool gr_punct_ends_clause(uint32_t cp);

/* T1 (docs/typography.md §8.3): connectors that may not start a line although UAX #14 lets
 * them: 一字线 —, ～, ~, 〜, ·, ／. (A pair —— may: linebreak.c sees to that.) */
bool gr_punct_t1(uint32_t cp);

#endif
