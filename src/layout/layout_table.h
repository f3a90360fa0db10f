/* layout_table: a table as a grid of cells with row and column spans → column widths,
 * row heights, and rows placed on pages, per docs/typography.md §11: full grid, automatic
 * column widths, wrapped and aligned cell text, numbers aligned on the units digit, rows
 * never split, "续表" and the header rows repeated on each continuation page. */
#ifndef GR_LAYOUT_TABLE_H
#define GR_LAYOUT_TABLE_H

#include "layout/display.h"
#include "report/report.h"

#include <stdbool.h>

typedef struct {
    const char *text; /* UTF-8; the table does not own it */
    int row, col, rowspan, colspan;
    bool header;      /* a column-header cell: 黑体, centred */
    bool row_label;   /* a row label of the stub (a TH of scope Row in the structure) */
} gr_cell;

typedef struct {
    gr_cell *cells;
    size_t ncells, capcells;
    int nrows, ncols;
    int header_rows; /* rows 0..header_rows-1 repeat on continuation pages */
    gr_arena *arena; /* the figures' text, owned by the table (the report is only read) */
} gr_table;

void gr_table_add(gr_table *t, int row, int col, int rowspan, int colspan, bool header,
                  const char *text);
void gr_table_free_cells(gr_table *t);

typedef struct gr_table_layout gr_table_layout;

gr_table_layout *gr_table_measure(const gr_fonts *f, const gr_table *t, double width);
void gr_table_layout_free(gr_table_layout *tl);
/* Height of the header rows plus the first body row: the least a page must hold. */
double gr_table_first_chunk(const gr_table_layout *tl);
/* Place the whole table at the flow cursor, across pages as needed; advances the cursor
 * to the table's bottom plus (p − 16) (§11.7). The table is one structure element (a child
 * of the open one) with THead (the header rows), TBody, TR and TH/TD with their spans; what
 * a continuation page repeats (header rows, 续表, a cut row label) is a pagination artifact
 * and the rules are layout artifacts. */
void gr_table_place(const gr_table_layout *tl, gr_flow *fl);

#endif
