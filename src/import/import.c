/* import: published report → model. The plain-text reader (the seed's tab-separated form, a
 * page's text copied by hand, pdftotext output of a PDF with or without -layout: hard-wrapped
 * paragraphs, page numbers, columns lined up with spaces, labels wrapped around their figures)
 * and the builder shared with the HTML reader (import_html.c). The builder finds sections by
 * their headings, tolerating the variants real reports show (national-template.md §4, §7), and
 * table rows by their labels matched against template.h after normalisation; figures are the
 * last cells of a row. */
#include "import/import.h"
#include "import/headings.h"

#include "report/report.h"
#include "base/base.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GR_MAX_IMPORT_BYTES (16u * 1024u * 1024u) /* a published report is ~100 KB */
#define GR_MAX_HEADING_CHARS 48  /* a section heading; longer lines are paragraphs */
#define GR_MAX_HEADING_BYTES (GR_MAX_HEADING_CHARS * 3 * 4) /* with a space after each char */
#define GR_MAX_SUBHEAD_CHARS 30  /* a run-in subheading "（四）政府信息公开平台建设：" */
#define GR_MAX_HEADING_PREFIX 10 /* "政府信息公开工作" before a title, in the notice's wording */
#define GR_MAX_FEE_DECIMALS 6    /* the schema's Amount */
#define GR_MAX_SITE_LINE_CHARS 60 /* "发布时间：… 来源：… 浏览次数：…" on one line */
#define GR_MAX_T3_TEXT_BYTES 65536 /* the words of table 三 as PDF text: ~4 KB */
#define GR_MIN_CUT_CHARS 6       /* "2.其他法律": a cut label's beginning that names one row */

/* ---- document ---- */

gr_import_doc *gr_import_doc_new(void)
{
    return gr_xcalloc(1, sizeof(gr_import_doc));
}

void gr_import_doc_free(gr_import_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++) {
        gr_import_block *b = &doc->items[i];
        free(b->text);
        for (size_t c = 0; c < b->ncells; c++)
            free(b->cells[c].text);
        free(b->cells);
    }
    free(doc->items);
    free(doc->doc_title);
    free(doc);
}

