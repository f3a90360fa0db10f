/* test_docx: the .docx reader, one hand-made package per WordprocessingML construct
 * (tests/import/docx/src/<case>, zipped by make.sh), read into blocks and compared line by
 * line; and every hostile package refused with its code and no blocks. */
#include "import/import.h"

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOCX GR_SOURCE_DIR "/tests/import/docx/"

/* The blocks as lines: "P text", "H text" (a heading), "R cell|cell|…"; with_lines puts each
 * block's line first. NULL when the reader refused the file; *code receives the first
 * diagnostic's code. */
static char *dump(const char *name, bool with_lines, char *code, size_t code_cap)
{
    size_t len = 0;
    char *data = read_file(name, &len);
    gr_diags d;
    gr_diags_init(&d);
    CHECK(gr_import_detect(data, len, "x.txt") == GR_IMPORT_DOCX, "%s not detected as .docx", name);
    gr_import_doc *doc = gr_import_read_docx(data, len, name, &d);
    if (code) {
        snprintf(code, code_cap, "%s", d.n ? d.items[0].code : "");
    }
    char *out = NULL;
    if (doc) {
        gr_buf b = {0};
        for (size_t i = 0; i < doc->n; i++) {
            const gr_import_block *blk = &doc->items[i];
            if (with_lines) gr_buf_printf(&b, "%d ", blk->line);
            if (blk->kind == GR_BLOCK_PARA) {
                gr_buf_printf(&b, "%s %s\n", blk->heading ? "H" : "P", blk->text);
            } else {
                gr_buf_puts(&b, "R ");
                for (size_t c = 0; c < blk->ncells; c++)
                    gr_buf_printf(&b, "%s%s", c ? "|" : "", blk->cells[c].text);
                gr_buf_puts(&b, "\n");
            }
        }
        gr_buf_add(&b, "", 0);
        out = b.s;
    }
    gr_import_doc_free(doc);
    gr_diags_free(&d);
    free(data);
    return out;
}

static void expect_blocks(const char *file, bool with_lines, const char *want)
{
    char path[512];
    snprintf(path, sizeof path, DOCX "%s", file);
    char *got = dump(path, with_lines, NULL, 0);
    CHECK(got && !strcmp(got, want), "%s:\n--- got\n%s--- want\n%s", file, got ? got : "(NULL)\n",
          want);
    free(got);
}

static void expect_refused(const char *file, const char *code)
{
    char path[512], got[64] = "";
    snprintf(path, sizeof path, DOCX "%s", file);
    char *blocks = dump(path, false, got, sizeof got);
    CHECK(!blocks, "%s: read, expected %s", file, code);
    CHECK(!strcmp(got, code), "%s: code %s, expected %s", file, got, code);
    free(blocks);
}

