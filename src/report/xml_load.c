/* xml_load: report.xml → model, the first stage of the pipeline and the only file that
 * includes libxml2. The file is read here (size cap), parsed from memory with network,
 * DTDs and entities refused, validated against the embedded XSD (compiled once per
 * process), and every libxml2 message is turned into a Chinese diagnostic that names the
 * official row and column, at file:line:col. Also writes a model back out as XML. */
#define _POSIX_C_SOURCE 200809L
#include "report/xml_load.h"

#include "report/template.h"
#include "base/base.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Generated at build time from schemas/annual-report-2021.xsd (see CMakeLists.txt). */
extern const unsigned char gr_schema_xsd[];
extern const size_t gr_schema_xsd_len;

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

/* libxml2 repeats itself on broken input; a few hundred messages say everything a clerk can
 * act on and keep a hostile file from producing unbounded output. */
#define GR_MAX_RAW_ERRORS 500
/* A value quoted in a diagnostic: enough to recognise it, short enough for one line even
 * when the "value" is a whole section's text. */
#define GR_MAX_QUOTED_CHARS 40
/* libxml2 (2.9) checks each attribute of a start tag against every earlier one and appends
 * it at the end of a list: quadratic in the attributes of one element (hours for a 16 MB
 * start tag). A report's elements have at most 7 attributes; more than this is refused
 * before parsing. */
#define GR_MAX_ATTRIBUTES 256
/* Auto-numbered subheadings use Chinese numerals up to 九十九; a section never has more. */
#define GR_MAX_CN_NUMERAL 99

/* ---- the compiled schema: once per process, shared read-only by every thread ---- */

static pthread_mutex_t schema_lock = PTHREAD_MUTEX_INITIALIZER;
static xmlSchemaPtr schema;
static char *schema_problem; /* why the embedded schema did not compile (a build bug) */

/* Nothing outside the file is ever read: no DTD, no external entity, no XInclude. */
static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void schema_compile_error(void *ctx, xml_error_arg e)
{
    (void)ctx;
    if (!schema_problem && e && e->message)
        schema_problem = gr_xstrdup(e->message);
}

static void quiet_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static xmlSchemaPtr schema_get(void)
{
    pthread_mutex_lock(&schema_lock);
    if (!schema && !schema_problem) {
        xmlInitParser();
        xmlSetExternalEntityLoader(refuse_external);
        xmlSchemaParserCtxtPtr pc =
            xmlSchemaNewMemParserCtxt((const char *)gr_schema_xsd, (int)gr_schema_xsd_len);
        if (pc) {
            xmlSchemaSetParserStructuredErrors(pc, schema_compile_error, NULL);
            xmlSetGenericErrorFunc(NULL, quiet_generic);
            schema = xmlSchemaParse(pc);
            xmlSetGenericErrorFunc(NULL, NULL);
            xmlSchemaFreeParserCtxt(pc);
        }
        if (!schema && !schema_problem)
            schema_problem = gr_xstrdup("schema did not compile");
    }
    xmlSchemaPtr s = schema;
    pthread_mutex_unlock(&schema_lock);
    return s;
}

void gr_xml_cleanup(void)
{
    pthread_mutex_lock(&schema_lock);
    if (schema)
        xmlSchemaFree(schema);
    schema = NULL;
    free(schema_problem);
    schema_problem = NULL;
    pthread_mutex_unlock(&schema_lock);
}

/* ---- one load ---- */

typedef struct {
    int domain, code, level, line, col;
    xmlNodePtr node;
    char *message;
} raw_error;

/* Where an element's start tag stands in the text (stored in node->_private). */
typedef struct {
    size_t off;
    gr_pos pos;
} node_pos;

typedef struct {
    const char *path;
    gr_diags *d;
    raw_error *errs;
    size_t nerrs, caperrs, lost;
    bool dtd_seen;
    int dtd_line;
    /* The document as UTF-8 for columns (libxml2 gives lines only); NULL when unknown. */
    char *text;
    size_t text_len;
    size_t *line_start;
    size_t nlines;
    size_t scan; /* start tags are found in document order */
    /* The last position computed: asked in document order, the next column is counted on
     * from it rather than from the start of the line (a file on one line is common). */
    size_t memo_off;
    gr_pos memo_pos;
    gr_arena *tmp;
} loader;

static void on_error(void *ctx, xml_error_arg e)
{
    loader *L = ctx;
    if (!e || e->level == XML_ERR_NONE)
        return;
    if (L->nerrs >= GR_MAX_RAW_ERRORS) {
        L->lost++;
        return;
    }
    gr_grow((void **)&L->errs, &L->caperrs, L->nerrs + 1, sizeof *L->errs);
    raw_error *r = &L->errs[L->nerrs++];
    r->domain = e->domain;
    r->code = e->code;
    r->level = e->level;
    r->line = e->line;
    r->col = e->int2;
    r->node = e->domain == XML_FROM_SCHEMASV ? (xmlNodePtr)e->node : NULL;
    char *m = gr_xstrdup(e->message ? e->message : "");
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        m[--n] = 0;
    for (char *p = m; *p; p++)
        if (*p == '\n')
            *p = ' '; /* one diagnostic, one line */
    r->message = m;
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    loader *L = ctxt->_private;
    /* Stop before the internal subset is read: no entity is declared, none expanded, no
     * external DTD fetched. A report needs none of it. */
    L->dtd_seen = true;
    L->dtd_line = ctxt->input ? ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

static void ignore_external_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                   const xmlChar *system_id)
{
    (void)ctx;
    (void)name;
    (void)external_id;
    (void)system_id;
}

static xmlParserInputPtr refuse_resolve(void *ctx, const xmlChar *public_id,
                                        const xmlChar *system_id)
{
    (void)ctx;
    (void)public_id;
    (void)system_id;
    return NULL;
}

/* ---- positions: libxml2 knows lines, we find columns in the text ---- */

/* data in encoding `from` as UTF-8 (NUL-terminated), or NULL when it is not that. With
 * partial, what converts before the first invalid sequence is returned instead. */
static char *convert_to_utf8_part(const char *from, const char *data, size_t len,
                                  size_t *out_len, bool partial)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = gr_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, outleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
            if (errno == E2BIG) {
                size_t used = (size_t)(o - out);
                cap *= 2;
                out = gr_xrealloc(out, cap);
                o = out + used;
                outleft = cap - used - 1;
                continue;
            }
            if (partial)
                break;
            free(out);
            iconv_close(cd);
            return NULL;
        }
    }
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

