/* docx_numbering: Word's automatic numbering, written out as the text Word draws. A heading
 * numbered by a list ("一、", "（二）") carries its number in numbering.xml, not in its text;
 * the builder finds sections and rows by those numbers, so the walker (read_docx.c) asks here
 * for each numbered paragraph's number, and the lists' counters advance as Word's do. */
#include "import/doc.h"
#include "import/docx.h"

#include "base/base.h"

#include <libxml/tree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    FMT_DECIMAL,
    FMT_NONE,
    FMT_BULLET,
    FMT_CN_COUNTING,  /* chineseCounting, japaneseCounting: 一 … 十 十一 */
    FMT_CN_THOUSAND,  /* chineseCountingThousand: 一百零一 */
    FMT_CN_LEGAL,     /* chineseLegalSimplified: 壹贰叁 */
    FMT_IDEO_DIGITAL, /* ideographDigital: 一〇一 */
    FMT_IDEO_TRAD,    /* ideographTraditional: 甲乙丙 */
    FMT_IDEO_ZODIAC,  /* ideographZodiac: 子丑寅 */
    FMT_CIRCLED,      /* decimalEnclosedCircle(Chinese): ①  */
    FMT_FULLWIDTH,    /* decimalFullWidth: １ */
    FMT_LOWER_LETTER,
    FMT_UPPER_LETTER,
    FMT_LOWER_ROMAN,
    FMT_UPPER_ROMAN,
    FMT_DECIMAL_ZERO
} num_fmt;

typedef struct {
    bool set;
    int start;
    num_fmt fmt;
    char *text; /* w:lvlText, "%1、" */
    int suff;   /* 0 tab, 1 space, 2 nothing */
    bool legal; /* w:isLgl: every level in decimal */
} level;

typedef struct {
    char *id;
    level lvl[GR_DOCX_LEVELS];
    int count[GR_DOCX_LEVELS];
    bool started[GR_DOCX_LEVELS];
} abstract_num;

typedef struct {
    char *id;
    size_t abs;                         /* index into abstracts */
    int start_override[GR_DOCX_LEVELS]; /* -1: none */
    level lvl[GR_DOCX_LEVELS];          /* w:lvlOverride/w:lvl, when set */
    bool used;
} num_inst;

struct gr_docx_numbering {
    abstract_num *abs;
    size_t nabs, cabs;
    num_inst *nums;
    size_t nnums, cnums;
};

static num_fmt parse_fmt(const char *v)
{
    static const struct {
        const char *name;
        num_fmt fmt;
    } fmts[] = {{"decimal", FMT_DECIMAL},
                {"none", FMT_NONE},
                {"bullet", FMT_BULLET},
                {"chineseCounting", FMT_CN_COUNTING},
                {"japaneseCounting", FMT_CN_COUNTING},
                {"taiwaneseCounting", FMT_CN_COUNTING},
                {"chineseCountingThousand", FMT_CN_THOUSAND},
                {"taiwaneseCountingThousand", FMT_CN_THOUSAND},
                {"japaneseDigitalTenThousand", FMT_IDEO_DIGITAL},
                {"chineseLegalSimplified", FMT_CN_LEGAL},
                {"ideographDigital", FMT_IDEO_DIGITAL},
                {"taiwaneseDigital", FMT_IDEO_DIGITAL},
                {"ideographTraditional", FMT_IDEO_TRAD},
                {"ideographZodiac", FMT_IDEO_ZODIAC},
                {"decimalEnclosedCircle", FMT_CIRCLED},
                {"decimalEnclosedCircleChinese", FMT_CIRCLED},
                {"decimalFullWidth", FMT_FULLWIDTH},
                {"decimalFullWidth2", FMT_FULLWIDTH},
                {"lowerLetter", FMT_LOWER_LETTER},
                {"upperLetter", FMT_UPPER_LETTER},
                {"lowerRoman", FMT_LOWER_ROMAN},
                {"upperRoman", FMT_UPPER_ROMAN},
                {"decimalZero", FMT_DECIMAL_ZERO}};
    for (size_t i = 0; v && i < sizeof fmts / sizeof fmts[0]; i++)
        if (!strcmp(v, fmts[i].name)) return fmts[i].fmt;
    return FMT_DECIMAL; /* Word draws an unknown format as decimal */
}

