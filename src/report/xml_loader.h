/* xml_loader: what the parts of the XML loader share. xml_load.c parses and validates and
 * collects libxml2's errors into a loader; xml_load_pos.c finds columns, which libxml2 does
 * not give; xml_load_names.c names elements and attributes in the template's words;
 * xml_load_diag.c turns each error into a Chinese diagnostic; xml_load_model.c reads the
 * valid document into the model. Private to src/report: these files are the only ones of
 * the program that include libxml2, besides the HTML (and docx) readers of src/import. */
#ifndef GR_XML_LOADER_H
#define GR_XML_LOADER_H

#include "report/model.h"
#include "report/template.h"
#include "base/base.h"

#include <libxml/tree.h>

#include <stdbool.h>
#include <stddef.h>

/* A value quoted in a diagnostic: enough to recognise it, short enough for one line even
 * when the "value" is a whole section's text. */
#define GR_MAX_QUOTED_CHARS 40
/* libxml2 (2.9) checks each attribute of a start tag against every earlier one and appends
 * it at the end of a list: quadratic in the attributes of one element (hours for a 16 MB
 * start tag). A report's elements have at most 7 attributes; more than this is refused
 * before parsing. */
#define GR_MAX_ATTRIBUTES 256

typedef struct {
    int domain, code, level, line, col;
    int int1;      /* a number the error carries: the refused character, a line */
    xmlNodePtr node;
    char *str1;    /* the first string it carries: an attribute's name, a value; or NULL */
    char *message; /* one line */
} raw_error;

/* Where an element's start tag stands in the text (stored in node->_private). */
typedef struct {
    size_t off;
    gr_pos pos;
} node_pos;

typedef struct {
    const char *path;
    gr_diags *d;
    raw_error *errs;
    size_t nerrs, caperrs, lost;
    bool dtd_seen;
    int dtd_line;
    /* The document as UTF-8 for columns (libxml2 gives lines only); NULL when unknown. */
    char *text;
    size_t text_len;
    size_t *line_start;
    size_t nlines;
    size_t scan; /* start tags are found in document order */
    /* The last position computed: asked in document order, the next column is counted on
     * from it rather than from the start of the line (a file on one line is common). */
    size_t memo_off;
    gr_pos memo_pos;
    gr_arena *tmp;
} loader;

/* ---- positions (xml_load_pos.c): libxml2 knows lines, we find columns in the text ---- */
bool gr_xml_attribute_flood(const char *data, size_t len, gr_pos *pos);
void gr_xml_prepare_text(loader *L, const char *data, size_t len, xmlDocPtr doc);
const char *gr_xml_qualified_name(xmlNodePtr n, char *buf, size_t cap);
void gr_xml_locate_elements(loader *L, xmlDocPtr doc);
gr_pos gr_xml_elem_pos(xmlNodePtr n);
gr_pos gr_xml_attr_pos(loader *L, xmlNodePtr n, const char *name);
gr_pos gr_xml_content_pos(loader *L, xmlNodePtr n);

/* ---- names (xml_load_names.c): XML names → the official labels of template.h ---- */
int gr_xml_section_of(const char *name);
int gr_xml_t3_row_of(const char *name);
int gr_xml_t2_row_of(const char *name);
int gr_xml_t4_group_of(const char *name);
int gr_xml_meta_of(const char *name);
const char *gr_xml_name_of(xmlNodePtr n);
char *gr_xml_label_of(const char *name);
char *gr_xml_context_of(xmlNodePtr n);
/* The cell that attribute attr of element elem holds, in gr_diag's numbering (table 2, 3 or
 * 4; the template's row and column); false when it is no figure of a table. */
bool gr_xml_cell_of(const char *elem, const char *attr, int *table, int *row, int *col);
const char *gr_xml_attr_label(xmlNodePtr n, const char *attr);

/* ---- diagnostics (xml_load_diag.c): libxml2's errors → Chinese diagnostics ---- */
void gr_xml_schema_error(loader *L, size_t idx);
const char *gr_xml_parse_error_text(int code);
long gr_xml_refused_char(const raw_error *e);
bool gr_xml_blank_data(const char *data, size_t len);
bool gr_xml_find_nul(const char *data, size_t len, gr_pos *at);
bool gr_xml_is_encoding_error(int code);

/* ---- the model (xml_load_model.c) ---- */
bool gr_xml_is_xml_space_or_ideographic(const char *s, size_t *len);
const char *gr_xml_stripped(gr_arena *a, const char *s);
bool gr_xml_in_ns(xmlNodePtr n);
void gr_xml_read_report(loader *L, gr_report *r, xmlNodePtr root);

#endif
