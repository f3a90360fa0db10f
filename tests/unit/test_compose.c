/* Unit tests for compose on the sample report: every glyph inside the block (page numbers
 * below it), the title centred on page 1 at the top, the six headings in the outline in
 * order, a page number on every page, body lines on the 22-line grid, widow/orphan control,
 * and the E-GLYPH errors (outside the BMP, private use) with no document. */
#include "report/check.h"
#include "layout/compose.h"
#include "layout/display.h"
#include "layout/linebreak.h"
#include "report/xml_load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SAMPLE GR_SOURCE_DIR "/samples/shanyang-2025.xml"

static gr_report *load(gr_diags *d)
{
    gr_report *r = gr_xml_load_file(SAMPLE, d);
    CHECK(r && gr_diags_errors(d) == 0, "sample loads");
    if (r) CHECK(gr_check_report(r, d) == 0, "sample checks");
    return r;
}

static void test_sample(const gr_fonts *f)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(&d);
    if (!r) return;
    gr_doc *doc = NULL;
    gr_status st = gr_compose(r, f, &doc, &d);
    CHECK(st == GR_OK && doc, "compose: status %d", st);
    if (!doc) {
        gr_diags_print(&d, stderr, false);
        gr_report_free(r);
        gr_diags_free(&d);
        return;
    }
    CHECK(doc->npages >= 3 && doc->npages <= 8, "pages: %zu", doc->npages);
    CHECK(doc->title && !strcmp(doc->title, "山阳区人民政府2025年政府信息公开工作年度报告"),
          "doc title %s", doc->title ? doc->title : "(null)");
    CHECK(doc->author && !strcmp(doc->author, "山阳区人民政府"), "author");
    CHECK(doc->date && !strcmp(doc->date, "2026-01-20"), "date %s", doc->date);

    /* every glyph inside the block, except the page number below it */
    const double pn_top = GR_BLOCK_BOTTOM - 7.0 * GR_MM + GR_PAGENUM_SIZE;
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        size_t pn = 0;
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (g->y < GR_BLOCK_BOTTOM) {
                CHECK(g->y < pn_top && g->cp >= '0' && g->cp <= '9', "page %zu: glyph below block",
                      p + 1);
                pn = pn * 10 + (g->cp - '0');
                continue;
            }
            double adv = gr_fonts_advance(f, g->face, g->cp, g->size);
            if (g->cp >= 0x2000 && gr_linebreak_no_start(g->cp))
                adv /= 2; /* GB-style marks are drawn in the left half; the right half trims */
            CHECK(g->x >= GR_BLOCK_X0 - 0.25 && g->x + adv <= GR_BLOCK_X1 + 0.25 &&
                      g->y <= GR_BLOCK_TOP && g->y >= GR_BLOCK_BOTTOM,
                  "page %zu: U+%04X at (%.2f, %.2f) outside the block", p + 1, g->cp, g->x, g->y);
        }
        CHECK(pn == p + 1, "page %zu shows number %zu", p + 1, pn);
    }

    /* title: 2 lines centred, first em-box top at the block top */
    const gr_page *p1 = &doc->pages[0];
    CHECK(p1->nglyphs > 24 && fabsf(p1->glyphs[0].size - (float)GR_TITLE_SIZE) < 1e-3,
          "title glyphs first");
    if (p1->nglyphs > 24) {
        double top = GR_BLOCK_TOP - p1->glyphs[0].y; /* baseline below top = ratio · 22 */
        CHECK(top > 0.8 * GR_TITLE_SIZE && top < 0.95 * GR_TITLE_SIZE, "title baseline %.2f", top);
        /* line 1 "山阳区人民政府" (7 glyphs) is centred */
        double left = p1->glyphs[0].x - GR_BLOCK_X0;
        double right = GR_BLOCK_X1 - (p1->glyphs[6].x + GR_TITLE_SIZE);
        CHECK(fabs(left - right) < 1.0, "title line 1 centred: %.2f vs %.2f", left, right);
        CHECK(fabs(p1->glyphs[7].y - (p1->glyphs[0].y - GR_TITLE_PITCH)) < 1e-6,
              "title line 2 at 36 pt");
    }

    /* outline: the six headings in order, down the document */
    CHECK(doc->noutline == GR_SECTIONS, "outline entries %zu", doc->noutline);
    for (size_t i = 0; i < doc->noutline && i < GR_SECTIONS; i++) {
        CHECK(!strcmp(doc->outline[i].title, gr_sections[i].heading), "outline %zu: %s", i,
              doc->outline[i].title);
        if (i > 0) {
            const gr_outline_entry *a = &doc->outline[i - 1], *b = &doc->outline[i];
            CHECK(b->page > a->page || (b->page == a->page && b->y < a->y),
                  "outline %zu not after %zu", i, i - 1);
        }
    }
    /* section 一's heading sits on the body grid of page 1 after a 2-line title:
     * top = 101.219 (§5.5) */
    if (doc->noutline > 0) {
        CHECK(doc->outline[0].page == 0, "一 on page 1");
        CHECK(fabs(GR_BLOCK_TOP - doc->outline[0].y - 101.219) < 0.01, "一 at %.3f",
              GR_BLOCK_TOP - doc->outline[0].y);
    }

    /* body lines: baselines on the grid top + i·p + ratio·16; no page ends with a lone line
     * of a paragraph is hard to see here, but every body baseline must be a grid position */
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (fabsf(g->size - (float)GR_BODY_SIZE) > 1e-3 || g->y < GR_BLOCK_BOTTOM) continue;
            double from_top = GR_BLOCK_TOP - g->y;
            CHECK(from_top + GR_BODY_SIZE * 0.12 <= GR_BLOCK_H + 0.02, "page %zu: line below block",
                  p + 1);
        }
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
}

