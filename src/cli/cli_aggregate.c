/* cli_aggregate: `govreport aggregate FILE... -o OUT.xml [--issuer NAME] [--year Y]`. Adds up
 * the tables of many checked reports of one year into the summary report of a county or city;
 * the prose sections are left as placeholders for the clerk to write (check warns on 六). */
#include "report/report.h"
#include "cli/cli.h"
#include "base/base.h"
#include "import/import.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "用法：govreport aggregate FILE... -o OUT.xml [--issuer 名称] [--year 年度]\n"
    "把同一年度的多份报告的表二、表三、表四逐项相加，得到一份汇总报告（如县、市的汇总年报）。\n"
    "每份报告先经校验，有错误的不予汇总；年度不同的不予汇总。合计由各项重新算出；\n"
    "收费金额按十进制精确相加。一、五、六部分写为“（文字描述）”，需人工撰写\n"
    "（govreport check 对这些占位文字给出 W-PLACEHOLDER 警告）。\n"
    "\n"
    "  -o OUT.xml        输出文件（- 为标准输出）\n"
    "  --issuer 名称     汇总报告的机关名称（默认“" GR_AGGREGATE_DEFAULT_ISSUER "”）\n"
    "  --year 年度       只汇总这一年度（默认取自输入）\n"
    "  --format=json     诊断输出为 JSON 行\n"
    "  --help            显示本说明\n"
    "\n"
    "退出状态：0 已写出；1 输入有错误；2 用法错误；3 无法写出。\n";

/* A usage error of this subcommand: the message, then the usage text; exit 2. */
static int usage_error(const char *fmt, const char *arg)
{
    return gr_cli_usage_error("aggregate", usage, fmt, arg);
}

int gr_cli_aggregate(int argc, char **argv)
{
    const char *out = NULL, *issuer = NULL;
    int year = 0;
    bool json = false, only_files = false;
    const char **files = gr_xcalloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    int status = GR_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            files[nfiles++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_files = true;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            goto done;
        }
        bool missing = false;
        const char *v;
        if ((v = gr_cli_option(argc, argv, &i, "-o", &missing)) ||
            (v = gr_cli_option(argc, argv, &i, "--output", &missing))) {
            out = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--issuer", &missing))) {
            if (!gr_cli_issuer_ok(v)) {
                status = usage_error("机关名称“%s”为空或含控制字符", v);
                goto done;
            }
            issuer = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--year", &missing))) {
            if (!gr_cli_parse_year(v, &year)) {
                status = gr_cli_year_error("aggregate", usage, v);
                goto done;
            }
        } else if (missing) {
            status = usage_error("选项“%s”后缺少值", a);
            goto done;
        } else if (!strcmp(a, "--format=json")) {
            json = true;
        } else if (!strcmp(a, "--format=text")) {
            json = false;
        } else {
            status = usage_error("未知选项“%s”", a);
            goto done;
        }
    }
    if (!nfiles) {
        status = usage_error("%s", "没有给出要汇总的报告");
        goto done;
    }
    if (!out) {
        status = usage_error("%s", "没有给出输出文件（-o OUT.xml）");
        goto done;
    }

    gr_diags d;
    gr_diags_init(&d);
    gr_report *sum = gr_aggregate_files(files, nfiles, issuer, year, &d);
    if (!sum)
        status = GR_EXIT_INPUT;
    else if (gr_xml_write_file(sum, out, &d) != GR_OK)
        status = GR_EXIT_ENV;
    gr_diags_sort(&d);
    gr_diags_print(&d, stderr, json);
    if (!json) {
        if (status == GR_EXIT_INPUT)
            fprintf(stderr, "汇总未完成：%zu 个错误，未写出\n", gr_diags_errors(&d));
        else if (status == GR_EXIT_OK && strcmp(out, "-"))
            fprintf(stderr, "已汇总 %zu 份报告，写出 %s；一、五、六部分的文字需人工撰写\n",
                    nfiles, out);
    }
    gr_report_free(sum);
    gr_diags_free(&d);
done:
    free(files);
    return status;
}
