/* cli_render: `govreport render FILE -o OUT.pdf|OUT.ofd|OUT.html`: check, lay out and write
 * one report, as PDF, OFD or the HTML page by the output's extension or --format (pdf,ofd,
 * html: all, from one load and one layout). A thin layer over render.c: parses the options, opens the fonts, prints the
 * diagnostics once (sorted, GNU form or JSON lines) and maps the outcome to the documented
 * exit status. A failed render leaves nothing at the output path. */
#include "cli/cli.h"
#include "base/base.h"
#include "layout/layout.h"
#include "output/output.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char render_usage[] =
    "用法：govreport render FILE -o OUT.pdf|OUT.ofd|OUT.html [选项]\n"
    "校验 FILE（XML 年度报告），无错误时排版并写出 PDF、OFD 或网页 HTML（按扩展名）。\n"
    "\n"
    "选项：\n"
    "  -o, --output OUT.pdf   输出文件（必需）；写入时先写临时文件，完成后改名\n"
    "  --format=pdf|ofd|html|html-fragment\n"
    "                         输出格式，优先于扩展名；可组合，如 pdf,ofd,html 由同一次读入\n"
    "                         写出 OUT.pdf、OUT.ofd 与 OUT.html（网页链接到 PDF 与 OFD）；\n"
    "                         html-fragment 只写 <article>，供粘贴到网站编辑器\n"
    "  --fonts-conf FILE      定义字体角色的 fontconfig 文件（优先于 GOVREPORT_FONTS_CONF 和安装的\n"
    "                         share/govreport/fonts/govreport.conf，见 man govreport）\n"
    "  --font-dir DIR         优先使用此目录中的字体（如单位自有的方正小标宋、仿宋_GB2312）\n"
    "  --format=json          诊断以 JSON 行输出（可与格式合写，如 --format=ofd,json）\n"
    "  -h, --help             显示本帮助\n"
    "\n"
    "退出状态：0 成功；1 输入有错误（未写出文件）；2 用法错误；3 环境错误（无字体、无法写入）。\n";

/* The folder that will hold path exists and is a directory. */
static bool parent_is_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return true; /* the current directory */
    char *dir = slash == path ? gr_xstrdup("/") : gr_xstrndup(path, (size_t)(slash - path));
    struct stat sb;
    bool ok = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
    free(dir);
    return ok;
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
            if (!gr_cli_format(v, &formats, &json)) {
                fprintf(stderr, "govreport render: 未知格式“%s”（可用 pdf、ofd、html、html-fragment，可用逗号组合，"
                        "html 与 html-fragment 只选其一；json）\n\n%s",
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
    /* the extension picks the format unless --format names it; several: OUT.pdf, OUT.ofd,
     * OUT.html */
    char *outs[GR_CLI_MAX_OUTPUTS] = {NULL};
    unsigned fmts[GR_CLI_MAX_OUTPUTS] = {0};
    size_t nout = gr_cli_outputs(out, formats, outs, fmts);
    int rc = GR_EXIT_OK;
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *fonts = NULL;
    for (size_t k = 0; k < nout; k++) {
        struct stat si, so;
        if (strcmp(in, "-") && stat(in, &si) == 0 && stat(outs[k], &so) == 0 &&
            si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
            /* the output would replace the report it was made from */
            fprintf(stderr, "govreport render: 输出文件“%s”就是输入文件，写出会覆盖报告本身\n",
                    outs[k]);
            rc = GR_EXIT_USAGE;
            goto fail;
        }
        if (!parent_is_dir(outs[k])) {
            fprintf(stderr, "govreport render: 无法写入“%s”：所在目录不存在\n", outs[k]);
            rc = GR_EXIT_ENV;
            goto fail;
        }
    }

    bool pages = false; /* the HTML page alone needs no fonts */
    for (size_t k = 0; k < nout; k++)
        pages |= fmts[k] == GR_FORMAT_PDF || fmts[k] == GR_FORMAT_OFD;
    if (pages && gr_fonts_open(&fonts, conf, font_dir, &d) != GR_OK) {
        rc = GR_EXIT_ENV;
        goto fail;
    }
    gr_status st =
        gr_render_outputs(in, (const char *const *)outs, fmts, nout, fonts, &d, NULL);
    if (st == GR_ERR_INPUT)
        rc = GR_EXIT_INPUT;
    else if (st != GR_OK)
        rc = GR_EXIT_ENV;
fail:
    gr_diags_sort(&d);
    gr_diags_print(&d, stderr, json);
    gr_fonts_free(fonts);
    gr_diags_free(&d);
    for (size_t k = 0; k < nout; k++)
        free(outs[k]);
    return rc;
}
