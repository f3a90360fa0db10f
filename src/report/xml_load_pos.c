/* xml_load_pos: where things stand in the report's text. libxml2 gives lines only; the
 * columns of start tags, attributes and text are found here in the document as UTF-8 (the
 * text prepared once per load), so that every diagnostic reads file:line:col. Also the
 * refusal of an attribute flood, which must be found before libxml2 parses. */
#include "report/xml_loader.h"

#include <stdlib.h>
#include <string.h>

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
bool gr_xml_attribute_flood(const char *data, size_t len, gr_pos *pos)
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
        conv = gr_utf8_from(from, data, len, &n, true);
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

/* A copy of UTF-8 text, NUL-terminated, or NULL when it is not valid UTF-8: what iconv from
 * UTF-8 to UTF-8 gives, without its two passes. */
static char *utf8_copy(const char *data, size_t len, size_t *out_len)
{
    if (!gr_utf8_valid(data, len))
        return NULL;
    char *t = gr_xmalloc(len + 1);
    memcpy(t, data, len);
    t[len] = '\0';
    *out_len = len;
    return t;
}

void gr_xml_prepare_text(loader *L, const char *data, size_t len, xmlDocPtr doc)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        L->text = gr_utf8_from("UTF-16LE", data + 2, len - 2, &L->text_len, false);
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        L->text = gr_utf8_from("UTF-16BE", data + 2, len - 2, &L->text_len, false);
    else if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        L->text = utf8_copy(data + 3, len - 3, &L->text_len);
    else if (doc->encoding && strcasecmp((const char *)doc->encoding, "UTF-8") != 0)
        L->text = gr_utf8_from((const char *)doc->encoding, data, len, &L->text_len, false);
    else
        L->text = utf8_copy(data, len, &L->text_len);
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
    } else if (L->memo_pos.line == p.line && L->memo_off - off < off - L->line_start[lo]) {
        /* A little before the last position (an attribute after its element's text): count
         * back from it. Positions are character boundaries, so counting the characters
         * between the two gives the columns that counting from the line's start would. */
        const char *m = L->text + L->memo_off;
        p = L->memo_pos;
        for (s = end; s < m; p.col--)
            gr_utf8_next(&s, (size_t)(m - s));
        L->memo_off = off;
        L->memo_pos = p;
        return p;
    }
    while (s < end) {
        gr_utf8_next(&s, (size_t)(end - s));
        p.col++;
    }
    L->memo_off = off;
    L->memo_pos = p;
    return p;
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
            (gr_is_space(p[n + 1], GR_SPACE_XML) || p[n + 1] == '/' || p[n + 1] == '>')) {
            *off = (size_t)(p - t);
            L->scan = *off + 1;
            return true;
        }
        p++;
    }
    return false;
}

const char *gr_xml_qualified_name(xmlNodePtr n, char *buf, size_t cap)
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
void gr_xml_locate_elements(loader *L, xmlDocPtr doc)
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

gr_pos gr_xml_elem_pos(xmlNodePtr n)
{
    gr_pos p = {0, 0};
    if (n && n->type == XML_ELEMENT_NODE && n->_private)
        p = ((node_pos *)n->_private)->pos;
    else if (n)
        p.line = (int)xmlGetLineNo(n);
    return p;
}

/* The position of attribute `name=` inside the start tag of element n. */
gr_pos gr_xml_attr_pos(loader *L, xmlNodePtr n, const char *name)
{
    gr_pos p = gr_xml_elem_pos(n);
    node_pos *np = n && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
    if (!L->text || !np || !np->off)
        return p;
    const char *s = L->text + np->off, *end = L->text + L->text_len;
    while (s < end && !gr_is_space(*s, GR_SPACE_XML) && *s != '>' && *s != '/')
        s++; /* the element name */
    size_t n_len = strlen(name);
    for (;;) {
        while (s < end && gr_is_space(*s, GR_SPACE_XML))
            s++;
        if (s >= end || *s == '>' || *s == '/')
            return p;
        const char *a = s;
        while (s < end && !gr_is_space(*s, GR_SPACE_XML) && *s != '=' && *s != '>')
            s++;
        if ((size_t)(s - a) == n_len && !memcmp(a, name, n_len))
            return offset_pos(L, (size_t)(a - L->text));
        while (s < end && gr_is_space(*s, GR_SPACE_XML))
            s++;
        if (s < end && *s == '=')
            s++;
        while (s < end && gr_is_space(*s, GR_SPACE_XML))
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


/* The position of the first character of n's text that gr_xml_stripped() keeps: past the start
 * tag and any white space (U+3000 included). Column 0 when the start tag was not found. */
gr_pos gr_xml_content_pos(loader *L, xmlNodePtr n)
{
    gr_pos p = gr_xml_elem_pos(n);
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
    while (s < end && gr_xml_is_xml_space_or_ideographic(s, &k))
        s += k;
    return offset_pos(L, (size_t)(s - L->text));
}

