/* aggregate (api): the files of one year's reports → their sum. Each file is opened (any kind
 * the program reads) and checked; one with errors is refused, and so is one file named twice;
 * the sum itself is report/aggregate.c's. */
#include "api/api.h"

#include "report/report.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

gr_report *gr_aggregate_files(const char *const *paths, size_t n, const char *issuer, int year,
                              gr_diags *d)
{
    if (n > GR_MAX_AGGREGATE_INPUTS) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-AGGREGATE", "一次最多汇总 %d 份报告",
                    GR_MAX_AGGREGATE_INPUTS);
        return NULL;
    }
    gr_report **in = gr_xcalloc(n ? n : 1, sizeof *in);
    gr_report *sum = NULL;
    bool refused = false;
    /* The same report named twice (under any path) would be counted twice. */
    struct stat *st = gr_xcalloc(n ? n : 1, sizeof *st);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-") || stat(paths[i], &st[i]))
            continue;
        for (size_t k = 0; k < i; k++)
            if (strcmp(paths[k], "-") && st[k].st_ino == st[i].st_ino &&
                st[k].st_dev == st[i].st_dev && st[i].st_ino) {
                gr_diag_add(d, GR_SEV_ERROR, paths[i], 0, 0, "E-AGGREGATE-INPUT",
                            "与“%s”是同一份报告，会被计算两次", paths[k]);
                refused = true;
                break;
            }
    }
    free(st);
    for (size_t i = 0; i < n; i++) {
        gr_diags one;
        gr_diags_init(&one);
        if (gr_open_file(paths[i], &in[i], &one) == GR_OK)
            gr_check(in[i], NULL, &one);
        size_t errors = gr_diags_errors(&one);
        /* Only the errors: the input's warnings are for its own clerk. */
        for (size_t k = 0; k < one.n; k++) {
            const gr_diag *g = &one.items[k];
            if (g->severity != GR_SEV_ERROR)
                continue;
            gr_diag_add(d, g->severity, g->file, g->line, g->col, g->code, "%s", g->message);
            if (g->hint)
                gr_diag_hint(d, "%s", g->hint);
        }
        if (!in[i] || errors) {
            gr_diag_add(d, GR_SEV_ERROR, paths[i], 0, 0, "E-AGGREGATE-INPUT",
                        "这份报告有 %zu 个错误，不予汇总", errors ? errors : 1);
            gr_diag_hint(d, "先用 govreport check 改正它");
            refused = true;
        }
        gr_diags_free(&one);
    }
    if (!refused)
        sum = gr_aggregate_reports((const gr_report *const *)in, n, issuer, year, d);
    for (size_t i = 0; i < n; i++)
        gr_report_free(in[i]);
    free(in);
    return sum;
}
