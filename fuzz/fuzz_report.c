/* fuzz_report: libFuzzer target over the whole pipeline: load (from memory) → check →
 * compose → PDF and OFD written to memory. Fonts are opened once per process, as in batch.
 * Every report that loads without error is laid out, balanced or not: check only adds
 * balance errors, and layout must hold for any figures the schema allows.
 * A crash file replays with the CLI: `govreport render crash-… -o /tmp/x.pdf`. */
#include "report/check.h"
#include "layout/compose.h"
#include "layout/font.h"
#include "layout/display.h"
#include "output/ofd_out.h"
#include "output/pdf_out.h"
#include "report/xml_load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gr_fonts *fonts;

/* No ink outside the type block (docs/typography.md §2): every glyph's ink lies between the
 * block's left and right edges, and below its top; the page number sits below the block.
 * (Ink, not the advance box: a mark set in the half of its cell may have its origin left of
 * the cell.) A glyph elsewhere is a layout bug even when nothing crashed. */
static void check_inside(const gr_doc *doc)
{
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            double i0, i1;
            gr_fonts_ink(fonts, g->face, g->cp, &i0, &i1);
            double x0 = g->x + i0 * g->size, x1 = g->x + i1 * g->size;
            bool inked = i1 > i0;
            if (!isfinite(g->x) || !isfinite(g->y) || g->y > GR_BLOCK_TOP ||
                g->y < GR_BLOCK_BOTTOM - 3 * GR_PAGENUM_SIZE ||
                (inked && (x0 < GR_BLOCK_X0 - 0.5 || x1 > GR_BLOCK_X1 + 0.5))) {
                fprintf(stderr, "fuzz_report: U+%04X ink at x %.2f-%.2f y %.2f on page %zu\n",
                        (unsigned)g->cp, x0, x1, g->y, p + 1);
                abort();
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fonts) {
        gr_diags fd;
        gr_diags_init(&fd);
        if (gr_fonts_open(&fonts, NULL, NULL, &fd) != GR_OK) {
            fputs("fuzz_report: no fonts (run tools/install-deps.sh)\n", stderr);
            abort();
        }
        gr_diags_free(&fd);
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_doc *doc = NULL;
    gr_report *r = gr_xml_load_mem((const char *)data, size, "fuzz.xml", &d);
    if (r && gr_diags_errors(&d) == 0) {
        gr_check_report(r, &d);
        if (gr_compose(r, fonts, &doc, &d) == GR_OK) {
            check_inside(doc);
            unsigned char *pdf = NULL;
            size_t len = 0;
            if (gr_pdf_write_mem(doc, fonts, &pdf, &len, &d) != GR_OK || len < 5 ||
                memcmp(pdf, "%PDF-", 5) != 0)
                abort(); /* a composed document always writes as a PDF */
            free(pdf);
            pdf = NULL;
            if (gr_ofd_write_mem(doc, fonts, &pdf, &len, &d) != GR_OK || len < 4 ||
                memcmp(pdf, "PK\3\4", 4) != 0)
                abort(); /* and as an OFD */
            free(pdf);
        }
    }
    /* Every diagnostic is one line of text: the CLI prints one per line, editors parse them. */
    for (size_t i = 0; i < d.n; i++) {
        const gr_diag *g = &d.items[i];
        if (!g->message || strchr(g->message, '\n') || (g->hint && strchr(g->hint, '\n'))) abort();
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
    return 0;
}
