/* output: the pipeline for one file (render.h: load → check → compose → write) and the
 * writers that turn a display list into a file (pdf_out.h).
 * May include: layout, report, base. Only the PDF writer touches libharu. */
#ifndef GR_OUTPUT_H
#define GR_OUTPUT_H

#include "output/pdf_out.h"
#include "output/render.h"

#endif
