/* htmlcost: what the HTML page costs beside the PDF, in one process, so that loading the
 * report and opening the fonts (shared by both, and paid once in a batch) are left out:
 * the CPU time of writing the page (gr_html_write_mem) against that of laying the report
 * out and writing the PDF (gr_compose + gr_pdf_write_mem), each the mean of many runs.
 * Usage: htmlcost REPORT.xml [RUNS]   prints both times and their ratio (issue 22: ≤ 10 %). */
#include "layout/compose.h"
#include "output/output.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: htmlcost REPORT.xml [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 50;
    if (runs < 1) runs = 1;
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = NULL;
    gr_report *r = gr_xml_load_file(argv[1], &d);
    if (!r || gr_check_report(r, &d) > 0 || gr_fonts_open(&f, NULL, NULL, &d) != GR_OK) {
        gr_diags_print(&d, stderr, false);
        return 1;
    }
    size_t pdf_bytes = 0, html_bytes = 0;
    double t0 = cpu_ms();
    for (int i = 0; i < runs; i++) {
        gr_doc *doc = NULL;
        unsigned char *buf = NULL;
        if (gr_compose(r, f, &doc, &d) != GR_OK || gr_pdf_write_mem(doc, f, &buf, &pdf_bytes, &d) != GR_OK)
            return 1;
        free(buf);
        gr_doc_free(doc);
    }
    double pdf = (cpu_ms() - t0) / runs;
    t0 = cpu_ms();
    for (int i = 0; i < runs; i++) {
        unsigned char *buf = NULL;
        if (gr_html_write_mem(r, NULL, &buf, &html_bytes, &d) != GR_OK) return 1;
        free(buf);
    }
    double html = (cpu_ms() - t0) / runs;
    printf("%s: HTML page %.3f ms CPU (%zu bytes), PDF layout + writing %.3f ms CPU (%zu bytes): "
           "%.1f %% (%d runs each)\n",
           argv[1], html, html_bytes, pdf, pdf_bytes, 100 * html / pdf, runs);
    gr_report_free(r);
    gr_fonts_free(f);
    gr_diags_free(&d);
    return 0;
}
