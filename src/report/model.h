/* model: one report as plain C structs. Every value keeps its source position so that the
 * checker and the composer can name file:line:col. The report owns everything it points to
 * through one arena; gr_report_free releases it all. */
#ifndef GR_MODEL_H
#define GR_MODEL_H

#include "report/template.h"
#include "base/base.h"

#include <stdbool.h>

typedef struct {
    int line, col; /* 1-based; 0 when unknown */
} gr_pos;

/* A count in a table. given = false: the file left it out (only totals may be left out)
 * and the checker computed value. remark: what the report printed after the figure in the
 * same cell ("其中修订16件" of "22（其中修订16件）"), without its brackets, or NULL; it is
 * kept and printed, never counted. */
typedef struct {
    long long value;
    bool given;
    gr_pos pos;
    const char *remark;
} gr_count;

/* A paragraph: an optional run-in subheading ("（一）主动公开：") and its text. Both are
 * UTF-8 as written in the file, already stripped of leading and trailing whitespace. */
typedef struct {
    const char *heading; /* NULL when the paragraph has none */
    const char *text;
    gr_pos pos, heading_pos;
    gr_pos text_pos; /* the text's first character in the file; col 0 when unknown */
} gr_para;

typedef struct {
    gr_para *items;
    size_t n;
    gr_pos pos; /* the section element */
} gr_prose;

typedef struct gr_report {
    gr_arena *arena;
    const char *path; /* the file as named on the command line, for diagnostics */

    /* metadata */
    const char *issuer;    /* 山阳区人民政府 */
    int year;              /* 2025 */
    const char *published; /* YYYY-MM-DD, or NULL */
    const char *region;    /* 6-digit region code, or NULL */
    const char *title;     /* an explicit title, or NULL: then gr_template_title() */
    const char *derived_title; /* gr_template_title(issuer, year), set by gr_report_finish */
    gr_pos issuer_pos, year_pos;
    const char *pos_unit; /* what a gr_pos's line counts: "line", or "paragraph" (a .docx) */

    gr_prose preamble;             /* optional paragraphs before section 一 */
    gr_prose prose[GR_SECTIONS];   /* text of each section; for 二三四 optional text after the table */

    /* section 二 */
    gr_count t2_docs[2][3];       /* [GR_T2_RULES or GR_T2_NORMATIVE][issued, repealed, in-force] */
    gr_count t2_decisions[3];     /* licensing, penalties, coercion */
    const char *t2_fee;           /* 万元, the decimal exactly as written ("0.33") */
    const char *t2_fee_remark;    /* a remark after the amount, or NULL (as gr_count's) */
    gr_pos t2_fee_pos;

    gr_count t3[GR_T3_ROWS][GR_T3_COLS];         /* section 三 */
    gr_count t4[GR_T4_GROUPS][GR_T4_RESULTS];    /* section 四 */
} gr_report;

gr_report *gr_report_new(const char *path);
void gr_report_free(gr_report *r); /* NULL does nothing */

/* The title to print: r->title or the one derived from issuer and year (after
 * gr_report_finish). Lives as long as r. */
const char *gr_report_title(const gr_report *r);

/* What every stage after load reads, made once when the report is loaded, imported, summed
 * or made blank: the totals the file left out, and the derived title. After it the report is
 * only read (check, compose and the writers take it const), so threads may share it. */
void gr_report_finish(gr_report *r);

/* Fill in every total the file left out (given = false) from its parts; totals given are
 * left as they are (the checker compares them). */
void gr_report_compute_totals(gr_report *r);

#endif
