/* read_docx: a report as the clerk wrote it in Word or WPS (.docx, WordprocessingML) → the
 * importer's blocks. The package (docx_package.c) hands over the parsed main part, styles and
 * numbering; this file walks the main part. Paragraphs become paragraph blocks, Word's
 * automatic numbering written out as text (docx_numbering.c); fields, hidden text and tracked
 * deletions are left out as Word shows them; table rows become rows as the HTML reader makes
 * them (a merged cell once, where it starts), so the builder is shared. A block's line is its
 * paragraph's number in the document. */
#include "import/doc.h"
#include "import/docx.h"

#include "base/base.h"

#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GR_DOCX_MAX_FIELDS 32      /* nested fields (IF inside MERGEFIELD); deeper ones ignored */
#define GR_DOCX_MAX_STYLE_CHAIN 16 /* basedOn links followed; guards against cycles */

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
    gr_docx_numbering *num;
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
            int64_t cp = 0;
            if (!ch || gr_digits_value(ch, SIZE_MAX, 16, 0x10FFFF, &cp) != strlen(ch))
                cp = 0;
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
    gr_docx_number_text(r->num, num_id, ilvl < 0 ? 0 : ilvl, &b);
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
            char *t = gr_import_collapse(s, n);
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
            char *t = gr_import_collapse(b.s ? b.s : "", b.len);
            gr_import_row_cell(row, t, line);
            free(t);
            gr_buf_free(&b);
        }
        r->para_no = line; /* a row counts as one paragraph, whatever its cells hold */
    }
    free(cells);
    free(rows);
}

/* One element of block content. */
static void block(reader *r, const xmlNode *c, gr_buf *cell, int depth)
{
    if (c->type != XML_ELEMENT_NODE) return;
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

/* Block content: a cell, a text box, a content control (the body's come one by one). */
static void blocks(reader *r, const xmlNode *parent, gr_buf *cell, int depth)
{
    if (depth > GR_DOCX_MAX_DEPTH) return;
    for (const xmlNode *c = parent->children; c; c = c->next)
        block(r, c, cell, depth);
}

/* A child of w:body, complete: read, then freed by the package's stream. */
static void body_block(void *ctx, const xmlNode *n)
{
    block(ctx, n, NULL, 0);
}

/* ---- entry ---- */

gr_import_doc *gr_import_read_docx(const char *data, size_t len, const char *path, gr_diags *d)
{
    gr_docx_parts parts;
    if (!gr_docx_open(&parts, data, len, path, d)) return NULL;
    reader r = {0};
    if (parts.styles) read_styles(&r.styles, parts.styles);
    r.num = gr_docx_numbering_read(parts.numbers);
    /* both are copied: their trees go before the main part's blocks are parsed */
    xmlFreeDoc(parts.styles);
    xmlFreeDoc(parts.numbers);
    parts.styles = parts.numbers = NULL;
    r.doc = gr_import_doc_new();
    if (!gr_docx_read_main(&parts, body_block, &r)) {
        gr_import_doc_free(r.doc);
        r.doc = NULL;
    }
    free(r.boxes);
    free_styles(&r.styles);
    gr_docx_numbering_free(r.num);
    gr_docx_close(&parts);
    return r.doc;
}
