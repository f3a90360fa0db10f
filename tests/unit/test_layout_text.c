/* Unit tests for layout_text with the installed fonts: measure never exceeded, justified
 * lines end at the measure, line-start and line-end prohibitions, numbers never split, an
 * over-long URL broken inside the measure, the orphan rule, indent, squeeze, Han–Latin
 * spacing, cell widths, and linear time on a 300 KB paragraph. */
#include "layout/display.h"
#include "layout/layout_text.h"
#include "layout/linebreak.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static const gr_fonts *F;
static const double C = GR_CHAR_PITCH;

static const char *const sample =
    "2025年，在市委、市政府的坚强领导下，山阳区坚持以习近平新时代中国特色社会主义思想为指导，"
    "紧扣经济社会发展重点、锚定人民群众关注焦点，深化政务公开实践。严格对标《中华人民共和国政府"
    "信息公开条例》各项规定，从严执行信息发布“三审三校”制度。2025年度，山阳区政府门户网站共发布"
    "各类政务信息1500余条，同比增长12.5%。参照GB/T 9704-2012执行，见〔2024〕15号文件（试行）。"
    "张三·李四、王五；8:30—17:00受理，费用100～200元。问题——答复……如此。";

static gr_text_opts body(void)
{
    gr_text_opts o = {GR_BODY_SIZE, GR_BLOCK_W, 2 * GR_CHAR_PITCH, true, GR_CHAR_PITCH,
                      true,         false};
    return o;
}

static void layout(const char *text, const gr_text_opts *o, gr_lines *l)
{
    gr_span sp = {text, strlen(text), GR_ROLE_BODY};
    gr_text_layout(F, &sp, 1, o, l);
}

