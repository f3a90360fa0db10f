/* linebreak: break opportunities of a paragraph, per docs/typography.md §8.1–§8.3. UAX #14 from
 * libunibreak 1.1 with lang "zh" (only linebreak.c calls it), then the
 * Chinese tailoring T1 (no break before a lone 一字线, ～, ·, ／), T2 (no break after a
 * solidus outside URLs) and T3 (no break after a heading's number label). Works on code
 * points, after layout_text's normalisation. */
#ifndef GR_LINEBREAK_H
#define GR_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    GR_BRK_MUST = 0,  /* mandatory break after this code point (end of text, LF) */
    GR_BRK_ALLOW = 1, /* a line may end after this code point */
    GR_BRK_NO = 2     /* no break after this code point */
};

/* brk[i] (n entries) says whether a line may end after cps[i]. heading_label: the text
 * opens with a heading number label ("一、" "（一）" "1." "（1）"), never broken after (T3). */
void gr_linebreak_find(const uint32_t *cps, size_t n, bool heading_label, char *brk);

/* Length in code points of the heading number label that opens cps, 0 when none. */
size_t gr_linebreak_label_len(const uint32_t *cps, size_t n);

/* A mark that may not start a line (GB/T 15834 §5.1.10; UAX #14 CL, CP, NS, EX, and the
 * T1 set): push-in (§8.4) pulls only these into a line. */
bool gr_linebreak_no_start(uint32_t cp);

#endif
