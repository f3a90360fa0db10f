/* output: the pipeline for one file (render.h: load → check → compose → write) and the
 * writers that turn a display list into a file (pdf_out.h, ofd_out.h).
 * May include: layout, report, base. Only the PDF writer touches libharu; only the OFD
 * writer writes zips. */
#ifndef GR_OUTPUT_H
#define GR_OUTPUT_H

#include "output/ofd_out.h"
#include "output/pdf_out.h"
#include "output/render.h"

#endif
