/* read_html: a report page as government sites publish it (Word-exported HTML with <o:p>,
 * <font>, &nbsp;, tables with rowspan/colspan) → the block document (doc.h). libxml2's HTML
 * parser reads it (no network, recovering from unbalanced markup); paragraphs become
 * paragraph blocks and every <tr> a row of its cells' text. Merged cells need no grid: the builder places rows
 * by their labels and takes a row's last cells as its figures. The only file of src/import
 * that includes libxml2 (the docx reader will be the other). */
#include "import/doc.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_CHARSET_SNIFF_BYTES 4096 /* <meta charset> sits in the first lines of <head> */
#define GR_MAX_HTML_DEPTH 256       /* deeper nesting is not a report; stop descending */

typedef struct {
    gr_import_doc *doc;
    gr_buf raw;   /* inline text of the paragraph being read, whitespace as in the source */
    int line;     /* where it began */
    bool heading; /* inside <h1>..<h6> */
} walker;

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)name);
}

static bool name_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (name_is(n, *names))
            return true;
    return false;
}

/* Elements that end a paragraph before and after them. */
static const char *const block_tags[] = {
    "p",     "div",  "h1",   "h2",      "h3",      "h4",     "h5",         "h6",
    "li",    "ul",   "ol",   "dl",      "dt",      "dd",     "blockquote", "section",
    "article", "header", "footer", "nav", "aside", "main", "center",     "pre",
    "address", "form", "hr",  "body",    "html",    "tr",     "td",         "th",
    "caption", "tbody", "thead", "tfoot", "figure", "figcaption", "table", NULL};

/* Elements whose text is no part of the report. */
static const char *const skip_tags[] = {"script", "style",  "noscript", "template", "select",
                                        "button", "iframe", "object",   "svg",      "xml",
                                        NULL};

/* Site chrome around the report (menus, "当前位置" trails, footers), by the names content
 * systems give it in class and id. */
static const char *const chrome_names[] = {"nav", "menu", "crumb", "foot", "sidebar", "share",
                                           NULL};

static bool is_chrome(const xmlNode *n)
{
    if (name_is(n, "nav") || name_is(n, "footer"))
        return true;
    static const char *const attrs[] = {"class", "id"};
    for (size_t i = 0; i < 2; i++) {
        xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)attrs[i]);
        bool hit = false;
        for (const char *const *c = chrome_names; v && *c && !hit; c++)
            for (const xmlChar *p = v; *p && !hit; p++)
                hit = !xmlStrncasecmp(p, (const xmlChar *)*c, (int)strlen(*c));
        xmlFree(v);
        if (hit)
            return true;
    }
    return false;
}

/* The metadata block of a page govreport wrote (html_out.c: a <footer class="gr-meta">, site
 * chrome to this reader): the publication date of its <time datetime="YYYY-MM-DD">, so that
 * the page reads back to the report it was written from. */
static void read_meta(walker *w, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_MAX_HTML_DEPTH && !w->doc->published;
         c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name_is(c, "time")) {
            xmlChar *v = xmlGetProp((xmlNode *)c, (const xmlChar *)"datetime");
            const char *s = (const char *)v;
            bool ok = v && xmlStrlen(v) == 10 && s[4] == '-' && s[7] == '-';
            for (int i = 0; ok && i < 10; i++)
                ok = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
            if (ok) w->doc->published = gr_xstrdup(s);
            xmlFree(v);
        }
        read_meta(w, c, depth + 1);
    }
}

static bool is_meta(const xmlNode *n)
{
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)"class");
    bool hit = false;
    for (const xmlChar *p = v; p && *p && !hit; p++)
        hit = !xmlStrncmp(p, (const xmlChar *)"gr-meta", 7) && (p == v || p[-1] == ' ') &&
              (p[7] == ' ' || p[7] == '\0');
    xmlFree(v);
    return hit;
}

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo((xmlNode *)n);
    return l > 0 && l < 0x7fffffff ? (int)l : 0;
}

