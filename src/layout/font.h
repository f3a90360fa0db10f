/* font: the font roles of docs/typography.md §4, resolved through fontconfig to OpenType
 * faces (TrueType or CFF outlines), with per-glyph fallback down each role's family list
 * and metrics from HarfBuzz; the writers subset a face through its HarfBuzz face
 * (output/font_subset). font_role.c (the roles, the only file that includes fontconfig)
 * and font_face.c (face files opened and checked, a face's metrics) implement it. Fonts are
 * opened once per process and shared read-only by every report rendered. */
#ifndef GR_FONT_H
#define GR_FONT_H

#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    GR_ROLE_TITLE,      /* 小标宋 */
    GR_ROLE_H1,         /* 黑体: "一、" headings */
    GR_ROLE_H2,         /* 楷体: "（一）" headings */
    GR_ROLE_BODY,       /* 仿宋 */
    GR_ROLE_TABLE,      /* 仿宋/宋体, table body */
    GR_ROLE_TABLE_HEAD, /* 黑体, table header */
    GR_ROLE_PAGENUM,    /* 宋体 */
    GR_ROLES
} gr_role;

typedef struct gr_fonts gr_fonts;

/* Open the roles. config: a fontconfig file defining the roles (NULL: GOVREPORT_FONTS_CONF,
 * else the data folder's fonts/govreport.conf, data.h, else the built-in roles); user_dir: a folder of fonts the user owns, searched
 * first (may be NULL). GR_ERR_ENV with a diagnostic when a role has no usable face. */
gr_status gr_fonts_open(gr_fonts **out, const char *config, const char *user_dir, gr_diags *d);

/* A place that keeps, across processes, what opening the fonts found (output's folder
 * cache: gr_font_roles_store). find gives use each whole body kept under key until use
 * returns true, and says whether it did; put keeps body under key, in place of any body
 * kept under it before. Either may fail silently. */
typedef struct {
    bool (*find)(const gr_buf *key, bool (*use)(const gr_buf *body, void *ctx), void *ctx);
    void (*put)(const gr_buf *key, const gr_buf *body);
} gr_fonts_store;

/* gr_fonts_open, first looking in store for the faces of the same conf, environment and
 * font folders, and keeping them there after an open that found them through fontconfig
 * with no diagnostic (font_role.c says what makes two opens the same). NULL store: the
 * same as gr_fonts_open. Either way the same faces and roles, the same diagnostics. */
gr_status gr_fonts_open_kept(gr_fonts **out, const char *config, const char *user_dir,
                             const gr_fonts_store *store, gr_diags *d);

/* The versions of HarfBuzz ("6.0.0") and fontconfig ("2.14.1") this process runs with,
 * for --version; fontconfig's is a buffer of the calling thread. */
const char *gr_fonts_harfbuzz_version(void);
const char *gr_fonts_fontconfig_version(void);
void gr_fonts_free(gr_fonts *f); /* NULL does nothing */

/* The face that draws cp in role: the first of the role's list that has it; Latin letters
 * and digits missing there fall back to Liberation Serif. -1 when no face has cp. */
int gr_fonts_face_for(const gr_fonts *f, gr_role role, uint32_t cp);

/* Advance of cp in face at size, in points (the font's own advance, no grid). */
double gr_fonts_advance(const gr_fonts *f, int face, uint32_t cp, double size);

/* Baseline ratio: sTypoAscender/em when sTypoAscender − sTypoDescender equals the em,
 * else 0.88 (docs/typography.md §3.4). */
double gr_fonts_baseline_ratio(const gr_fonts *f, int face);

/* Height of the glyph "0" as a fraction of the em, or 0.70 when unknown (§10.2). */
double gr_fonts_digit_height(const gr_fonts *f, int face);

/* Horizontal ink extent of cp's glyph in face, as fractions of the em from the glyph
 * origin (x0 ≤ x1). A glyph without ink (or an unknown one) gives 0, 0. Used to set the
 * punctuation of fonts that centre 。、，： in the em (not GB-style) in the half of the
 * cell that GB style expects. */
void gr_fonts_ink(const gr_fonts *f, int face, uint32_t cp, double *x0, double *x1);
/* The same in whole font units, for a cache that keeps them across processes: read
 * (worked out as gr_fonts_ink does) and set (then known: gr_fonts_ink reads them). BMP
 * code points only: false, and nothing set, beyond. */
bool gr_fonts_ink_units(const gr_fonts *f, int face, uint32_t cp, int16_t *x0, int16_t *x1);
void gr_fonts_ink_set(const gr_fonts *f, int face, uint32_t cp, int16_t x0, int16_t x1);

size_t gr_fonts_face_count(const gr_fonts *f);
const char *gr_fonts_face_family(const gr_fonts *f, int face); /* "AR PL UMing CN" */

/* The outlines of a face: what a writer embeds. */
typedef enum {
    GR_OUTLINE_NONE,     /* not usable (only for faces that were refused) */
    GR_OUTLINE_TRUETYPE, /* glyf/loca */
    GR_OUTLINE_CFF,      /* OpenType CFF ('CFF ' table), name- or CID-keyed */
} gr_outline;

gr_outline gr_fonts_face_outline(const gr_fonts *f, int face);
const char *gr_fonts_face_file(const gr_fonts *f, int face); /* the file it was read from */
/* What names face's file as it was when opened, for a cache that crosses processes: its
 * path, the face's index in it, and the file's device, inode, size, modification and
 * change times, appended to out. A file replaced or changed since (a new version of a
 * font installed under the same name) gives other bytes. */
void gr_fonts_face_key(const gr_fonts *f, int face, gr_buf *out);

/* The HarfBuzz face of face, for the writers' subsetting (output/font_subset), or NULL.
 * Owned by f, shared read-only by every thread; only HarfBuzz code may use it. */
struct hb_face_t *gr_fonts_hb_face(const gr_fonts *f, int face);

/* What a PDF font descriptor says of a face; lengths in thousandths of the em. */
typedef struct {
    char psname[64]; /* PostScript name, reduced to characters a PDF name may hold */
    int ascent, descent, cap_height;
    int bbox[4]; /* xMin yMin xMax yMax of the head table */
    int italic_angle;
    bool fixed_pitch;
} gr_face_info;

void gr_fonts_face_info(const gr_fonts *f, int face, gr_face_info *out);

#endif
