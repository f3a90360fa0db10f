/* cli_template: `govreport template [--issuer NAME] [--year YEAR]` writes a blank report on
 * stdout: every figure 0 with its totals, every required section with a placeholder
 * paragraph to replace. The output is schema-valid and passes `check` as it stands. */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli.h"
#include "report/report.h"
#include "base/base.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The years a 2021-format report can have; the schema states the same bounds. */

static const char usage[] =
    "用法：govreport template [--issuer 名称] [--year 年度]\n"
    "在标准输出写一份空白报告（全部数字为 0，各节为待替换的占位文字），可直接通过 check。\n"
    "\n"
    "  --issuer 名称   发布机关，默认“某某人民政府”\n"
    "  --year 年度     报告年度（" GR_CLI_YEARS " 的四位数字），默认为上一年\n"
    "  --help          显示本说明\n";

static int default_year(void)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return 2025;
    return tm.tm_year + 1900 - 1;
}

int gr_cli_template(int argc, char **argv)
{
    const char *issuer = "某某人民政府";
    int year = default_year();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return GR_EXIT_OK;
        }
        bool is_issuer = !strncmp(a, "--issuer", 8) && (a[8] == 0 || a[8] == '=');
        bool is_year = !strncmp(a, "--year", 6) && (a[6] == 0 || a[6] == '=');
        if (!is_issuer && !is_year) {
            fprintf(stderr, "govreport template: 未知参数“%s”\n\n%s", a, usage);
            return GR_EXIT_USAGE;
        }
        const char *eq = strchr(a, '=');
        if (eq)
            v = eq + 1;
        else if (i + 1 < argc)
            v = argv[++i];
        else {
            fprintf(stderr, "govreport template: %s 后缺少值\n", a);
            return GR_EXIT_USAGE;
        }
        if (is_year && !gr_cli_parse_year(v, &year)) {
            fprintf(stderr, "govreport template: 年度“%s”应为 %d 至 %d 之间的四位数字\n", v,
                    GR_MIN_YEAR, GR_MAX_YEAR);
            return GR_EXIT_USAGE;
        }
        if (is_issuer) {
            if (!gr_cli_issuer_ok(v)) {
                fprintf(stderr, "govreport template: 发布机关“%s”不能为空，也不能含控制字符\n",
                        v);
                return GR_EXIT_USAGE;
            }
            issuer = v;
        }
    }

    gr_report *r = gr_report_blank(issuer, year);
    gr_xml_write(r, stdout);
    gr_report_free(r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("govreport template: 无法写出到标准输出\n", stderr);
        return GR_EXIT_ENV;
    }
    return GR_EXIT_OK;
}