static gr_import_block *add_block(gr_import_doc *doc, gr_block_kind kind, int line)
{
    gr_grow((void **)&doc->items, &doc->cap, doc->n + 1, sizeof(gr_import_block));
    gr_import_block *b = &doc->items[doc->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = line;
    return b;
}

static char *trim_dup(const char *s, size_t n);

/* A copy holding only characters XML 1.0 allows: a published page may carry control
 * characters or broken bytes, and the report written from it must stay well-formed. */
static char *xml_clean(const char *s)
{
    gr_buf b = {0};
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (c < 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE ||
            c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
            continue;
        gr_buf_add(&b, q, (size_t)(p - q));
    }
    gr_buf_add(&b, "", 0);
    return b.s;
}

void gr_import_doc_para(gr_import_doc *doc, const char *text, int line, bool heading)
{
    char *clean = xml_clean(text);
    char *kept = trim_dup(clean, strlen(clean));
    free(clean);
    if (!*kept) {
        free(kept); /* nothing left: no paragraph (the schema wants text in each) */
        return;
    }
    gr_import_block *b = add_block(doc, GR_BLOCK_PARA, line);
    b->text = kept;
    b->heading = heading;
}

gr_import_block *gr_import_doc_row(gr_import_doc *doc, int line)
{
    return add_block(doc, GR_BLOCK_ROW, line);
}

void gr_import_row_cell(gr_import_block *row, const char *text, int line)
{
    size_t cap = row->ncells; /* exact growth: rows are short */
    gr_grow((void **)&row->cells, &cap, row->ncells + 1, sizeof(gr_import_cell));
    row->cells[row->ncells].text = xml_clean(text);
    row->cells[row->ncells].line = line;
    row->ncells++;
}

/* ---- normalisation ---- */

static bool is_space_cp(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

static bool is_quote_cp(int32_t c)
{
    return c == '"' || c == '\'' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
           c == 0x300C || c == 0x300D;
}

static void put_cp(gr_buf *b, int32_t c)
{
    char u[4];
    gr_buf_add(b, u, gr_utf8_put(u, (uint32_t)c));
}

char *gr_import_normalize(const char *s)
{
    gr_buf b = {0};
    const char *p = s;
    size_t left = strlen(s);
    int32_t prev = 0;
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (c < 0 || is_space_cp(c) || is_quote_cp(c))
            continue;
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0; /* full-width ASCII forms */
        if (c == '(')
            c = 0xFF08;
        else if (c == ')')
            c = 0xFF09;
        else if (c == ',')
            c = 0xFF0C;
        else if (c == ':')
            c = 0xFF1A;
        else if (c == ';')
            c = 0xFF1B;
        else if (c == 0x3001 && prev >= '0' && prev <= '9')
            c = '.'; /* "1、属于国家秘密" */
        put_cp(&b, c);
        prev = c;
    }
    gr_buf_add(&b, "", 0);
    /* "（1）属于国家秘密" → "1.属于国家秘密": the bracket forms are 3 bytes each. */
    char *out = b.s;
    char *w = out;
    for (char *r = out; *r;) {
        if (!strncmp(r, "（", 3) && r[3] >= '0' && r[3] <= '9') {
            char *e = r + 3;
            while (*e >= '0' && *e <= '9')
                e++;
            if (!strncmp(e, "）", 3)) {
                size_t n = (size_t)(e - (r + 3));
                memmove(w, r + 3, n);
                w += n;
                *w++ = '.';
                r = e + 3;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
    return out;
}

/* Normalised and with "和" read as "及" (national-template.md §4: "存在的主要问题和改进情况"). */
static char *heading_key(const char *s)
{
    char *n = gr_import_normalize(s);
    for (char *p = strstr(n, "和"); p; p = strstr(p + 3, "和"))
        memcpy(p, "及", 3);
    /* "主动公开政府信息的情况": the particle 的 comes and goes in the wordings reports use. */
    char *w = n;
    for (const char *r = n; *r;) {
        if (!strncmp(r, "的", 3)) {
            r += 3;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return n;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !memcmp(s + a - b, suffix, b);
}

static bool starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Chinese numerals as written in headings: 一 … 十. */
static const char *const cn_digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

static size_t cn_numeral_len(const char *s)
{
    size_t n = 0;
    for (;;) {
        size_t k = 0;
        for (size_t i = 0; i < sizeof cn_digits / sizeof cn_digits[0]; i++)
            if (starts_with(s + n, cn_digits[i]))
                k = strlen(cn_digits[i]);
        if (!k)
            return n;
        n += k;
    }
}

/* Length of a heading number at the start of normalised s: "一、", "一.", "（一）", "1.", "第一部分";
 * 0 if none. The number itself is not trusted: reports misnumber (national-template.md §4). */
static size_t heading_number(const char *s)
{
    size_t n = 0, start = 0, len = 0;
    if (starts_with(s, "（")) {
        start = 3;
        len = cn_numeral_len(s + start);
        if (!len || !starts_with(s + start + len, "）"))
            return 0;
        n = start + len + 3;
    } else if (starts_with(s, "第")) {
        start = 3;
        len = cn_numeral_len(s + start);
        if (!len || !starts_with(s + start + len, "部分"))
            return 0;
        n = start + len + strlen("部分");
        if (starts_with(s + n, "、") || starts_with(s + n, "，") || starts_with(s + n, "："))
            n += 3;
    } else {
        len = cn_numeral_len(s);
        if (!len) {
            while (s[len] >= '0' && s[len] <= '9')
                len++;
            if (!len || s[len] != '.')
                return 0;
            n = len + 1;
        } else if (starts_with(s + len, "、") || starts_with(s + len, "，") ||
                   starts_with(s + len, "．")) {
            n = len + 3;
        } else if (s[len] == '.') {
            n = len + 1;
        } else {
            return 0;
        }
    }
    return n;
}

/* Longer wordings a report may use for a section title: the notice's body text (S1 §1.1). */
static const char *const section_aliases[GR_SECTIONS][2] = {
    {NULL, NULL},
    {NULL, NULL},
    {NULL, NULL},
    {"因政府信息公开工作被申请行政复议、提起行政诉讼情况", "行政复议、行政诉讼情况"},
    {NULL, NULL},
    {NULL, NULL},
};

/* The value of a heading number ("三、" "（三）" "3." "第三部分"): 1–99, 0 if none. */
static int heading_value(const char *key, size_t skip)
{
    static const char *const tens = "十";
    int v = 0;
    for (size_t i = 0; i < skip;) {
        if (key[i] >= '0' && key[i] <= '9') {
            v = v * 10 + (key[i] - '0');
            i++;
            continue;
        }
        size_t k = 0;
        for (int d = 0; d < 9 && !k; d++)
            if (starts_with(key + i, cn_digits[d])) {
                v = v % 10 == 0 && v >= 10 ? v + d + 1 : v * 10 + d + 1;
                k = strlen(cn_digits[d]);
            }
        if (!k && starts_with(key + i, tens)) {
            v = v ? v * 10 : 10; /* 十 = 10, 二十 = 20 */
            k = strlen(tens);
        }
        i += k ? k : 1;
        if (v > 99)
            return 0;
    }
    return v;
}

/* Which section a paragraph heads, or -1. *variant is set when the wording or the number
 * differs from the template; *numbered when the line has a heading number. A numbered line
 * (or one the source marks as a heading) whose words are within GR_MAX_HEADING_EDITS
 * characters of a title is that title's section when its number is the section's. */
static int match_section(const char *text, bool marked, bool *variant, bool *numbered)
{
    *numbered = false;
    /* A paragraph is no heading: spare it the normalisation (spaces may stand between the
     * characters of a heading, so the bound is generous). */
    if (strlen(text) > GR_MAX_HEADING_BYTES)
        return -1;
    char *key = heading_key(text);
    int found = -1;
    if (gr_utf8_len(key) > GR_MAX_HEADING_CHARS)
        goto fail;
    size_t skip = heading_number(key);
    char *rest = key + skip;
    size_t rl = strlen(rest);
    /* A trailing colon or full stop is punctuation, not part of the title. */
    while (rl >= 3 && (ends_with(rest, "：") || ends_with(rest, "。"))) {
        rl -= 3;
        rest[rl] = '\0';
    }
    if (!rl)
        goto fail;
    *numbered = skip > 0;
    for (int s = 0; s < GR_SECTIONS && found < 0; s++) {
        const char *cands[3] = {gr_sections[s].title, section_aliases[s][0],
                                section_aliases[s][1]};
        for (int k = 0; k < 3 && found < 0; k++) {
            if (!cands[k])
                continue;
            char *t = heading_key(cands[k]);
            bool exact = !strcmp(rest, t);
            /* "行政机关主动公开政府信息情况": a short qualifier before the title, only when
             * the line is numbered or marked as a heading. */
            bool qualified = (skip || marked) && ends_with(rest, t) &&
                             gr_utf8_len(rest) - gr_utf8_len(t) <= GR_MAX_HEADING_PREFIX;
            if (exact || qualified) {
                found = s;
                char *as_written = gr_import_normalize(text);
                char *official = gr_import_normalize(gr_sections[s].heading);
                *variant = strcmp(as_written, official) != 0;
                free(as_written);
                free(official);
            }
            free(t);
        }
    }
    /* "三、收到和处理政府信息公开申请的情况": a character or two off the wording, and the
     * section's own number. */
    int value = skip ? heading_value(key, skip) : 0;
    if (found < 0 && value >= 1 && value <= GR_SECTIONS) {
        int sec = value - 1;
        const char *cands[3] = {gr_sections[sec].title, section_aliases[sec][0],
                                section_aliases[sec][1]};
        for (int k = 0; k < 3 && found < 0; k++) {
            if (!cands[k])
                continue;
            char *t = heading_key(cands[k]);
            if (gr_heading_distance(rest, t, GR_MAX_HEADING_EDITS) <= GR_MAX_HEADING_EDITS) {
                found = sec;
                *variant = true;
            }
            free(t);
        }
    }
fail:
    free(key);
    return found;
}

/* ---- cells and figures ---- */

typedef enum { CELL_EMPTY, CELL_DASH, CELL_INT, CELL_DEC, CELL_TEXT } cell_kind;

/* What a cell holds. For numbers, *num (caller frees) receives the plain digits ("11850",
 * "0.33"): full-width digits and thousands separators removed. */
static cell_kind classify(const char *text, char **num)
{
    char *n = gr_import_normalize(text);
    cell_kind k = CELL_TEXT;
    if (!*n) {
        k = CELL_EMPTY;
        goto done;
    }
    /* Published "no figure" marks (national-template.md §3 R8): never read as 0. */
    static const char *const dashes[] = {"/", "-", "—", "——", "–", "\\", "、", "无", "空", "不适用"};
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
        if (!strcmp(n, dashes[i])) {
            k = CELL_DASH;
            goto done;
        }
    /* A unit written into the cell ("29件", "0.33万元"): the column already says it. */
    static const char *const units[] = {"万元", "件", "个", "次"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (ends_with(n, units[i]) && strlen(n) > strlen(units[i]) &&
            n[strlen(n) - strlen(units[i]) - 1] >= '0' && n[strlen(n) - strlen(units[i]) - 1] <= '9')
            n[strlen(n) - strlen(units[i])] = '\0';
    /* "11，850" (a comma normalised): groups of three after the first. */
    char *w = n;
    size_t digits = 0, group = 0, dots = 0;
    bool grouped = false, ok = true;
    for (char *r = n; *r && ok;) {
        if (*r >= '0' && *r <= '9') {
            *w++ = *r++;
            digits++;
            group++;
        } else if (!strncmp(r, "，", 3) && !dots && digits && (grouped ? group == 3 : group <= 3)) {
            grouped = true;
            group = 0;
            r += 3;
        } else if (*r == '.' && digits && !dots && (!grouped || group == 3)) {
            *w++ = *r++;
            dots++;
            group = 0;
            grouped = false;
            digits = 0;
        } else {
            ok = false;
        }
    }
    *w = '\0';
    if (ok && digits && (!grouped || group == 3)) {
        k = dots ? CELL_DEC : CELL_INT;
        *num = n;
        return k;
    }
    k = CELL_TEXT;
done:
    free(n);
    *num = NULL;
    return k;
}

static bool figure_like(cell_kind k)
{
    return k != CELL_TEXT;
}

/* The last `want` figure-like cells of a row: *first is the index of the first of them.
 * Returns how many there are (fewer than want when a label cell comes first). */
static size_t trailing_figures(const gr_import_block *row, size_t want, size_t *first)
{
    size_t k = 0, i = row->ncells;
    while (i > 0 && k < want) {
        char *num;
        cell_kind c = classify(row->cells[i - 1].text, &num);
        free(num);
        if (!figure_like(c))
            break;
        i--;
        k++;
    }
    *first = i;
    return k;
}

/* The label part of a row (cells before first), normalised and as written for messages. */
static void row_label(const gr_import_block *row, size_t first, char **norm, char **shown)
{
    gr_buf a = {0}, b = {0};
    for (size_t i = 0; i < first; i++) {
        const char *t = row->cells[i].text;
        if (!*t)
            continue;
        char *n = gr_import_normalize(t);
        gr_buf_puts(&a, n);
        free(n);
        if (b.len)
            gr_buf_puts(&b, " ");
        gr_buf_puts(&b, t);
    }
    gr_buf_add(&a, "", 0);
    gr_buf_add(&b, "", 0);
    *norm = a.s;
    *shown = b.s;
}

static bool any_number(const gr_import_block *row, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char *num;
        cell_kind c = classify(row->cells[i].text, &num);
        free(num);
        if (c == CELL_INT || c == CELL_DEC)
            return true;
    }
    return false;
}

/* ---- the builder ---- */

typedef struct {
    gr_para *items;
    size_t n, cap;
} para_list;

typedef struct {
    const gr_import_block **items;
    size_t n, cap;
} row_list;

enum { PREAMBLE = GR_SECTIONS }; /* index of the preamble in build.prose */

typedef struct {
    const char *path;
    gr_diags *d;
    gr_report *r;
    para_list prose[GR_SECTIONS + 1];
    row_list rows[GR_SECTIONS];
    bool found[GR_SECTIONS];
    int heading_line[GR_SECTIONS];
    const char *heading_text[GR_SECTIONS]; /* as written; borrowed from the blocks */
    char *issuer; /* from the title */
    int year;
    int title_line;
    const char *pending_heading; /* a run-in subheading standing alone, for the next paragraph */
    gr_pos pending_pos;
} build;

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

/* Trim whitespace (including U+3000 indentation and no-break spaces) at both ends. */
static char *trim_dup(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&q, (size_t)(end - p));
        if (!is_space_cp(c))
            break;
        p = q;
    }
    const char *e = end;
    while (e > p) {
        const char *k = e - 1;
        while (k > p && ((unsigned char)*k & 0xC0) == 0x80)
            k--;
        const char *q = k;
        int32_t c = gr_utf8_next(&q, (size_t)(e - k));
        if (!is_space_cp(c))
            break;
        e = k;
    }
    return gr_xstrndup(p, (size_t)(e - p));
}

/* A run-in subheading "（一）主动公开：", "（一）主动公开情况。", "（二）依申请公开方面，" at the
 * start of a paragraph, or the whole line: its length in bytes, or 0 (headings.c). */
static size_t subheading_len(const char *t)
{
    return gr_subheading_len(t);
}

/* The subheading as the model keeps it: full-width brackets and colon, no spaces. */
static char *subheading_text(const char *t, size_t n)
{
    char *raw = gr_xstrndup(t, n);
    char *norm = gr_import_normalize(raw);
    free(raw);
    return norm;
}

static void add_prose(build *b, int s, const gr_import_block *blk)
{
    size_t hl = subheading_len(blk->text);
    gr_pos hpos = {blk->line, 0};
    if (hl) {
        char *heading = subheading_text(blk->text, hl);
        char *text = trim_dup(blk->text + hl, strlen(blk->text + hl));
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

/* "山阳区人民政府 2025 年政府信息公开工作年度报告": issuer and year. Returns false when the
 * text is no title. The issuer may be empty (then it stood on the line before). */
static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool parse_title(const char *text, char **issuer, int *year)
{
    /* The template's wording first, then shorter ones reports print. */
    static const char *const suffixes[] = {"政府信息公开工作年度报告", "政府信息公开年度报告",
                                           "政府信息公开工作报告"};
    char *n = gr_import_normalize(text);
    bool ok = false;
    const char *suffix = NULL;
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0] && !suffix; k++) {
        /* The page title of a site adds its own name: "…年度报告_青山县人民政府". */
        static const char *const site_separators[] = {"_", "|", "--", "——"};
        for (size_t i = 0; i < sizeof site_separators / sizeof site_separators[0]; i++) {
            char *sep = strstr(n, site_separators[i]);
            char *at = strstr(n, suffixes[k]);
            if (sep && at && sep > at)
                *sep = '\0';
        }
        if (ends_with(n, suffixes[k]))
            suffix = suffixes[k];
    }
    if (!suffix || gr_utf8_len(n) > GR_MAX_HEADING_CHARS)
        goto fail;
    n[strlen(n) - strlen(suffix)] = '\0';
    /* A sentence that names the report is no title. */
    if (strstr(n, "，") || strstr(n, "。") || strstr(n, "《"))
        goto fail;
    if (ends_with(n, "年度"))
        n[strlen(n) - strlen("度")] = '\0';
    size_t l = strlen(n);
    if (l >= 4 + 3 && ends_with(n, "年") && is_digits(n + l - 3 - 4, 4) &&
        !(l > 7 && is_digits(n + l - 8, 1))) {
        /* "山阳区人民政府2025年…" */
        *year = (int)strtol(n + l - 7, NULL, 10);
        *issuer = gr_xstrndup(n, l - 7);
        if (ends_with(*issuer, "关于")) /* "山阳区人民政府关于2025年…" */
            (*issuer)[strlen(*issuer) - strlen("关于")] = '\0';
        ok = true;
    } else if (l > 7 && is_digits(n, 4) && !is_digits(n + 4, 1) && starts_with(n + 4, "年")) {
        /* "2025年度山阳区人民政府…" */
        size_t skip = 4 + strlen("年");
        if (starts_with(n + skip, "度"))
            skip += strlen("度");
        *year = (int)strtol(n, NULL, 10);
        *issuer = gr_xstrdup(n + skip);
        ok = true;
    }
fail:
    free(n);
    return ok;
}

/* "2026年1月20日" standing alone (the signature's date) → "2026-01-20". */
static bool parse_date(const char *text, char out[11])
{
    char *n = gr_import_normalize(text);
    int y, m, dd, used = 0;
    bool ok = sscanf(n, "%4d年%2d月%2d日%n", &y, &m, &dd, &used) == 3 && !n[used] &&
              y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
    if (ok)
        snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
    free(n);
    return ok;
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
        int s = match_section(blk->text, blk->heading, &variant, &numbered);
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
            b->pending_heading = NULL;
            sec = s;
            b->found[s] = true;
            b->heading_line[s] = blk->line;
            b->heading_text[s] = blk->text;
            continue;
        }
        if (sec < 0) {
            char *issuer = NULL;
            int year = 0;
            if (parse_title(blk->text, &issuer, &year)) {
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
            bool trail = starts_with(n, "当前位置") || starts_with(n, "您现在的位置") ||
                         starts_with(n, "您的位置");
            /* Nor are the page's own lines around the title: "字号：大 中 小", "发布时间：",
             * "【打印】" (a page's text copied by hand keeps them). */
            static const char *const site_lines[] = {
                "字号", "发布时间：", "发布日期：", "来源：", "信息来源：", "浏览次数", "访问量：",
                "点击数：", "阅读次数", "【打印】", "打印", "关闭", "【关闭】", "分享到", "索引号：",
                "发布机构：", "作者：", "【字体"};
            bool site = false;
            for (size_t k = 0; k < sizeof site_lines / sizeof site_lines[0] && !site; k++)
                site = starts_with(n, site_lines[k]) && gr_utf8_len(n) <= GR_MAX_SITE_LINE_CHARS;
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
}

/* The signature at the end of 六: the issuer's name and the date, not paragraphs. */
static void take_signature(build *b)
{
    para_list *l = &b->prose[GR_SEC_OTHER];
    while (l->n > 1) {
        const gr_para *p = &l->items[l->n - 1];
        char date[11];
        if (!p->heading && parse_date(p->text, date)) {
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

/* ---- tables ---- */

typedef struct {
    char *key; /* normalised */
    int row;
} label_key;

typedef struct {
    label_key *items;
    size_t n, cap;
} key_list;

static void add_key(key_list *k, const char *label, int row)
{
    gr_grow((void **)&k->items, &k->cap, k->n + 1, sizeof(label_key));
    k->items[k->n].key = gr_import_normalize(label);
    k->items[k->n].row = row;
    k->n++;
}

static void free_keys(key_list *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->items[i].key);
    free(k->items);
}

/* Length in bytes of the longest beginning of key, in whole characters, that label contains. */
static size_t prefix_in(const char *key, const char *label)
{
    size_t best = 0;
    if (!*key)
        return 0;
    /* key[0] is ASCII or a lead byte: a match starts on a character of label. */
    for (const char *p = strchr(label, key[0]); p; p = strchr(p + 1, key[0])) {
        size_t k = 0;
        while (key[k] && p[k] == key[k])
            k++;
        while (k > 0 && key[k] && ((unsigned char)key[k] & 0xC0) == 0x80)
            k--; /* back to the end of a whole character */
        if (k > best)
            best = k;
    }
    return best;
}

/* The row whose longest key the label contains, or -1. A cut label (pdftotext wraps a label
 * around its figures: "2.其他法律行政法规禁止" above, "公开" below) matches the key it holds
 * the longest beginning of, when that beginning is GR_MIN_CUT_CHARS long; two rows matching
 * as well are ambiguous (-1: the figures are reported, not guessed). */
static int match_row(const key_list *k, const char *label, bool cut)
{
    int best = -1;
    size_t best_len = 0;
    bool tie = false;
    for (size_t i = 0; i < k->n; i++) {
        size_t l = strlen(k->items[i].key);
        size_t got = strstr(label, k->items[i].key) ? l : 0;
        if (!got && cut) {
            size_t pre = prefix_in(k->items[i].key, label);
            char *part = gr_xstrndup(k->items[i].key, pre);
            if (gr_utf8_len(part) >= GR_MIN_CUT_CHARS)
                got = pre;
            free(part);
        }
        if (got > best_len) {
            best = k->items[i].row;
            best_len = got;
            tie = false;
        } else if (got && got == best_len && k->items[i].row != best) {
            tie = true;
        }
    }
    return tie && cut ? -1 : best;
}

typedef struct {
    const char *table;               /* "表二" for messages */
    int nrows;
    const char *(*row_name)(int row); /* official name for messages */
    size_t (*row_width)(int row);     /* figures the row carries */
    const char *(*col_name)(int row, size_t col);
} table_shape;

/* Read one figure into *out (counts) or *fee (the amount). */
static bool read_figure(build *b, const gr_import_cell *cell, const char *rowname,
                        const char *colname, gr_count *out, const char **fee, gr_pos *fee_pos)
{
    char *num;
    cell_kind k = classify(cell->text, &num);
    bool ok = false;
    if (k == CELL_EMPTY || k == CELL_DASH) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-BLANK",
                    "%s —— %s：单元格为%s%s%s，不能读作 0", rowname, colname,
                    k == CELL_EMPTY ? "空" : "“", k == CELL_EMPTY ? "" : cell->text,
                    k == CELL_EMPTY ? "" : "”");
        gr_diag_hint(b->d, "在原报告中查明这一数字后补上；没有发生的情形填 0");
        goto fail;
    }
    if (fee) {
        const char *dot = strchr(num, '.');
        if (dot && strlen(dot + 1) > GR_MAX_FEE_DECIMALS) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                        "%s —— %s：“%s”的小数超过 %d 位", rowname, colname, cell->text,
                        GR_MAX_FEE_DECIMALS);
            goto fail;
        }
        *fee = gr_arena_strdup(b->r->arena, num);
        fee_pos->line = cell->line;
        ok = true;
        goto fail;
    }
    if (k == CELL_DEC) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                    "%s —— %s：“%s”不是整数", rowname, colname, cell->text);
        goto fail;
    }
    if (strlen(num) > 9 || strtoll(num, NULL, 10) > GR_MAX_COUNT) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, cell->line, 0, "E-IMPORT-NUMBER",
                    "%s —— %s：“%s”超过上限 %lld", rowname, colname, cell->text, GR_MAX_COUNT);
        goto fail;
    }
    out->value = strtoll(num, NULL, 10);
    out->given = true;
    out->pos.line = cell->line;
    ok = true;
