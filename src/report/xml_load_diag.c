/* xml_load_diag: libxml2's errors → Chinese diagnostics in the report's words, each at
 * file:line:col with the official names of the rows and columns.
 *
 * libxml2's structured error (xmlError) says what happened in its code, the node it is about
 * and, for some errors, a name or value (str1) or a number (int1): those are read first. Its
 * English message is read only for the facts nothing else carries, each shape pinned by
 * tests/unit/test_libxml2_shapes.c, so that a libxml2 that rewords one fails a test instead
 * of quietly changing a diagnostic:
 *   - XML_SCHEMAV_ELEMENT_CONTENT is "Missing child element(s)" (about the parent) or "This
 *     element is not expected" (about the child), and lists what may come next only in
 *     "Expected is ( {ns}name, … )";
 *   - a value error of an attribute is about its element: the attribute is named only in
 *     "attribute 'name'";
 *   - XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 (an element that must be empty) is "Character
 *     content is not allowed" or "Element content is not allowed";
 *   - int1 is 0 both for the refused character U+0000 and for no character at all;
 *   - several parser limits share codes with other errors ("Excessive depth in document",
 *     "huge text node", …). */
#include "report/xml_loader.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <stdlib.h>
#include <string.h>


/* An error about the value of an element or attribute: its type or one of its facets. */
static bool is_value_error(int code)
{
    return (code >= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1 &&
            code <= XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3) ||
           (code >= XML_SCHEMAV_CVC_FACET_VALID && code <= XML_SCHEMAV_CVC_ENUMERATION_VALID) ||
           code == XML_SCHEMAV_CVC_ATTRIBUTE_3;
}

/* An attribute the report's elements do not have (str1 names it). */
static bool is_unknown_attribute(int code)
{
    return code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
           code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2;
}

/* The local name of the first "{ns}name" or 'name' after `after` in msg, or NULL. */
static char *name_after(const char *msg, const char *after)
{
    const char *p = strstr(msg, after);
    if (!p)
        return NULL;
    p += strlen(after);
    while (*p == ' ' || *p == '(')
        p++;
    if (!strncmp(p, "one of", 6))
        p += 6;
    while (*p == ' ' || *p == '(')
        p++;
    if (*p == '{') {
        const char *q = strchr(p, '}');
        if (!q)
            return NULL;
        p = q + 1;
    } else if (*p == '\'') {
        p++;
    }
    const char *e = p;
    while (*e && *e != ' ' && *e != ',' && *e != ')' && *e != '\'' && *e != '.')
        e++;
    return e > p ? gr_xstrndup(p, (size_t)(e - p)) : NULL;
}

/* The attribute an error is about, or NULL (caller frees). */
static char *attr_of(const raw_error *e)
{
    if (e->node && e->node->type == XML_ATTRIBUTE_NODE)
        return gr_xstrdup(gr_xml_name_of(e->node));
    if (is_unknown_attribute(e->code) || e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_4)
        return e->str1 ? gr_xstrdup(e->str1) : NULL; /* "{ns}name" when qualified */
    if (is_value_error(e->code))
        return name_after(e->message, "attribute "); /* only the text names it */
    return NULL;
}

