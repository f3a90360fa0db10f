/* Unit tests for xml_load: the sample loads without a diagnostic into the right figures and
 * paragraphs, every count knows its line and column, the fee keeps its exact digits, GB18030
 * and UTF-16 files load the same, subheadings are numbered, DTDs and entities are refused
 * without reading anything, schema errors carry positions, and gr_xml_write round-trips. */
#define _POSIX_C_SOURCE 200809L
#include "base/diag.h"
#include "report/model.h"
#include "report/template.h"
#include "report/xml_load.h"
#include "report/xml_write.h"

#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char *convert(const char *to, const char *s, size_t *out_len)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t inleft = strlen(s), cap = inleft * 4 + 4, outleft = cap;
    char *out = malloc(cap), *o = out, *in = (char *)s;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    *out_len = cap - outleft;
    return out;
}

/* Column (1-based, in characters) of needle on line `line` of the UTF-8 text. */
static int column_of(const char *text, int line, const char *needle)
{
    const char *p = text;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p)
        return -1;
    const char *q = strstr(p, needle);
    const char *eol = strchr(p, '\n');
    if (!q || (eol && q > eol))
        return -1;
    int col = 1;
    for (const char *s = p; s < q; s++)
        col += ((unsigned char)*s & 0xC0) != 0x80;
    return col;
}

static void check_sample_model(const gr_report *r, const char *what)
{
    CHECK(r->issuer && !strcmp(r->issuer, "山阳区人民政府"), "%s: issuer", what);
    CHECK(r->year == 2025, "%s: year %d", what, r->year);
    CHECK(r->published && !strcmp(r->published, "2026-01-20"), "%s: published", what);
    CHECK(!r->region && !r->title, "%s: region and title absent", what);
    CHECK(r->t2_fee && !strcmp(r->t2_fee, "0.33"), "%s: fee", what);
    CHECK(r->t2_docs[GR_T2_NORMATIVE][2].value == 51, "%s: 51 in force", what);
    CHECK(r->t2_decisions[0].value == 11850 && r->t2_decisions[1].value == 81 &&
              r->t2_decisions[2].value == 9,
          "%s: decisions", what);
    CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_NATURAL].value == 28, "%s: 新收 自然人", what);
    CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_COMMERCIAL].value == 1, "%s: 新收 商业企业", what);
    CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].value == 29 &&
              r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].given,
          "%s: 新收 总计", what);
    CHECK(r->t3[GR_T3_OTHER_OTHER][GR_T3_NATURAL].value == 6, "%s: 3.其他", what);
    CHECK(r->t3[GR_T3_CANNOT_NOT_HELD][GR_T3_TOTAL].value == 6, "%s: 不掌握", what);
    CHECK(r->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL].value == 29, "%s: （七）总计", what);
    CHECK(r->t4[GR_T4_REVIEW][GR_T4_UPHELD].value == 3 &&
              r->t4[GR_T4_REVIEW][GR_T4_OTHER].value == 3 &&
              r->t4[GR_T4_REVIEW][GR_T4_TOTAL].value == 6,
          "%s: 行政复议", what);
    CHECK(r->t4[GR_T4_LIT_AFTER_REVIEW][GR_T4_PENDING].value == 1, "%s: 复议后起诉", what);
    for (int i = 0; i < GR_T3_ROWS; i++)
        for (int k = 0; k < GR_T3_COLS; k++)
            CHECK(r->t3[i][k].given && r->t3[i][k].pos.line > 0 && r->t3[i][k].pos.col > 0,
                  "%s: t3[%d][%d] given with a position", what, i, k);
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_RESULTS; k++)
            CHECK(r->t4[g][k].given && r->t4[g][k].pos.line > 0 && r->t4[g][k].pos.col > 0,
                  "%s: t4[%d][%d]", what, g, k);

    const gr_prose *ov = &r->prose[GR_SEC_OVERVIEW];
    CHECK(ov->n == 6, "%s: overview has %zu paragraphs", what, ov->n);
    if (ov->n == 6) {
        CHECK(!ov->items[0].heading, "%s: first paragraph has no heading", what);
        CHECK(!strncmp(ov->items[0].text, "2025 年，在市委、市政府", 30), "%s: text kept", what);
        CHECK(ov->items[1].heading && !strcmp(ov->items[1].heading, "（一）主动公开："),
              "%s: heading", what);
        CHECK(!strncmp(ov->items[1].text, "严格对标《中华人民共和国政府信息公开条例》", 20),
              "%s: text after heading", what);
        CHECK(ov->items[4].heading && !strcmp(ov->items[4].heading, "（四）政府信息公开平台建设："),
              "%s: heading 4", what);
    }
    CHECK(r->prose[GR_SEC_PROBLEMS].n == 2, "%s: problems", what);
    CHECK(r->prose[GR_SEC_OTHER].n == 1 &&
              !strcmp(r->prose[GR_SEC_OTHER].items[0].text, "2025年度，山阳区未收取信息处理费。"),
          "%s: other matters", what);
    CHECK(r->prose[GR_SEC_PROACTIVE].n == 0 && r->preamble.n == 0, "%s: no extra prose", what);
}