fail:
    free(num);
    return ok;
}

static bool numbered(const char *text);

/* A PDF row whose label (from its last numbered piece) names no row: a merged group cell
 * ("（三）不予" beside "公开") may have been that piece. The label is tried from each earlier
 * numbered piece of row->text in turn, the latest that names a row wins; -1 if none does. */
static int match_cut_row(const key_list *k, const gr_import_block *row)
{
    if (!row->text)
        return -1;
    const char *starts[64];
    size_t n = 0;
    for (const char *p = row->text; p && n < sizeof starts / sizeof starts[0];) {
        starts[n++] = p;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    for (size_t i = n; i-- > 0;) {
        const char *e = strchr(starts[i], '\n');
        char *piece = e ? gr_xstrndup(starts[i], (size_t)(e - starts[i])) : gr_xstrdup(starts[i]);
        bool start = numbered(piece);
        free(piece);
        if (!start)
            continue;
        char *norm = gr_import_normalize(starts[i]);
        int t = match_row(k, norm, true);
        free(norm);
        if (t >= 0)
            return t;
    }
    return -1;
}

/* Place every row of a table section by its label. hit[row] receives the block. Returns
 * false on any error (each named). */
/* After an error on a row read from PDF text: what may have gone wrong, and the remedy. */
static void pdf_hint(build *b)
{
    gr_diag_hint(b->d, "这是从 PDF 转出的文字：表格的行名或数字可能被排到了别处；请用 "
                       "pdftotext -layout 转出后再导入，或与原报告核对");
}

static bool place_rows(build *b, int sec, const key_list *keys, const table_shape *shape,
                       const gr_import_block **hit, size_t *first_fig)
{
    bool ok = true;
    size_t errors_before = gr_diags_errors(b->d);
    const row_list *l = &b->rows[sec];
    for (size_t i = 0; i < l->n; i++) {
        const gr_import_block *row = l->items[i];
        size_t first;
        if (row->cut && row->ncells <= 1)
            continue; /* label pieces after the last figures of a PDF's table */
        /* Ask for the widest row first: the label decides the real width below. */
        size_t k = trailing_figures(row, 7, &first);
        char *norm, *shown;
        row_label(row, first, &norm, &shown);
        int t = *norm ? match_row(keys, norm, row->cut) : -1;
        if (t < 0 && row->cut)
            t = match_cut_row(keys, row);
        if (t >= 0) {
            size_t want = shape->row_width(t);
            k = trailing_figures(row, want, &first);
            free(norm);
            free(shown);
            row_label(row, first, &norm, &shown);
        }
        if (t < 0) {
            if (any_number(row, 0, row->ncells)) {
                gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-UNPLACED",
                            "%s中“%s”一行的数字对应不到模板的任何一行", shape->table,
                            *shown ? shown : "（无标签）");
                gr_diag_hint(b->d, "行名应为模板中的名称，如“%s”", shape->row_name(0));
                ok = false;
            }
        } else if (hit[t]) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-DUPLICATE",
                        "%s出现两次（另一次在第 %d 行）", shape->row_name(t), hit[t]->line);
            ok = false;
        } else if (k < shape->row_width(t)) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "%s：应有 %zu 个数字，只找到 %zu 个", shape->row_name(t),
                        shape->row_width(t), k);
            ok = false;
            hit[t] = row;
        } else if (any_number(row, 0, first)) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "%s：数字多于 %zu 个，不知道哪些是这一行的", shape->row_name(t),
                        shape->row_width(t));
            ok = false;
            hit[t] = row;
        } else {
            hit[t] = row;
            first_fig[t] = first;
        }
        if (row->cut && gr_diags_errors(b->d) > errors_before)
            pdf_hint(b);
        errors_before = gr_diags_errors(b->d);
        free(norm);
        free(shown);
    }
    for (int t = 0; t < shape->nrows; t++)
        if (!hit[t]) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[sec], 0,
                        "E-IMPORT-ROW-MISSING", "%s中找不到“%s”一行", shape->table,
                        shape->row_name(t));
            ok = false;
        }
    return ok;
}

static const char *t2_row_name(int row)
{
    return gr_t2_rows[row].label;
}

