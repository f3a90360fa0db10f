/* cli_batch: `govreport batch [-j N] [--shard K/N] [--summary FILE] [--previous DIR] -o DIR
 * INPUT...`. Expands folders to their *.xml, sorts, takes this shard's share, and renders
 * with N worker threads that share one set of fonts and one compiled schema. A report that
 * fails is named with its diagnostics and the rest go on; exit 1 if any failed. With
 * --previous, each report is also read beside last year's report of its office. */
#include "cli/cli.h"

#include "base/base.h"
#include "layout/layout.h"
#include "output/output.h"
#include "report/report.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GR_MAX_JOBS 256 /* more threads than this only adds contention */

static const char batch_usage[] =
    "用法：govreport batch [-j N] [--shard K/N] [--summary FILE] [--previous DIR] -o DIR INPUT...\n"
    "把每个 INPUT（.xml 文件，或目录中全部 .xml，按路径排序）排成 DIR 中同名的 PDF（或 OFD）。\n"
    "\n"
    "  -o DIR            输出目录（不存在时连同上级目录一并创建）\n"
    "  -j N              并行数，默认为处理器核数\n"
    "  --shard K/N       只处理排序后第 K 份（共 N 份；序号 i 满足 i mod N = K-1），\n"
    "                    供 GNU parallel、Slurm 数组作业、Kubernetes 索引作业分摊\n"
    "  --summary FILE    写出每个输入的结果：以 .json 结尾为 JSON，否则为 CSV\n"
    "  --previous DIR    DIR 中为上一年度的报告：按发布机关（及行政区划代码）配对，\n"
    "                    核对上年结转（R5）、现行有效件数（R9）、第一、五部分是否雷同\n"
    "  --fonts-conf FILE 字体角色配置（fontconfig 格式）\n"
    "  --font-dir DIR    另加用户自有字体目录\n"
    "  --format=json     诊断以 JSON 行输出\n"
    "  --format=ofd      写 OFD 而非 PDF；--format=pdf,ofd 由同一排版写出两者\n"
    "  --format=html     写网页 DIR/<名称>.html（html-fragment：只写 <article>）；\n"
    "                    可组合，如 pdf,ofd,html\n"
    "  -q, --quiet       不显示进度行\n"
    "\n"
    "一份报告出错不影响其他报告；任何一份出错则退出状态为 1。\n";

typedef enum { OUT_PENDING, OUT_OK, OUT_INVALID, OUT_FAILED } outcome;

typedef struct {
    char *input;
    char *output;
    outcome result;
    int pages;
    size_t bytes;
    double ms;
    char *first_error; /* formatted diagnostic, or NULL */
    size_t warnings;
    char *warning_codes;    /* distinct codes, sorted, joined by ';'; NULL when none */
    const char *previous;   /* last year's report it was read beside, or NULL */
} job;

typedef struct {
    job *jobs;
    size_t njobs;
    atomic_size_t next;
    atomic_size_t done, failed, warnings;
    const gr_fonts *fonts;
    pthread_mutex_t out_lock; /* one report's diagnostics are printed together */
    bool progress;
    bool json; /* diagnostics as JSON lines */
    unsigned formats; /* GR_FORMAT_* bits; job->output is the first format's file */
    gr_report **previous; /* --previous: last year's reports, loaded and checked */
    size_t nprevious;
} batch;

/* "govreport: batch: <before>“<path>”<after>", the path escaped like a diagnostic's file
 * name (a name may hold control or bidirectional characters). */
static void complain(const char *before, const char *path, const char *after, const char *why)
{
    char *safe = gr_diag_safe(path);
    fprintf(stderr, "govreport: batch: %s“%s”%s%s\n", before, safe, after, why);
    free(safe);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_xml_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* Add path (a file) or the *.xml of path (a folder) to the list. */
static int collect(const char *path, char ***list, size_t *n, size_t *cap)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        complain("无法读取", path, "：", gr_strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        gr_grow((void **)list, cap, *n + 1, sizeof(char *));
        (*list)[(*n)++] = gr_xstrdup(path);
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        complain("无法打开目录", path, "：", gr_strerror(errno));
        return -1;
    }
    struct dirent *e;
    size_t plen = strlen(path);
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || !has_xml_suffix(e->d_name))
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

static char *output_name(const char *dir, const char *input, unsigned format)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    size_t n = strlen(base);
    if (has_xml_suffix(base))
        n -= 4;
    size_t dl = strlen(dir);
    return gr_xasprintf("%s%s%.*s.%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", (int)n, base,
                        format == GR_FORMAT_OFD ? "ofd" : format == GR_FORMAT_PDF ? "pdf" : "html");
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- --previous, warnings, the output folder ---- */

