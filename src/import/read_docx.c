/* read_docx: a report as the clerk wrote it in Word or WPS (.docx, WordprocessingML) → the
 * importer's blocks. libzip opens the package from memory (nothing reaches the disk; entry
 * names are only looked up, never used as paths) and libxml2 reads its parts with no DTD, no
 * entity and no network. The main part is found through [Content_Types].xml and _rels/.rels.
 * Paragraphs become paragraph blocks, Word's automatic numbering written out as text; table
 * rows become rows as the HTML reader makes them (a merged cell once, where it starts), so the
 * builder is shared. A block's line is its paragraph's number in the document. */
#include "import/doc.h"

#include "base/base.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GR_DOCX_MAX_ENTRY (64u * 1024u * 1024u)     /* one part inflated: a report is < 1 MB */
#define GR_DOCX_MAX_INFLATED (128u * 1024u * 1024u) /* all parts read, together */
#define GR_DOCX_MAX_RATIO 200             /* Word's XML deflates 5–20:1; a bomb 1000:1 */
#define GR_DOCX_RATIO_FLOOR (64u * 1024u) /* below this an entry is harmless at any ratio */
#define GR_DOCX_MAX_DEPTH 256             /* libxml2's own nesting bound without XML_PARSE_HUGE */
#define GR_DOCX_MAX_FIELDS 32      /* nested fields (IF inside MERGEFIELD); deeper ones ignored */
#define GR_DOCX_MAX_STYLE_CHAIN 16 /* basedOn links followed; guards against cycles */
#define GR_DOCX_LEVELS 9           /* w:ilvl 0–8 */
#define GR_DOCX_MAX_PART_NAME 512
#define GR_DOCX_MAX_DEFS 8192 /* styles, lists: a document has a few hundred; more are ignored */

static const char *const w_ns[] = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                   "http://purl.oclc.org/ooxml/wordprocessingml/main", NULL};
static const char mc_ns[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

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

/* Parse a part. A DOCTYPE (hence any entity declaration) stops the parser at once and is
 * refused, as the report XML loader refuses it; so is anything not well-formed. */
static xmlDocPtr parse_part(package *p, const char *name, const char *data, size_t len)
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
    if (pe.dtd) {
        gr_diag_add(p->d, GR_SEV_ERROR, p->path, 0, 0, "E-IMPORT-DOCX-DTD",
                    "部件“%s”含有 DOCTYPE（文档类型声明、实体或外部 DTD）；出于安全考虑未读取",
                    name);
        gr_diag_hint(p->d, "Word 和 WPS 保存的 .docx 从不含 DOCTYPE：用它们重新另存为 .docx");
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
    xmlDocPtr doc = parse_part(p, name, data, len);
    free(data);
    return doc;
}

/* ---- element and attribute helpers ---- */

static bool is_w(const xmlNode *n, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE || !n->ns || strcmp((const char *)n->name, local))
        return false;
    for (const char *const *u = w_ns; *u; u++)
        if (!strcmp((const char *)n->ns->href, *u)) return true;
    return false;
}

static bool is_mc(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, mc_ns) &&
           !strcmp((const char *)n->name, local);
}

/* An element by its local name, whatever its namespace (package parts). */
static bool is_local(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* The value of attribute local (w: namespace, or none), borrowed from the tree; NULL. */
static const char *attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next) {
        if (strcmp((const char *)a->name, local)) continue;
        bool ok = !a->ns;
        for (const char *const *u = w_ns; *u && !ok; u++)
            ok = !strcmp((const char *)a->ns->href, *u);
        if (ok && a->children && a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
        if (ok) return "";
    }
    return NULL;
}