static size_t t2_row_width(int row)
{
    return (size_t)gr_t2_blocks[gr_t2_rows[row].block].ncols;
}

static const char *t2_col_name(int row, size_t col)
{
    return gr_t2_blocks[gr_t2_rows[row].block].columns[col];
}

static bool import_t2(build *b)
{
    key_list keys = {0};
    for (int i = 0; i < GR_T2_ROWS; i++)
        add_key(&keys, gr_t2_rows[i].label, i);
    /* The 2019 trial format's "规范性文件" (national-template.md §5). */
    add_key(&keys, "规范性文件", GR_T2_NORMATIVE);
    table_shape shape = {"表二", GR_T2_ROWS, t2_row_name, t2_row_width, t2_col_name};
    const gr_import_block *hit[GR_T2_ROWS] = {0};
    size_t first[GR_T2_ROWS] = {0};
    bool ok = place_rows(b, GR_SEC_PROACTIVE, &keys, &shape, hit, first);
    free_keys(&keys);
    for (int t = 0; t < GR_T2_ROWS; t++) {
        const gr_import_block *row = hit[t];
        if (!row || !first[t])
            continue; /* missing or reported (a placed row has its label before first) */
        for (size_t c = 0; c < t2_row_width(t); c++) {
            const gr_import_cell *cell = &row->cells[first[t] + c];
            gr_count *out = NULL;
            if (t == GR_T2_RULES || t == GR_T2_NORMATIVE)
                out = &b->r->t2_docs[t][c];
            else if (t != GR_T2_FEES)
                out = &b->r->t2_decisions[t - GR_T2_LICENSING];
            gr_count dummy;
            if (!read_figure(b, cell, t2_row_name(t), t2_col_name(t, c), out ? out : &dummy,
                             t == GR_T2_FEES ? &b->r->t2_fee : NULL, &b->r->t2_fee_pos))
                ok = false;
        }
    }
    return ok;
}

static const char *t3_row_name(int row)
{
    return gr_t3_rows[row].name;
}

static size_t t3_row_width(int row)
{
    (void)row;
    return GR_T3_COLS;
}

static const char *t3_col_name(int row, size_t col)
{
    (void)row;
    return gr_t3_cols[col].label;
}

/* A label without its "1." or "一、" number, or NULL when it has none. */
static const char *unnumbered(const char *label)
{
    size_t i = 0;
    while (label[i] >= '0' && label[i] <= '9')
        i++;
    if (i && label[i] == '.')
        return label + i + 1;
    size_t n = cn_numeral_len(label);
    if (n && starts_with(label + n, "、"))
        return label + n + 3;
    return NULL;
}

/* "（二）部分公开（区分处理的，…）" → "（二）部分公开": the note in brackets varies in print. */
static char *without_note(const char *label)
{
    const char *open = strstr(label + 3, "（");
    return open ? gr_xstrndup(label, (size_t)(open - label)) : gr_xstrdup(label);
}

/* Does the text hold a label of template row r (a key whole, or a cut one's beginning)? */
static bool row_named_in(const key_list *k, int r, const char *text)
{
    for (size_t i = 0; i < k->n; i++) {
        if (k->items[i].row != r)
            continue;
        if (strstr(text, k->items[i].key))
            return true;
        size_t pre = prefix_in(k->items[i].key, text);
        char *part = gr_xstrndup(k->items[i].key, pre);
        bool long_enough = gr_utf8_len(part) >= GR_MIN_CUT_CHARS;
        free(part);
        if (long_enough)
            return true;
    }
    return false;
}

/* pdftotext without -layout writes a table cell by cell in the order the PDF draws them: the
 * figures of a row stay together and in the rows' order, but a merged or wrapped label may
 * come after its figures or a page later. The figures are then read in the template's row
 * order, only when nothing is ambiguous: every cell is from such text, every run of figures
 * is whole rows, there are exactly the template's rows, each row's label is in the table, and
 * no run of figures follows the label of another row. Otherwise false (the caller reports
 * the rows as placing by label finds them). */
static bool t3_by_order(build *b, const key_list *keys)
{
    const row_list *l = &b->rows[GR_SEC_APPLICATIONS];
    const gr_import_cell *figs[GR_T3_ROWS * GR_T3_COLS];
    int named[GR_T3_ROWS];
    size_t nf = 0;
    gr_buf all = {0};
    bool ok = true;
    for (size_t i = 0; i < l->n && ok; i++) {
        const gr_import_block *row = l->items[i];
        if (!row->cut || row->ncells < 1) {
            ok = false;
            break;
        }
        char *whole = gr_import_normalize(row->text ? row->text : row->cells[0].text);
        gr_buf_puts(&all, whole);
        free(whole);
        size_t k = row->ncells - 1;
        if (k % GR_T3_COLS || nf + k > GR_T3_ROWS * GR_T3_COLS) {
            ok = false;
            break;
        }
        char *label = gr_import_normalize(row->cells[0].text);
        int t = *label ? match_row(keys, label, true) : -1;
        if (t < 0)
            t = match_cut_row(keys, row);
        free(label);
        for (size_t c = 0; c < k; c++) {
            if (c % GR_T3_COLS == 0)
                named[nf / GR_T3_COLS] = c == 0 ? t : -1;
            figs[nf++] = &row->cells[1 + c];
        }
    }
    gr_buf_add(&all, "", 0);
    ok = ok && nf == GR_T3_ROWS * GR_T3_COLS && all.len <= GR_MAX_T3_TEXT_BYTES;
    for (int r = 0; r < GR_T3_ROWS && ok; r++)
        ok = (named[r] < 0 || named[r] == r) && row_named_in(keys, r, all.s);
    gr_buf_free(&all);
    if (!ok)
        return false;
    for (int r = 0; r < GR_T3_ROWS; r++)
        for (size_t c = 0; c < GR_T3_COLS; c++)
            if (!read_figure(b, figs[(size_t)r * GR_T3_COLS + c], t3_row_name(r),
                             t3_col_name(r, c), &b->r->t3[r][c], NULL, NULL))
                ok = false;
    gr_diag_add(b->d, GR_SEV_WARNING, b->path, l->items[0]->line, 0, "W-IMPORT-ORDER",
                "表三的行名与数字在文字中不相邻（PDF 转出的文字未保留版式），数字按模板的行序读入");
    gr_diag_hint(b->d, "请与原报告核对，或用 pdftotext -layout 重新转出");
    return ok;
}

static bool import_t3(build *b)
{
    key_list keys = {0};
    for (int i = 0; i < GR_T3_ROWS; i++) {
        const gr_t3_row *row = &gr_t3_rows[i];
        const char *own = row->level3 ? row->level3 : row->level2 ? row->level2 : row->level1;
        char *label = without_note(own);
        add_key(&keys, label, i);
        /* The number alone is often mistyped; the words of a leaf are unique when long
         * enough ("其他" is not). */
        const char *words = unnumbered(label);
        if (words && gr_utf8_len(words) >= 4)
            add_key(&keys, words, i);
        free(label);
    }
    table_shape shape = {"表三", GR_T3_ROWS, t3_row_name, t3_row_width, t3_col_name};
    const gr_import_block *hit[GR_T3_ROWS] = {0};
    size_t first[GR_T3_ROWS] = {0};
    /* Text from a PDF without layout: labels may stand away from their figures. Placing by
     * label is tried quietly first; when it fails, the figures are read in the template's
     * order if that is unambiguous (t3_by_order); else the errors of placing by label. */
    bool ok;
    gr_diags quiet;
    gr_diags_init(&quiet);
    gr_diags *real = b->d;
    b->d = &quiet;
    ok = place_rows(b, GR_SEC_APPLICATIONS, &keys, &shape, hit, first);
    b->d = real;
    gr_diags_free(&quiet);
    if (!ok) {
        if (t3_by_order(b, &keys)) {
            free_keys(&keys);
            return true;
        }
        memset(hit, 0, sizeof hit);
        memset(first, 0, sizeof first);
        ok = place_rows(b, GR_SEC_APPLICATIONS, &keys, &shape, hit, first);
    }
    free_keys(&keys);
    for (int t = 0; t < GR_T3_ROWS; t++) {
        const gr_import_block *row = hit[t];
        if (!row || !first[t])
            continue; /* missing or reported (a placed row has its label before first) */
        for (size_t c = 0; c < GR_T3_COLS; c++)
            if (!read_figure(b, &row->cells[first[t] + c], t3_row_name(t), t3_col_name(t, c),
                             &b->r->t3[t][c], NULL, NULL))
                ok = false;
    }
    return ok;
}

enum { T4_FIGURES = GR_T4_GROUPS * GR_T4_RESULTS };

/* Table 四 printed the other way round: a row per group ("行政复议", "未经复议直接起诉",
 * "复议后起诉") of five figures, the results as columns. The columns are read in the
 * template's order only when the table's text names the five results in that order before
 * the figures. Returns -1 when the table is not of this shape (the caller reads the usual
 * one), else 1 when it was read, 0 on an error (each named). */