static char *convert_to_utf8(const char *from, const char *data, size_t len, size_t *out_len)
{
    return convert_to_utf8_part(from, data, len, out_len, false);
}

/* The offset of the first s (of n bytes) in t[i..len), or len. */
static size_t find_seq(const char *t, size_t i, size_t len, const char *s, size_t n)
{
    while (i + n <= len) {
        const char *c = memchr(t + i, s[0], len - i - n + 1);
        if (!c)
            break;
        i = (size_t)(c - t);
        if (!memcmp(c, s, n))
            return i;
        i++;
    }
    return len;
}

/* The first start tag of t with more than GR_MAX_ATTRIBUTES attributes (counted as '='
 * outside quotes), skipping comments, CDATA sections and processing instructions. t is
 * ASCII-compatible: UTF-8, GB18030 and GBK never use bytes below 0x40 inside a character. */
static bool find_attribute_flood(const char *t, size_t len, size_t *at)
{
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(t + i, '<', len - i);
        if (!lt)
            return false;
        i = (size_t)(lt - t);
        if (len - i >= 4 && !memcmp(t + i, "<!--", 4)) {
            i = find_seq(t, i + 4, len, "-->", 3) + 3;
            continue;
        }
        if (len - i >= 9 && !memcmp(t + i, "<![CDATA[", 9)) {
            i = find_seq(t, i + 9, len, "]]>", 3) + 3;
            continue;
        }
        if (len - i >= 2 && t[i + 1] == '?') {
            i = find_seq(t, i + 2, len, "?>", 2) + 2;
            continue;
        }
        size_t start = i;
        int eq = 0;
        char quote = 0;
        for (i++; i < len; i++) {
            char c = t[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            } else if (c == '=' && ++eq > GR_MAX_ATTRIBUTES) {
                *at = start;
                return true;
            }
        }
    }
    return false;
}

/* Refuse a start tag with too many attributes before libxml2 sees it (see
 * GR_MAX_ATTRIBUTES): the position is found in the text as UTF-8, converted first when the
 * file is UTF-16 or UTF-32 (as far as it converts: the parser stops at the same place). */
static bool attribute_flood(const char *data, size_t len, gr_pos *pos)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *from = NULL;
    if (len >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4))
        from = "UTF-32";
    else if (len >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4))
        from = "UTF-32";
    else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        from = "UTF-16";
    else if (len >= 4 && !memcmp(u, "<\0\0\0", 4))
        from = "UTF-32LE";
    else if (len >= 4 && !memcmp(u, "\0\0\0<", 4))
        from = "UTF-32BE";
    else if (len >= 2 && u[0] == '<' && u[1] == 0)
        from = "UTF-16LE";
    else if (len >= 2 && u[0] == 0 && u[1] == '<')
        from = "UTF-16BE";
    char *conv = NULL;
    size_t n = len;
    const char *t = data;
    if (from) {
        conv = convert_to_utf8_part(from, data, len, &n, true);
        if (!conv)
            return false;
        t = conv;
    }
    size_t at;
    bool found = find_attribute_flood(t, n, &at);
    if (found) {
        gr_pos p = {1, 1};
        for (const char *c = t, *end = t + at; c < end;) {
            if (*c == '\n') {
                p.line++;
                p.col = 1;
                c++;
                continue;
            }
            gr_utf8_next(&c, (size_t)(end - c));
            p.col++;
        }
        *pos = p;
    }
    free(conv);
    return found;
}

static void prepare_text(loader *L, const char *data, size_t len, xmlDocPtr doc)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        L->text = convert_to_utf8("UTF-16LE", data + 2, len - 2, &L->text_len);
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        L->text = convert_to_utf8("UTF-16BE", data + 2, len - 2, &L->text_len);
    else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        L->text = convert_to_utf8("UTF-8", data + 3, len - 3, &L->text_len);
    else if (doc->encoding && strcasecmp((const char *)doc->encoding, "UTF-8") != 0)
        L->text = convert_to_utf8((const char *)doc->encoding, data, len, &L->text_len);
    else
        L->text = convert_to_utf8("UTF-8", data, len, &L->text_len);
    if (!L->text)
        return;
    /* Line breaks as XML counts them: \n, \r\n and a lone \r. */
    size_t cap = 0;
    gr_grow((void **)&L->line_start, &cap, 1, sizeof(size_t));
    L->line_start[L->nlines++] = 0;
    for (size_t i = 0; i < L->text_len; i++) {
        char c = L->text[i];
        if (c == '\r' && i + 1 < L->text_len && L->text[i + 1] == '\n')
            continue;
        if (c == '\n' || c == '\r') {
            gr_grow((void **)&L->line_start, &cap, L->nlines + 1, sizeof(size_t));
            L->line_start[L->nlines++] = i + 1;
        }
    }
}

static gr_pos offset_pos(loader *L, size_t off)
{
    size_t lo = 0, hi = L->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (L->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    gr_pos p = {(int)lo + 1, 1};
    const char *s = L->text + L->line_start[lo];
    const char *end = L->text + off;
    if (L->memo_pos.line == p.line && L->memo_off <= off) {
        p = L->memo_pos;
        s = L->text + L->memo_off;
    }
    while (s < end) {
        gr_utf8_next(&s, (size_t)(end - s));
        p.col++;
    }
    L->memo_off = off;
    L->memo_pos = p;
    return p;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Find "<qname" at or after L->scan, skipping comments and CDATA. */
static bool find_start_tag(loader *L, const char *qname, size_t *off)
{
    size_t n = strlen(qname);
    const char *t = L->text, *end = L->text + L->text_len;
    const char *p = t + L->scan;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
            const char *q = strstr(p + 4, "-->");
            if (!q)
                return false;
            p = q + 3;
            continue;
        }
        if (end - p >= 9 && !memcmp(p, "<![CDATA[", 9)) {
            const char *q = strstr(p + 9, "]]>");
            if (!q)
                return false;
            p = q + 3;
            continue;
        }
        if ((size_t)(end - p) > n + 1 && !memcmp(p + 1, qname, n) &&
            (is_space(p[n + 1]) || p[n + 1] == '/' || p[n + 1] == '>')) {
            *off = (size_t)(p - t);
            L->scan = *off + 1;
            return true;
        }
        p++;
    }
    return false;
}

