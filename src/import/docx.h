/* docx: what the three files of the .docx reader share, and nothing else includes. The
 * package (docx_package.c) opens the zip from memory and hands over the parsed parts; the
 * numbering (docx_numbering.c) writes out Word's automatic numbers; the walker (read_docx.c)
 * turns the main part into blocks. libxml2's objects stay inside these files. */
#ifndef GR_IMPORT_DOCX_H
#define GR_IMPORT_DOCX_H

#include "base/base.h"

#include <libxml/tree.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GR_DOCX_MAX_DEPTH 256 /* libxml2's own nesting bound without XML_PARSE_HUGE */
#define GR_DOCX_LEVELS 9      /* w:ilvl 0–8 */
#define GR_DOCX_MAX_DEFS 8192 /* styles, lists: a document has a few hundred; more are ignored */
/* Nodes (elements, attributes, pieces of text) held in memory at once: a part's tree, or one
 * block of the main part (a paragraph, a table). A whole report is ~17,000; the sample's
 * prose grown thirtyfold (12 MB of XML) holds 60,000 in its largest block. Each costs ~200
 * bytes in libxml2's tree: the cap keeps one tree under 60 MB (README, "Memory"). */
#define GR_DOCX_MAX_NODES 250000

/* ---- the package (docx_package.c) ---- */

/* The parts of an opened .docx the walker reads; each owned here, freed by gr_docx_close. */
typedef struct {
    char *main_name;   /* the main part's name in the package, "word/document.xml" */
    char *main_xml;    /* the main part's bytes, parsed as a stream by gr_docx_read_main */
    size_t main_len;
    xmlDocPtr styles;  /* styles.xml, NULL when the package has none */
    xmlDocPtr numbers; /* numbering.xml, NULL when the package has none */
    const char *path;  /* for diagnostics: the file, and where they go (borrowed) */
    gr_diags *d;
} gr_docx_parts;

/* Open data as a .docx: find the main part through [Content_Types].xml and _rels/.rels,
 * and its styles and numbering through its own relationships. False, with a diagnostic,
 * for an OLE2 or RTF file, a damaged or oversized package, a part that is not well-formed
 * XML or declares a DOCTYPE, or a package that is not a Word document; parts is then
 * already closed. */
bool gr_docx_open(gr_docx_parts *parts, const char *data, size_t len, const char *path,
                  gr_diags *d);
void gr_docx_close(gr_docx_parts *parts);

/* Parse the main part as a stream: each child element of w:body (a paragraph, a table, a
 * content control) is handed to block as soon as it is complete, then freed, so that the
 * memory held is one block's tree, not the document's. False, with a diagnostic, when the
 * part declares a DOCTYPE, is not well-formed, has no w:body, or holds a block of more than
 * GR_DOCX_MAX_NODES nodes; blocks handed over before then are the caller's to discard. */
bool gr_docx_read_main(gr_docx_parts *parts, void (*block)(void *ctx, const xmlNode *n),
                       void *ctx);

/* ---- numbering (docx_numbering.c) ---- */

typedef struct gr_docx_numbering gr_docx_numbering;

/* The lists of numbering.xml (doc may be NULL: no lists). */
gr_docx_numbering *gr_docx_numbering_read(xmlDocPtr doc);
void gr_docx_numbering_free(gr_docx_numbering *nb); /* NULL does nothing */
/* Append to out the number Word draws before a paragraph of list num_id at level ilvl
 * ("一、", "（二）", "3. "), advancing the list's counters; nothing for a bullet, an unknown
 * list or num_id "0". */
void gr_docx_number_text(gr_docx_numbering *nb, const char *num_id, int ilvl, gr_buf *out);

/* ---- WordprocessingML elements and attributes (static: every file gets its own) ---- */

static inline bool is_w_ns(const char *href)
{
    return !strcmp(href, "http://schemas.openxmlformats.org/wordprocessingml/2006/main") ||
           !strcmp(href, "http://purl.oclc.org/ooxml/wordprocessingml/main");
}

static inline bool is_w(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->name, local) &&
           is_w_ns((const char *)n->ns->href);
}

static inline bool is_mc(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href,
                   "http://schemas.openxmlformats.org/markup-compatibility/2006") &&
           !strcmp((const char *)n->name, local);
}

/* The value of attribute local (w: namespace, or none), borrowed from the tree; NULL. */
static inline const char *attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, local)) continue;
        bool ok = !a->ns || is_w_ns((const char *)a->ns->href);
        if (ok && a->children && a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
        if (ok) return "";
    }
    return NULL;
}

static inline const xmlNode *child_w(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* An on/off property (w:vanish, w:b): present and not val="0"/"false"/"off". */
static inline bool on_off(const xmlNode *n)
{
    if (!n) return false;
    const char *v = attr(n, "val");
    return !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
}

static inline int int_attr(const xmlNode *n, const char *local, int dflt)
{
    const char *v = attr(n, local);
    if (!v || !*v) return dflt;
    int64_t x;
    return gr_parse_int(v, -1000000, 1000000, &x) ? (int)x : dflt;
}

static inline void put_cp(gr_buf *b, int32_t c)
{
    char u[4];
    gr_buf_add(b, u, gr_utf8_put(u, (uint32_t)c));
}

#endif