static void flush(walker *w)
{
    if (w->raw.len) {
        char *t = gr_import_collapse(w->raw.s, w->raw.len);
        if (*t)
            gr_import_doc_para(w->doc, t, w->line, w->heading);
        free(t);
    }
    w->raw.len = 0;
    w->line = 0;
}

static void add_text(walker *w, const xmlNode *n, const xmlNode *parent)
{
    if (!n->content)
        return;
    if (!w->line) {
        w->line = line_of(n);
        if (!w->line)
            w->line = line_of(parent);
    }
    gr_buf_puts(&w->raw, (const char *)n->content);
}

/* Text of a cell: <br> and paragraphs inside it are line breaks (collapsed afterwards). */
static void cell_text(const xmlNode *n, gr_buf *b, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_MAX_HTML_DEPTH; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                gr_buf_puts(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !name_in(c, skip_tags)) {
            if (name_is(c, "br") || name_in(c, block_tags))
                gr_buf_puts(b, "\n");
            cell_text(c, b, depth + 1);
            if (name_in(c, block_tags))
                gr_buf_puts(b, "\n");
        }
    }
}

static bool has_descendant(const xmlNode *n, const char *name, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_MAX_HTML_DEPTH; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (name_is(c, name) || has_descendant(c, name, depth + 1)))
            return true;
    return false;
}

/* The rows of a table, through thead/tbody/tfoot but not into nested tables. */
static void collect_rows(const xmlNode *n, const xmlNode **rows, size_t *nrows, size_t cap,
                         int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_MAX_HTML_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || name_is(c, "table"))
            continue;
        if (name_is(c, "tr")) {
            if (*nrows < cap)
                rows[*nrows] = c;
            (*nrows)++;
        } else {
            collect_rows(c, rows, nrows, cap, depth + 1);
        }
    }
}

static size_t row_cells(const xmlNode *tr)
{
    size_t k = 0;
    for (const xmlNode *c = tr->children; c; c = c->next)
        k += name_is(c, "td") || name_is(c, "th");
    return k;
}

/* A table used for page layout (a nested table, or one cell a row) holds paragraphs, not
 * figures. */
static bool is_layout_table(const xmlNode *table, const xmlNode **rows, size_t nrows)
{
    if (has_descendant(table, "table", 0))
        return true;
    for (size_t i = 0; i < nrows; i++)
        if (row_cells(rows[i]) > 1)
            return false;
    return true;
}

static void walk(walker *w, const xmlNode *n, int depth);

#define GR_MAX_TABLE_ROWS 512 /* the template's largest table has 28 rows */

static void read_table(walker *w, const xmlNode *table, int depth)
{
    const xmlNode *rows[GR_MAX_TABLE_ROWS];
    size_t nrows = 0;
    collect_rows(table, rows, &nrows, GR_MAX_TABLE_ROWS, 0);
    if (nrows > GR_MAX_TABLE_ROWS)
        nrows = GR_MAX_TABLE_ROWS;
    flush(w);
    if (is_layout_table(table, rows, nrows)) {
        walk(w, table, depth + 1);
        flush(w);
        return;
    }
    for (size_t i = 0; i < nrows; i++) {
        if (!row_cells(rows[i]))
            continue;
        gr_import_block *row = gr_import_doc_row(w->doc, line_of(rows[i]));
        for (const xmlNode *c = rows[i]->children; c; c = c->next) {
            if (!name_is(c, "td") && !name_is(c, "th"))
                continue;
            gr_buf b = {0};
            cell_text(c, &b, 0);
            char *t = gr_import_collapse(b.s ? b.s : "", b.len);
            gr_import_row_cell(row, t, line_of(c));
            free(t);
            gr_buf_free(&b);
        }
    }
}