static const char *qualified_name(xmlNodePtr n, char *buf, size_t cap)
{
    if (n->ns && n->ns->prefix)
        snprintf(buf, cap, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
    else
        snprintf(buf, cap, "%s", (const char *)n->name);
    return buf;
}

/* Give every element its position, in document order (the order of start tags). A start
 * tag not found ends the search: each look-up scans on from the last one found, so going
 * on would scan the rest of the file once per element (quadratic in a file of many
 * elements); the elements after it keep the line libxml2 gives. */
static void locate_elements(loader *L, xmlDocPtr doc)
{
    xmlNodePtr n = xmlDocGetRootElement(doc);
    bool searching = L->text != NULL;
    while (n) {
        node_pos *np = gr_arena_alloc(L->tmp, sizeof *np);
        np->pos.line = (int)xmlGetLineNo(n);
        size_t off;
        if (searching) {
            char *q = n->ns && n->ns->prefix
                          ? gr_xasprintf("%s:%s", (const char *)n->ns->prefix, (const char *)n->name)
                          : gr_xstrdup((const char *)n->name);
            searching = find_start_tag(L, q, &off);
            free(q);
            if (searching) {
                np->off = off + 1;
                np->pos = offset_pos(L, off);
            }
        }
        n->_private = np;
        /* next element in document order */
        xmlNodePtr next = xmlFirstElementChild(n);
        if (!next) {
            while (n && !xmlNextElementSibling(n))
                n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
            next = n ? xmlNextElementSibling(n) : NULL;
        }
        n = next;
    }
}

static gr_pos elem_pos(xmlNodePtr n)
{
    gr_pos p = {0, 0};
    if (n && n->type == XML_ELEMENT_NODE && n->_private)
        p = ((node_pos *)n->_private)->pos;
    else if (n)
        p.line = (int)xmlGetLineNo(n);
    return p;
}

/* The position of attribute `name=` inside the start tag of element n. */
static gr_pos attr_pos(loader *L, xmlNodePtr n, const char *name)
{
    gr_pos p = elem_pos(n);
    node_pos *np = n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
    if (!L->text || !np || !np->off)
        return p;
    const char *s = L->text + np->off, *end = L->text + L->text_len;
    while (s < end && !is_space(*s) && *s != '>' && *s != '/')
        s++; /* the element name */
    size_t n_len = strlen(name);
    for (;;) {
        while (s < end && is_space(*s))
            s++;
        if (s >= end || *s == '>' || *s == '/')
            return p;
        const char *a = s;
        while (s < end && !is_space(*s) && *s != '=' && *s != '>')
            s++;
        if ((size_t)(s - a) == n_len && !memcmp(a, name, n_len))
            return offset_pos(L, (size_t)(a - L->text));
        while (s < end && is_space(*s))
            s++;
        if (s < end && *s == '=')
            s++;
        while (s < end && is_space(*s))
            s++;
        if (s < end && (*s == '"' || *s == '\'')) {
            char qc = *s++;
            while (s < end && *s != qc)
                s++;
            if (s < end)
                s++;
        } else if (s < end && *s != '>' && *s != '/') {
            s++; /* malformed: step on rather than loop */
        }
    }
}

static bool is_xml_space_or_ideographic(const char *s, size_t *len);

/* The position of the first character of n's text that stripped() keeps: past the start
 * tag and any white space (U+3000 included). Column 0 when the start tag was not found. */
static gr_pos content_pos(loader *L, xmlNodePtr n)
{
    gr_pos p = elem_pos(n);
    node_pos *np = n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
    p.col = 0;
    if (!L->text || !np || !np->off)
        return p;
    const char *s = L->text + np->off, *end = L->text + L->text_len;
    char quote = 0;
    for (; s < end; s++) { /* to the end of the start tag, over quoted values */
        if (quote) {
            quote = *s == quote ? 0 : quote;
        } else if (*s == '"' || *s == '\'') {
            quote = *s;
        } else if (*s == '>') {
            break;
        }
    }
    if (s >= end)
        return p;
    s++;
    size_t k;
    while (s < end && is_xml_space_or_ideographic(s, &k))
        s += k;
    return offset_pos(L, (size_t)(s - L->text));
}

/* ---- names: XML names → the official labels of template.h ---- */

static int section_of(const char *name)
{
    for (int i = 0; i < GR_SECTIONS; i++)
        if (!strcmp(name, gr_sections[i].xml))
            return i;
    return -1;
}

static int t3_row_of(const char *name)
{
    for (int i = 0; i < GR_T3_ROWS; i++)
        if (!strcmp(name, gr_t3_rows[i].xml))
            return i;
    return -1;
}

static int t3_col_of(const char *name)
{
    for (int i = 0; i < GR_T3_COLS; i++)
        if (!strcmp(name, gr_t3_cols[i].xml))
            return i;
    return -1;
}

static int t2_row_of(const char *name)
{
    for (int i = 0; i < GR_T2_ROWS; i++)
        if (!strcmp(name, gr_t2_rows[i].xml))
            return i;
    return -1;
}

static int t4_group_of(const char *name)
{
    for (int i = 0; i < GR_T4_GROUPS; i++)
        if (!strcmp(name, gr_t4_group_xml[i]))
            return i;
    return -1;
}

static int t4_result_of(const char *name)
{
    for (int i = 0; i < GR_T4_RESULTS; i++)
        if (!strcmp(name, gr_t4_result_xml[i]))
            return i;
    return -1;
}

static const char *const meta_xml[] = {"issuer", "year", "published", "region", "title"};
static const char *const meta_label[] = {"发布机关", "年度", "发布日期", "行政区划代码", "标题"};

static int meta_of(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, meta_xml[i]))
            return i;
    return -1;
}

static const char *name_of(xmlNodePtr n)
{
    return n && n->name ? (const char *)n->name : "";
}

/* What the clerk calls element `name` (a row, a section…); NULL when it is not ours. */
static char *label_of(const char *name)
{
    int i;
    if ((i = section_of(name)) >= 0)
        return gr_xstrdup(gr_sections[i].heading);
    if ((i = t3_row_of(name)) >= 0)
        return gr_xstrdup(gr_t3_rows[i].name);
    if ((i = t2_row_of(name)) >= 0)
        return gr_xstrdup(gr_t2_rows[i].label);
    if ((i = t4_group_of(name)) >= 0)
        return i == GR_T4_REVIEW ? gr_xstrdup(gr_t4_groups[i])
                                 : gr_xasprintf("%s（%s）", gr_t4_litigation, gr_t4_groups[i]);
    if ((i = meta_of(name)) >= 0)
        return gr_xstrdup(meta_label[i]);
    if (!strcmp(name, "meta"))
        return gr_xstrdup("元数据");
    if (!strcmp(name, "preamble"))
        return gr_xstrdup("前言");
    if (!strcmp(name, "p"))
        return gr_xstrdup("段落");
    if (!strcmp(name, "report"))
        return gr_xstrdup("报告");
    return NULL;
}

