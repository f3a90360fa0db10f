/* test_printed: table rows, labels and cells as reports print them (issue 21). A figure with
 * a remark in its cell; a group of table 三 printed as one row, with and without figures, and
 * as a subtotal beside its rows; labels shortened or a character off, and labels near two
 * rows; and the remark through the XML loader and writer. */
#include "import/import.h"
#include "import/text.h"
#include "report/report.h"

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED GR_SOURCE_DIR "/tests/import/shanyang-2025.txt"

static char *seed;

/* The seed text with each pair's first `from` replaced by `to`, imported. */
static gr_report *import_edited(gr_diags *d, const char *const *pairs)
{
    char *text = gr_xstrdup(seed);
    for (; pairs[0]; pairs += 2) {
        char *next = replace(text, pairs[0], pairs[1]);
        free(text);
        text = next;
    }
    gr_import_doc *doc = gr_import_read_text(text, strlen(text), "printed.txt", d);
    gr_import_opts o = {NULL, 0};
    gr_report *r = doc ? gr_import_build(doc, "printed.txt", &o, d) : NULL;
    gr_import_doc_free(doc);
    free(text);
    return r;
}

static void remark(const char *cell, gr_cell_kind kind, const char *num, const char *words)
{
    char *n = NULL, *w = NULL;
    gr_cell_kind k = gr_import_classify_remark(cell, &n, &w);
    CHECK(k == kind, "“%s”: kind %d, expected %d", cell, (int)k, (int)kind);
    CHECK(num ? n && !strcmp(n, num) : !n, "“%s”: figure “%s”, expected “%s”", cell,
          n ? n : "(none)", num ? num : "(none)");
    CHECK(words ? w && !strcmp(w, words) : !w, "“%s”: remark “%s”, expected “%s”", cell,
          w ? w : "(none)", words ? words : "(none)");
    free(n);
    free(w);
}

static void test_cells(void)
{
    remark("22（其中修订16件）", GR_CELL_INT, "22", "其中修订16件");
    remark("55(含自然失效29件)", GR_CELL_INT, "55", "含自然失效29件");
    remark("55 （ 含自然失效29件 ）", GR_CELL_INT, "55", "含自然失效29件");
    remark("１２（含当面申请２件）", GR_CELL_INT, "12", "含当面申请２件");
    remark("0.33（含往年结转）", GR_CELL_DEC, "0.33", "含往年结转");
    remark("22件（其中修订16件）", GR_CELL_INT, "22", "其中修订16件");
    remark("22", GR_CELL_INT, "22", NULL);
    /* No figure, or no words: no remark. */
    remark("（其中修订16件）", GR_CELL_TEXT, NULL, NULL);
    remark("22（16）", GR_CELL_TEXT, NULL, NULL);
    remark("22（）", GR_CELL_TEXT, NULL, NULL);
    remark("22（其中（修订）16件）", GR_CELL_TEXT, NULL, NULL);
    remark("规章（其中修订）", GR_CELL_TEXT, NULL, NULL);
    remark("/", GR_CELL_DASH, NULL, NULL);
}

/* The seed's three rows of （六） as one row of figures (its own label). */
static const char *const six_rows_from =
    "\t(六) 其他处理\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    "\t0\t0\t0\t0\t0\t0\t0\n"
    "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    "\t\t0\t0\t0\t0\t0\t0\t0\t\n"
    "3. 其他\t\t6\t0\t0\t0\t0\t0\t6\t\n";

