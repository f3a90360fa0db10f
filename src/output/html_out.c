/* html_out: the report model → the portal's page (docs/design.md, "Pipeline"). The title
 * is the <h1>, the six sections <section>s headed by <h2>, the tables those of the PDF
 * (table_build.c) with their labels from the template, header cells scoped for screen
 * readers, and every figure as the PDF prints it. Styles are one table of class rules: the
 * page writes them once as its stylesheet, the fragment on each element as style="". */
#include "output/html_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Font lists, the office's faces first, then the free ones Debian has (README "Fonts"). */
#define FONT_BODY "仿宋,仿宋_GB2312,FangSong,STFangsong,FandolFang,serif"
#define FONT_HEI "黑体,SimHei,Heiti SC,FandolHei,sans-serif"
#define FONT_KAI "楷体,楷体_GB2312,KaiTi,STKaiti,FandolKai,serif"
#define FONT_TITLE "方正小标宋简体,FZXiaoBiaoSong-B05S,宋体,SimSun,FandolSong,serif"
#define CELL "border:1px solid #000;padding:.25rem .375rem;vertical-align:middle;"

/* Every class the writer puts on an element, with its style. README "HTML" documents them
 * for sites that style the fragment themselves. */
enum {
    C_REPORT, C_TITLE, C_LINE, C_META, C_META_LIST, C_META_ITEM, C_META_TERM, C_META_VALUE,
    C_FORMATS, C_LINK, C_SECTION, C_H2, C_H3, C_P, C_RUNIN, C_SCROLL, C_TABLE, C_T3, C_T4,
    C_CAPTION, C_TH, C_RH, C_NOTE, C_TD, C_REMARK, C_STUB1, C_STUB2, C_STUB3, C_CLASSES
};

static const struct {
    const char *name, *css;
} classes[C_CLASSES] = {
    [C_REPORT] = {"gr-report", "display:block;max-width:50rem;margin:0 auto;"
                               "padding:1.5rem 1.25rem 3rem;font-family:" FONT_BODY ";"
                               "font-size:1.125rem;line-height:1.8;color:#1a1a1a;"
                               "background:#fff;overflow-wrap:break-word"},
    [C_TITLE] = {"gr-title", "font-family:" FONT_TITLE ";font-size:1.625rem;font-weight:bold;"
                             "line-height:1.5;text-align:center;margin:.5rem 0 1rem"},
    [C_LINE] = {"gr-line", "display:block"},
    [C_META] = {"gr-meta", "font-size:.9375rem;line-height:1.7;color:#444;text-align:center;"
                           "margin:0 0 1.5rem;padding:.5rem 0;border-top:1px solid #bbb;"
                           "border-bottom:1px solid #bbb"},
    [C_META_LIST] = {"gr-meta-list", "display:flex;flex-wrap:wrap;justify-content:center;"
                                     "column-gap:2em;margin:0"},
    [C_META_ITEM] = {"gr-meta-item", "display:flex"},
    [C_META_TERM] = {"gr-meta-term", "font-weight:normal"},
    [C_META_VALUE] = {"gr-meta-value", "margin:0"},
    [C_FORMATS] = {"gr-formats", "margin:0"},
    [C_LINK] = {"gr-link", "color:#0b57d0;margin:0 .5em"},
    [C_SECTION] = {"gr-section", "display:block;margin:0"},
    [C_H2] = {"gr-h2", "font-family:" FONT_HEI ";font-size:1.25rem;font-weight:normal;"
                       "line-height:1.6;margin:1.75rem 0 .75rem"},
    [C_H3] = {"gr-h3", "font-family:" FONT_KAI ";font-size:1.125rem;font-weight:bold;"
                       "line-height:1.8;text-indent:2em;margin:.5rem 0"},
    [C_P] = {"gr-p", "margin:0 0 .5rem;text-indent:2em;text-align:justify"},
    [C_RUNIN] = {"gr-runin", "font-family:" FONT_KAI ";font-weight:bold"},
    [C_SCROLL] = {"gr-scroll", "overflow-x:auto;margin:.75rem 0 1rem"},
    [C_TABLE] = {"gr-table", "border-collapse:collapse;width:100%;margin:.75rem 0 1rem;"
                             "font-size:.9375rem;line-height:1.5"},
    [C_T3] = {"gr-t3", "min-width:40rem;margin:0"},
    [C_T4] = {"gr-t4", "min-width:42rem;margin:0"},
    /* the table's name for screen readers; its section's heading already stands above it */
    [C_CAPTION] = {"gr-caption", "position:absolute;width:1px;height:1px;margin:-1px;"
                                 "padding:0;overflow:hidden;clip:rect(0,0,0,0);"
                                 "white-space:nowrap;border:0"},
    [C_TH] = {"gr-th", CELL "min-width:2.6em;text-align:center;font-family:" FONT_HEI ";"
                       "font-weight:normal"},
    [C_RH] = {"gr-rh", CELL "text-align:left;font-weight:normal"},
    [C_NOTE] = {"gr-note", CELL "text-align:left"},
    [C_TD] = {"gr-td", CELL "text-align:center;white-space:nowrap"},
    [C_REMARK] = {"gr-remark", "white-space:normal"},
    /* the three label columns of table 三: sized on a phone only (page_css) */
    [C_STUB1] = {"gr-stub1", ""},
    [C_STUB2] = {"gr-stub2", ""},
    [C_STUB3] = {"gr-stub3", ""},
};