static void test_glyph_error(const gr_fonts *f, const char *text, const char *ucode)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(&d);
    if (!r) return;
    CHECK(r->prose[GR_SEC_PROBLEMS].n > 0, "section 五 has paragraphs");
    if (r->prose[GR_SEC_PROBLEMS].n > 0) r->prose[GR_SEC_PROBLEMS].items[0].text = text;
    gr_doc *doc = (gr_doc *)1;
    gr_status st = gr_compose(r, f, &doc, &d);
    CHECK(st == GR_ERR_INPUT && doc == NULL, "%s: status %d", ucode, st);
    bool named = false;
    for (size_t i = 0; i < d.n; i++) {
        char *line = gr_diag_format(&d.items[i]);
        if (strstr(line, ucode) && strstr(line, "E-GLYPH") && d.items[i].line > 0) named = true;
        free(line);
    }
    CHECK(named, "a diagnostic names %s at a line", ucode);
    gr_report_free(r);
    gr_diags_free(&d);
}

/* Title lines on page 1: number of lines, and the most glyphs on one line. */
static void title_shape(const gr_doc *doc, size_t *lines, size_t *widest, double *skew)
{
    const gr_page *p1 = &doc->pages[0];
    *lines = 0;
    *widest = 0;
    *skew = 0;
    double y = 0;
    size_t count = 0, first = 0;
    for (size_t i = 0; i <= p1->nglyphs; i++) {
        bool title = i < p1->nglyphs && fabsf(p1->glyphs[i].size - (float)GR_TITLE_SIZE) < 1e-3;
        if (!title || p1->glyphs[i].y != y) {
            if (count > 0) { /* close the line: centred within a glyph */
                const gr_glyph *a = &p1->glyphs[first], *b = &p1->glyphs[i - 1];
                double left = a->x - GR_BLOCK_X0, right = GR_BLOCK_X1 - (b->x + GR_TITLE_SIZE);
                if (fabs(left - right) > *skew) *skew = fabs(left - right);
                if (count > *widest) *widest = count;
            }
            if (!title) break;
            (*lines)++;
            y = p1->glyphs[i].y;
            count = 0;
            first = i;
        }
        count++;
    }
}

