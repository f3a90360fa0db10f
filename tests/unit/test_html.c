/* test_html: the HTML writer (html_out.c). Every figure's cell and every paragraph has its
 * id once, holding what the PDF prints; ids are unique; text from the file cannot open
 * markup; the fragment is the <article> alone, styled inline; totals the file left out are
 * printed computed; and the page reads back through the HTML importer to the same 200
 * figures and the same paragraphs, for the sample, the other samples and the long reports
 * of tests/pdfa. */
#include "harness.h"

#include "import/import.h"
#include "output/html_out.h"
#include "report/report.h"

#include <dirent.h>

/* The text of the element whose id is id, from after its start tag to its end tag, with
 * tags (a run-in <b>, a remark's <span>) left out and entities decoded. NULL
 * when the id is missing, or found more than once (*times says how often). */
static char *element_text(const char *page, const char *id, int *times)
{
    char key[64];
    snprintf(key, sizeof key, " id=\"%s\"", id);
    *times = 0;
    const char *at = NULL;
    for (const char *p = strstr(page, key); p; p = strstr(p + 1, key)) {
        (*times)++;
        at = p;
    }
    if (*times != 1) return NULL;
    const char *s = strchr(at, '>') + 1;
    const char *e = strstr(s, "</td>");
    const char *e2 = strstr(s, "</p>");
    if (!e || (e2 && e2 < e)) e = e2;
    char *out = malloc((size_t)(e - s) + 1);
    size_t n = 0;
    bool tag = false;
    static const char *const ents[][2] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                          {"&amp;", "&"}};
    for (const char *p = s; p < e; p++) {
        if (*p == '<') tag = true;
        bool ent = false;
        for (size_t k = 0; !tag && k < 4 && !ent; k++)
            if (!strncmp(p, ents[k][0], strlen(ents[k][0]))) {
                out[n++] = ents[k][1][0];
                p += strlen(ents[k][0]) - 1;
                ent = true;
            }
        if (!tag && !ent) out[n++] = *p;
        if (*p == '>') tag = false;
    }
    out[n] = 0;
    return out;
}

/* Every id="…" of the page is there once. */
static void check_unique_ids(const char *page, const char *what)
{
    size_t n = 0, cap = 1024;
    char **ids = malloc(cap * sizeof *ids);
    for (const char *p = strstr(page, " id=\""); p; p = strstr(p + 1, " id=\"")) {
        const char *s = p + 5, *e = strchr(s, '"');
        if (n == cap) ids = realloc(ids, (cap *= 2) * sizeof *ids);
        ids[n++] = gr_xstrndup(s, (size_t)(e - s));
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            CHECK(strcmp(ids[i], ids[j]) != 0, "%s: id %s twice", what, ids[i]);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static size_t last_warnings; /* W-HTML-CHAR of the last page_of */

static char *page_of(const gr_report *r, bool fragment, const char *pdf, const char *ofd)
{
    gr_html_opts o = {fragment, pdf, ofd};
    unsigned char *buf = NULL;
    size_t len = 0;
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(gr_html_write_mem(r, &o, &buf, &len, &d) == GR_OK);
    CHECK(strlen((char *)buf) == len, "the page holds a NUL byte");
    last_warnings = 0;
    for (size_t i = 0; i < d.n; i++)
        last_warnings += !strcmp(d.items[i].code, "W-HTML-CHAR");
    CHECK(gr_diags_errors(&d) == 0, "the writer reported an error");
    gr_diags_free(&d);
    return (char *)buf;
}

static void expect_cell(const char *page, const char *what, int t, int row, int col,
                        const char *want, int *found)
{
    char id[32];
    snprintf(id, sizeof id, "t%d-%d-%d", t, row, col);
    int times;
    char *got = element_text(page, id, &times);
    CHECK(times == 1, "%s: cell %s %d times", what, id, times);
    if (got) {
        CHECK(!strcmp(got, want), "%s: cell %s holds \"%s\", the PDF prints \"%s\"", what, id,
              got, want);
        (*found)++;
    }
    free(got);
}

/* A figure as the PDF prints it: the integer, and its remark in full-width brackets. */
static const char *num(const gr_count *c, char *buf)
{
    int n = sprintf(buf, "%lld", c->value);
    if (c->remark) snprintf(buf + n, 256 - (size_t)n, "（%s）", c->remark);
    return buf;
}

/* The 200 figures at their ids, as printed; returns how many were found. */
static int check_figures(const char *page, const gr_report *r, const char *what)
{
    int found = 0;
    char b[256];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 3; k++)
            expect_cell(page, what, 2, i, k, num(&r->t2_docs[i][k], b), &found);
    for (int i = GR_T2_LICENSING; i <= GR_T2_COERCION; i++)
        expect_cell(page, what, 2, i, 0, num(&r->t2_decisions[i - GR_T2_LICENSING], b), &found);
    snprintf(b, sizeof b, "%s%s%s%s", r->t2_fee ? r->t2_fee : "", r->t2_fee_remark ? "（" : "",
             r->t2_fee_remark ? r->t2_fee_remark : "", r->t2_fee_remark ? "）" : "");
    expect_cell(page, what, 2, GR_T2_FEES, 0, b, &found);
    for (int i = 0; i < GR_T3_ROWS; i++)
        for (int c = 0; c < GR_T3_COLS; c++)
            expect_cell(page, what, 3, i, c, num(&r->t3[i][c], b), &found);
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < GR_T4_RESULTS; k++)
            expect_cell(page, what, 4, g, k, num(&r->t4[g][k], b), &found);
    return found;
}

