/* cli_import: `govreport import FILE -o OUT.xml [--issuer N] [--year Y]`. Reads a report (the
 * Word file, an HTML page, or plain text: copied from a page or turned out of a PDF), writes it as report XML with the figures as published, so
 * that `govreport check` can say whether it balances. Nothing is written when a figure is
 * missing or cannot be placed: a half-imported report would look complete. */
#include "cli/cli.h"
#include "base/base.h"
#include "import/import.h"
#include "report/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "用法：govreport import FILE -o OUT.xml [--issuer 机关名称] [--year 年度]\n"
    "把年度报告（Word 文件 .docx、政府网站的 HTML 网页，或纯文本）读成报告 XML。\n"
    "Word 文件按内容识别（不看扩展名）；旧的 .doc、.wps 请先另存为 .docx。\n"
    "纯文本可以是从网页复制的文字（表格用制表符或空格对齐），也可以是 PDF 转出的文字：\n"
    "pdftotext -layout 报告.pdf 报告.txt（不加 -layout 也能读，但表格的行名可能离开数字）。\n"
    "章节按标题识别，表格各行按行名识别（不按列位置）；数字照原样读入，合计也照原样，\n"
    "之后用 govreport check 查看是否平衡、正文与表格是否一致。\n"
    "\n"
    "  -o OUT.xml        输出文件（- 为标准输出）；有错误时不写\n"
    "  --issuer 名称     机关名称（默认取自报告标题）\n"
    "  --year 年度       报告年度（默认取自报告标题）\n"
    "  --docx / --html / --text  指定输入格式（默认按内容判断）\n"
    "  --format=json     诊断输出为 JSON 行\n"
    "  --help            显示本说明\n"
    "\n"
    "退出状态：0 已写出；1 输入有错误（未写出）；2 用法错误；3 无法写出。\n";

/* A usage error of this subcommand: the message, then the usage text; exit 2. */
static int usage_error(const char *fmt, const char *arg)
{
    return gr_cli_usage_error("import", usage, fmt, arg);
}

int gr_cli_import(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    gr_import_opts o = {NULL, 0};
    gr_import_kind kind = GR_IMPORT_AUTO;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return GR_EXIT_OK;
        }
        bool missing = false;
        const char *v;
        if ((v = gr_cli_option(argc, argv, &i, "-o", &missing)) ||
            (v = gr_cli_option(argc, argv, &i, "--output", &missing))) {
            out = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--issuer", &missing))) {
            if (!gr_cli_issuer_ok(v))
                return usage_error("机关名称“%s”为空或含控制字符", v);
            o.issuer = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--year", &missing))) {
            if (!gr_cli_parse_year(v, &o.year))
                return gr_cli_year_error("import", usage, v);
        } else if (missing) {
            return usage_error("选项“%s”后缺少值", a);
        } else if (!strcmp(a, "--docx")) {
            kind = GR_IMPORT_DOCX;
        } else if (!strcmp(a, "--html")) {
            kind = GR_IMPORT_HTML;
        } else if (!strcmp(a, "--text")) {
            kind = GR_IMPORT_TEXT;
        } else if (!strcmp(a, "--format=json")) {
            json = true;
        } else if (!strcmp(a, "--format=text")) {
            json = false;
        } else if (a[0] == '-' && strcmp(a, "-")) {
            return usage_error("未知选项“%s”", a);
        } else if (in) {
            return usage_error("只能给一个输入文件，多出“%s”", a);
        } else {
            in = a;
        }
    }
    if (!in)
        return usage_error("%s", "没有给出输入文件");
    if (!out)
        return usage_error("%s", "没有给出输出文件（-o OUT.xml）");

    gr_diags d;
    gr_diags_init(&d);
    int status = GR_EXIT_OK;
    gr_report *r = gr_import_file(in, kind, &o, &d);
    if (!r)
        status = GR_EXIT_INPUT;
    else if (gr_xml_write_file(r, out, &d) != GR_OK)
        status = GR_EXIT_ENV;
    gr_diags_sort(&d);
    gr_diags_print(&d, stderr, json);
    if (!json) {
        if (status == GR_EXIT_INPUT)
            fprintf(stderr, "%s：%zu 个错误，未写出%s\n", in, gr_diags_errors(&d),
                    d.dropped ? "（另有未列出的问题）" : "");
        else if (status == GR_EXIT_OK && strcmp(out, "-"))
            fprintf(stderr, "%s：已写出 %s；用 govreport check 校验勾稽关系\n", in, out);
    }
    gr_report_free(r);
    gr_diags_free(&d);
    return status;
}
