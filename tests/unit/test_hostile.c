/* Unit tests of hostile and careless input through the library (the CLI side is
 * tests/e2e/hostile_*.sh): the size cap at its edge, NUL bytes in memory, 100,000 nested
 * elements, every diagnostic one line however the file breaks its values, the lexical forms
 * of a count, invisible characters never echoed, and a 1,000-character issuer whose title
 * stays inside the type block over several pages. */
#include "report/check.h"
#include "layout/compose.h"
#include "base/diag.h"
#include "layout/font.h"
#include "harness.h"
#include "layout/display.h"
#include "report/model.h"
#include "report/template.h"
#include "report/xml_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No diagnostic spans two lines, and none is longer than a screenful. */
static void check_one_line(const gr_diags *d, const char *what)
{
    for (size_t i = 0; i < d->n; i++) {
        char *line = gr_diag_format(&d->items[i]);
        CHECK(!strchr(line, '\n') && !strchr(line, '\r'), "%s: diagnostic on two lines: %s", what,
              line);
        CHECK(strlen(line) < 2000, "%s: diagnostic of %zu bytes", what, strlen(line));
        free(line);
    }
}

static void test_size_cap(void)
{
    /* One byte over the cap: E-SIZE, nothing parsed. */
    size_t n = GR_MAX_INPUT_BYTES + 1;
    char *big = malloc(n);
    memset(big, ' ', n);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(big, n, "big.xml", &d);
    CHECK(!r && diag_find(&d, "E-SIZE", NULL) && d.n == 1, "cap + 1 byte: E-SIZE alone");
    gr_diags_free(&d);

    /* Exactly the cap: parsed and validated (a report root holding comments of 1 MB, which
     * is schema-invalid only for what it lacks). */
    const char *head = "<report xmlns=\"urn:govreport:annual-report:2021\">";
    const char *tail = "</report>";
    memset(big, 'x', n);
    memcpy(big, head, strlen(head));
    size_t at = strlen(head);
    while (at + (1u << 20) + 7 + strlen(tail) < GR_MAX_INPUT_BYTES) {
        memcpy(big + at, "<!--", 4);
        memcpy(big + at + 4 + (1u << 20), "-->", 3);
        at += (1u << 20) + 7;
    }
    memset(big + at, ' ', GR_MAX_INPUT_BYTES - strlen(tail) - at);
    memcpy(big + GR_MAX_INPUT_BYTES - strlen(tail), tail, strlen(tail));
    r = gr_xml_load_mem(big, GR_MAX_INPUT_BYTES, "big.xml", &d);
    const gr_diag *g = diag_find(&d, "E-SCHEMA", NULL);
    CHECK(!diag_find(&d, "E-SIZE", NULL) && !diag_find(&d, "E-XML", NULL) && g && strstr(g->message, "meta"),
          "exactly the cap: parsed and validated, not refused for its size (%s)",
          d.n ? d.items[0].message : "no diagnostic");
    gr_report_free(r);
    gr_diags_free(&d);

    /* 16 MB of white space: libxml2's bound on one run of text (10,000,000 bytes), named. */
    memset(big, ' ', n);
    r = gr_xml_load_mem(big, GR_MAX_INPUT_BYTES, "big.xml", &d);
    g = diag_find(&d, "E-XML", NULL);
    CHECK(!r && g && strstr(g->message, "10000000"), "one huge run of text: %s",
          g ? g->message : "no E-XML");
    gr_diags_free(&d);
    free(big);
}

static void test_nul_in_memory(void)
{
    size_t len;
    char *s = read_file(SAMPLE, &len);
    char *p = strstr(s, "2025 年，在市委");
    *p = 0; /* a NUL inside the first paragraph, the rest of the file after it */
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(s, len, "nul.xml", &d);
    const gr_diag *g = diag_find(&d, "E-XML", NULL);
    CHECK(!r && g && strstr(g->message, "NUL") && g->line == 10 && g->col == 8,
          "NUL byte: E-XML at 10:8, got %d:%d", g ? g->line : 0, g ? g->col : 0);
    CHECK(gr_diags_errors(&d) == 1, "one error for one NUL, got %zu", gr_diags_errors(&d));
    gr_diags_free(&d);
    free(s);
}

