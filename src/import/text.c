/* text: what import knows of a report's words, shared by the readers and the builder.
 * Label normalisation (one form for full-width and half-width punctuation, numbers and
 * brackets), and the recognisers of the template's text: section headings with the variants
 * real reports print (docs/national-template.md §4, §7), run-in subheadings, the title with
 * its issuer and year, the signature's date, row numbers, and what a table cell holds. */
#include "import/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_MAX_HEADING_PREFIX 10 /* "政府信息公开工作" before a title, in the notice's wording */
#define GR_MAX_DISTANCE_CHARS 64 /* headings are at most GR_MAX_HEADING_CHARS characters */

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

static char *normalize(const char *s, bool keep_quotes);

char *gr_import_normalize(const char *s)
{
    return normalize(s, false);
}

char *gr_import_normalize_heading(const char *s)
{
    return normalize(s, true);
}

static char *normalize(const char *s, bool keep_quotes)
{
    gr_buf b = {0};
    const char *p = s;
    size_t left = strlen(s);
    int32_t prev = 0;
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (c < 0 || gr_is_space(c, GR_SPACE_ANY) || (is_quote_cp(c) && !keep_quotes))
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

/* Normalised and with "和" read as "及" (docs/national-template.md §4: "存在的主要问题和改进情况"). */
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

bool gr_import_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !memcmp(s + a - b, suffix, b);
}

bool gr_import_starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* Chinese numerals as written in headings: 一 … 十. */
static const char *const cn_digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

size_t gr_import_cn_numeral_len(const char *s)
{
    size_t n = 0;
    for (;;) {
        size_t k = 0;
        for (size_t i = 0; i < sizeof cn_digits / sizeof cn_digits[0]; i++)
            if (gr_import_starts_with(s + n, cn_digits[i]))
                k = strlen(cn_digits[i]);
        if (!k)
            return n;
        n += k;
    }
}

/* Length of a heading number at the start of normalised s: "一、", "一.", "（一）", "1.", "第一部分";
 * 0 if none. The number itself is not trusted: reports misnumber (docs/national-template.md §4). */
size_t gr_import_heading_number(const char *s)
{
    size_t n = 0, start = 0, len = 0;
    if (gr_import_starts_with(s, "（")) {
        start = 3;
        len = gr_import_cn_numeral_len(s + start);
        if (!len || !gr_import_starts_with(s + start + len, "）"))
            return 0;
        n = start + len + 3;
    } else if (gr_import_starts_with(s, "第")) {
        start = 3;
        len = gr_import_cn_numeral_len(s + start);
        if (!len || !gr_import_starts_with(s + start + len, "部分"))
            return 0;
        n = start + len + strlen("部分");
        if (gr_import_starts_with(s + n, "、") || gr_import_starts_with(s + n, "，") || gr_import_starts_with(s + n, "："))
            n += 3;
    } else {
        len = gr_import_cn_numeral_len(s);
        if (!len) {
            while (s[len] >= '0' && s[len] <= '9')
                len++;
            if (!len || s[len] != '.')
                return 0;
            n = len + 1;
        } else if (gr_import_starts_with(s + len, "、") || gr_import_starts_with(s + len, "，") ||
                   gr_import_starts_with(s + len, "．")) {
            n = len + 3;
        } else if (s[len] == '.') {
            n = len + 1;
        } else {
            return 0;
        }
    }
    return n;
}

/* Longer wordings a report may use for a section title: the notice's body text (docs/national-template.md §1.1). */
static const char *const section_aliases[GR_SECTIONS][2] = {
    {NULL, NULL},
    {NULL, NULL},
    {NULL, NULL},
    {"因政府信息公开工作被申请行政复议、提起行政诉讼情况", "行政复议、行政诉讼情况"},
    {NULL, NULL},
    {NULL, NULL},
};

static size_t decode(const char *s, int32_t *out, size_t cap)
{
    size_t n = 0, left = strlen(s);
    while (left > 0) {
        const char *q = s;
        int32_t c = gr_utf8_next(&s, left);
        left -= (size_t)(s - q);
        if (n == cap) return cap + 1;
        out[n++] = c;
    }
    return n;
}

