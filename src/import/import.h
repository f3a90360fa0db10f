/* import: a published report (an HTML page or a plain-text copy) → report model. The readers
 * turn the input into a flat list of blocks (paragraphs and table rows, each with its line);
 * the builder finds the title, the six sections by their headings and every table row by its
 * label (never by column position), and fills a gr_report with the figures as published, so
 * that `check` can then say whether they balance. A figure it cannot place is an error. */
#ifndef GR_IMPORT_H
#define GR_IMPORT_H

#include "base/base.h"
#include "report/report.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { GR_IMPORT_AUTO, GR_IMPORT_TEXT, GR_IMPORT_HTML, GR_IMPORT_DOCX } gr_import_kind;

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
} gr_import_doc;

gr_import_doc *gr_import_doc_new(void);
void gr_import_doc_free(gr_import_doc *doc); /* NULL does nothing */
/* Append a paragraph / a row; the strings are copied. */
void gr_import_doc_para(gr_import_doc *doc, const char *text, int line, bool heading);
gr_import_block *gr_import_doc_row(gr_import_doc *doc, int line);
void gr_import_row_cell(gr_import_block *row, const char *text, int line);

/* Readers. data is UTF-8 (the text reader converts GB18030 itself); path names the file in
 * diagnostics. They return NULL only when nothing could be read (with a diagnostic). */
gr_import_doc *gr_import_read_text(const char *data, size_t len, const char *path, gr_diags *d);
gr_import_doc *gr_import_read_html(const char *data, size_t len, const char *path, gr_diags *d);
/* A Word file (.docx): data is the zip package as read from the disk. Encrypted packages and
 * legacy .doc/.wps (OLE2) get an error naming what to do (E-IMPORT-DOCX-*). */
gr_import_doc *gr_import_read_docx(const char *data, size_t len, const char *path, gr_diags *d);
/* Whether data is for the .docx reader: a zip package, or an OLE2 compound file (an
 * encrypted .docx, a legacy .doc or .wps) or RTF, which that reader explains. */
bool gr_import_is_docx(const char *data, size_t len);

/* Which reader suits data: .docx for a zip or OLE2 file (by content, whatever the name);
 * HTML when it has <html or <table or the name ends in .htm(l). */
gr_import_kind gr_import_detect(const char *data, size_t len, const char *path);

/* Options the command line may give. */
typedef struct {
    const char *issuer; /* overrides the title's issuer; NULL: from the title */
    int year;           /* overrides the title's year; 0: from the title */
} gr_import_opts;

/* Blocks → report. Returns the report, or NULL when any error was added to d (a report with
 * a missing or unreadable figure is never produced). */
gr_report *gr_import_build(const gr_import_doc *doc, const char *path, const gr_import_opts *o,
                           gr_diags *d);

/* Read a file (or "-" for standard input), pick the reader, build. NULL on any error. */
gr_report *gr_import_file(const char *path, gr_import_kind kind, const gr_import_opts *o,
                          gr_diags *d);

/* Label normalisation used for every match: full-width ASCII forms and half-width brackets,
 * commas and colons become one form, whitespace and quotes go, "1、" "1．" "（1）" become "1.".
 * Caller frees. */
char *gr_import_normalize(const char *s);

/* Write r as XML to path atomically (temporary file in the same folder, then rename); "-"
 * writes to standard output. GR_ERR_ENV (with a diagnostic) when it cannot. */
gr_status gr_import_write_xml(const gr_report *r, const char *path, gr_diags *d);

#endif
