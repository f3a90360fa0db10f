/* prose: rule R6, the figures that the prose of sections 一, 五 and 六 quotes ("予以公开 12
 * 件", "行政诉讼 2 起", "现行有效规范性文件 51 件") read against the cells of tables 二, 三 and
 * 四 that hold the same figure. A contradiction is a warning W-PROSE naming the quoted
 * figure, the table cell by its official names, and both values. Only phrasings listed in
 * prose.c's table are read; everything else (余, 多, 以上, 同比, percentages, years, 第 N
 * 期, last year's figures) is skipped: a false warning costs more trust than a missed one. */
#ifndef GR_PROSE_H
#define GR_PROSE_H

#include "base/base.h"
#include "report/model.h"

/* Check one paragraph's text, as if it stood at pos in section sec (GR_SEC_*), against the
 * tables of r (totals already computed). Returns the number of warnings added. */
size_t gr_prose_check_text(const gr_report *r, int sec, const char *text, gr_pos pos,
                           gr_diags *d);

/* Check every paragraph of sections 一, 五 and 六. Returns the number of warnings added. */
size_t gr_prose_check(const gr_report *r, gr_diags *d);

#endif