/* Rules of the page's stylesheet that no style="" can hold. */
static const char page_css[] =
    "html{background:#fff}body{margin:0}"
    ".gr-scroll:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}"
    /* a phone: the text reflows; the label columns of 三 narrowed so that figures show
     * beside them, the rest of the table a swipe away in its own box */
    "@media (max-width:40rem){.gr-report{padding:1rem .875rem 2rem;font-size:1.0625rem}"
    ".gr-title{font-size:1.375rem}.gr-table{font-size:.8125rem}"
    ".gr-t3{min-width:36rem}.gr-t4{min-width:38rem}"
    ".gr-stub1{width:3.5em}.gr-stub2{width:4.5em}.gr-stub3{width:8.5em}}"
    /* A4 as the PDF: GB/T 9704's margins, 三号 body, 五号 tables that fit the block */
    "@media print{@page{size:A4;margin:37mm 26mm 35mm 28mm}"
    ".gr-report{max-width:none;padding:0;font-size:16pt;line-height:1.8}"
    ".gr-title{font-size:22pt}.gr-h2{font-size:16pt;break-after:avoid}"
    ".gr-h3{break-after:avoid}.gr-p{orphans:2;widows:2}"
    ".gr-formats{display:none}.gr-scroll{overflow:visible}"
    ".gr-table{font-size:10.5pt}.gr-t3,.gr-t4{min-width:0}"
    ".gr-table tr{break-inside:avoid}}";

typedef struct {
    gr_buf b;
    bool fragment;
    size_t replaced; /* characters put_text replaced since the last warn_replaced */
    const gr_report *r;
    gr_diags *d;
} writer;

static void puts_(writer *w, const char *s)
{
    gr_buf_puts(&w->b, s);
}

/* A decimal integer, without printf: the page has hundreds (ids, spans, figures). */
static void put_int(writer *w, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    gr_buf_add(&w->b, p, (size_t)(buf + sizeof buf - p));
}

/* class="…" (and in a fragment its style) for one class or two. */
static void cls2(writer *w, int a, int b)
{
    puts_(w, " class=\"");
    puts_(w, classes[a].name);
    if (b >= 0) {
        puts_(w, " ");
        puts_(w, classes[b].name);
    }
    puts_(w, "\"");
    if (w->fragment && *classes[a].css) {
        puts_(w, " style=\"");
        puts_(w, classes[a].css);
        if (b >= 0) {
            puts_(w, ";");
            puts_(w, classes[b].css);
        }
        puts_(w, "\"");
    }
}

static void cls(writer *w, int a)
{
    cls2(w, a, -1);
}

/* A code point the page carries as it is: not one the Nu checker calls forbidden (controls
 * but tab and newline, surrogates, noncharacters), nor one the PDF refuses as invisible
 * (compose.c: zero-width and bidirectional controls, the byte-order mark), which on a page
 * could hide or reorder the text around it. */
static bool html_char(int32_t cp)
{
    if (cp < 0) return false;
    if (cp < 0x20) return cp == '\t' || cp == '\n';
    if (cp >= 0x7F && cp <= 0x9F) return false;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
        return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
    return (cp & 0xFFFE) != 0xFFFE;
}

