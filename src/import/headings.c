/* headings: how close a heading is to the official wording (edit distance in characters), and
 * the run-in subheadings of section 一 in the forms real reports use. The builder calls both;
 * nothing here knows the sections or the model. */
#include "import/headings.h"

#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GR_MAX_DISTANCE_CHARS 64 /* headings are at most 48 characters (the builder's bound) */
#define GR_MAX_RUNIN_CHARS 30 /* "（四）政府信息公开平台建设：": the builder's bound */

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

int gr_heading_distance(const char *a, const char *b, int cap)
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

/* The five usual topics of section 一, in the wordings reports give them. */
static const char *const topics[] = {
    "主动公开", "主动公开政府信息",     "依申请公开",       "依申请公开政府信息", "政府信息管理",
    "平台建设", "政府信息公开平台建设", "政务公开平台建设", "监督保障",           NULL};
static const char *const topic_suffixes[] = {"", "情况", "方面", "工作", "工作情况", NULL};

/* Whether title (no spaces) is a topic; *suffix receives the suffix it ends with. */
static bool is_topic(const char *title, const char **suffix)
{
    size_t tl = strlen(title);
    for (const char *const *t = topics; *t; t++) {
        size_t k = strlen(*t);
        if (tl < k || memcmp(title, *t, k)) continue;
        for (const char *const *s = topic_suffixes; *s; s++)
            if (!strcmp(title + k, *s)) {
                *suffix = *s;
                return true;
            }
    }
    return false;
}

static bool is_blank(int32_t c)
{
    return c == ' ' || c == 0x3000 || c == 0xA0 || c == '\t';
}

static bool is_numeral(int32_t c)
{
    static const int32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 一 … 十 */
    for (size_t i = 0; i < sizeof cn / sizeof cn[0]; i++)
        if (c == cn[i]) return true;
    return false;
}

size_t gr_subheading_len(const char *t)
{
    const char *p = t;
    size_t left = strlen(t);
    int state = 0; /* 0 open bracket, 1 numeral, 2 title */
    size_t chars = 0;
    gr_buf title = {0};
    size_t out = 0;
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (is_blank(c)) continue;
        if (state == 0) {
            if (c != '(' && c != 0xFF08) goto done;
            state = 1;
        } else if (state == 1) {
            if (c == ')' || c == 0xFF09) {
                if (chars == 0) goto done;
                state = 2;
                chars = 0;
                continue;
            }
            if (!is_numeral(c) || ++chars > 3) goto done;
        } else {
            const char *suffix = "";
            bool topic = title.len && is_topic(title.s, &suffix);
            if (c == ':' || c == 0xFF1A) {
                out = chars ? (size_t)(p - t) : 0;
                goto done;
            }
            if (c == 0x3002) { /* 。 after a topic: "（一）主动公开情况。2024 年，…" */
                out = topic ? (size_t)(p - t) : 0;
                goto done;
            }
            if (c == 0xFF0C || c == ',') { /* "（二）依申请公开方面，…" */
                out = topic && !strcmp(suffix, "方面") ? (size_t)(p - t) : 0;
                goto done;
            }
            if (c == 0xFF1B || c == ';' || c == 0x3001 || ++chars > GR_MAX_RUNIN_CHARS) goto done;
            gr_buf_add(&title, q, (size_t)(p - q));
        }
    }
    /* The whole line: a topic standing alone ("（三）政府信息管理") heads the next paragraph. */
    if (state == 2 && title.len) {
        const char *suffix = "";
        if (is_topic(title.s, &suffix)) out = strlen(t);
    }
done:
    gr_buf_free(&title);
    return out;
}
