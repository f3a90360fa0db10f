/* govreport.h: the public API of libgovreport, the one header a program outside src/ includes.
 * A report is opened from a file or from memory (XML, or a .docx, HTML page or text copy,
 * imported by content), checked (optionally beside last year's report), laid out once and
 * written in any set of formats (PDF, OFD, HTML) to files or to memory; many reports run as a
 * batch. Diagnostics are data (gr_diag); printing them is the caller's job, with
 * gr_diag_format and gr_diag_json offered for the usual forms.
 *
 * Threads. gr_init and gr_cleanup: once per process, from one thread, around every other
 * call. A gr_engine is read-only once made: any number of threads may render with one
 * engine at once. Every other call is thread-safe as long as each thread uses its own
 * gr_diags and its own outputs; a gr_report is never changed after it is opened, so several
 * threads may check and render the same report at once. */
#ifndef GOVREPORT_H
#define GOVREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GR_API_VERSION 1

/* ---- status and diagnostics ---- */

/* What a call came to; the command line exits with the same number. GR_ERR_INPUT: the report
 * has errors; GR_ERR_USAGE: the call's arguments are wrong (two inputs for one output, an
 * output folder that is a file); GR_ERR_ENV: the environment failed (no fonts, cannot write). */
typedef enum { GR_OK = 0, GR_ERR_INPUT = 1, GR_ERR_USAGE = 2, GR_ERR_ENV = 3 } gr_status;

typedef enum { GR_SEV_ERROR, GR_SEV_WARNING, GR_SEV_NOTE } gr_severity;

/* One diagnostic. Strings are UTF-8, owned by the gr_diags holding it. */
typedef struct {
    char *file;    /* the input as the caller named it; may be NULL */
    int line, col; /* 1-based; 0 when unknown. For an imported file: its line (text) or
                      paragraph (.docx, counted from 1), as `unit` says */
    gr_severity severity;
    char *code;    /* stable, for scripts: "E-BALANCE", "E-SCHEMA", "W-PROSE", … */
    char *message; /* Chinese, in the report's own words */
    char *hint;    /* may be NULL */
    /* Where in the report, so that a page can pin it. table: 2, 3 or 4 (the table of
     * section 二, 三 or 四) when the diagnostic is about one cell, else 0; row and column
     * are then the template's indices (docs/national-template.md order, from 0; -1 for a
     * whole row or column), and element/attribute the XML names of the cell. section:
     * 1..6 when it is about prose (paragraph from 1, 0 for the whole section), else 0. */
    int table, row, column;
    char *element, *attribute;      /* may be NULL */
    char *row_label, *column_label; /* the official names, "三、（七）总计", "自然人"; may be NULL */
    int section, paragraph;
    const char *unit; /* what `line` counts: "line" (XML, text) or "paragraph" (.docx) */
} gr_diag;

typedef struct {
    gr_diag *items;
    size_t n, cap;
    size_t limit;          /* stop collecting after this many (0 = GR_DIAG_LIMIT) */
    size_t dropped;        /* diagnostics past the limit, not kept */
    size_t dropped_errors; /* of which errors: they still count in gr_diags_errors */
} gr_diags;

#define GR_DIAG_LIMIT 1000 /* a hostile file must not produce unbounded output */

void gr_diags_init(gr_diags *d);
void gr_diags_free(gr_diags *d); /* frees the items, leaves d empty and reusable */
size_t gr_diags_errors(const gr_diags *d);
size_t gr_diags_warnings(const gr_diags *d);
void gr_diags_sort(gr_diags *d); /* stable, by file, line, col */
/* One diagnostic in the GNU form `file:line:col: 错误：message [CODE]` (and its hint), with
 * control and bidirectional characters escaped; no trailing newline. Caller frees. */
char *gr_diag_format(const gr_diag *g);
/* One diagnostic as one JSON object (no newline): every field above, the cell's official
 * row and column names included. Caller frees. */
char *gr_diag_json(const gr_diag *g);

/* ---- process and engine ---- */

