/* test_api: the public API as a server uses it. Reports opened from memory in every kind the
 * program reads; diagnostics as data with their cells; several threads checking and
 * rendering different reports, and the same report, at once with one engine, every output
 * byte-identical to a render alone; the files of a render written as one commit. The CI runs
 * it under AddressSanitizer and UBSan; tools/tsan.sh runs it under ThreadSanitizer. */
#include "harness.h"

#include "govreport.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 3

static gr_engine *engine;
static unsigned char *ref_pdf, *ref_ofd;
static size_t ref_pdf_len, ref_ofd_len;
static char *sample_xml, *broken_xml;
static size_t sample_len, broken_len;
static const gr_report *shared_report;

static bool has_cell(const gr_diags *d, const char *code, int table, int row, int col)
{
    for (size_t i = 0; i < d->n; i++) {
        const gr_diag *g = &d->items[i];
        if (!strcmp(g->code, code) && g->table == table && g->row == row && g->column == col)
            return true;
    }
    return false;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int round = 0; round < ROUNDS; round++) {
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = NULL;
        /* even threads: their own copy of the sample; odd threads: the shared one */
        if (id % 2 == 0)
            CHECK(gr_open_mem(sample_xml, sample_len, "sample.xml", &r, &d) == GR_OK,
                  "thread %ld: sample opens", id);
        const gr_report *use = r ? r : shared_report;
        gr_output outs[2] = {{.format = GR_FORMAT_PDF}, {.format = GR_FORMAT_OFD}};
        CHECK(gr_render_mem(engine, use, outs, 2, NULL, &d) == GR_OK, "thread %ld: render", id);
        CHECK(outs[0].len == ref_pdf_len && !memcmp(outs[0].data, ref_pdf, ref_pdf_len),
              "thread %ld: PDF differs from the render alone", id);
        CHECK(outs[1].len == ref_ofd_len && !memcmp(outs[1].data, ref_ofd, ref_ofd_len),
              "thread %ld: OFD differs from the render alone", id);
        free(outs[0].data);
        free(outs[1].data);
        gr_report_free(r);

        /* a broken report in between: its errors are its own */
        gr_diags b;
        gr_diags_init(&b);
        gr_report *br = NULL;
        CHECK(gr_open_mem(broken_xml, broken_len, "broken.xml", &br, &b) == GR_OK,
              "thread %ld: broken report opens", id);
        if (br)
            CHECK(gr_check(br, NULL, &b) == 3 && has_cell(&b, "E-BALANCE", 3, 23, 0),
                  "thread %ld: broken report's errors", id);
        gr_report_free(br);
        gr_diags_free(&b);
        gr_diags_free(&d);
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0, "thread %ld starts", i);
    for (long i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
}

/* Every kind the program reads, from memory, with the name only for diagnostics. */
static void test_kinds(void)
{
    static const char *const files[] = {
        "tests/import/docx/shanyang-2025.docx", "tests/import/shanyang-2025.html",
        "tests/import/shanyang-2025.txt", "samples/shanyang-2025.xml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len;
        char *data = read_file(files[i], &len);
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = NULL;
        CHECK(gr_open_mem(data, len, "upload", &r, &d) == GR_OK, "%s opens from memory", files[i]);
        if (r) {
            CHECK(gr_report_year(r) == 2025 && !strcmp(gr_report_issuer(r), "山阳区人民政府"),
                  "%s: issuer and year", files[i]);
            CHECK(gr_check(r, NULL, &d) == 0, "%s balances", files[i]);
            unsigned char *xml = NULL;
            size_t xlen = 0;
            CHECK(gr_report_xml(r, (char **)&xml, &xlen, &d) == GR_OK && xlen > 1000 &&
                      strstr((char *)xml, "<applications>"),
                  "%s: as XML", files[i]);
            free(xml);
        }
        /* a Word file counts paragraphs, not lines */
        if (strstr(files[i], ".docx"))
            for (size_t k = 0; k < d.n; k++)
                CHECK(!strcmp(d.items[k].unit, "paragraph"), "docx diagnostic unit");
        gr_report_free(r);
        gr_diags_free(&d);
        free(data);
    }
    /* Not a report at all: an error, not a crash and not a report. */
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = NULL;
    CHECK(gr_open_mem("\x00\x01junk", 6, "junk.bin", &r, &d) == GR_ERR_INPUT && !r &&
              gr_diags_errors(&d) > 0,
          "junk refused");
    gr_diags_free(&d);
}