int gr_import_heading_distance(const char *a, const char *b, int cap)
{
    int32_t x[GR_MAX_DISTANCE_CHARS], y[GR_MAX_DISTANCE_CHARS];
    size_t m = decode(a, x, GR_MAX_DISTANCE_CHARS), n = decode(b, y, GR_MAX_DISTANCE_CHARS);
    if (m > GR_MAX_DISTANCE_CHARS || n > GR_MAX_DISTANCE_CHARS ||
        (m > n ? m - n : n - m) > (size_t)cap)
        return cap + 1;
    int row[GR_MAX_DISTANCE_CHARS + 1];
    for (size_t j = 0; j <= n; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= m; i++) {
        int diag = row[0], best = row[0] = (int)i;
        for (size_t j = 1; j <= n; j++) {
            int up = row[j];
            int v = diag + (x[i - 1] != y[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > cap) return cap + 1; /* every path through this row costs more already */
    }
    return row[n] > cap ? cap + 1 : row[n];
}

/* The value of a heading number ("三、" "（三）" "3." "第三部分"): 1–99, 0 if none. */
static int heading_value(const char *key, size_t skip)
{
    int v = 0;
    for (size_t i = 0; i < skip;) {
        if (key[i] >= '0' && key[i] <= '9') {
            v = v * 10 + (key[i] - '0');
            i++;
            continue;
        }
        size_t k = 0;
        for (int d = 0; d < 9 && !k; d++)
            if (gr_import_starts_with(key + i, cn_digits[d])) {
                v = v % 10 == 0 && v >= 10 ? v + d + 1 : v * 10 + d + 1;
                k = strlen(cn_digits[d]);
            }
        if (!k && gr_import_starts_with(key + i, cn_digits[9])) { /* 十 = 10, 二十 = 20 */
            v = v ? v * 10 : 10;
            k = strlen(cn_digits[9]);
        }
        i += k ? k : 1;
        if (v > 99)
            return 0;
    }
    return v;
}

/* Which section a paragraph heads, or -1. *variant is set when the wording or the number
 * differs from the template; *numbered when the line has a heading number. A numbered line
 * whose words are within GR_MAX_HEADING_EDITS characters of a title is that title's section
 * when its number is the section's. */
int gr_import_match_section(const char *text, bool marked, bool *variant, bool *numbered)
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
    size_t skip = gr_import_heading_number(key);
    /* Numbering decides the level: （一） and 1. number subheadings, 一、 sections. A line
     * "（二）主动公开政府信息情况" is a subheading with a section's words, never a section. */
    if (skip && (gr_import_starts_with(key, "（") || (key[0] >= '0' && key[0] <= '9')))
        goto fail;
    char *rest = key + skip;
    size_t rl = strlen(rest);
    /* A trailing colon or full stop is punctuation, not part of the title. */
    while (rl >= 3 && (gr_import_ends_with(rest, "：") || gr_import_ends_with(rest, "。"))) {
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
            bool qualified = (skip || marked) && gr_import_ends_with(rest, t) &&
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
    /* "三、收到和处理政府信息公开申请的有关情况": a character or two off the wording, and the
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
            if (gr_import_heading_distance(rest, t, GR_MAX_HEADING_EDITS) <=
                GR_MAX_HEADING_EDITS) {
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

/* Trim whitespace (including U+3000 indentation and no-break spaces) at both ends. */
char *gr_import_trim(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&q, (size_t)(end - p));
        if (!gr_is_space(c, GR_SPACE_ANY))
            break;
        p = q;
    }
    const char *e = end;
    while (e > p) {
        const char *k = gr_utf8_prev(p, e), *q = k;
        int32_t c = gr_utf8_next(&q, (size_t)(e - k));
        if (!gr_is_space(c, GR_SPACE_ANY))
            break;
        e = k;
    }
    return gr_xstrndup(p, (size_t)(e - p));
}

/* The five usual topics of section 一, in the wordings reports give them: a strong signal
 * (a topic and 方面 before a comma heads its paragraph), no longer a condition. */
static const char *const topics[] = {
    "主动公开", "主动公开政府信息",     "依申请公开",       "依申请公开政府信息", "政府信息管理",
    "平台建设", "政府信息公开平台建设", "政务公开平台建设", "监督保障",           NULL};
static const char *const topic_suffixes[] = {"", "情况", "方面", "工作", "工作情况", NULL};

/* Whether title (no spaces) is a topic. */
static bool is_topic(const char *title)
{
    size_t tl = strlen(title);
    for (const char *const *t = topics; *t; t++) {
        size_t k = strlen(*t);
        if (tl < k || memcmp(title, *t, k)) continue;
        for (const char *const *s = topic_suffixes; *s; s++)
            if (!strcmp(title + k, *s))
                return true;
    }
    return false;
}

/* An ASCII or full-width digit at p: its bytes, or 0. */
static size_t digit_len(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] >= '0' && u[0] <= '9')
        return 1;
    return u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99 ? 3 : 0;
}

