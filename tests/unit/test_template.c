/* Unit tests for template: the official labels exactly as the 2021 notice prints them, the
 * shape of the three tables (25 rows, 7 columns, 3 × 5 in table 四), XML names unique and
 * present in the schema, and the balance rules. */
#include "report/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void test_sections(void)
{
    static const char *const headings[GR_SECTIONS] = {
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项"};
    for (int i = 0; i < GR_SECTIONS; i++) {
        CHECK(!strcmp(gr_sections[i].heading, headings[i]), "heading %d: %s", i,
              gr_sections[i].heading);
        char joined[256];
        snprintf(joined, sizeof joined, "%s%s", gr_sections[i].number, gr_sections[i].title);
        CHECK(!strcmp(joined, gr_sections[i].heading), "number+title %d", i);
        CHECK(gr_sections[i].has_table == (i >= GR_SEC_PROACTIVE && i <= GR_SEC_REVIEWS),
              "has_table %d", i);
    }
}

static void test_t3(void)
{
    CHECK(GR_T3_ROWS == 25, "25 rows, got %d", GR_T3_ROWS);
    CHECK(GR_T3_COLS == 7, "7 columns, got %d", GR_T3_COLS);
    static const char *const cols[] = {"自然人", "商业企业", "科研机构", "社会公益组织",
                                       "法律服务机构", "其他", "总计"};
    for (int c = 0; c < GR_T3_COLS; c++)
        CHECK(!strcmp(gr_t3_cols[c].label, cols[c]), "column %d: %s", c, gr_t3_cols[c].label);
    CHECK(!strcmp(gr_t3_rows[GR_T3_NEW_RECEIVED].level1, "一、本年新收政府信息公开申请数量"),
          "row 一");
    CHECK(!strcmp(gr_t3_rows[GR_T3_PARTIAL].level2,
                  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
          "row （二）");
    CHECK(!strcmp(gr_t3_rows[GR_T3_DENY_3SAFETY].level3, "3.危及“三安全一稳定”"), "row 三安全");
    CHECK(!strcmp(gr_t3_rows[GR_T3_OTHER_NO_FEE].level3,
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
          "row （六）2");
    CHECK(!strcmp(gr_t3_rows[GR_T3_RESULT_TOTAL].level2, "（七）总计"), "row （七）");
    CHECK(!strcmp(gr_t3_rows[GR_T3_CARRIED_FORWARD].level1, "四、结转下年度继续办理"), "row 四");
    CHECK(!strcmp(gr_t3_rows[GR_T3_DENY_SECRET].name, "三、（三）1.属于国家秘密"), "name");
    CHECK(!strcmp(gr_t3_note,
                  "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
          "note");
    /* Result rows are the ones R2 sums: 2 + 8 + 3 + 5 + 3 = 21. */
    CHECK(GR_T3_LAST_RESULT - GR_T3_FIRST_RESULT + 1 == 21, "21 result rows");
    for (int i = 0; i < GR_T3_ROWS; i++) {
        CHECK(gr_t3_rows[i].level1 && gr_t3_rows[i].xml && gr_t3_rows[i].name, "row %d", i);
        /* Full-width punctuation only: no ASCII parentheses or commas in labels. */
        const char *labels[3] = {gr_t3_rows[i].level1, gr_t3_rows[i].level2,
                                 gr_t3_rows[i].level3};
        for (int k = 0; k < 3; k++)
            if (labels[k])
                CHECK(!strpbrk(labels[k], "(),;:"), "ASCII punctuation in %s", labels[k]);
    }
}

static void test_unique_xml_names(void)
{
    const char *names[64];
    int n = 0;
    for (int i = 0; i < GR_SECTIONS; i++)
        names[n++] = gr_sections[i].xml;
    for (int i = 0; i < GR_T2_ROWS; i++)
        names[n++] = gr_t2_rows[i].xml;
    for (int i = 0; i < GR_T3_ROWS; i++)
        names[n++] = gr_t3_rows[i].xml;
    for (int i = 0; i < GR_T4_GROUPS; i++)
        names[n++] = gr_t4_group_xml[i];
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            CHECK(strcmp(names[i], names[j]), "element name %s twice", names[i]);
    for (int i = 0; i < GR_T3_COLS; i++)
        for (int j = i + 1; j < GR_T3_COLS; j++)
            CHECK(strcmp(gr_t3_cols[i].xml, gr_t3_cols[j].xml), "column %s twice",
                  gr_t3_cols[i].xml);

    /* Every element and attribute name of the template is declared in the schema. */
    char *xsd = read_file(GR_SOURCE_DIR "/schemas/annual-report-2021.xsd", NULL);
    char pat[128];
    for (int i = 0; i < n; i++) {
        snprintf(pat, sizeof pat, "<xs:element name=\"%s\"", names[i]);
        CHECK(strstr(xsd, pat) != NULL, "schema lacks element %s", names[i]);
    }
    for (int i = 0; i < GR_T3_COLS; i++) {
        snprintf(pat, sizeof pat, "<xs:attribute name=\"%s\"", gr_t3_cols[i].xml);
        CHECK(strstr(xsd, pat) != NULL, "schema lacks attribute %s", gr_t3_cols[i].xml);
    }
    for (int i = 0; i < GR_T4_RESULTS; i++) {
        snprintf(pat, sizeof pat, "<xs:attribute name=\"%s\"", gr_t4_result_xml[i]);
        CHECK(strstr(xsd, pat) != NULL, "schema lacks attribute %s", gr_t4_result_xml[i]);
    }
    CHECK(strstr(xsd, "<xs:maxInclusive value=\"999999999\"/>") != NULL, "bound in schema");
    CHECK(GR_MAX_COUNT == 999999999LL, "GR_MAX_COUNT");
    /* Every declaration is documented in Chinese and English. */
    size_t decls = 0, docs_zh = 0, docs_en = 0;
    for (const char *p = xsd; (p = strstr(p, "<xs:element ")) != NULL; p++)
        decls++;
    for (const char *p = xsd; (p = strstr(p, "<xs:attribute ")) != NULL; p++)
        decls++;
    for (const char *p = xsd; (p = strstr(p, "<xs:documentation xml:lang=\"zh\">")) != NULL; p++)
        docs_zh++;
    for (const char *p = xsd; (p = strstr(p, "<xs:documentation xml:lang=\"en\">")) != NULL; p++)
        docs_en++;
    CHECK(docs_zh >= decls && docs_en >= decls, "%zu declarations, %zu zh and %zu en docs",
          decls, docs_zh, docs_en);
    free(xsd);
}

static void test_t2_t4_rules(void)
{
    CHECK(!strcmp(gr_t2_blocks[0].item, "第二十条第（一）项"), "block 1");
    CHECK(!strcmp(gr_t2_blocks[3].columns[0], "本年收费金额（单位：万元）"), "fee column");
    CHECK(!strcmp(gr_t2_rows[GR_T2_NORMATIVE].label, "行政规范性文件"), "规范性文件");
    CHECK(GR_T4_GROUPS == 3 && GR_T4_RESULTS == 5, "table 四 shape");
    CHECK(!strcmp(gr_t4_groups[GR_T4_LIT_AFTER_REVIEW], "复议后起诉"), "复议后起诉");
    CHECK(!strcmp(gr_t4_results[GR_T4_PENDING], "尚未审结"), "尚未审结");
    for (int i = 0; i < GR_RULES; i++)
        CHECK(gr_balance_rules[i].id == (gr_rule_id)i && gr_balance_rules[i].description,
              "rule %d", i);
    CHECK(!strcmp(gr_balance_rules[GR_RULE_R1].description,
                  "第一项加第二项之和，等于第三项加第四项之和"),
          "R1 wording");
    char *t = gr_template_title("山阳区人民政府", 2025);
    CHECK(!strcmp(t, "山阳区人民政府2025年政府信息公开工作年度报告"), "title %s", t);
    free(t);
}

int main(void)
{
    test_sections();
    test_t3();
    test_unique_xml_names();
    test_t2_t4_rules();
    return harness_end("template");
}
