/* headings: the builder's tolerance for headings as real reports write them (issue 13): a
 * section title with a character or two inserted, dropped or changed, and the run-in
 * subheadings of section 一 in the forms reports use ("（一）主动公开情况。…",
 * "（二）依申请公开方面，…", "（三）政府信息管理" on a line of its own). Internal to import/. */
#ifndef GR_IMPORT_HEADINGS_H
#define GR_IMPORT_HEADINGS_H

#include <stdbool.h>
#include <stddef.h>

#define GR_MAX_HEADING_EDITS 2 /* characters inserted, dropped or changed in a section title */

/* Levenshtein distance in characters between UTF-8 a and b; cap + 1 when it exceeds cap. */
int gr_heading_distance(const char *a, const char *b, int cap);

/* A run-in subheading at the start of t: "（一）…：" with any title of at most
 * GR_MAX_SUBHEAD_CHARS characters; and for the five usual topics of section 一 (主动公开,
 * 依申请公开, 政府信息管理, (政府信息公开)平台建设, 监督保障, each with or without 情况, 方面 or
 * 工作) also "（一）主动公开情况。…", "（一）主动公开方面，…" and "（一）主动公开" standing alone.
 * Returns its length in bytes through its punctuation (spaces after it are the caller's to
 * trim), or 0. A sentence that merely starts with （一） is none: the title must be short,
 * and what follows a 。 or ， must be text of its own. */
size_t gr_subheading_len(const char *t);

#endif