static size_t skip_blanks(const char *p)
{
    size_t n = 0;
    for (;;) {
        const char *q = p + n;
        size_t left = strnlen(q, 4);
        if (!left)
            return n;
        int32_t c = gr_utf8_next(&q, left);
        if (!gr_is_space(c, GR_SPACE_ANY))
            return n;
        n = (size_t)(q - p);
    }
}

/* The subheading marker at the start of t, with the blanks after it: （一） (一) ( 一 ) （1）
 * （一）、 and 1. 1、 1． (one or two digits, not a decimal's: "1.5 万"). Its bytes, or 0. */
static size_t subheading_marker(const char *t)
{
    size_t n = skip_blanks(t);
    if (t[n] == '(' || gr_import_starts_with(t + n, "（")) {
        n += t[n] == '(' ? 1 : 3;
        n += skip_blanks(t + n);
        size_t k = gr_import_cn_numeral_len(t + n), d;
        if (k > 3 * 3) /* （十一） at most: 一一一一 is no number */
            return 0;
        if (!k) {
            int digits = 0;
            while ((d = digit_len(t + n + k)) && digits < 3) {
                k += d;
                digits++;
            }
            if (!digits || digits > 2)
                return 0;
        }
        n += k;
        n += skip_blanks(t + n);
        if (t[n] == ')')
            n += 1;
        else if (gr_import_starts_with(t + n, "）"))
            n += 3;
        else
            return 0;
        if (gr_import_starts_with(t + n, "、")) /* "（三）、因政府信息公开…" */
            n += 3;
    } else {
        int digits = 0;
        size_t d;
        while ((d = digit_len(t + n)) && digits < 3) {
            n += d;
            digits++;
        }
        if (!digits || digits > 2)
            return 0;
        if (t[n] == '.')
            n += 1;
        else if (gr_import_starts_with(t + n, "、") || gr_import_starts_with(t + n, "．"))
            n += 3;
        else
            return 0;
        if (digit_len(t + n))
            return 0;
    }
    return n + skip_blanks(t + n);
}

/* Words a sentence starts with and a title does not: a time, the office itself, a part of
 * a whole ("（二）本年度未收到申请。", "（一）我局高度重视……"). */
static const char *const sentence_openings[] = {
    "本年", "全年", "今年", "年内", "一年来", "我", "本机关", "本单位", "本部门", "本局",
    "本委", "本办", "该", "截至", "截止", "目前", "其中", NULL};

/* A count in Chinese numerals: a numeral and a unit of things counted ("二十九件", "两宗");
 * "三审三校", "一是", "两个维护" are no count. */
static bool cn_count_at(const char *p)
{
    static const char *const numerals[] = {"〇", "零", "一", "二", "两", "三", "四", "五", "六",
                                           "七", "八", "九", "十", "百", "千", "万", NULL};
    static const char *const units[] = {"件", "宗", "起", "条", "篇", "期", NULL};
    size_t n = 0;
    for (bool more = true; more;) {
        more = false;
        for (const char *const *w = numerals; *w; w++)
            if (gr_import_starts_with(p + n, *w)) {
                n += strlen(*w);
                more = true;
                break;
            }
    }
    if (!n)
        return false;
    for (const char *const *u = units; *u; u++)
        if (gr_import_starts_with(p + n, *u))
            return true;
    return false;
}

/* Does the title read as a title: no figure (a year, "2025 年", is none; a count in
 * Chinese numerals is one), no 了, and not the opening of a sentence? */