static void test_sample(void)
{
    size_t len;
    char *text = read_file(SAMPLE, &len);
    CHECK(text != NULL, "cannot read the sample");
    if (!text)
        return;
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_file(SAMPLE, &d);
    CHECK(r != NULL && d.n == 0, "sample: %zu diagnostics", d.n);
    diag_dump(&d);
    if (r) {
        check_sample_model(r, "sample");
        /* Positions: the attribute inside its start tag, the paragraph and its heading. */
        const gr_count *c = &r->t3[GR_T3_NEW_RECEIVED][GR_T3_NATURAL];
        CHECK(c->pos.line == 26, "新收 line %d", c->pos.line);
        CHECK(c->pos.col == column_of(text, 26, "natural="), "新收 col %d", c->pos.col);
        c = &r->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL];
        CHECK(c->pos.line == 49 && c->pos.col == column_of(text, 49, "total="),
              "（七）总计 total at %d:%d", c->pos.line, c->pos.col);
        c = &r->t4[GR_T4_LIT_DIRECT][GR_T4_OTHER];
        CHECK(c->pos.line == 54 && c->pos.col == column_of(text, 54, "other="),
              "未经复议 other at %d:%d", c->pos.line, c->pos.col);
        const gr_para *p = &r->prose[GR_SEC_OVERVIEW].items[1];
        CHECK(p->pos.line == 11 && p->pos.col == 5, "paragraph at %d:%d", p->pos.line,
              p->pos.col);
        CHECK(p->heading_pos.line == 11 && p->heading_pos.col == 8, "heading at %d:%d",
              p->heading_pos.line, p->heading_pos.col);
        CHECK(r->t2_fee_pos.line == 23 && r->t2_fee_pos.col == column_of(text, 23, "amount="),
              "fee at %d:%d", r->t2_fee_pos.line, r->t2_fee_pos.col);
        CHECK(r->prose[GR_SEC_OTHER].pos.line == 61, "section position");
        CHECK(!strcmp(gr_report_title(r), "山阳区人民政府2025年政府信息公开工作年度报告"),
              "title");
    }
    gr_report_free(r);
    gr_diags_free(&d);

    /* GB18030 with its declaration, and UTF-16 (both byte orders) with a BOM. */
    char *decl = replace(text, "encoding=\"UTF-8\"", "encoding=\"GB18030\"");
    size_t n;
    char *gb = convert("GB18030", decl, &n);
    CHECK(gb != NULL, "GB18030 conversion");
    if (gb) {
        gr_diags_init(&d);
        r = gr_xml_load_mem(gb, n, "gb18030.xml", &d);
        CHECK(r && d.n == 0, "GB18030: %zu diagnostics", d.n);
        diag_dump(&d);
        if (r) {
            check_sample_model(r, "GB18030");
            CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_NATURAL].pos.col == column_of(text, 26, "natural="),
                  "GB18030 column");
            CHECK(r->prose[GR_SEC_OVERVIEW].items[1].heading_pos.col == 8, "GB18030 heading col");
        }
        gr_report_free(r);
        gr_diags_free(&d);
    }
    free(gb);
    free(decl);
    decl = replace(text, "encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    const char *forms[] = {"UTF-16LE", "UTF-16BE"};
    for (int k = 0; k < 2; k++) {
        char *u = convert(forms[k], decl, &n);
        CHECK(u != NULL, "%s conversion", forms[k]);
        if (!u)
            continue;
        char *bom = malloc(n + 2);
        bom[0] = k == 0 ? (char)0xFF : (char)0xFE;
        bom[1] = k == 0 ? (char)0xFE : (char)0xFF;
        memcpy(bom + 2, u, n);
        gr_diags_init(&d);
        r = gr_xml_load_mem(bom, n + 2, "utf16.xml", &d);
        CHECK(r && d.n == 0, "%s: %zu diagnostics", forms[k], d.n);
        diag_dump(&d);
        if (r) {
            check_sample_model(r, forms[k]);
            CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_NATURAL].pos.col == column_of(text, 26, "natural="),
                  "%s column", forms[k]);
        }
        gr_report_free(r);
        gr_diags_free(&d);
        free(bom);
        free(u);
    }
    free(decl);

    /* An encoding the bytes do not match is E-ENCODING with a line. */
    gb = convert("GB18030", text, &n);
    if (gb) {
        gr_diags_init(&d);
        r = gr_xml_load_mem(gb, n, "wrong.xml", &d);
        const gr_diag *g = diag_find(&d, "E-ENCODING", NULL);
        CHECK(!r && g && g->line > 0, "GB18030 bytes declared UTF-8 are E-ENCODING");
        gr_report_free(r);
        gr_diags_free(&d);
        free(gb);
    }
    free(text);
}