static void read_level(level *l, const xmlNode *n)
{
    l->set = true;
    l->start = int_attr(child_w(n, "start"), "val", 1);
    l->fmt = parse_fmt(attr(child_w(n, "numFmt"), "val"));
    const char *t = attr(child_w(n, "lvlText"), "val");
    free(l->text);
    l->text = t ? gr_xstrdup(t) : NULL;
    const char *s = attr(child_w(n, "suff"), "val");
    l->suff = !s || !strcmp(s, "tab") ? 0 : !strcmp(s, "space") ? 1 : 2;
    l->legal = on_off(child_w(n, "isLgl"));
}

static int cmp_abstract(const void *a, const void *b)
{
    return strcmp(((const abstract_num *)a)->id, ((const abstract_num *)b)->id);
}

static int cmp_num(const void *a, const void *b)
{
    return strcmp(((const num_inst *)a)->id, ((const num_inst *)b)->id);
}

/* Lists are sorted by id once read (each numbered paragraph looks its list up). */
gr_docx_numbering *gr_docx_numbering_read(xmlDocPtr doc)
{
    gr_docx_numbering *nb = gr_xcalloc(1, sizeof *nb);
    if (!doc) return nb;
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_w(c, "abstractNum") || !attr(c, "abstractNumId") || nb->nabs >= GR_DOCX_MAX_DEFS)
            continue;
        gr_grow((void **)&nb->abs, &nb->cabs, nb->nabs + 1, sizeof(abstract_num));
        abstract_num *a = &nb->abs[nb->nabs++];
        memset(a, 0, sizeof *a);
        a->id = gr_xstrdup(attr(c, "abstractNumId"));
        for (const xmlNode *l = c->children; l; l = l->next) {
            int k = is_w(l, "lvl") ? int_attr(l, "ilvl", -1) : -1;
            if (k >= 0 && k < GR_DOCX_LEVELS) read_level(&a->lvl[k], l);
        }
    }
    if (nb->nabs) qsort(nb->abs, nb->nabs, sizeof(abstract_num), cmp_abstract);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        const char *aid = attr(child_w(c, "abstractNumId"), "val");
        if (!is_w(c, "num") || !attr(c, "numId") || !aid || nb->nnums >= GR_DOCX_MAX_DEFS) continue;
        abstract_num key = {.id = (char *)aid};
        const abstract_num *found =
            nb->nabs ? bsearch(&key, nb->abs, nb->nabs, sizeof(abstract_num), cmp_abstract) : NULL;
        if (!found) continue;
        size_t a = (size_t)(found - nb->abs);
        gr_grow((void **)&nb->nums, &nb->cnums, nb->nnums + 1, sizeof(num_inst));
        num_inst *ni = &nb->nums[nb->nnums++];
        memset(ni, 0, sizeof *ni);
        ni->id = gr_xstrdup(attr(c, "numId"));
        ni->abs = a;
        for (int k = 0; k < GR_DOCX_LEVELS; k++)
            ni->start_override[k] = -1;
        for (const xmlNode *o = c->children; o; o = o->next) {
            int k = is_w(o, "lvlOverride") ? int_attr(o, "ilvl", -1) : -1;
            if (k < 0 || k >= GR_DOCX_LEVELS) continue;
            const xmlNode *so = child_w(o, "startOverride");
            if (so) ni->start_override[k] = int_attr(so, "val", 1);
            const xmlNode *l = child_w(o, "lvl");
            if (l) read_level(&ni->lvl[k], l);
        }
    }
    if (nb->nnums) qsort(nb->nums, nb->nnums, sizeof(num_inst), cmp_num);
    return nb;
}