static const xmlNode *child_w(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* An on/off property (w:vanish, w:b): present and not val="0"/"false"/"off". */
static bool on_off(const xmlNode *n)
{
    if (!n) return false;
    const char *v = attr(n, "val");
    return !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
}

static int int_attr(const xmlNode *n, const char *local, int dflt)
{
    const char *v = attr(n, local);
    if (!v || !*v) return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    if (*end || x < -1000000 || x > 1000000) return dflt;
    return (int)x;
}

/* ---- styles ---- */

typedef struct {
    char *id;
    char *based_on;
    int outline;        /* w:outlineLvl, -1 when not given */
    bool named_heading; /* "heading 1" … "heading 9": Word's built-in heading styles */
    char *num_id;       /* w:numPr in the style, NULL when none */
    int ilvl;           /* -1 when not given */
    bool vanish;        /* a character style that hides its runs */
} style;

typedef struct {
    style *items;
    size_t n, cap;
} style_list;

static int cmp_style(const void *a, const void *b)
{
    return strcmp(((const style *)a)->id, ((const style *)b)->id);
}

static void read_styles(style_list *sl, xmlDocPtr doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    for (const xmlNode *s = root ? root->children : NULL; s; s = s->next) {
        if (!is_w(s, "style")) continue;
        const char *type = attr(s, "type"), *id = attr(s, "styleId");
        if (!id || (type && strcmp(type, "paragraph") && strcmp(type, "character")) ||
            sl->n >= GR_DOCX_MAX_DEFS)
            continue;
        gr_grow((void **)&sl->items, &sl->cap, sl->n + 1, sizeof(style));
        style *st = &sl->items[sl->n++];
        memset(st, 0, sizeof *st);
        st->id = gr_xstrdup(id);
        st->outline = -1;
        st->ilvl = -1;
        const char *base = attr(child_w(s, "basedOn"), "val");
        st->based_on = base ? gr_xstrdup(base) : NULL;
        const char *name = attr(child_w(s, "name"), "val");
        st->named_heading = name && !strncasecmp(name, "heading ", 8) && name[8] >= '1' &&
                            name[8] <= '9' && !name[9];
        st->vanish = on_off(child_w(child_w(s, "rPr"), "vanish"));
        const xmlNode *ppr = child_w(s, "pPr");
        const xmlNode *ol = child_w(ppr, "outlineLvl");
        if (ol) st->outline = int_attr(ol, "val", -1);
        const xmlNode *np = child_w(ppr, "numPr");
        if (np) {
            const char *nid = attr(child_w(np, "numId"), "val");
            st->num_id = nid ? gr_xstrdup(nid) : NULL;
            st->ilvl = int_attr(child_w(np, "ilvl"), "val", -1);
        }
    }
    if (sl->n) qsort(sl->items, sl->n, sizeof(style), cmp_style);
}

/* Styles are sorted by id once read: every paragraph looks its style up, and its chain. */
static const style *find_style(const style_list *sl, const char *id)
{
    if (!id || !sl->n) return NULL;
    style key = {.id = (char *)id};
    return bsearch(&key, sl->items, sl->n, sizeof(style), cmp_style);
}

/* Whether paragraphs of style id are headings: an outline level 0–8 or a built-in heading
 * name, on the style or a style it is based on. */
static bool style_is_heading(const style_list *sl, const char *id)
{
    const style *s = find_style(sl, id);
    for (int k = 0; s && k < GR_DOCX_MAX_STYLE_CHAIN; k++) {
        if (s->outline >= 0) return s->outline < GR_DOCX_LEVELS;
        if (s->named_heading) return true;
        s = find_style(sl, s->based_on);
    }
    return false;
}

/* The numbering a style gives its paragraphs (numId, ilvl), through basedOn. */
static void style_numbering(const style_list *sl, const char *id, const char **num_id, int *ilvl)
{
    const style *s = find_style(sl, id);
    for (int k = 0; s && k < GR_DOCX_MAX_STYLE_CHAIN; k++) {
        if (*ilvl < 0 && s->ilvl >= 0) *ilvl = s->ilvl;
        if (!*num_id && s->num_id) *num_id = s->num_id;
        s = find_style(sl, s->based_on);
    }
}

/* Whether a run of character style id is hidden, through basedOn. */
static bool style_hides(const style_list *sl, const char *id)
{
    const style *s = find_style(sl, id);
    for (int k = 0; s && k < GR_DOCX_MAX_STYLE_CHAIN; k++) {
        if (s->vanish) return true;
        s = find_style(sl, s->based_on);
    }
    return false;
}

static void free_styles(style_list *sl)
{
    for (size_t i = 0; i < sl->n; i++) {
        free(sl->items[i].id);
        free(sl->items[i].based_on);
        free(sl->items[i].num_id);
    }
    free(sl->items);
}

/* ---- numbering ---- */

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

typedef struct {
    abstract_num *abs;
    size_t nabs, cabs;
    num_inst *nums;
    size_t nnums, cnums;
} numbering;

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
static void read_numbering(numbering *nb, xmlDocPtr doc)
{
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
}

static void free_numbering(numbering *nb)
{
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
}

static void put_cp(gr_buf *b, int32_t c)
{
    char u[4];
    gr_buf_add(b, u, gr_utf8_put(u, (uint32_t)c));
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

static const level *level_of(const numbering *nb, const num_inst *ni, int k)
{
    if (ni->lvl[k].set) return &ni->lvl[k];
    return &nb->abs[ni->abs].lvl[k];
}

/* The number Word draws before a paragraph of numbering num_id at level ilvl, advancing the
 * counters: "一、", "（二）", "3." (a bullet draws nothing). Counters belong to the abstract
 * numbering, so lists that share one continue each other; a w:startOverride restarts its
 * level the first time its w:num is used; a level restarts under each new item above it. */
static void number_text(numbering *nb, const char *num_id, int ilvl, gr_buf *out)
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
    /* The tab or space after the number: none needed after 、．） which end it already. */
    const char *q = out->s + out->len;
    while (q > out->s + before && ((unsigned char)q[-1] & 0xC0) == 0x80)
        q--;
    bool wide = q > out->s + before && (unsigned char)q[-1] >= 0xE0;
    if (l->suff != 2 && !wide) gr_buf_puts(out, " ");
}

/* ---- the main part ---- */

typedef struct {
    bool result; /* past w:fldChar separate */
    bool toc;    /* a table of contents: its result repeats the headings with page numbers */
    char instr[16];
    size_t ninstr;
} field;

typedef struct {
    gr_import_doc *doc;
    style_list styles;
    numbering num;
    int para_no; /* paragraphs and table rows so far: the blocks' line */
    field fields[GR_DOCX_MAX_FIELDS];
    int nfields;           /* may exceed GR_DOCX_MAX_FIELDS: the excess is counted, not kept */
    const xmlNode **boxes; /* text boxes met in the paragraph being read */
    size_t nboxes, cboxes;
} reader;

static bool field_hides(const reader *r)
{
    int n = r->nfields < GR_DOCX_MAX_FIELDS ? r->nfields : GR_DOCX_MAX_FIELDS;
    for (int i = 0; i < n; i++)
        if (!r->fields[i].result || r->fields[i].toc) return true;
    return false;
}

static void field_char(reader *r, const xmlNode *fc)
{
    const char *t = attr(fc, "fldCharType");
    if (!t) return;
    if (!strcmp(t, "begin")) {
        if (r->nfields < GR_DOCX_MAX_FIELDS) memset(&r->fields[r->nfields], 0, sizeof(field));
        r->nfields++;
    } else if (!strcmp(t, "separate") && r->nfields > 0 && r->nfields <= GR_DOCX_MAX_FIELDS) {
        field *f = &r->fields[r->nfields - 1];
        f->result = true;
        const char *s = f->instr;
        while (*s == ' ')
            s++;
        f->toc = !strncasecmp(s, "TOC", 3);
    } else if (!strcmp(t, "end") && r->nfields > 0) {
        r->nfields--;
    }
}

static void field_instr(reader *r, const xmlNode *it)
{
    if (r->nfields <= 0 || r->nfields > GR_DOCX_MAX_FIELDS) return;
    field *f = &r->fields[r->nfields - 1];
    xmlChar *s = xmlNodeGetContent(it);
    for (const xmlChar *p = s; p && *p && f->ninstr + 1 < sizeof f->instr; p++)
        f->instr[f->ninstr++] = (char)*p;
    f->instr[f->ninstr] = '\0';
    xmlFree(s);
}

/* The branch of an mc:AlternateContent to read: its first (mc:Choice); the others (an
 * mc:Fallback in VML) repeat the same content for older readers. */
static const xmlNode *first_branch(const xmlNode *alt)
{
    const xmlNode *first = alt->children;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    return first;
}

static void add_box(reader *r, const xmlNode *box)
{
    gr_grow((void **)&r->boxes, &r->cboxes, r->nboxes + 1, sizeof(const xmlNode *));
    r->boxes[r->nboxes++] = box;
}

/* Text boxes inside a drawing: the first branch of each mc:AlternateContent only (its
 * fallback repeats the same box in VML). */
static void find_boxes(reader *r, const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_DOCX_MAX_DEPTH; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_w(c, "txbxContent")) {
            add_box(r, c);
        } else if (is_mc(c, "AlternateContent")) {
            const xmlNode *first = first_branch(c);
            if (first) find_boxes(r, first, depth + 1);
        } else {
            find_boxes(r, c, depth + 1);
        }
    }
}

