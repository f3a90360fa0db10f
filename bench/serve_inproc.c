/* serve_inproc: the in-process figures bench/serve.sh compares the server with, through
 * govreport.h: the file's bytes opened (gr_open_mem) and rendered to PDF in memory
 * (gr_render_mem) N times, as a request to /api/render does after reading its body; and the
 * render alone. Prints the medians and means in ms.
 * Usage: serve_inproc FILE [N] */
#include "govreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: serve_inproc FILE [N]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 200;
    if (n < 1) n = 1;
    gr_diags d;
    gr_diags_init(&d);
    gr_engine *e = NULL;
    gr_report *r = NULL;
    double *ms = calloc((size_t)n, sizeof *ms);
    int rc = 3;
    if (!ms || gr_init(&d) != GR_OK) goto fail;
    if (gr_engine_new(&e, NULL, &d) != GR_OK || gr_open_file(argv[1], &r, &d) != GR_OK) goto fail;
    FILE *f = fopen(argv[1], "rb");
    if (!f) goto fail;
    static char buf[1 << 22];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    for (int pass = 0; pass < 2; pass++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            gr_output out = {.format = GR_FORMAT_PDF};
            gr_report *one = NULL;
            double t0 = now_ms();
            if (pass == 0 && gr_open_mem(buf, len, argv[1], &one, &d) != GR_OK) goto fail;
            if (gr_render_mem(e, pass == 0 ? one : r, &out, 1, NULL, &d) != GR_OK) goto fail;
            ms[i] = now_ms() - t0;
            sum += ms[i];
            free(out.data);
            gr_report_free(one);
        }
        qsort(ms, (size_t)n, sizeof *ms, cmp);
        printf("in-process %s: median %.2f ms, mean %.2f ms (%d runs)\n",
               pass == 0 ? "open + render" : "render alone", ms[n / 2], sum / n, n);
    }
    rc = 0;
fail:
    for (size_t i = 0; i < d.n; i++) {
        char *line = gr_diag_format(&d.items[i]);
        fprintf(stderr, "%s\n", line);
        free(line);
    }
    gr_diags_free(&d);
    gr_report_free(r);
    gr_engine_free(e);
    free(ms);
    gr_cleanup();
    return rc;
}