static bool previous_matches(const gr_report *last, const gr_report *r)
{
    char *why = gr_previous_mismatch(last, r);
    bool same_office = why == NULL;
    free(why);
    return same_office;
}

/* Last year's report of r's office: the same issuer, the year before, and the same region
 * code when both give one. NULL when there is none. */
static const gr_report *previous_of(const batch *b, const gr_report *r)
{
    for (size_t i = 0; i < b->nprevious; i++) {
        if (previous_matches(b->previous[i], r))
            return b->previous[i];
    }
    return NULL;
}

/* Read j's report beside last year's (R5, R9, W-SAME); warnings go to d. */
static void compare_previous(const batch *b, job *j, gr_diags *d)
{
    gr_diags mine;
    gr_diags_init(&mine);
    gr_report *r = gr_xml_load_file(j->input, &mine);
    if (r && gr_diags_errors(&mine) == 0) {
        gr_report_compute_totals(r);
        const gr_report *last = previous_of(b, r);
        if (last) {
            j->previous = last->path;
            gr_check_previous(last, r, d);
        }
    }
    gr_report_free(r);
    gr_diags_free(&mine);
}

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

/* Last year's reports for --previous: every *.xml of dir, loaded and checked; one that has
 * errors is named and left out. Returns -1 when dir cannot be read. */
static int load_previous(batch *b, const char *dir, bool json)
{
    char **paths = NULL;
    size_t n = 0, cap = 0;
    if (collect(dir, &paths, &n, &cap) != 0)
        return -1;
    qsort(paths, n, sizeof *paths, cmp_str); /* the first of two candidates, always */
    b->previous = gr_xcalloc(n ? n : 1, sizeof *b->previous);
    for (size_t i = 0; i < n; i++) {
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = gr_xml_load_file(paths[i], &d);
        if (r && gr_diags_errors(&d) == 0 && gr_check_report(r, &d) == 0) {
            b->previous[b->nprevious++] = r;
        } else {
            gr_diags_sort(&d);
            gr_diags_print(&d, stderr, json);
            complain("上年报告", paths[i], "有错误，不作对照", "");
            gr_report_free(r);
        }
        gr_diags_free(&d);
        free(paths[i]);
    }
    free(paths);
    return 0;
}

/* -o DIR: made with its parents when missing. A DIR that is a file is a usage error (2);
 * one that cannot be made is the environment's (3). */
static int make_outdir(const char *dir)
{
    struct stat sb;
    if (!*dir) {
        complain("输出目录", dir, "为空", "");
        return GR_EXIT_USAGE;
    }
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode))
            return GR_EXIT_OK;
        complain("输出目录", dir, "已存在，但不是目录", "");
        return GR_EXIT_USAGE;
    }
    char *path = gr_xstrdup(dir);
    int status = GR_EXIT_OK;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            complain("无法创建输出目录", path, "：", gr_strerror(errno));
            status = GR_EXIT_ENV;
            break;
        }
        if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            complain("输出目录", path, "已存在，但不是目录", "");
            status = GR_EXIT_USAGE;
            break;
        }
        *p = c;
        if (!c)
            break;
    }
    free(path);
    return status;
}

static void run_job(batch *b, job *j)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_render_stats st = {0};
    double t0 = now_ms();
    char *outs[GR_CLI_MAX_OUTPUTS];
    unsigned fmts[GR_CLI_MAX_OUTPUTS];
    size_t nout = gr_cli_outputs(j->output, b->formats, outs, fmts);
    gr_status s = gr_render_outputs(j->input, (const char *const *)outs, fmts, nout, b->fonts,
                                    &d, &st);
    for (size_t k = 0; k < nout; k++)
        free(outs[k]);
    j->ms = now_ms() - t0;
    j->result = s == GR_OK ? OUT_OK : s == GR_ERR_INPUT ? OUT_INVALID : OUT_FAILED;
    j->pages = st.pages;
    j->bytes = st.bytes;
    if (s == GR_OK && b->nprevious)
        compare_previous(b, j, &d);
    note_warnings(j, &d);
    atomic_fetch_add(&b->warnings, j->warnings);
    gr_diags_sort(&d);
    for (size_t i = 0; i < d.n; i++)
        if (d.items[i].severity == GR_SEV_ERROR) {
            j->first_error = gr_diag_format(&d.items[i]);
            break;
        }
    if (s != GR_OK && !j->first_error)
        j->first_error = gr_xstrdup(b->formats == GR_FORMAT_PDF ? "未能生成 PDF" : "未能生成文件");
    size_t done = atomic_fetch_add(&b->done, 1) + 1;
    size_t failed = atomic_load(&b->failed);
    if (s != GR_OK)
        failed = atomic_fetch_add(&b->failed, 1) + 1;
    pthread_mutex_lock(&b->out_lock);
    if (d.n) {
        if (b->progress)
            fputs("\r\033[K", stderr);
        gr_diags_print(&d, stderr, b->json);
    }
    if (s != GR_OK && !b->json) {
        if (b->progress)
            fputs("\r\033[K", stderr);
        char *name = gr_diag_safe(j->input);
        fprintf(stderr, "govreport: batch: %s：失败\n", name);
        free(name);
    }
    if (b->progress)
        fprintf(stderr, "\r\033[K[%zu/%zu] 失败 %zu 警告 %zu", done, b->njobs, failed,
                atomic_load(&b->warnings));
    pthread_mutex_unlock(&b->out_lock);
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

