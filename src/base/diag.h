/* diag: diagnostics as data. Every stage adds to a gr_diags; the CLI prints them once,
 * sorted by position, in the GNU form `file:line:col: 错误：消息 [E-CODE]` (column left out
 * when unknown) or as JSON lines. Diagnostics never exit the process. */
#ifndef GR_DIAG_H
#define GR_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "govreport.h"

/* gr_severity, gr_diag and gr_diags are the public API's (govreport.h): a caller of the
 * library reads the same structs the stages fill. */
void gr_diags_init(gr_diags *d);
void gr_diags_free(gr_diags *d); /* frees the items, leaves d empty and reusable */
void gr_diag_add(gr_diags *d, gr_severity sev, const char *file, int line, int col,
                 const char *code, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Where the diagnostic added last stands: a cell of table 2, 3 or 4 (row and column the
 * template's indices, -1 for a whole row or column; element and attribute its XML names and
 * the labels its official names, each may be NULL), or a paragraph of section 1..6 (0: the
 * whole section). */
void gr_diag_cell(gr_diags *d, int table, int row, int column, const char *element,
                  const char *attribute, const char *row_label, const char *column_label);
void gr_diag_prose(gr_diags *d, int section, int paragraph);
/* Set the hint of the diagnostic added last. */
void gr_diag_hint(gr_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append every diagnostic of from to to (to's limit applies; what it drops is counted),
 * leaving from empty: diagnostics gathered on another thread. */
void gr_diags_move(gr_diags *to, gr_diags *from);
size_t gr_diags_errors(const gr_diags *d);
size_t gr_diags_warnings(const gr_diags *d);
/* Stable sort by file, line, col. */
void gr_diags_sort(gr_diags *d);
/* s as a JSON string, quoted and escaped (NULL: null). The one JSON escaping of the program:
 * diagnostics and the batch summary use it. */
void gr_json_string(FILE *out, const char *s);

/* Print all; json selects JSON lines instead of the GNU form. */
void gr_diags_print(const gr_diags *d, FILE *out, bool json);
/* One diagnostic as a line of text, without the trailing newline (caller frees). Control
 * and bidirectional characters of the file name, message and hint are written escaped. */
char *gr_diag_format(const gr_diag *g);
/* s (a file name) with the same escapes, for the lines a command prints itself (caller
 * frees). */
char *gr_diag_safe(const char *s);

#endif