/* Position of element `name` in the content model of its parent (for "missing" vs "extra"). */
static int order_in(const char *parent, const char *name)
{
    static const char *const report_seq[] = {"meta",         "preamble", "overview",
                                             "proactive",    "applications", "reviews",
                                             "problems",     "other-matters"};
    int i;
    if (!strcmp(parent, "report")) {
        for (i = 0; i < 8; i++)
            if (!strcmp(name, report_seq[i]))
                return i;
    } else if (!strcmp(parent, "applications")) {
        if ((i = gr_xml_t3_row_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "proactive")) {
        if ((i = gr_xml_t2_row_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "reviews")) {
        if ((i = gr_xml_t4_group_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "meta")) {
        if ((i = gr_xml_meta_of(name)) >= 0)
            return i;
    }
    if (!strcmp(name, "p"))
        return 1000; /* paragraphs come after the figures */
    return -1;
}

/* libxml2 lists every element that may come next, optional ones first ("Expected is one of
 * ( preamble, overview )"). The one missing is the last listed that may precede `found`
 * (or any, when found is NULL), leaving paragraphs aside. */
static char *expected_name(const char *msg, const char *parent, const char *found)
{
    const char *p = strstr(msg, "Expected is");
    char *best = NULL;
    int found_order = found ? order_in(parent, found) : -1;
    while (p && (p = strchr(p, '}')) != NULL) {
        p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != ',' && *e != ')')
            e++;
        char *n = gr_xstrndup(p, (size_t)(e - p));
        int o = order_in(parent, n);
        bool fits = strcmp(n, "p") && (!found || found_order < 0 || (o >= 0 && o < found_order));
        if (fits || !best) {
            free(best);
            best = n;
        } else {
            free(n);
        }
        p = e;
    }
    return best ? best : name_after(msg, "Expected is");
}

static bool has_fullwidth_digit(const char *s)
{
    /* U+FF10..U+FF19 are EF BC 90..99 in UTF-8. */
    for (const unsigned char *p = (const unsigned char *)s; p[0]; p++)
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
            return true;
    return false;
}

static bool already_reported(loader *L, size_t upto, xmlNodePtr node, const char *attr)
{
    for (size_t i = 0; i < upto; i++) {
        raw_error *e = &L->errs[i];
        if (e->node != node || e->domain != XML_FROM_SCHEMASV || !is_value_error(e->code))
            continue;
        char *a = attr_of(e);
        bool same = (a && attr && !strcmp(a, attr)) || (!a && !attr);
        free(a);
        if (same)
            return true;
    }
    return false;
}

/* v as one line for a diagnostic: runs of white space become one space, control characters
 * are dropped, and only the first GR_MAX_QUOTED_CHARS characters are kept (then "…"). */
static char *quoted_value(const char *v)
{
    gr_buf b = {0};
    size_t chars = 0, n = strlen(v);
    const char *p = v, *end = v + n;
    bool space = false;
    while (gr_is_space(*p, GR_SPACE_XML))
        p++;
    while (p < end) {
        const char *c = p;
        int32_t cp = gr_utf8_next(&p, (size_t)(end - c));
        if (cp < 0)
            continue; /* libxml2 hands over valid UTF-8; be safe anyway */
        if (gr_is_space(cp, GR_SPACE_XML)) {
            space = true;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F)
            continue;
        if (chars >= GR_MAX_QUOTED_CHARS) {
            gr_buf_puts(&b, "…");
            break;
        }
        if (space && chars > 0) {
            gr_buf_puts(&b, " ");
            chars++;
        }
        space = false;
        gr_buf_add(&b, c, (size_t)(p - c));
        chars++;
    }
    return b.s ? b.s : gr_xstrdup("");
}

static bool all_digits(const char *s)
{
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    if (*s == '+')
        s++;
    const char *d = s;
    while (*s >= '0' && *s <= '9')
        s++;
    bool some = s > d;
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    return some && !*s;
}

/* The Amount pattern of the schema, [0-9]+(\.[0-9]{1,6})?, white space around allowed. */
static bool decimal_form(const char *s)
{
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    const char *d = s;
    while (*s >= '0' && *s <= '9')
        s++;
    if (s == d)
        return false;
    if (*s == '.') {
        const char *f = ++s;
        while (*s >= '0' && *s <= '9')
            s++;
        if (s == f || s - f > 6)
            return false;
    }
    while (gr_is_space(*s, GR_SPACE_XML))
        s++;
    return !*s;
}

static void value_error(loader *L, xmlNodePtr elem, const char *attr, int code, const char *msg)
{
    xmlChar *v = attr ? xmlGetProp(elem, (const xmlChar *)attr) : xmlNodeGetContent(elem);
    char *value = quoted_value(v ? (const char *)v : "");
    const char *name = gr_xml_name_of(elem);
    gr_pos pos = attr ? gr_xml_attr_pos(L, elem, attr) : gr_xml_elem_pos(elem);
    char *where = gr_xml_context_of(elem);
    const char *alabel = attr ? gr_xml_attr_label(elem, attr) : NULL;
    /* libxml2 reads at most 24 digits: a longer run of digits is "not a valid value" to it,
     * but to the clerk it is a figure over the bound like any other */
    bool over = code == XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID || (v && all_digits((const char *)v));
    bool is_count = attr && alabel && strcmp(attr, "amount") && strcmp(attr, "heading");

    /* A cell's remark ("repealed-remark"): named by its cell, whatever facet failed. */
    size_t al = attr ? strlen(attr) : 0, rl = strlen("-remark");
    char *base = al > rl && !strcmp(attr + al - rl, "-remark") ? gr_xstrndup(attr, al - rl) : NULL;
    if (base) {
        alabel = gr_xml_attr_label(elem, base);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”的备注“%s”应为非空文字，至多 100 个字符", where,
                    alabel ? alabel : base, value);
    } else if (is_count && over)
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”的值“%s”超过上限 %lld", where, alabel, value, GR_MAX_COUNT);
    else if (is_count)
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”%s的值“%s”不是非负整数", where, alabel,
                    gr_xml_t3_row_of(name) >= 0 ? "列" : "", value);
    else if (attr && !strcmp(attr, "amount") && decimal_form(v ? (const char *)v : ""))
        /* written right, but more digits than libxml2 reads (24 in all) */
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”的值“%s”位数过多", where, alabel, value);
    else if (attr && !strcmp(attr, "amount"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”的值“%s”不是非负小数（最多 6 位小数）", where, alabel, value);
    else if (attr && !strcmp(attr, "heading"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s的段首小标题不能为空", where);
    else if (!attr && !strcmp(name, "year"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "元数据：年度“%s”应为 %d 至 %d 之间的四位数字", value, GR_MIN_YEAR,
                    GR_MAX_YEAR);
    else if (!attr && !strcmp(name, "published"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "元数据：发布日期“%s”应为 YYYY-MM-DD 形式的日期，如 2026-01-20", value);
    else if (!attr && !strcmp(name, "region"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "元数据：行政区划代码“%s”应为 6 位数字", value);
    else if (!attr && (code == XML_SCHEMAV_CVC_MINLENGTH_VALID || code == XML_SCHEMAV_CVC_PATTERN_VALID))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA", "%s不能为空",
                    where);
    else
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s%s%s的值“%s”不符合要求（%s）", where, attr ? "：属性 " : "",
                    attr ? attr : "", value, msg);
    if (has_fullwidth_digit(value))
        gr_diag_hint(L->d, "请用半角数字 0–9，不要用全角数字");
    int table, row, col;
    if (attr && gr_xml_cell_of(name, base ? base : attr, &table, &row, &col)) {
        char *rlabel = gr_xml_label_of(name);
        gr_diag_cell(L->d, table, row, col, name, attr, rlabel, alabel);
        free(rlabel);
    }
    free(base);
    free(where);
    free(value);
    xmlFree(v);
}

#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"

static bool is_xinclude(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           (!strcmp((const char *)n->ns->href, XINCLUDE_NS) ||
            !strcmp((const char *)n->ns->href, "http://www.w3.org/2003/XInclude"));
}

/* XInclude is never processed (no file but the report is read); say so rather than "unknown
 * element", so that nobody goes looking for a misspelt name. */
static void xinclude_error(loader *L, xmlNodePtr n)
{
    gr_pos pos = gr_xml_elem_pos(n);
    char q[256];
    gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                "不支持 XInclude（元素 %s）：报告须写在一个文件里，不引用其他文件",
                gr_xml_qualified_name(n, q, sizeof q));
    gr_diag_hint(L->d, "把要引用的文字直接写进报告");
}

/* msg without what the file wrote: names ('…', {…}) emptied, so that the wording libxml2
 * uses, not a name or value that happens to contain it, tells which of the two kinds of
 * XML_SCHEMAV_ELEMENT_CONTENT it is. */
static char *message_shape(const char *msg)
{
    char *s = gr_xstrdup(msg), *o = s;
    char close = 0;
    for (const char *p = msg; *p; p++) {
        if (close) {
            if (*p != close)
                continue;
            close = 0;
        } else if (*p == '\'' || *p == '{') {
            close = *p == '{' ? '}' : '\'';
        }
        *o++ = *p;
    }
    *o = 0;
    return s;
}

void gr_xml_schema_error(loader *L, size_t idx)
{
    raw_error *e = &L->errs[idx];
    char *shape = message_shape(e->message);
    const char *msg = e->message;
    xmlNodePtr node = e->node;
    xmlNodePtr elem = node;
    char *attr = attr_of(e);
    if (node && node->type == XML_ATTRIBUTE_NODE)
        elem = node->parent;
    gr_pos pos = elem ? gr_xml_elem_pos(elem) : (gr_pos){e->line, 0};
    const char *name = gr_xml_name_of(elem);
    xmlNodePtr parent = elem && elem->parent && elem->parent->type == XML_ELEMENT_NODE
                            ? elem->parent
                            : NULL;

    bool content = e->code == XML_SCHEMAV_ELEMENT_CONTENT;
    if (e->code == XML_SCHEMAV_CVC_ELT_1) {
        const xmlChar *href = elem && elem->ns ? elem->ns->href : NULL;
        char *ns = href ? quoted_value((const char *)href) : NULL;
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "根元素应为命名空间 %s 中的 report，实际为 %s%s%s", GR_TEMPLATE_NS, name,
                    ns ? "，命名空间 " : "（无命名空间）", ns ? ns : "");
        gr_diag_hint(L->d, "根元素写作 <report xmlns=\"%s\">", GR_TEMPLATE_NS);
        free(ns);
    } else if (is_value_error(e->code)) {
        /* an element holding elements was reported as such: its "value" is no news */
        bool has_children = !attr && elem && xmlFirstElementChild(elem);
        if (!has_children && !already_reported(L, idx, node, attr))
            value_error(L, elem, attr, e->code, msg);
    } else if (content && strstr(shape, "Missing child element")) {
        char *want = expected_name(msg, name, NULL);
        char *wl = want ? gr_xml_label_of(want) : NULL;
        char *where = gr_xml_context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：缺少“%s”（元素 %s）", where, wl ? wl : (want ? want : "?"),
                    want ? want : "?");
        free(where);
        free(wl);
        free(want);
    } else if (content && strstr(shape, "This element is not expected") && is_xinclude(elem)) {
        xinclude_error(L, elem);
    } else if ((e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2 || /* simple content */
                e->code == XML_SCHEMAV_CVC_TYPE_3_1_2 ||    /* a simple type */
                (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 && /* empty: character or element */
                 strstr(shape, "Element content is not allowed"))) &&
               elem && xmlFirstElementChild(elem)) {
        xmlNodePtr child = xmlFirstElementChild(elem);
        if (is_xinclude(child)) {
            xinclude_error(L, child);
        } else {
            char *where = gr_xml_context_of(elem);
            gr_pos cp = gr_xml_elem_pos(child);
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, cp.line, cp.col, "E-SCHEMA",
                        "%s中不能有元素 <%s>：段落只含文字", where, gr_xml_name_of(child));
            gr_diag_hint(L->d, "删去 <%s> 标签，保留其中的文字", gr_xml_name_of(child));
            free(where);
        }
    } else if (content && strstr(shape, "This element is not expected")) {
        char *want = expected_name(msg, gr_xml_name_of(parent), name);
        char *wl = want ? gr_xml_label_of(want) : NULL;
        char *gl = gr_xml_label_of(name);
        char *where = gr_xml_context_of(parent);
        const char *pname = gr_xml_name_of(parent);
        int ow = want ? order_in(pname, want) : -1, og = order_in(pname, name);
        /* Is the expected element further down (out of order), and is a paragraph followed by
         * figures (misplaced, not a sign that something is missing)? */
        xmlNodePtr later = NULL;
        bool figures_follow = false;
        for (xmlNodePtr s = xmlNextElementSibling(elem); s; s = xmlNextElementSibling(s)) {
            if (want && !later && !strcmp(gr_xml_name_of(s), want))
                later = s;
            figures_follow |= strcmp(gr_xml_name_of(s), "p") != 0;
        }
        bool duplicate = false;
        for (xmlNodePtr s = xmlPreviousElementSibling(elem); s && !duplicate;
             s = xmlPreviousElementSibling(s))
            duplicate = strcmp(name, "p") && !strcmp(gr_xml_name_of(s), name);
        if (!gl)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：不认识的元素 %s%s%s%s", where, name, want ? "，此处应为“" : "",
                        want ? (wl ? wl : want) : "", want ? "”" : "");
        else if (duplicate)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：“%s”（元素 %s）重复出现", where, gl, name);
        else if (want && later)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：次序不对，“%s”（元素 %s）应排在“%s”（元素 %s）之前", where,
                        wl ? wl : want, want, gl ? gl : name, name);
        else if (!strcmp(name, "p") && figures_follow)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：段落应写在表格数字之后", where);
        else if (want && ow >= 0 && og > ow)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：缺少“%s”（元素 %s）", where, wl ? wl : want, want);
        else if (want)
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：此处不应出现“%s”（元素 %s），应为“%s”（元素 %s）", where,
                        gl ? gl : name, name, wl ? wl : want, want);
        else
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                        "%s：此处不应出现“%s”（元素 %s），可能重复或多余", where,
                        gl ? gl : name, name);
        if (!gl)
            gr_diag_hint(L->d, "元素名须与格式说明一致，且在命名空间 %s 中", GR_TEMPLATE_NS);
        free(where);
        free(wl);
        free(gl);
        free(want);
    } else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_4 && attr) {
        char *where = gr_xml_context_of(elem);
        const char *al = gr_xml_attr_label(elem, attr);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：缺少“%s”（属性 %s）", where, al ? al : attr, attr);
        free(where);
    } else if (is_unknown_attribute(e->code) && attr) {
        char *where = gr_xml_context_of(elem);
        gr_pos ap = gr_xml_attr_pos(L, elem, attr);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, ap.line, ap.col, "E-SCHEMA",
                    "%s：不认识的属性 %s", where, attr);
        free(where);
    } else if (e->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3) {
        char *where = gr_xml_context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：此处不应有文字，文字应写在 <p> 段落中或属性里", where);
        free(where);
    } else {
        char *where = gr_xml_context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：不符合报告格式（%s）", where, msg);
        free(where);
    }
    free(attr);
    free(shape);
}