int main(void)
{
    /* Automatic numbering written out: Chinese counting at two levels, decimal, legal
     * numbering, a restart by startOverride, numbering from a style and taken off by
     * numId 0, a start value, a bullet (nothing), a level overridden in w:num, an undefined
     * list. Counters of a level restart under each new item of the level above. */
    expect_blocks("numbering.docx", false,
                  "P 一、总体情况\n"
                  "P （一）主动公开\n"
                  "P （二）依申请公开\n"
                  "P 1. 规章\n"
                  "P 1.2.1 法定编号\n"
                  "P 不编号的段落\n"
                  "P 二、主动公开政府信息情况\n"
                  "P （一）下级重新编号\n"
                  "P 一、重新开始\n"
                  "P 二、接着编号\n"
                  "P 甲、样式编号\n"
                  "P 乙、样式编号\n"
                  "P 取消编号\n"
                  "P 第九条九\n"
                  "P 第十条十\n"
                  "P 第十一条十一\n"
                  "P 项目符号\n"
                  "P ①圈码\n"
                  "P 未定义的编号\n");
    /* Heading styles: a built-in heading name, a style based on one, an outline level; body
     * level (9) on the style or the paragraph is no heading; a basedOn loop ends. */
    expect_blocks("headings.docx", false,
                  "H 标题一\n"
                  "H 基于标题一\n"
                  "H 大纲级别\n"
                  "P 正文级别\n"
                  "H 直接大纲\n"
                  "P 直接正文\n"
                  "P 循环样式\n"
                  "P 未定义样式\n");
    /* Runs: tabs and spaces collapse, w:br and w:cr split the paragraph (as <br> does in a
     * page), non-breaking hyphen, w:sym (a Wingdings private-use character dropped),
     * indentation trimmed, hyperlinks read through; no footnote, header or page number.
     * Lines are paragraph numbers. */
    expect_blocks("runs.docx", true,
                  "1 P 一、 总体情况\n"
                  "2 P 第一行\n"
                  "2 P 第二行\n"
                  "2 P 第三行\n"
                  "3 P 2024-2025年度\n"
                  "4 P 符号★结束\n"
                  "5 P 首行缩进的段落\n"
                  "6 P 链接文字\n");
    /* Entry names that would climb out of a folder: never used; the package reads as it is. */
    expect_blocks("entry-names.docx", false,
                  "P 一、 总体情况\nP 第一行\nP 第二行\nP 第三行\nP 2024-2025年度\n"
                  "P 符号★结束\nP 首行缩进的段落\nP 链接文字\n");
    /* Hidden text (direct, or by character style) dropped; vanish="0" is shown. */
    expect_blocks("hidden.docx", false, "P 看得见也看得见\nP 结尾\n");
    /* Tracked changes: insertions and move targets kept; deletions, move sources and a
     * deleted row dropped. */
    expect_blocks("tracked.docx", false,
                  "P 共收到申请29件。\n"
                  "P 留下移来的文字\n"
                  "R 行名|1\n"
                  "R 保留的行|3\n");
    /* Fields: results kept, instructions skipped (also of a field nested in another's
     * instruction); a table of contents left out (it repeats the headings); content
     * controls read through. */
    expect_blocks("fields.docx", false,
                  "P 机关：山阳区人民政府\n"
                  "P 日期：2026年1月20日\n"
                  "P 嵌套：是\n"
                  "P 无结果的域：之后\n"
                  "P 行内控件之外\n");
    /* Text boxes after their anchor paragraph, in order; the VML fallback of a DrawingML box
     * is not read twice. */
    expect_blocks("textbox.docx", false,
                  "P 框前\n"
                  "P 锚点段落继续\n"
                  "P 框内第一段\n"
                  "P 框内第二段\n"
                  "P 旧式文本框\n"
                  "P 框后\n");
    /* Tables as the HTML reader gives them: a gridSpan cell once, a vMerge continuation left
     * out (as what a rowspan covers), a cell's paragraphs joined, a cell in a content
     * control; a table holding a table is layout (its text paragraphs, the inner table a
     * table), and so is a one-cell table. */
    expect_blocks("tables.docx", false,
                  "R （本列数据的统计单位为初次申请数）|自然人|总计\n"
                  "R 三、本年度办理结果|（一）予以公开|9|9\n"
                  "R （二）部分公开|5|6\n"
                  "R （三）控件中的格|1|\n"
                  "P 表后\n"
                  "P 外层左\n"
                  "R 行政许可|11850\n"
                  "P 单格表中的段落\n");
    /* The main part found through _rels/.rels (absolute, %20) and [Content_Types].xml, not at
     * word/document.xml (a decoy there); its styles and numbering through its own
     * relationships ("../", absolute); the Strict namespace. */
    expect_blocks("relocated.docx", false, "H 一、真正的正文\n");

    expect_refused("hostile-bomb-size.docx", "E-IMPORT-DOCX-BOMB");
    expect_refused("hostile-bomb-ratio.docx", "E-IMPORT-DOCX-BOMB");
    expect_refused("hostile-bomb-lie.docx", "E-IMPORT-DOCX-BOMB");
    expect_refused("hostile-truncated.docx", "E-IMPORT-DOCX-ZIP");
    expect_refused("hostile-corrupt.docx", "E-IMPORT-DOCX-ZIP");
    expect_refused("hostile-doctype.docx", "E-IMPORT-DOCX-DTD");
    expect_refused("hostile-doctype-rels.docx", "E-IMPORT-DOCX-DTD");
    expect_refused("hostile-malformed.docx", "E-IMPORT-DOCX-XML");
    expect_refused("hostile-encrypted.docx", "E-IMPORT-DOCX-ENCRYPTED");
    expect_refused("hostile-password.docx", "E-IMPORT-DOCX-ENCRYPTED");
    expect_refused("hostile-legacy.doc", "E-IMPORT-DOCX-LEGACY");
    expect_refused("hostile-rtf.doc", "E-IMPORT-DOCX-LEGACY");
    expect_refused("hostile-escape.docx", "E-IMPORT-DOCX-PART");
    expect_refused("hostile-odt.docx", "E-IMPORT-DOCX-NOT-WORD");

    /* Empty input and a lone zip signature: errors, never a crash. */
    gr_diags d;
    gr_diags_init(&d);
    CHECK_TRUE(!gr_import_read_docx("", 0, "empty", &d) && gr_diags_errors(&d) == 1);
    CHECK_TRUE(!gr_import_read_docx("PK\x03\x04", 4, "sig", &d) && gr_diags_errors(&d) == 2);
    gr_diags_free(&d);
    return harness_end("test_docx");
}
