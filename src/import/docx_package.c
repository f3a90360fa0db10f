/* docx_package: the Word reader's first step, the .docx as a package. libzip opens the zip
 * from memory (entry names are looked up, never used as paths) under limits on each part's
 * size and ratio and on all parts; libxml2 parses parts with no DTD, entity or network. The
 * main part is found through [Content_Types].xml and _rels/.rels, its styles and numbering
 * through its own; OLE2 (encrypted .docx, .doc, .wps) and RTF are refused with what to do. */
#include "import/doc.h"
#include "import/docx.h"

#include "base/base.h"
#include "base/libzip.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GR_DOCX_MAX_ENTRY (64u * 1024u * 1024u)     /* one part inflated: a report is < 1 MB */
#define GR_DOCX_MAX_INFLATED (128u * 1024u * 1024u) /* all parts read, together */
#define GR_DOCX_MAX_RATIO 200             /* Word's XML deflates 5–20:1; a bomb 1000:1 */
#define GR_DOCX_RATIO_FLOOR (64u * 1024u) /* below this an entry is harmless at any ratio */
#define GR_DOCX_MAX_PART_NAME 512

/* ---- the zip package ---- */

typedef struct {
    zip_t *za;
    const char *path;
    gr_diags *d;
    size_t inflated; /* bytes inflated so far, over all parts */
    bool failed;     /* a diagnostic was added */
} package;

static void zip_fail(package *p, const char *code, const char *fmt, const char *arg)
{
    gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, code, fmt, arg);
    p->failed = true;
}

static int cmp_name_ci(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether no two entries of the package have one name (part names are compared without
 * case, as OPC and our lookups do). Two entries named word/document.xml were read as the
 * first, while unzip or Word may show the other: what a reviewer reads would differ from
 * what is filed. A duplicate is an error naming the entry. */
static bool unique_names(package *p)
{
    zip_int64_t n = zip_get_num_entries(p->za, 0);
    if (n <= 1)
        return true;
    const char **names = gr_xcalloc((size_t)n, sizeof *names);
    size_t k = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(p->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (name)
            names[k++] = name;
    }
    qsort(names, k, sizeof *names, cmp_name_ci);
    for (size_t i = 1; i < k && !p->failed; i++)
        if (!strcasecmp(names[i - 1], names[i])) {
            char *one = gr_diag_safe(names[i - 1]), *two = gr_diag_safe(names[i]);
            if (!strcmp(one, two))
                gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-DUPLICATE",
                            "zip 包中有两个名为“%s”的文件：不同软件可能读出不同的内容，拒绝读取",
                            one);
            else
                gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-DUPLICATE",
                            "zip 包中的“%s”与“%s”是同一个部件（部件名不分大小写）：不同软件可能"
                            "读出不同的内容，拒绝读取",
                            one, two);
            gr_diag_hint(p->d, "在 Word 或 WPS 中打开后另存为 .docx，再导入");
            p->failed = true;
            free(one);
            free(two);
        }
    free(names);
    return !p->failed;
}

/* The bytes of the part named name (no leading slash), NUL-terminated; NULL when the package
 * has no such entry (*missing set) or it cannot be read (with a diagnostic). A declared size
 * over the limits is refused before anything is inflated; declared sizes can lie, so the
 * bytes actually inflated are capped too. */