static void test_deep_nesting(void)
{
    /* 100,000 nested elements inside a paragraph: refused by depth, no deep recursion. */
    const int depth = 100000;
    const char *head = "<report xmlns=\"urn:govreport:annual-report:2021\"><overview><p>";
    const char *tail = "</p></overview></report>";
    size_t n = strlen(head) + (size_t)depth * 7 + strlen(tail);
    char *s = malloc(n + 1), *o = s;
    o += sprintf(o, "%s", head);
    for (int i = 0; i < depth; i++)
        o += sprintf(o, "<b>");
    for (int i = 0; i < depth; i++)
        o += sprintf(o, "</b>");
    o += sprintf(o, "%s", tail);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(s, (size_t)(o - s), "deep.xml", &d);
    const gr_diag *g = diag_find(&d, "E-XML", NULL);
    CHECK(!r && g && strstr(g->message, "嵌套") && g->line == 1, "deep nesting: E-XML 嵌套");
    gr_diags_free(&d);
    free(s);
}

static void test_one_line(void)
{
    static const char *const files[] = {
        GR_SOURCE_DIR "/tests/hostile/fuzz-multiline-value.xml",
        GR_SOURCE_DIR "/tests/hostile/multiline-namespace.xml",
        GR_SOURCE_DIR "/tests/hostile/multiline-count.xml",
        GR_SOURCE_DIR "/tests/hostile/control-char.xml",
        GR_SOURCE_DIR "/tests/hostile/text-junk.xml",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *s = read_file(files[i], &len);
        CHECK(s, "%s missing", files[i]);
        if (!s) continue;
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = gr_xml_load_mem(s, len, "x.xml", &d);
        CHECK(gr_diags_errors(&d) > 0, "%s: refused", files[i]);
        check_one_line(&d, files[i]);
        gr_report_free(r);
        gr_diags_free(&d);
        free(s);
    }
    /* A long value is quoted short: the first 40 characters and "…". */
    size_t len;
    char *s = read_file(SAMPLE, &len);
    char big[400] = "<year>";
    for (int i = 0; i < 20; i++)
        strcat(big, "二〇二五"); /* 80 characters, 240 bytes */
    strcat(big, "</year>");
    char *t = replace(s, "<year>2025</year>", big);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(t, strlen(t), "year.xml", &d);
    const gr_diag *g = diag_find(&d, "E-SCHEMA", NULL);
    CHECK(g && strstr(g->message, "…") && strlen(g->message) < 300, "long value quoted short: %s",
          g ? g->message : "(none)");
    gr_report_free(r);
    gr_diags_free(&d);
    free(t);
    free(s);
}

static void test_count_forms(void)
{
    /* Every lexical form the schema accepts is read as its value, never as "left out". */
    static const struct {
        const char *text;
        long long value;
    } forms[] = {{"+9", 9}, {" 9 ", 9}, {"009", 9}, {"-0", 0}, {"+0", 0}};
    size_t len;
    char *s = read_file(SAMPLE, &len);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char to[64];
        snprintf(to, sizeof to, "<open natural=\"%s\"", forms[i].text);
        char *t = replace(s, "<open natural=\"9\"", to);
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = gr_xml_load_mem(t, strlen(t), "count.xml", &d);
        CHECK(r && gr_diags_errors(&d) == 0, "count \"%s\" loads", forms[i].text);
        if (r) {
            const gr_count *c = &r->t3[GR_T3_OPEN][GR_T3_NATURAL];
            CHECK(c->given && c->value == forms[i].value, "count \"%s\" is %lld, got %lld (%s)",
                  forms[i].text, forms[i].value, c->value, c->given ? "given" : "left out");
        }
        gr_report_free(r);
        gr_diags_free(&d);
        free(t);
    }
    free(s);
}