static int import_t4_transposed(build *b)
{
    const row_list *l = &b->rows[GR_SEC_REVIEWS];
    const gr_import_block *rows[GR_T4_GROUPS] = {0};
    size_t firsts[GR_T4_GROUPS] = {0}, counts[GR_T4_GROUPS] = {0};
    size_t numbered = 0;
    gr_buf head = {0}; /* the words before the first figures */
    int shape = 1;
    for (size_t i = 0; i < l->n && shape > 0; i++) {
        const gr_import_block *row = l->items[i];
        size_t first;
        size_t k = trailing_figures(row, GR_T4_RESULTS, &first);
        if (!numbered)
            for (size_t c = 0; c < (k ? first : row->ncells); c++) {
                char *n = gr_import_normalize(row->cells[c].text);
                gr_buf_puts(&head, n);
                free(n);
            }
        if (!any_number(row, 0, row->ncells))
            continue;
        numbered++;
        char *norm, *shown;
        row_label(row, first, &norm, &shown);
        int g = -1;
        size_t glen = 0;
        for (int gi = 0; gi < GR_T4_GROUPS; gi++) {
            char *key = gr_import_normalize(gr_t4_groups[gi]);
            if (strlen(key) > glen && strstr(norm, key)) {
                g = gi;
                glen = strlen(key);
            }
            free(key);
        }
        free(norm);
        free(shown);
        if (g < 0 || rows[g] || numbered > GR_T4_GROUPS) {
            shape = -1;
            break;
        }
        rows[g] = l->items[i];
        firsts[g] = first;
        counts[g] = k;
    }
    gr_buf_add(&head, "", 0);
    if (shape > 0 && numbered != GR_T4_GROUPS)
        shape = -1;
    if (shape > 0) {
        const char *p = head.s;
        for (int c = 0; c < GR_T4_RESULTS && p; c++) {
            char *key = gr_import_normalize(gr_t4_results[c]);
            p = strstr(p, key);
            if (p)
                p += strlen(key);
            free(key);
        }
        if (!p) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[GR_SEC_REVIEWS], 0,
                        "E-IMPORT-FIGURES",
                        "表四按行排列，但表头没有依次列出“结果维持、结果纠正、其他结果、尚未审结、"
                        "总计”，不知道各列是什么");
            shape = 0;
        }
    }
    for (int g = 0; g < GR_T4_GROUPS && shape > 0; g++) {
        const gr_import_block *row = rows[g];
        if (counts[g] < GR_T4_RESULTS || any_number(row, 0, firsts[g])) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-FIGURES",
                        "表四 %s 一行：应有 %d 个数字，%s", gr_t4_groups[g], GR_T4_RESULTS,
                        counts[g] < GR_T4_RESULTS ? "数字不够" : "数字多于此数");
            shape = 0;
            continue;
        }
    }
    for (int g = 0; g < GR_T4_GROUPS && shape > 0; g++)
        for (int c = 0; c < GR_T4_RESULTS; c++) {
            char *rowname = gr_xasprintf("表四 %s", gr_t4_groups[g]);
            if (!read_figure(b, &rows[g]->cells[firsts[g] + (size_t)c], rowname,
                             gr_t4_results[c], &b->r->t4[g][c], NULL, NULL))
                shape = 0;
            free(rowname);
        }
    gr_buf_free(&head);
    return shape;
}

/* Table 四 has no row labels: its data row is the row of 15 figures after the headers. */
static bool import_t4(build *b)
{
    const row_list *l = &b->rows[GR_SEC_REVIEWS];
    const gr_import_block *data = NULL;
    bool ok = true;
    int transposed = import_t4_transposed(b);
    if (transposed >= 0)
        return transposed > 0;
    for (size_t i = 0; i < l->n; i++) {
        const gr_import_block *row = l->items[i];
        if (!any_number(row, 0, row->ncells))
            continue;
        if (data) {
            gr_diag_add(b->d, GR_SEV_ERROR, b->path, row->line, 0, "E-IMPORT-UNPLACED",
                        "表四只有一行数字，这一行（第 %d 行之后又一行）对应不到模板", data->line);
            ok = false;
            continue;
        }
        data = row;
    }
    if (!data) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, b->heading_line[GR_SEC_REVIEWS], 0,
                    "E-IMPORT-ROW-MISSING", "表四中找不到数字行（%d 个数字）", T4_FIGURES);
        return false;
    }
    size_t first;
    size_t k = trailing_figures(data, T4_FIGURES, &first);
    if (k < T4_FIGURES || any_number(data, 0, first)) {
        gr_diag_add(b->d, GR_SEV_ERROR, b->path, data->line, 0, "E-IMPORT-FIGURES",
                    "表四数字行：应有 %d 个数字，%s", T4_FIGURES,
                    k < T4_FIGURES ? "数字不够" : "数字多于此数");
        if (data->cut)
            pdf_hint(b);
        return false;
    }
    for (int g = 0; g < GR_T4_GROUPS; g++)
        for (int c = 0; c < GR_T4_RESULTS; c++) {
            char *rowname = gr_xasprintf("表四 %s", gr_t4_groups[g]);
            if (!read_figure(b, &data->cells[first + (size_t)(g * GR_T4_RESULTS + c)], rowname,
                             gr_t4_results[c], &b->r->t4[g][c], NULL, NULL))
                ok = false;
            free(rowname);
        }
    return ok;
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
        if (parse_title(doc->doc_title, &i2, &y2)) {
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
    } else if (year < 1990 || year > 2100) {
        gr_diag_add(d, GR_SEV_ERROR, path, b.title_line, 0, "E-IMPORT-TITLE",
                    "年度 %d 不在 1990–2100 之内", year);
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
    if (b.found[GR_SEC_PROACTIVE] && b.rows[GR_SEC_PROACTIVE].n)
        import_t2(&b);
    if (b.found[GR_SEC_APPLICATIONS] && b.rows[GR_SEC_APPLICATIONS].n)
        import_t3(&b);
    if (b.found[GR_SEC_REVIEWS] && b.rows[GR_SEC_REVIEWS].n)
        import_t4(&b);

    take_signature(&b);
    for (int s = 0; s < GR_SECTIONS; s++)
        if (b.found[s] && !gr_sections[s].has_table && b.prose[s].n == 0)
            gr_diag_add(d, GR_SEV_ERROR, path, b.heading_line[s], 0, "E-IMPORT-EMPTY",
                        "“%s”部分没有文字", gr_sections[s].heading);
    if (b.pending_heading)
        gr_diag_add(d, GR_SEV_WARNING, path, b.pending_pos.line, 0, "W-IMPORT-TEXT",
                    "小标题“%s”后面没有文字，未读入", b.pending_heading);

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
    return b.r;
}

/* ---- the plain-text reader ---- */

/* Text reaches us in three shapes: the seed's (one paragraph a line, tab-separated tables),
 * a page's text copied by hand (paragraphs on one line, tables lined up with spaces), and
 * pdftotext output of a published PDF, with or without -layout (paragraphs hard-wrapped at the
 * line width, page numbers between lines, a table cell's label wrapped around its figures, or
 * with no layout every cell on a line of its own). The reader first classifies lines, then
 * joins the lines of a paragraph and turns the table sections into rows of a label and its
 * figures. */

#define GR_MAX_LABEL_BYTES 600  /* a row's label, its wrapped pieces and a header's: ~200 */
#define GR_MIN_WRAPPED_LINES 3  /* fewer unfinished lines than this: one paragraph a line */
#define GR_MIN_PROSE_CHARS 12   /* shorter lines (headings, signatures) say nothing of wrapping */
#define GR_INDENT_COLS 2        /* an indentation of two columns (one 全角 space) or more */
#define GR_HEADING_SHORT_UNITS 16 /* a line four characters short of the measure, or more */
#define GR_SHORT_UNITS 3        /* a line this much (in quarter-ems) under the measure ends early */

typedef enum { LN_DROP, LN_BLANK, LN_TEXT, LN_TABROW } line_kind;
typedef enum { ROLE_NONE, ROLE_HEADING, ROLE_PROSE, ROLE_TABLE } line_role;

typedef struct {
    const char *s; /* the line's bytes: no \n, \r or \f */
    size_t n;
    int line, page;
    line_kind kind;
    line_role role;
    int indent;   /* leading columns (a space 1, a 全角 space 2) */
    char *text;   /* trimmed, markers gone, spaces inside Chinese text dropped */
    bool marked;  /* `#` or `**` */
    bool final;   /* ends a sentence */
    int width;    /* of text, in quarter-ems */
    int sec;      /* the section it stands in, -1 before 一 */
} src_line;

/* Ideographs, kana, full-width forms: characters a line of Chinese is made of. */
static bool is_wide_cp(int32_t c)
{
    return (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000;
}

/* Chinese punctuation: no space is ever wanted beside it. */
static bool is_cjk_punct(int32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65) || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0xFE30 && c <= 0xFE4F);
}

/* Whether a space between a and b belongs to the text. pdftotext puts spaces between Chinese
 * characters (from the gaps of justified or compressed punctuation) and so does a line break
 * that is joined; a space between a figure and a character ("29 件") is the author's. */
static bool space_kept(int32_t a, int32_t b)
{
    if (is_cjk_punct(a) || is_cjk_punct(b))
        return false;
    return !(is_wide_cp(a) && is_wide_cp(b));
}

/* Append src to b (which ends in a character of its own, or is empty), with one space between
 * the two when space_kept says so. Whitespace runs inside src are treated the same way. */
static void join_text(gr_buf *b, const char *src, size_t n)
{
    const char *p = src, *end = src + n;
    bool space = b->len > 0;
    int32_t prev = 0;
    if (b->len) {
        const char *k = b->s + b->len - 1;
        while (k > b->s && ((unsigned char)*k & 0xC0) == 0x80)
            k--;
        const char *q = k;
        prev = gr_utf8_next(&q, (size_t)(b->s + b->len - k));
    }
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, (size_t)(end - p));
        if (c < 0)
            continue;
        if (is_space_cp(c)) {
            space = b->len > 0;
            continue;
        }
        if (space && space_kept(prev, c))
            gr_buf_add(b, " ", 1);
        space = false;
        gr_buf_add(b, q, (size_t)(p - q));
        prev = c;
    }
    if (!b->s)
        gr_buf_add(b, "", 0);
    else
        b->s[b->len] = '\0';
}

static char *joined_dup(const char *s, size_t n)
{
    gr_buf b = {0};
    join_text(&b, s, n);
    gr_buf_add(&b, "", 0);
    return b.s;
}

/* Width in quarter-ems: a Chinese character is a full em, a figure or letter half, a space
 * a quarter (pdftotext's spaces stand for gaps narrower than a character). */
static int text_width(const char *s)
{
    int w = 0;
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        w += is_wide_cp(c) ? 4 : c == ' ' ? 1 : 2;
    }
    return w;
}

/* The last character of s that is not a closing quote or bracket. */
static int32_t last_mark(const char *s)
{
    const char *end = s + strlen(s);
    while (end > s) {
        const char *k = end - 1;
        while (k > s && ((unsigned char)*k & 0xC0) == 0x80)
            k--;
        const char *q = k;
        int32_t c = gr_utf8_next(&q, (size_t)(end - k));
        if (c != 0x201D && c != 0x2019 && c != 0xFF09 && c != ')' && c != 0x300D &&
            c != 0x300F && c != 0x300B && c != '"')
            return c;
        end = k;
    }
    return 0;
}

static bool ends_sentence(const char *s)
{
    int32_t c = last_mark(s);
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?';
}

/* Page furniture printed between the lines of the text: "— 3 —", "- 3 -", "第 3 页 共 5 页",
 * "第3页". Lone page numbers ("3") are recognised by their place (see mark_page_numbers). */