static char *read_part(package *p, const char *name, size_t *len, bool *missing)
{
    *missing = false;
    zip_int64_t i = zip_name_locate(p->za, name, ZIP_FL_NOCASE);
    if (i < 0) {
        *missing = true;
        return NULL;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(p->za, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
        zip_fail(p, "E-IMPORT-DOCX-ZIP", "zip 包中“%s”的目录项已损坏", name);
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        zip_fail(p, "E-IMPORT-DOCX-ENCRYPTED", "文件已加密（zip 包中的“%s”需要密码）", name);
        gr_diag_hint(p->d, "在 Word 或 WPS 中取消密码后另存为 .docx，再导入");
        return NULL;
    }
    if (st.size > GR_DOCX_MAX_ENTRY) {
        gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-BOMB",
                    "zip 包中的“%s”解压后有 %llu 字节，超过 %u MB 的上限；未解压", name,
                    (unsigned long long)st.size, GR_DOCX_MAX_ENTRY / (1024u * 1024u));
        p->failed = true;
        return NULL;
    }
    if (st.size > GR_DOCX_RATIO_FLOOR &&
        st.size / (st.comp_size ? st.comp_size : 1) > GR_DOCX_MAX_RATIO) {
        gr_diag_add(
            p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-BOMB",
            "zip 包中的“%s”压缩比超过 %d:1（%llu 字节压成 %llu 字节），像是压缩炸弹；未解压", name,
            GR_DOCX_MAX_RATIO, (unsigned long long)st.size, (unsigned long long)st.comp_size);
        p->failed = true;
        return NULL;
    }
    zip_file_t *f = zip_fopen_index(p->za, (zip_uint64_t)i, 0);
    if (!f) {
        zip_error_t *ze = zip_get_error(p->za);
        if (zip_error_code_zip(ze) == ZIP_ER_NOPASSWD ||
            zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD) {
            zip_fail(p, "E-IMPORT-DOCX-ENCRYPTED", "文件已加密（zip 包中的“%s”需要密码）", name);
        } else {
            gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-ZIP",
                        "zip 包中的“%s”无法打开：文件可能已截断或损坏（%s）", name,
                        zip_error_strerror(ze));
            p->failed = true;
        }
        return NULL;
    }
    size_t cap = (size_t)st.size + 1, n = 0;
    char *buf = gr_xmalloc(cap + 1);
    for (;;) {
        /* Ask for one byte more than declared: more data than the entry declares is a lie. */
        zip_int64_t got = zip_fread(f, buf + n, (zip_uint64_t)(cap - n));
        if (got < 0) {
            gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-ZIP",
                        "zip 包中的“%s”解压失败：文件可能已截断或损坏（%s）", name,
                        zip_error_strerror(zip_file_get_error(f)));
            goto fail;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > st.size || p->inflated + n > GR_DOCX_MAX_INFLATED) {
            gr_diag_add(
                p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-BOMB",
                "zip 包中的“%s”解压后超过它声明的 %llu 字节（或全部部件超过 %u MB）；已停止解压",
                name, (unsigned long long)st.size, GR_DOCX_MAX_INFLATED / (1024u * 1024u));
            goto fail;
        }
    }
    if (n != st.size) {
        zip_fail(p, "E-IMPORT-DOCX-ZIP", "zip 包中的“%s”解压后比声明的短：文件可能已截断或损坏",
                 name);
        goto fail_quiet;
    }
    zip_fclose(f);
    p->inflated += n;
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    p->failed = true;
fail_quiet:
    zip_fclose(f);
    free(buf);
    return NULL;
}

/* ---- XML parts ---- */

typedef struct {
    bool dtd;
    int line;      /* of the first error */
    char msg[160]; /* libxml2's words for it */
    /* the count of nodes in the tree held (GR_DOCX_MAX_NODES), and the streaming of the
     * main part: libxml2's own tree builders, wrapped */
    size_t nodes;
    bool too_big;
    int big_line;
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
    charactersSAXFunc chars;
    cdataBlockSAXFunc cdata;
    void (*block)(void *ctx, const xmlNode *n); /* NULL: the part is kept as a tree */
    void *block_ctx;
    bool body; /* the main part's w:body was closed */
} part_errors;

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

static void on_part_error(void *ctx, xml_error_arg e)
{
    part_errors *pe = ctx;
    if (!pe || pe->msg[0] || !e || e->level < XML_ERR_ERROR) return;
    pe->line = e->line;
    snprintf(pe->msg, sizeof pe->msg, "%s", e->message ? e->message : "?");
    size_t k = strlen(pe->msg);
    while (k && (pe->msg[k - 1] == '\n' || pe->msg[k - 1] == ' '))
        pe->msg[--k] = '\0';
}

