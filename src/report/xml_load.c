/* xml_load: report.xml → model, the first stage of the pipeline. The file is read here (size
 * cap), parsed from memory with network, DTDs and entities refused, validated against the
 * embedded XSD (compiled once per process); libxml2's errors are collected here and turned
 * into Chinese diagnostics by xml_load_diag.c (columns: xml_load_pos.c), and a valid
 * document is read into the model by xml_load_model.c. */
#define _POSIX_C_SOURCE 200809L
#include "report/xml_load.h"

#include "report/xml_loader.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static void setup(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_external);
}

static xmlSchemaPtr schema_get(void)
{
    pthread_once(&setup_once, setup);
    pthread_mutex_lock(&schema_lock);
    if (!schema && !schema_problem) {
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

/* The schema is compiled on a thread begun by gr_xml_init, while the caller opens its
 * fonts (a cold render: 4.4 M instructions beside fontconfig's 5 M); the first load waits
 * for it, in schema_get, on the lock the compiling thread holds. */
static pthread_t compiler;
static bool compiling;

static void *compile_main(void *arg)
{
    (void)arg;
    schema_get();
    return NULL;
}

void gr_xml_settle(void)
{
    if (compiling) {
        pthread_join(compiler, NULL);
        compiling = false;
    }
}

void gr_xml_cleanup(void)
{
    gr_xml_settle();
    pthread_mutex_lock(&schema_lock);
    if (schema)
        xmlSchemaFree(schema);
    schema = NULL;
    free(schema_problem);
    schema_problem = NULL;
    pthread_mutex_unlock(&schema_lock);
}

/* ---- one load ---- */

/* What libxml2 reported, kept until the document is read: the structured fields (code,
 * node, str1, int1) say what happened wherever they carry it; the message text is read only
 * where it alone carries a fact (see "translating libxml2's messages"). */

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
    r->int1 = e->int1;
    r->str1 = e->str1 ? gr_xstrdup(e->str1) : NULL;
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

static void count_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                        const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
                        int ndefaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    loader *L = ctxt->_private;
    L->nodes += 1 + (size_t)(nattrs > 0 ? nattrs : 0);
    if (L->nodes > GR_MAX_NODES) {
        if (!L->nodes_line)
            L->nodes_line = xmlSAX2GetLineNumber(ctxt);
        xmlStopParser(ctxt);
        return;
    }
    L->start(ctx, local, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
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
    L.start = ctxt->sax->startElementNs;
    ctxt->sax->startElementNs = count_start;
    /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: entities stay unexpanded and libxml2's
     * own limits hold; BIG_LINES keeps line numbers beyond 65535 right. */
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING;
    gr_pos flood;
    if (gr_xml_attribute_flood(data, len, &flood)) {
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
    if (L.nodes_line) {
        gr_diag_add(d, GR_SEV_ERROR, path, L.nodes_line, 0, "E-SIZE",
                    "元素和属性超过 %d 个（一份报告约 300 个）；未继续读取", GR_MAX_NODES);
        goto fail;
    }
    if (!doc || !ctxt->wellFormed) {
        size_t before = gr_diags_errors(d);
        gr_pos nul;
        if (gr_xml_find_nul(data, len, &nul)) {
            gr_diag_add(d, GR_SEV_ERROR, path, nul.line, nul.col, "E-XML",
                        "文件中有 NUL 字节（0x00）：这不是文本文件，或文件已损坏");
            gr_diag_hint(d, "用文本编辑器另存为 UTF-8 编码的 XML 文件");
            goto fail; /* everything libxml2 said after it is about the cut */
        }
        long last_bad = -1;
        int last_line = 0, last_col = 0;
        for (size_t i = 0; i < L.nerrs; i++) {
            raw_error *e = &L.errs[i];
            long bad = gr_xml_refused_char(e);
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
            else if (e->code == XML_ERR_NAME_TOO_LONG ||
                     strstr(e->message, "Huge input lookup") ||
                     strstr(e->message, "huge text node") ||
                     strstr(e->message, "AttValue length too long") ||
                     strstr(e->message, "too big found"))
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "一处文字、注释或名称超过 XML 解析器的上限（10000000 字节）");
            else if (e->code == XML_ERR_DOCUMENT_EMPTY && !gr_xml_blank_data(data, len))
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML",
                            "不是 XML 文件：开头应为 <?xml …?> 或 <report …>");
            else if (e->code == XML_ERR_UNSUPPORTED_ENCODING || e->code == XML_ERR_UNKNOWN_ENCODING)
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-ENCODING",
                            "不支持文件所声明的文字编码（请用 UTF-8 或 GB18030）（%s）", e->message);
            else if (gr_xml_is_encoding_error(e->code))
            {
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-ENCODING",
                            "文字编码错误：文件不是所声明的编码（未声明时应为 UTF-8）（%s）",
                            e->message);
                gr_diag_hint(d, "GB18030 或 GBK 编码的文件须在首行声明："
                                "<?xml version=\"1.0\" encoding=\"GB18030\"?>");
            }
            else
                gr_diag_add(d, GR_SEV_ERROR, path, e->line, e->col, "E-XML", "%s（%s）",
                            gr_xml_parse_error_text(e->code), e->message);
        }
        if (gr_diags_errors(d) == before)
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-XML", "不是格式正确的 XML 文件");
        goto fail;
    }

    gr_xml_prepare_text(&L, data, len, doc);
    gr_xml_locate_elements(&L, doc);

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
            gr_xml_schema_error(&L, i);
    if (L.lost)
        gr_diag_add(d, GR_SEV_NOTE, path, 0, 0, "E-SCHEMA", "另有 %zu 条同类问题未列出", L.lost);

    r = gr_report_new(path);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    /* A foreign root leaves the model empty; the schema error above already says why. */
    if (root && gr_xml_in_ns(root) && !strcmp(gr_xml_name_of(root), "report"))
        gr_xml_read_report(&L, r, root);
    gr_report_finish(r);

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
    {
        free(L.errs[i].message);
        free(L.errs[i].str1);
    }
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

