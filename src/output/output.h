/* output: the writers that turn a display list into a file (pdf_out.h, ofd_out.h), the HTML
 * page, written from the report itself (html_out.h), and the font subsets they embed
 * (font_subset.h). The pipeline that drives them (open → check →
 * compose → write) is the library's, in src/api (govreport.h).
 * May include: layout, report, base. Only the PDF writer's adapter (pdf_haru.c) touches
 * libharu; only the OFD writer writes zips; HarfBuzz only in fonts and font subsetting
 * (font_subset*.c). */
#ifndef GR_OUTPUT_H
#define GR_OUTPUT_H

#include "output/font_subset.h"
#include "output/html_out.h"
#include "output/ofd_out.h"
#include "output/pdf_out.h"

/* The writers' process-wide state (the deflate module's cache of compressed runs and its
 * idle compressors), emptied by gr_cleanup; no render may be running. Declared here so that
 * zlib and libdeflate stay inside output/. */
void gr_deflate_cleanup(void);

/* The folder cache (font_cache.c) as the store where gr_fonts_open_kept keeps what opening
 * the fonts found: entries of kind "roles", checked like the fonts' (build ID, whole key,
 * CRC-32). */
const gr_fonts_store *gr_font_roles_store(void);

#endif