static void run(reader *r, const xmlNode *wr, gr_buf *b, int depth)
{
    const xmlNode *rpr = child_w(wr, "rPr");
    const xmlNode *vanish = child_w(rpr, "vanish");
    bool hidden =
        vanish ? on_off(vanish) : style_hides(&r->styles, attr(child_w(rpr, "rStyle"), "val"));
    for (const xmlNode *c = wr->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_w(c, "fldChar")) {
            field_char(r, c);
            continue;
        }
        if (is_w(c, "instrText")) {
            field_instr(r, c);
            continue;
        }
        if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object")) {
            if (!hidden && !field_hides(r)) find_boxes(r, c, depth + 1);
            continue;
        }
        if (is_mc(c, "AlternateContent")) {
            const xmlNode *first = first_branch(c);
            if (first && !hidden && !field_hides(r)) find_boxes(r, first, depth + 1);
            continue;
        }
        if (hidden || field_hides(r)) continue;
        if (is_w(c, "t")) {
            for (const xmlNode *t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    gr_buf_puts(b, (const char *)t->content);
        } else if (is_w(c, "tab") || is_w(c, "ptab")) {
            gr_buf_puts(b, "\t");
        } else if (is_w(c, "br") || is_w(c, "cr")) {
            gr_buf_puts(b, "\n");
        } else if (is_w(c, "noBreakHyphen")) {
            gr_buf_puts(b, "-");
        } else if (is_w(c, "sym")) {
            const char *ch = attr(c, "char");
            long cp = ch ? strtol(ch, NULL, 16) : 0;
            /* Symbol-font characters in the private use area have no Unicode meaning. */
            if (cp > 0x20 && cp < 0x110000 && !(cp >= 0xE000 && cp <= 0xF8FF) &&
                !(cp >= 0xD800 && cp <= 0xDFFF))
                put_cp(b, (int32_t)cp);
        }
    }
}