/* The files of one render are one commit: all new, or (a destination cannot take its file)
 * none touched. */
static void test_files(void)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/files", tmp_dir());
    CHECK(mkdir(dir, 0700) == 0, "temporary folder");
    char pdf[4300], ofd[4300], blocked[4300];
    snprintf(pdf, sizeof pdf, "%s/r.pdf", dir);
    snprintf(ofd, sizeof ofd, "%s/r.ofd", dir);
    snprintf(blocked, sizeof blocked, "%s/sub", dir);
    FILE *f = fopen(pdf, "w");
    if (f) {
        fputs("old", f);
        fclose(f);
    }
    mkdir(blocked, 0700);
    char sub_ofd[4400];
    snprintf(sub_ofd, sizeof sub_ofd, "%s/r.ofd", blocked);
    chmod(blocked, 0500); /* the OFD's folder takes no new file */
    gr_diags d;
    gr_diags_init(&d);
    gr_output outs[2] = {{.format = GR_FORMAT_PDF, .path = pdf}, {.format = GR_FORMAT_OFD, .path = sub_ofd}};
    struct stat sb;
    if (geteuid() != 0) { /* root writes anyway */
        CHECK(gr_render_files(engine, shared_report, outs, 2, NULL, &d) == GR_ERR_ENV,
              "a folder that takes no file: an environment error");
        CHECK(stat(pdf, &sb) == 0 && sb.st_size == 3, "the old PDF stays when the OFD fails");
    }
    chmod(blocked, 0700);
    gr_diags_free(&d);
    gr_diags_init(&d);
    outs[1].path = ofd;
    gr_render_info info;
    CHECK(gr_render_files(engine, shared_report, outs, 2, &info, &d) == GR_OK, "both written");
    CHECK(stat(pdf, &sb) == 0 && (size_t)sb.st_size == ref_pdf_len && info.bytes == ref_pdf_len,
          "the new PDF");
    CHECK(stat(ofd, &sb) == 0 && (size_t)sb.st_size == ref_ofd_len, "the new OFD");
    CHECK(info.pages >= 4, "pages counted");
    gr_diags_free(&d);
    unlink(pdf);
    unlink(ofd);
    rmdir(blocked);
    rmdir(dir);
}

int main(void)
{
    gr_diags d;
    gr_diags_init(&d);
    CHECK(gr_init(&d) == GR_OK, "init");
    if (gr_engine_new(&engine, NULL, &d) != GR_OK) {
        diag_dump(&d);
        if (diag_has(&d, "E-FONT", "没有可用的字体")) { /* as fonts_or_skip */
            printf("SKIP api: the fonts of the roles are not installed\n");
            return 77;
        }
        CHECK(0, "the engine does not start");
        return harness_end("api");
    }
    sample_xml = read_file("samples/shanyang-2025.xml", &sample_len);
    broken_xml = read_file("tests/bad/wrong-total.xml", &broken_len);
    gr_report *r = NULL;
    CHECK(gr_open_file("samples/shanyang-2025.xml", &r, &d) == GR_OK, "sample opens");
    shared_report = r;
    gr_output outs[2] = {{.format = GR_FORMAT_PDF}, {.format = GR_FORMAT_OFD}};
    CHECK(r && gr_render_mem(engine, r, outs, 2, NULL, &d) == GR_OK, "render alone");
    ref_pdf = outs[0].data, ref_pdf_len = outs[0].len;
    ref_ofd = outs[1].data, ref_ofd_len = outs[1].len;
    if (r && ref_pdf) {
        test_threads();
        test_files();
    }
    test_kinds();
    free(ref_pdf);
    free(ref_ofd);
    free(sample_xml);
    free(broken_xml);
    gr_report_free(r);
    gr_engine_free(engine);
    gr_diags_free(&d);
    gr_cleanup();
    return harness_end("api");
}