static void test_title(const gr_fonts *f, const char *title, size_t want_lines)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(&d);
    if (!r) return;
    r->title = title;
    gr_doc *doc = NULL;
    CHECK(gr_compose(r, f, &doc, &d) == GR_OK && doc, "compose with title %s", title);
    if (doc) {
        size_t lines, widest;
        double skew;
        title_shape(doc, &lines, &widest, &skew);
        CHECK(lines == want_lines, "title %s: %zu lines, want %zu", title, lines, want_lines);
        CHECK(widest <= 20, "title %s: %zu characters on a line", title, widest);
        CHECK(skew < GR_TITLE_SIZE, "title %s: not centred (%.2f)", title, skew);
        CHECK(strchr(doc->title, '\n') == NULL, "document title on one line");
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
}

/* Widow/orphan control (§9.2): paragraphs alternating between two characters, of 2 to 7
 * lines, in the preamble; every paragraph split by a page keeps 2 or more lines each side. */
static void test_widows(const gr_fonts *f)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(&d);
    if (!r) return;
    enum { NP = 40 };
    static const int lines[] = {3, 4, 2, 5, 3, 7, 2, 3, 4, 6, 3, 2, 5};
    r->preamble.items = gr_arena_alloc(r->arena, NP * sizeof(gr_para));
    r->preamble.n = NP;
    size_t expect_lines = 0;
    for (int k = 0; k < NP; k++) {
        int n = lines[k % (int)(sizeof lines / sizeof lines[0])];
        int chars = 26 + 28 * (n - 2) + 10; /* first line 26, middle 28, last 10 */
        gr_buf b = {0};
        for (int i = 0; i < chars; i++)
            gr_buf_puts(&b, k % 2 ? "乙" : "甲");
        r->preamble.items[k].text = gr_arena_strdup(r->arena, b.s);
        gr_buf_free(&b);
        expect_lines += (size_t)n;
    }
    gr_doc *doc = NULL;
    CHECK(gr_compose(r, f, &doc, &d) == GR_OK && doc, "compose");
    if (doc) {
        /* (page, char) of every preamble line, in reading order */
        size_t nl = 0, page_of[2048];
        uint32_t ch[2048];
        for (size_t p = 0; p < doc->npages; p++) {
            double last_y = 1e9;
            const gr_page *pg = &doc->pages[p];
            for (size_t i = 0; i < pg->nglyphs && nl < 2048; i++) {
                const gr_glyph *g = &pg->glyphs[i];
                if ((g->cp != 0x7532 && g->cp != 0x4E59) || g->y == last_y) continue;
                last_y = g->y;
                page_of[nl] = p;
                ch[nl++] = g->cp;
            }
        }
        CHECK(nl == expect_lines, "preamble lines %zu, want %zu", nl, expect_lines);
        int splits = 0;
        for (size_t i = 0; i < nl;) {
            size_t j = i;
            while (j < nl && ch[j] == ch[i])
                j++;
            size_t before = 0;
            for (size_t k = i; k < j; k++)
                before += page_of[k] == page_of[i];
            if (before < j - i) {
                splits++;
                CHECK(before >= 2 && j - i - before >= 2, "paragraph split %zu + %zu", before,
                      j - i - before);
            }
            i = j;
        }
        CHECK(splits > 0, "some paragraph is split across pages");
    }
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
}

/* The structure of the sample (display.h): a tree rooted at the Document whose parents
 * come before their children; the title glyphs belong to the H1, the page numbers and their
 * dashes are pagination artifacts, table rules layout artifacts, and every other glyph is
 * content of an element that may hold text (H1–H3, P, Span, TH, TD). */
