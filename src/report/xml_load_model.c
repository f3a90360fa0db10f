/* xml_load_model: a valid report document → the model (model.h): metadata, prose with its
 * run-in subheadings, and the figures of the three tables, each with its position. */
#include "report/xml_loader.h"

#include <stdlib.h>
#include <string.h>

/* Auto-numbered subheadings use Chinese numerals up to 九十九; a section never has more. */
#define GR_MAX_CN_NUMERAL 99

bool gr_xml_is_xml_space_or_ideographic(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r') {
        *len = 1;
        return true;
    }
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) { /* U+3000 ideographic space */
        *len = 3;
        return true;
    }
    if (u[0] == 0xC2 && u[1] == 0xA0) { /* U+00A0 no-break space */
        *len = 2;
        return true;
    }
    return false;
}

/* Strip leading and trailing white space (ASCII, U+3000, U+00A0) into the arena. */
const char *gr_xml_stripped(gr_arena *a, const char *s)
{
    size_t k;
    while (*s && gr_xml_is_xml_space_or_ideographic(s, &k))
        s += k;
    size_t n = strlen(s), end = 0;
    for (size_t i = 0; i < n;) {
        if (gr_xml_is_xml_space_or_ideographic(s + i, &k)) {
            i += k;
        } else {
            const char *p = s + i;
            gr_utf8_next(&p, n - i);
            i = (size_t)(p - s);
            end = i;
        }
    }
    return gr_arena_strndup(a, s, end);
}

static const char *const cn_digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

static bool starts_with_cn_numeral(const char **p)
{
    static const char *const more[] = {"十", "百", "〇", "零"};
    bool any = false;
    for (;;) {
        bool hit = false;
        for (int i = 1; i <= 9 && !hit; i++)
            if (!strncmp(*p, cn_digits[i], 3)) {
                *p += 3;
                hit = true;
            }
        for (int i = 0; i < 4 && !hit; i++)
            if (!strncmp(*p, more[i], strlen(more[i]))) {
                *p += strlen(more[i]);
                hit = true;
            }
        if (!hit)
            return any;
        any = true;
    }
}

/* Does the subheading open with its own number: （一） (一) 一、 1. 1、 1．? */
static bool has_number_label(const char *h)
{
    const char *p = h;
    if (!strncmp(p, "（", 3) || *p == '(') {
        p += *p == '(' ? 1 : 3;
        const char *q = p;
        bool num = starts_with_cn_numeral(&q);
        if (!num)
            while (*q >= '0' && *q <= '9')
                q++, num = true;
        return num && (!strncmp(q, "）", 3) || *q == ')');
    }
    if (starts_with_cn_numeral(&p))
        return !strncmp(p, "、", 3);
    if (*p >= '0' && *p <= '9') {
        while (*p >= '0' && *p <= '9')
            p++;
        return *p == '.' || !strncmp(p, "、", 3) || !strncmp(p, "．", 3);
    }
    return false;
}

static char *cn_numeral(int k)
{
    if (k < 1 || k > GR_MAX_CN_NUMERAL)
        return gr_xasprintf("%d", k);
    if (k < 10)
        return gr_xstrdup(cn_digits[k]);
    return gr_xasprintf("%s十%s", k / 10 == 1 ? "" : cn_digits[k / 10], cn_digits[k % 10]);
}

bool gr_xml_in_ns(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href, GR_TEMPLATE_NS);
}

static void read_prose(loader *L, gr_report *r, xmlNodePtr sec, gr_prose *pr)
{
    pr->pos = gr_xml_elem_pos(sec);
    size_t cap = 0, headed = 0;
    for (xmlNodePtr c = xmlFirstElementChild(sec); c; c = xmlNextElementSibling(c)) {
        if (!gr_xml_in_ns(c) || strcmp(gr_xml_name_of(c), "p"))
            continue;
        gr_grow((void **)&pr->items, &cap, pr->n + 1, sizeof *pr->items);
        gr_para *p = &pr->items[pr->n++];
        memset(p, 0, sizeof *p);
        xmlChar *t = xmlNodeGetContent(c);
        p->text = gr_xml_stripped(r->arena, t ? (const char *)t : "");
        xmlFree(t);
        p->pos = gr_xml_elem_pos(c);
        p->text_pos = gr_xml_content_pos(L, c);
        xmlChar *h = xmlGetProp(c, (const xmlChar *)"heading");
        if (h) {
            const char *hs = gr_xml_stripped(r->arena, (const char *)h);
            headed++;
            if (*hs && !has_number_label(hs)) {
                char *num = cn_numeral((int)headed);
                char *full = gr_xasprintf("（%s）%s", num, hs);
                hs = gr_arena_strdup(r->arena, full);
                free(full);
                free(num);
            }
            p->heading = *hs ? hs : NULL;
            p->heading_pos = gr_xml_attr_pos(L, c, "heading");
            xmlFree(h);
        }
    }
    /* The paragraphs were grown with realloc; move them into the arena the report owns. */
    if (pr->n) {
        gr_para *a = gr_arena_alloc(r->arena, pr->n * sizeof *a);
        memcpy(a, pr->items, pr->n * sizeof *a);
        free(pr->items);
        pr->items = a;
    }
}