static void quiet_generic(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void refuse_subset(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr c = ctx;
    ((part_errors *)c->_private)->dtd = true;
    xmlStopParser(c);
}

static xmlParserInputPtr refuse_resolve(void *ctx, const xmlChar *pub, const xmlChar *sys)
{
    (void)pub;
    (void)sys;
    xmlParserCtxtPtr c = ctx;
    ((part_errors *)c->_private)->dtd = true;
    xmlStopParser(c);
    return NULL;
}

static void count_nodes(xmlParserCtxtPtr c, part_errors *pe, size_t n)
{
    pe->nodes += n;
    if (pe->nodes > GR_DOCX_MAX_NODES && !pe->too_big) {
        pe->too_big = true;
        pe->big_line = xmlSAX2GetLineNumber(c);
        xmlStopParser(c);
    }
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr c = ctx;
    part_errors *pe = c->_private;
    count_nodes(c, pe, 1 + (size_t)(nattrs > 0 ? nattrs : 0) + (size_t)(nns > 0 ? nns : 0));
    if (!pe->too_big) pe->start(ctx, local, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr c = ctx;
    part_errors *pe = c->_private;
    count_nodes(c, pe, 1);
    if (!pe->too_big) pe->chars(ctx, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr c = ctx;
    part_errors *pe = c->_private;
    count_nodes(c, pe, 1);
    if (!pe->too_big) pe->cdata(ctx, ch, len);
}

/* The end of an element; when it is a child of the main part's w:body, the block is handed
 * over and everything the body holds so far freed. */
static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    xmlParserCtxtPtr c = ctx;
    part_errors *pe = c->_private;
    xmlNodePtr n = c->node;
    pe->end(ctx, local, prefix, uri);
    if (!pe->block || !n) return;
    xmlNodePtr body = n->parent;
    bool in_body = body && body == c->node && is_w(body, "body") && body->parent &&
                   is_w(body->parent, "document") && body->parent->parent == (xmlNodePtr)c->myDoc;
    if (in_body) {
        pe->block(pe->block_ctx, n);
        while (body->children) {
            xmlNodePtr k = body->children;
            xmlUnlinkNode(k);
            xmlFreeNode(k);
        }
        pe->nodes = 0;
    } else if (is_w(n, "body") && n->parent && is_w(n->parent, "document") &&
               n->parent->parent == (xmlNodePtr)c->myDoc) {
        pe->body = true;
    }
}

/* Parse a part. A DOCTYPE (hence any entity declaration) stops the parser at once and is
 * refused, as the report XML loader refuses it; so is anything not well-formed, and a tree
 * of more than GR_DOCX_MAX_NODES nodes. With block, the part is the main document, parsed
 * as a stream (gr_docx_read_main): its blocks are handed over one by one and freed. */
static xmlDocPtr parse_part(package *p, const char *name, const char *data, size_t len,
                            void (*block)(void *ctx, const xmlNode *n), void *block_ctx,
                            bool *body)
{
    part_errors pe = {0};
    if (len > (size_t)0x7fffffff)
        len = 0x7fffffff; /* unreachable: parts are capped at GR_DOCX_MAX_ENTRY */
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fputs("govreport: out of memory\n", stderr);
        abort();
    }
    ctxt->_private = &pe;
    ctxt->sax->internalSubset = refuse_subset;
    ctxt->sax->externalSubset = refuse_subset;
    ctxt->sax->resolveEntity = refuse_resolve;
    pe.start = ctxt->sax->startElementNs;
    pe.end = ctxt->sax->endElementNs;
    pe.chars = ctxt->sax->characters;
    pe.block = block;
    pe.block_ctx = block_ctx;
    ctxt->sax->startElementNs = on_start;
    ctxt->sax->endElementNs = on_end;
    ctxt->sax->characters = on_chars;
    pe.cdata = ctxt->sax->cdataBlock;
    ctxt->sax->cdataBlock = on_cdata;
    xmlSetStructuredErrorFunc(&pe, on_part_error);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                                          XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
    bool wf = ctxt->wellFormed;
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    if (body) *body = pe.body;
    if (pe.dtd) {
        gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-DTD",
                    "部件“%s”含有 DOCTYPE（文档类型声明、实体或外部 DTD）；出于安全考虑未读取",
                    name);
        gr_diag_hint(p->d, "Word 和 WPS 保存的 .docx 从不含 DOCTYPE：用它们重新另存为 .docx");
        goto fail;
    }
    if (pe.too_big) {
        gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-NODES",
                    block ? "部件“%s”第 %d 行附近的一个段落或表格含有超过 %d 个 XML 节点（一份"
                            "报告全文约 1.7 万个），不像一份年度报告；未读取"
                          : "部件“%s”第 %d 行附近超过 %d 个 XML 节点（一份报告全文约 1.7 万个），"
                            "不像一份年度报告；未读取",
                    name, pe.big_line, GR_DOCX_MAX_NODES);
        gr_diag_hint(p->d, "用 Word 或 WPS 打开后检查是否混入了大量内容，另存为 .docx 再导入");
        goto fail;
    }
    if (!doc || !wf) {
        char where[32] = "";
        if (pe.line > 0) snprintf(where, sizeof where, "第 %d 行", pe.line);
        gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-XML",
                    "部件“%s”%s不是格式正确的 XML（%s）：文件可能已损坏", name, where,
                    pe.msg[0] ? pe.msg : "无法解析");
        gr_diag_hint(p->d, "用 Word 或 WPS 打开后重新另存为 .docx");
        goto fail;
    }
    return doc;
