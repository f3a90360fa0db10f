/* build: blocks → report. Finds the title (issuer, year), the six sections by their
 * headings, tolerating the variants real reports show (docs/national-template.md §4, §7),
 * the prose of each section with its run-in subheadings, and the signature; tables.c places
 * the table rows. It reads only the block document: which reader ran is unknown to it. */
#include "import/import.h"

#include "import/build.h"
#include "import/text.h"

#include <stdlib.h>
#include <string.h>

#define GR_MAX_SITE_LINE_CHARS 60 /* "发布时间：… 来源：… 浏览次数：…" on one line */

static void add_para(build *b, int s, const char *heading, gr_pos hpos, const char *text,
                     int line)
{
    para_list *l = &b->prose[s];
    gr_grow((void **)&l->items, &l->cap, l->n + 1, sizeof(gr_para));
    gr_para *p = &l->items[l->n++];
    memset(p, 0, sizeof *p);
    p->heading = heading ? gr_arena_strdup(b->r->arena, heading) : NULL;
    p->heading_pos = hpos;
    p->text = gr_arena_strdup(b->r->arena, text);
    p->pos.line = line;
}


/* The subheading as the model keeps it: full-width brackets and colon, no spaces, its
 * quotation marks kept. */
static char *subheading_text(const char *t, size_t n)
{
    char *raw = gr_xstrndup(t, n);
    char *norm = gr_import_normalize_heading(raw);
    free(raw);
    return norm;
}

/* A subheading alone on its line that no text followed (another subheading or a section
 * came next): kept as a paragraph of its own, not dropped. */
static void flush_pending(build *b, int s)
{
    if (!b->pending_heading)
        return;
    gr_diag_add(b->d, GR_SEV_WARNING, b->path, b->pending_pos.line, 0, "W-IMPORT-TEXT",
                "小标题“%s”后面没有文字，作为一段正文读入", b->pending_heading);
    add_para(b, s, NULL, b->pending_pos, b->pending_heading, b->pending_pos.line);
    b->pending_heading = NULL;
}

static void add_prose(build *b, int s, const gr_import_block *blk)
{
    size_t hl = gr_import_subheading_len(blk->text);
    gr_pos hpos = {blk->line, 0};
    if (hl)
        flush_pending(b, s);
    if (hl) {
        char *heading = subheading_text(blk->text, hl);
        char *text = gr_import_trim(blk->text + hl, strlen(blk->text + hl));
        if (!*text) {
            /* "（一）主动公开：" alone on its line: it heads the next paragraph. */
            b->pending_heading = gr_arena_strdup(b->r->arena, heading);
            b->pending_pos = hpos;
        } else {
            add_para(b, s, heading, hpos, text, blk->line);
        }
        free(heading);
        free(text);
        return;
    }
    if (b->pending_heading) {
        add_para(b, s, b->pending_heading, b->pending_pos, blk->text, blk->line);
        b->pending_heading = NULL;
        return;
    }
    add_para(b, s, NULL, hpos, blk->text, blk->line);
}


