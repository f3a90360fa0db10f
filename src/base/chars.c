/* chars: the wide characters, once (see chars.h; the whitespace test is inline there: the
 * XML loader asks it of every byte of markup). */
#include "base/chars.h"

/* clang-format off: code point ranges read better packed */
bool gr_is_wide(int32_t c)
{
    return (c >= 0x2010 && c <= 0x206F) || /* general punctuation */
           (c >= 0x2100 && c <= 0x27BF) || /* letterlike … dingbats */
           (c >= 0x2E80 && c <= 0xA4CF) || /* radicals, CJK punctuation, kana, ideographs, Yi */
           (c >= 0xAC00 && c <= 0xD7A3) || /* Hangul syllables */
           (c >= 0xF900 && c <= 0xFAFF) || /* compatibility ideographs */
           (c >= 0xFE10 && c <= 0xFE1F) || /* vertical forms */
           (c >= 0xFE30 && c <= 0xFE6F) || /* compatibility and small forms */
           (c >= 0xFF01 && c <= 0xFF60) || /* full-width forms */
           (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x20000 && c <= 0x3FFFF); /* ideographs beyond the BMP */
}
/* clang-format on */