static gr_report *load_string(const char *s, gr_diags *d)
{
    return gr_xml_load_mem(s, strlen(s), "t.xml", d);
}

static void test_fee_and_totals(void)
{
    size_t len;
    char *text = read_file(SAMPLE, &len);
    if (!text)
        return;
    const char *fees[] = {"0.330000", "10.123456", "0", "7.5"};
    for (int i = 0; i < 4; i++) {
        char attr[64];
        snprintf(attr, sizeof attr, "amount=\"%s\"", fees[i]);
        char *s = replace(text, "amount=\"0.33\"", attr);
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = load_string(s, &d);
        CHECK(r && d.n == 0 && r->t2_fee && !strcmp(r->t2_fee, fees[i]), "fee %s kept exactly",
              fees[i]);
        gr_report_free(r);
        gr_diags_free(&d);
        free(s);
    }

    /* Totals left out: not given, and computed by gr_report_compute_totals. */
    char *s = strdup(text);
    for (char *p; (p = strstr(s, " total=\"")) != NULL;) {
        char *q = strchr(p + 8, '"');
        memmove(p, q + 1, strlen(q + 1) + 1);
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load_string(s, &d);
    CHECK(r && d.n == 0, "sample without totals: %zu diagnostics", d.n);
    diag_dump(&d);
    if (r) {
        CHECK(!r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].given, "total not given");
        CHECK(!r->t4[GR_T4_REVIEW][GR_T4_TOTAL].given, "t4 total not given");
        CHECK(r->t3[GR_T3_RESULT_TOTAL][GR_T3_NATURAL].given, "（七） figures given");
        gr_report_compute_totals(r);
        CHECK(r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].value == 29, "computed 29");
        CHECK(r->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL].value == 29, "computed （七） 29");
        CHECK(r->t4[GR_T4_REVIEW][GR_T4_TOTAL].value == 6, "computed 复议 6");
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);
    free(text);
}

