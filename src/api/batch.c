/* batch (api): many reports, each opened once, checked (beside last year's report of its
 * office when a folder of them is given) and rendered by N worker threads that share one
 * engine and one compiled schema. A report that fails is reported through the callback and
 * the rest go on. Folders give their .xml, .docx, .html, .htm and .txt files; the sorted list
 * is cut into shards deterministically; the summary is written as CSV or JSON, atomically. */
#include "api/api.h"

#include "report/report.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GR_MAX_JOBS 256    /* more threads than this only adds contention */
#define GR_MAX_FORMATS 4   /* pdf, ofd, html, html-fragment */

/* The kinds of file a folder gives: what gr_open_file reads. */
static const char *const input_exts[] = {".xml", ".docx", ".html", ".htm", ".txt"};

typedef enum { OUT_PENDING, OUT_OK, OUT_INVALID, OUT_FAILED } outcome;

typedef struct {
    char *input;
    char *outs[GR_MAX_FORMATS]; /* one file per format asked, in GR_FORMAT_* order */
    outcome result;
    int pages;
    size_t bytes;
    double ms;
    char *first_error;      /* formatted diagnostic, or NULL */
    size_t warnings;
    char *warning_codes;    /* distinct codes, sorted, joined by ';'; NULL when none */
    const char *previous;   /* last year's report it was read beside, or NULL */
} job;

typedef struct {
    const gr_batch_opts *o;
    const gr_engine *engine;
    job *jobs;
    size_t njobs;
    unsigned formats[GR_MAX_FORMATS];
    size_t nformats;
    atomic_size_t next;
    size_t done;
    gr_batch_totals totals;
    pthread_mutex_t lock;     /* the callback and the totals */
    gr_report **previous;     /* last year's reports, opened and checked */
    size_t nprevious;
} batch;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_input_name(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof input_exts / sizeof *input_exts; i++) {
        size_t k = strlen(input_exts[i]);
        if (n > k && strcasecmp(name + n - k, input_exts[i]) == 0)
            return true;
    }
    return false;
}

/* A batch-level problem: a diagnostic naming the path, code E-BATCH. */
static void complain(gr_diags *d, const char *path, const char *fmt, const char *why)
{
    gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-BATCH", fmt, path, why);
}

/* Add path (a file) or the report files of path (a folder) to the list. */
static int collect(const char *path, char ***list, size_t *n, size_t *cap, gr_diags *d)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        complain(d, path, "无法读取“%s”：%s", gr_strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        gr_grow((void **)list, cap, *n + 1, sizeof(char *));
        (*list)[(*n)++] = gr_xstrdup(path);
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        complain(d, path, "无法打开目录“%s”：%s", gr_strerror(errno));
        return -1;
    }
    struct dirent *e;
    size_t plen = strlen(path);
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || !is_input_name(e->d_name))
            continue;
        char *full = plen && path[plen - 1] == '/' ? gr_xasprintf("%s%s", path, e->d_name)
                                                   : gr_xasprintf("%s/%s", path, e->d_name);
        struct stat fs;
        if (stat(full, &fs) == 0 && S_ISREG(fs.st_mode)) {
            gr_grow((void **)list, cap, *n + 1, sizeof(char *));
            (*list)[(*n)++] = full;
        } else {
            free(full);
        }
    }
    closedir(dir);
    return 0;
}

/* DIR/NAME.EXT for input DIR2/NAME.xml (or .docx, .html, …). */
static char *output_name(const char *dir, const char *input, unsigned format)
{
    const char *base = gr_api_basename(input);
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base && is_input_name(base))
        n = (size_t)(dot - base);
    size_t dl = strlen(dir);
    return gr_xasprintf("%s%s%.*s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", (int)n, base,
                        gr_format_ext(format));
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- last year's reports ---- */

/* Last year's report of r's office: the same issuer, the year before, and the same region
 * code when both give one; the first in path order. NULL when there is none. */
static const gr_report *previous_of(const batch *b, const gr_report *r)
{
    for (size_t i = 0; i < b->nprevious; i++) {
        char *why = gr_previous_mismatch(b->previous[i], r);
        free(why);
        if (!why)
            return b->previous[i];
    }
    return NULL;
}

/* Every report file of dir, opened and checked; one that has errors is named and left out
 * (its problems go to d). -1 when dir cannot be read. */