/* The runs of a paragraph (or of a hyperlink, an insertion, a content control …). */
static void inline_content(reader *r, const xmlNode *n, gr_buf *b, int depth)
{
    if (depth > GR_DOCX_MAX_DEPTH) return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_w(c, "r")) {
            run(r, c, b, depth);
        } else if (is_w(c, "del") || is_w(c, "moveFrom")) {
            continue; /* tracked deletions: not in the document Word shows as accepted */
        } else if (is_w(c, "fldSimple")) {
            const char *in = attr(c, "instr");
            while (in && *in == ' ')
                in++;
            if (!in || strncasecmp(in, "TOC", 3))
                inline_content(r, c, b, depth + 1); /* its children are the result */
        } else if (is_w(c, "sdt")) {
            const xmlNode *content = child_w(c, "sdtContent");
            if (content) inline_content(r, content, b, depth + 1);
        } else if (is_w(c, "hyperlink") || is_w(c, "ins") || is_w(c, "moveTo") ||
                   is_w(c, "smartTag") || is_w(c, "customXml") || is_w(c, "dir") ||
                   is_w(c, "bdo")) {
            inline_content(r, c, b, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            const xmlNode *first = first_branch(c);
            if (first) inline_content(r, first, b, depth + 1);
        }
    }
}

static bool is_ws(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0;
}

static bool is_wide(int32_t c)
{
    return c >= 0x2E80 || (c >= 0x2010 && c <= 0x206F);
}

/* Whitespace runs become one space (none where a line break falls between two Chinese
 * characters: a cell's paragraphs are one label), ends trimmed with the ideographic spaces
 * of indentation. */