static bool is_furniture(const char *t)
{
    char *n = gr_import_normalize(t);
    bool hit = false;
    const char *p = n;
    static const char *const dashes[] = {"—", "-", "–", "－"};
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0] && !hit; i++) {
        size_t k = strlen(dashes[i]);
        const char *q = p;
        while (!strncmp(q, dashes[i], k))
            q += k;
        if (q == p)
            continue;
        const char *digits = q;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q == digits)
            continue;
        const char *tail = q;
        while (!strncmp(q, dashes[i], k))
            q += k;
        hit = q > tail && !*q;
    }
    if (!hit && starts_with(p, "第")) {
        const char *q = p + 3;
        const char *digits = q;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > digits && starts_with(q, "页")) {
            q += 3;
            if (starts_with(q, "共")) {
                q += 3;
                while (*q >= '0' && *q <= '9')
                    q++;
                if (starts_with(q, "页"))
                    q += 3;
            }
            hit = !*q;
        }
    }
    free(n);
    return hit;
}

static bool lone_number(const src_line *l, long *value)
{
    char *n = gr_import_normalize(l->text ? l->text : "");
    bool ok = *n && strlen(n) <= 4 && is_digits(n, strlen(n));
    if (ok)
        *value = strtol(n, NULL, 10);
    free(n);
    return ok;
}

/* Lone page numbers ("3" on a line of its own). -layout prints them last on their page; without
 * layout they may come anywhere on it. The numbers follow the pages at one offset, which the
 * last two lines of the pages vote for (two votes, or one for "page n is n"). Then on each page
 * one line is dropped: the last of its last two lines holding the page's number, else the one
 * line holding it that stands between words (a table's figures stand among figures). A page
 * where that is not one line keeps its lines: the figures of a table are never guessed at. */
#define GR_MAX_VOTED_PAGES 256 /* a report has 3 to 20 pages */

static void mark_page_numbers(src_line *lines, size_t n)
{
    int pages = n ? lines[n - 1].page + 1 : 0;
    if (pages > GR_MAX_VOTED_PAGES)
        pages = GR_MAX_VOTED_PAGES;
    long offsets[2 * GR_MAX_VOTED_PAGES];
    size_t nv = 0;
    size_t tail[GR_MAX_VOTED_PAGES][2]; /* last two text lines of each page, +1 (0: none) */
    memset(tail, 0, sizeof tail);
    for (size_t i = 0; i < n; i++)
        if (lines[i].kind == LN_TEXT && lines[i].page < pages) {
            tail[lines[i].page][0] = tail[lines[i].page][1];
            tail[lines[i].page][1] = i + 1;
        }
    for (int pg = 0; pg < pages; pg++)
        for (int k = 0; k < 2; k++) {
            long v;
            if (tail[pg][k] && lone_number(&lines[tail[pg][k] - 1], &v))
                offsets[nv++] = v - (pg + 1);
        }
    long offset = 0;
    size_t best = 0;
    for (size_t i = 0; i < nv; i++) {
        size_t votes = 0;
        for (size_t j = 0; j < nv; j++)
            votes += offsets[j] == offsets[i];
        if (votes > best || (votes == best && offsets[i] == 0)) {
            best = votes;
            offset = offsets[i];
        }
    }
    if (best < 2 && !(best == 1 && offset == 0))
        return;
    for (int pg = 0; pg < pages; pg++) {
        long want = pg + 1 + offset, v;
        bool done = false;
        for (int k = 1; k >= 0 && !done; k--) {
            size_t t = tail[pg][k];
            if (t && lone_number(&lines[t - 1], &v) && v == want) {
                lines[t - 1].kind = LN_DROP;
                done = true;
            }
        }
        size_t only = 0, count = 0;
        for (size_t i = 0; i < n && !done; i++) {
            if (lines[i].page != pg || lines[i].kind != LN_TEXT || !lone_number(&lines[i], &v) ||
                v != want)
                continue;
            /* Its neighbours (blank lines skipped) on the page are words, not figures. */
            bool isolated = true;
            for (int dir = -1; dir <= 1; dir += 2) {
                for (long j = (long)i + dir; j >= 0 && j < (long)n; j += dir) {
                    if (lines[j].page != pg || lines[j].kind == LN_TEXT) {
                        long w;
                        if (lines[j].page == pg && lone_number(&lines[j], &w))
                            isolated = false;
                        break;
                    }
                }
            }
            if (isolated) {
                only = i;
                count++;
            }
        }
        if (!done && count == 1)
            lines[only].kind = LN_DROP;
    }
}

/* "**一、总体情况**", "# 一、总体情况": the markers go, the line is marked as a heading. */
static char *clean_text_line(const char *s, size_t n, bool *marked)
{
    char *t = trim_dup(s, n);
    const char *p = t;
    size_t len = strlen(t);
    *marked = false;
    while (*p == '#') {
        p++;
        len--;
        *marked = true;
    }
    if (len >= 4 && !strncmp(p, "**", 2) && !strncmp(p + len - 2, "**", 2)) {
        p += 2;
        len -= 4;
        *marked = true;
    }
    char *out = joined_dup(p, len);
    free(t);
    return out;
}

static int leading_cols(const char *s, size_t n)
{
    int cols = 0;
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&q, (size_t)(end - p));
        if (c == ' ' || c == 0xA0)
            cols++;
        else if (c == '\t')
            cols += 4;
        else if (c == 0x3000)
            cols += 2;
        else
            break;
        p = q;
    }
    return cols;
}

/* Starts a row's label: a row or item number ("1." "一、" "（一）") and two characters at
 * least. A number alone ("（六）") or with one character ("三、 本") is a piece of a merged
 * group cell, printed beside the rows' own labels. */
static bool numbered(const char *text)
{
    char *n = gr_import_normalize(text);
    size_t k = heading_number(n);
    bool yes = k > 0 && gr_utf8_len(n + k) >= 2;
    free(n);
    return yes;
}

/* ---- table sections of pdftotext output ---- */

typedef struct {
    char **frags; /* label pieces since the last row */
    size_t nfrags, cap;
    char **figs; /* figures of the row being read */
    int *fig_lines;
    size_t nfigs, figcap, intcap;
    size_t total;     /* figures read in this table section */
    bool prose_after; /* the table is complete: the section's text goes on below it */
} table_acc;

static void acc_clear_frags(table_acc *a)
{
    for (size_t i = 0; i < a->nfrags; i++)
        free(a->frags[i]);
    a->nfrags = 0;
}

/* All the label pieces since the last row, a line each (the builder may start the label at
 * another piece, see match_cut_row). */
static char *pieces_text(const table_acc *a)
{
    gr_buf whole = {0};
    for (size_t i = 0; i < a->nfrags && whole.len < GR_MAX_LABEL_BYTES * 8; i++) {
        if (i)
            gr_buf_add(&whole, "\n", 1);
        gr_buf_puts(&whole, a->frags[i]);
    }
    gr_buf_add(&whole, "", 0);
    return whole.s;
}

/* The row read so far: its label is the pieces from the last one that starts with a number
 * (the pieces before belong to the previous row's wrapped label or to the column headers). */
static void acc_emit(gr_import_doc *doc, table_acc *a)
{
    if (!a->nfigs)
        return;
    size_t from = 0;
    for (size_t i = 0; i < a->nfrags; i++)
        if (numbered(a->frags[i]))
            from = i;
    gr_buf label = {0};
    for (size_t i = from; i < a->nfrags && label.len < GR_MAX_LABEL_BYTES; i++)
        join_text(&label, a->frags[i], strlen(a->frags[i]));
    gr_import_block *row = gr_import_doc_row(doc, a->fig_lines[0]);
    row->cut = true;
    row->text = pieces_text(a);
    gr_import_row_cell(row, label.s ? label.s : "", a->fig_lines[0]);
    gr_buf_free(&label);
    for (size_t i = 0; i < a->nfigs; i++) {
        gr_import_row_cell(row, a->figs[i], a->fig_lines[i]);
        free(a->figs[i]);
    }
    a->nfigs = 0;
    acc_clear_frags(a);
}

/* The end of a table section: label pieces after the last figures become a row without
 * figures (its text tells t3_by_order which labels the table holds). */
static void acc_finish(gr_import_doc *doc, table_acc *a, int line)
{
    acc_emit(doc, a);
    if (!a->nfrags)
        return;
    gr_import_block *row = gr_import_doc_row(doc, line);
    row->cut = true;
    row->text = pieces_text(a);
    gr_import_row_cell(row, row->text, line);
    acc_clear_frags(a);
}

static void acc_frag(gr_import_doc *doc, table_acc *a, const char *s, size_t n)
{
    char *t = joined_dup(s, n);
    if (!*t) {
        free(t);
        return;
    }
    acc_emit(doc, a); /* text after figures: the next row's label begins */
    gr_grow((void **)&a->frags, &a->cap, a->nfrags + 1, sizeof(char *));
    a->frags[a->nfrags++] = t;
}

static void acc_fig(table_acc *a, const char *s, size_t n, int line)
{
    gr_grow((void **)&a->figs, &a->figcap, a->nfigs + 1, sizeof(char *));
    gr_grow((void **)&a->fig_lines, &a->intcap, a->nfigs + 1, sizeof(int));
    a->figs[a->nfigs] = gr_xstrndup(s, n);
    a->fig_lines[a->nfigs] = line;
    a->nfigs++;
    a->total++;
}

static bool is_figure_token(const char *s, size_t n)
{
    char *t = gr_xstrndup(s, n), *num;
    cell_kind k = classify(t, &num);
    /* "、" "无" "空" stand for no figure in a grid's cell, but in a stream of text they are
     * pieces of labels: only dashes and slashes are no-figure marks here. */
    char *norm = gr_import_normalize(t);
    bool dash = k == CELL_DASH && strcmp(norm, "、") && strcmp(norm, "无") && strcmp(norm, "空");
    free(norm);
    free(num);
    free(t);
    return k == CELL_INT || k == CELL_DEC || dash;
}

/* One line of a table section: cells are separated by two spaces or more (-layout) or the
 * line is one cell (no layout). In a cell, the words that are figures at its end are figures
 * ("行政许可 11850" when the columns stand close), the rest is label. */