void gr_docx_numbering_free(gr_docx_numbering *nb)
{
    if (!nb) return;
    for (size_t i = 0; i < nb->nabs; i++) {
        free(nb->abs[i].id);
        for (int k = 0; k < GR_DOCX_LEVELS; k++)
            free(nb->abs[i].lvl[k].text);
    }
    for (size_t i = 0; i < nb->nnums; i++) {
        free(nb->nums[i].id);
        for (int k = 0; k < GR_DOCX_LEVELS; k++)
            free(nb->nums[i].lvl[k].text);
    }
    free(nb->abs);
    free(nb->nums);
    free(nb);
}

static const char *const cn_digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* 1–9999 in Chinese counting: 十一, 二十, 一百零五, 一千二百. */
static void put_cn_counting(gr_buf *b, int n, bool thousand)
{
    static const char *const units[] = {"", "十", "百", "千"};
    if (n <= 0 || n > 9999 || (!thousand && n > 99)) {
        /* Word's chineseCounting writes larger numbers digit by digit */
        char s[16];
        snprintf(s, sizeof s, "%d", n < 0 ? -n : n);
        for (const char *p = s; *p; p++)
            gr_buf_puts(b, cn_digits[*p - '0']);
        return;
    }
    int d[4] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
    int first = 0;
    while (!d[first])
        first++;
    bool zero = false;
    for (int i = first; i < 4; i++) {
        if (!d[i]) {
            zero = true;
            continue;
        }
        if (zero) gr_buf_puts(b, "零");
        zero = false;
        /* 十一, not 一十一, when ten is the highest place */
        if (!(i == 2 && d[i] == 1 && i == first)) gr_buf_puts(b, cn_digits[d[i]]);
        gr_buf_puts(b, units[3 - i]);
    }
}