/* The place in the report's words: "三、收到和处理政府信息公开申请情况：“一、本年新收…”". */
static char *context_of(xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return gr_xstrdup("报告");
    const char *name = name_of(n);
    xmlNodePtr parent = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
    int i;
    if ((i = t3_row_of(name)) >= 0)
        return gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_APPLICATIONS].heading,
                            gr_t3_rows[i].name);
    if ((i = t2_row_of(name)) >= 0)
        return gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_PROACTIVE].heading,
                            gr_t2_rows[i].label);
    if ((i = t4_group_of(name)) >= 0) {
        char *l = label_of(name);
        char *s = gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_REVIEWS].heading, l);
        free(l);
        return s;
    }
    if ((i = meta_of(name)) >= 0)
        return gr_xasprintf("元数据：“%s”", meta_label[i]);
    if (!strcmp(name, "p") && parent) {
        char *l = label_of(name_of(parent));
        char *s = gr_xasprintf("%s：段落", l ? l : name_of(parent));
        free(l);
        return s;
    }
    char *l = label_of(name);
    return l ? l : gr_xasprintf("元素 %s", name);
}

/* The label of attribute `attr` of element n: a column of a table or the subheading. */
static const char *attr_label(xmlNodePtr n, const char *attr)
{
    const char *name = name_of(n);
    int i;
    if (t3_row_of(name) >= 0 && (i = t3_col_of(attr)) >= 0)
        return gr_t3_cols[i].label;
    if (t4_group_of(name) >= 0 && (i = t4_result_of(attr)) >= 0)
        return gr_t4_results[i];
    if ((i = t2_row_of(name)) >= 0) {
        const gr_t2_block *b = &gr_t2_blocks[gr_t2_rows[i].block];
        for (int k = 0; k < 3 && gr_t2_rows[i].attrs[k]; k++)
            if (!strcmp(attr, gr_t2_rows[i].attrs[k]))
                return b->columns[k];
    }
    if (!strcmp(attr, "heading"))
        return "段首小标题";
    return NULL;
}

/* ---- translating libxml2's messages ---- */

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
        if ((i = t3_row_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "proactive")) {
        if ((i = t2_row_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "reviews")) {
        if ((i = t4_group_of(name)) >= 0)
            return i;
    } else if (!strcmp(parent, "meta")) {
        if ((i = meta_of(name)) >= 0)
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
        if (e->node != node || e->domain != XML_FROM_SCHEMASV)
            continue;
        char *a = name_after(e->message, "attribute ");
        bool same = (a && attr && !strcmp(a, attr)) || (!a && !attr);
        free(a);
        if (same && (strstr(e->message, "[facet") || strstr(e->message, "is not a valid value")))
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
    while (is_space(*p))
        p++;
    while (p < end) {
        const char *c = p;
        int32_t cp = gr_utf8_next(&p, (size_t)(end - c));
        if (cp < 0)
            continue; /* libxml2 hands over valid UTF-8; be safe anyway */
        if (is_space((char)cp) && cp < 0x80) {
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
    while (is_space(*s))
        s++;
    if (*s == '+')
        s++;
    const char *d = s;
    while (*s >= '0' && *s <= '9')
        s++;
    bool some = s > d;
    while (is_space(*s))
        s++;
    return some && !*s;
}

/* The Amount pattern of the schema, [0-9]+(\.[0-9]{1,6})?, white space around allowed. */
static bool decimal_form(const char *s)
{
    while (is_space(*s))
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
    while (is_space(*s))
        s++;
    return !*s;
}

static void value_error(loader *L, xmlNodePtr elem, const char *attr, const char *msg)
{
    xmlChar *v = attr ? xmlGetProp(elem, (const xmlChar *)attr) : xmlNodeGetContent(elem);
    char *value = quoted_value(v ? (const char *)v : "");
    const char *name = name_of(elem);
    gr_pos pos = attr ? attr_pos(L, elem, attr) : elem_pos(elem);
    char *where = context_of(elem);
    const char *alabel = attr ? attr_label(elem, attr) : NULL;
    /* libxml2 reads at most 24 digits: a longer run of digits is "not a valid value" to it,
     * but to the clerk it is a figure over the bound like any other */
    bool over = strstr(msg, "'maxInclusive'") != NULL || (v && all_digits((const char *)v));
    bool is_count = attr && alabel && strcmp(attr, "amount") && strcmp(attr, "heading");

    if (is_count && over)
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”的值“%s”超过上限 %lld", where, alabel, value, GR_MAX_COUNT);
    else if (is_count)
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s“%s”%s的值“%s”不是非负整数", where, alabel,
                    t3_row_of(name) >= 0 ? "列" : "", value);
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
                    "元数据：年度“%s”应为 1990 至 2100 之间的四位数字", value);
    else if (!attr && !strcmp(name, "published"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "元数据：发布日期“%s”应为 YYYY-MM-DD 形式的日期，如 2026-01-20", value);
    else if (!attr && !strcmp(name, "region"))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "元数据：行政区划代码“%s”应为 6 位数字", value);
    else if (!attr && (strstr(msg, "'minLength'") || strstr(msg, "'pattern'")))
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA", "%s不能为空",
                    where);
    else
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s%s%s的值“%s”不符合要求（%s）", where, attr ? "：属性 " : "",
                    attr ? attr : "", value, msg);
    if (has_fullwidth_digit(value))
        gr_diag_hint(L->d, "请用半角数字 0–9，不要用全角数字");
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
    gr_pos pos = elem_pos(n);
    char q[256];
    gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                "不支持 XInclude（元素 %s）：报告须写在一个文件里，不引用其他文件",
                qualified_name(n, q, sizeof q));
    gr_diag_hint(L->d, "把要引用的文字直接写进报告");
}

/* msg without what the file wrote: names ('…', {…}) emptied, so that the wording libxml2
 * uses, not a name or value that happens to contain it, tells what kind of error it is. */
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