static void table_line(gr_import_doc *doc, table_acc *a, const src_line *l)
{
    /* A page copied by hand writes an empty cell as a no-break space: it separates cells. */
    char *copy = gr_xstrndup(l->s, l->n);
    for (char *q = strstr(copy, "\xC2\xA0"); q; q = strstr(q + 2, "\xC2\xA0"))
        q[0] = q[1] = ' ';
    const char *p = copy, *end = copy + l->n;
    size_t figs_before = a->nfigs;
    bool had_text = false;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end)
            break;
        /* The cell ends at two spaces, a tab or a 全角 space. */
        const char *c = p;
        while (c < end && *c != '\t' && !(c[0] == ' ' && c + 1 < end && c[1] == ' ') &&
               !(end - c >= 3 && !memcmp(c, "\xE3\x80\x80", 3)))
            c++;
        /* Split the cell into words; figures at its end are figures. */
        const char *words[64];
        size_t wl[64], nw = 0;
        for (const char *w = p; w < c && nw < 64;) {
            while (w < c && *w == ' ')
                w++;
            if (w >= c)
                break;
            const char *we = w;
            while (we < c && *we != ' ')
                we++;
            words[nw] = w;
            wl[nw] = (size_t)(we - w);
            nw++;
            w = we;
        }
        size_t k = nw;
        bool whole = nw < sizeof words / sizeof words[0]; /* all the cell's words were seen */
        while (whole && k > 0 && is_figure_token(words[k - 1], wl[k - 1]))
            k--;
        if (!whole) { /* no row has so many figures: the cell is words */
            k = nw = 0;
            acc_frag(doc, a, p, (size_t)(c - p));
            had_text = true;
        }
        if (k > 0) {
            acc_frag(doc, a, p, (size_t)(words[k - 1] + wl[k - 1] - p));
            had_text = true;
        }
        for (size_t i = k; i < nw; i++)
            acc_fig(a, words[i], wl[i], l->line);
        p = c < end && (unsigned char)*c == 0xE3 ? c + 3 : c; /* past a 全角 space */
    }
    /* A line of several figures is a row of its own; a figure alone on its line (no layout)
     * continues the row on the next line. */
    if (a->nfigs - figs_before >= 2 || (had_text && a->nfigs > figs_before))
        acc_emit(doc, a);
    free(copy);
}

static void acc_free(table_acc *a)
{
    acc_clear_frags(a);
    for (size_t i = 0; i < a->nfigs; i++)
        free(a->figs[i]);
    free(a->frags);
    free(a->figs);
    free(a->fig_lines);
}

/* ---- paragraphs ---- */

typedef struct {
    bool wrapped; /* paragraphs are hard-wrapped over several lines */
    bool layout;  /* indentation is kept: it marks a paragraph's first line */
    int margin;   /* the indentation of the body's lines */
    int measure;  /* the width of a full line, quarter-ems */
} prose_shape;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Are paragraphs wrapped? Text from a PDF (pdftotext ends its pages with \f) always is; else
 * lines of a wrapped text mostly stop mid-sentence, while the seed's lines and a page copied by
 * hand end their sentences. The measure is the median width of the lines that stop
 * mid-sentence (justified full lines), or the widest line when none does; the margin is the
 * smallest indentation of the body's lines. */
static prose_shape shape_of(const src_line *lines, size_t n, bool from_pdf)
{
    prose_shape sh = {0};
    size_t open = 0, closed = 0, nw = 0;
    int *widths = gr_xmalloc((n + 1) * sizeof(int));
    int min_indent = -1, widest = 0;
    for (size_t i = 0; i < n; i++) {
        const src_line *l = &lines[i];
        if (l->role != ROLE_PROSE || gr_utf8_len(l->text) < GR_MIN_PROSE_CHARS)
            continue;
        if (l->final)
            closed++;
        else {
            open++;
            widths[nw++] = l->width;
        }
        if (l->width > widest)
            widest = l->width;
        if (min_indent < 0 || l->indent < min_indent)
            min_indent = l->indent;
    }
    sh.wrapped = from_pdf || (open >= GR_MIN_WRAPPED_LINES && open * 2 >= closed);
    sh.margin = min_indent < 0 ? 0 : min_indent;
    sh.measure = widest;
    if (nw) {
        qsort(widths, nw, sizeof(int), cmp_int);
        sh.measure = widths[nw / 2];
    }
    for (size_t i = 0; i < n && sh.wrapped; i++)
        if (lines[i].role == ROLE_PROSE && lines[i].indent >= sh.margin + GR_INDENT_COLS)
            sh.layout = true;
    free(widths);
    return sh;
}

typedef struct {
    gr_buf text;
    int line;
    bool marked;
    int visual; /* width of the visual line the last piece belongs to */
    bool last_final;
    bool title_seen; /* above the title, lines are the site's, each on its own */
    int lines;       /* lines joined so far */
} para_acc;

static bool is_title_text(const char *t);

static void para_flush(gr_import_doc *doc, para_acc *p)
{
    if (p->text.len) {
        gr_import_doc_para(doc, p->text.s, p->line, p->marked);
        p->title_seen |= is_title_text(p->text.s);
    }
    p->text.len = 0;
    p->marked = false;
    p->visual = 0;
    p->last_final = false;
    p->lines = 0;
}

static bool is_title_text(const char *t)
{
    if (strlen(t) > GR_MAX_HEADING_BYTES)
        return false; /* a paragraph: spare it the normalisation */
    char *issuer = NULL;
    int year = 0;
    bool yes = parse_title(t, &issuer, &year);
    free(issuer);
    return yes;
}

static bool is_date_text(const char *t)
{
    char date[11];
    return parse_date(t, date);
}

/* Does line l begin a new paragraph after what p holds? */
static bool starts_paragraph(const prose_shape *sh, const para_acc *p, const src_line *l,
                             bool blank_before)
{
    if (!p->text.len || !sh->wrapped)
        return true;
    /* (The paragraph's length is checked first: it may be long, and lines are many.) */
    bool short_para = p->text.len <= GR_MAX_HEADING_BYTES;
    if ((short_para && is_title_text(p->text.s)) || is_date_text(l->text) ||
        is_title_text(l->text))
        return true;
    if (!p->title_seen) {
        /* Above the title: the issuer's line and the title's lines join, nothing else
         * (column names, "发布时间：" and the like stand each on a line). */
        gr_buf both = {0};
        join_text(&both, p->text.s, p->text.len);
        join_text(&both, l->text, strlen(l->text));
        bool title = is_title_text(both.s);
        gr_buf_free(&both);
        /* A paragraph above a title that is not there (or not read) still wraps: a full
         * line that stops mid-sentence goes on. */
        bool wraps = !p->last_final && sh->measure > 0 &&
                     p->visual >= sh->measure - GR_SHORT_UNITS;
        return !title && !wraps;
    }
    /* "（一）主动公开：" alone: it heads the paragraph that follows (the builder joins them). */
    if (short_para && subheading_len(p->text.s) == p->text.len)
        return true;
    /* "（一）主动公开方面" on a line of its own, its paragraph below: a numbered line well
     * short of the measure (a paragraph's first line, indented, is two characters short). */
    bool next_line_starts = (!sh->layout || l->indent >= sh->margin + GR_INDENT_COLS) &&
                            p->visual <= sh->measure - GR_HEADING_SHORT_UNITS;
    if (p->lines == 1 && short_para && gr_utf8_len(p->text.s) <= GR_MAX_SUBHEAD_CHARS &&
        numbered(p->text.s) && last_mark(p->text.s) != 0xFF0C && last_mark(p->text.s) != 0x3001 &&
        next_line_starts)
        return true;
    bool indented = l->indent >= sh->margin + GR_INDENT_COLS;
    if (sh->layout && indented) {
        /* A body line is never indented: an indented line after a full stop, or after a
         * colon or semicolon that introduce a list ("做法如下："), begins a paragraph. A line
         * pdftotext broke in two may leave its second half indented, after a comma. */
        int32_t m = last_mark(p->text.s);
        return p->last_final || m == 0xFF1A || m == 0xFF1B || m == ':' || m == ';';
    }
    if (!p->last_final || sh->layout)
        return false;
    if (blank_before || subheading_len(l->text))
        return true;
    return p->visual < sh->measure - GR_SHORT_UNITS;
}

static void para_line(gr_import_doc *doc, const prose_shape *sh, para_acc *p,
                      const src_line *l, bool blank_before)
{
    if (starts_paragraph(sh, p, l, blank_before))
        para_flush(doc, p);
    if (!p->text.len) {
        p->line = l->line;
        p->marked = l->marked;
    }
    join_text(&p->text, l->text, strlen(l->text));
    /* pdftotext may break one printed line in two (a gap in it): the pieces add up. */
    bool full_before = p->visual >= sh->measure - GR_SHORT_UNITS;
    p->visual = full_before || p->visual == 0 ? l->width : p->visual + l->width;
    p->last_final = l->final;
    p->lines++;
}

/* A line of a table section that reads as prose: one cell, a sentence's length. (Figures in
 * it are the sentence's: "现行有效 51 件".) */
static bool prose_like(const src_line *l)
{
    if (gr_utf8_len(l->text) < GR_MIN_PROSE_CHARS)
        return false;
    char *t = trim_dup(l->s, l->n);
    bool one_cell = !strstr(t, "   ") && !strchr(t, '\t');
    free(t);
    return one_cell;
}

/* Line i holds a number alone, and the text lines before and after it do not. */
static bool isolated_number(const src_line *lines, size_t n, size_t i)
{
    long v;
    if (!lone_number(&lines[i], &v))
        return false;
    for (int dir = -1; dir <= 1; dir += 2)
        for (long j = (long)i + dir; j >= 0 && j < (long)n; j += dir) {
            if (lines[j].kind != LN_TEXT)
                continue;
            if (lone_number(&lines[j], &v) || is_figure_token(lines[j].text, strlen(lines[j].text)))
                return false;
            break;
        }
    return true;
}

/* How many figures the table of a section has. */
static size_t table_figures(int sec)
{
    if (sec == GR_SEC_PROACTIVE) {
        size_t n = 0;
        for (int t = 0; t < GR_T2_ROWS; t++)
            n += t2_row_width(t);
        return n;
    }
    return sec == GR_SEC_APPLICATIONS ? (size_t)GR_T3_ROWS * GR_T3_COLS : (size_t)T4_FIGURES;
}

