/* layout: a checked report → pages of positioned glyphs and rules. Fonts by role
 * (font.h), line breaking, text and table layout, composition of the whole report
 * (compose.h) and the display list it ends in (display.h). Nothing here knows which file
 * format is written.
 * May include: report, base. Only here are fontconfig (font_role.c) and HarfBuzz (font_role.c
 * and font_face.c, which implement font.h and share font_face.h) touched, and libunibreak
 * (linebreak.c). */
#ifndef GR_LAYOUT_LAYOUT_H
#define GR_LAYOUT_LAYOUT_H

#include "layout/compose.h"
#include "layout/display.h"
#include "layout/font.h"

#endif
