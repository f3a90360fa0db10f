/* cli_render: `govreport render FILE -o OUT.pdf|OUT.ofd|OUT.html`: check, lay out and write
 * one report (XML, .docx, .html or text), in the format of the output's extension or
 * --format (pdf,ofd,html: each from the one layout, written together). A thin layer over the
 * library (govreport.h): parses the options, prints the diagnostics once (sorted, GNU form or
 * JSON lines) and maps the status to the documented exit status. A failed render leaves
 * nothing at the output paths. */
#include "cli/cli.h"
#include "base/base.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char render_usage[] =
    "用法：govreport render FILE -o OUT.pdf|OUT.ofd|OUT.html [选项]\n"
    "校验 FILE（XML 年度报告，或 Word、网页、纯文本），无错误时排版并写出 PDF、OFD 或 HTML\n"
    "（按扩展名）。\n"
    "\n"
    "选项：\n"
    "  -o, --output OUT.pdf   输出文件（必需）；写入时先写临时文件，完成后改名\n"
    "  --format=pdf|ofd|html|html-fragment\n"
    "                         输出格式，优先于扩展名；以逗号合写（如 pdf,ofd,html）时由同一排版\n"
    "                         同时写出 OUT.pdf、OUT.ofd、OUT.html，全部写成才一并替换\n"
    "  --fonts-conf FILE      定义字体角色的 fontconfig 文件（优先于 GOVREPORT_FONTS_CONF 和安装的\n"
    "                         share/govreport/fonts/govreport.conf，见 man govreport）\n"
    "  --font-dir DIR         优先使用此目录中的字体（如单位自有的方正小标宋、仿宋_GB2312）\n"
    "  --format=json          诊断以 JSON 行输出（可与格式合写，如 --format=ofd,json）\n"
    "  -h, --help             显示本帮助\n"
    "\n"
    "退出状态：0 成功；1 输入有错误（未写出文件）；2 用法错误；3 环境错误（无字体、无法写入）。\n";

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

/* The format a file name asks for: .ofd, .html/.htm, else PDF. */
static unsigned format_of_path(const char *path)
{
    if (has_ext(path, ".ofd"))
        return GR_FORMAT_OFD;
    if (has_ext(path, ".html") || has_ext(path, ".htm"))
        return GR_FORMAT_HTML;
    return GR_FORMAT_PDF;
}