static int load_previous(batch *b, const char *dir, gr_diags *d)
{
    char **paths = NULL;
    size_t n = 0, cap = 0;
    if (collect(dir, &paths, &n, &cap, d) != 0)
        return -1;
    qsort(paths, n, sizeof *paths, cmp_str);
    b->previous = gr_xcalloc(n ? n : 1, sizeof *b->previous);
    for (size_t i = 0; i < n; i++) {
        gr_diags one;
        gr_diags_init(&one);
        gr_report *r = NULL;
        if (gr_open_file(paths[i], &r, &one) == GR_OK && gr_check(r, NULL, &one) == 0) {
            b->previous[b->nprevious++] = r;
        } else {
            for (size_t k = 0; k < one.n; k++) {
                const gr_diag *g = &one.items[k];
                if (g->severity != GR_SEV_ERROR)
                    continue;
                gr_diag_add(d, GR_SEV_WARNING, g->file, g->line, g->col, g->code, "%s",
                            g->message);
            }
            gr_diag_add(d, GR_SEV_WARNING, NULL, 0, 0, "W-PREVIOUS",
                        "上年报告“%s”有错误，不作对照", paths[i]);
            gr_report_free(r);
        }
        gr_diags_free(&one);
        free(paths[i]);
    }
    free(paths);
    return 0;
}

/* ---- the output folder ---- */

/* Made with its parents when missing. One that is a file is a usage error; one that cannot
 * be made is the environment's. */
static gr_status make_outdir(const char *dir, gr_diags *d)
{
    struct stat sb;
    if (!*dir) {
        complain(d, dir, "输出目录“%s”为空%s", "");
        return GR_ERR_USAGE;
    }
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return GR_OK;
        complain(d, dir, "输出目录“%s”已存在，但不是目录%s", "");
        return GR_ERR_USAGE;
    }
    char *path = gr_xstrdup(dir);
    gr_status st = GR_OK;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            complain(d, path, "无法创建输出目录“%s”：%s", gr_strerror(errno));
            st = GR_ERR_ENV;
            break;
        }
        if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            complain(d, path, "输出目录“%s”已存在，但不是目录%s", "");
            st = GR_ERR_USAGE;
            break;
        }
        *p = c;
        if (!c)
            break;
    }
    free(path);
    return st;
}

/* ---- one report ---- */

/* Count j's warnings and list their codes for the summary. */
static void note_warnings(job *j, const gr_diags *d)
{
    const char *codes[64];
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i].severity != GR_SEV_WARNING)
            continue;
        j->warnings++;
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen |= !strcmp(codes[k], d->items[i].code);
        if (!seen && n < sizeof codes / sizeof codes[0])
            codes[n++] = d->items[i].code;
    }
    if (!n)
        return;
    qsort(codes, n, sizeof codes[0], cmp_str);
    gr_buf out = {0};
    for (size_t k = 0; k < n; k++)
        gr_buf_printf(&out, "%s%s", k ? ";" : "", codes[k]);
    j->warning_codes = out.s;
}

static gr_status render_job(batch *b, job *j, gr_diags *d, gr_render_info *info)
{
    gr_report *r = NULL;
    gr_status st = gr_open_file(j->input, &r, d);
    if (st != GR_OK)
        return st;
    const gr_report *last = b->nprevious ? previous_of(b, r) : NULL;
    if (last)
        j->previous = last->path;
    if (gr_check(r, last, d) > 0) {
        st = GR_ERR_INPUT;
    } else {
        gr_output outs[GR_MAX_FORMATS] = {{0}};
        for (size_t k = 0; k < b->nformats; k++) {
            outs[k].format = b->formats[k];
            outs[k].path = j->outs[k];
        }
        st = gr_api_render_files_checked(b->engine, r, outs, b->nformats, info, d);
    }
    gr_report_free(r);
    return st;
}

