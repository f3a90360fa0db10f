/* table_build: the template's tables + one report's figures → a gr_table (layout_table.h),
 * the grid that layout_table measures and places. */
#ifndef GR_TABLE_BUILD_H
#define GR_TABLE_BUILD_H

#include "layout/layout_table.h"
#include "report/report.h"

/* The tables of sections 二, 三, 四 from the template and the report (totals computed).
 * Cell texts are allocated in the report's arena. section: GR_SEC_PROACTIVE, … */
void gr_table_build(const gr_report *r, int section, gr_table *out);

#endif