fail:
    p->failed = true;
    xmlFreeDoc(doc);
    return NULL;
}

/* Read and parse a part; NULL when missing (*missing) or on error (diagnostic). */
static xmlDocPtr load_part(package *p, const char *name, bool *missing)
{
    size_t len = 0;
    char *data = read_part(p, name, &len, missing);
    if (!data) return NULL;
    xmlDocPtr doc = parse_part(p, name, data, len, NULL, NULL, NULL);
    free(data);
    return doc;
}

/* ---- the package's structure ---- */

/* An element by its local name, whatever its namespace (package parts). */
static bool is_local(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* Resolve a relationship target against the folder of the part it is from ("word/"):
 * "../x" climbs, "/x" starts at the root, %XX is decoded. NULL when it climbs out of the
 * package: a part name is a name inside the zip, never a path on the disk. */
static char *resolve_target(const char *base_dir, const char *target)
{
    char raw[GR_DOCX_MAX_PART_NAME];
    if (strlen(target) >= sizeof raw || strlen(base_dir) >= sizeof raw) return NULL;
    if (target[0] == '/')
        snprintf(raw, sizeof raw, "%s", target + 1);
    else if (snprintf(raw, sizeof raw, "%s%s", base_dir, target) >= (int)sizeof raw)
        return NULL;
    char out[GR_DOCX_MAX_PART_NAME];
    size_t n = 0;
    for (const char *s = raw; *s;) {
        const char *e = strchr(s, '/');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        if (k == 0 || (k == 1 && s[0] == '.')) {
            /* nothing */
        } else if (k == 2 && s[0] == '.' && s[1] == '.') {
            if (n == 0) return NULL;
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0) n--;
        } else {
            if (n) out[n++] = '/';
            for (size_t i = 0; i < k; i++) {
                char c = s[i];
                int64_t v;
                if (c == '%' && i + 2 < k && gr_digits_value(s + i + 1, 2, 16, 255, &v) == 2) {
                    if (v > 0) {
                        c = (char)v;
                        i += 2;
                    }
                }
                if (c == '\\' || c == '\0') return NULL;
                out[n++] = c;
            }
        }
        if (!e) break;
        s = e + 1;
    }
    if (!n) return NULL;
    return gr_xstrndup(out, n);
}

