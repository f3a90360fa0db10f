/* cli_check: `govreport check [--format=json] [--previous LAST] FILE...`. Opens each file
 * (XML, or a .docx, HTML page or text copy, imported in memory), checks it when it opened
 * cleanly, and prints every diagnostic once, sorted, on stderr. With --previous, each FILE is
 * also read beside LAST, the same office's report of the year before (R5, R9, W-SAME); a
 * FILE of another office or year is a usage error, found before anything is checked.
 * Exit 0 when every file is valid (warnings allowed), 1 when any has an error, 2 on misuse. */
#include "cli/cli.h"
#include "base/base.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "用法：govreport check [--format=text|json] [--previous LAST.xml] FILE...\n"
    "校验报告：格式（XSD）、表格勾稽关系 R1–R4，并对正文与表格不符（R6）、\n"
    "第六部分未说明信息处理费（R7）、仍为占位文字给出警告。诊断写到标准错误；FILE 为 - 时读标准输入。\n"
    "FILE 可以是 XML，也可以是 Word（.docx）、网页（.html）或纯文本，直接读入校验（不写出 XML）。\n"
    "\n"
    "  --format=json      诊断输出为 JSON 行，便于脚本处理\n"
    "  --previous LAST    与同一机关上一年度的报告对照：上年结转（R5）、现行有效件数（R9）、\n"
    "                     第一、五部分与上年雷同；每个 FILE 都须是 LAST 的机关的下一年度报告\n"
    "  --help             显示本说明\n"
    "\n"
    "退出状态：0 全部通过（可有警告）；1 有错误；2 用法错误。\n";

/* One file's summary line after its diagnostics. */
static void print_outcome(const char *path, const gr_diags *d, bool json)
{
    if (json)
        return;
    size_t errors = gr_diags_errors(d), warnings = gr_diags_warnings(d);
    char *name = gr_diag_safe(path);
    if (errors)
        fprintf(stderr, "%s：%zu 个错误%s\n", name, errors,
                d->dropped ? "（另有未列出的问题）" : "");
    else if (warnings)
        fprintf(stderr, "%s：通过（%zu 个警告）\n", name, warnings);
    else
        fprintf(stderr, "%s：通过\n", name);
    free(name);
}

/* Load LAST for --previous: its problems are printed as any file's; NULL when it does not
 * load cleanly (then FILEs are checked without it, and the run fails). */
static gr_report *load_previous(const char *path, bool json)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *last = NULL;
    if (gr_open_file(path, &last, &d) == GR_OK && gr_check(last, NULL, &d) == 0) {
        gr_diags_free(&d);
        return last;
    }
    gr_diags_sort(&d);
    gr_cli_print_diags(&d, json);
    print_outcome(path, &d, json);
    gr_diags_free(&d);
    gr_report_free(last);
    return NULL;
}

typedef struct {
    const char *path;
    gr_report *report;
    gr_diags diags;
} checked;

int gr_cli_check(int argc, char **argv)
{
    bool json = false, only_files = false, last_failed = false;
    const char *previous = NULL;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val;
        bool missing = false;
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            nfiles++;
        } else if (!strcmp(a, "--")) {
            only_files = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return GR_EXIT_OK;
        } else if (!strcmp(a, "--format=json")) {
            json = true;
        } else if (!strcmp(a, "--format=text")) {
            json = false;
        } else if ((val = gr_cli_option(argc, argv, &i, "--previous", &missing))) {
            previous = val;
        } else if (missing) {
            return gr_cli_usage_error("check", usage, "%s 后缺少文件", a);
        } else {
            return gr_cli_usage_error("check", usage, "未知选项“%s”", a);
        }
    }
    if (nfiles == 0)
        return gr_cli_usage_error("check", usage, "没有给出要校验的文件%s", "");

    gr_report *last = NULL;
    if (previous) {
        last = load_previous(previous, json);
        last_failed = last == NULL;
    }

    /* Load every file first, so that a file of another office or year stops the run
     * before any diagnostic is printed. */
    checked *files = gr_xcalloc((size_t)nfiles, sizeof *files);
    size_t n = 0;
    int status = GR_EXIT_OK;
    only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && !strcmp(a, "--")) {
            only_files = true;
            continue;
        }
        if (!only_files && !strcmp(a, "--previous")) {
            i++;
            continue;
        }
        if (!only_files && a[0] == '-' && strcmp(a, "-"))
            continue;
        checked *c = &files[n++];
        c->path = a;
        gr_diags_init(&c->diags);
        gr_open_file(a, &c->report, &c->diags);
        char *why = last && c->report ? gr_previous_mismatch(last, c->report) : NULL;
        if (why) {
            char *one = gr_diag_safe(a), *two = gr_diag_safe(previous);
            fprintf(stderr, "govreport check: “%s”不是“%s”的下一年度报告：%s\n", one, two, why);
            free(one);
            free(two);
            free(why);
            status = GR_EXIT_USAGE;
        }
    }
    if (status == GR_EXIT_USAGE) {
        fputs("\n", stderr);
        fputs(usage, stderr);
        goto done;
    }

    bool any_error = last_failed;
    for (size_t k = 0; k < n; k++) {
        checked *c = &files[k];
        /* A file that did not open (the schema rejected it) is not checked further: the
         * balance rules would only repeat its errors. */
        if (c->report)
            gr_check(c->report, last, &c->diags);
        gr_diags_sort(&c->diags);
        gr_cli_print_diags(&c->diags, json);
        print_outcome(c->path, &c->diags, json);
        any_error |= gr_diags_errors(&c->diags) > 0;
    }
    status = any_error ? GR_EXIT_INPUT : GR_EXIT_OK;

done:
    for (size_t k = 0; k < n; k++) {
        gr_report_free(files[k].report);
        gr_diags_free(&files[k].diags);
    }
    free(files);
    gr_report_free(last);
    return status;
}