const char *gr_xml_parse_error_text(int code)
{
    switch (code) {
    case XML_ERR_DOCUMENT_EMPTY:
        return "文件为空";
    case XML_ERR_TAG_NAME_MISMATCH:
        return "结束标签与开始标签不一致";
    case XML_ERR_TAG_NOT_FINISHED:
        return "元素没有结束";
    case XML_ERR_GT_REQUIRED:
        return "标签缺少“>”";
    case XML_ERR_LT_IN_ATTRIBUTE:
        return "属性值中不能有“<”";
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        return "属性值应写在引号中";
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return "未定义的实体（“&”须写作 &amp;）";
    case XML_ERR_DOCUMENT_END:
        return "根元素结束后还有内容";
    case XML_ERR_ATTRIBUTE_REDEFINED:
        return "同一属性写了两次";
    default:
        return "XML 格式错误";
    }
}

/* The character libxml2 refused ("PCDATA invalid Char value 27", "Char 0xFFFF out of allowed
 * range", "xmlParseCharRef: invalid xmlChar value 0"; written or referenced), or -1 when the
 * error is another. int1 carries it; str1 carries the bytes of an encoding error instead. */
long gr_xml_refused_char(const raw_error *e)
{
    if ((e->code != XML_ERR_INVALID_CHAR && e->code != XML_ERR_INVALID_CHARREF) || e->str1)
        return -1;
    if (e->int1 > 0)
        return e->int1 <= 0x10FFFF ? e->int1 : -1; /* beyond: a reference out of bounds */
    /* int1 is 0 for U+0000 and for an error that names no character: the text tells */
    static const char *const zero[] = {"invalid Char value 0", "invalid xmlChar value 0",
                                       "Char 0x0 "};
    for (size_t f = 0; f < sizeof zero / sizeof zero[0]; f++) {
        const char *p = strstr(e->message, zero[f]);
        if (p && (p[strlen(zero[f])] < '0' || p[strlen(zero[f])] > '9'))
            return 0;
    }
    return -1;
}

