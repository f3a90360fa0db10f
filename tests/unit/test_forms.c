/* test_forms: the table of subheading forms (tests/import/forms/subheadings.txt), each read
 * through every reader: the paragraph and a body paragraph after it are put into section 一
 * of a report as text, as an HTML page, as pdftotext's output, and as a Word file, and the
 * subheading the import finds is compared with the table's verdict. */
#include "import/import.h"
#include "import/text.h"

#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR GR_SOURCE_DIR "/tests/import/"
/* Longer than a subheading's title, so that a reader that joins it to a form's line (a
 * number alone may be a heading's, in pdftotext's output) cannot make it one. */
#define BODY "按照有关规定持续推进各项工作，不断完善工作机制，取得良好成效。"

typedef struct {
    char *form;    /* the paragraph as written */
    char *heading; /* the subheading as the model keeps it, or NULL: prose */
} form;

/* The model's paragraphs of section 一 hold the form as its verdict says. */
static void check_model(const char *reader, const gr_report *r, const form *f)
{
    if (!r) {
        CHECK(0, "%s: “%s”: the report did not import", reader, f->form);
        return;
    }
    const gr_prose *p = &r->prose[GR_SEC_OVERVIEW];
    char *norm_form = gr_import_normalize(f->form);
    bool found = false;
    for (size_t i = 0; i < p->n && !found; i++) {
        const gr_para *q = &p->items[i];
        if (f->heading) {
            if (!q->heading || strcmp(q->heading, f->heading))
                continue;
            /* run-in: the rest of the form; alone: the body paragraph */
            char *norm_text = gr_import_normalize(q->text);
            found = strstr(norm_form, norm_text) != NULL || !strcmp(q->text, BODY);
            free(norm_text);
        } else {
            /* pdftotext's reader may join the body to a line as long as the page's */
            char *norm_text = gr_import_normalize(q->text);
            char *norm_body = gr_import_normalize(BODY);
            char *joined = gr_xasprintf("%s%s", norm_form, norm_body);
            found = !q->heading &&
                    ((!strcmp(norm_text, norm_form) && i + 1 < p->n && !p->items[i + 1].heading &&
                      !strcmp(p->items[i + 1].text, BODY)) ||
                     !strcmp(norm_text, joined));
            free(joined);
            free(norm_body);
            free(norm_text);
        }
    }
    CHECK(found, "%s: “%s”: expected %s%s", reader, f->form, f->heading ? "the subheading " : "prose",
          f->heading ? f->heading : "");
    free(norm_form);
}

static gr_report *build(gr_import_doc *doc, const char *name, gr_diags *d)
{
    gr_import_opts o = {NULL, 0};
    gr_report *r = doc ? gr_import_build(doc, name, &o, d) : NULL;
    gr_import_doc_free(doc);
    return r;
}

static void via_text(const char *seed, const form *f)
{
    char *ins = gr_xasprintf("高质量完成。\n\n%s\n\n%s\n", f->form, BODY);
    char *text = replace(seed, "高质量完成。\n", ins);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = build(gr_import_read_text(text, strlen(text), "forms.txt", &d), "forms.txt", &d);
    check_model("text", r, f);
    gr_report_free(r);
    gr_diags_free(&d);
    free(text);
    free(ins);
}

static void via_pdftotext(const char *seed, const form *f)
{
    char *ins = gr_xasprintf("高标准推进、 高质量完成。\n  %s\n  %s\n", f->form, BODY);
    char *text = replace(seed, "高标准推进、 高质量完成。\n", ins);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = build(gr_import_read_text(text, strlen(text), "forms.layout.txt", &d),
                         "forms.layout.txt", &d);
    check_model("pdftotext", r, f);
    gr_report_free(r);
    gr_diags_free(&d);
    free(text);
    free(ins);
}

/* Text as HTML: & < > escaped. */
static char *html_escaped(const char *s)
{
    gr_buf b = {0};
    for (; *s; s++)
        if (*s == '&')
            gr_buf_puts(&b, "&amp;");
        else if (*s == '<')
            gr_buf_puts(&b, "&lt;");
        else if (*s == '>')
            gr_buf_puts(&b, "&gt;");
        else
            gr_buf_add(&b, s, 1);
    gr_buf_add(&b, "", 0);
    return b.s;
}

static void via_html(const char *seed, const form *f)
{
    const char *anchor = "均已按时答复。\n";
    char *e = html_escaped(f->form);
    char *ins = gr_xasprintf("%s<p>　　%s</p>\n<p>　　%s</p>\n", anchor, e, BODY);
    char *page = replace(seed, anchor, ins);
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = build(gr_import_read_html(page, strlen(page), "forms.html", &d), "forms.html", &d);
    check_model("HTML", r, f);
    gr_report_free(r);
    gr_diags_free(&d);
    free(page);
    free(ins);
    free(e);
}

/* ---- a Word file: a zip of stored parts, made here ---- */