static char *minimal_report(const char *overview)
{
    gr_report *r = gr_report_new("x");
    r->issuer = "某县人民政府";
    r->year = 2024;
    r->t2_fee = "0";
    gr_report_finish(r);
    char *tmp = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&tmp, &n);
    gr_xml_write(r, f);
    fclose(f);
    gr_report_free(r);
    /* Put the given overview in place of the writer's placeholder. */
    char *start = strstr(tmp, "<overview>"), *end = strstr(tmp, "</overview>");
    size_t head = (size_t)(start - tmp);
    char *out = malloc(n + strlen(overview) + 64);
    memcpy(out, tmp, head);
    sprintf(out + head, "<overview>%s%s", overview, end);
    free(tmp);
    return out;
}

static void test_paragraphs(void)
{
    char *s = minimal_report("\n<p heading=\"主动公开：\">甲</p>\n<p>　　乙 \n </p>\n"
                             "<p heading=\"依申请公开：\">丙</p>\n<p heading=\"1.其他\">丁</p>\n"
                             "<p heading=\"（九）已编号：\">戊</p>");
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load_string(s, &d);
    CHECK(r && d.n == 0, "paragraph report: %zu diagnostics", d.n);
    diag_dump(&d);
    if (r && r->prose[GR_SEC_OVERVIEW].n == 5) {
        const gr_para *p = r->prose[GR_SEC_OVERVIEW].items;
        CHECK(!strcmp(p[0].heading, "（一）主动公开："), "numbered: %s", p[0].heading);
        CHECK(!strcmp(p[1].text, "乙") && !p[1].heading, "U+3000 stripped: [%s]", p[1].text);
        CHECK(!strcmp(p[2].heading, "（二）依申请公开："), "numbered 2: %s", p[2].heading);
        CHECK(!strcmp(p[3].heading, "1.其他"), "own number kept: %s", p[3].heading);
        CHECK(!strcmp(p[4].heading, "（九）已编号："), "own number kept: %s", p[4].heading);
    } else {
        CHECK(0, "five paragraphs expected");
    }
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);
}

static void test_refusals(void)
{
    /* A local file named by an external entity: refused, never read. */
    char path[4200];
    snprintf(path, sizeof path, "%s/secret-XXXXXX", tmp_dir());
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) {
        (void)!write(fd, "TOPSECRET-CONTENT", 17);
        close(fd);
    }
    char doc[8192];
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE report [\n<!ENTITY x SYSTEM \"file://%s\">\n]>\n"
             "<report xmlns=\"urn:govreport:annual-report:2021\"><meta><issuer>&x;</issuer>"
             "</meta></report>\n",
             path);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load_string(doc, &d);
    const gr_diag *g = diag_find(&d, "E-DTD", NULL);
    CHECK(!r && g && g->line == 2, "external entity: E-DTD at line 2");
    for (size_t i = 0; i < d.n; i++)
        CHECK(!strstr(d.items[i].message, "TOPSECRET"), "secret leaked into a message");
    gr_diags_free(&d);
    unlink(path);

    /* An external DTD is not fetched; a plain DOCTYPE is refused as well. */
    const char *ext = "<?xml version=\"1.0\"?>\n<!DOCTYPE report SYSTEM \"http://example.com/x.dtd\">\n"
                      "<report xmlns=\"urn:govreport:annual-report:2021\"/>\n";
    gr_diags_init(&d);
    r = load_string(ext, &d);
    CHECK(!r && diag_find(&d, "E-DTD", NULL) && d.n == 1, "external DTD refused");
    gr_diags_free(&d);

    /* Malformed: E-XML with line and column. */
    gr_diags_init(&d);
    r = load_string("<?xml version=\"1.0\"?>\n<report xmlns=\"urn:govreport:annual-report:2021\">\n"
                    "  <meta></mta>\n</report>\n",
                    &d);
    g = diag_find(&d, "E-XML", NULL);
    CHECK(!r && g && g->line == 3 && g->col > 0, "malformed: E-XML at 3:%d", g ? g->col : -1);
    gr_diags_free(&d);

    /* An undeclared entity (&nbsp;) is malformed XML, not expanded. */
    gr_diags_init(&d);
    r = load_string("<report xmlns=\"urn:govreport:annual-report:2021\">&nbsp;</report>", &d);
    CHECK(!r && diag_find(&d, "E-XML", NULL), "undeclared entity");
    gr_diags_free(&d);

    /* Too large, from memory. */
    gr_diags_init(&d);
    static char big[GR_MAX_INPUT_BYTES + 1];
    memset(big, ' ', sizeof big);
    r = gr_xml_load_mem(big, sizeof big, "big.xml", &d);
    CHECK(!r && diag_find(&d, "E-SIZE", NULL), "size cap");
    gr_diags_free(&d);

    /* A folder is a clear E-IO. */
    gr_diags_init(&d);
    r = gr_xml_load_file(GR_SOURCE_DIR "/samples", &d);
    CHECK(!r && diag_find(&d, "E-IO", NULL), "folder is E-IO");
    gr_diags_free(&d);
}