/* Process-wide state (libxml2, the compiled schema, caches): once before anything else.
 * The schema is compiled on a helper thread begun here, beside the caller's next steps
 * (gr_engine_new); the first open or check waits for it. A built-in schema that does not
 * compile (a build bug) is an E-INTERNAL error of that first open; GR_ERR_ENV here only
 * when no thread could be made and the schema, compiled here, does not compile. */
gr_status gr_init(gr_diags *d);
/* Frees every process-wide state; after it, gr_init may run again. */
void gr_cleanup(void);

/* The fonts, opened once and shared by every render. */
typedef struct gr_engine gr_engine;
typedef struct {
    const char *fonts_conf; /* the font roles (fontconfig); NULL: the installed or built-in */
    const char *font_dir;   /* a user's font folder; NULL: none */
} gr_engine_opts;
/* GR_ERR_ENV with diagnostics when no font serves a role. o may be NULL. */
gr_status gr_engine_new(gr_engine **out, const gr_engine_opts *o, gr_diags *d);
void gr_engine_free(gr_engine *e); /* NULL does nothing */

/* ---- reports ---- */

typedef struct gr_report gr_report;

/* Open a report: XML, or a .docx, HTML page or text copy imported in memory (chosen by
 * content; name only breaks a tie for HTML). name is used in diagnostics. GR_OK: *out is a
 * report that passed the schema, with its totals computed. GR_ERR_INPUT: *out is NULL and d
 * says why; GR_ERR_ENV: the file cannot be read. path "-" is standard input. */
gr_status gr_open_file(const char *path, gr_report **out, gr_diags *d);
gr_status gr_open_mem(const void *data, size_t len, const char *name, gr_report **out,
                      gr_diags *d);

/* The one rule by which the library opens a file to read, for a caller that reads files of
 * its own (a server's data folder): a regular file only; a FIFO, a socket or a device is
 * refused before open() (which would block on a FIFO), a folder too. A descriptor
 * (close-on-exec, blocking), or -1 with errno set (EINVAL: not a regular file) and *why
 * saying why in Chinese. Thread-safe. (base/file.h) */
int gr_file_open_read(const char *path, const char **why);
/* The report years the schema accepts (xs:gYear bounds of <year>). */
#define GR_YEAR_MIN 1990
#define GR_YEAR_MAX 2100
/* A blank report of the national format, all zeros (issuer may be NULL). */
gr_report *gr_report_blank(const char *issuer, int year);
void gr_report_free(gr_report *r); /* NULL does nothing */

const char *gr_report_issuer(const gr_report *r);
int gr_report_year(const gr_report *r);
const char *gr_report_name(const gr_report *r); /* the name it was opened with */

/* The balance rules (errors), the prose and placeholder checks (warnings), and with last
 * (may be NULL) the rules against last year's report. Returns the number of errors added. */
size_t gr_check(const gr_report *r, const gr_report *last, gr_diags *d);
/* NULL when last can be r's report of the year before (same issuer, and region where both
 * give one; the year before); else why not, in Chinese (caller frees). */
char *gr_previous_mismatch(const gr_report *last, const gr_report *r);

/* The report as XML (the file contract, schemas/annual-report-2021.xsd). Caller frees. */
gr_status gr_report_xml(const gr_report *r, char **xml, size_t *len, gr_diags *d);
/* The sum of one year's reports of the same template, as a new report with the given
 * issuer. Each input must have passed gr_check; NULL with diagnostics otherwise. */
gr_report *gr_aggregate(const gr_report *const *in, size_t n, const char *issuer, gr_diags *d);

/* Open and check each file (any kind gr_open_file reads); a file with errors is refused (its
 * errors and a note naming it go to d), and so is one file named twice. Then sum them as
 * gr_aggregate does, all of year (0: the first report's year; else every report must be of
 * it). */
gr_report *gr_aggregate_files(const char *const *paths, size_t n, const char *issuer, int year,
                              gr_diags *d);

/* ---- render ---- */

/* Output formats, as bits. GR_FORMAT_HTML is the whole page, GR_FORMAT_HTML_FRAGMENT only its
 * <article> for a CMS editor. */
enum { GR_FORMAT_PDF = 1, GR_FORMAT_OFD = 2, GR_FORMAT_HTML = 4, GR_FORMAT_HTML_FRAGMENT = 8 };