static void walk_blocks(build *b, const gr_import_doc *doc)
{
    int sec = -1;
    for (size_t i = 0; i < doc->n; i++) {
        const gr_import_block *blk = &doc->items[i];
        if (blk->kind == GR_BLOCK_ROW) {
            if (sec >= 0 && gr_sections[sec].has_table) {
                row_list *l = &b->rows[sec];
                gr_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
                l->items[l->n++] = blk;
            } else {
                gr_diag_add(b->d, GR_SEV_WARNING, b->path, blk->line, 0, "W-IMPORT-TABLE",
                            "表格不在二、三、四部分之内，未读入");
            }
            continue;
        }
        bool variant = false, numbered = false;
        int s = gr_import_match_section(blk->text, blk->heading, &variant, &numbered);
        if (s >= 0 && s <= sec && b->found[s] && (numbered || blk->heading)) {
            /* Two headings for one section: which one starts it is not ours to guess. */
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, blk->line, 0, "E-IMPORT-HEADING-TWICE",
                        "“%s”有两个标题：第 %d 行“%s”和第 %d 行“%s”", gr_sections[s].heading,
                        b->heading_line[s], b->heading_text[s], blk->line, blk->text);
            gr_diag_hint(b->d, "删去或改写其中一个，使每一部分只有一个标题");
            continue;
        }
        if (s > sec) {
            if (variant)
                gr_diag_add(b->d, GR_SEV_WARNING, b->path, blk->line, 0, "W-IMPORT-HEADING",
                            "标题“%s”按“%s”读入", blk->text, gr_sections[s].heading);
            flush_pending(b, sec < 0 ? PREAMBLE : sec);
            sec = s;
            b->found[s] = true;
            b->heading_line[s] = blk->line;
            b->heading_text[s] = blk->text;
            continue;
        }
        if (sec < 0) {
            char *issuer = NULL;
            int year = 0;
            if (gr_import_parse_title(blk->text, &issuer, &year)) {
                if (!b->year) {
                    b->year = year;
                    b->title_line = blk->line;
                    /* The issuer on a line of its own above "2025年政府信息公开…". */
                    para_list *pre = &b->prose[PREAMBLE];
                    if (!*issuer && pre->n > 0 && gr_utf8_len(pre->items[pre->n - 1].text) <=
                                                      GR_MAX_HEADING_CHARS) {
                        free(issuer);
                        issuer = gr_import_normalize(pre->items[--pre->n].text);
                    }
                    b->issuer = issuer;
                    /* Above the title stands the site (column names, "发布时间：", "字号：大
                     * 中 小"), not the report. */
                    if (pre->n) {
                        gr_diag_add(b->d, GR_SEV_WARNING, b->path, pre->items[0].pos.line, 0,
                                    "W-IMPORT-TEXT",
                                    "标题之前的 %zu 段文字（网站栏目、发布信息等）未读入",
                                    pre->n);
                        pre->n = 0;
                    }
                    continue;
                }
                /* The same title again (a page repeats it); another one is text. */
                bool same = year == b->year && (!*issuer || (b->issuer && !strcmp(issuer, b->issuer)));
                free(issuer);
                if (same)
                    continue;
            }
            /* A content system's trail of links is no part of the report. */
            char *n = gr_import_normalize(blk->text);
            bool trail = gr_import_starts_with(n, "当前位置") || gr_import_starts_with(n, "您现在的位置") ||
                         gr_import_starts_with(n, "您的位置");
            /* Nor are the page's own lines around the title: "字号：大 中 小", "发布时间：",
             * "【打印】" (a page's text copied by hand keeps them). */
            static const char *const site_lines[] = {
                "字号", "发布时间：", "发布日期：", "来源：", "信息来源：", "浏览次数", "访问量：",
                "点击数：", "阅读次数", "【打印】", "打印", "关闭", "【关闭】", "分享到", "索引号：",
                "发布机构：", "作者：", "【字体"};
            bool site = false;
            for (size_t k = 0; k < sizeof site_lines / sizeof site_lines[0] && !site; k++)
                site = gr_import_starts_with(n, site_lines[k]) && gr_utf8_len(n) <= GR_MAX_SITE_LINE_CHARS;
            free(n);
            if (trail)
                continue;
            if (site) {
                gr_diag_add(b->d, GR_SEV_WARNING, b->path, blk->line, 0, "W-IMPORT-TEXT",
                            "网页的“%s”不是报告的文字，未读入", blk->text);
                continue;
            }
            add_prose(b, PREAMBLE, blk);
            continue;
        }
        if (gr_sections[sec].has_table && b->rows[sec].n == 0)
            gr_diag_add(b->d, GR_SEV_WARNING, b->path, blk->line, 0, "W-IMPORT-TEXT",
                        "“%s”部分表格之前的文字放在表格之后", gr_sections[sec].heading);
        add_prose(b, sec, blk);
    }
    flush_pending(b, sec < 0 ? PREAMBLE : sec);
}

/* The signature at the end of 六: the issuer's name and the date, not paragraphs. */
static void take_signature(build *b)
{
    para_list *l = &b->prose[GR_SEC_OTHER];
    while (l->n > 1) {
        const gr_para *p = &l->items[l->n - 1];
        char date[11];
        if (!p->heading && gr_import_parse_date(p->text, date)) {
            if (!b->r->published)
                b->r->published = gr_arena_strdup(b->r->arena, date);
            l->n--;
            continue;
        }
        char *n = gr_import_normalize(p->text);
        bool is_issuer = !p->heading && b->r->issuer && !strcmp(n, b->r->issuer);
        free(n);
        if (!is_issuer)
            break;
        l->n--;
    }
}

