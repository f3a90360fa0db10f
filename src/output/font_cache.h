/* font_cache: a face's whole embedded font across processes. A render in a fresh process
 * spends most of its time subsetting its faces and deflating the subsets; the same report
 * rendered again (a clerk correcting a figure, a script re-rendering a folder) draws the
 * same characters in the same faces. Its first render therefore keeps, for each face, the
 * subset's codes, glyphs and widths and the PDF font's deflated streams (program,
 * ToUnicode, CIDSet, CIDToGIDMap), and the OFD's deflated font file, in the folder cache
 * (folder_cache.h, kind "font"), and looks there first.
 * An entry is used only when its key equals, byte for byte, the key of the face and
 * characters wanted: the program that wrote it (its GNU build ID: another build, another
 * entry), the face's file as it is now (path, index, device, inode, size, modification
 * and change times: gr_fonts_face_key) and every code point. A hash only names the file;
 * it proves nothing. A CRC-32 of the whole entry guards against a truncated or damaged
 * file. Without a build ID in the program the cache is not used. The output is the same
 * bytes with or without it. Private to src/output. */
#ifndef GR_FONT_CACHE_H
#define GR_FONT_CACHE_H

#include "base/base.h"
#include "layout/layout.h"
#include "output/font_subset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A PDF font's streams, each one zlib stream (empty when its kind of font has none). */
typedef struct {
    gr_buf program;   /* FontFile2 (TrueType) or FontFile3 (CFF) */
    gr_buf tounicode; /* the ToUnicode CMap */
    gr_buf cidset;    /* the PDF/A-1 CIDSet */
    gr_buf cidmap;    /* TrueType: the CIDToGIDMap */
} gr_font_streams;

void gr_font_streams_free(gr_font_streams *s);

/* Face of f drawing cps[0..n) (ascending) from the folder cache: its subset into *sub,
 * which has no program (data NULL, len its length) but everything else, and its streams
 * into *st (empty before). False (sub zeroed, st empty) when the folder holds no such
 * entry. */
bool gr_font_cache_get(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                       gr_font_subset *sub, gr_font_streams *st);

/* Keep sub (of face of f, made for its characters sub->cps) and its streams in the folder
 * cache. Failures are silent. */
void gr_font_cache_put(const gr_fonts *f, int face, const gr_font_subset *sub,
                       const gr_font_streams *st);

/* The OFD's standalone font file of face drawing cps[0..n) (gr_font_subset_sfnt's), as a
 * zip entry wants it: its length, CRC-32 and whether it is an OpenType CFF file ("OTTO")
 * into *len, *crc and *otto, its raw deflate stream appended to z; and the ink extents of
 * the characters (gr_fonts_ink_units: x0, x1 of cps[i] at ink[2i], ink[2i + 1]), which
 * the OFD's text boxes need and a CFF face gives only by running each charstring. False
 * (nothing changed) when the folder holds no such entry. */
bool gr_font_cache_get_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                            size_t *len, uint32_t *crc, bool *otto, int16_t *ink, gr_buf *z);
void gr_font_cache_put_file(const gr_fonts *f, int face, const uint32_t *cps, size_t n,
                            size_t len, uint32_t crc, bool otto, const int16_t *ink,
                            const unsigned char *z, size_t zlen);

#endif