static void format_number(gr_buf *b, int n, num_fmt fmt)
{
    char s[32];
    switch (fmt) {
    case FMT_NONE:
    case FMT_BULLET:
        return;
    case FMT_CN_COUNTING:
        put_cn_counting(b, n, false);
        return;
    case FMT_CN_THOUSAND:
        put_cn_counting(b, n, true);
        return;
    case FMT_CN_LEGAL: {
        static const char *const legal[] = {"零", "壹", "贰", "叁", "肆", "伍",
                                            "陆", "柒", "捌", "玖", "拾"};
        if (n >= 0 && n <= 10) {
            gr_buf_puts(b, legal[n]);
            return;
        }
        break;
    }
    case FMT_IDEO_DIGITAL:
        snprintf(s, sizeof s, "%d", n < 0 ? -n : n);
        for (const char *p = s; *p; p++)
            gr_buf_puts(b, cn_digits[*p - '0']);
        return;
    case FMT_IDEO_TRAD:
    case FMT_IDEO_ZODIAC: {
        static const char *const stems[] = {"甲", "乙", "丙", "丁", "戊",
                                            "己", "庚", "辛", "壬", "癸"};
        static const char *const branches[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                               "午", "未", "申", "酉", "戌", "亥"};
        if (n >= 1) {
            if (fmt == FMT_IDEO_TRAD)
                gr_buf_puts(b, stems[(n - 1) % 10]);
            else
                gr_buf_puts(b, branches[(n - 1) % 12]);
            return;
        }
        break;
    }
    case FMT_CIRCLED:
        if (n >= 1 && n <= 20) {
            put_cp(b, 0x2460 + n - 1);
            return;
        }
        break;
    case FMT_FULLWIDTH:
        snprintf(s, sizeof s, "%d", n);
        for (const char *p = s; *p; p++)
            put_cp(b, *p == '-' ? 0xFF0D : 0xFF10 + (*p - '0'));
        return;
    case FMT_LOWER_LETTER:
    case FMT_UPPER_LETTER:
        if (n >= 1) {
            char c = (char)((fmt == FMT_LOWER_LETTER ? 'a' : 'A') + (n - 1) % 26);
            for (int k = 0; k <= (n - 1) / 26 && k < 8; k++)
                gr_buf_add(b, &c, 1);
            return;
        }
        break;
    case FMT_LOWER_ROMAN:
    case FMT_UPPER_ROMAN:
        if (n >= 1 && n < 4000) {
            static const int v[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
            static const char *const up[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                             "XL", "X",  "IX", "V",  "IV", "I"};
            static const char *const lo[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                             "xl", "x",  "ix", "v",  "iv", "i"};
            for (int i = 0; i < 13; i++)
                while (n >= v[i]) {
                    gr_buf_puts(b, fmt == FMT_LOWER_ROMAN ? lo[i] : up[i]);
                    n -= v[i];
                }
            return;
        }
        break;
    case FMT_DECIMAL_ZERO:
        snprintf(s, sizeof s, "%02d", n);
        gr_buf_puts(b, s);
        return;
    case FMT_DECIMAL:
        break;
    }
    snprintf(s, sizeof s, "%d", n);
    gr_buf_puts(b, s);
}

static const level *level_of(const gr_docx_numbering *nb, const num_inst *ni, int k)
{
    if (ni->lvl[k].set) return &ni->lvl[k];
    return &nb->abs[ni->abs].lvl[k];
}

/* The number Word draws before a paragraph of numbering num_id at level ilvl, advancing the
 * counters: "一、", "（二）", "3." (a bullet draws nothing). Counters belong to the abstract
 * numbering, so lists that share one continue each other; a w:startOverride restarts its
 * level the first time its w:num is used; a level restarts under each new item above it. */
void gr_docx_number_text(gr_docx_numbering *nb, const char *num_id, int ilvl, gr_buf *out)
{
    if (!num_id || !strcmp(num_id, "0") || ilvl < 0 || ilvl >= GR_DOCX_LEVELS) return;
    num_inst key = {.id = (char *)num_id};
    num_inst *ni = nb->nnums ? bsearch(&key, nb->nums, nb->nnums, sizeof(num_inst), cmp_num) : NULL;
    if (!ni) return;
    abstract_num *a = &nb->abs[ni->abs];
    if (!ni->used) {
        ni->used = true;
        for (int k = 0; k < GR_DOCX_LEVELS; k++)
            if (ni->start_override[k] >= 0) {
                a->count[k] = ni->start_override[k] - 1;
                a->started[k] = true;
            }
    }
    const level *l = level_of(nb, ni, ilvl);
    if (!l->set) return;
    if (a->started[ilvl]) {
        a->count[ilvl]++;
    } else {
        a->count[ilvl] = l->start;
        a->started[ilvl] = true;
    }
    for (int k = ilvl + 1; k < GR_DOCX_LEVELS; k++)
        a->started[k] = false;
    if (l->fmt == FMT_BULLET || !l->text) return;
    size_t before = out->len;
    for (const char *p = l->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            const level *lk = level_of(nb, ni, k);
            int v = a->started[k] ? a->count[k] : lk->set ? lk->start : 1;
            format_number(out, v, l->legal && k < ilvl ? FMT_DECIMAL : lk->fmt);
            p++;
        } else {
            gr_buf_add(out, p, 1);
        }
    }
    if (out->len == before) return;
    /* The tab or space after the number: none needed after a wide character (、．）①),
     * which ends it already. */
    const char *q = gr_utf8_prev(out->s + before, out->s + out->len);
    bool wide = gr_is_wide(gr_utf8_next(&q, (size_t)(out->s + out->len - q)));
    if (l->suff != 2 && !wide) gr_buf_puts(out, " ");
}