/* Every paragraph with text has its id once (a subheading alone is an <h3> with it). */
static void check_paragraph_ids(const char *page, const gr_report *r, const char *what)
{
    for (int s = 0; s <= GR_SECTIONS; s++) {
        const gr_prose *pr = s == 0 ? &r->preamble : &r->prose[s - 1];
        for (size_t i = 0; i < pr->n; i++) {
            char key[48];
            snprintf(key, sizeof key, " id=\"s%d-p%zu\"", s, i + 1);
            const char *at = strstr(page, key);
            bool printed = (pr->items[i].text && *pr->items[i].text) ||
                           (pr->items[i].heading && *pr->items[i].heading);
            CHECK(!printed || (at && !strstr(at + 1, key)), "%s: paragraph s%d-p%zu %s", what,
                  s, i + 1, at ? "twice" : "missing");
        }
    }
}

static bool same_str(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* The same figure, and the same remark after it. */
static bool same_count(const gr_count *a, const gr_count *b)
{
    return a->value == b->value && same_str(a->remark, b->remark);
}

/* The page through the HTML importer: the same figures and the same paragraphs. */
static void check_round_trip(const char *page, const gr_report *r, const char *what,
                             const gr_import_opts *o)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_import_doc *doc = gr_import_read_html(page, strlen(page), "page.html", &d);
    gr_report *back = doc ? gr_import_build(doc, "page.html", o, &d) : NULL;
    for (size_t i = 0; i < d.n; i++)
        if (d.items[i].severity == GR_SEV_ERROR)
            CHECK(0, "%s: import: %s [%s]", what, d.items[i].message, d.items[i].code);
    if (back) {
        int same = 0;
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++)
                same += same_count(&back->t2_docs[i][k], &r->t2_docs[i][k]);
        for (int i = 0; i < 3; i++)
            same += same_count(&back->t2_decisions[i], &r->t2_decisions[i]);
        same += same_str(back->t2_fee, r->t2_fee) && same_str(back->t2_fee_remark, r->t2_fee_remark);
        for (int i = 0; i < GR_T3_ROWS; i++)
            for (int c = 0; c < GR_T3_COLS; c++)
                same += same_count(&back->t3[i][c], &r->t3[i][c]);
        for (int g = 0; g < GR_T4_GROUPS; g++)
            for (int k = 0; k < GR_T4_RESULTS; k++)
                same += same_count(&back->t4[g][k], &r->t4[g][k]);
        CHECK(same == 200, "%s: %d of 200 figures read back the same", what, same);
        CHECK(back->year == r->year && same_str(back->published, r->published),
              "%s: year %d, published %s read back as %d, %s", what, r->year,
              r->published ? r->published : "-", back->year,
              back->published ? back->published : "-");
        for (int s = 0; s <= GR_SECTIONS; s++) {
            const gr_prose *a = s == 0 ? &r->preamble : &r->prose[s - 1];
            const gr_prose *b = s == 0 ? &back->preamble : &back->prose[s - 1];
            size_t n = 0; /* paragraphs that print anything */
            for (size_t i = 0; i < a->n; i++) {
                const gr_para *p = &a->items[i];
                if (!(p->text && *p->text) && !(p->heading && *p->heading)) continue;
                CHECK(n < b->n, "%s: section %d: paragraph %zu not read back", what, s, i + 1);
                if (n < b->n) {
                    const gr_para *q = &b->items[n];
                    CHECK(same_str(p->heading, q->heading) && same_str(p->text, q->text),
                          "%s: section %d paragraph %zu reads back as [%s] %s\n  was [%s] %s",
                          what, s, i + 1, q->heading ? q->heading : "", q->text,
                          p->heading ? p->heading : "", p->text);
                }
                n++;
            }
            CHECK(n == b->n, "%s: section %d: %zu paragraphs, %zu read back", what, s, n, b->n);
        }
    }
    gr_report_free(back);
    gr_import_doc_free(doc);
    gr_diags_free(&d);
}

