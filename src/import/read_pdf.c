/* read_pdf: a published PDF → the text reader's blocks. The text comes from poppler's
 * pdftotext -layout (Debian poppler-utils), run as a child process without a shell
 * (base/spawn.h): the PDF on its standard input, its text on standard output, under a time
 * limit and a cap on the text. That text is what read_text.c already reads when a clerk ran
 * pdftotext by hand. A PDF with no text to extract (a scan) has its own error. */
#include "import/doc.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

#define GR_PDFTOTEXT_TIMEOUT_MS 30000 /* a 100-page report takes pdftotext ~0.3 s */
#define GR_PDFTOTEXT_MAX_TEXT (16u * 1024u * 1024u) /* the cap of a text file to import */

bool gr_import_is_pdf(const char *data, size_t len)
{
    /* the header may follow up to 1,024 bytes of junk, as readers accept */
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (!memcmp(data + i, "%PDF-", 5))
            return true;
    return false;
}

/* Whether text holds anything but blanks and form feeds. */
static bool has_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\f' && s[i] != '\r' && s[i] != '\t')
            return true;
    return false;
}

gr_import_doc *gr_import_read_pdf(const char *data, size_t len, const char *path, gr_diags *d)
{
    static const char *const argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", "-q", "-", "-",
                                       NULL};
    char *text = NULL;
    size_t n = 0;
    int status = -1;
    gr_import_doc *doc = NULL;
    gr_spawn_result res = gr_spawn_filter(argv, data, len, GR_PDFTOTEXT_TIMEOUT_MS,
                                          GR_PDFTOTEXT_MAX_TEXT, &text, &n, &status);
    switch (res) {
    case GR_SPAWN_NOT_FOUND:
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF-TOOL",
                    "读取 PDF 需要 pdftotext，但没有找到这个程序");
        gr_diag_hint(d, "安装 poppler-utils（apt-get install poppler-utils）后再导入");
        goto done;
    case GR_SPAWN_TIMEOUT:
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF",
                    "pdftotext 在 %d 秒内没有读完这个 PDF，已停止", GR_PDFTOTEXT_TIMEOUT_MS / 1000);
        goto done;
    case GR_SPAWN_TOO_MUCH:
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF",
                    "PDF 的文字超过 %u MB，不像一份年度报告；已停止",
                    GR_PDFTOTEXT_MAX_TEXT / (1024u * 1024u));
        goto done;
    case GR_SPAWN_FAILED:
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF", "无法运行 pdftotext");
        goto done;
    case GR_SPAWN_OK:
        break;
    }
    if (status != 0) {
        /* pdftotext: 1 the file could not be opened (damaged), 3 copying text not allowed */
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF", "%s",
                    status == 3 ? "PDF 禁止提取文字（权限设置），无法读取"
                                : "pdftotext 无法读取这个 PDF：文件可能已损坏或已加密");
        gr_diag_hint(d, "用原始的 Word 文件（.docx）导入，或重新导出 PDF");
        goto done;
    }
    if (!has_text(text, n)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF-NOTEXT",
                    "PDF 中没有可以提取的文字：它可能是扫描件或图片");
        gr_diag_hint(d, "用原始的 Word 文件（.docx）导入；只有扫描件的，需先做文字识别（OCR）");
        goto done;
    }
    if (!gr_utf8_valid(text, n)) {
        gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-IMPORT-PDF",
                    "pdftotext 输出的文字不是 UTF-8");
        goto done;
    }
    doc = gr_import_read_text(text, n, path, d);
done:
    free(text);
    return doc;
}