/* Only XML white space (or nothing) in the file: "empty", not "not XML". */
bool gr_xml_blank_data(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!gr_is_space(data[i], GR_SPACE_XML))
            return false;
    return true;
}

/* libxml2 stops at a NUL byte with "Premature end of data"; the clerk needs to hear that the
 * file holds one (a binary or damaged file), and where. Files in UTF-16 or UTF-32 are made
 * of NUL bytes, so they are left to the parser (a BOM, or "<" padded with NULs). */
bool gr_xml_find_nul(const char *data, size_t len, gr_pos *at)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return false;
    if (len >= 2 && (u[0] == 0 || u[1] == 0) && (u[0] == '<' || u[1] == '<'))
        return false;
    const char *nul = memchr(data, 0, len);
    if (!nul)
        return false;
    gr_pos p = {1, 1};
    for (const char *s = data; s < nul;) {
        if (*s == '\n') {
            p.line++;
            p.col = 1;
            s++;
            continue;
        }
        gr_utf8_next(&s, (size_t)(nul - s));
        p.col++;
    }
    *at = p;
    return true;
}

bool gr_xml_is_encoding_error(int code)
{
    return code == XML_ERR_UNSUPPORTED_ENCODING || code == XML_ERR_INVALID_CHAR ||
           code == XML_ERR_INVALID_ENCODING || code == XML_I18N_CONV_FAILED ||
           code == XML_ERR_UNKNOWN_ENCODING || code == XML_I18N_NO_HANDLER;
}