/* Text from the report, escaped for element content and for a double-quoted attribute;
 * invalid bytes and the characters html_char refuses become U+FFFD, so that nothing the
 * file holds can open markup, break the page or disguise its text. */
static void put_text(writer *w, const char *s)
{
    if (!s) return;
    const char *p = s, *end = s + strlen(s);
    const char *run = p; /* plain text not yet copied: copied in one call */
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"') {
            p++;
            continue;
        }
        const char *start = p;
        int32_t cp = gr_utf8_next(&p, (size_t)(end - p));
        if (cp >= 0x80 && html_char(cp)) continue;
        gr_buf_add(&w->b, run, (size_t)(start - run));
        run = p;
        switch (cp) {
        case '&': puts_(w, "&amp;"); break;
        case '<': puts_(w, "&lt;"); break;
        case '>': puts_(w, "&gt;"); break;
        case '"': puts_(w, "&quot;"); break;
        case '\r': puts_(w, "\n"); break;
        default:
            if (html_char(cp)) {
                gr_buf_add(&w->b, start, (size_t)(p - start));
            } else {
                puts_(w, "\xEF\xBF\xBD");
                w->replaced++;
            }
        }
    }
    gr_buf_add(&w->b, run, (size_t)(p - run));
}

/* A warning at line when text of the report just written had characters replaced: the PDF
 * refuses such a report (E-GLYPH), the page shows U+FFFD where they stood. */
static void warn_replaced(writer *w, int line)
{
    if (!w->replaced) return;
    gr_diag_add(w->d, GR_SEV_WARNING, w->r->path, line, 0, "W-HTML-CHAR",
                "网页中有 %zu 个字符无法显示（控制或格式字符、无效字节），以“\xEF\xBF\xBD”代替",
                w->replaced);
    gr_diag_hint(w->d, "删去这些字符（常随网页或 Word 中复制的文字带入）");
    w->replaced = 0;
}

/* A link's target: bytes outside the URL's unreserved and path characters percent-encoded,
 * so that a file name with spaces, quotes or '#' stays one valid relative URL. */
static void put_href(writer *w, const char *s)
{
    static const char ok[] = "-._~!$'()*+,;=:@/";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(ok, *p))
            gr_buf_add(&w->b, (const char *)p, 1);
        else
            gr_buf_printf(&w->b, "%%%02X", *p);
    }
}

/* ---- the head of the article: title, metadata, the other formats ---- */

/* The title as the PDF breaks it where it can say: at explicit line breaks, and a derived
 * title between the issuer and the year (上短下长). Each line is a block of its own; a
 * narrow screen breaks inside a line only when the line is wider than it. */
static void put_title(writer *w, const gr_report *r)
{
    puts_(w, "<h1 id=\"gr-title\"");
    cls(w, C_TITLE);
    puts_(w, ">");
    const char *t = gr_report_title(r);
    size_t first = 0; /* bytes of the first line of a derived title: the issuer */
    if (!r->title && r->issuer && !strncmp(t, r->issuer, strlen(r->issuer)))
        first = strlen(r->issuer);
    bool any = false;
    for (const char *p = t; *p;) {
        size_t n = first ? first : strcspn(p, "\n");
        first = 0;
        char *line = gr_xstrndup(p, n);
        if (*line) {
            if (any) puts_(w, " ");
            puts_(w, "<span");
            cls(w, C_LINE);
            puts_(w, ">");
            put_text(w, line);
            puts_(w, "</span>");
            any = true;
        }
        free(line);
        p += n;
        if (*p == '\n') p++;
    }
    puts_(w, "</h1>\n");
    warn_replaced(w, r->issuer_pos.line);
}

static void meta_item(writer *w, const char *term, const char *value, const char *datetime)
{
    puts_(w, "<div");
    cls(w, C_META_ITEM);
    puts_(w, "><dt");
    cls(w, C_META_TERM);
    gr_buf_printf(&w->b, ">%s</dt><dd", term);
    cls(w, C_META_VALUE);
    puts_(w, ">");
    if (datetime) {
        puts_(w, "<time datetime=\"");
        put_text(w, datetime);
        puts_(w, "\">");
    }
    put_text(w, value);
    if (datetime) puts_(w, "</time>");
    puts_(w, "</dd></div>");
}

