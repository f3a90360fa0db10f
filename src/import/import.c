/* import: the front door of src/import. Reads a file (or standard input), picks the reader
 * (read_text.c, read_html.c, read_docx.c) for what it holds, converts GB18030 text to UTF-8, and hands the
 * reader's block document to the builder (build.c). */
#include "import/import.h"

#include "import/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *read_all(const char *path, size_t *len, gr_diags *d)
{
    const char *why = "";
    int fd = strcmp(path, "-") ? gr_file_open_read(path, &why) : STDIN_FILENO;
    FILE *f = fd == STDIN_FILENO ? stdin : fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            why = gr_strerror(errno), close(fd);
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ", "无法打开：%s", why);
        return NULL;
    }
    int err = 0;
    char *buf = gr_file_read_capped(f, len, &err);
    if (!buf && err == EFBIG)
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ",
                    "文件超过 %u 字节，不像一份年度报告", GR_MAX_INPUT_BYTES);
    else if (!buf)
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-READ", "读取失败：%s", gr_strerror(err));
    if (f != stdin)
        fclose(f);
    return buf;
}

gr_import_kind gr_import_detect(const char *data, size_t len, const char *path)
{
    if (gr_import_is_docx(data, len))
        return GR_IMPORT_DOCX;
    if (gr_import_is_pdf(data, len))
        return GR_IMPORT_PDF;
    if (path && (gr_import_ends_with(path, ".html") || gr_import_ends_with(path, ".htm") ||
                 gr_import_ends_with(path, ".HTML") || gr_import_ends_with(path, ".HTM")))
        return GR_IMPORT_HTML;
    size_t head = len < 65536 ? len : 65536; /* the markup shows in the first lines */
    if (gr_mem_has_ci(data, head, "<html") || gr_mem_has_ci(data, head, "<table"))
        return GR_IMPORT_HTML;
    return GR_IMPORT_TEXT;
}

gr_report *gr_import_file(const char *path, gr_import_kind kind, const gr_import_opts *o,
                          gr_diags *d)
{
    size_t len = 0;
    char *data = read_all(path, &len, d);
    if (!data)
        return NULL;
    gr_report *r = gr_import_mem(data, len, path, kind, o, d);
    free(data);
    return r;
}

gr_report *gr_import_mem(const char *bytes, size_t len, const char *path, gr_import_kind kind,
                         const gr_import_opts *o, gr_diags *d)
{
    gr_report *r = NULL;
    gr_import_doc *doc = NULL;
    size_t errors = gr_diags_errors(d);
    char *data = gr_xmalloc(len + 1); /* the readers want it NUL-terminated */
    memcpy(data, bytes, len);
    data[len] = '\0';
    if (kind == GR_IMPORT_AUTO)
        kind = gr_import_detect(data, len, path);
    if (kind == GR_IMPORT_DOCX) {
        doc = gr_import_read_docx(data, len, path, d);
    } else if (kind == GR_IMPORT_PDF) {
        doc = gr_import_read_pdf(data, len, path, d);
    } else if (kind == GR_IMPORT_HTML) {
        doc = gr_import_read_html(data, len, path, d); /* libxml2 decodes the charset */
    } else {
        if (!gr_utf8_valid(data, len)) {
            /* Older sites publish GBK/GB2312 text; GB18030 covers both. */
            size_t n = 0;
            char *u = gr_utf8_from("GB18030", data, len, &n, false);
            if (!u) {
                gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-ENCODING",
                            "文字既不是 UTF-8 也不是 GB18030/GBK");
                goto fail;
            }
            free(data);
            data = u;
            len = n;
        }
        doc = gr_import_read_text(data, len, path, d);
    }
    if (doc)
        r = gr_import_build(doc, path, o, d);
    if (r && gr_diags_errors(d) > errors) { /* a reader's error stops the import too */
        gr_report_free(r);
        r = NULL;
    }
fail:
    gr_import_doc_free(doc);
    free(data);
    return r;
}
