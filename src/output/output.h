/* output: the pipeline for one file (render.h: load → check → compose → write), the
 * writers that turn a display list into a file (pdf_out.h, ofd_out.h), the HTML page, written
 * from the report itself (html_out.h), and the font subsets they embed (font_subset.h).
 * May include: layout, report, base. Only the PDF writer touches libharu; only the OFD
 * writer writes zips; HarfBuzz only in fonts and font subsetting (font_subset.c). */
#ifndef GR_OUTPUT_H
#define GR_OUTPUT_H

#include "output/font_subset.h"
#include "output/html_out.h"
#include "output/ofd_out.h"
#include "output/pdf_out.h"
#include "output/render.h"

#endif
