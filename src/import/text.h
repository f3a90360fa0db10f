/* text: the words of a report as import reads them, shared by the readers and the builder:
 * label normalisation and the recognisers of the template's text (headings, subheadings,
 * title, date, row numbers, figures). Private to src/import. */
#ifndef GR_IMPORT_TEXT_H
#define GR_IMPORT_TEXT_H

#include "base/base.h"
#include "report/report.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GR_MAX_HEADING_CHARS 48 /* a section heading; longer lines are paragraphs */
#define GR_MAX_HEADING_BYTES (GR_MAX_HEADING_CHARS * 3 * 4) /* with a space after each char */
/* A run-in subheading's title, without its number: with （一） before it, it fits one line of
 * the body's 28-character grid. The longest seen in published reports is about 20
 * ("（一）进一步推进权力清单和责任清单公开"); a numbered sentence is mostly longer. */
#define GR_MAX_SUBHEAD_CHARS 24

enum { GR_T4_FIGURES = GR_T4_GROUPS * GR_T4_RESULTS }; /* the figures of table 四 */

/* Label normalisation used for every match: full-width ASCII forms and half-width brackets,
 * commas and colons become one form, whitespace and quotes go, "1、" "1．" "（1）" become "1.".
 * Caller frees. */
char *gr_import_normalize(const char *s);
/* The same, keeping quotation marks: a subheading as the model keeps it ("（三）严格落实
 * “三审三校”制度。"). Caller frees. */
char *gr_import_normalize_heading(const char *s);

/* A copy of s[0..n) without whitespace (gr_is_space, GR_SPACE_ANY) at either end. Caller frees. */
char *gr_import_trim(const char *s, size_t n);
bool gr_import_starts_with(const char *s, const char *prefix);
bool gr_import_ends_with(const char *s, const char *suffix);
bool gr_import_is_digits(const char *s, size_t n); /* n ASCII digits */

/* Bytes of the Chinese numeral (一 … 十, repeated) at the start of s; 0 if none. */
size_t gr_import_cn_numeral_len(const char *s);
/* Length of a heading number at the start of normalised s ("一、", "（一）", "1.", "第一部分");
 * 0 if none. */
size_t gr_import_heading_number(const char *s);
#define GR_MAX_HEADING_EDITS 2 /* characters inserted, dropped or changed in a section title */
/* Levenshtein distance in characters between UTF-8 a and b; cap + 1 when it exceeds cap. */
int gr_import_heading_distance(const char *a, const char *b, int cap);
/* Which section (0 … GR_SECTIONS-1) a paragraph heads, or -1; marked: the source marked it
 * as a heading. *variant is set when the wording or the number differs from the template (a
 * numbered heading up to GR_MAX_HEADING_EDITS characters off the title, with the section's
 * number, is found); *numbered when the line starts with a heading number. */
int gr_import_match_section(const char *text, bool marked, bool *variant, bool *numbered);
/* A run-in subheading at the start of t, by its form, not its words: a marker （一） (一)
 * 1. 1、, then a title of at most GR_MAX_SUBHEAD_CHARS characters up to its colon, its full
 * stop or the end of the line (a comma may stand inside), with no figure, that does not
 * open like a sentence ("（一）统筹部署，全面推进政务公开。", "(2) 政府信息管理"); or a
 * title ending in 方面 before a comma ("（二）依申请公开方面，…"). Its length in bytes
 * through its punctuation (the whole line when the title stands alone), or 0. 一是、二是
 * are no marker: they open sentences of the body. */
size_t gr_import_subheading_len(const char *t);
/* A row's label begins here: a row or item number and two characters at least. */
bool gr_import_numbered(const char *text);
/* "山阳区人民政府2025年政府信息公开工作年度报告" → issuer (caller frees; may be "") and
 * year; false when text is no title. */
bool gr_import_parse_title(const char *text, char **issuer, int *year);
/* "2026年1月20日" alone → "2026-01-20"; false otherwise. */
bool gr_import_parse_date(const char *text, char out[11]);

/* What a table cell holds. */
typedef enum { GR_CELL_EMPTY, GR_CELL_DASH, GR_CELL_INT, GR_CELL_DEC, GR_CELL_TEXT } gr_cell_kind;
/* For numbers, *num (caller frees) receives the plain digits ("11850", "0.33"); else NULL. */
gr_cell_kind gr_import_classify(const char *text, char **num);
/* As gr_import_classify, and a figure with a remark in brackets after it ("22（其中修订16
 * 件）", "55(含自然失效29件)") is the figure: *remark (caller frees) receives the words in
 * the brackets, else NULL. A cell of words only is still GR_CELL_TEXT. */
gr_cell_kind gr_import_classify_remark(const char *text, char **num, char **remark);
/* How many figures the table of a section (二, 三 or 四) holds. */
size_t gr_import_table_figures(int sec);

#endif