gr_import_doc *gr_import_read_text(const char *data, size_t len, const char *path, gr_diags *d)
{
    gr_import_doc *doc = gr_import_doc_new();
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    src_line *lines = NULL;
    size_t n = 0, cap = 0;
    int page = 0;
    bool has_tabs = false, has_pages = false;
    for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        while (p < e && *p == '\f') { /* pdftotext: a page ends */
            page++;
            p++;
            has_pages = true;
        }
        const char *t = e;
        while (t > p && (t[-1] == '\r' || t[-1] == '\f'))
            t--;
        gr_grow((void **)&lines, &cap, n + 1, sizeof(src_line));
        src_line *l = &lines[n];
        memset(l, 0, sizeof *l);
        l->s = p;
        l->n = (size_t)(t - p);
        l->line = (int)n + 1;
        l->page = page;
        if (memchr(p, '\t', l->n)) {
            /* A tab-separated row, unless the tab only indents a paragraph. */
            const char *q = p;
            while (q < t && (*q == '\t' || *q == ' '))
                q++;
            l->kind = memchr(q, '\t', (size_t)(t - q)) ? LN_TABROW : LN_TEXT;
            has_tabs |= l->kind == LN_TABROW;
        }
        if (l->kind != LN_TABROW) {
            l->text = clean_text_line(p, l->n, &l->marked);
            l->kind = !*l->text ? LN_BLANK : is_furniture(l->text) ? LN_DROP : LN_TEXT;
            l->indent = leading_cols(p, l->n);
            l->final = ends_sentence(l->text);
            l->width = text_width(l->text);
        }
        n++;
        p = nl ? nl + 1 : end;
    }
    if (has_pages)
        mark_page_numbers(lines, n);

    /* Roles: section headings by their titles; the lines of a table section are table text
     * unless the tables are tab-separated (then its other lines are prose, as before). */
    int sec = -1;
    for (size_t i = 0; i < n; i++) {
        src_line *l = &lines[i];
        if (l->kind != LN_TEXT)
            continue;
        bool variant, numbered;
        int s = match_section(l->text, l->marked, &variant, &numbered);
        if (s > sec) {
            l->role = ROLE_HEADING;
            sec = s;
            l->sec = s;
            continue;
        }
        l->sec = sec;
        if (!has_tabs && sec >= 0 && gr_sections[sec].has_table) {
            l->role = ROLE_TABLE;
        } else {
            l->role = ROLE_PROSE;
        }
    }
    prose_shape sh = shape_of(lines, n, has_pages);

    para_acc para = {0};
    table_acc table = {0};
    bool blank_before = false;
    for (size_t i = 0; i < n; i++) {
        src_line *l = &lines[i];
        if (l->kind == LN_DROP)
            continue;
        if (l->kind == LN_BLANK) {
            blank_before = !has_pages; /* pdftotext's blank lines are page breaks */
            continue;
        }
        if (l->kind == LN_TABROW || l->role == ROLE_HEADING) {
            para_flush(doc, &para);
            acc_finish(doc, &table, l->line);
            table.total = 0;
            table.prose_after = false;
        }
        /* Text in a table section: a sentence, or any line of text once the table has all
         * its figures, is the section's prose (the builder says where it stood). */
        if (l->kind == LN_TEXT && l->role == ROLE_TABLE && !table.prose_after &&
            prose_like(l)) {
            if (table.total >= table_figures(l->sec)) {
                acc_finish(doc, &table, l->line);
                table.prose_after = true;
            } else if (l->final) {
                l->role = ROLE_PROSE;
            }
        }
        if (table.prose_after && l->role == ROLE_TABLE)
            l->role = ROLE_PROSE;
        if (l->role == ROLE_TABLE && l->sec != GR_SEC_PROACTIVE && isolated_number(lines, n, i)) {
            /* Rows of 三 and 四 have seven or more figures, on a line (-layout) or on lines in
             * a row (no layout): a number alone between words is a page number that came
             * without its page break (text copied from a PDF viewer). */
            gr_diag_add(d, GR_SEV_WARNING, path, l->line, 0, "W-IMPORT-TEXT",
                        "表格中单独成行的“%s”看作页码，未读入", l->text);
            continue;
        }
        if (l->role == ROLE_TABLE)
            para_flush(doc, &para);
        if (l->kind == LN_TABROW) {
            gr_import_block *row = gr_import_doc_row(doc, l->line);
            const char *e = l->s + l->n;
            for (const char *c = l->s; c <= e;) {
                const char *tab = memchr(c, '\t', (size_t)(e - c));
                const char *ce = tab ? tab : e;
                char *cell = trim_dup(c, (size_t)(ce - c));
                gr_import_row_cell(row, cell, l->line);
                free(cell);
                c = ce + 1;
            }
            /* The trailing empty cells a flattened grid leaves go; the others are kept (a
             * blank cell is reported). */
            while (row->ncells && !*row->cells[row->ncells - 1].text)
                free(row->cells[--row->ncells].text);
            if (!row->ncells) {
                free(row->cells);
                doc->n--;
            }
        } else if (l->role == ROLE_HEADING) {
            gr_import_doc_para(doc, l->text, l->line, l->marked);
            para.title_seen = true;
        } else if (l->role == ROLE_TABLE) {
            table_line(doc, &table, l);
        } else if (is_figure_token(l->text, strlen(l->text))) {
            /* A figure alone outside the tables is no paragraph: pdftotext without -layout
             * can carry a table's cell below the text that follows the table. */
            gr_diag_add(d, GR_SEV_WARNING, path, l->line, 0, "W-IMPORT-TEXT",
                        "“%s”单独成行，不是段落（是页码，或 PDF 转出时移位的表格数字），未读入",
                        l->text);
        } else {
            para_line(doc, &sh, &para, l, blank_before);
        }
        blank_before = false;
    }
    para_flush(doc, &para);
    acc_finish(doc, &table, (int)n);
    acc_free(&table);
    gr_buf_free(&para.text);
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
    return doc;
}

/* ---- files ---- */

static bool valid_utf8(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end)
        if (gr_utf8_next(&p, (size_t)(end - p)) < 0)
            return false;
    return true;
}

/* Older sites publish GBK/GB2312 text; GB18030 covers both. NULL when it is not that either. */
static char *from_gb18030(const char *s, size_t n, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n * 2 + 16;
    char *out = gr_xmalloc(cap);
    char *in = (char *)s, *o = out;
    size_t inleft = n, outleft = cap - 1;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        free(out);
        out = NULL;
    } else {
        *o = '\0';
        *outlen = (size_t)(o - out);
    }
    iconv_close(cd);
    return out;
}

static char *read_all(const char *path, size_t *len, gr_diags *d)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ", "无法打开：%s", gr_strerror(errno));
        return NULL;
    }
    for (;;) {
        gr_grow((void **)&buf, &cap, n + 65536 + 1, 1);
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > GR_MAX_IMPORT_BYTES) {
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ",
                        "文件超过 %u 字节，不像一份年度报告", GR_MAX_IMPORT_BYTES);
            goto fail;
        }
        if (got < 65536)
            break;
    }
    if (ferror(f)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ", "读取失败：%s", gr_strerror(errno));
        goto fail;
    }
    if (f != stdin)
        fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    if (f != stdin)
        fclose(f);
    free(buf);
    return NULL;
}

static bool has_ci(const char *data, size_t len, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++) {
        size_t j = 0;
        while (j < k && (data[i + j] | 0x20) == needle[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

gr_import_kind gr_import_detect(const char *data, size_t len, const char *path)
{
    if (gr_import_is_docx(data, len))
        return GR_IMPORT_DOCX;
    if (path && (ends_with(path, ".html") || ends_with(path, ".htm") ||
                 ends_with(path, ".HTML") || ends_with(path, ".HTM")))
        return GR_IMPORT_HTML;
    size_t head = len < 65536 ? len : 65536; /* the markup shows in the first lines */
    if (has_ci(data, head, "<html") || has_ci(data, head, "<table"))
        return GR_IMPORT_HTML;
    return GR_IMPORT_TEXT;
}

gr_report *gr_import_file(const char *path, gr_import_kind kind, const gr_import_opts *o,
                          gr_diags *d)
{
    size_t len = 0;
    char *data = read_all(path, &len, d);
    gr_report *r = NULL;
    gr_import_doc *doc = NULL;
    if (!data)
        return NULL;
    if (kind == GR_IMPORT_AUTO)
        kind = gr_import_detect(data, len, path);
    if (kind == GR_IMPORT_DOCX) {
        doc = gr_import_read_docx(data, len, path, d);
    } else if (kind == GR_IMPORT_HTML) {
        doc = gr_import_read_html(data, len, path, d); /* libxml2 decodes the charset */
    } else {
        if (!valid_utf8(data, len)) {
            size_t n = 0;
            char *u = from_gb18030(data, len, &n);
            if (!u) {
                gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-ENCODING",
                            "文字既不是 UTF-8 也不是 GB18030/GBK");
                goto fail;
            }
            free(data);
            data = u;
            len = n;
        }
        doc = gr_import_read_text(data, len, path, d);
    }
    if (doc)
        r = gr_import_build(doc, path, o, d);
fail:
    gr_import_doc_free(doc);
    free(data);
    return r;
}

/* ---- output ---- */

gr_status gr_import_write_xml(const gr_report *r, const char *path, gr_diags *d)
{
    if (!strcmp(path, "-")) {
        gr_xml_write(r, stdout);
        if (fflush(stdout) || ferror(stdout)) {
            gr_diag_add(d, GR_SEV_ERROR, "-", 0, 0, "E-WRITE", "写入标准输出失败");
            return GR_ERR_ENV;
        }
        return GR_OK;
    }
    /* A temporary file beside the target, renamed into place when complete (DESIGN.md
     * "Output safety"): a failed run leaves nothing at the output path. */
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? gr_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                      : gr_xasprintf(".%s.XXXXXX", path);
    FILE *f = NULL;
    int err = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
        goto fail;
    }
    /* mkstemp makes the file private; the report gets the permissions any new file would. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) || !(f = fdopen(fd, "w"))) {
        err = errno;
        close(fd);
        unlink(tmp);
        goto fail;
    }
    gr_xml_write(r, f);
    if (fflush(f) || ferror(f) || fsync(fileno(f))) {
        err = errno;
        fclose(f);
        unlink(tmp);
        goto fail;
    }
    if (fclose(f) || rename(tmp, path)) {
        err = errno;
        unlink(tmp);
        goto fail;
    }
    free(tmp);
    return GR_OK;
fail:
    gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-WRITE", "无法写入：%s", gr_strerror(err));
    free(tmp);
    return GR_ERR_ENV;
}
