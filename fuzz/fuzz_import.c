/* fuzz_import: libFuzzer target over `govreport import`: a Word file (.docx), a published page
 * (HTML) or its plain-text copy → blocks → report → XML, and that XML loaded back. An input
 * that is a zip or OLE2 file as it stands (the files of tests/import/docx) goes whole to the
 * .docx reader; otherwise the first byte picks the reader (even: text, odd: HTML). Besides
 * crashes and leaks, it aborts when a report
 * that import produced does not load back without error: import must only ever write
 * schema-valid XML (figures it cannot read are errors, never written).
 * A finding replays with `./fuzz_import crash-…`, or through the CLI: as it is when it starts
 * with PK or D0 CF 11 E0 (`govreport import crash-… -o x.xml`), else without its first byte:
 * `tail -c +2 crash-… >x.html && govreport import x.html -o /tmp/x.xml`. */
#define _POSIX_C_SOURCE 200809L
#include "import/import.h"
#include "report/xml_load.h"
#include "report/xml_write.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    bool docx = gr_import_is_docx((const char *)data, size);
    bool html = data[0] & 1;
    const char *text = (const char *)data + (docx ? 0 : 1);
    size_t len = size - (docx ? 0 : 1);
    gr_diags d;
    gr_diags_init(&d);
    gr_import_doc *doc = docx   ? gr_import_read_docx(text, len, "fuzz.docx", &d)
                         : html ? gr_import_read_html(text, len, "fuzz.html", &d)
                                : gr_import_read_text(text, len, "fuzz.txt", &d);
    gr_report *r = NULL;
    if (doc) {
        gr_import_opts o = {NULL, 0};
        r = gr_import_build(doc, "fuzz", &o, &d);
    }
    if (r) {
        char *xml = NULL;
        size_t xlen = 0;
        FILE *f = open_memstream(&xml, &xlen);
        if (!f) abort();
        gr_xml_write(r, f);
        fclose(f);
        gr_diags back;
        gr_diags_init(&back);
        gr_report *again = gr_xml_load_mem(xml, xlen, "back.xml", &back);
        if (!again || gr_diags_errors(&back) > 0) {
            for (size_t i = 0; i < back.n; i++) {
                char *line = gr_diag_format(&back.items[i]);
                fprintf(stderr, "%s\n", line);
                free(line);
            }
            abort(); /* import wrote XML that does not load */
        }
        gr_report_free(again);
        gr_diags_free(&back);
        free(xml);
    }
    gr_report_free(r);
    gr_import_doc_free(doc);
    gr_diags_free(&d);
    return 0;
}