static void walk(walker *w, const xmlNode *n, int depth)
{
    if (depth > GR_MAX_HTML_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            add_text(w, c, n);
            continue;
        }
        if (c->type == XML_ELEMENT_NODE && is_meta(c))
            read_meta(w, c, depth + 1);
        if (c->type != XML_ELEMENT_NODE || name_in(c, skip_tags) || is_chrome(c))
            continue;
        if (name_is(c, "head")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if (name_is(t, "title") && !w->doc->doc_title) {
                    gr_buf b = {0};
                    cell_text(t, &b, 0);
                    w->doc->doc_title = gr_import_collapse(b.s ? b.s : "", b.len);
                    gr_buf_free(&b);
                }
            continue;
        }
        if (name_is(c, "table")) {
            read_table(w, c, depth);
            continue;
        }
        if (name_is(c, "br")) {
            flush(w); /* content systems separate paragraphs by <br> */
            continue;
        }
        bool block = name_in(c, block_tags);
        if (block)
            flush(w);
        bool heading = c->name[0] == 'h' && c->name[1] >= '1' && c->name[1] <= '6' && !c->name[2];
        bool was = w->heading;
        if (heading)
            w->heading = true;
        walk(w, c, depth + 1);
        if (block)
            flush(w);
        w->heading = was;
    }
}

/* The page's charset: its <meta> declaration (GB2312 and GBK read as their superset
 * GB18030), else UTF-8 when the bytes are valid UTF-8, else GB18030. */
static const char *sniff_charset(const char *data, size_t len, char *buf, size_t cap)
{
    /* Chinese text that is valid UTF-8 is UTF-8 whatever the page declares: GBK bytes are
     * never valid UTF-8 over a whole page, and sites do copy a gb2312 <meta> onto UTF-8. */
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (unsigned char)data[i] < 0x80;
    if (!ascii && gr_utf8_valid(data, len))
        return "UTF-8";
    size_t head = len < GR_CHARSET_SNIFF_BYTES ? len : GR_CHARSET_SNIFF_BYTES;
    for (size_t i = 0; i + 8 <= head; i++) {
        if (xmlStrncasecmp((const xmlChar *)data + i, (const xmlChar *)"charset=", 8))
            continue;
        size_t j = i + 8, k = 0;
        while (j < head && (data[j] == '"' || data[j] == '\'' || data[j] == ' '))
            j++;
        while (j < head && k + 1 < cap &&
               ((data[j] >= 'a' && data[j] <= 'z') || (data[j] >= 'A' && data[j] <= 'Z') ||
                (data[j] >= '0' && data[j] <= '9') || data[j] == '-' || data[j] == '_'))
            buf[k++] = data[j++];
        buf[k] = '\0';
        if (!k)
            continue;
        if (!xmlStrcasecmp((xmlChar *)buf, (const xmlChar *)"gb2312") ||
            !xmlStrcasecmp((xmlChar *)buf, (const xmlChar *)"gbk") ||
            !xmlStrcasecmp((xmlChar *)buf, (const xmlChar *)"x-gbk"))
            return "GB18030";
        return buf;
    }
    return gr_utf8_valid(data, len) ? "UTF-8" : "GB18030";
}

/* Word's downlevel-revealed conditionals ("<![if !supportLists]>" … "<![endif]>") are no
 * HTML: libxml2 keeps them as text. They go before parsing (ASCII, so safe in GB2312 too). */
static char *strip_conditionals(const char *data, size_t len, size_t *outlen)
{
    char *out = gr_xmalloc(len + 1);
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        if (len - i >= 5 && !memcmp(data + i, "<![if", 5)) {
            const char *end = memchr(data + i, '>', len - i);
            if (end) {
                i = (size_t)(end - data) + 1;
                continue;
            }
        }
        if (len - i >= 10 && !memcmp(data + i, "<![endif]>", 10)) {
            i += 10;
            continue;
        }
        out[w++] = data[i++];
    }
    out[w] = '\0';
    *outlen = w;
    return out;
}

