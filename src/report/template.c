/* template: the official labels of the 2021 national format, copied once from
 * 国办公开办函〔2021〕30号 (docs/national-template.md §2), with full-width punctuation.
 * Numbered leaves use an ASCII digit and full stop with no space ("1.属于国家秘密"). */
#include "report/template.h"

#include "base/base.h"

const gr_section_def gr_sections[GR_SECTIONS] = {
    {"一、", "总体情况", "一、总体情况", "overview", 0},
    {"二、", "主动公开政府信息情况", "二、主动公开政府信息情况", "proactive", 1},
    {"三、", "收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况",
     "applications", 1},
    {"四、", "政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况",
     "reviews", 1},
    {"五、", "存在的主要问题及改进情况", "五、存在的主要问题及改进情况", "problems", 0},
    {"六、", "其他需要报告的事项", "六、其他需要报告的事项", "other-matters", 0},
};

const char *const gr_t2_content_label = "信息内容";

const gr_t2_block gr_t2_blocks[GR_T2_BLOCKS] = {
    {"第二十条第（一）项", {"本年制发件数", "本年废止件数", "现行有效件数"}, 3, GR_T2_RULES, 2},
    {"第二十条第（五）项", {"本年处理决定数量", NULL, NULL}, 1, GR_T2_LICENSING, 1},
    {"第二十条第（六）项", {"本年处理决定数量", NULL, NULL}, 1, GR_T2_PENALTIES, 2},
    {"第二十条第（八）项", {"本年收费金额（单位：万元）", NULL, NULL}, 1, GR_T2_FEES, 1},
};

const gr_t2_row gr_t2_rows[GR_T2_ROWS] = {
    {"规章", "rules", 0, {"issued", "repealed", "in-force"}},
    {"行政规范性文件", "normative-documents", 0, {"issued", "repealed", "in-force"}},
    {"行政许可", "licensing", 1, {"decisions", NULL, NULL}},
    {"行政处罚", "penalties", 2, {"decisions", NULL, NULL}},
    {"行政强制", "coercion", 2, {"decisions", NULL, NULL}},
    {"行政事业性收费", "fees", 3, {"amount", NULL, NULL}},
};

const char *const gr_t3_note =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
const char *const gr_t3_applicants = "申请人情况";
const char *const gr_t3_legal_person = "法人或其他组织";

const gr_t3_col gr_t3_cols[GR_T3_COLS] = {
    {"自然人", "natural"},
    {"商业企业", "commercial"},
    {"科研机构", "research"},
    {"社会公益组织", "public-interest"},
    {"法律服务机构", "legal-service"},
    {"其他", "other"},
    {"总计", "total"},
};

#define RESULTS "三、本年度办理结果"
#define DENY "（三）不予公开"
#define CANNOT "（四）无法提供"
#define NOPROC "（五）不予处理"
#define OTHER "（六）其他处理"

const gr_t3_row gr_t3_rows[GR_T3_ROWS] = {
    {"一、本年新收政府信息公开申请数量", NULL, NULL, "new-received", "一、本年新收政府信息公开申请数量"},
    {"二、上年结转政府信息公开申请数量", NULL, NULL, "carried-over", "二、上年结转政府信息公开申请数量"},
    {RESULTS, "（一）予以公开", NULL, "open", "三、（一）予以公开"},
    {RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", NULL, "partial",
     "三、（二）部分公开"},
    {RESULTS, DENY, "1.属于国家秘密", "deny-secret", "三、（三）1.属于国家秘密"},
    {RESULTS, DENY, "2.其他法律行政法规禁止公开", "deny-law", "三、（三）2.其他法律行政法规禁止公开"},
    {RESULTS, DENY, "3.危及“三安全一稳定”", "deny-three-safety", "三、（三）3.危及“三安全一稳定”"},
    {RESULTS, DENY, "4.保护第三方合法权益", "deny-third-party", "三、（三）4.保护第三方合法权益"},
    {RESULTS, DENY, "5.属于三类内部事务信息", "deny-internal", "三、（三）5.属于三类内部事务信息"},
    {RESULTS, DENY, "6.属于四类过程性信息", "deny-process", "三、（三）6.属于四类过程性信息"},
    {RESULTS, DENY, "7.属于行政执法案卷", "deny-case-file", "三、（三）7.属于行政执法案卷"},
    {RESULTS, DENY, "8.属于行政查询事项", "deny-query", "三、（三）8.属于行政查询事项"},
    {RESULTS, CANNOT, "1.本机关不掌握相关政府信息", "cannot-not-held",
     "三、（四）1.本机关不掌握相关政府信息"},
    {RESULTS, CANNOT, "2.没有现成信息需要另行制作", "cannot-need-create",
     "三、（四）2.没有现成信息需要另行制作"},
    {RESULTS, CANNOT, "3.补正后申请内容仍不明确", "cannot-unclear",
     "三、（四）3.补正后申请内容仍不明确"},
    {RESULTS, NOPROC, "1.信访举报投诉类申请", "not-processed-petition",
     "三、（五）1.信访举报投诉类申请"},
    {RESULTS, NOPROC, "2.重复申请", "not-processed-repeat", "三、（五）2.重复申请"},
    {RESULTS, NOPROC, "3.要求提供公开出版物", "not-processed-publication",
     "三、（五）3.要求提供公开出版物"},
    {RESULTS, NOPROC, "4.无正当理由大量反复申请", "not-processed-mass",
     "三、（五）4.无正当理由大量反复申请"},
    {RESULTS, NOPROC, "5.要求行政机关确认或重新出具已获取信息", "not-processed-confirm",
     "三、（五）5.要求行政机关确认或重新出具已获取信息"},
    {RESULTS, OTHER, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "other-no-correction", "三、（六）1.申请人无正当理由逾期不补正"},
    {RESULTS, OTHER, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "other-no-fee", "三、（六）2.申请人逾期未按收费通知要求缴纳费用"},
    {RESULTS, OTHER, "3.其他", "other-other", "三、（六）3.其他"},
    {RESULTS, "（七）总计", NULL, "result-total", "三、（七）总计"},
    {"四、结转下年度继续办理", NULL, NULL, "carried-forward", "四、结转下年度继续办理"},
};

const char *const gr_t4_litigation = "行政诉讼";
const char *const gr_t4_groups[GR_T4_GROUPS] = {"行政复议", "未经复议直接起诉", "复议后起诉"};
const char *const gr_t4_group_xml[GR_T4_GROUPS] = {"review", "litigation-direct",
                                                   "litigation-after-review"};
const char *const gr_t4_results[GR_T4_RESULTS] = {"结果维持", "结果纠正", "其他结果", "尚未审结",
                                                  "总计"};
const char *const gr_t4_result_xml[GR_T4_RESULTS] = {"upheld", "corrected", "other", "pending",
                                                     "total"};

const gr_balance_rule gr_balance_rules[GR_RULES] = {
    {GR_RULE_R1, "R1", "第一项加第二项之和，等于第三项加第四项之和"},
    {GR_RULE_R2, "R2", "（七）总计等于各项办理结果之和"},
    {GR_RULE_R3, "R3", "总计等于各类申请人之和"},
    {GR_RULE_R4, "R4", "总计等于结果维持、结果纠正、其他结果、尚未审结之和"},
};

char *gr_template_title(const char *issuer, int year)
{
    return gr_xasprintf("%s%d年政府信息公开工作年度报告", issuer, year);
}
