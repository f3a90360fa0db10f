/* doc: the block document, what every reader of a published report produces and all the
 * builder sees: a flat list of paragraphs and table rows, each with the line it came from.
 * A reader (read_text.c, read_html.c, read_docx.c) turns its input into this and knows
 * nothing of the builder; the builder (build.c, tables.c) never knows which reader ran.
 * A reader includes this header (and base); nothing of the builder. */
#ifndef GR_IMPORT_DOC_H
#define GR_IMPORT_DOC_H

#include "base/base.h"

#include <stdbool.h>
#include <stddef.h>

/* Which reader: chosen by the caller, or by gr_import_detect for GR_IMPORT_AUTO. */
typedef enum {
    GR_IMPORT_AUTO,
    GR_IMPORT_TEXT,
    GR_IMPORT_HTML,
    GR_IMPORT_DOCX,
    GR_IMPORT_PDF
} gr_import_kind;

typedef struct {
    char *text; /* trimmed, whitespace collapsed; "" for a blank cell */
    int line;
} gr_import_cell;

typedef enum { GR_BLOCK_PARA, GR_BLOCK_ROW } gr_block_kind;

/* One paragraph (text) or one table row (cells). */
typedef struct {
    gr_block_kind kind;
    bool heading; /* marked as a heading by the source (`#` or <h1>..<h6>) */
    bool cut;     /* a row whose label the page layout may have cut short (pdftotext): its
                   * label is matched by a long enough beginning of the template's */
    int line;
    char *text;
    gr_import_cell *cells;
    size_t ncells;
} gr_import_block;

typedef struct {
    gr_import_block *items;
    size_t n, cap;
    char *doc_title; /* HTML <title>, or NULL */
    char *published; /* YYYY-MM-DD: the date of the metadata block of a page govreport
                      * wrote (its <time datetime>), or NULL */
} gr_import_doc;

gr_import_doc *gr_import_doc_new(void);
void gr_import_doc_free(gr_import_doc *doc); /* NULL does nothing */
/* Append a paragraph / a row; the strings are copied, keeping only the characters XML 1.0
 * allows (the report written from them must stay well-formed). A paragraph is trimmed, and
 * one left empty is not added. */
void gr_import_doc_para(gr_import_doc *doc, const char *text, int line, bool heading);
gr_import_block *gr_import_doc_row(gr_import_doc *doc, int line);
void gr_import_row_cell(gr_import_block *row, const char *text, int line);

/* A source's text as a block's text, for every reader of marked-up sources: whitespace runs
 * become one space (none where a source line break falls between two Chinese characters,
 * unless a no-break space asks for one), the ends trimmed, ideographic spaces of
 * indentation included. Caller frees. */
char *gr_import_collapse(const char *s, size_t n);

/* Readers. data is UTF-8 (the caller converts GB18030 text; the HTML reader decodes the
 * page's own charset); path names the file in diagnostics. They return NULL only when
 * nothing could be read (with a diagnostic). */
gr_import_doc *gr_import_read_text(const char *data, size_t len, const char *path, gr_diags *d);
gr_import_doc *gr_import_read_html(const char *data, size_t len, const char *path, gr_diags *d);
/* A Word file (.docx): data is the zip package as read from the disk. Encrypted packages,
 * legacy .doc/.wps (OLE2) and RTF get an error naming what to do (E-IMPORT-DOCX-*). */
gr_import_doc *gr_import_read_docx(const char *data, size_t len, const char *path, gr_diags *d);
/* Whether data is for the .docx reader: a zip package, or an OLE2 compound file (an
 * encrypted .docx, a legacy .doc or .wps) or RTF, which that reader explains. */
bool gr_import_is_docx(const char *data, size_t len);

/* A PDF (read_pdf.c): its text through pdftotext -layout (poppler-utils), run as a child
 * process with a time limit and a cap on the text, then read as read_text.c reads
 * pdftotext's output. E-IMPORT-PDF-TOOL when pdftotext is missing, E-IMPORT-PDF-NOTEXT for a
 * PDF with no text (a scan), E-IMPORT-PDF when pdftotext fails. */
gr_import_doc *gr_import_read_pdf(const char *data, size_t len, const char *path, gr_diags *d);
/* Whether data is a PDF, by its content ("%PDF-" in the first 1,024 bytes). */
bool gr_import_is_pdf(const char *data, size_t len);

#endif
