/* render_check: a program outside govreport that uses only its public header. It renders a
 * report to PDF and OFD in memory and writes both files, then checks a broken report and
 * prints its diagnostics as JSON lines.
 *
 *   render_check REPORT BROKEN OUTDIR
 *
 * Exit 0 when the report rendered, its files were written and the broken report was found
 * broken; 1 otherwise. */
#include <govreport.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_diags(const gr_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char *line = gr_diag_json(&d->items[i]);
        printf("%s\n", line);
        free(line);
    }
}

/* The caller writes the files itself: the library answered from memory. */
static int save(const char *dir, const char *name, const gr_output *o)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(o->data, 1, o->len, f) != o->len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        return 1;
    }
    printf("wrote %s (%zu bytes)\n", path, o->len);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: render_check REPORT BROKEN OUTDIR\n");
        return 2;
    }
    int rc = 1;
    gr_diags d;
    gr_diags_init(&d);
    gr_engine *engine = NULL;
    gr_report *report = NULL, *broken = NULL;
    gr_output outs[2] = {{.format = GR_FORMAT_PDF}, {.format = GR_FORMAT_OFD}};

    if (gr_init(&d) != GR_OK || gr_engine_new(&engine, NULL, &d) != GR_OK)
        goto done;
    if (gr_open_file(argv[1], &report, &d) != GR_OK)
        goto done;
    gr_render_info info;
    if (gr_render_mem(engine, report, outs, 2, &info, &d) != GR_OK)
        goto done;
    printf("%s %d: %d pages\n", gr_report_issuer(report), gr_report_year(report), info.pages);
    if (save(argv[3], "report.pdf", &outs[0]) || save(argv[3], "report.ofd", &outs[1]))
        goto done;

    /* A broken report: it opens (the schema holds) but does not balance. */
    gr_diags_free(&d);
    if (gr_open_file(argv[2], &broken, &d) != GR_OK)
        goto done;
    size_t errors = gr_check(broken, NULL, &d);
    gr_diags_sort(&d);
    print_diags(&d);
    printf("%zu errors\n", errors);
    rc = errors > 0 ? 0 : 1;
done:
    if (rc)
        print_diags(&d);
    free(outs[0].data);
    free(outs[1].data);
    gr_report_free(report);
    gr_report_free(broken);
    gr_engine_free(engine);
    gr_diags_free(&d);
    gr_cleanup();
    return rc;
}