static void schema_error(loader *L, size_t idx)
{
    raw_error *e = &L->errs[idx];
    char *shape = message_shape(e->message);
    const char *msg = e->message;
    xmlNodePtr node = e->node;
    xmlNodePtr elem = node;
    char *attr = NULL;
    if (node && node->type == XML_ATTRIBUTE_NODE) {
        elem = node->parent;
        attr = gr_xstrdup(name_of(node));
    } else {
        attr = name_after(msg, "attribute ");
    }
    gr_pos pos = elem ? elem_pos(elem) : (gr_pos){e->line, 0};
    const char *name = name_of(elem);
    xmlNodePtr parent = elem && elem->parent && elem->parent->type == XML_ELEMENT_NODE
                            ? elem->parent
                            : NULL;

    if (e->code == XML_SCHEMAV_CVC_ELT_1 || strstr(shape, "No matching global declaration")) {
        const xmlChar *href = elem && elem->ns ? elem->ns->href : NULL;
        char *ns = href ? quoted_value((const char *)href) : NULL;
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "根元素应为命名空间 %s 中的 report，实际为 %s%s%s", GR_TEMPLATE_NS, name,
                    ns ? "，命名空间 " : "（无命名空间）", ns ? ns : "");
        gr_diag_hint(L->d, "根元素写作 <report xmlns=\"%s\">", GR_TEMPLATE_NS);
        free(ns);
    } else if (strstr(shape, "[facet") || strstr(shape, "is not a valid value")) {
        /* an element holding elements was reported as such: its "value" is no news */
        bool has_children = !attr && elem && xmlFirstElementChild(elem);
        if (!has_children && !already_reported(L, idx, node, attr))
            value_error(L, elem, attr, msg);
    } else if (strstr(shape, "Missing child element")) {
        char *want = expected_name(msg, name, NULL);
        char *wl = want ? label_of(want) : NULL;
        char *where = context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：缺少“%s”（元素 %s）", where, wl ? wl : (want ? want : "?"),
                    want ? want : "?");
        free(where);
        free(wl);
        free(want);
    } else if (strstr(shape, "This element is not expected") && is_xinclude(elem)) {
        xinclude_error(L, elem);
    } else if (strstr(shape, "Element content is not allowed") && elem &&
               xmlFirstElementChild(elem)) {
        xmlNodePtr child = xmlFirstElementChild(elem);
        if (is_xinclude(child)) {
            xinclude_error(L, child);
        } else {
            char *where = context_of(elem);
            gr_pos cp = elem_pos(child);
            gr_diag_add(L->d, GR_SEV_ERROR, L->path, cp.line, cp.col, "E-SCHEMA",
                        "%s中不能有元素 <%s>：段落只含文字", where, name_of(child));
            gr_diag_hint(L->d, "删去 <%s> 标签，保留其中的文字", name_of(child));
            free(where);
        }
    } else if (strstr(shape, "This element is not expected")) {
        char *want = expected_name(msg, name_of(parent), name);
        char *wl = want ? label_of(want) : NULL;
        char *gl = label_of(name);
        char *where = context_of(parent);
        const char *pname = name_of(parent);
        int ow = want ? order_in(pname, want) : -1, og = order_in(pname, name);
        /* Is the expected element further down (out of order), and is a paragraph followed by
         * figures (misplaced, not a sign that something is missing)? */
        xmlNodePtr later = NULL;
        bool figures_follow = false;
        for (xmlNodePtr s = xmlNextElementSibling(elem); s; s = xmlNextElementSibling(s)) {
            if (want && !later && !strcmp(name_of(s), want))
                later = s;
            figures_follow |= strcmp(name_of(s), "p") != 0;
        }
        bool duplicate = false;
        for (xmlNodePtr s = xmlPreviousElementSibling(elem); s && !duplicate;
             s = xmlPreviousElementSibling(s))
            duplicate = strcmp(name, "p") && !strcmp(name_of(s), name);
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
    } else if (strstr(shape, "is required but missing") && attr) {
        char *where = context_of(elem);
        const char *al = attr_label(elem, attr);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：缺少“%s”（属性 %s）", where, al ? al : attr, attr);
        free(where);
    } else if (strstr(shape, "is not allowed") && attr) {
        char *where = context_of(elem);
        gr_pos ap = attr_pos(L, elem, attr);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, ap.line, ap.col, "E-SCHEMA",
                    "%s：不认识的属性 %s", where, attr);
        free(where);
    } else if (strstr(shape, "Character content other than whitespace")) {
        char *where = context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：此处不应有文字，文字应写在 <p> 段落中或属性里", where);
        free(where);
    } else {
        char *where = context_of(elem);
        gr_diag_add(L->d, GR_SEV_ERROR, L->path, pos.line, pos.col, "E-SCHEMA",
                    "%s：不符合报告格式（%s）", where, msg);
        free(where);
    }
    free(attr);
    free(shape);
}

static const char *parse_error_text(int code)
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

/* The character libxml2 refused in "PCDATA invalid Char value 27", "Char 0xFFFF out of
 * allowed range" or "xmlParseCharRef: invalid xmlChar value 0" (written or referenced), or
 * -1 when the message is another. */
static long refused_char(const raw_error *e)
{
    if (e->code != XML_ERR_INVALID_CHAR && e->code != XML_ERR_INVALID_CHARREF)
        return -1;
    static const struct {
        const char *before;
        int base;
    } forms[] = {{"invalid Char value ", 10}, {"invalid xmlChar value ", 10}, {"Char 0x", 16}};
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        const char *p = strstr(e->message, forms[f].before);
        if (!p)
            continue;
        p += strlen(forms[f].before);
        long v = 0;
        int digits = 0;
        for (; digits < 8; p++, digits++) {
            int dv = *p >= '0' && *p <= '9'   ? *p - '0'
                     : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                     : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                                              : 99;
            if (dv >= forms[f].base)
                break;
            v = v * forms[f].base + dv;
        }
        return digits ? v : -1;
    }
    return -1;
}

/* Only XML white space (or nothing) in the file: "empty", not "not XML". */
static bool blank_data(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(data[i]))
            return false;
    return true;
}

/* libxml2 stops at a NUL byte with "Premature end of data"; the clerk needs to hear that the
 * file holds one (a binary or damaged file), and where. Files in UTF-16 or UTF-32 are made
 * of NUL bytes, so they are left to the parser (a BOM, or "<" padded with NULs). */
