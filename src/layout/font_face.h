/* font_face: what the two files behind font.h share, and nothing else includes. font_face.c
 * opens and checks face files and answers for a face (coverage, advances, ink, descriptor);
 * font_role.c resolves the roles to faces through fontconfig, on top of it. HarfBuzz's
 * objects stay in these files; fontconfig's stay in font_role.c. */
#ifndef GR_LAYOUT_FONT_FACE_H
#define GR_LAYOUT_FONT_FACE_H

#include "layout/font.h"

#include <hb.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GR_FONTS_MAX_FACES 64    /* faces are int8 in the role tables; a conf names ~20 */
#define GR_FONTS_MAX_FAMILIES 32 /* per role; ours have at most 6 */
#define GR_BMP 0x10000           /* UTF-8 mode of the PDF writer draws the BMP only */
#define GR_CELLS 256 /* code points per lazily allocated block of a table */
#define GR_BLOCKS (GR_BMP / GR_CELLS)

/* A BMP table of atomic cells, 0 meaning "not yet known", in blocks allocated on first
 * use. Cells are written by whichever reader first needs them; racing writers store the
 * same value. */
typedef struct {
    _Atomic(void *) blocks[GR_BLOCKS];
} lazy_table;

typedef struct {
    char *file;
    int index;
    char *family; /* as the conf named it */
    gr_outline outline;
    hb_blob_t *blob;
    hb_face_t *hbface;
    hb_font_t *hbfont; /* scale = upem: advances in font units */
    unsigned upem;
    double baseline_ratio;
    _Atomic uint64_t digit_height; /* the double's bits, 0 until first asked (it reads the
                                      outline of "0": a CFF face's charstrings set up) */
    hb_position_t notdef_adv; /* the advance of code points the face lacks */
    lazy_table metrics;       /* atomic_uint cells, GR_METRIC_* */
    lazy_table ink;           /* atomic_ullong cells: GR_INK_KNOWN | x1 << 16 | x0 (int16) */
    uint64_t stamp[7]; /* the file when opened: dev, ino, size, mtime s/ns, ctime s/ns */
} face;

typedef struct {
    int faces[GR_FONTS_MAX_FAMILIES];
    int n;
    lazy_table table; /* atomic_schar cells: 0 unknown, else the face drawing cp + 2 */
} role_faces;

struct gr_fonts {
    face faces[GR_FONTS_MAX_FACES];
    int nfaces;
    role_faces roles[GR_ROLES + 1];
    struct gr_text_memo *text_memo; /* layout_text's results for short texts in these faces */
};

/* The block of t holding cp, allocated (zeroed) and published on first use; t may hang off
 * a const gr_fonts. Freed, with every block, by gr_font_lazy_free. */
void *gr_font_lazy_block(const lazy_table *t, uint32_t cp, size_t cell_size);
void gr_font_lazy_free(lazy_table *t);

/* Open file:index as a face of f if it has outlines we embed (TrueType glyf or CFF): its
 * id (a file:index already open gives its id again), or -1 with the reason in why (a
 * phrase for a diagnostic). */
int gr_font_face_open(gr_fonts *f, const char *file, int index, const char *family,
                      const char **why);
void gr_font_face_release(face *fc);

/* Whether fc has a glyph for cp (looked up once for cp in the BMP). */
bool gr_font_covers(const face *fc, uint32_t cp);

/* The regular files of the user's font folder, to be given to fontconfig one by one. */
typedef struct {
    char **paths;
    size_t n, cap;
} gr_font_files;

/* Walk the user's font folder dir (and its folders) before any library opens a file of it:
 * regular files go to *files; a FIFO, a socket or a device is passed over with W-FONT
 * naming it; a font file that cannot be embedded is an error naming it. The number of
 * such errors. */
int gr_font_check_dir(const char *dir, gr_font_files *files, gr_diags *d);
void gr_font_files_free(gr_font_files *files);

#endif