static void test_structure(const gr_fonts *f)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = load(&d);
    gr_doc *doc = NULL;
    if (!r || gr_compose(r, f, &doc, &d) != GR_OK || !doc) {
        CHECK(0, "compose for the structure");
        gr_report_free(r);
        gr_diags_free(&d);
        return;
    }
    CHECK(doc->nelems > 100 && doc->elems[0].type == GR_S_DOCUMENT && doc->elems[0].parent == -1,
          "a Document root and its elements: %zu", doc->nelems);
    CHECK(doc->lang && !strcmp(doc->lang, "zh-CN"), "language");
    size_t count[GR_S_TYPES] = {0};
    for (size_t e = 1; e < doc->nelems; e++) {
        const gr_struct_elem *se = &doc->elems[e];
        CHECK(se->parent >= 0 && (size_t)se->parent < e, "element %zu: parent %d", e, se->parent);
        count[se->type]++;
        if (se->type == GR_S_TH)
            CHECK(se->scope == GR_SCOPE_ROW || se->scope == GR_SCOPE_COLUMN, "TH %zu scope", e);
    }
    CHECK(count[GR_S_H1] == 1 && count[GR_S_H2] == GR_SECTIONS && count[GR_S_TABLE] == 3,
          "H1 %zu, H2 %zu, Table %zu", count[GR_S_H1], count[GR_S_H2], count[GR_S_TABLE]);
    CHECK(count[GR_S_THEAD] == 2 && count[GR_S_TBODY] == 3, "THead %zu TBody %zu",
          count[GR_S_THEAD], count[GR_S_TBODY]);
    CHECK(count[GR_S_SPAN] == 5, "a Span for each run-in heading of 一: %zu", count[GR_S_SPAN]);
    size_t repeated = 0;
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (g->y < GR_BLOCK_BOTTOM) { /* the page number */
                CHECK(g->mark == GR_MARK_PAGINATION, "page %zu: number marked %d", p + 1, g->mark);
                continue;
            }
            if (g->mark == GR_MARK_PAGINATION) { /* 续表 and what a continuation repeats */
                CHECK(g->size <= (float)GR_TABLE_SIZE + 1e-3,
                      "page %zu: U+%04X, not table text, a pagination artifact", p + 1, g->cp);
                repeated++;
                continue;
            }
            CHECK(g->mark > 0 && (size_t)g->mark < doc->nelems, "page %zu: U+%04X marked %d",
                  p + 1, g->cp, g->mark);
            if (g->mark <= 0 || (size_t)g->mark >= doc->nelems) continue;
            gr_struct_type t = doc->elems[g->mark].type;
            CHECK(t == GR_S_H1 || t == GR_S_H2 || t == GR_S_H3 || t == GR_S_P || t == GR_S_SPAN ||
                      t == GR_S_TH || t == GR_S_TD,
                  "page %zu: U+%04X in a %d", p + 1, g->cp, t);
            if (fabsf(g->size - (float)GR_TITLE_SIZE) < 1e-3)
                CHECK(t == GR_S_H1, "title glyph U+%04X in a %d", g->cp, t);
        }
        for (size_t i = 0; i < pg->nrules; i++) {
            const gr_rule *ru = &pg->rules[i];
            int want = ru->y0 < GR_BLOCK_BOTTOM ? GR_MARK_PAGINATION : GR_MARK_LAYOUT;
            CHECK(ru->mark == want, "page %zu: rule %zu marked %d", p + 1, i, ru->mark);
        }
    }
    /* table 三 continues on page 4 of the sample: 续表 and its 3 header rows again */
    CHECK(repeated > 40, "repeated header glyphs as artifacts: %zu", repeated);
    gr_doc_free(doc);
    gr_report_free(r);
    gr_diags_free(&d);
}

int main(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = fonts_or_skip("compose", NULL);
    if (!f)
        return harness_end("compose");
    test_sample(f);
    test_structure(f);
    test_widows(f);
    test_title(f, "山阳区2025年政府信息公开工作年度报告", 1);
    test_title(
        f, "某某省某某市某某县人民政府办公室关于本机关2025年度政府信息公开工作情况的年度报告", 3);
    test_title(f, "某某省某某市某某县人民政府办公室政府信息公开工作年度报告", 2);
    test_title(f, "山阳区人民政府\n2025年政府信息公开\n工作年度报告", 3);
    test_glyph_error(f, "存在问题：\xF0\xA0\x80\x80字。", "U+20000");
    test_glyph_error(f, "存在问题：\xEE\x80\x80字。", "U+E000");
    gr_fonts_free(f);
    gr_diags_free(&d);
    gr_xml_cleanup();
    return harness_end("compose");
}
