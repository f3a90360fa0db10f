/* compose: model + template + style → the laid-out document: title, the six sections'
 * headings and paragraphs, the three tables, outline entries, page numbers. Checks first
 * that every character has a face in its role (an error naming the character, its U+ code
 * and its file:line) and is in the Basic Multilingual Plane. */
#ifndef GR_COMPOSE_H
#define GR_COMPOSE_H

#include "base/base.h"
#include "layout/font.h"
#include "layout/display.h"
#include "report/report.h"

/* GR_ERR_INPUT with diagnostics when a character cannot be set; *out NULL then. */
gr_status gr_compose(const gr_report *r, const gr_fonts *f, gr_doc **out, gr_diags *d);

#endif
