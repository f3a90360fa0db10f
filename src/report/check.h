/* check: the balance rules of the template (R1–R4) and the prose warnings (R6, R7) run on
 * a loaded report; diagnostics, never exits. Totals the file left out were computed at load (gr_report_finish). */
#ifndef GR_CHECK_H
#define GR_CHECK_H

#include "base/base.h"
#include "report/model.h"

/* Returns the number of errors added. */
size_t gr_check_report(const gr_report *r, gr_diags *d);

#endif