static bool title_like(const char *title)
{
    for (const char *const *w = sentence_openings; *w; w++)
        if (gr_import_starts_with(title, *w))
            return false;
    if (strstr(title, "了"))
        return false;
    for (const char *p = title; *p;) {
        size_t d = digit_len(p);
        if (!d && cn_count_at(p))
            return false;
        if (!d) {
            p++;
            continue;
        }
        const char *q = p;
        int digits = 0;
        while ((d = digit_len(q))) {
            q += d;
            digits++;
        }
        if (digits != 4 || !gr_import_starts_with(q, "年"))
            return false;
        p = q;
    }
    return true;
}

/* A run-in subheading at the start of a paragraph, by its form (docs/design.md, "Import"):
 * a marker (（一） (一) 1.), then a title, up to its colon or full stop or the end of the
 * line, of at most GR_MAX_SUBHEAD_CHARS characters that reads as a title (title_like); a
 * comma may stand inside ("（一）统筹部署，全面推进政务公开。"). A title ending in 方面 may
 * end at its comma ("（二）依申请公开方面，…"). Its length in bytes through its punctuation
 * (the whole line when the title stands alone), or 0. */
size_t gr_import_subheading_len(const char *t)
{
    size_t m = subheading_marker(t);
    if (!m)
        return 0;
    const char *p = t + m;
    size_t left = strlen(p), chars = 0, out = 0, comma = 0;
    enum { ALONE, COLON, STOP, OTHER } end = ALONE;
    gr_buf title = {0};
    gr_buf_add(&title, "", 0);
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (gr_is_space(c, GR_SPACE_ANY))
            continue;
        if (c == ':' || c == 0xFF1A) {
            end = COLON;
            break;
        }
        if (c == 0x3002) {
            end = STOP;
            break;
        }
        if (c == ';' || c == 0xFF1B || c == '!' || c == 0xFF01 || c == '?' || c == 0xFF1F ||
            c == 0x2026) { /* a sentence's marks; …… is a list cut short */
            end = OTHER;
            break;
        }
        if ((c == ',' || c == 0xFF0C) && !comma && gr_import_ends_with(title.s, "方面") &&
            (is_topic(title.s) || chars <= GR_MAX_SUBHEAD_CHARS))
            comma = (size_t)(p - t);
        if (++chars > GR_MAX_SUBHEAD_CHARS) {
            end = OTHER;
            break;
        }
        gr_buf_add(&title, q, (size_t)(p - q));
    }
    if (end != OTHER && chars >= 2 && title_like(title.s))
        out = end == ALONE ? strlen(t) : (size_t)(p - t);
    else
        out = comma;
    if (out && comma && comma < out && end != COLON)
        out = comma; /* "（二）依申请公开方面，严格按照规定办理。": the topic heads it */
    gr_buf_free(&title);
    return out;
}

/* What a cell holds. For numbers, *num (caller frees) receives the plain digits ("11850",
 * "0.33"): full-width digits and thousands separators removed. */
