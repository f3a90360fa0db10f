/* previous: a report read beside the same office's report of the year before. R5: this
 * year's 二、上年结转 equals last year's 四、结转下年度继续办理, per applicant column
 * (W-CARRYOVER); R9: last year's 现行有效 + this year's 制发 − 废止 against this year's 现行
 * 有效 (W-INFORCE, a question: 清理 explains it); and sections 一 and 五 copied from last
 * year (W-SAME, 年年雷同). Warnings only: offices correct last year's figures. */
#ifndef GR_PREVIOUS_H
#define GR_PREVIOUS_H

#include "base/base.h"
#include "report/model.h"

/* W-SAME: a section is "the same as last year's" when at least this share of its distinct
 * character 4-grams (digits and spaces aside) also occur in last year's section. */
#define GR_SAME_GRAM 4
#define GR_SAME_THRESHOLD 0.6
/* Shorter sections ("无。") may well be the same every year. */
#define GR_SAME_MIN_CHARS 80

/* NULL when last can be r's report of the year before: the same issuer (and the same
 * region code when both give one) and the year before; else the reason, in Chinese
 * (caller frees). */
char *gr_previous_mismatch(const gr_report *last, const gr_report *r);

/* The share (0..1) of text's distinct character 4-grams that also occur in base, digits
 * read as one digit and white space left out; *grams receives text's count (may be NULL).
 * 0 when text has none. */
double gr_text_containment(const char *text, const char *base, size_t *grams);

/* R5, R9 and W-SAME on r against last (both loaded and with totals computed, e.g. by
 * gr_check_report). Neither is changed. Returns the number of warnings added. */
size_t gr_check_previous(const gr_report *last, const gr_report *r, gr_diags *d);

#endif