/* Parse a count without the locale; false when it is not one (the schema said why). The
 * lexical forms of xs:nonNegativeInteger are all read: a leading "+", and "-" before zeros
 * ("-0"), which the schema accepts and must not turn into a figure left out. */
static bool parse_count(const char *s, long long *out)
{
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    bool minus = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    int64_t v;
    size_t digits = gr_digits_value(s, SIZE_MAX, 10, GR_MAX_COUNT, &v);
    s += digits;
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    if (!digits || *s || v > GR_MAX_COUNT || (minus && v != 0))
        return false;
    *out = v;
    return true;
}

/* The remark of a cell: attribute "<attr>-remark", stripped, in the arena; NULL if none. */
static const char *read_remark(gr_report *r, xmlNodePtr e, const char *attr)
{
    char name[64]; /* the longest count attribute is some 20 bytes */
    size_t k = strlen(attr);
    if (k + sizeof "-remark" > sizeof name)
        return NULL;
    memcpy(name, attr, k);
    memcpy(name + k, "-remark", sizeof "-remark");
    xmlChar *v = xmlGetProp(e, (const xmlChar *)name);
    const char *s = v ? gr_xml_stripped(r->arena, (const char *)v) : NULL;
    xmlFree(v);
    return s && *s ? s : NULL;
}

static void read_count(loader *L, gr_report *r, xmlNodePtr e, const char *attr, gr_count *c)
{
    c->remark = read_remark(r, e, attr);
    xmlChar *v = xmlGetProp(e, (const xmlChar *)attr);
    c->pos = gr_xml_attr_pos(L, e, attr);
    if (v) {
        long long n;
        c->given = parse_count((const char *)v, &n);
        c->value = c->given ? n : 0;
        xmlFree(v);
    }
}

static const char *read_text(gr_report *r, xmlNodePtr e)
{
    xmlChar *t = xmlNodeGetContent(e);
    const char *s = gr_xml_stripped(r->arena, t ? (const char *)t : "");
    xmlFree(t);
    return s;
}

static void read_meta(gr_report *r, xmlNodePtr meta)
{
    for (xmlNodePtr c = xmlFirstElementChild(meta); c; c = xmlNextElementSibling(c)) {
        if (!gr_xml_in_ns(c))
            continue;
        const char *n = gr_xml_name_of(c);
        const char *s = read_text(r, c);
        if (!strcmp(n, "issuer")) {
            r->issuer = s;
            r->issuer_pos = gr_xml_elem_pos(c);
        } else if (!strcmp(n, "year")) {
            long long y;
            r->year = parse_count(s, &y) && y <= 9999 ? (int)y : 0;
            r->year_pos = gr_xml_elem_pos(c);
        } else if (!strcmp(n, "published")) {
            r->published = s;
        } else if (!strcmp(n, "region")) {
            r->region = s;
        } else if (!strcmp(n, "title")) {
            r->title = s;
        }
    }
}

void gr_xml_read_report(loader *L, gr_report *r, xmlNodePtr root)
{
    for (xmlNodePtr sec = xmlFirstElementChild(root); sec; sec = xmlNextElementSibling(sec)) {
        if (!gr_xml_in_ns(sec))
            continue;
        const char *n = gr_xml_name_of(sec);
        int s = gr_xml_section_of(n);
        if (!strcmp(n, "meta")) {
            read_meta(r, sec);
            continue;
        }
        if (!strcmp(n, "preamble")) {
            read_prose(L, r, sec, &r->preamble);
            continue;
        }
        if (s < 0)
            continue;
        read_prose(L, r, sec, &r->prose[s]);
        for (xmlNodePtr c = xmlFirstElementChild(sec); c; c = xmlNextElementSibling(c)) {
            if (!gr_xml_in_ns(c))
                continue;
            const char *cn = gr_xml_name_of(c);
            int i;
            if (s == GR_SEC_PROACTIVE && (i = gr_xml_t2_row_of(cn)) >= 0) {
                if (i == GR_T2_FEES) {
                    xmlChar *v = xmlGetProp(c, (const xmlChar *)"amount");
                    if (v) {
                        const char *fee = gr_xml_stripped(r->arena, (const char *)v);
                        r->t2_fee = fee;
                        xmlFree(v);
                    }
                    r->t2_fee_pos = gr_xml_attr_pos(L, c, "amount");
                    r->t2_fee_remark = read_remark(r, c, "amount");
                } else if (i <= GR_T2_NORMATIVE) {
                    for (int k = 0; k < 3; k++)
                        read_count(L, r, c, gr_t2_rows[i].attrs[k], &r->t2_docs[i][k]);
                } else {
                    read_count(L, r, c, "decisions", &r->t2_decisions[i - GR_T2_LICENSING]);
                }
            } else if (s == GR_SEC_APPLICATIONS && (i = gr_xml_t3_row_of(cn)) >= 0) {
                for (int k = 0; k < GR_T3_COLS; k++)
                    read_count(L, r, c, gr_t3_cols[k].xml, &r->t3[i][k]);
            } else if (s == GR_SEC_REVIEWS && (i = gr_xml_t4_group_of(cn)) >= 0) {
                for (int k = 0; k < GR_T4_RESULTS; k++)
                    read_count(L, r, c, gr_t4_result_xml[k], &r->t4[i][k]);
            }
        }
    }
}