/* The summary is written like a PDF: rendered in memory, then written atomically
 * (gr_file_write_atomic), so a failed run leaves no half-written summary. */
static int write_summary(const char *path, const batch *b)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        complain("无法写入汇总文件", path, "：", gr_strerror(errno));
        return -1;
    }
    size_t n = strlen(path);
    bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
    if (json)
        fputs("[\n", f);
    else
        fputs("input,output,outcome,pages,bytes,milliseconds,first_error,warnings,warning_codes,"
              "previous\n", f);
    for (size_t i = 0; i < b->njobs; i++) {
        const job *j = &b->jobs[i];
        if (json) {
            fputs("  {\"input\": ", f);
            gr_json_string(f, j->input);
            fputs(", \"output\": ", f);
            gr_json_string(f, j->result == OUT_OK ? j->output : NULL);
            fprintf(f, ", \"outcome\": \"%s\", \"pages\": %d, \"bytes\": %zu, \"milliseconds\": %.1f, "
                       "\"first_error\": ",
                    outcome_word(j->result), j->pages, j->bytes, j->ms);
            gr_json_string(f, j->first_error);
            summary_warnings(f, j, true);
            fputs(i + 1 < b->njobs ? "},\n" : "}\n", f);
        } else {
            csv_field(f, j->input);
            fputc(',', f);
            csv_field(f, j->result == OUT_OK ? j->output : "");
            fprintf(f, ",%s,%d,%zu,%.1f,", outcome_word(j->result), j->pages, j->bytes, j->ms);
            csv_field(f, j->first_error);
            summary_warnings(f, j, false);
            fputc('\n', f);
        }
    }
    if (json)
        fputs("]\n", f);
    if (fclose(f) != 0) {
        complain("无法写入汇总文件", path, "：", gr_strerror(errno));
        free(buf);
        return -1;
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_status st = gr_file_write_atomic(path, buf, len, &d);
    free(buf);
    if (st != GR_OK)
        gr_diags_print(&d, stderr, b->json);
    gr_diags_free(&d);
    return st == GR_OK ? 0 : -1;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int gr_cli_batch(int argc, char **argv)
{
    const char *outdir = NULL, *summary = NULL, *fonts_conf = NULL, *font_dir = NULL;
    const char *previous = NULL;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN), shard_k = 1, shard_n = 1;
    bool quiet = false;
    char **inputs = NULL;
    size_t ninputs = 0, capinputs = 0;
    int status = GR_EXIT_USAGE;
    batch b = {0};
    gr_fonts *fonts = NULL;
    gr_diags d;
    gr_diags_init(&d);

    if (jobs < 1)
        jobs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        bool missing = false;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(batch_usage, stdout);
            status = GR_EXIT_OK;
            goto fail;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if ((val = gr_cli_option(argc, argv, &i, "--format", &missing))) {
            if (!gr_cli_format(val, &b.formats, &b.json)) {
                fprintf(stderr, "govreport: batch: 未知格式“%s”（可用 pdf、ofd、html、html-fragment，可用逗号组合；json）\n", val);
                goto fail;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "-o", &missing)) ||
                   (val = gr_cli_option(argc, argv, &i, "--output", &missing))) {
            outdir = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "-j", &missing)) ||
                   (val = gr_cli_option(argc, argv, &i, "--jobs", &missing))) {
            if (!parse_int(val, 1, GR_MAX_JOBS, &jobs)) {
                fprintf(stderr, "govreport: batch: -j 须为 1 到 %d 的整数\n", GR_MAX_JOBS);
                goto fail;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "--shard", &missing))) {
            const char *slash = strchr(val, '/');
            char kbuf[32];
            size_t kl = slash ? (size_t)(slash - val) : 0;
            if (!slash || kl == 0 || kl >= sizeof kbuf) {
                fprintf(stderr, "govreport: batch: --shard 须形如 K/N\n");
                goto fail;
            }
            memcpy(kbuf, val, kl);
            kbuf[kl] = '\0';
            if (!parse_int(slash + 1, 1, 1000000, &shard_n) ||
                !parse_int(kbuf, 1, shard_n, &shard_k)) {
                fprintf(stderr, "govreport: batch: --shard 须形如 K/N，且 1 ≤ K ≤ N\n");
                goto fail;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "--summary", &missing))) {
            summary = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--previous", &missing))) {
            previous = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--fonts-conf", &missing))) {
            fonts_conf = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--font-dir", &missing))) {
            font_dir = val;
        } else if (missing) {
            fprintf(stderr, "govreport: batch: %s 后缺少值\n\n%s", a, batch_usage);
            goto fail;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govreport: batch: 未知选项“%s”\n\n%s", a, batch_usage);
            goto fail;
        } else if (collect(a, &inputs, &ninputs, &capinputs) != 0) {
            status = GR_EXIT_INPUT;
            goto fail;
        }
    }
    if (!outdir || ninputs == 0) {
        fputs(batch_usage, stderr);
        goto fail;
    }
    if ((status = make_outdir(outdir)) != GR_EXIT_OK)
        goto fail;
    status = GR_EXIT_USAGE;
    if (previous && load_previous(&b, previous, b.json) != 0) {
        status = GR_EXIT_INPUT;
        goto fail;
    }
    /* A summary that cannot be written is said before the renders, not after them. */
    if (summary && gr_file_check_dest(summary, &d) != GR_OK) {
        gr_diags_print(&d, stderr, b.json);
        status = GR_EXIT_ENV;
        goto fail;
    }

    /* Deterministic share: sorted paths, index i belongs to shard (i mod N) + 1. */
    if (!b.formats)
        b.formats = GR_FORMAT_PDF;
    qsort(inputs, ninputs, sizeof(char *), cmp_str);
    b.jobs = gr_xcalloc(ninputs, sizeof(job));
    for (size_t i = 0; i < ninputs; i++) {
        if (i > 0 && !strcmp(inputs[i], inputs[i - 1]))
            continue; /* the same file named twice */
        if ((long)(i % (size_t)shard_n) != shard_k - 1)
            continue;
        job *j = &b.jobs[b.njobs++];
        j->input = inputs[i];
        /* the first format's file (the lowest bit: pdf, ofd, html) */
        j->output = output_name(outdir, inputs[i], b.formats & (~b.formats + 1u));
    }
    /* Two inputs with one name would overwrite each other's PDF. */
    for (size_t i = 0; i < b.njobs; i++)
        for (size_t k = i + 1; k < b.njobs; k++)
            if (!strcmp(b.jobs[i].output, b.jobs[k].output)) {
                char *one = gr_diag_safe(b.jobs[i].input), *two = gr_diag_safe(b.jobs[k].input);
                complain("", b.jobs[i].output, "将同时来自", "");
                fprintf(stderr, "  “%s”\n  “%s”\n", one, two);
                free(one);
                free(two);
                goto fail;
            }

    if (gr_fonts_open(&fonts, fonts_conf, font_dir, &d) != GR_OK) {
        gr_diags_print(&d, stderr, false);
        status = GR_EXIT_ENV;
        goto fail;
    }
    b.fonts = fonts;
    b.progress = !quiet && isatty(STDERR_FILENO);
    pthread_mutex_init(&b.out_lock, NULL);
    if ((size_t)jobs > b.njobs)
        jobs = b.njobs ? (long)b.njobs : 1;
    pthread_t threads[GR_MAX_JOBS];
    long started = 0;
    for (; started < jobs - 1; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    worker(&b); /* the main thread works too */
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&b.out_lock);
    if (b.progress)
        fputs("\r\033[K", stderr);

    size_t failed = atomic_load(&b.failed);
    fprintf(stderr, "govreport: batch: %zu 份报告，成功 %zu 份，失败 %zu 份，警告 %zu 个\n",
            b.njobs, b.njobs - failed, failed, atomic_load(&b.warnings));
    status = failed ? GR_EXIT_INPUT : GR_EXIT_OK;
    if (summary && write_summary(summary, &b) != 0)
        status = GR_EXIT_ENV;

fail:
    for (size_t i = 0; i < b.njobs; i++) {
        free(b.jobs[i].output);
        free(b.jobs[i].first_error);
        free(b.jobs[i].warning_codes);
    }
    for (size_t i = 0; i < b.nprevious; i++)
        gr_report_free(b.previous[i]);
    free(b.previous);
    free(b.jobs);
    for (size_t i = 0; i < ninputs; i++)
        free(inputs[i]);
    free(inputs);
    gr_fonts_free(fonts);
    gr_diags_free(&d);
    return status;
}