static bool is_open(uint32_t cp)
{
    static const uint32_t open[] = {0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x3010, 0x3016,
                                    0x300A, 0x3008, 0x300C, 0x300E, 0x201C, 0x2018};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
        if (cp == open[i]) return true;
    return false;
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* The general invariants of a laid-out paragraph. */
static void check_lines(const char *what, const gr_lines *l, const gr_text_opts *o)
{
    for (size_t i = 0; i < l->n; i++) {
        const gr_line *ln = &l->lines[i];
        double indent = i == 0 ? o->first_indent : 0;
        double wl = o->width;
        CHECK(ln->n > 0, "%s: line %zu empty", what, i);
        if (ln->n == 0) continue;
        CHECK(ln->width <= wl + GR_EPS, "%s: line %zu width %.3f > %.3f", what, i, ln->width, wl);
        if (o->justify && i + 1 < l->n)
            CHECK(fabs(ln->width - wl) <= GR_EPS, "%s: justified line %zu ends at %.3f, not %.3f",
                  what, i, ln->width, wl);
        CHECK(ln->glyphs[0].x >= indent - 1.0, "%s: line %zu starts at %.3f", what, i,
              ln->glyphs[0].x);
        bool dash_pair = ln->n > 1 && ln->glyphs[0].cp == 0x2014 && ln->glyphs[1].cp == 0x2014;
        if (i > 0 && !dash_pair) /* 破折号 may start a line, §8.3 */
            CHECK(!gr_linebreak_no_start(ln->glyphs[0].cp), "%s: line %zu starts with U+%04X", what,
                  i, ln->glyphs[0].cp);
        if (i + 1 < l->n) {
            uint32_t last = ln->glyphs[ln->n - 1].cp;
            CHECK(!is_open(last), "%s: line %zu ends with opening U+%04X", what, i, last);
            uint32_t next = l->lines[i + 1].glyphs[0].cp;
            CHECK(!(is_digit(last) && is_digit(next)) && !(last == '.' && is_digit(next)),
                  "%s: number split after line %zu", what, i);
        }
        for (size_t k = 1; k < ln->n; k++)
            CHECK(ln->glyphs[k].x >= ln->glyphs[k - 1].x - 1.0, "%s: line %zu goes backwards", what,
                  i);
    }
}

static void test_sample(void)
{
    gr_text_opts o = body();
    /* the sample at every measure from 10 to 28 characters exercises many break cases */
    for (int chars = 10; chars <= 28; chars++) {
        o.width = chars * C;
        gr_lines l;
        layout(sample, &o, &l);
        char what[32];
        snprintf(what, sizeof what, "sample@%d", chars);
        CHECK(l.n >= 2, "%s: %zu lines", what, l.n);
        check_lines(what, &l, &o);
        gr_lines_free(&l);
    }
}

static void test_grid_and_indent(void)
{
    gr_text_opts o = body();
    char text[3 * 80 + 1] = "";
    for (int i = 0; i < 80; i++)
        strcat(text, "国");
    gr_lines l;
    layout(text, &o, &l);
    CHECK(l.n == 3, "80 ideographs: %zu lines", l.n);
    if (l.n == 3) {
        CHECK(l.lines[0].n == 26, "first line holds %zu, want 26 (2c indent)", l.lines[0].n);
        CHECK(l.lines[1].n == 28, "full line holds %zu, want 28", l.lines[1].n);
        CHECK(fabs(l.lines[0].glyphs[0].x - 2 * C) < 0.5, "indent %.3f", l.lines[0].glyphs[0].x);
        CHECK(fabs(l.lines[1].glyphs[1].x - l.lines[1].glyphs[0].x - C) < 1e-6, "pitch %.3f",
              l.lines[1].glyphs[1].x - l.lines[1].glyphs[0].x);
        CHECK(fabs(l.lines[2].width - 26 * C) < 1e-6, "last line natural: %.3f", l.lines[2].width);
    }
    gr_lines_free(&l);
}

static void test_orphan(void)
{
    gr_text_opts o = body();
    char text[4 * 40] = "";
    for (int i = 0; i < 27; i++) /* 26 fit the first line: one would be left alone */
        strcat(text, "国");
    gr_lines l;
    layout(text, &o, &l);
    CHECK(l.n == 2 && l.lines[1].n >= 2, "orphan: last line holds %zu",
          l.n == 2 ? l.lines[1].n : 0);
    check_lines("orphan", &l, &o);
    gr_lines_free(&l);

    text[0] = 0;
    for (int i = 0; i < 26; i++)
        strcat(text, "国");
    strcat(text, "。"); /* "。" cannot start a line and does not fit: "国。" would be alone */
    layout(text, &o, &l);
    CHECK(l.n == 2 && l.lines[1].n >= 3, "orphan with stop: last line holds %zu",
          l.n == 2 ? l.lines[1].n : 0);
    check_lines("orphan-stop", &l, &o);
    gr_lines_free(&l);
}

static void test_push_in(void)
{
    gr_text_opts o = body();
    /* 24 ideographs, a comma and a closing mark before the line end: the final "。" does not fit
     * at natural width but the comma's blank absorbs it (push-in, then compress) */
    char text[256] = "";
    for (int i = 0; i < 12; i++)
        strcat(text, "国");
    strcat(text, "，");
    for (int i = 0; i < 13; i++)
        strcat(text, "国");
    strcat(text, "。国国国国");
    gr_lines l;
    layout(text, &o, &l);
    CHECK(l.n == 2, "push-in: %zu lines", l.n);
    if (l.n == 2)
        CHECK(l.lines[0].glyphs[l.lines[0].n - 1].cp == 0x3002, "push-in: line 1 ends with U+%04X",
              l.lines[0].glyphs[l.lines[0].n - 1].cp);
    check_lines("push-in", &l, &o);
    gr_lines_free(&l);
}

static void test_url(void)
{
    gr_text_opts o = body();
    gr_buf b = {0};
    gr_buf_puts(&b, "详见网址http://www.example.gov.cn/");
    for (int i = 0; i < 470; i++)
        gr_buf_add(&b, &"abcdefghij"[i % 10], 1);
    gr_buf_puts(&b, "。");
    gr_lines l;
    layout(b.s, &o, &l);
    CHECK(l.n >= 5, "url: %zu lines", l.n);
    for (size_t i = 0; i < l.n; i++)
        CHECK(l.lines[i].width <= GR_BLOCK_W + GR_EPS, "url: line %zu width %.3f", i,
              l.lines[i].width);
    gr_lines_free(&l);
    gr_buf_free(&b);
}

static size_t index_of(const gr_line *ln, uint32_t cp)
{
    for (size_t i = 0; i < ln->n; i++)
        if (ln->glyphs[i].cp == cp) return i;
    return (size_t)-1;
}

static void test_squeeze_and_spacing(void)
{
    gr_text_opts o = body();
    o.first_indent = 0;
    gr_lines l;
    layout("甲。”乙年2025年", &o, &l);
    CHECK(l.n == 1, "one line");
    const gr_line *ln = &l.lines[0];
    size_t stop = index_of(ln, 0x3002), close = index_of(ln, 0x201D), yi = index_of(ln, 0x4E59);
    if (stop < ln->n && close < ln->n && yi < ln->n) {
        /* The cells are C/2 apart; 。's glyph may sit left of its cell's origin when the font
         * centres it (ink_shift), never right of it. */
        double d = ln->glyphs[close].x - ln->glyphs[stop].x;
        CHECK(d > C / 2 - 1e-6 && d < C / 2 + 0.2 * 16, "。” squeezed: %.3f", d);
        /* ” keeps its full cell before 乙 (乙 sits centred in its cell) */
        CHECK(ln->glyphs[yi].x - ln->glyphs[close].x > C - 0.5, "”乙: %.3f",
              ln->glyphs[yi].x - ln->glyphs[close].x);
    }
    size_t two = index_of(ln, '2');
    if (two < ln->n && two > 0) {
        double year_end = ln->glyphs[two - 1].x + C; /* 年's cell ends here (±centring) */
        CHECK(fabs(ln->glyphs[two].x - year_end - GR_BODY_SIZE / 4) < 0.3, "Han–Latin gap %.3f",
              ln->glyphs[two].x - year_end);
    }
    gr_lines_free(&l);

    /* full-width digits are folded, spaces beside CJK deleted, whitespace collapsed */
    layout("  ２０２５ 年  共 1500 余条  ", &o, &l);
    CHECK(l.n == 1 && l.lines[0].n == 12, "normalised to 12 glyphs, got %zu",
          l.n ? l.lines[0].n : 0);
    if (l.n == 1 && l.lines[0].n == 12)
        CHECK(l.lines[0].glyphs[0].cp == '2' && l.lines[0].glyphs[0].x == 0, "folded digit");
    gr_lines_free(&l);
}

static void test_cells(void)
{
    gr_text_opts o = {GR_TABLE_SIZE, 1000, 0, false, 0, false, false};
    const char *cells[] = {"第二十条第（一）项",
                           "收到和处理政府信息公开申请情况",
                           "11850",
                           "（三）不予公开",
                           "三、本年度办理结果",
                           "0.33",
                           "sample"};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        const char *t = i == 6 ? sample : cells[i];
        gr_span sp = {t, strlen(t), GR_ROLE_TABLE};
        double mn = gr_text_min_width(F, &sp, 1, &o), mx = gr_text_max_width(F, &sp, 1, &o);
        CHECK(mn > 0 && mn <= mx + 1e-9, "cell %zu: min %.3f max %.3f", i, mn, mx);
        gr_text_opts w = o;
        w.width = mn;
        gr_lines l;
        gr_text_layout(F, &sp, 1, &w, &l);
        check_lines("cell@min", &l, &w);
        gr_lines_free(&l);
        w.width = mx;
        gr_text_layout(F, &sp, 1, &w, &l);
        CHECK(l.n == 1, "cell %zu at max width: %zu lines", i, l.n);
        gr_lines_free(&l);
    }
    gr_span num = {"11850", 5, GR_ROLE_TABLE};
    CHECK(fabs(gr_text_min_width(F, &num, 1, &o) - gr_text_max_width(F, &num, 1, &o)) < 1e-9,
          "a number is one segment");
}