/* Elements and attributes of a page: a published report, Word's markup and the portal's
 * around it, has a few thousand. libxml2's tree costs ~200 bytes a node: 16 MB of "<p>字</p>"
 * took 670 MB and 33 s; past this cap the parser stops. */
#define GR_HTML_MAX_NODES 250000

typedef struct {
    startElementSAXFunc start; /* libxml2's tree builder, wrapped by the count */
    size_t nodes;
    bool too_many;
    int bad_bytes_line; /* where the text stops being in the page's charset; 0: nowhere */
} html_count;

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *html_error_arg;
#else
typedef xmlErrorPtr html_error_arg;
#endif

/* libxml2's errors while a page is parsed: never on stderr. A conversion error from the
 * page's charset stops libxml2's reading there (the rest of the page was lost, and
 * "encoding error" lines reached the terminal): it is kept, to be an error of ours. */
static void on_html_error(void *ctx, html_error_arg e)
{
    html_count *hc = ctx;
    if (hc && e && !hc->bad_bytes_line &&
        (e->domain == XML_FROM_I18N || e->code == XML_I18N_CONV_FAILED ||
         e->code == XML_IO_ENCODER))
        hc->bad_bytes_line = e->line > 0 ? e->line : -1;
}

static void quiet_generic(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void count_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    htmlParserCtxtPtr c = ctx;
    html_count *hc = c->_private;
    size_t n = 1;
    for (const xmlChar **a = atts; a && a[0]; a += 2)
        n++;
    hc->nodes += n;
    if (hc->nodes > GR_HTML_MAX_NODES) {
        hc->too_many = true;
        xmlStopParser(c);
        return;
    }
    hc->start(ctx, name, atts);
}

gr_import_doc *gr_import_read_html(const char *data, size_t len, const char *path, gr_diags *d)
{
    char charset[64];
    const char *enc = sniff_charset(data, len, charset, sizeof charset);
    if (len > (size_t)0x7fffffff) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ", "文件过大");
        return NULL;
    }
    size_t clean_len;
    char *clean = strip_conditionals(data, len, &clean_len);
    html_count hc = {0};
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        fputs("govreport: out of memory\n", stderr);
        abort();
    }
    ctxt->_private = &hc;
    hc.start = ctxt->sax->startElement;
    ctxt->sax->startElement = count_start;
    xmlSetStructuredErrorFunc(&hc, on_html_error);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    htmlDocPtr html = htmlCtxtReadMemory(ctxt, clean, (int)clean_len, NULL, enc,
                                         HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                             HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    htmlFreeParserCtxt(ctxt);
    free(clean);
    if (hc.bad_bytes_line) {
        xmlFreeDoc(html);
        char where[32] = "";
        if (hc.bad_bytes_line > 0)
            snprintf(where, sizeof where, "第 %d 行起", hc.bad_bytes_line);
        gr_diag_add(d, GR_SEV_ERROR, path, hc.bad_bytes_line > 0 ? hc.bad_bytes_line : 0, 0,
                    "E-IMPORT-ENCODING",
                    "网页%s有不属于它声明的字符集 %s 的字节：其后的内容无法读出，未读取", where,
                    enc);
        gr_diag_hint(d, "在浏览器中打开网页，另存为 UTF-8 编码的网页后再导入");
        return NULL;
    }
    if (hc.too_many) {
        xmlFreeDoc(html);
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ",
                    "网页的元素和属性超过 %d 个（一份年度报告的网页约几千个），不像一份年度报告；"
                    "未读取",
                    GR_HTML_MAX_NODES);
        return NULL;
    }
    if (!html) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ",
                    "无法解析为 HTML（字符集 %s）", enc);
        return NULL;
    }
    walker w = {0};
    w.doc = gr_import_doc_new();
    walk(&w, (const xmlNode *)html, 0);
    flush(&w);
    gr_buf_free(&w.raw);
    xmlFreeDoc(html);
    return w.doc;
}
