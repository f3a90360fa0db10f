/* test_headings: the edit distance between a heading and the official wording, and the
 * run-in subheadings of section 一 in the phrasings real reports use (and the sentences that
 * only start like one). */
#include "import/text.h"
#include "import/import.h"

#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED GR_SOURCE_DIR "/tests/import/shanyang-2025.txt"

static char *seed;

/* The seed text with from replaced by to (each pair, first occurrence), imported. */
static gr_report *import_edited(gr_diags *d, const char *const *pairs)
{
    char *text = gr_xstrdup(seed);
    for (; pairs[0]; pairs += 2) {
        char *at = strstr(text, pairs[0]);
        CHECK(at, "“%s” not in the seed", pairs[0]);
        if (!at) continue;
        char *next =
            gr_xasprintf("%.*s%s%s", (int)(at - text), text, pairs[1], at + strlen(pairs[0]));
        free(text);
        text = next;
    }
    gr_import_doc *doc = gr_import_read_text(text, strlen(text), "edited.txt", d);
    gr_import_opts o = {NULL, 0};
    gr_report *r = doc ? gr_import_build(doc, "edited.txt", &o, d) : NULL;
    gr_import_doc_free(doc);
    free(text);
    return r;
}

/* A heading as written: found with W-IMPORT-HEADING quoting it (found), or not found (the
 * section missing: E-IMPORT-SECTION). */
static void heading_variant(const char *from, const char *to, bool found)
{
    gr_diags d;
    gr_diags_init(&d);
    const char *pairs[] = {from, to, NULL};
    gr_report *r = import_edited(&d, pairs);
    if (found) {
        CHECK(r != NULL, "“%s” not found", to);
        const char *quoted = to;
        while (*quoted == '#' || *quoted == ' ')
            quoted++;
        CHECK(diag_has(&d, "W-IMPORT-HEADING", quoted), "“%s”: no W-IMPORT-HEADING quoting it", to);
    } else {
        CHECK(r == NULL && diag_has(&d, "E-IMPORT-SECTION", NULL), "“%s” taken for a heading", to);
    }
    gr_report_free(r);
    gr_diags_free(&d);
}

static const gr_para *overview_para(const gr_report *r, const char *text_start)
{
    const gr_prose *p = &r->prose[GR_SEC_OVERVIEW];
    for (size_t i = 0; i < p->n; i++)
        if (strstr(p->items[i].text, text_start) == p->items[i].text) return &p->items[i];
    return NULL;
}

static void subheading(const char *text, const char *heading)
{
    size_t n = gr_import_subheading_len(text);
    size_t want = heading ? strlen(heading) : 0;
    CHECK(n == want, "“%s”: subheading of %zu bytes (“%.*s”), expected “%s”", text, n, (int)n, text,
          heading ? heading : "(none)");
}