/* The target of the first relationship of a type ending in type_suffix, resolved. */
static char *find_rel(xmlDocPtr rels, const char *base_dir, const char *type_suffix, bool *escaped)
{
    const xmlNode *root = xmlDocGetRootElement(rels);
    size_t k = strlen(type_suffix);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!is_local(c, "Relationship")) continue;
        xmlChar *type = xmlGetProp(c, (const xmlChar *)"Type");
        xmlChar *target = xmlGetProp(c, (const xmlChar *)"Target");
        xmlChar *mode = xmlGetProp(c, (const xmlChar *)"TargetMode");
        size_t tl = type ? strlen((const char *)type) : 0;
        char *found = NULL;
        bool match = type && target && tl >= k &&
                     !strcmp((const char *)type + tl - k, type_suffix) &&
                     !(mode && !xmlStrcasecmp(mode, (const xmlChar *)"External"));
        if (match) {
            found = resolve_target(base_dir, (const char *)target);
            if (!found) *escaped = true;
        }
        xmlFree(type);
        xmlFree(target);
        xmlFree(mode);
        if (match) return found;
    }
    return NULL;
}

/* Whether a part name as [Content_Types].xml writes it (percent-encoded, any case) names
 * part (decoded). */
static bool same_part(const char *encoded, const char *part)
{
    for (;; part++) {
        int c = (unsigned char)*encoded;
        int64_t v;
        if (c == '%' && gr_digits_value(encoded + 1, 2, 16, 255, &v) == 2) {
            c = (int)v;
            encoded += 2;
        }
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        int d = (unsigned char)*part;
        if (d >= 'A' && d <= 'Z') d += 'a' - 'A';
        if (c != d) return false;
        if (!c) return true;
        encoded++;
    }
}

/* The content type [Content_Types].xml gives part (an Override, else its extension's
 * Default); borrowed from ct; NULL. */
static char *content_type(xmlDocPtr ct, const char *part)
{
    const xmlNode *root = xmlDocGetRootElement(ct);
    const char *dot = strrchr(part, '.');
    char *by_ext = NULL;
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is_local(c, "Override")) {
            xmlChar *name = xmlGetProp(c, (const xmlChar *)"PartName");
            bool hit = name && name[0] == '/' && same_part((const char *)name + 1, part);
            xmlFree(name);
            if (hit) {
                xmlFree(by_ext);
                return (char *)xmlGetProp(c, (const xmlChar *)"ContentType");
            }
        } else if (is_local(c, "Default") && dot && !by_ext) {
            xmlChar *ext = xmlGetProp(c, (const xmlChar *)"Extension");
            if (ext && !xmlStrcasecmp(ext, (const xmlChar *)dot + 1))
                by_ext = (char *)xmlGetProp(c, (const xmlChar *)"ContentType");
            xmlFree(ext);
        }
    }
    return by_ext;
}

static bool is_word_main(const char *type)
{
    static const char *const types[] = {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", NULL};
    for (const char *const *t = types; type && *t; t++)
        if (!strcmp(type, *t)) return true;
    return false;
}

static void not_word(package *p, const char *what)
{
    zip_fail(p, "E-IMPORT-DOCX-NOT-WORD", "这是 zip 包，但不是 Word 文档（.docx）：%s", what);
    gr_diag_hint(p->d, "用 Word 或 WPS 另存为 .docx；或用 LibreOffice 转换："
                       "soffice --headless --convert-to docx 文件");
}

/* ---- OLE2: encrypted .docx, legacy .doc and .wps ---- */

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* Whether the compound file has a directory entry named name. Directory entries are 128
 * bytes, in sectors of 512 or 4096 bytes after a header of one sector: every entry starts at
 * a multiple of 128 in the file, its name UTF-16LE, the name's byte length (with the final
 * NUL) at offset 64. */
static bool ole_has_entry(const unsigned char *data, size_t len, const char *name)
{
    size_t k = strlen(name);
    for (size_t off = 512; off + 128 <= len; off += 128) {
        const unsigned char *e = data + off;
        if ((size_t)(e[64] | e[65] << 8) != 2 * (k + 1)) continue;
        size_t i = 0;
        while (i < k && e[2 * i] == (unsigned char)name[i] && e[2 * i + 1] == 0)
            i++;
        if (i == k) return true;
    }
    return false;
}

