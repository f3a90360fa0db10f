/* fuzz_report: libFuzzer target over the whole pipeline: load (from memory) → check →
 * compose → PDF written to memory. Fonts are opened once per process, as in batch.
 * A crash file replays with the CLI: `govreport render crash-… -o /tmp/x.pdf`. */
#include "check.h"
#include "compose.h"
#include "font.h"
#include "pdf_out.h"
#include "xml_load.h"

#include <stdint.h>
#include <stdlib.h>

static gr_fonts *fonts;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fonts) {
        gr_diags fd;
        gr_diags_init(&fd);
        if (gr_fonts_open(&fonts, NULL, NULL, &fd) != GR_OK)
            abort(); /* the fuzzer needs the fonts of tools/install-deps.sh */
        gr_diags_free(&fd);
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_doc *doc = NULL;
    gr_report *r = gr_xml_load_mem((const char *)data, size, "fuzz.xml", &d);
    if (r && gr_diags_errors(&d) == 0 && gr_check_report(r, &d) == 0 &&
        gr_compose(r, fonts, &doc, &d) == GR_OK) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (gr_pdf_write_mem(doc, fonts, &pdf, &len, &d) == GR_OK && len < 5)
            abort(); /* a PDF is never empty */
        free(pdf);
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
    return 0;
}