static void test_schema_errors(void)
{
    size_t len;
    char *text = read_file(SAMPLE, &len);
    if (!text)
        return;
    char *s = replace(text, "<licensing decisions=\"11850\"/>", "<licensing decisions=\"11850\"/>\n    <licensing decisions=\"1\"/>");
    char *s2 = replace(s, "natural=\"9\"", "natural=\"nine\"");
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load_string(s2, &d);
    CHECK(gr_diags_errors(&d) == 2, "two schema errors, got %zu", gr_diags_errors(&d));
    for (size_t i = 0; i < d.n; i++)
        CHECK(d.items[i].line > 0 && d.items[i].col > 0 && !strcmp(d.items[i].code, "E-SCHEMA"),
              "schema error with position");
    diag_dump(&d);
    CHECK(r != NULL, "a schema-invalid report is still returned");
    gr_report_free(r);
    gr_diags_free(&d);
    free(s);
    free(s2);
    free(text);
}

static void test_round_trip(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_file(SAMPLE, &d);
    if (!r)
        return;
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    gr_xml_write(r, f);
    fclose(f);
    gr_report *back = gr_xml_load_mem(buf, n, "written.xml", &d);
    CHECK(back && d.n == 0, "written sample reloads: %zu diagnostics", d.n);
    diag_dump(&d);
    if (back) {
        check_sample_model(back, "round trip");
        for (int s = 0; s < GR_SECTIONS; s++)
            for (size_t i = 0; i < r->prose[s].n && i < back->prose[s].n; i++)
                CHECK(!strcmp(r->prose[s].items[i].text, back->prose[s].items[i].text),
                      "paragraph %d.%zu", s, i);
    }
    /* Escaping: an issuer with markup characters survives. */
    r->issuer = "A&B<C>\"D\"";
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &n);
    gr_xml_write(r, f);
    fclose(f);
    gr_report_free(back);
    back = gr_xml_load_mem(buf, n, "escaped.xml", &d);
    CHECK(back && back->issuer && !strcmp(back->issuer, "A&B<C>\"D\""), "escaped issuer");
    gr_report_free(back);
    gr_report_free(r);
    gr_diags_free(&d);
    free(buf);
}

static void *load_many(void *arg)
{
    int *bad = arg;
    for (int i = 0; i < 10; i++) {
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = gr_xml_load_file(SAMPLE, &d);
        if (!r || d.n || r->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].value != 29)
            (*bad)++;
        gr_report_free(r);
        gr_diags_free(&d);
    }
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[4];
    int bad[4] = {0};
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, load_many, &bad[i]);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(bad[i] == 0, "thread %d: %d bad loads", i, bad[i]);
    }
}

int main(void)
{
    test_sample();
    test_fee_and_totals();
    test_paragraphs();
    test_refusals();
    test_schema_errors();
    test_round_trip();
    test_threads();
    gr_xml_cleanup();
    return harness_end("load");
}