static void run_job(batch *b, job *j)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_render_info info = {0};
    double t0 = now_ms();
    gr_status st = render_job(b, j, &d, &info);
    j->ms = now_ms() - t0;
    j->result = st == GR_OK ? OUT_OK : st == GR_ERR_INPUT ? OUT_INVALID : OUT_FAILED;
    j->pages = info.pages;
    j->bytes = info.bytes;
    note_warnings(j, &d);
    gr_diags_sort(&d);
    for (size_t i = 0; i < d.n; i++)
        if (d.items[i].severity == GR_SEV_ERROR) {
            j->first_error = gr_diag_format(&d.items[i]);
            break;
        }
    if (st != GR_OK && !j->first_error)
        j->first_error = gr_xstrdup("未能生成文件");

    pthread_mutex_lock(&b->lock);
    b->done++;
    b->totals.warnings += j->warnings;
    if (j->result == OUT_OK)
        b->totals.ok++;
    else if (j->result == OUT_INVALID)
        b->totals.invalid++;
    else
        b->totals.failed++;
    if (b->o->on_report) {
        gr_batch_result res = {
            .input = j->input,
            .output = st == GR_OK ? j->outs[0] : NULL,
            .previous = j->previous,
            .status = st,
            .pages = j->pages,
            .bytes = j->bytes,
            .ms = j->ms,
            .diags = &d,
        };
        b->o->on_report(&res, b->done, b->njobs, b->o->user);
    }
    pthread_mutex_unlock(&b->lock);
    gr_diags_free(&d);
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->njobs)
            break;
        run_job(b, &b->jobs[i]);
    }
    return NULL;
}

/* ---- the summary ---- */

static const char *outcome_word(outcome o)
{
    switch (o) {
    case OUT_OK:
        return "ok";
    case OUT_INVALID:
        return "invalid";
    case OUT_FAILED:
        return "failed";
    default:
        return "pending";
    }
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The columns added after first_error (at the end, so that scripts reading the first seven
 * by position still work): warnings, warning_codes, previous. */
static void summary_warnings(FILE *f, const job *j, bool json)
{
    if (json) {
        fprintf(f, ", \"warnings\": %zu, \"warning_codes\": ", j->warnings);
        gr_json_string(f, j->warning_codes ? j->warning_codes : "");
        fputs(", \"previous\": ", f);
        gr_json_string(f, j->previous);
    } else {
        fprintf(f, ",%zu,", j->warnings);
        csv_field(f, j->warning_codes);
        fputc(',', f);
        csv_field(f, j->previous);
    }
}

static void summary_row(FILE *f, const job *j, bool json, bool last)
{
    const char *output = j->result == OUT_OK ? j->outs[0] : NULL;
    if (json) {
        fputs("  {\"input\": ", f);
        gr_json_string(f, j->input);
        fputs(", \"output\": ", f);
        gr_json_string(f, output);
        fprintf(f,
                ", \"outcome\": \"%s\", \"pages\": %d, \"bytes\": %zu, \"milliseconds\": %.1f, "
                "\"first_error\": ",
                outcome_word(j->result), j->pages, j->bytes, j->ms);
        gr_json_string(f, j->first_error);
        summary_warnings(f, j, true);
        fputs(last ? "}\n" : "},\n", f);
    } else {
        csv_field(f, j->input);
        fputc(',', f);
        csv_field(f, output ? output : "");
        fprintf(f, ",%s,%d,%zu,%.1f,", outcome_word(j->result), j->pages, j->bytes, j->ms);
        csv_field(f, j->first_error);
        summary_warnings(f, j, false);
        fputc('\n', f);
    }
}

/* Made in memory, then written atomically: a failed run leaves no half-written summary. */
static gr_status write_summary(const char *path, const batch *b, gr_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        complain(d, path, "无法写入汇总文件“%s”：%s", gr_strerror(errno));
        return GR_ERR_ENV;
    }
    size_t n = strlen(path);
    bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
    if (json)
        fputs("[\n", f);
    else
        fputs("input,output,outcome,pages,bytes,milliseconds,first_error,warnings,warning_codes,"
              "previous\n", f);
    for (size_t i = 0; i < b->njobs; i++)
        summary_row(f, &b->jobs[i], json, i + 1 == b->njobs);
    if (json)
        fputs("]\n", f);
    if (fclose(f) != 0) {
        complain(d, path, "无法写入汇总文件“%s”：%s", gr_strerror(errno));
        free(buf);
        return GR_ERR_ENV;
    }
    gr_status st = gr_file_write_atomic(path, buf, len, d);
    free(buf);
    return st;
}

/* ---- the batch ---- */

/* The jobs: sorted inputs, one file named twice counted once, this shard's share, and
 * every output name distinct (two inputs with one name would overwrite each other). */