static bool find_nul(const char *data, size_t len, gr_pos *at)
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

static bool is_encoding_error(int code)
{
    return code == XML_ERR_UNSUPPORTED_ENCODING || code == XML_ERR_INVALID_CHAR ||
           code == XML_ERR_INVALID_ENCODING || code == XML_I18N_CONV_FAILED ||
           code == XML_ERR_UNKNOWN_ENCODING || code == XML_I18N_NO_HANDLER;
}

/* ---- building the model ---- */

static bool is_xml_space_or_ideographic(const char *s, size_t *len)
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
static const char *stripped(gr_arena *a, const char *s)
{
    size_t k;
    while (*s && is_xml_space_or_ideographic(s, &k))
        s += k;
    size_t n = strlen(s), end = 0;
    for (size_t i = 0; i < n;) {
        if (is_xml_space_or_ideographic(s + i, &k)) {
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

static bool in_ns(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href, GR_TEMPLATE_NS);
}

static void read_prose(loader *L, gr_report *r, xmlNodePtr sec, gr_prose *pr)
{
    pr->pos = elem_pos(sec);
    size_t cap = 0, headed = 0;
    for (xmlNodePtr c = xmlFirstElementChild(sec); c; c = xmlNextElementSibling(c)) {
        if (!in_ns(c) || strcmp(name_of(c), "p"))
            continue;
        gr_grow((void **)&pr->items, &cap, pr->n + 1, sizeof *pr->items);
        gr_para *p = &pr->items[pr->n++];
        memset(p, 0, sizeof *p);
        xmlChar *t = xmlNodeGetContent(c);
        p->text = stripped(r->arena, t ? (const char *)t : "");
        xmlFree(t);
        p->pos = elem_pos(c);
        p->text_pos = content_pos(L, c);
        xmlChar *h = xmlGetProp(c, (const xmlChar *)"heading");
        if (h) {
            const char *hs = stripped(r->arena, (const char *)h);
            headed++;
            if (*hs && !has_number_label(hs)) {
                char *num = cn_numeral((int)headed);
                char *full = gr_xasprintf("（%s）%s", num, hs);
                hs = gr_arena_strdup(r->arena, full);
                free(full);
                free(num);
            }
            p->heading = *hs ? hs : NULL;
            p->heading_pos = attr_pos(L, c, "heading");
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
    while (is_space(*s))
        s++;
    bool minus = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    long long v = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9') {
        if (v > GR_MAX_COUNT)
            return false;
        v = v * 10 + (*s++ - '0');
        digits++;
    }
    while (is_space(*s))
        s++;
    if (!digits || *s || v > GR_MAX_COUNT || (minus && v != 0))
        return false;
    *out = v;
    return true;
}

static void read_count(loader *L, xmlNodePtr e, const char *attr, gr_count *c)
{
    xmlChar *v = xmlGetProp(e, (const xmlChar *)attr);
    c->pos = attr_pos(L, e, attr);
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
    const char *s = stripped(r->arena, t ? (const char *)t : "");
    xmlFree(t);
    return s;
}

static void read_meta(gr_report *r, xmlNodePtr meta)
{
    for (xmlNodePtr c = xmlFirstElementChild(meta); c; c = xmlNextElementSibling(c)) {
        if (!in_ns(c))
            continue;
        const char *n = name_of(c);
        const char *s = read_text(r, c);
        if (!strcmp(n, "issuer")) {
            r->issuer = s;
            r->issuer_pos = elem_pos(c);
        } else if (!strcmp(n, "year")) {
            long long y;
            r->year = parse_count(s, &y) && y <= 9999 ? (int)y : 0;
            r->year_pos = elem_pos(c);
        } else if (!strcmp(n, "published")) {
            r->published = s;
        } else if (!strcmp(n, "region")) {
            r->region = s;
        } else if (!strcmp(n, "title")) {
            r->title = s;
        }
    }
}

static void read_report(loader *L, gr_report *r, xmlNodePtr root)
{
    for (xmlNodePtr sec = xmlFirstElementChild(root); sec; sec = xmlNextElementSibling(sec)) {
        if (!in_ns(sec))
            continue;
        const char *n = name_of(sec);
        int s = section_of(n);
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
            if (!in_ns(c))
                continue;
            const char *cn = name_of(c);
            int i;
            if (s == GR_SEC_PROACTIVE && (i = t2_row_of(cn)) >= 0) {
                if (i == GR_T2_FEES) {
                    xmlChar *v = xmlGetProp(c, (const xmlChar *)"amount");
                    if (v) {
                        const char *fee = stripped(r->arena, (const char *)v);
                        r->t2_fee = fee;
                        xmlFree(v);
                    }
                    r->t2_fee_pos = attr_pos(L, c, "amount");
                } else if (i <= GR_T2_NORMATIVE) {
                    for (int k = 0; k < 3; k++)
                        read_count(L, c, gr_t2_rows[i].attrs[k], &r->t2_docs[i][k]);
                } else {
                    read_count(L, c, "decisions", &r->t2_decisions[i - GR_T2_LICENSING]);
                }
            } else if (s == GR_SEC_APPLICATIONS && (i = t3_row_of(cn)) >= 0) {
                for (int k = 0; k < GR_T3_COLS; k++)
                    read_count(L, c, gr_t3_cols[k].xml, &r->t3[i][k]);
            } else if (s == GR_SEC_REVIEWS && (i = t4_group_of(cn)) >= 0) {
                for (int k = 0; k < GR_T4_RESULTS; k++)
                    read_count(L, c, gr_t4_result_xml[k], &r->t4[i][k]);
            }
        }
    }
}

/* ---- entry points ---- */

gr_report *gr_xml_load_mem(const char *data, size_t len, const char *path, gr_diags *d)
{
    loader L = {.path = path, .d = d};
    gr_report *r = NULL;
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;

    if (len > GR_MAX_INPUT_BYTES) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-SIZE",
                    "文件有 %zu 字节，超过 %u MB 的上限（一份报告通常约 100 KB）", len,
                    GR_MAX_INPUT_BYTES / (1024u * 1024u));
        return NULL;
    }
    xmlSchemaPtr xsd = schema_get();
    if (!xsd) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-INTERNAL", "内置的报告格式（XSD）无法编译：%s",
                    schema_problem ? schema_problem : "?");
        return NULL;
    }
    L.tmp = gr_arena_new();
    xmlSetStructuredErrorFunc(&L, on_error);
    xmlSetGenericErrorFunc(&L, quiet_generic);

    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fputs("govreport: out of memory\n", stderr);
        abort();
    }
    ctxt->_private = &L;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = ignore_external_subset;
    ctxt->sax->resolveEntity = refuse_resolve;
    /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: entities stay unexpanded and libxml2's
     * own limits hold; BIG_LINES keeps line numbers beyond 65535 right. */
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING;
    gr_pos flood;
    if (attribute_flood(data, len, &flood)) {
        gr_diag_add(d, GR_SEV_ERROR, path, flood.line, flood.col, "E-XML",
                    "元素的属性超过 %d 个（报告的元素最多 7 个属性）", GR_MAX_ATTRIBUTES);
        goto fail;
    }
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, opts);

    if (L.dtd_seen) {
        gr_diag_add(d, GR_SEV_ERROR, path, L.dtd_line, 0, "E-DTD",
                    "报告不能含有 DOCTYPE（文档类型声明、实体或外部 DTD）；出于安全考虑未读取其内容");
        gr_diag_hint(d, "删去 <!DOCTYPE …> 声明；报告只需 <report xmlns=\"%s\"> 根元素",
                     GR_TEMPLATE_NS);
        goto fail;
    }
    if (!doc || !ctxt->wellFormed) {
        size_t before = gr_diags_errors(d);
        gr_pos nul;
        if (find_nul(data, len, &nul)) {
            gr_diag_add(d, GR_SEV_ERROR, path, nul.line, nul.col, "E-XML",
                        "文件中有 NUL 字节（0x00）：这不是文本文件，或文件已损坏");
            gr_diag_hint(d, "用文本编辑器另存为 UTF-8 编码的 XML 文件");
            goto fail; /* everything libxml2 said after it is about the cut */
        }
        long last_bad = -1;
        int last_line = 0, last_col = 0;
        for (size_t i = 0; i < L.nerrs; i++) {
            raw_error *e = &L.errs[i];
            long bad = refused_char(e);
            if (e->level < XML_ERR_ERROR)
                continue;
            /* libxml2 says "out of allowed range", then "invalid Char value": one error */
            bool again = bad >= 0 && bad == last_bad && e->line == last_line && e->col == last_col;
            last_bad = bad;
            last_line = e->line;
            last_col = e->col;
            if (again)
                continue;
            if (bad >= 0)
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "XML 文件中不能有字符 U+%04lX（控制字符或非字符）", bad);
            else if (strstr(e->message, "Excessive depth in document"))
                /* libxml2's own bound (256 without XML_PARSE_HUGE, which is never set) keeps
                 * the recursive tree walks of the parser and validator shallow */
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "元素嵌套层数过多（超过 256 层；报告的元素最多嵌套 4 层）");
            else if (strstr(e->message, "Huge input lookup") ||
                     strstr(e->message, "huge text node") ||
                     strstr(e->message, "Name too long") ||
                     strstr(e->message, "AttValue length too long") ||
                     strstr(e->message, "too big found"))
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "一处文字、注释或名称超过 XML 解析器的上限（10000000 字节）");
            else if (e->code == XML_ERR_DOCUMENT_EMPTY && !blank_data(data, len))
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "不是 XML 文件：开头应为 <?xml …?> 或 <report …>");
            else if (e->code == XML_ERR_UNSUPPORTED_ENCODING || e->code == XML_ERR_UNKNOWN_ENCODING)
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-ENCODING",
                            "不支持文件所声明的文字编码（请用 UTF-8 或 GB18030）（%s）", e->message);
            else if (is_encoding_error(e->code))
            {
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-ENCODING",
                            "文字编码错误：文件不是所声明的编码（未声明时应为 UTF-8）（%s）",
                            e->message);
                gr_diag_hint(d, "GB18030 或 GBK 编码的文件须在首行声明："
                                "<?xml version=\"1.0\" encoding=\"GB18030\"?>");
            }
            else
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML", "%s（%s）",
                            parse_error_text(e->code), e->message);
        }
        if (gr_diags_errors(d) == before)
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-XML", "不是格式正确的 XML 文件");
        goto fail;
    }

    prepare_text(&L, data, len, doc);
    locate_elements(&L, doc);

    /* Without a document URL, libxml2 (2.9) does not walk back over every earlier node of
     * the tree to look for an XInclude for each validity error it raises: with many errors
     * that walk is quadratic (minutes for a file of 30,000 bad paragraphs). Diagnostics name
     * the file from `path`, never from the URL. */
    xmlFree((xmlChar *)doc->URL);
    doc->URL = NULL;
    size_t parsed = L.nerrs; /* parser messages that were only warnings */
    vctxt = xmlSchemaNewValidCtxt(xsd);
    if (!vctxt) {
        fputs("govreport: out of memory\n", stderr);
        abort();
    }
    xmlSchemaSetValidStructuredErrors(vctxt, on_error, &L);
    xmlSchemaValidateDoc(vctxt, doc);
    for (size_t i = parsed; i < L.nerrs; i++)
        if (L.errs[i].level >= XML_ERR_ERROR)
            schema_error(&L, i);
    if (L.lost)
        gr_diag_add(d, GR_SEV_NOTE, path, 0, 0, "E-SCHEMA", "另有 %zu 条同类问题未列出", L.lost);

    r = gr_report_new(path);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    /* A foreign root leaves the model empty; the schema error above already says why. */
    if (root && in_ns(root) && !strcmp(name_of(root), "report"))
        read_report(&L, r, root);

