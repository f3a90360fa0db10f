/* font_subset_cff: what font_subset.c asks of a CFF program, and nothing else includes.
 * font_subset_cff.c reads CFF tables and cuts the direct subset of a CID-keyed CFF
 * without subroutines; it knows the format, not the writers (font_subset.h is theirs). */
#ifndef GR_OUTPUT_FONT_SUBSET_CFF_H
#define GR_OUTPUT_FONT_SUBSET_CFF_H

#include "base/base.h"

#include <hb.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A source face's CFF, read once for direct subsets. Safe for concurrent subsets. */
typedef struct gr_cff_source gr_cff_source;

/* The CFF of face when it is CID-keyed, has no subroutines and Type 2 charstrings; else
 * NULL (HarfBuzz then subsets it). */
gr_cff_source *gr_cff_source_read(hb_face_t *face);
void gr_cff_source_free(gr_cff_source *c); /* NULL does nothing */

/* The subset of c holding the glyphs of cps (found through font's cmap): .notdef, then
 * the glyphs in the source's order, hints dropped. The program (a bare CFF table) in
 * *data, *len bytes; the glyph of each cps[i] in *gids (n + 1 entries, 0 for a character
 * the face lacks); the glyph count in *nglyphs. The caller frees *data and *gids. */
void gr_cff_subset(gr_cff_source *c, hb_font_t *font, const uint32_t *cps, size_t n,
                   unsigned char **data, size_t *len, uint16_t **gids, unsigned *nglyphs);

/* What a writer needs of a CFF program. */
typedef struct {
    size_t outlines_off;  /* where the CharStrings' data begins */
    uint32_t *glyph_end;  /* glyph g's charstring ends at outlines_off + glyph_end[g] */
    uint16_t *cid_of;     /* the CID of each glyph (its index, in a name-keyed font) */
    char registry[64], ordering[64]; /* the ROS of a CID-keyed font, else Adobe-Identity-0 */
    int supplement;
} gr_cff_program;

/* Read the CFF program p[0..len) of nglyphs glyphs into *out; false when it is not one
 * we can read. Either way the caller frees out->glyph_end and out->cid_of. */
bool gr_cff_read(const unsigned char *p, size_t len, unsigned nglyphs, gr_cff_program *out);

#endif
