/* deflate: the Flate streams of a PDF and the deflated entries of an OFD package, made
 * here by libdeflate rather than by libharu or libzip. A font file is deflated piece by
 * piece (gr_zfonts), with a process-wide cache of compressed glyph runs (batches repeat
 * most of them) and, for a render alone, a helper thread on the second core. Output never
 * depends on the cache or the thread: a piece is deflated the same way either way. No
 * libharu or libzip here (the writers hand the bytes to them). Private to src/output. */
#ifndef GR_DEFLATE_H
#define GR_DEFLATE_H

#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libdeflate's levels (1–12): at the same level it makes smaller output than zlib, in
 * about half the time (README "Performance"). */
#define GR_ZLEVEL_FONT 1 /* runs of glyphs: outlines hardly compress, and level 1 makes the
                            smallest runs of a CFF body face, at 4 times zlib's level 5 speed */
#define GR_ZLEVEL 6      /* small streams (ToUnicode, widths) */
#define GR_ZLEVEL_PAGE 1 /* page contents: smaller than zlib's level 2, in half its time */
#define GR_ZLEVEL_MAX 12 /* libdeflate's highest */

/* raw[0..n) as one zlib stream at level (1–GR_ZLEVEL_MAX), appended to out; false when
 * out of memory. Safe for concurrent callers. */
bool gr_deflate(int level, const unsigned char *raw, size_t n, gr_buf *out);
/* The same, kept in the process's cache of runs: a stream that repeats in a batch (the
 * ToUnicode map and widths of a heading face) is deflated once. */
bool gr_deflate_memo(int level, const unsigned char *raw, size_t n, gr_buf *out);
/* The CRC-32 of data[0..n) (a zip entry's). */
uint32_t gr_crc32(const void *data, size_t n);
/* The same as a raw deflate stream (a zip entry's data), with the CRC-32 of raw. */
bool gr_deflate_raw(int level, const unsigned char *raw, size_t n, gr_buf *out, uint32_t *crc);

/* The font files of one render, to be deflated in pieces: the tables before the outlines
 * (glyf, or a CFF table's CharStrings), runs of glyphs cut at points that depend only on
 * their bytes (cached across renders), and the tables after. */
typedef struct gr_zfonts gr_zfonts;

/* A render begins: its pieces, none yet. Counted among the renders in progress. */
gr_zfonts *gr_zfonts_new(void);
/* Plan the pieces of font, an sfnt (font is borrowed until gr_zfonts_free); the index of the
 * first piece is returned in *first, their count as the value. */
size_t gr_zfonts_plan(gr_zfonts *j, const unsigned char *font, size_t len, size_t *first);
/* The same for a font program whose glyph outlines are known to lie end to end from
 * outlines_off, glyph g ending glyph_end[g] bytes after it (a CFF program's CharStrings). */
size_t gr_zfonts_plan_glyphs(gr_zfonts *j, const unsigned char *font, size_t len,
                             size_t outlines_off, const uint32_t *glyph_end, size_t nglyphs,
                             size_t *first);
/* Whether this render may use the second core before its pieces are planned (to subset its
 * faces, font_subset.h): it is the process's first render (every memo is cold) and the
 * only one in progress. */
bool gr_zfonts_cold_solo(const gr_zfonts *j);
/* Whether this render reads and fills the folder cache (folder_cache.h): it is the
 * process's first, and the cache is on. */
bool gr_zfonts_folder(const gr_zfonts *j);
/* Begin deflating on a helper thread, when this render is the only one in progress and the
 * cache lacks enough of the pieces to be worth one; otherwise nothing happens yet. */
void gr_zfonts_start(gr_zfonts *j);
/* Deflate what is left on this thread, and wait for the helper. */
void gr_zfonts_finish(gr_zfonts *j);
/* Pieces first..first+n-1 (one font, after gr_zfonts_finish) as one zlib stream onto out;
 * false when a piece failed to deflate. */
bool gr_zfonts_assemble(const gr_zfonts *j, size_t first, size_t n, gr_buf *out);
/* The same as a raw deflate stream with the CRC-32 of the font (a zip entry's data). */
bool gr_zfonts_assemble_raw(const gr_zfonts *j, size_t first, size_t n, gr_buf *out,
                            uint32_t *crc);
/* The render ends (a helper still running stops taking pieces and is waited for). NULL does
 * nothing. */
void gr_zfonts_free(gr_zfonts *j);

#endif