static gr_status plan(batch *b, char **inputs, size_t ninputs, gr_diags *d)
{
    const gr_batch_opts *o = b->o;
    size_t shard_n = o->shard_n > 0 ? (size_t)o->shard_n : 1;
    size_t shard_k = o->shard_n > 0 ? (size_t)o->shard_k : 1;
    if (shard_k < 1 || shard_k > shard_n) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-BATCH", "分片须满足 1 ≤ K ≤ N");
        return GR_ERR_USAGE;
    }
    qsort(inputs, ninputs, sizeof(char *), cmp_str);
    b->jobs = gr_xcalloc(ninputs ? ninputs : 1, sizeof(job));
    for (size_t i = 0; i < ninputs; i++) {
        if (i > 0 && !strcmp(inputs[i], inputs[i - 1]))
            continue; /* the same file named twice */
        if (i % shard_n != shard_k - 1)
            continue;
        job *j = &b->jobs[b->njobs++];
        j->input = gr_xstrdup(inputs[i]);
        for (size_t k = 0; k < b->nformats; k++)
            j->outs[k] = output_name(o->out_dir, inputs[i], b->formats[k]);
    }
    for (size_t i = 0; i < b->njobs; i++)
        for (size_t k = i + 1; k < b->njobs; k++)
            if (!strcmp(b->jobs[i].outs[0], b->jobs[k].outs[0])) {
                gr_diag_add(d, GR_SEV_ERROR, b->jobs[i].outs[0], 0, 0, "E-BATCH",
                            "将同时来自“%s”和“%s”", b->jobs[i].input, b->jobs[k].input);
                return GR_ERR_USAGE;
            }
    return GR_OK;
}

static void free_batch(batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        free(b->jobs[i].input);
        for (size_t k = 0; k < GR_MAX_FORMATS; k++)
            free(b->jobs[i].outs[k]);
        free(b->jobs[i].first_error);
        free(b->jobs[i].warning_codes);
    }
    free(b->jobs);
    for (size_t i = 0; i < b->nprevious; i++)
        gr_report_free(b->previous[i]);
    free(b->previous);
}

gr_status gr_batch_run(const gr_engine *e, const gr_batch_opts *o, gr_batch_totals *totals,
                       gr_diags *d)
{
    batch b = {.o = o, .engine = e};
    char **inputs = NULL;
    size_t ninputs = 0, cap = 0;
    gr_status st = GR_ERR_USAGE;
    unsigned formats = o->formats ? o->formats : GR_FORMAT_PDF;
    static const unsigned order[GR_MAX_FORMATS] = {GR_FORMAT_PDF, GR_FORMAT_OFD, GR_FORMAT_HTML,
                                                   GR_FORMAT_HTML_FRAGMENT};
    for (size_t k = 0; k < GR_MAX_FORMATS; k++)
        if (formats & order[k])
            b.formats[b.nformats++] = order[k];
    if (totals)
        *totals = (gr_batch_totals){0};
    if (!o->out_dir || o->ninputs == 0) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-BATCH", "没有给出输出目录或输入");
        goto done;
    }
    if ((formats & GR_FORMAT_HTML) && (formats & GR_FORMAT_HTML_FRAGMENT)) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-BATCH",
                    "html 与 html-fragment 会写到同一个文件，只能选一种");
        goto done;
    }
    for (size_t i = 0; i < o->ninputs; i++)
        if (collect(o->inputs[i], &inputs, &ninputs, &cap, d) != 0) {
            st = GR_ERR_INPUT;
            goto done;
        }
    if ((st = make_outdir(o->out_dir, d)) != GR_OK)
        goto done;
    if (o->previous_dir && load_previous(&b, o->previous_dir, d) != 0) {
        st = GR_ERR_INPUT;
        goto done;
    }
    /* A summary that cannot be written is said before the renders, not after them. */
    if (o->summary_path && gr_file_check_dest(o->summary_path, d) != GR_OK) {
        st = GR_ERR_ENV;
        goto done;
    }
    if ((st = plan(&b, inputs, ninputs, d)) != GR_OK)
        goto done;

    long jobs = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if (jobs > GR_MAX_JOBS)
        jobs = GR_MAX_JOBS;
    if ((size_t)jobs > b.njobs)
        jobs = b.njobs ? (long)b.njobs : 1;
    pthread_mutex_init(&b.lock, NULL);
    pthread_t threads[GR_MAX_JOBS];
    long started = 0;
    for (; started < jobs - 1; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    worker(&b); /* the calling thread works too */
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&b.lock);

    b.totals.total = b.njobs;
    st = b.totals.invalid || b.totals.failed ? GR_ERR_INPUT : GR_OK;
    if (o->summary_path && write_summary(o->summary_path, &b, d) != GR_OK)
        st = GR_ERR_ENV;
    if (totals)
        *totals = b.totals;
done:
    free_batch(&b);
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i]);
    free(inputs);
    return st;
}
