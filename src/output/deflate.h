/* deflate: the Flate streams of a PDF, made here rather than by libharu. A font file is
 * deflated piece by piece (gr_zfonts), with a process-wide cache of compressed glyph runs
 * (batches repeat most of them) and, for a render alone, a helper thread on the second core.
 * Output never depends on the cache or the thread: a piece is deflated the same way either
 * way. No libharu here (pdf_out.c hands the bytes to it). Private to src/output. */
#ifndef GR_DEFLATE_H
#define GR_DEFLATE_H

#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#define GR_ZLEVEL 5      /* a fifth faster than zlib's default 6 for 1% more bytes */
#define GR_ZLEVEL_PAGE 2 /* page contents: half the time of level 5, 2% more bytes a PDF */

/* Set up zs for raw deflate (font pieces) or the zlib format (whole streams), at GR_ZLEVEL.
 * False when zlib cannot (out of memory); then zs needs no deflateEnd. */
bool gr_deflate_init(z_stream *zs, bool raw);

/* Deflate raw[0..n) at level onto out, ended by a sync flush (final when last). The stream
 * is reset first, so the bytes depend on raw and the level alone. */
bool gr_deflate(z_stream *zs, int level, const unsigned char *raw, size_t n, bool last,
                gr_buf *out);

/* The font files of one render, to be deflated in pieces: the tables before glyf, runs of
 * glyphs cut at points that depend only on their bytes (cached across renders), and the
 * tables after. */
typedef struct gr_zfonts gr_zfonts;

/* A render begins: its pieces, none yet. Counted among the renders in progress. */
gr_zfonts *gr_zfonts_new(void);
/* Plan font's pieces (font is borrowed until gr_zfonts_free); the index of the first piece
 * is returned in *first, their count as the value. */
size_t gr_zfonts_plan(gr_zfonts *j, const unsigned char *font, size_t len, size_t *first);
/* The same for a font program whose glyph outlines are known to lie end to end from
 * outlines_off, glyph g ending glyph_end[g] bytes after it (a CFF program's CharStrings). */
size_t gr_zfonts_plan_glyphs(gr_zfonts *j, const unsigned char *font, size_t len,
                             size_t outlines_off, const uint32_t *glyph_end, size_t nglyphs,
                             size_t *first);
/* Begin deflating on a helper thread, when this render is the only one in progress and the
 * cache lacks enough of the pieces to be worth one; otherwise nothing happens yet. */
void gr_zfonts_start(gr_zfonts *j);
/* Deflate what is left on this thread (zs: a raw stream, gr_deflate_init(zs, true)), and
 * wait for the helper. */
void gr_zfonts_finish(gr_zfonts *j, z_stream *zs);
/* Pieces first..first+n-1 (one font, after gr_zfonts_finish) as one zlib stream onto out;
 * false when a piece failed to deflate. */
bool gr_zfonts_assemble(const gr_zfonts *j, size_t first, size_t n, gr_buf *out);
/* The render ends (a helper still running stops taking pieces and is waited for). NULL does
 * nothing. */
void gr_zfonts_free(gr_zfonts *j);

#endif