static void read_ole(const char *data, size_t len, const char *path, gr_diags *d)
{
    const unsigned char *u = (const unsigned char *)data;
    if (ole_has_entry(u, len, "EncryptedPackage")) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-ENCRYPTED",
                    "文件已加密（设置了打开密码的 .docx），无法读取");
        gr_diag_hint(d, "在 Word 或 WPS 中打开，取消“用密码进行加密”后另存为 .docx，再导入");
        return;
    }
    gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-LEGACY",
                "这是旧的 Word 97–2003（.doc）或 WPS（.wps）二进制文件，不能直接读取%s",
                ole_has_entry(u, len, "WordDocument") ? "" : "（其中也没有 Word 正文）");
    gr_diag_hint(d, "在 Word 或 WPS 中“另存为” .docx；或用 LibreOffice 转换："
                    "soffice --headless --convert-to docx 文件.doc");
}

/* ---- opening ---- */

bool gr_import_is_docx(const char *data, size_t len)
{
    return (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) ||
           (len >= 4 && !memcmp(data, "PK\x05\x06", 4)) ||
           (len >= 8 && !memcmp(data, ole_magic, 8)) || (len >= 5 && !memcmp(data, "{\\rtf", 5));
}

void gr_docx_close(gr_docx_parts *parts)
{
    free(parts->main_xml);
    xmlFreeDoc(parts->styles);
    xmlFreeDoc(parts->numbers);
    free(parts->main_name);
    memset(parts, 0, sizeof *parts);
}

bool gr_docx_read_main(gr_docx_parts *parts, void (*block)(void *ctx, const xmlNode *n),
                       void *ctx)
{
    package p = {.path = parts->path, .d = parts->d};
    bool has_body = false;
    xmlDocPtr doc = parse_part(&p, parts->main_name, parts->main_xml, parts->main_len, block, ctx,
                               &has_body);
    xmlFreeDoc(doc);
    if (doc && !has_body) {
        gr_diag_add(p.d, GR_SEV_ERROR, p.path, 0, 0, "E-IMPORT-DOCX-PART",
                    "正文部件“%s”中没有 w:body：文件可能已损坏", parts->main_name);
        return false;
    }
    return doc != NULL;
}