static char *collapse(const char *s, size_t n)
{
    gr_buf b = {0};
    const char *p = s, *end = s + n;
    bool space = false, newline = false;
    int32_t prev = 0;
    while (p < end) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, (size_t)(end - p));
        if (c < 0) continue;
        if (is_ws(c)) {
            space = true;
            newline |= c == '\n';
            continue;
        }
        if (c == 0x3000 && b.len == 0) continue;
        if (space && b.len > 0 && !(newline && is_wide(prev) && is_wide(c))) gr_buf_add(&b, " ", 1);
        space = newline = false;
        gr_buf_add(&b, q, (size_t)(p - q));
        prev = c;
    }
    while (b.len >= 3 && !memcmp(b.s + b.len - 3, "\xE3\x80\x80", 3))
        b.len -= 3;
    gr_buf_add(&b, "", 0);
    return b.s;
}

static void blocks(reader *r, const xmlNode *parent, gr_buf *cell, int depth);

/* A paragraph: its number (from numbering.xml), then its runs. In a table cell its text is
 * added to the cell; elsewhere each line of it (w:br splits, as <br> does in a page) is a
 * paragraph block. Text boxes anchored in it follow it. */
static void paragraph(reader *r, const xmlNode *p, gr_buf *cell, int depth)
{
    const xmlNode *ppr = child_w(p, "pPr");
    const char *style_id = attr(child_w(ppr, "pStyle"), "val");
    const xmlNode *numpr = child_w(ppr, "numPr");
    const char *num_id = attr(child_w(numpr, "numId"), "val");
    int ilvl = int_attr(child_w(numpr, "ilvl"), "val", -1);
    style_numbering(&r->styles, style_id, &num_id, &ilvl);
    const xmlNode *ol = child_w(ppr, "outlineLvl");
    bool heading =
        ol ? int_attr(ol, "val", 9) < GR_DOCX_LEVELS : style_is_heading(&r->styles, style_id);

    gr_buf b = {0};
    number_text(&r->num, num_id, ilvl < 0 ? 0 : ilvl, &b);
    size_t boxes_from = r->nboxes;
    inline_content(r, p, &b, depth + 1);
    gr_buf_add(&b, "", 0);
    r->para_no++;
    if (cell) {
        if (cell->len) gr_buf_puts(cell, "\n");
        gr_buf_add(cell, b.s, b.len);
    } else {
        const char *s = b.s;
        for (;;) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            char *t = collapse(s, n);
            if (*t) gr_import_doc_para(r->doc, t, r->para_no, heading);
            free(t);
            if (!nl) break;
            s = nl + 1;
        }
    }
    gr_buf_free(&b);
    /* The boxes of this paragraph, in order; boxes inside them are added past the end. */
    size_t boxes_to = r->nboxes;
    for (size_t i = boxes_from; i < boxes_to; i++)
        blocks(r, r->boxes[i], cell, depth + 1);
    r->nboxes = boxes_from;
}

/* The rows of a table, through content controls and custom XML; deleted rows left out. */
static void collect(const xmlNode *n, const char *what, const xmlNode ***out, size_t *nout,
                    size_t *cap, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_DOCX_MAX_DEPTH; c = c->next) {
        if (is_w(c, what)) {
            const xmlNode *pr = child_w(c, !strcmp(what, "tr") ? "trPr" : "tcPr");
            if (child_w(pr, "del") || child_w(pr, "cellDel")) continue;
            gr_grow((void **)out, cap, *nout + 1, sizeof(const xmlNode *));
            (*out)[(*nout)++] = c;
        } else if (is_w(c, "sdt")) {
            const xmlNode *content = child_w(c, "sdtContent");
            if (content) collect(content, what, out, nout, cap, depth + 1);
        } else if (is_w(c, "customXml")) {
            collect(c, what, out, nout, cap, depth + 1);
        }
    }
}

static bool has_table(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < GR_DOCX_MAX_DEPTH; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (is_w(c, "tbl") || has_table(c, depth + 1))) return true;
    return false;
}

/* A merged cell's continuation (w:vMerge without restart, or the old w:hMerge continue):
 * left out, as the HTML reader leaves out what a rowspan covers. */
