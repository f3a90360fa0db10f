/* build: the builder's state, shared by build.c (sections, prose, metadata) and tables.c
 * (the rows of tables 二, 三, 四). Private to src/import; readers never include it. */
#ifndef GR_IMPORT_BUILD_H
#define GR_IMPORT_BUILD_H

#include "import/doc.h"

#include "report/report.h"

typedef struct {
    gr_para *items;
    size_t n, cap;
} para_list;

typedef struct {
    const gr_import_block **items;
    size_t n, cap;
} row_list;

enum { PREAMBLE = GR_SECTIONS }; /* index of the preamble in build.prose */

typedef struct {
    const char *path;
    gr_diags *d;
    gr_report *r;
    para_list prose[GR_SECTIONS + 1];
    row_list rows[GR_SECTIONS];
    bool found[GR_SECTIONS];
    int heading_line[GR_SECTIONS];
    const char *heading_text[GR_SECTIONS]; /* as written; borrowed from the blocks */
    char *issuer; /* from the title */
    int year;
    int title_line;
    const char *pending_heading; /* a run-in subheading standing alone, for the next paragraph */
    gr_pos pending_pos;
    int cell_table, cell_row, cell_col; /* the cell being read (tables.c), for diagnostics */
} build;

/* Read tables 二, 三 and 四 from the rows their sections hold into b->r; each problem is a
 * diagnostic in b->d. */
void gr_import_tables(build *b);

#endif