fail:
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    if (vctxt)
        xmlSchemaFreeValidCtxt(vctxt);
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    for (size_t i = 0; i < L.nerrs; i++)
        free(L.errs[i].message);
    free(L.errs);
    free(L.text);
    free(L.line_start);
    gr_arena_free(L.tmp);
    return r;
}

static const char *io_reason(int err)
{
    switch (err) {
    case ENOENT:
        return "文件不存在";
    case EACCES:
        return "没有读取权限";
    case EISDIR:
        return "这是一个文件夹，不是 XML 文件";
    default:
        return gr_strerror(err);
    }
}

gr_report *gr_xml_load_file(const char *path, gr_diags *d)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    char *data = NULL;
    gr_report *r = NULL;
    if (!f) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "无法打开：%s", io_reason(errno));
        return NULL;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "无法读取：%s", io_reason(EISDIR));
        goto fail;
    }
    /* Read at most one byte past the cap: enough to know the file is too large. */
    size_t cap = 64 * 1024, len = 0;
    data = gr_xmalloc(cap);
    for (;;) {
        if (len > GR_MAX_INPUT_BYTES)
            break;
        if (len == cap) {
            cap *= 2;
            data = gr_xrealloc(data, cap);
        }
        size_t want = cap - len;
        if (want > GR_MAX_INPUT_BYTES + 1 - len)
            want = GR_MAX_INPUT_BYTES + 1 - len;
        size_t got = fread(data + len, 1, want, f);
        len += got;
        if (got < want)
            break;
    }
    if (ferror(f)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "读取失败：%s", io_reason(errno));
        goto fail;
    }
    if (len > GR_MAX_INPUT_BYTES) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-SIZE",
                    "文件超过 %u MB 的上限（一份报告通常约 100 KB）",
                    GR_MAX_INPUT_BYTES / (1024u * 1024u));
        goto fail;
    }
    r = gr_xml_load_mem(data, len, path, d);