static void test_groups(void)
{
    gr_diags d;
    gr_report *r;
    /* The seed's row text must be what the test replaces. */
    CHECK(strstr(seed, six_rows_from) != NULL, "%s", "the seed's rows of （六） changed");

    /* （六） whole, its figures into 3.其他. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {six_rows_from, "\t(六) 其他处理\t6\t0\t0\t0\t0\t0\t6\n", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(r && diag_has(&d, "W-IMPORT-COLLAPSED", "数字记入“3.其他”"), "%s", "（六） whole: not read");
    if (r) {
        CHECK(r->t3[GR_T3_OTHER_OTHER][GR_T3_NATURAL].value == 6 &&
                  r->t3[GR_T3_OTHER_OTHER][GR_T3_TOTAL].value == 6,
              "%s", "（六） whole: 3.其他 is not 6");
        CHECK(r->t3[GR_T3_OTHER_NO_CORRECTION][GR_T3_TOTAL].given &&
                  r->t3[GR_T3_OTHER_NO_CORRECTION][GR_T3_TOTAL].value == 0 &&
                  r->t3[GR_T3_OTHER_NO_FEE][GR_T3_NATURAL].value == 0,
              "%s", "（六） whole: 1. and 2. not 0");
        gr_diags c;
        gr_diags_init(&c);
        gr_check_report(r, &c);
        CHECK(gr_diags_errors(&c) == 0, "%s", "（六） whole: does not balance");
        gr_diags_free(&c);
    }
    if (!r)
        diag_dump(&d);
    gr_report_free(r);
    gr_diags_free(&d);

    /* （四） whole with figures: no row for the rest, refused with the reason. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {
            "\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t6\t0\t0\t0\t0\t0\t6\n",
            "\t(四) 无法提供\t6\t0\t0\t0\t0\t0\t6\n",
            "\t\t2. 没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0\n", "",
            "\t\t3. 补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0\n", "", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(!r && diag_has(&d, "E-IMPORT-COLLAPSED", "（四）无法提供"), "%s",
          "（四） whole with figures: not refused");
    CHECK(!diag_has(&d, "E-IMPORT-ROW-MISSING", NULL), "%s", "（四） whole: rows called missing");
    gr_report_free(r);
    gr_diags_free(&d);

    /* （五） whole, all zeros: read, every row 0. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {
            "\t(五) 不予处理\t1. 信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0\n",
            "\t(五) 不予处理\t0\t0\t0\t0\t0\t0\t0\n",
            "\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0\n", "",
            "\t\t3. 要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0\n", "",
            "\t\t4. 无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0\n", "",
            "\t\t5. 要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n", "", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(r && diag_has(&d, "W-IMPORT-COLLAPSED", "各分项记 0"), "%s", "（五） zeros: not read");
    if (!r)
        diag_dump(&d);
    gr_report_free(r);
    gr_diags_free(&d);

    /* A subtotal row beside the rows of （六）: checked, not read. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {"\t(六) 其他处理\t1. 申请人",
                               "\t(六) 其他处理\t6\t0\t0\t0\t0\t0\t6\n\t\t1. 申请人", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(r && diag_has(&d, "W-IMPORT-SUBTOTAL", "（六）其他处理"), "%s", "subtotal: not taken");
    if (!r)
        diag_dump(&d);
    gr_report_free(r);
    gr_diags_free(&d);
    gr_diags_init(&d);
    {
        const char *pairs[] = {"\t(六) 其他处理\t1. 申请人",
                               "\t(六) 其他处理\t7\t0\t0\t0\t0\t0\t7\n\t\t1. 申请人", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(!r && diag_has(&d, "E-IMPORT-FIGURES", "小计"), "%s", "a wrong subtotal: not an error");
    gr_report_free(r);
    gr_diags_free(&d);
}

static void test_labels(void)
{
    gr_diags d;
    gr_report *r;
    /* One character changed, two dropped: read with a warning quoting the label. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {"2. 没有现成信息需要另行制作", "2. 没有现存信息需要另行制作",
                               "5. 属于三类内部事务信息", "5. 属于三类内部信息", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(r && diag_has(&d, "W-IMPORT-LABEL", "“2. 没有现存信息需要另行制作”") &&
              diag_has(&d, "W-IMPORT-LABEL", "“5. 属于三类内部信息”"),
          "%s", "labels a character off: not read with a warning");
    if (!r)
        diag_dump(&d);
    gr_report_free(r);
    gr_diags_free(&d);
    /* Three characters off: another label, not guessed. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {"行政强制\t9", "行政检查处理\t9", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(!r && diag_has(&d, "E-IMPORT-UNPLACED", "行政检查处理"), "%s", "a label far off was placed");
    gr_report_free(r);
    gr_diags_free(&d);
    /* As near two rows (行政许可 and 行政处罚 are each one character from 行政处可): not guessed. */
    gr_diags_init(&d);
    {
        const char *pairs[] = {"行政许可\t11850", "行政处可\t11850", NULL};
        r = import_edited(&d, pairs);
    }
    CHECK(!r && diag_has(&d, "E-IMPORT-UNPLACED", "行政处可"), "%s", "a label near two rows was placed");
    gr_report_free(r);
    gr_diags_free(&d);
}