static gr_report *load(const char *xml, const char *what)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(xml, strlen(xml), what, &d);
    CHECK(r && gr_diags_errors(&d) == 0, "%s does not load", what);
    gr_diags_free(&d);
    return r;
}

static void check_report(const char *xml, const char *what, const gr_import_opts *o)
{
    gr_report *r = load(xml, what);
    if (!r) return;
    char *page = page_of(r, false, NULL, NULL);
    CHECK(last_warnings == 0, "%s: %zu W-HTML-CHAR warnings", what, last_warnings);
    CHECK(!strncmp(page, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 34), "%s: no html lang",
          what);
    CHECK_TRUE(strstr(page, "<meta name=\"viewport\""));
    CHECK(!strstr(page, "<script") && !strstr(page, "<img") && !strstr(page, "<link") &&
              !strstr(page, "src="),
          "%s: a script, image or outside resource", what);
    check_unique_ids(page, what);
    int found = check_figures(page, r, what);
    CHECK(found == 200, "%s: %d of 200 figures at their ids", what, found);
    check_paragraph_ids(page, r, what);
    check_round_trip(page, r, what, o);

    char *frag = page_of(r, true, NULL, NULL);
    CHECK(!strncmp(frag, "<article", 8), "%s: the fragment is not the article", what);
    CHECK(!strstr(frag, "<style") && !strstr(frag, "<html") && !strstr(frag, "<head"),
          "%s: the fragment holds more than the article", what);
    CHECK(strstr(frag, "style=\"border:1px solid #000"), "%s: the fragment's cells unstyled",
          what);
    check_unique_ids(frag, what);
    CHECK(check_figures(frag, r, what) == 200, "%s: fragment's figures", what);
    check_round_trip(frag, r, what, o);
    free(frag);
    free(page);
    gr_report_free(r);
}