static uint32_t crc32_of(const char *s, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)s[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static void le(gr_buf *b, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        char c = (char)(v >> (8 * i) & 0xFF);
        gr_buf_add(b, &c, 1);
    }
}

/* names[i] → data[i], stored (no compression), as a zip in *out. */
static void zip_stored(const char *const *names, const char *const *data, int n, gr_buf *out)
{
    gr_buf dir = {0};
    uint32_t offsets[8];
    for (int i = 0; i < n; i++) {
        size_t nl = strlen(names[i]), dl = strlen(data[i]);
        uint32_t crc = crc32_of(data[i], dl);
        offsets[i] = (uint32_t)out->len;
        le(out, 0x04034b50, 4);
        le(out, 20, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0x21, 2);
        le(out, crc, 4), le(out, (uint32_t)dl, 4), le(out, (uint32_t)dl, 4);
        le(out, (uint32_t)nl, 2), le(out, 0, 2);
        gr_buf_add(out, names[i], nl);
        gr_buf_add(out, data[i], dl);
        le(&dir, 0x02014b50, 4);
        le(&dir, 20, 2), le(&dir, 20, 2), le(&dir, 0, 2), le(&dir, 0, 2), le(&dir, 0, 2);
        le(&dir, 0x21, 2);
        le(&dir, crc, 4), le(&dir, (uint32_t)dl, 4), le(&dir, (uint32_t)dl, 4);
        le(&dir, (uint32_t)nl, 2), le(&dir, 0, 2), le(&dir, 0, 2), le(&dir, 0, 2);
        le(&dir, 0, 2), le(&dir, 0, 4), le(&dir, offsets[i], 4);
        gr_buf_add(&dir, names[i], nl);
    }
    uint32_t at = (uint32_t)out->len;
    gr_buf_add(out, dir.s, dir.len);
    le(out, 0x06054b50, 4);
    le(out, 0, 2), le(out, 0, 2), le(out, (uint32_t)n, 2), le(out, (uint32_t)n, 2);
    le(out, (uint32_t)dir.len, 4), le(out, at, 4), le(out, 0, 2);
    gr_buf_free(&dir);
}

/* The Word reader gives the form's paragraph as a block whose subheading is the verdict's. */
static void via_docx(const form *f)
{
    char *e = html_escaped(f->form);
    char *doc = gr_xasprintf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document "
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
        "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
        "<w:p><w:r><w:t xml:space=\"preserve\">　　%s</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>",
        e, BODY);
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    const char *data[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
        "Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "
        "Extension=\"xml\" ContentType=\"application/xml\"/><Override "
        "PartName=\"/word/document.xml\" "
        "ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
        "Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        doc};
    gr_buf zip = {0};
    zip_stored(names, data, 3, &zip);
    gr_diags d;
    gr_diags_init(&d);
    gr_import_doc *blocks = gr_import_read_docx(zip.s, zip.len, "forms.docx", &d);
    CHECK(blocks && blocks->n == 3, "docx: “%s”: %zu blocks, expected 3", f->form,
          blocks ? blocks->n : 0);
    if (blocks && blocks->n == 3) {
        const char *t = blocks->items[1].text;
        size_t n = gr_import_subheading_len(t);
        char *raw = gr_xstrndup(t, n);
        char *got = n ? gr_import_normalize_heading(raw) : NULL;
        bool ok = f->heading ? got && !strcmp(got, f->heading) : !got;
        CHECK(ok, "docx: “%s”: subheading “%s”, expected %s", f->form, got ? got : "(none)",
              f->heading ? f->heading : "prose");
        CHECK(!gr_import_subheading_len(blocks->items[2].text), "docx: the body of “%s”",
              f->form);
        free(got);
        free(raw);
    }
    gr_import_doc_free(blocks);
    gr_diags_free(&d);
    gr_buf_free(&zip);
    free(doc);
    free(e);
}

int main(void)
{
    char *table = read_file(DIR "forms/subheadings.txt", NULL);
    char *text = read_file(DIR "shanyang-2025.txt", NULL);
    char *layout = read_file(DIR "pdftotext/shanyang-2025.layout.txt", NULL);
    char *html = read_file(DIR "qingshan-2025-unbalanced.html", NULL);
    int headings = 0, prose = 0;
    for (char *line = strtok(table, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        CHECK(tab != NULL, "a line without a tab: %s", line);
        if (!tab)
            continue;
        *tab = '\0';
        form f = {tab + 1, NULL};
        if (!strncmp(line, "heading:", 8)) {
            f.heading = line + 8;
            headings++;
        } else {
            CHECK(!strcmp(line, "prose"), "a verdict neither heading nor prose: %s", line);
            prose++;
        }
        via_text(text, &f);
        via_pdftotext(layout, &f);
        via_html(html, &f);
        via_docx(&f);
    }
    printf("forms: %d headings, %d prose, each through 4 readers\n", headings, prose);
    CHECK(headings + prose >= 60 && prose >= 15, "the table of forms: %d forms", headings + prose);
    free(table);
    free(text);
    free(layout);
    free(html);
    return harness_end("test_forms");
}