/* One output of a render. format: one GR_FORMAT_*. path: for gr_render_files the file to
 * write; for gr_render_mem an optional name (the HTML page links to the PDF and OFD by
 * these names when they are rendered together). data/len: filled by gr_render_mem; the
 * caller frees data with free(). */
typedef struct {
    unsigned format;
    const char *path;
    unsigned char *data;
    size_t len;
} gr_output;

typedef struct {
    int pages;    /* pages of the laid-out report (0 when only HTML was asked) */
    size_t bytes; /* size of the first output */
} gr_render_info;

/* Check r (gr_check, without last year) and, when it has no error, lay it out once and make
 * every output. GR_ERR_INPUT: r has errors (or a character no font has); nothing made.
 * e may be NULL when only HTML is asked. info may be NULL. */
gr_status gr_render_mem(const gr_engine *e, const gr_report *r, gr_output *outs, size_t n,
                        gr_render_info *info, gr_diags *d);
/* The same, written to outs[i].path as one commit: every file is made as a temporary file
 * beside its destination first, then all are renamed into place together. When any fails,
 * no destination is touched and no temporary file is left (README, "Output safety"). */
gr_status gr_render_files(const gr_engine *e, const gr_report *r, const gr_output *outs,
                          size_t n, gr_render_info *info, gr_diags *d);

/* The HTML page (GR_FORMAT_HTML or GR_FORMAT_HTML_FRAGMENT) of any report that opened,
 * without checking it first: a page that shows a report's errors in place needs its tables
 * as they are. Each figure's cell has id="t{table}-{row}-{column}" and each paragraph
 * id="s{section}-p{paragraph}", in gr_diag's numbering, so that a diagnostic can be pinned.
 * Caller frees *buf. */
gr_status gr_report_html(const gr_report *r, unsigned format, unsigned char **buf, size_t *len,
                         gr_diags *d);

/* The extension of a format: ".pdf", ".ofd", ".html" (the fragment too). */
const char *gr_format_ext(unsigned format);

/* ---- batch ---- */

typedef struct {
    const char *input;    /* the file */
    const char *output;   /* the first format's file, or NULL when nothing was written */
    const char *previous; /* last year's report it was read beside, or NULL */
    gr_status status;     /* GR_OK, GR_ERR_INPUT (its errors), GR_ERR_ENV */
    int pages;
    size_t bytes;
    double ms;
    const gr_diags *diags; /* this report's diagnostics, sorted; valid during the callback */
} gr_batch_result;

/* Called once per report as it finishes, from a worker thread but never from two at once;
 * done counts finished reports (this one included) of total. */
typedef void (*gr_batch_fn)(const gr_batch_result *res, size_t done, size_t total, void *user);

typedef struct {
    const char *const *inputs; /* files, or folders: their .xml/.docx/.html/.htm/.txt */
    size_t ninputs;
    const char *out_dir;       /* created with its parents when missing */
    unsigned formats;          /* GR_FORMAT_* bits; 0 = PDF */
    int jobs;                  /* worker threads; 0 = the number of cores */
    int shard_k, shard_n;      /* take inputs i with i mod n = k-1 (sorted); 0/0 = all */
    const char *previous_dir;  /* last year's reports, paired by issuer and region; or NULL */
    const char *summary_path;  /* CSV, or JSON when it ends in .json; or NULL */
    gr_batch_fn on_report;     /* may be NULL */
    void *user;
} gr_batch_opts;

typedef struct {
    size_t total, ok, invalid, failed, warnings;
} gr_batch_totals;

/* Runs the batch. GR_OK when every report was written; GR_ERR_INPUT when any report had
 * errors; GR_ERR_ENV when a report could not be written, the inputs could not be listed or
 * the summary not written. Problems of the batch itself (not of one report) go to d. */
gr_status gr_batch_run(const gr_engine *e, const gr_batch_opts *o, gr_batch_totals *totals,
                       gr_diags *d);

/* The versions this process runs with, for --version: "govreport 0.x (libharu 2.3.0, …)". */
const char *gr_version(void);

#ifdef __cplusplus
}
#endif

#endif
