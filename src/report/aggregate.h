/* aggregate: many reports of one year → their sum, the summary report a county or city office
 * publishes for its departments and districts (docs/national-template.md §1.2). Figures only: every
 * count of tables 二, 三 and 四 is added, the fee exactly as decimals; the prose is left to the
 * clerk (the writer's "（文字描述）" placeholders, which check's W-FEE flags in section 六). */
#ifndef GR_AGGREGATE_H
#define GR_AGGREGATE_H

#include "base/base.h"
#include "report/model.h"

#include <stddef.h>

#define GR_AGGREGATE_DEFAULT_ISSUER "汇总"

/* Sum n reports, all of the same year (year 0: the first report's year; else every report
 * must be of that year). Each input must already have passed gr_check_report. Returns the sum
 * with totals computed and marked given, or NULL with diagnostics (mixed years, a sum over the
 * template's upper bound, an unreadable fee). */
gr_report *gr_aggregate_reports(const gr_report *const *in, size_t n, const char *issuer, int year,
                                gr_diags *d);

/* gr_aggregate_files (govreport.h) opens and checks the files, then sums them here. */
#define GR_MAX_AGGREGATE_INPUTS 100000 /* every body of a province is a few thousand */

/* Exact sum of two non-negative decimals written "123" or "0.33" (no floating point; the
 * result keeps the larger number of decimals). NULL when either is not such a decimal.
 * Caller frees. */
char *gr_aggregate_add_decimal(const char *a, const char *b);

#endif