fail:
    free(data);
    if (!is_stdin)
        fclose(f);
    return r;
}

/* ---- writing ---- */

static void put_escaped(FILE *out, const char *s, bool attr)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs(attr ? "&quot;" : "\"", out);
            break;
        case '\t':
        case '\n':
        case '\r':
            if (attr)
                fprintf(out, "&#%d;", *p);
            else
                fputc(*p, out);
            break;
        default:
            if (*p >= 0x20)
                fputc(*p, out); /* other control characters are not allowed in XML 1.0 */
        }
    }
}

static void write_paras(FILE *out, const gr_prose *pr, const char *placeholder)
{
    for (size_t i = 0; i < pr->n; i++) {
        fputs("    <p", out);
        if (pr->items[i].heading) {
            fputs(" heading=\"", out);
            put_escaped(out, pr->items[i].heading, true);
            fputc('"', out);
        }
        fputc('>', out);
        put_escaped(out, pr->items[i].text && *pr->items[i].text ? pr->items[i].text
                                                                  : "（文字描述）",
                    false);
        fputs("</p>\n", out);
    }
    if (pr->n == 0 && placeholder)
        fprintf(out, "    <p>%s</p>\n", placeholder);
}

void gr_xml_write(const gr_report *r_in, FILE *out)
{
    /* Totals are written as stored, and computed where the model left them out: a shallow
     * copy (the counts are arrays inside the struct) keeps r_in untouched. */
    gr_report copy = *r_in;
    gr_report_compute_totals(&copy);
    const gr_report *r = &copy;
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report xmlns=\"%s\">\n",
            GR_TEMPLATE_NS);
    fputs("  <meta>\n    <issuer>", out);
    put_escaped(out, r->issuer && *r->issuer ? r->issuer : "某某人民政府", false);
    fprintf(out, "</issuer>\n    <year>%04d</year>\n", r->year);
    if (r->published) {
        fputs("    <published>", out);
        put_escaped(out, r->published, false);
        fputs("</published>\n", out);
    }
    if (r->region) {
        fputs("    <region>", out);
        put_escaped(out, r->region, false);
        fputs("</region>\n", out);
    }
    if (r->title) {
        fputs("    <title>", out);
        put_escaped(out, r->title, false);
        fputs("</title>\n", out);
    }
    fputs("  </meta>\n", out);
    if (r->preamble.n) {
        fputs("  <preamble>\n", out);
        write_paras(out, &r->preamble, NULL);
        fputs("  </preamble>\n", out);
    }
    for (int s = 0; s < GR_SECTIONS; s++) {
        fprintf(out, "  <%s>\n", gr_sections[s].xml);
        if (s == GR_SEC_PROACTIVE) {
            for (int i = GR_T2_RULES; i <= GR_T2_NORMATIVE; i++) {
                fprintf(out, "    <%s", gr_t2_rows[i].xml);
                for (int k = 0; k < 3; k++)
                    fprintf(out, " %s=\"%lld\"", gr_t2_rows[i].attrs[k], r->t2_docs[i][k].value);
                fputs("/>\n", out);
            }
            for (int i = GR_T2_LICENSING; i <= GR_T2_COERCION; i++)
                fprintf(out, "    <%s decisions=\"%lld\"/>\n", gr_t2_rows[i].xml,
                        r->t2_decisions[i - GR_T2_LICENSING].value);
            fprintf(out, "    <%s amount=\"", gr_t2_rows[GR_T2_FEES].xml);
            put_escaped(out, r->t2_fee && *r->t2_fee ? r->t2_fee : "0", true);
            fputs("\"/>\n", out);
        } else if (s == GR_SEC_APPLICATIONS) {
            for (int i = 0; i < GR_T3_ROWS; i++) {
                fprintf(out, "    <%s", gr_t3_rows[i].xml);
                for (int k = 0; k < GR_T3_TOTAL; k++)
                    fprintf(out, " %s=\"%lld\"", gr_t3_cols[k].xml, r->t3[i][k].value);
                fprintf(out, " %s=\"%lld\"/>\n", gr_t3_cols[GR_T3_TOTAL].xml,
                        r->t3[i][GR_T3_TOTAL].value);
            }
        } else if (s == GR_SEC_REVIEWS) {
            for (int g = 0; g < GR_T4_GROUPS; g++) {
                fprintf(out, "    <%s", gr_t4_group_xml[g]);
                for (int k = 0; k < GR_T4_TOTAL; k++)
                    fprintf(out, " %s=\"%lld\"", gr_t4_result_xml[k], r->t4[g][k].value);
                fprintf(out, " %s=\"%lld\"/>\n", gr_t4_result_xml[GR_T4_TOTAL],
                        r->t4[g][GR_T4_TOTAL].value);
            }
        }
        /* Sections 一, 五, 六 need a paragraph to be schema-valid. */
        write_paras(out, &r->prose[s], gr_sections[s].has_table ? NULL : "（文字描述）");
        fprintf(out, "  </%s>\n", gr_sections[s].xml);
    }
    fputs("</report>\n", out);
}

const char *gr_xml_libxml2_version(void)
{
    static _Thread_local char v[32];
    /* xmlParserVersion is the runtime library's, as digits: 20914 for 2.9.14 */
    long n = strtol(xmlParserVersion, NULL, 10);
    snprintf(v, sizeof v, "%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
    return v;
}