static void store_prose(build *b, int s, gr_prose *out)
{
    para_list *l = &b->prose[s];
    out->n = l->n;
    out->items = l->n ? gr_arena_alloc(b->r->arena, l->n * sizeof(gr_para)) : NULL;
    if (l->n)
        memcpy(out->items, l->items, l->n * sizeof(gr_para));
    if (s < GR_SECTIONS)
        out->pos.line = b->heading_line[s];
}

gr_report *gr_import_build(const gr_import_doc *doc, const char *path, const gr_import_opts *o,
                           gr_diags *d)
{
    build b;
    memset(&b, 0, sizeof b);
    b.path = path;
    b.d = d;
    b.r = gr_report_new(path);
    size_t errors = gr_diags_errors(d);

    walk_blocks(&b, doc);

    /* Metadata: the command line wins over the title. */
    const char *issuer = o && o->issuer ? o->issuer : b.issuer;
    int year = o && o->year ? o->year : b.year;
    if (!year && doc->doc_title) {
        char *i2 = NULL;
        int y2 = 0;
        if (gr_import_parse_title(doc->doc_title, &i2, &y2)) {
            year = o && o->year ? o->year : y2;
            if (!issuer || !*issuer) {
                free(b.issuer);
                b.issuer = i2;
                issuer = o && o->issuer ? o->issuer : i2;
                i2 = NULL;
            }
        }
        free(i2);
    }
    if (!issuer || !*issuer || !year) {
        gr_diag_add(d, GR_SEV_ERROR, path, b.title_line, 0, "E-IMPORT-TITLE",
                    "找不到报告标题中的%s（应如“山阳区人民政府2025年政府信息公开工作年度报告”）",
                    !year ? "年度" : "机关名称");
        gr_diag_hint(d, "用 --issuer 和 --year 给出");
    } else if (year < GR_MIN_YEAR || year > GR_MAX_YEAR) {
        gr_diag_add(d, GR_SEV_ERROR, path, b.title_line, 0, "E-IMPORT-TITLE",
                    "年度 %d 不在 %d–%d 之内", year, GR_MIN_YEAR, GR_MAX_YEAR);
    } else {
        b.r->issuer = gr_arena_strdup(b.r->arena, issuer);
        b.r->year = year;
        b.r->issuer_pos.line = b.r->year_pos.line = b.title_line;
    }

    for (int s = 0; s < GR_SECTIONS; s++)
        if (!b.found[s]) {
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-SECTION",
                        "找不到“%s”部分的标题", gr_sections[s].heading);
        } else if (gr_sections[s].has_table && b.rows[s].n == 0) {
            static const char *const table_names[GR_SECTIONS] = {"", "表二", "表三", "表四",
                                                                   "", ""};
            gr_diag_add(d, GR_SEV_ERROR, path, b.heading_line[s], 0, "E-IMPORT-TABLE",
                        "“%s”部分没有表格：找不到%s", gr_sections[s].heading, table_names[s]);
            gr_diag_hint(d, "网页上的表格若是图片，无法读出数字；请用报告的 Word 或 PDF 原件导入");
        }
    gr_import_tables(&b);

    take_signature(&b);
    if (!b.r->published && doc->published) /* a page govreport wrote */
        b.r->published = gr_arena_strdup(b.r->arena, doc->published);
    for (int s = 0; s < GR_SECTIONS; s++)
        if (b.found[s] && !gr_sections[s].has_table && b.prose[s].n == 0)
            gr_diag_add(d, GR_SEV_ERROR, path, b.heading_line[s], 0, "E-IMPORT-EMPTY",
                        "“%s”部分没有文字", gr_sections[s].heading);

    store_prose(&b, PREAMBLE, &b.r->preamble);
    for (int s = 0; s < GR_SECTIONS; s++)
        store_prose(&b, s, &b.r->prose[s]);

    for (int s = 0; s <= GR_SECTIONS; s++)
        free(b.prose[s].items);
    for (int s = 0; s < GR_SECTIONS; s++)
        free(b.rows[s].items);
    free(b.issuer);
    if (gr_diags_errors(d) > errors) {
        gr_report_free(b.r);
        return NULL;
    }
    gr_report_finish(b.r);
    return b.r;
}