static void test_big(void)
{
    gr_text_opts o = body();
    gr_buf b = {0};
    while (b.len < 300 * 1024)
        gr_buf_puts(&b, sample);
    clock_t t0 = clock();
    gr_lines l;
    layout(b.s, &o, &l);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(l.n > 1000, "300 KB: %zu lines", l.n);
    CHECK(secs < 2.0, "300 KB paragraph took %.2f s", secs);
    check_lines("300KB", &l, &o);
    printf("300 KB paragraph: %zu lines in %.3f s\n", l.n, secs);
    gr_lines_free(&l);
    gr_buf_free(&b);
}

/* A full stop or comma trimmed at the line end keeps its ink inside the measure, whichever
 * half of the em the font draws it in (AR PL UMing CN centres 。 and 、). */
static void test_line_end_ink_inside(void)
{
    gr_text_opts o = body();
    o.first_indent = 0;
    gr_lines l;
    const char *marks[] = {"。", "、", "，", "：", "；", "！"};
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
        char text[512] = "";
        for (int i = 0; i < 24; i++) /* 27 ideographs, then the mark in cell 28 */
            strcat(text, "政");
        strcat(text, "府信息");
        strcat(text, marks[m]);
        strcat(text, "公开工作");
        layout(text, &o, &l);
        CHECK(l.n == 2 && l.lines[0].glyphs[l.lines[0].n - 1].cp != 0x653F,
              "%s: not at the end of line 1", marks[m]);
        for (size_t k = 0; k + 1 < l.n; k++) {
            const gr_line *ln = &l.lines[k];
            const gr_line_glyph *g = &ln->glyphs[ln->n - 1];
            double i0, i1;
            gr_fonts_ink(F, g->face, g->cp, &i0, &i1);
            CHECK(g->x + i1 * o.size <= o.width + GR_EPS, "%s at line end: ink to %.3f > %.3f",
                  marks[m], g->x + i1 * o.size, o.width);
        }
        gr_lines_free(&l);
    }
}

int main(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_fonts *f = fonts_or_skip("layout_text", NULL);
    if (!f)
        return harness_end("layout_text");
    F = f;
    test_sample();
    test_grid_and_indent();
    test_orphan();
    test_push_in();
    test_url();
    test_squeeze_and_spacing();
    test_line_end_ink_inside();
    test_cells();
    test_big();
    gr_fonts_free(f);
    gr_diags_free(&d);
    return harness_end("layout_text");
}