/* YYYY-MM-DD, each part digits: the schema's xs:date without a zone. */
static bool plain_date(const char *s, int *y, int *m, int *d)
{
    return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
           sscanf(s, "%4d-%2d-%2d", y, m, d) == 3 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* The metadata a portal shows above an article, and the other formats. A <footer> of the
 * article by its meaning (who issued it, when); it stands under the title, where portals
 * put it. */
static void put_meta(writer *w, const gr_report *r, const gr_html_opts *o)
{
    puts_(w, "<footer");
    cls(w, C_META);
    puts_(w, ">\n<dl");
    cls(w, C_META_LIST);
    puts_(w, ">");
    meta_item(w, "发布机构：", r->issuer ? r->issuer : "", NULL);
    if (r->title)
        warn_replaced(w, r->issuer_pos.line);
    w->replaced = 0; /* a derived title holds the issuer: named with it */
    int y, m, d;
    if (plain_date(r->published, &y, &m, &d)) {
        char human[32];
        snprintf(human, sizeof human, "%d年%d月%d日", y, m, d);
        meta_item(w, "发布日期：", human, r->published);
    } else if (r->published) {
        meta_item(w, "发布日期：", r->published, NULL);
    }
    puts_(w, "</dl>\n");
    if (o->pdf_href || o->ofd_href) {
        puts_(w, "<p");
        cls(w, C_FORMATS);
        puts_(w, ">其他格式：");
        const char *href[2] = {o->pdf_href, o->ofd_href};
        const char *type[2] = {"application/pdf", "application/ofd"};
        const char *text[2] = {"下载 PDF 版", "下载 OFD 版"};
        for (int i = 0; i < 2; i++) {
            if (!href[i]) continue;
            puts_(w, "<a");
            cls(w, C_LINK);
            puts_(w, " href=\"");
            put_href(w, href[i]);
            gr_buf_printf(&w->b, "\" type=\"%s\">%s</a>", type[i], text[i]);
        }
        puts_(w, "</p>\n");
    }
    puts_(w, "</footer>\n");
}

/* ---- prose ---- */

/* Paragraphs with their ids s{section}-p{n}, n from 1 in the model's order (an empty one
 * keeps its number and prints nothing, as in the PDF). A subheading with no text is a
 * heading of its own (<h3>), as the PDF sets it on its own line; a run-in one is the
 * paragraph's <b> (the lede of HTML's b element). sec is 1..6, 0 for the preamble. */
static void put_prose(writer *w, const gr_prose *pr, int sec)
{
    for (size_t i = 0; i < pr->n; i++) {
        const gr_para *pa = &pr->items[i];
        bool heading = pa->heading && *pa->heading;
        bool text = pa->text && *pa->text;
        if (heading && !text) {
            gr_buf_printf(&w->b, "<h3 id=\"s%d-p%zu\"", sec, i + 1);
            cls(w, C_H3);
            puts_(w, ">");
            put_text(w, pa->heading);
            puts_(w, "</h3>\n");
            warn_replaced(w, pa->heading_pos.line ? pa->heading_pos.line : pa->pos.line);
            continue;
        }
        if (!text) continue;
        gr_buf_printf(&w->b, "<p id=\"s%d-p%zu\"", sec, i + 1);
        cls(w, C_P);
        puts_(w, ">");
        if (heading) {
            puts_(w, "<b");
            cls(w, C_RUNIN);
            puts_(w, ">");
            put_text(w, pa->heading);
            puts_(w, "</b>");
        }
        put_text(w, pa->text);
        puts_(w, "</p>\n");
        warn_replaced(w, pa->text_pos.line ? pa->text_pos.line : pa->pos.line);
    }
}

/* ---- tables ---- */

/* A header cell: scope, spans, optional id, the label (from the template). */
static void th(writer *w, int klass, const char *scope, int rowspan, int colspan, const char *id,
               const char *label)
{
    puts_(w, "<th");
    if (id) {
        puts_(w, " id=\"");
        puts_(w, id);
        puts_(w, "\"");
    }
    cls(w, klass);
    puts_(w, " scope=\"");
    puts_(w, scope);
    puts_(w, "\"");
    if (rowspan > 1) {
        puts_(w, " rowspan=\"");
        put_int(w, rowspan);
        puts_(w, "\"");
    }
    if (colspan > 1) {
        puts_(w, " colspan=\"");
        put_int(w, colspan);
        puts_(w, "\"");
    }
    puts_(w, ">");
    put_text(w, label);
    puts_(w, "</th>");
}

/* A figure's cell, id t{table}-{row}-{column}, holding text (the fee as written) or, when
 * text is NULL, value; headers lists the ids of its header cells where scope alone would
 * be ambiguous (NULL otherwise). A remark follows the figure in
 * full-width brackets, as the PDF draws it (table_build.c), and may wrap where the figure
 * does not. */
static void figure(writer *w, int table, int row, int col, int colspan, const char *headers,
                   const char *text, long long value, const char *remark, int line)
{
    puts_(w, "<td id=\"t");
    put_int(w, table);
    puts_(w, "-");
    put_int(w, row);
    puts_(w, "-");
    put_int(w, col);
    puts_(w, "\"");
    cls(w, C_TD);
    if (colspan > 1) {
        puts_(w, " colspan=\"");
        put_int(w, colspan);
        puts_(w, "\"");
    }
    if (headers) {
        puts_(w, " headers=\"");
        puts_(w, headers);
        puts_(w, "\"");
    }
    puts_(w, ">");
    if (text) /* a count, or text from the report */
        put_text(w, text);
    else
        put_int(w, value);
    if (remark) {
        puts_(w, "<span");
        cls(w, C_REMARK);
        puts_(w, ">（");
        put_text(w, remark);
        puts_(w, "）</span>");
    }
    puts_(w, "</td>");
    warn_replaced(w, line);
}

static void count(writer *w, int table, int row, int col, int colspan, const char *headers,
                  const gr_count *c)
{
    /* the plain decimal integer, as the PDF prints it (table_build.c) */
    figure(w, table, row, col, colspan, headers, NULL, c->value, c->remark, c->pos.line);
}

static void open_table(writer *w, int table, int sec, int wide)
{
    if (wide >= 0) {
        /* a table wider than a phone scrolls in its own box, which a keyboard can reach */
        gr_buf_printf(&w->b, "<div role=\"region\" tabindex=\"0\" aria-labelledby=\"t%d-c\"",
                      table);
        cls(w, C_SCROLL);
        puts_(w, ">\n");
    }
    gr_buf_printf(&w->b, "<table id=\"t%d\"", table);
    cls2(w, C_TABLE, wide);
    gr_buf_printf(&w->b, ">\n<caption id=\"t%d-c\"", table);
    cls(w, C_CAPTION);
    puts_(w, ">");
    put_text(w, gr_sections[sec].title);
    puts_(w, "</caption>\n");
}

static void close_table(writer *w, bool wide)
{
    puts_(w, "</table>\n");
    if (wide) puts_(w, "</div>\n");
}

/* Table 二: four titled blocks in four columns (table_build.c). Each block is a <tbody>
 * whose title is a header of its row group; since its column labels stand inside the
 * body, every figure names its headers explicitly. */
static void put_table2(writer *w, const gr_report *r)
{
    open_table(w, 2, GR_SEC_PROACTIVE, -1);
    for (int b = 0; b < GR_T2_BLOCKS; b++) {
        const gr_t2_block *blk = &gr_t2_blocks[b];
        char id[32], content[32];
        puts_(w, "<tbody>\n<tr>");
        snprintf(id, sizeof id, "t2-b%d", b);
        th(w, C_TH, "rowgroup", 1, 4, id, blk->item);
        puts_(w, "</tr>\n<tr>");
        snprintf(content, sizeof content, "t2-b%d-h", b);
        th(w, C_TH, "col", 1, 1, content, gr_t2_content_label);
        for (int k = 0; k < blk->ncols; k++) {
            char hid[32];
            snprintf(hid, sizeof hid, "t2-b%d-c%d", b, k);
            th(w, C_TH, "col", 1, blk->ncols == 1 ? 3 : 1, hid, blk->columns[k]);
        }
        puts_(w, "</tr>\n");
        for (int i = blk->first_row; i < blk->first_row + blk->nrows; i++) {
            char rid[32];
            snprintf(rid, sizeof rid, "t2-r%d", i);
            puts_(w, "<tr>");
            th(w, C_RH, "row", 1, 1, rid, gr_t2_rows[i].label);
            for (int k = 0; k < blk->ncols; k++) {
                char headers[96];
                snprintf(headers, sizeof headers, "t2-b%d t2-b%d-c%d %s", b, b, k, rid);
                int span = blk->ncols == 1 ? 3 : 1;
                if (i == GR_T2_RULES || i == GR_T2_NORMATIVE)
                    count(w, 2, i, k, span, headers, &r->t2_docs[i][k]);
                else if (i == GR_T2_FEES) /* the amount exactly as the file wrote it */
                    figure(w, 2, i, k, span, headers, r->t2_fee ? r->t2_fee : "", 0,
                           r->t2_fee ? r->t2_fee_remark : NULL, r->t2_fee_pos.line);
                else
                    count(w, 2, i, k, span, headers, &r->t2_decisions[i - GR_T2_LICENSING]);
            }
            puts_(w, "</tr>\n");
        }
        puts_(w, "</tbody>\n");
    }
    close_table(w, false);
}

static bool same_label(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Table 三: the 3 × 3 note corner, 申请人情况 over the seven columns, 法人或其他组织 over
 * five; the three-level row stub, its first level a row group of its own <tbody>. */
static void put_table3(writer *w, const gr_report *r)
{
    open_table(w, 3, GR_SEC_APPLICATIONS, C_T3);
    puts_(w, "<colgroup><col");
    cls(w, C_STUB1);
    puts_(w, "><col");
    cls(w, C_STUB2);
    puts_(w, "><col");
    cls(w, C_STUB3);
    gr_buf_printf(&w->b, "></colgroup><colgroup></colgroup><colgroup span=\"%d\"></colgroup>"
                         "<colgroup></colgroup>\n<thead>\n<tr>",
                  GR_T3_TOTAL - 1);
    puts_(w, "<td rowspan=\"3\" colspan=\"3\"");
    cls(w, C_NOTE);
    puts_(w, ">");
    put_text(w, gr_t3_note);
    puts_(w, "</td>");
    th(w, C_TH, "col", 1, GR_T3_COLS, NULL, gr_t3_applicants);
    puts_(w, "</tr>\n<tr>");
    th(w, C_TH, "col", 2, 1, NULL, gr_t3_cols[GR_T3_NATURAL].label);
    th(w, C_TH, "colgroup", 1, GR_T3_TOTAL - 1, NULL, gr_t3_legal_person);
    th(w, C_TH, "col", 2, 1, NULL, gr_t3_cols[GR_T3_TOTAL].label);
    puts_(w, "</tr>\n<tr>");
    for (int c = GR_T3_COMMERCIAL; c < GR_T3_TOTAL; c++)
        th(w, C_TH, "col", 1, 1, NULL, gr_t3_cols[c].label);
    puts_(w, "</tr>\n</thead>\n");

    const char *group = ""; /* the level 1 label of the open <tbody>, NULL for plain rows */
    for (int i = 0; i < GR_T3_ROWS; i++) {
        const gr_t3_row *rw = &gr_t3_rows[i];
        const char *key = rw->level2 ? rw->level1 : NULL;
        bool open = i == 0 || (key ? !same_label(group, key) : group != NULL);
        if (open) {
            if (i > 0) puts_(w, "</tbody>\n");
            puts_(w, "<tbody>\n");
            group = key;
        }
        puts_(w, "<tr>");
        if (!rw->level2) {
            th(w, C_RH, "row", 1, 3, NULL, rw->level1);
        } else {
            if (open) {
                int n = 1;
                while (i + n < GR_T3_ROWS && same_label(gr_t3_rows[i + n].level1, rw->level1))
                    n++;
                th(w, C_RH, "rowgroup", n, 1, NULL, rw->level1);
            }
            if (!rw->level3) {
                th(w, C_RH, "row", 1, 2, NULL, rw->level2);
            } else {
                if (!same_label(gr_t3_rows[i - 1].level2, rw->level2)) {
                    int n = 1;
                    while (i + n < GR_T3_ROWS && same_label(gr_t3_rows[i + n].level2, rw->level2))
                        n++;
                    th(w, C_RH, "row", n, 1, NULL, rw->level2);
                }
                th(w, C_RH, "row", 1, 1, NULL, rw->level3);
            }
        }
        for (int c = 0; c < GR_T3_COLS; c++)
            count(w, 3, i, c, 1, NULL, &r->t3[i][c]);
        puts_(w, "</tr>\n");
    }
    puts_(w, "</tbody>\n");
    close_table(w, true);
}

/* Table 四: 行政复议 and 行政诉讼 (its two groups) over their five results, one row of
 * figures and no label column. */
static void put_table4(writer *w, const gr_report *r)
{
    const int n = GR_T4_RESULTS;
    open_table(w, 4, GR_SEC_REVIEWS, C_T4);
    gr_buf_printf(&w->b, "<colgroup span=\"%d\"></colgroup><colgroup span=\"%d\"></colgroup>"
                         "<colgroup span=\"%d\"></colgroup>\n<thead>\n<tr>",
                  n, n, n);
    th(w, C_TH, "colgroup", 1, n, NULL, gr_t4_groups[GR_T4_REVIEW]);
    th(w, C_TH, "col", 1, 2 * n, NULL, gr_t4_litigation);
    puts_(w, "</tr>\n<tr>");
    for (int k = 0; k < n; k++)
        th(w, C_TH, "col", 2, 1, NULL, gr_t4_results[k]);
    for (int g = GR_T4_LIT_DIRECT; g < GR_T4_GROUPS; g++)
        th(w, C_TH, "colgroup", 1, n, NULL, gr_t4_groups[g]);
    puts_(w, "</tr>\n<tr>");
    for (int g = GR_T4_LIT_DIRECT; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < n; k++)
            th(w, C_TH, "col", 1, 1, NULL, gr_t4_results[k]);
    puts_(w, "</tr>\n</thead>\n<tbody>\n<tr>");
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int k = 0; k < n; k++)
            count(w, 4, g, k, 1, NULL, &r->t4[g][k]);
    puts_(w, "</tr>\n</tbody>\n");
    close_table(w, true);
}

/* ---- the page ---- */

static void put_article(writer *w, const gr_report *r, const gr_html_opts *o)
{
    puts_(w, "<article lang=\"zh-CN\" aria-labelledby=\"gr-title\"");
    cls(w, C_REPORT);
    puts_(w, ">\n");
    put_title(w, r);
    put_meta(w, r, o);
    put_prose(w, &r->preamble, 0);
    for (int s = 0; s < GR_SECTIONS; s++) {
        gr_buf_printf(&w->b, "<section id=\"s%d\" aria-labelledby=\"s%d-h\"", s + 1, s + 1);
        cls(w, C_SECTION);
        gr_buf_printf(&w->b, ">\n<h2 id=\"s%d-h\"", s + 1);
        cls(w, C_H2);
        puts_(w, ">");
        put_text(w, gr_sections[s].heading);
        puts_(w, "</h2>\n");
        if (s == GR_SEC_PROACTIVE) put_table2(w, r);
        if (s == GR_SEC_APPLICATIONS) put_table3(w, r);
        if (s == GR_SEC_REVIEWS) put_table4(w, r);
        put_prose(w, &r->prose[s], s + 1);
        puts_(w, "</section>\n");
    }
    puts_(w, "</article>\n");
}

gr_status gr_html_write_mem(const gr_report *r, const gr_html_opts *o, unsigned char **buf,
                            size_t *len, gr_diags *d)
{
    /* nothing can fail but memory, which aborts; d takes warnings (W-HTML-CHAR) */
    static const gr_html_opts none = {0};
    if (!o) o = &none;
    writer w = {{0}, o->fragment, 0, r, d};
    if (!w.fragment) {
        char *title = gr_xstrdup(gr_report_title(r));
        puts_(&w, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>");
        for (char *p = title; *p; p++)
            if (*p == '\n') *p = ' ';
        put_text(&w, title);
        w.replaced = 0; /* named with the <h1> */
        free(title);
        puts_(&w, "</title>\n<meta name=\"generator\" content=\"govreport\">\n<style>\n");
        for (int i = 0; i < C_CLASSES; i++)
            if (*classes[i].css)
                gr_buf_printf(&w.b, ".%s{%s}\n", classes[i].name, classes[i].css);
        puts_(&w, page_css);
        puts_(&w, "\n</style>\n</head>\n<body>\n<main>\n");
    }
    put_article(&w, r, o);
    if (!w.fragment) puts_(&w, "</main>\n</body>\n</html>\n");
    *len = w.b.len;
    *buf = (unsigned char *)(w.b.s ? w.b.s : gr_xstrdup(""));
    return GR_OK;
}
