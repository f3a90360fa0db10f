/* cli_batch: `govreport batch [-j N] [--shard K/N] [--summary FILE] [--previous DIR] -o DIR
 * INPUT...`. Parses the options and prints; the batch itself is the library's (gr_batch_run:
 * folders expanded, sorted, sharded, rendered by N threads sharing one engine). Each report's
 * diagnostics are printed together as it finishes, with a progress line on a terminal; exit 1
 * if any report failed. */
#include "cli/cli.h"

#include "base/base.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GR_MAX_JOBS 256 /* more threads than this only adds contention */

static const char batch_usage[] =
    "用法：govreport batch [-j N] [--shard K/N] [--summary FILE] [--previous DIR] -o DIR INPUT...\n"
    "把每个 INPUT（文件，或目录中全部 .xml、.docx、.html、.htm、.txt，按路径排序）排成 DIR 中\n"
    "同名的 PDF（或 OFD、HTML）。\n"
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
    "  --format=ofd      写 OFD 而非 PDF；pdf,ofd,html 等合写时由同一排版一并写出\n"
    "  --format=html     写供网站发布的 HTML 网页；html-fragment 只写正文片段\n"
    "  -q, --quiet       不显示进度行\n"
    "\n"
    "一份报告出错不影响其他报告；任何一份出错则退出状态为 1。\n";

typedef struct {
    bool json, progress;
    size_t failed, warnings;
} printer;

/* One report finished: its diagnostics, a line when it failed, the progress line. */
static void on_report(const gr_batch_result *res, size_t done, size_t total, void *user)
{
    printer *p = user;
    p->failed += res->status != GR_OK;
    p->warnings += gr_diags_warnings(res->diags);
    if (p->progress && (res->diags->n || res->status != GR_OK))
        fputs("\r\033[K", stderr);
    gr_cli_print_diags(res->diags, p->json);
    if (res->status != GR_OK && !p->json) {
        char *name = gr_diag_safe(res->input);
        fprintf(stderr, "govreport: batch: %s：失败\n", name);
        free(name);
    }
    if (p->progress)
        fprintf(stderr, "\r\033[K[%zu/%zu] 失败 %zu 警告 %zu", done, total, p->failed,
                p->warnings);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* --shard K/N, 1 ≤ K ≤ N. */
static bool parse_shard(const char *val, long *k, long *n)
{
    const char *slash = strchr(val, '/');
    char kbuf[32];
    size_t kl = slash ? (size_t)(slash - val) : 0;
    if (!slash || kl == 0 || kl >= sizeof kbuf)
        return false;
    memcpy(kbuf, val, kl);
    kbuf[kl] = '\0';
    return parse_long(slash + 1, 1, 1000000, n) && parse_long(kbuf, 1, *n, k);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("govreport: batch: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    return GR_EXIT_USAGE;
}

int gr_cli_batch(int argc, char **argv)
{
    gr_batch_opts o = {0};
    gr_engine_opts eo = {0};
    long jobs = 0, shard_k = 0, shard_n = 0;
    bool quiet = false;
    printer p = {0};
    const char **inputs = gr_xcalloc((size_t)argc, sizeof *inputs);
    int status = GR_EXIT_USAGE;
    gr_engine *engine = NULL;
    gr_diags d;
    gr_diags_init(&d);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        bool missing = false;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(batch_usage, stdout);
            status = GR_EXIT_OK;
            goto done;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if ((val = gr_cli_option(argc, argv, &i, "--format", &missing))) {
            if (!gr_cli_format(val, &o.formats, &p.json)) {
                status = usage_error("未知格式“%s”（可用 pdf、ofd、html、html-fragment，以逗号合写；json）",
                                     val);
                goto done;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "-o", &missing)) ||
                   (val = gr_cli_option(argc, argv, &i, "--output", &missing))) {
            o.out_dir = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "-j", &missing)) ||
                   (val = gr_cli_option(argc, argv, &i, "--jobs", &missing))) {
            if (!parse_long(val, 1, GR_MAX_JOBS, &jobs)) {
                fprintf(stderr, "govreport: batch: -j 须为 1 到 %d 的整数\n", GR_MAX_JOBS);
                goto done;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "--shard", &missing))) {
            if (!parse_shard(val, &shard_k, &shard_n)) {
                status = usage_error("--shard 须形如 K/N，且 1 ≤ K ≤ N%s", "");
                goto done;
            }
        } else if ((val = gr_cli_option(argc, argv, &i, "--summary", &missing))) {
            o.summary_path = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--previous", &missing))) {
            o.previous_dir = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--fonts-conf", &missing))) {
            eo.fonts_conf = val;
        } else if ((val = gr_cli_option(argc, argv, &i, "--font-dir", &missing))) {
            eo.font_dir = val;
        } else if (missing) {
            fprintf(stderr, "govreport: batch: %s 后缺少值\n\n%s", a, batch_usage);
            goto done;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "govreport: batch: 未知选项“%s”\n\n%s", a, batch_usage);
            goto done;
        } else {
            inputs[o.ninputs++] = a;
        }
    }
    if (!o.out_dir || o.ninputs == 0) {
        fputs(batch_usage, stderr);
        goto done;
    }
    if ((o.formats & GR_FORMAT_HTML) && (o.formats & GR_FORMAT_HTML_FRAGMENT)) {
        status = usage_error("html 与 html-fragment 只能选一种%s", "");
        goto done;
    }
    o.inputs = inputs;
    o.jobs = (int)jobs;
    o.shard_k = (int)shard_k;
    o.shard_n = (int)shard_n;
    o.on_report = on_report;
    o.user = &p;
    p.progress = !quiet && isatty(STDERR_FILENO);

    if (o.formats == 0 || (o.formats & (GR_FORMAT_PDF | GR_FORMAT_OFD))) {
        if (gr_engine_new(&engine, &eo, &d) != GR_OK) {
            gr_cli_print_diags(&d, false);
            status = GR_EXIT_ENV;
            goto done;
        }
    }
    gr_batch_totals t;
    gr_status st = gr_batch_run(engine, &o, &t, &d);
    if (p.progress)
        fputs("\r\033[K", stderr);
    gr_diags_sort(&d);
    gr_cli_print_diags(&d, p.json);
    if (t.total || st == GR_OK)
        fprintf(stderr, "govreport: batch: %zu 份报告，成功 %zu 份，失败 %zu 份，警告 %zu 个\n",
                t.total, t.ok, t.invalid + t.failed, t.warnings);
    status = gr_cli_exit(st);

done:
    gr_engine_free(engine);
    gr_diags_free(&d);
    free(inputs);
    return status;
}