/* path with its extension (.pdf, .ofd, .html, .htm or .xml) replaced by format's. */
static char *format_path(const char *path, unsigned format)
{
    static const char *const exts[] = {".pdf", ".ofd", ".html", ".htm", ".xml"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (has_ext(path, exts[i])) {
            n -= strlen(exts[i]);
            break;
        }
    return gr_xasprintf("%.*s%s", (int)n, path, gr_format_ext(format));
}

/* The fonts of the render (gr_engine_new), opened beside the report. */
typedef struct {
    const gr_engine_opts *o;
    gr_engine *e;
    gr_status st;
    gr_diags d;
} fonts_job;

static void *fonts_work(void *arg)
{
    fonts_job *j = arg;
    j->st = gr_engine_new(&j->e, j->o, &j->d);
    return NULL;
}

int gr_cli_render(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *conf = NULL, *font_dir = NULL;
    bool json = false;
    unsigned formats = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        bool missing = false;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(render_usage, stdout);
            return GR_EXIT_OK;
        } else if ((v = gr_cli_option(argc, argv, &i, "--format", &missing))) {
            if (!gr_cli_format(v, &formats, &json) ||
                ((formats & GR_FORMAT_HTML) && (formats & GR_FORMAT_HTML_FRAGMENT))) {
                fprintf(stderr,
                        "govreport render: 未知格式“%s”（可用 pdf、ofd、html、html-fragment，"
                        "以逗号合写如 pdf,ofd,html；json）\n\n%s",
                        v, render_usage);
                return GR_EXIT_USAGE;
            }
        } else if ((v = gr_cli_option(argc, argv, &i, "-o", &missing)) ||
                   (v = gr_cli_option(argc, argv, &i, "--output", &missing))) {
            out = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--fonts-conf", &missing))) {
            conf = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--font-dir", &missing))) {
            font_dir = v;
        } else if (missing) {
            fprintf(stderr, "govreport render: %s 后缺少值\n\n%s", a, render_usage);
            return GR_EXIT_USAGE;
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf(stderr, "govreport render: 未知选项“%s”\n\n%s", a, render_usage);
            return GR_EXIT_USAGE;
        } else if (!in) {
            in = a;
        } else {
            fprintf(stderr, "govreport render: 只能排一个文件，多余的参数“%s”（批量请用 batch）\n",
                    a);
            return GR_EXIT_USAGE;
        }
    }
    if (!in || !out) {
        fprintf(stderr, "govreport render: %s\n\n%s", !in ? "缺少输入文件" : "缺少 -o OUT.pdf",
                render_usage);
        return GR_EXIT_USAGE;
    }
    /* The extension picks the format unless --format names it; several formats: OUT with
     * each format's extension. */
    static const unsigned order[] = {GR_FORMAT_PDF, GR_FORMAT_OFD, GR_FORMAT_HTML,
                                     GR_FORMAT_HTML_FRAGMENT};
    gr_output outs[4] = {{0}};
    char *paths[4] = {NULL};
    size_t nout = 0;
    bool several = (formats & (formats - 1)) != 0;
    for (size_t k = 0; k < 4; k++) {
        unsigned f = formats ? formats & order[k] : (k == 0 ? format_of_path(out) : 0);
        if (!f)
            continue;
        paths[nout] = several ? format_path(out, f) : gr_xstrdup(out);
        outs[nout].format = f;
        outs[nout].path = paths[nout];
        nout++;
    }
    int rc = GR_EXIT_OK;
    gr_diags d;
    gr_diags_init(&d);
    gr_engine *engine = NULL;
    gr_report *r = NULL;
    /* The outputs' paths (a missing folder, the input itself) are the library's to check,
     * before any work (gr_render_files). */
    bool pages = false;
    for (size_t k = 0; k < nout; k++)
        pages |= outs[k].format == GR_FORMAT_PDF || outs[k].format == GR_FORMAT_OFD;
    gr_engine_opts eo = {conf, font_dir};
    /* the fonts are opened on a second thread while the report is read and validated here:
     * neither needs the other, and the report takes longer (a render in a fresh process:
     * some 2 ms of 11), so this thread seldom waits */
    fonts_job job = {&eo, NULL, GR_OK, {0}};
    gr_diags_init(&job.d);
    pthread_t opener;
    bool beside = pages && pthread_create(&opener, NULL, fonts_work, &job) == 0;
    if (pages && !beside)
        fonts_work(&job);
    gr_diags rd; /* the report's */
    gr_diags_init(&rd);
    gr_status st = GR_OK;
    if (beside || job.st == GR_OK)
        st = gr_open_file(in, &r, &rd);
    if (beside)
        pthread_join(opener, NULL);
    engine = job.e;
    gr_diags_move(&d, &job.d);
    if (job.st != GR_OK) { /* what the report holds is not told: the environment is at fault */
        rc = GR_EXIT_ENV;
        gr_report_free(r);
        r = NULL;
        gr_diags_free(&rd);
    } else {
        gr_diags_move(&d, &rd);
        if (st == GR_OK)
            st = gr_render_files(engine, r, outs, nout, NULL, &d);
        rc = gr_cli_exit(st);
    }
    gr_diags_sort(&d);
    gr_cli_print_diags(&d, json);
    if (GR_CLI_FREE_AT_EXIT) {
        gr_report_free(r);
        gr_engine_free(engine);
    }
    gr_diags_free(&d);
    for (size_t k = 0; k < nout; k++)
        free(paths[k]);
    return rc;
}
