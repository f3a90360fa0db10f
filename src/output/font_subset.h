/* font_subset: the font a writer embeds for one face of a document, format-neutral.
 * Given the characters a face draws, it makes the HarfBuzz subset of that face and says
 * what every writer needs: the subset's program bytes and their kind (TrueType glyf or
 * CFF), the glyph count, the code (CID) of each character, the glyph that code draws,
 * its width and the Unicode it stands for (ToUnicode). The PDF writer and the OFD writer
 * both embed through this; only this file and layout/font_*.c touch HarfBuzz. */
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
 * cids[i], which selects glyph gids[i] of the subset, widths[i] wide. Glyph 0 (.notdef)
 * is always in the subset and CID 0 maps to it.
 * TrueType: codes are 1, 2, … in the order of the characters (a CIDToGIDMap leads to the
 * glyphs). CFF: a code is the CID the subset's charset gives its glyph (for a CID-keyed
 * font, its CID in the font's own collection, such as Adobe-GB1); for a name-keyed CFF
 * the glyph index itself. Two characters drawn by one glyph (U+2F00 ⼀ and U+4E00 一 in
 * many CJK fonts) then share a code, and the first of them is its Unicode. */
typedef struct {
    gr_font_kind kind;
    unsigned char *data; /* the font program, len bytes */
    size_t len;
    size_t n;           /* characters */
    uint32_t *cps;      /* their Unicode code points, ascending */
    uint16_t *cids;     /* the code (CID) of each; 0 only for a character the face lacks */
    uint16_t *gids;     /* the subset's glyph of each (0: the face lacks the character) */
    int *widths;        /* advances in thousandths of the em */
    unsigned nglyphs;   /* glyphs in the subset program */
    unsigned cid_count; /* CIDs 0 .. cid_count − 1 are defined: the largest code + 1 */
    /* where the glyph outlines lie in data (glyf, or CFF CharStrings data): glyph g spans
     * outlines_off + [g ? glyph_end[g − 1] : 0, glyph_end[g]); NULL when unknown */
    size_t outlines_off;
    uint32_t *glyph_end;
    uint16_t *glyph_cid; /* CFF: the CID of each glyph of the program; NULL for TrueType */
    /* the character collection the CIDs belong to (a CID-keyed CFF's ROS), else
     * Adobe-Identity-0 */
    char registry[64], ordering[64];
    int supplement;
} gr_font_subset;

/* Subset face to the code points cps[0..n) (ascending, no duplicates). The program keeps
 * neither cmap nor name: the writer maps codes to glyphs itself. GR_ERR_ENV when the face
 * cannot be subset. Free the result with gr_font_subset_free. Safe for concurrent callers;
 * repeated requests for the same characters of a face are served from a memo. */
gr_status gr_font_subset_make(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              gr_font_subset *out);
void gr_font_subset_free(gr_font_subset *s); /* a zeroed subset does nothing */

/* gr_font_subset_make for every face fi of nfaces with ns[fi] > 0, into subs[fi] and its
 * status into st[fi] (faces without characters: zeroed, GR_OK). With two_threads a helper
 * thread takes faces too, the largest first: the render's subsetting then takes about as
 * long as its largest face (a cold render: 13 M instructions, most of them the body face). */
void gr_font_subset_make_faces(const gr_fonts *f, size_t nfaces, uint32_t *const *cps,
                               const size_t *ns, bool two_threads, gr_font_subset *subs,
                               gr_status *st);

/* The CIDs the program defines, ascending, CID 0 included (what a PDF/A CIDSet lists):
 * allocated into *out, their count returned. */
size_t gr_font_subset_cid_list(const gr_font_subset *s, uint16_t **out);

/* The code (CID) that draws cp, or 0 when cp is not one of the subset's characters. */
unsigned gr_font_subset_code(const gr_font_subset *s, uint32_t cp);

/* A standalone font file of face holding cps, in memory: an OpenType/TrueType file with
 * cmap and name, so that any program can use it (an OFD package embeds fonts as files; a
 * CFF face's gr_font_subset program is a bare CFF table, PDF's form). Caller frees *data.
 * GR_ERR_ENV when it cannot. Served from a memo like gr_font_subset_make's. */
gr_status gr_font_subset_sfnt(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                              unsigned char **data, size_t *len);


#endif