static gr_report *load_text(const char *from, const char *to, gr_diags *d)
{
    size_t len;
    char *s = read_file(SAMPLE, &len);
    char *t = replace(s, from, to);
    gr_report *r = t ? gr_xml_load_mem(t, strlen(t), "t.xml", d) : NULL;
    free(t);
    free(s);
    return r;
}

static void test_compose(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = fonts_or_skip("test_hostile", NULL); /* the last test: the others ran */
    if (!f) {
        gr_diags_free(&d);
        return;
    }
    gr_diags_free(&d);

    /* Bidirectional override and zero-width space: refused, named by code, never echoed. */
    gr_report *r = load_text("2025 年，在市委",
                             "\xE2\x80\xAE\xE2\x80\x8B"
                             "2025 年，在市委",
                             &d);
    gr_doc *doc = NULL;
    CHECK(r && gr_diags_errors(&d) == 0, "bidi text loads");
    if (r) {
        gr_check_report(r, &d);
        CHECK(gr_compose(r, f, &doc, &d) == GR_ERR_INPUT && !doc, "bidi text is not set");
        const gr_diag *g = diag_find(&d, "E-GLYPH", NULL);
        CHECK(g && strstr(g->message, "U+202E") && !strstr(g->message, "\xE2\x80\xAE"),
              "U+202E named, not echoed");
        check_one_line(&d, "bidi");
    }
    gr_report_free(r);
    gr_diags_free(&d);

    /* A 1,000-character issuer: the title wraps over pages, every glyph inside the block,
     * and the whole title is set (its last line holds the year and the report's name). */
    char issuer[4096] = "<issuer>";
    for (int i = 0; i < 100; i++)
        strcat(issuer, "山阳区人民政府办公室"); /* 10 characters */
    strcat(issuer, "</issuer>");
    r = load_text("<issuer>山阳区人民政府</issuer>", issuer, &d);
    CHECK(r && gr_diags_errors(&d) == 0, "long issuer loads");
    if (r && gr_check_report(r, &d) == 0 && gr_compose(r, f, &doc, &d) == GR_OK) {
        size_t title_glyphs = 0, outside = 0;
        for (size_t p = 0; p < doc->npages; p++) {
            const gr_page *pg = &doc->pages[p];
            for (size_t i = 0; i < pg->nglyphs; i++) {
                const gr_glyph *g = &pg->glyphs[i];
                double w = gr_fonts_advance(f, g->face, g->cp, g->size);
                if (g->size == GR_TITLE_SIZE) title_glyphs++;
                if (g->x < GR_BLOCK_X0 - 0.5 || g->x + w > GR_BLOCK_X1 + g->size / 2 + 0.5 ||
                    g->y > GR_BLOCK_TOP)
                    outside++;
            }
        }
        size_t want = 1000 + 4 + 13; /* the issuer, "2025", "年政府信息公开工作年度报告" */
        CHECK(title_glyphs == want, "title glyphs: %zu, want %zu", title_glyphs, want);
        CHECK(outside == 0, "%zu glyphs outside the block", outside);
        CHECK(doc->npages > 6, "the title takes pages of its own: %zu pages", doc->npages);
        CHECK(doc->title && strstr(doc->title, "办公室2025年政府信息公开工作年度报告"),
              "document title whole");
    } else {
        CHECK(0, "long issuer composes");
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
    gr_fonts_free(f);
}

int main(void)
{
    test_size_cap();
    test_nul_in_memory();
    test_deep_nesting();
    test_one_line();
    test_count_forms();
    test_compose();
    gr_xml_cleanup();
    return harness_end("test_hostile");
}
