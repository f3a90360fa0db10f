/* punct: the classes of Chinese punctuation (GB/T 15834) that composition and line breaking
 * both rely on, listed once. layout_text.c gives each class its cell and blanks
 * (docs/typography.md §7.2–§7.4); linebreak.c keeps the closing, pause and stop marks and
 * the T1 connectors off the start of a line (§8.3). Private to src/layout. */
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

/* T1 (docs/typography.md §8.3): connectors that may not start a line although UAX #14 lets
 * them: 一字线 —, ～, ~, 〜, ·, ／. (A pair —— may: linebreak.c sees to that.) */
bool gr_punct_t1(uint32_t cp);

#endif