int main(void)
{
    /* Distance in characters, not bytes. */
    CHECK_TRUE(gr_import_heading_distance("总体情况", "总体情况", 2) == 0);
    CHECK_TRUE(gr_import_heading_distance("收到和处理政府信息公开申请情况",
                                   "收到和处理政府信息公开申请的情况", 2) == 1);
    CHECK_TRUE(gr_import_heading_distance("政府信息公开行政复议、行政诉讼情况",
                                   "政府信息公开行政复议、行政诉讼的情况", 2) == 1);
    CHECK_TRUE(gr_import_heading_distance("主动公开政府信息情况", "主动公开政府信息的情况况", 2) == 2);
    CHECK_TRUE(gr_import_heading_distance("存在的主要问题及改进情况", "存在的主要问题与改进情况", 2) == 1);
    CHECK_TRUE(gr_import_heading_distance("总体情况", "其他需要报告的事项", 2) == 3); /* cap + 1 */
    CHECK_TRUE(gr_import_heading_distance("", "总体", 2) == 2);
    CHECK_TRUE(gr_import_heading_distance("总体情况", "", 2) == 3);
    CHECK_TRUE(gr_import_heading_distance("ab", "ba", 2) == 2);

    /* The colon form, any short title (as before). */
    subheading("（一）主动公开：严格对标……", "（一）主动公开：");
    subheading("(二) 依申请公开: 严格按照……", "(二) 依申请公开:");
    subheading("（六）加强组织领导：成立……", "（六）加强组织领导：");
    /* The full stop after the five topics, with or without 情况, 方面, 工作. */
    subheading("（一）主动公开情况。2024 年，市政府网站……", "（一）主动公开情况。");
    subheading("（一）主动公开。本年度……", "（一）主动公开。");
    subheading("（二）依申请公开情况。本年度收到……", "（二）依申请公开情况。");
    subheading("（三）政府信息管理。持续深化……", "（三）政府信息管理。");
    subheading("（四）平台建设情况。一是……", "（四）平台建设情况。");
    subheading("（四）政府信息公开平台建设。一是……", "（四）政府信息公开平台建设。");
    subheading("（五）监督保障方面。严格执行……", "（五）监督保障方面。");
    subheading("（五）监督保障工作。严格执行……", "（五）监督保障工作。");
    /* 方面 and a comma. */
    subheading("（一）主动公开方面，严格对标……", "（一）主动公开方面，");
    subheading("（二）依申请公开方面,本年度……", "（二）依申请公开方面,");
    /* On a line of its own. */
    subheading("（三）政府信息管理", "（三）政府信息管理");
    subheading("（五）监督保障情况", "（五）监督保障情况");
    subheading("（一） 主动公开 ", "（一） 主动公开 ");
    /* Sentences that only start with （一）: no heading. */
    subheading("（一）主动公开政府信息 1500 余条。", NULL);
    subheading("（一）共收到申请 29 件。", NULL);
    subheading("（一）主动公开情况，全年发布信息……", NULL); /* 情况， is the sentence's subject */
    /* Titles by their form, whatever their words (issue 21). */
    subheading("（一）加强组织领导。成立……", "（一）加强组织领导。");
    subheading("（一）加强组织领导", "（一）加强组织领导");
    subheading("（一）主动公开、依申请公开。", "（一）主动公开、依申请公开。");
    subheading("主动公开情况。2024 年……", NULL);
    subheading("（一）", NULL);
    subheading("（十一）主动公开：", "（十一）主动公开：");
    subheading("（一一一一）主动公开：", NULL);
    /* The builder: section headings a character or two off, with their number. */
    seed = read_file(SEED, NULL);
    heading_variant("## 二、主动公开政府信息情况", "二、主动公布政府信息情况", true); /* changed */
    heading_variant("### 三、收到和处理政府信息公开申请情况",
                    "三、收到和处理政府信息公开申请的有关情况", true); /* inserted */
    heading_variant("### 三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申情况",
                    true); /* dropped */
    heading_variant("#### 四、政府信息公开行政复议、行政诉讼情况",
                    "四、政府信息公开行政复议、行政诉讼的情况", true);
    heading_variant("#### 五、存在的主要问题及改进情况", "五、存在的主要问题与改善情况", true);
    heading_variant("#### 五、存在的主要问题及改进情况", "## 五、存在问题与改善情况", false);
    heading_variant("#### 五、存在的主要问题及改进情况", "五、存在的主要困难与改善措施", false);
    heading_variant("## 二、主动公开政府信息情况", "三、主动公布政府信息情况", false); /* number */
    heading_variant("## 二、主动公开政府信息情况", "主动公布政府信息情况", false);
    /* The number missing, the words those of the title. */
    heading_variant("## 二、主动公开政府信息情况", "主动公开政府信息情况", true);
    heading_variant("## 一、总体情况", "总体情况", true);

    /* Two headings for one section: an error naming both lines. */
    {
        gr_diags d;
        gr_diags_init(&d);
        const char *pairs[] = {"#### 五、存在的主要问题及改进情况",
                               "五、存在的主要问题及改进情况\n\n五、存在的主要问题与改进情况",
                               NULL};
        gr_report *r = import_edited(&d, pairs);
        CHECK(!r && diag_has(&d, "E-IMPORT-HEADING-TWICE", "五、存在的主要问题及改进情况") &&
                  diag_has(&d, "E-IMPORT-HEADING-TWICE", "五、存在的主要问题与改进情况"),
              "%s", "two headings for 五: no error naming both");
        gr_report_free(r);
        gr_diags_free(&d);
    }

    /* Run-in subheadings of section 一 as reports write them. */
    {
        gr_diags d;
        gr_diags_init(&d);
        const char *pairs[] = {
            "（一）主动公开：",         "（一）主动公开情况。",    "（二）依申请公开：",
            "（二）依申请公开方面，",   "（三）政府信息管理：",    "（三）政府信息管理\n\n",
            "（五）监督保障：严格执行", "（五）共 3 件。严格执行", NULL};
        gr_report *r = import_edited(&d, pairs);
        CHECK(r != NULL, "%s", "run-in forms: not imported");
        const gr_para *p;
        if (r && (p = overview_para(r, "严格对标")))
            CHECK(p->heading && !strcmp(p->heading, "（一）主动公开情况。"), "（一）: heading %s",
                  p->heading ? p->heading : "(none)");
        else
            CHECK(0, "%s", "（一）: no paragraph");
        if (r && (p = overview_para(r, "严格按照")))
            CHECK(p->heading && !strcmp(p->heading, "（二）依申请公开方面，"), "（二）: heading %s",
                  p->heading ? p->heading : "(none)");
        else
            CHECK(0, "%s", "（二）: no paragraph");
        if (r && (p = overview_para(r, "持续深化")))
            CHECK(p->heading && !strcmp(p->heading, "（三）政府信息管理"), "（三）: heading %s",
                  p->heading ? p->heading : "(none)");
        else
            CHECK(0, "%s", "（三）: no paragraph");
        CHECK(r && overview_para(r, "（五）共 3 件。严格执行") &&
                  !overview_para(r, "（五）共 3 件。严格执行")->heading,
              "%s", "a sentence starting with （五） taken for a heading");
        gr_report_free(r);
        gr_diags_free(&d);
    }
    free(seed);
    return harness_end("test_headings");
}