/* The remark through the loader and the writer: kept, and not counted. */
/* A remark's warning stands on its cell, for a page that pins it. */
static void test_cell_fields(void)
{
    gr_diags d;
    gr_diags_init(&d);
    const char *pairs[] = {"行政许可\t11850", "行政许可\t11850（含变更许可120件）", NULL};
    gr_report *r = import_edited(&d, pairs);
    const gr_diag *w = NULL;
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.items[i].code, "W-IMPORT-REMARK"))
            w = &d.items[i];
    CHECK(r && w && w->table == 2 && w->row == GR_T2_LICENSING && w->column == 0 &&
              w->attribute && !strcmp(w->attribute, "decisions") && w->row_label &&
              !strcmp(w->row_label, "行政许可"),
          "%s", "the remark's warning does not name its cell");
    gr_report_free(r);
    gr_diags_free(&d);
}

static void test_xml(void)
{
    char *xml = read_file(SAMPLE, NULL);
    char *edited = replace(xml, "<licensing decisions=\"11850\"/>",
                           "<licensing decisions=\"11850\" decisions-remark=\"含变更许可120件\"/>");
    char *edited2 = replace(edited, "<fees amount=\"0.33\"/>",
                            "<fees amount=\"0.33\" amount-remark=\"含往年结转\"/>");
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = gr_xml_load_mem(edited2, strlen(edited2), "remark.xml", &d);
    CHECK(r && d.n == 0, "%s", "a report with remarks does not load");
    if (r) {
        CHECK(r->t2_decisions[0].value == 11850 && r->t2_decisions[0].remark &&
                  !strcmp(r->t2_decisions[0].remark, "含变更许可120件"),
              "%s", "the licensing remark not loaded");
        CHECK(r->t2_fee_remark && !strcmp(r->t2_fee_remark, "含往年结转"), "%s",
              "the fee's remark not loaded");
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        gr_xml_write(r, f);
        fclose(f);
        CHECK(strstr(out, "decisions=\"11850\" decisions-remark=\"含变更许可120件\"") &&
                  strstr(out, "amount=\"0.33\" amount-remark=\"含往年结转\""),
              "%s", "the remarks not written back");
        free(out);
    }
    gr_report_free(r);
    gr_diags_free(&d);
    /* An empty remark is no remark: refused by the schema. */
    char *empty = replace(xml, "<licensing decisions=\"11850\"/>",
                          "<licensing decisions=\"11850\" decisions-remark=\" \"/>");
    gr_diags_init(&d);
    r = gr_xml_load_mem(empty, strlen(empty), "empty.xml", &d);
    CHECK(gr_diags_errors(&d) == 1 && diag_has(&d, "E-SCHEMA", "“行政许可”“本年处理决定数量”的备注"),
          "%s", "an empty remark was accepted, or not named by its cell");
    if (gr_diags_errors(&d) != 1)
        diag_dump(&d);
    gr_report_free(r);
    gr_diags_free(&d);
    free(empty);
    free(edited2);
    free(edited);
    free(xml);
}

int main(void)
{
    seed = read_file(SEED, NULL);
    test_cells();
    test_groups();
    test_labels();
    test_cell_fields();
    test_xml();
    free(seed);
    return harness_end("test_printed");
}