static bool continues_merge(const xmlNode *tc)
{
    const xmlNode *pr = child_w(tc, "tcPr");
    const xmlNode *vm = child_w(pr, "vMerge");
    const char *v = vm ? attr(vm, "val") : NULL;
    if (vm && (!v || strcmp(v, "restart"))) return true;
    const xmlNode *hm = child_w(pr, "hMerge");
    v = hm ? attr(hm, "val") : NULL;
    return hm && (!v || strcmp(v, "restart"));
}

static void table(reader *r, const xmlNode *tbl, gr_buf *cell, int depth)
{
    const xmlNode **rows = NULL;
    size_t nrows = 0, crows = 0;
    collect(tbl, "tr", &rows, &nrows, &crows, depth);
    /* A table used for page layout (one holding a table, or one cell a row) holds
     * paragraphs, not figures; a table inside a cell is that cell's text. */
    bool layout = has_table(tbl, depth);
    bool wide = false;
    const xmlNode **cells = NULL;
    size_t ncells = 0, ccells = 0;
    for (size_t i = 0; i < nrows && !wide; i++) {
        ncells = 0;
        collect(rows[i], "tc", &cells, &ncells, &ccells, depth);
        wide = ncells > 1;
    }
    layout |= !wide;
    for (size_t i = 0; i < nrows; i++) {
        ncells = 0;
        collect(rows[i], "tc", &cells, &ncells, &ccells, depth);
        if (cell || layout) {
            for (size_t k = 0; k < ncells; k++)
                if (!continues_merge(cells[k])) blocks(r, cells[k], cell, depth + 1);
            continue;
        }
        if (!ncells) continue;
        gr_import_block *row = gr_import_doc_row(r->doc, r->para_no + 1);
        int line = r->para_no + 1;
        for (size_t k = 0; k < ncells; k++) {
            if (continues_merge(cells[k])) continue;
            gr_buf b = {0};
            blocks(r, cells[k], &b, depth + 1);
            char *t = collapse(b.s ? b.s : "", b.len);
            gr_import_row_cell(row, t, line);
            free(t);
            gr_buf_free(&b);
        }
        r->para_no = line; /* a row counts as one paragraph, whatever its cells hold */
    }
    free(cells);
    free(rows);
}

/* Block content: the body, a cell, a text box, a content control. */
static void blocks(reader *r, const xmlNode *parent, gr_buf *cell, int depth)
{
    if (depth > GR_DOCX_MAX_DEPTH) return;
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_w(c, "p")) {
            paragraph(r, c, cell, depth);
        } else if (is_w(c, "tbl")) {
            table(r, c, cell, depth + 1);
        } else if (is_w(c, "sdt")) {
            const xmlNode *content = child_w(c, "sdtContent");
            if (content) blocks(r, content, cell, depth + 1);
        } else if (is_w(c, "customXml") || is_w(c, "ins") || is_w(c, "moveTo")) {
            blocks(r, c, cell, depth + 1);
        } else if (is_mc(c, "AlternateContent")) {
            const xmlNode *first = first_branch(c);
            if (first) blocks(r, first, cell, depth + 1);
        }
    }
}

