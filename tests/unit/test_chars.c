/* Unit tests for base/chars.c and base/punct.c: each whitespace set holds what its callers
 * need and nothing more (XML's S, the layout's, HTML's, import's), the wide characters, and
 * the punctuation classes that compose, the prose check and the text reader build on. */
#include "base/base.h"

#include "harness.h"

static void test_space(void)
{
    /* XML 1.0's S and nothing else: a no-break space is text in markup */
    const int32_t xml[] = {' ', '\t', '\n', '\r'};
    for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
        for (int set = GR_SPACE_XML; set <= GR_SPACE_ANY; set++)
            CHECK(gr_is_space(xml[i], (gr_space)set), "U+%04X in set %d", (unsigned)xml[i], set);
    CHECK_TRUE(!gr_is_space(0xA0, GR_SPACE_XML));
    CHECK_TRUE(!gr_is_space('\f', GR_SPACE_XML));
    /* the layout: + no-break space; U+3000 and form feed stay characters of the text */
    CHECK_TRUE(gr_is_space(0xA0, GR_SPACE_LAYOUT));
    CHECK_TRUE(!gr_is_space(0x3000, GR_SPACE_LAYOUT));
    CHECK_TRUE(!gr_is_space('\f', GR_SPACE_LAYOUT));
    /* HTML and Word: + form feed, still not U+3000 (an indent the reader drops by itself) */
    CHECK_TRUE(gr_is_space('\f', GR_SPACE_HTML));
    CHECK_TRUE(gr_is_space(0xA0, GR_SPACE_HTML));
    CHECK_TRUE(!gr_is_space(0x3000, GR_SPACE_HTML));
    CHECK_TRUE(!gr_is_space('\v', GR_SPACE_HTML));
    /* import's labels: every space a published report hides */
    const int32_t any[] = {'\v', 0x2000, 0x2002, 0x2009, 0x200B, 0x3000, 0xFEFF};
    for (size_t i = 0; i < sizeof any / sizeof any[0]; i++) {
        CHECK(gr_is_space(any[i], GR_SPACE_ANY), "U+%04X in GR_SPACE_ANY", (unsigned)any[i]);
        CHECK(!gr_is_space(any[i], GR_SPACE_HTML), "U+%04X not in GR_SPACE_HTML", (unsigned)any[i]);
    }
    /* never spaces: letters, ideographs, the joiners next to the zero-width space, -1 */
    const int32_t none[] = {'a', '0', 0x4E00, 0x200C, 0x200D, 0x1FFF, 0x3001, 0, -1};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        CHECK(!gr_is_space(none[i], GR_SPACE_ANY), "U+%04X is no space", (unsigned)none[i]);
}

static void test_wide(void)
{
    /* ideographs (BMP and beyond), CJK punctuation, kana, full-width forms, Hangul, and the
     * ambiguous signs a Chinese font sets full width */
    const int32_t wide[] = {0x4E00, 0x9FA5, 0x3400, 0x20000, 0x2A6D6, 0x3001, 0x3002, 0x3000,
                            0xFF08, 0xFF0C, 0xFF10, 0xFFE5,  0x3042,  0x30A2, 0xAC00, 0xF900,
                            0xFE31, 0xFE50, 0xFE10, 0x2014,  0x2026,  0x201C, 0x201D, 0x2030,
                            0x203B, 0x2103, 0x2116, 0x2160,  0x2192,  0x2208, 0x2460, 0x2474,
                            0x2488, 0x2500, 0x25A0, 0x25CB,  0x2605};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        CHECK(gr_is_wide(wide[i]), "U+%04X is wide", (unsigned)wide[i]);
    /* Latin, figures, Greek, half-width katakana, private use, specials, -1 */
    const int32_t narrow[] = {'a',    'Z',    '5',    ' ',    0xA0,   0xE9,   0x3B1, 0x0800, 0x2009,
                              0xFF61, 0xFF9E, 0xE000, 0xF8FF, 0xFFFD, 0xFB01, -1,    0};
    for (size_t i = 0; i < sizeof narrow / sizeof narrow[0]; i++)
        CHECK(!gr_is_wide(narrow[i]), "U+%04X is not wide", (unsigned)narrow[i]);
}

static void test_punct(void)
{
    /* the pause and stop marks end a clause; the others do not */
    const uint32_t ends[] = {0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0x3002, 0xFF1F, 0xFF01};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        CHECK(gr_punct_ends_clause(ends[i]), "U+%04X ends a clause", (unsigned)ends[i]);
    const uint32_t not_ends[] = {0xFF09, 0x201D, 0x300B, 0x2014, 0x00B7, ',', ';', '.', 0x4E00};
    for (size_t i = 0; i < sizeof not_ends / sizeof not_ends[0]; i++)
        CHECK(!gr_punct_ends_clause(not_ends[i]), "U+%04X ends no clause", (unsigned)not_ends[i]);
    CHECK_TRUE(gr_punct_class(0x3002) == GR_PUNCT_STOP);
    CHECK_TRUE(gr_punct_class(0xFF1B) == GR_PUNCT_COMMA);
    /* every opening mark has its closing one */
    const uint32_t open[] = {0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3010, 0x3016, 0x300A,
                             0x3008, 0x300C, 0x300E, 0x201C, 0x2018, 0x3018, 0x301A};
    const uint32_t close[] = {0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x3011, 0x3017, 0x300B,
                              0x3009, 0x300D, 0x300F, 0x201D, 0x2019, 0x3019, 0x301B};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
        CHECK(gr_punct_class(open[i]) == GR_PUNCT_OPEN, "U+%04X opens", (unsigned)open[i]);
        CHECK(gr_punct_class(close[i]) == GR_PUNCT_CLOSE, "U+%04X closes", (unsigned)close[i]);
    }
    CHECK_TRUE(gr_punct_class(')') == GR_PUNCT_NONE); /* ASCII marks: the caller decides */
}

int main(void)
{
    test_space();
    test_wide();
    test_punct();
    return harness_end("test_chars");
}