int main(void)
{
    gr_report *r;
    char *sample = read_file(GR_SOURCE_DIR "/samples/shanyang-2025.xml", NULL);
    check_report(sample, "sample", NULL);
    const char *extra[] = {"/tests/samples-extra/long-prose-2025.xml",
                           "/tests/samples-extra/shanyang-quoted-2025.xml"};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", GR_SOURCE_DIR, extra[i]);
        char *x = read_file(path, NULL);
        check_report(x, extra[i], NULL);
        free(x);
    }
    /* Remarks after figures (issue 21's "22（其中修订16件）"): printed after the figure in
     * full-width brackets, as the PDF prints them, escaped, and read back. */
    char *m1 = replace(sample, "<licensing decisions=\"11850\"/>",
                       "<licensing decisions=\"11850\" decisions-remark=\"其中变更&lt;120&gt;件\"/>");
    char *m2 = replace(m1, "<fees amount=\"0.33\"/>", "<fees amount=\"0.33\" amount-remark=\"含退费0.01\"/>");
    char *m3 = replace(m2, "<open natural=\"9\"", "<open natural=\"9\" natural-remark=\"其中网上申请7件\"");
    check_report(m3, "remarks", NULL);
    r = load(m3, "remarks");
    if (r) {
        char *page = page_of(r, false, NULL, NULL);
        CHECK_TRUE(strstr(page, ">11850<span class=\"gr-remark\">（其中变更&lt;120&gt;件）</span></td>"));
        free(page);
        gr_report_free(r);
    }
    free(m1);
    free(m2);
    free(m3);

    DIR *dir = opendir(GR_SOURCE_DIR "/tests/pdfa");
    int nlong = 0;
    for (struct dirent *e; dir && (e = readdir(dir));) {
        if (!strstr(e->d_name, ".xml")) continue;
        char path[512];
        snprintf(path, sizeof path, "%s/tests/pdfa/%s", GR_SOURCE_DIR, e->d_name);
        char *x = read_file(path, NULL);
        check_report(x, e->d_name, NULL);
        free(x);
        nlong++;
    }
    if (dir) closedir(dir);
    CHECK(nlong > 0, "no long report in tests/pdfa");

    /* Escaping: an issuer holding markup, & and quotes; a paragraph holding an image. */
    char *a = replace(sample, "<issuer>山阳区人民政府</issuer>",
                      "<issuer>山阳区&lt;script&gt;x&lt;/script&gt; &amp; &quot;人民&apos;政府</issuer>");
    char *hostile = replace(a, "山阳区未收取信息处理费。",
                            "山阳区未收取&lt;img src=x onerror=alert(1)&gt;信息处理费。");
    r = load(hostile, "escaping");
    if (r) {
        char *page = page_of(r, false, "a b\"<c>.pdf", "报告#1.ofd");
        CHECK(!strstr(page, "<script") && !strstr(page, "<img"), "markup from the file opened");
        CHECK_TRUE(strstr(page, "<title>山阳区&lt;script&gt;x&lt;/script&gt; &amp; &quot;人民'政府2025年"));
        CHECK_TRUE(strstr(page, "未收取&lt;img src=x onerror=alert(1)&gt;信息处理费。"));
        CHECK(strstr(page, "href=\"a%20b%22%3Cc%3E.pdf\"") &&
                  strstr(page, "href=\"%E6%8A%A5%E5%91%8A%231.ofd\""),
              "links not percent-encoded");
        free(page);
        char *again = page_of(r, false, NULL, NULL);
        check_round_trip(again, r, "escaping", NULL);
        free(again);
        gr_report_free(r);
    }
    free(a);
    free(hostile);

    /* Totals left out are printed computed, as the PDF prints them. */
    char *t1 = replace(sample, "legal-service=\"0\" other=\"0\" total=\"29\"/>",
                       "legal-service=\"0\" other=\"0\"/>");
    char *t2 = replace(t1, "<review upheld=\"3\" corrected=\"0\" other=\"3\" pending=\"0\" total=\"6\"/>",
                       "<review upheld=\"3\" corrected=\"0\" other=\"3\" pending=\"0\"/>");
    r = load(t2, "totals left out");
    if (r) {
        char *page = page_of(r, false, NULL, NULL);
        int times;
        char *c = element_text(page, "t3-0-6", &times);
        CHECK(c && !strcmp(c, "29"), "三、一、总计 left out prints \"%s\", not 29", c ? c : "");
        free(c);
        c = element_text(page, "t4-0-4", &times);
        CHECK(c && !strcmp(c, "6"), "四、行政复议 总计 left out prints \"%s\", not 6", c ? c : "");
        free(c);
        CHECK_TRUE(!r->t3[0][GR_T3_TOTAL].given && !r->t4[0][GR_T4_TOTAL].given);
        free(page);
        gr_report_free(r);
    }
    free(t1);
    free(t2);

    /* The checker's diagnostics pin to the page: every cell and paragraph one names has its
     * id (an R2 error on a cell of 三, an R4 error on 四, a W-PROSE warning on a paragraph). */
    char *b1 = replace(sample, "<open natural=\"9\"", "<open natural=\"8\"");
    char *b2 = replace(b1, "<review upheld=\"3\" corrected=\"0\" other=\"3\" pending=\"0\" total=\"6\"/>",
                       "<review upheld=\"3\" corrected=\"0\" other=\"3\" pending=\"0\" total=\"7\"/>");
    char *b3 = replace(b2, "本年度收到的 29 件依申请公开事项", "本年度收到的 31 件依申请公开事项");
    r = load(b3, "pinned");
    if (r) {
        gr_diags d;
        gr_diags_init(&d);
        gr_check_report(r, &d);
        char *page = page_of(r, false, NULL, NULL);
        int cells = 0, paras = 0;
        for (size_t i = 0; i < d.n; i++) {
            const gr_diag *g = &d.items[i];
            char key[48] = "";
            if (g->table && g->row >= 0 && g->column >= 0)
                snprintf(key, sizeof key, " id=\"t%d-%d-%d\"", g->table, g->row, g->column), cells++;
            else if (g->section && g->paragraph)
                snprintf(key, sizeof key, " id=\"s%d-p%d\"", g->section, g->paragraph), paras++;
            CHECK(!*key || strstr(page, key), "%s: no%s in the page", g->message, key);
        }
        CHECK(cells >= 2 && paras >= 1, "pinned: %d cells, %d paragraphs named by %zu diagnostics",
              cells, paras, d.n);
        free(page);
        gr_diags_free(&d);
        gr_report_free(r);
    }
    free(b1);
    free(b2);
    free(b3);

    /* Controls, a bidirectional override and invalid bytes cannot reach the page: U+FFFD
     * stands for them. */
    r = load(sample, "sample");
    if (r) {
        r->prose[GR_SEC_OTHER].items[0].text = "未收取\x01信息\xff处理\u202e费";
        char *page = page_of(r, false, NULL, NULL);
        CHECK_TRUE(strstr(page, "未收取\xEF\xBF\xBD信息\xEF\xBF\xBD处理\xEF\xBF\xBD费"));
        CHECK(last_warnings == 1, "%zu W-HTML-CHAR warnings for one paragraph", last_warnings);
        free(page);
        gr_report_free(r);
    }
    free(sample);
    return harness_end("test_html");
}
