/* font_subset: the font a writer embeds for one face of a document, format-neutral.
 * Given the characters a face draws, it makes the HarfBuzz subset of that face and says
 * what every writer needs: the subset's program bytes and their kind (TrueType glyf or
 * CFF), the glyph count, the code (CID) of each character, the glyph that code draws,
 * its width and the Unicode it stands for (ToUnicode). The PDF writer and the OFD writer
 * both embed through this; only this file and layout/font.c touch HarfBuzz. */
#ifndef GR_FONT_SUBSET_H
#define GR_FONT_SUBSET_H

#include "base/base.h"
#include "layout/layout.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    GR_FONT_TRUETYPE, /* data: an sfnt with glyf outlines (PDF FontFile2, CIDFontType2) */
    GR_FONT_CFF,      /* data: a bare CFF table (PDF FontFile3 /CIDFontType0C) */
} gr_font_kind;

/* One face's subset. Character i is cps[i] (ascending); the document draws it with code
 * cids[i] (ascending too), which selects glyph gids[i] of the subset, widths[i] wide.
 * Glyph 0 (.notdef) is always in the subset and CID 0 maps to it. */
typedef struct {
    gr_font_kind kind;
    unsigned char *data; /* the font program, len bytes */
    size_t len;
    size_t n;           /* characters */
    uint32_t *cps;      /* their Unicode code points, ascending */
    uint16_t *cids;     /* the code (CID) of each, ascending; 0 is never one of them */
    uint16_t *gids;     /* the subset's glyph of each (0: the face lacks the character) */
    int *widths;        /* advances in thousandths of the em */
    unsigned nglyphs;   /* glyphs in the subset program */
    unsigned cid_count; /* CIDs 0 .. cid_count − 1 are defined: the largest code + 1 */
} gr_font_subset;

/* Subset face to the code points cps[0..n) (ascending, no duplicates). The program keeps
 * neither cmap nor name: the writer maps codes to glyphs itself. GR_ERR_ENV when the face
 * cannot be subset. Free the result with gr_font_subset_free. Safe for concurrent callers;
 * repeated requests for the same characters of a face are served from a memo. */
gr_status gr_font_subset_make(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              gr_font_subset *out);
void gr_font_subset_free(gr_font_subset *s); /* a zeroed subset does nothing */

/* The code (CID) that draws cp, or 0 when cp is not one of the subset's characters. */
unsigned gr_font_subset_code(const gr_font_subset *s, uint32_t cp);

/* Write a standalone font file of face holding cps (with cmap and name, so any program
 * can use it) to path. GR_ERR_ENV when it cannot. */
gr_status gr_font_subset_write(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                               const char *path);

/* The same standalone font file (with cmap and name) in memory, for a format whose reader
 * maps the text's characters to glyphs through the embedded font's own cmap (OFD). The
 * caller frees *data. Not memoised. GR_ERR_ENV when the face cannot be subset. */
gr_status gr_font_subset_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              unsigned char **data, size_t *len);

#endif
