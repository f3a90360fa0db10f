/* import: a report (a Word file, an HTML page or a plain-text copy) → report model. The only
 * header of src/import the rest of the program includes.
 * Readers (read_text.c, read_html.c, read_docx.c) turn the input into the block document
 * (doc.h): a flat list of paragraphs and table rows, each with its line. The Word reader is
 * three files sharing docx.h: the package (docx_package.c), the numbering (docx_numbering.c)
 * and the walker of the main part (read_docx.c). The builder (build.c, tables.c) finds the
 * title, the six sections by their headings and every table row by its label (never by
 * column position), and fills a gr_report with the figures as published, so that `check` can
 * then say whether they balance. A figure it cannot place is an error.
 * May include: report, base. Outside libraries: libxml2, in the HTML reader only (and the
 * docx reader's files); libzip, in docx_package.c only. Writing the report as XML is
 * report's job (gr_xml_write_file). */
#ifndef GR_IMPORT_H
#define GR_IMPORT_H

#include "base/base.h"
#include "import/doc.h"
#include "report/report.h"

#include <stdbool.h>
#include <stddef.h>

/* Which reader suits data: .docx for a zip, OLE2 or RTF file (by content, whatever the name);
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

/* The same for a file already in memory (len bytes; path names it in diagnostics). */
gr_report *gr_import_mem(const char *data, size_t len, const char *path, gr_import_kind kind,
                         const gr_import_opts *o, gr_diags *d);

/* Label normalisation used for every match: full-width ASCII forms and half-width brackets,
 * commas and colons become one form, whitespace and quotes go, "1、" "1．" "（1）" become "1.".
 * Caller frees. (Declared again in text.h, the folder's own header for it.) */
char *gr_import_normalize(const char *s);

#endif