char *gr_xml_read(const char *path, size_t *len_out, gr_diags *d)
{
    bool is_stdin = !strcmp(path, "-");
    const char *why = NULL;
    int fd = is_stdin ? -1 : gr_file_open_read(path, &why);
    FILE *f = is_stdin ? stdin : fd >= 0 ? fdopen(fd, "rb") : NULL;
    char *data = NULL;
    if (!f) {
        int err = errno;
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "无法打开：%s",
                    err == EINVAL && why ? why : io_reason(err));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "无法读取：%s", io_reason(EISDIR));
        goto fail;
    }
    size_t len = 0;
    int err = 0;
    if (!(data = gr_file_read_capped(f, &len, &err))) {
        if (err == EFBIG)
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-SIZE",
                        "文件超过 %u MB 的上限（一份报告通常约 100 KB）",
                        GR_MAX_INPUT_BYTES / (1024u * 1024u));
        else
            gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "读取失败：%s", io_reason(err));
        goto fail;
    }
    if (!is_stdin)
        fclose(f);
    *len_out = len;
    return data;
fail:
    free(data);
    if (!is_stdin)
        fclose(f);
    return NULL;
}

gr_report *gr_xml_load_file(const char *path, gr_diags *d)
{
    size_t len = 0;
    char *data = gr_xml_read(path, &len, d);
    if (!data)
        return NULL;
    gr_report *r = gr_xml_load_mem(data, len, path, d);
    free(data);
    return r;
}

gr_status gr_xml_init(gr_diags *d)
{
    pthread_once(&setup_once, setup); /* libxml2's globals, on this thread, before any other */
    pthread_mutex_lock(&schema_lock);
    bool start = !schema && !schema_problem && !compiling;
    pthread_mutex_unlock(&schema_lock);
    if (start && pthread_create(&compiler, NULL, compile_main, NULL) == 0) {
        compiling = true;
        return GR_OK;
    }
    if (schema_get())
        return GR_OK;
    gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-SCHEMA", "内置的 XSD 无法编译：%s",
                schema_problem ? schema_problem : "");
    return GR_ERR_ENV;
}

const char *gr_xml_libxml2_version(void)
{
    static _Thread_local char v[32];
    /* xmlParserVersion is the runtime library's, as digits: 20914 for 2.9.14 */
    long n = strtol(xmlParserVersion, NULL, 10);
    snprintf(v, sizeof v, "%ld.%ld.%ld", n / 10000, n / 100 % 100, n % 100);
    return v;
}
