/* test_headings: the edit distance between a heading and the official wording, and the
 * run-in subheadings of section 一 in the phrasings real reports use (and the sentences that
 * only start like one). */
#include "import/headings.h"

#include "harness.h"

#include <string.h>

static void subheading(const char *text, const char *heading)
{
    size_t n = gr_subheading_len(text);
    size_t want = heading ? strlen(heading) : 0;
    CHECK(n == want, "“%s”: subheading of %zu bytes (“%.*s”), expected “%s”", text, n, (int)n,
          text, heading ? heading : "(none)");
}

int main(void)
{
    /* Distance in characters, not bytes. */
    CHECK_TRUE(gr_heading_distance("总体情况", "总体情况", 2) == 0);
    CHECK_TRUE(gr_heading_distance("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况", 2) == 1);
    CHECK_TRUE(gr_heading_distance("政府信息公开行政复议、行政诉讼情况",
                                   "政府信息公开行政复议、行政诉讼的情况", 2) == 1);
    CHECK_TRUE(gr_heading_distance("主动公开政府信息情况", "主动公开政府信息的情况况", 2) == 2);
    CHECK_TRUE(gr_heading_distance("存在的主要问题及改进情况", "存在的主要问题与改进情况", 2) == 1);
    CHECK_TRUE(gr_heading_distance("总体情况", "其他需要报告的事项", 2) == 3); /* cap + 1 */
    CHECK_TRUE(gr_heading_distance("", "总体", 2) == 2);
    CHECK_TRUE(gr_heading_distance("总体情况", "", 2) == 3);
    CHECK_TRUE(gr_heading_distance("ab", "ba", 2) == 2);

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
    subheading("（一）加强组织领导。成立……", NULL);        /* not a topic of section 一 */
    subheading("（一）加强组织领导", NULL);
    subheading("（一）主动公开、依申请公开。", NULL);
    subheading("主动公开情况。2024 年……", NULL);
    subheading("（一）", NULL);
    subheading("（十一）主动公开：", "（十一）主动公开：");
    subheading("（一一一一）主动公开：", NULL);
    return harness_end("test_headings");
}