bool gr_docx_open(gr_docx_parts *parts, const char *data, size_t len, const char *path, gr_diags *d)
{
    memset(parts, 0, sizeof *parts);
    parts->path = path;
    parts->d = d;
    if (len >= 8 && !memcmp(data, ole_magic, 8)) {
        read_ole(data, len, path, d);
        return false;
    }
    if (len >= 5 && !memcmp(data, "{\\rtf", 5)) {
        /* Word and WPS save RTF under a .doc name as often as not. */
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-LEGACY",
                    "这是 RTF 文件（常被存成 .doc），不能直接读取");
        gr_diag_hint(d, "在 Word 或 WPS 中“另存为” .docx；或用 LibreOffice 转换："
                        "soffice --headless --convert-to docx 文件.rtf");
        return false;
    }
    const char *no_zip = gr_zip_load();
    if (no_zip) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IO", "不能读取 .docx：%s", no_zip);
        return false;
    }
    package p = {.path = path, .d = d};
    xmlDocPtr ct = NULL, rels = NULL, main_rels = NULL;
    char *type = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
    /* ZIP_CHECKCONS: every local header must agree with the central directory, or a reader
     * that walks local headers (some unzip tools) sees another document than we do */
    if (src) p.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!p.za && zip_error_code_zip(&ze) == ZIP_ER_EXISTS) {
        /* two entries of one name, which the check refuses without naming it: open the
         * package again without the check, to name the entry */
        zip_error_fini(&ze);
        zip_error_init(&ze);
        p.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!p.za)
            zip_source_free(src);
        if (!p.za || unique_names(&p)) {
            zip_fail(&p, "E-IMPORT-DOCX-DUPLICATE", "%s",
                     "zip 包中有两个同名的文件：不同软件可能读出不同的内容，拒绝读取");
            gr_diag_hint(d, "在 Word 或 WPS 中打开后另存为 .docx，再导入");
        }
        zip_error_fini(&ze);
        goto fail;
    }
    if (!p.za && zip_error_code_zip(&ze) == ZIP_ER_INCONS) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-INCONSISTENT",
                    "zip 包的中央目录与其中各文件的头部不一致：不同软件打开它可能看到不同的内容，"
                    "拒绝读取");
        gr_diag_hint(d, "在 Word 或 WPS 中打开后另存为 .docx，再导入");
        zip_source_free(src);
        zip_error_fini(&ze);
        return false;
    }
    if (!p.za) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-ZIP",
                    "不是完整的 .docx（zip 包）：文件可能已截断或损坏（%s）",
                    zip_error_strerror(&ze));
        gr_diag_hint(d, "重新下载或复制该文件；能在 Word 或 WPS 中打开的，另存为 .docx 再导入");
        zip_source_free(src);
        zip_error_fini(&ze);
        return false;
    }
    zip_error_fini(&ze);
    if (!unique_names(&p))
        goto fail;

    bool missing = false;
    ct = load_part(&p, "[Content_Types].xml", &missing);
    if (!ct) {
        if (missing)
            not_word(&p, zip_name_locate(p.za, "mimetype", 0) >= 0
                             ? "它像是 OpenDocument（.odt）文件"
                             : "包中没有 [Content_Types].xml");
        goto fail;
    }
    rels = load_part(&p, "_rels/.rels", &missing);
    if (!rels) {
        if (missing) not_word(&p, "包中没有 _rels/.rels");
        goto fail;
    }
    bool escaped = false;
    parts->main_name = find_rel(rels, "", "/officeDocument", &escaped);
    if (escaped) {
        zip_fail(&p, "E-IMPORT-DOCX-PART", "%s", "_rels/.rels 中正文部件的位置指向包外；拒绝读取");
        goto fail;
    }
    if (!parts->main_name) {
        not_word(&p, "_rels/.rels 中没有正文部件（officeDocument）");
        goto fail;
    }
    type = content_type(ct, parts->main_name);
    if (!is_word_main(type)) {
        not_word(&p, type && strstr(type, "spreadsheetml")    ? "它是 Excel 工作簿"
                     : type && strstr(type, "presentationml") ? "它是 PowerPoint 演示文稿"
                                                              : "正文部件不是 WordprocessingML");
        goto fail;
    }
    /* read now (its size is checked with the others), parsed as a stream by the walker */
    parts->main_xml = read_part(&p, parts->main_name, &parts->main_len, &missing);
    if (!parts->main_xml) {
        if (missing)
            zip_fail(&p, "E-IMPORT-DOCX-PART", "正文部件“%s”不在 zip 包中：文件可能已损坏",
                     parts->main_name);
        goto fail;
    }

    /* styles.xml and numbering.xml, through the main part's relationships. */
    const char *slash = strrchr(parts->main_name, '/');
    size_t dir_len = slash ? (size_t)(slash - parts->main_name) + 1 : 0;
    char *dir = gr_xstrndup(parts->main_name, dir_len);
    char *rels_name = gr_xasprintf("%s_rels/%s.rels", dir, parts->main_name + dir_len);
    main_rels = load_part(&p, rels_name, &missing);
    free(rels_name);
    for (int k = 0; main_rels && k < 2; k++) {
        escaped = false;
        char *name = find_rel(main_rels, dir, k ? "/numbering" : "/styles", &escaped);
        if (escaped)
            zip_fail(&p, "E-IMPORT-DOCX-PART", "%s",
                     "正文部件的关系中，样式或编号部件的位置指向包外；拒绝读取");
        xmlDocPtr x = name ? load_part(&p, name, &missing) : NULL;
        if (k)
            parts->numbers = x;
        else
            parts->styles = x;
        free(name);
    }
    free(dir);

fail:
    xmlFreeDoc(ct);
    xmlFreeDoc(rels);
    xmlFreeDoc(main_rels);
    xmlFree(type);
    zip_discard(p.za);
    if (p.failed) gr_docx_close(parts);
    return !p.failed;
}
