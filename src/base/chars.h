/* chars: what kind of character a code point is, for the stages that read text: whitespace
 * (by who asks: XML's markup, the layout, the HTML and Word readers, import's labels) and
 * the wide characters a line of Chinese is made of. Each rule is written here once; a
 * caller names the set it needs and why. Punctuation classes are in punct.h. */
#ifndef GR_CHARS_H
#define GR_CHARS_H

#include <stdbool.h>
#include <stdint.h>

/* Sets of whitespace, each holding the one before it. They differ on purpose:
 * - GR_SPACE_XML: XML 1.0's S production (space, tab, LF, CR), the whitespace of markup
 *   (between attributes, around an element's name). No other character may count there.
 * - GR_SPACE_LAYOUT: + U+00A0 no-break space: what the layout turns into one breakable
 *   space and what compose therefore never asks a font for. U+3000 is not in it: the
 *   ideographic space is a character of the text (an indent, a gap in a title) that layout
 *   keeps or strips by its own rule (docs/typography.md §6.1). Form feed is not in it: it
 *   cannot come from an XML report, and compose reports it as a control character.
 * - GR_SPACE_HTML: + form feed: HTML's ASCII whitespace and the no-break space, which the
 *   HTML and Word readers collapse to one space (import/doc.c).
 * - GR_SPACE_ANY: + vertical tab, U+2000–U+200B (the typographic spaces and the zero-width
 *   space), U+3000 and U+FEFF (a byte-order mark inside the text): every space a published
 *   report hides around a label or a figure, which import trims and skips. */
typedef enum { GR_SPACE_XML, GR_SPACE_LAYOUT, GR_SPACE_HTML, GR_SPACE_ANY } gr_space;

/* Whether c is whitespace in the given set. */
static inline bool gr_is_space(int32_t c, gr_space set)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
    if (set == GR_SPACE_XML) return false;
    if (c == 0xA0) return true;
    if (set == GR_SPACE_LAYOUT) return false;
    if (c == '\f') return true;
    if (set == GR_SPACE_HTML) return false;
    return c == '\v' || (c >= 0x2000 && c <= 0x200B) || c == 0x3000 || c == 0xFEFF;
}

/* Whether c is wide: a character a line of Chinese is made of, a full em in a Chinese font.
 * Ideographs, radicals, kana, bopomofo, Hangul, the CJK symbols and punctuation, the
 * full-width forms; and the signs GB 2312 sets full width though Unicode gives them
 * ambiguous width: general punctuation (— … “ ” ‘ ’ ‰ ※), letterlike symbols and number
 * forms (℃ № Ⅰ), arrows, mathematical operators, the enclosed numbers (① ⑴ ⒈), box drawing,
 * geometric shapes (■ ○ ▲) and miscellaneous symbols (★). Between two wide characters a
 * line break of the source is no space (CSS Text 3), pdftotext's space is a gap of
 * justification, and a list number needs no space after it. */
bool gr_is_wide(int32_t c);

#endif