gr_cell_kind gr_import_classify(const char *text, char **num)
{
    char *n = gr_import_normalize(text);
    gr_cell_kind k = GR_CELL_TEXT;
    if (!*n) {
        k = GR_CELL_EMPTY;
        goto done;
    }
    /* Published "no figure" marks (docs/national-template.md §3 R8): never read as 0. */
    static const char *const dashes[] = {"/", "-", "—", "——", "–", "\\", "、", "无", "空", "不适用"};
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
        if (!strcmp(n, dashes[i])) {
            k = GR_CELL_DASH;
            goto done;
        }
    /* A unit written into the cell ("29件", "0.33万元"): the column already says it. */
    static const char *const units[] = {"万元", "件", "个", "次"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (gr_import_ends_with(n, units[i]) && strlen(n) > strlen(units[i]) &&
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
        k = dots ? GR_CELL_DEC : GR_CELL_INT;
        *num = n;
        return k;
    }
    k = GR_CELL_TEXT;
done:
    free(n);
    *num = NULL;
    return k;
}

/* "22（其中修订16件）": a figure, then a remark in brackets that closes the cell. */
gr_cell_kind gr_import_classify_remark(const char *text, char **num, char **remark)
{
    *remark = NULL;
    gr_cell_kind k = gr_import_classify(text, num);
    if (k != GR_CELL_TEXT)
        return k;
    const char *full = strstr(text, "（"), *half = strchr(text, '(');
    const char *open = full && (!half || full < half) ? full : half;
    if (!open || open == text)
        return k;
    size_t ol = open == full ? 3 : 1;
    char *body = gr_import_trim(open + ol, strlen(open + ol));
    size_t bl = strlen(body);
    size_t cl = gr_import_ends_with(body, "）") ? 3 : gr_import_ends_with(body, ")") ? 1 : 0;
    if (!cl || bl == cl) {
        free(body);
        return k;
    }
    body[bl - cl] = '\0';
    char *figure = gr_xstrndup(text, (size_t)(open - text));
    char *n = NULL;
    gr_cell_kind fk = gr_import_classify(figure, &n);
    free(figure);
    char *words = gr_import_trim(body, strlen(body));
    free(body);
    /* Only a figure before the brackets, and words in them: "（其中修订16件）"; not a number
     * in brackets ("22（16）") nor brackets within brackets. */
    if ((fk != GR_CELL_INT && fk != GR_CELL_DEC) || !*words || strstr(words, "（") ||
        strchr(words, '(') || gr_import_classify(words, num) != GR_CELL_TEXT) {
        free(*num);
        *num = NULL;
        free(n);
        free(words);
        return k;
    }
    free(*num);
    *num = n;
    *remark = words;
    return fk;
}

bool gr_import_is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "山阳区人民政府 2025 年政府信息公开工作年度报告": issuer and year. Returns false when the
 * text is no title. The issuer may be empty (then it stood on the line before). */
bool gr_import_parse_title(const char *text, char **issuer, int *year)
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
        if (gr_import_ends_with(n, suffixes[k]))
            suffix = suffixes[k];
    }
    if (!suffix || gr_utf8_len(n) > GR_MAX_HEADING_CHARS)
        goto fail;
    n[strlen(n) - strlen(suffix)] = '\0';
    /* A sentence that names the report is no title. */
    if (strstr(n, "，") || strstr(n, "。") || strstr(n, "《"))
        goto fail;
    if (gr_import_ends_with(n, "年度"))
        n[strlen(n) - strlen("度")] = '\0';
    size_t l = strlen(n);
    if (l >= 4 + 3 && gr_import_ends_with(n, "年") && gr_import_is_digits(n + l - 3 - 4, 4) &&
        !(l > 7 && gr_import_is_digits(n + l - 8, 1))) {
        /* "山阳区人民政府2025年…" */
        *year = (int)strtol(n + l - 7, NULL, 10);
        *issuer = gr_xstrndup(n, l - 7);
        if (gr_import_ends_with(*issuer, "关于")) /* "山阳区人民政府关于2025年…" */
            (*issuer)[strlen(*issuer) - strlen("关于")] = '\0';
        ok = true;
    } else if (l > 7 && gr_import_is_digits(n, 4) && !gr_import_is_digits(n + 4, 1) && gr_import_starts_with(n + 4, "年")) {
        /* "2025年度山阳区人民政府…" */
        size_t skip = 4 + strlen("年");
        if (gr_import_starts_with(n + skip, "度"))
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
bool gr_import_parse_date(const char *text, char out[11])
{
    char *n = gr_import_normalize(text);
    int y, m, dd, used = 0;
    bool ok = sscanf(n, "%4d年%2d月%2d日%n", &y, &m, &dd, &used) == 3 && !n[used] &&
              y >= GR_MIN_YEAR && y <= GR_MAX_YEAR && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
    if (ok)
        snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
    free(n);
    return ok;
}

/* Starts a row's label: a row or item number ("1." "一、" "（一）") and two characters at
 * least. A number alone ("（六）") or with one character ("三、 本") is a piece of a merged
 * group cell, printed beside the rows' own labels. */
bool gr_import_numbered(const char *text)
{
    char *n = gr_import_normalize(text);
    size_t k = gr_import_heading_number(n);
    bool yes = k > 0 && gr_utf8_len(n + k) >= 2;
    free(n);
    return yes;
}

size_t gr_import_table_figures(int sec)
{
    if (sec == GR_SEC_PROACTIVE) {
        size_t n = 0;
        for (int t = 0; t < GR_T2_ROWS; t++)
            n += (size_t)gr_t2_blocks[gr_t2_rows[t].block].ncols;
        return n;
    }
    return sec == GR_SEC_APPLICATIONS ? (size_t)GR_T3_ROWS * GR_T3_COLS : (size_t)GR_T4_FIGURES;
}