/* ---- the package's structure ---- */

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
                if (c == '%' && i + 2 < k) {
                    char hex[3] = {s[i + 1], s[i + 2], 0};
                    char *end;
                    long v = strtol(hex, &end, 16);
                    if (!*end && v > 0) {
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
        if (c == '%' && encoded[1] && encoded[2]) {
            char hex[3] = {encoded[1], encoded[2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (!*end) {
                c = (int)v;
                encoded += 2;
            }
        }
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        int d = (unsigned char)*part;
        if (d >= 'A' && d <= 'Z')
            d += 'a' - 'A';
        if (c != d)
            return false;
        if (!c)
            return true;
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

/* ---- entry ---- */

bool gr_import_is_docx(const char *data, size_t len)
{
    return (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) ||
           (len >= 4 && !memcmp(data, "PK\x05\x06", 4)) ||
           (len >= 8 && !memcmp(data, ole_magic, 8)) || (len >= 5 && !memcmp(data, "{\\rtf", 5));
}

gr_import_doc *gr_import_read_docx(const char *data, size_t len, const char *path, gr_diags *d)
{
    if (len >= 8 && !memcmp(data, ole_magic, 8)) {
        read_ole(data, len, path, d);
        return NULL;
    }
    if (len >= 5 && !memcmp(data, "{\\rtf", 5)) {
        /* Word and WPS save RTF under a .doc name as often as not. */
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-LEGACY",
                    "这是 RTF 文件（常被存成 .doc），不能直接读取");
        gr_diag_hint(d, "在 Word 或 WPS 中“另存为” .docx；或用 LibreOffice 转换："
                        "soffice --headless --convert-to docx 文件.rtf");
        return NULL;
    }
    package p = {.path = path, .d = d};
    reader r = {0};
    xmlDocPtr ct = NULL, rels = NULL, main_doc = NULL, main_rels = NULL;
    char *main_name = NULL, *type = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
    if (src) p.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!p.za) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-DOCX-ZIP",
                    "不是完整的 .docx（zip 包）：文件可能已截断或损坏（%s）",
                    zip_error_strerror(&ze));
        gr_diag_hint(d, "重新下载或复制该文件；能在 Word 或 WPS 中打开的，另存为 .docx 再导入");
        zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);

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
    main_name = find_rel(rels, "", "/officeDocument", &escaped);
    if (escaped) {
        zip_fail(&p, "E-IMPORT-DOCX-PART", "%s", "_rels/.rels 中正文部件的位置指向包外；拒绝读取");
        goto fail;
    }
    if (!main_name) {
        not_word(&p, "_rels/.rels 中没有正文部件（officeDocument）");
        goto fail;
    }
    type = content_type(ct, main_name);
    if (!is_word_main(type)) {
        not_word(&p, type && strstr(type, "spreadsheetml")    ? "它是 Excel 工作簿"
                     : type && strstr(type, "presentationml") ? "它是 PowerPoint 演示文稿"
                                                              : "正文部件不是 WordprocessingML");
        goto fail;
    }
    main_doc = load_part(&p, main_name, &missing);
    if (!main_doc) {
        if (missing)
            zip_fail(&p, "E-IMPORT-DOCX-PART", "正文部件“%s”不在 zip 包中：文件可能已损坏",
                     main_name);
        goto fail;
    }

    /* styles.xml and numbering.xml, through the main part's relationships. */
    const char *slash = strrchr(main_name, '/');
    size_t dir_len = slash ? (size_t)(slash - main_name) + 1 : 0;
    char *dir = gr_xstrndup(main_name, dir_len);
    char *rels_name = gr_xasprintf("%s_rels/%s.rels", dir, main_name + dir_len);
    main_rels = load_part(&p, rels_name, &missing);
    free(rels_name);
    for (int k = 0; main_rels && k < 2; k++) {
        escaped = false;
        char *name = find_rel(main_rels, dir, k ? "/numbering" : "/styles", &escaped);
        if (escaped)
            zip_fail(&p, "E-IMPORT-DOCX-PART", "%s",
                     "正文部件的关系中，样式或编号部件的位置指向包外；拒绝读取");
        xmlDocPtr x = name ? load_part(&p, name, &missing) : NULL;
        if (x && k)
            read_numbering(&r.num, x);
        else if (x)
            read_styles(&r.styles, x);
        xmlFreeDoc(x);
        free(name);
    }
    free(dir);
    if (p.failed) goto fail;

    const xmlNode *root = xmlDocGetRootElement(main_doc);
    const xmlNode *body = is_w(root, "document") ? child_w(root, "body") : NULL;
    if (!body) {
        zip_fail(&p, "E-IMPORT-DOCX-PART", "正文部件“%s”中没有 w:body：文件可能已损坏", main_name);
        goto fail;
    }
    r.doc = gr_import_doc_new();
    blocks(&r, body, NULL, 0);

fail:
    if (p.failed) {
        gr_import_doc_free(r.doc);
        r.doc = NULL;
    }
    free(r.boxes);
    free_styles(&r.styles);
    free_numbering(&r.num);
    xmlFreeDoc(ct);
    xmlFreeDoc(rels);
    xmlFreeDoc(main_doc);
    xmlFreeDoc(main_rels);
    xmlFree(type);
    free(main_name);
    if (p.za) zip_discard(p.za);
    return r.doc;
}
