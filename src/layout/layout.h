/* layout: a checked report → pages of positioned glyphs and rules. Fonts by role
 * (font.h), line breaking, text and table layout, composition of the whole report
 * (compose.h) and the display list it ends in (display.h). Nothing here knows which file
 * format is written.
 * May include: report, base. Only here are fontconfig and HarfBuzz touched (font.c), and
 * libunibreak (linebreak.c). */
#ifndef GR_LAYOUT_LAYOUT_H
#define GR_LAYOUT_LAYOUT_H

#include "layout/compose.h"
#include "layout/display.h"
#include "layout/font.h"

#endif
