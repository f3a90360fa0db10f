/* prose: R6. Each paragraph of sections 一, 五 and 六 is scanned for the phrasings of the
 * table below ("予以公开 12 件"); a figure read after one is compared with the table cell
 * that holds the same figure. The table is the whole of what is understood: add a row to
 * read a new phrasing. Everything around it is about saying nothing when unsure: a figure
 * is read only within its clause, close to its keyword, with a unit the figure takes, and
 * not when it is approximate (余, 多, 以上), a change (同比), last year's, or a list's
 * shared figure ("行政复议和行政诉讼共 8 件"). */
#include "report/prose.h"

#include "report/template.h"
#include "base/base.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A figure is read only this close (in characters) after its keyword: further away the
 * sentence may be about something else. */
#define GR_PROSE_WINDOW 14

/* What a phrasing quotes: which cells of which table. */
typedef enum {
    FIG_RECEIVED,        /* 收到, 受理…申请: 新收, or 新收 + 上年结转 */
    FIG_HANDLED,         /* 办理…申请: 新收 + 上年结转, 新收, or （七）总计 */
    FIG_NEW,             /* 三、一、本年新收 */
    FIG_CARRIED_OVER,    /* 三、二、上年结转 */
    FIG_CONCLUDED,       /* 三、（七）总计 */
    FIG_CARRIED_FORWARD, /* 三、四、结转下年度继续办理 */
    FIG_CARRIED_BARE,    /* a bare 结转: 四、 (or 二、, the only other reading) */
    FIG_RESULT,          /* rows first..last of 三、本年度办理结果, summed */
    FIG_REVIEW,          /* 四、行政复议 总计 */
    FIG_LITIGATION,      /* 四、行政诉讼: both groups' 总计, summed */
    FIG_LIT_DIRECT,      /* 四、未经复议直接起诉 总计 */
    FIG_LIT_AFTER,       /* 四、复议后起诉 总计 */
    FIG_DOC,             /* 二、规章 or 行政规范性文件 (from the words around), column first */
    FIG_DECISIONS,       /* 二、行政许可 / 行政处罚 / 行政强制 (first = the row) */
    FIG_FEE,             /* 二、行政事业性收费, 万元 */
} figure;

/* Units a figure may carry. */
enum {
    U_JIAN = 1 << 0, U_QI = 1 << 1, U_ZONG = 1 << 2, U_GE = 1 << 3, U_XIANG = 1 << 4,
    U_CI = 1 << 5, U_TIAO = 1 << 6, U_FEN = 1 << 7, U_BU = 1 << 8, U_WANYUAN = 1 << 9,
};
static const struct {
    const char *word;
    unsigned bit;
} units[] = {{"件", U_JIAN}, {"起", U_QI},   {"宗", U_ZONG}, {"个", U_GE},  {"项", U_XIANG},
             {"次", U_CI},   {"条", U_TIAO}, {"份", U_FEN},  {"部", U_BU}, {"万元", U_WANYUAN}};

#define U_APPLICATIONS (U_JIAN | U_ZONG | U_GE | U_TIAO)
#define U_CASES (U_JIAN | U_QI | U_ZONG | U_GE | U_CI)
#define U_DOCS (U_JIAN | U_GE | U_FEN | U_BU | U_XIANG)
#define U_DECISIONS (U_JIAN | U_QI | U_ZONG | U_GE | U_XIANG | U_CI | U_TIAO)

typedef const char *const words[];

/* Requirements on the words around (NULL-terminated lists). */
static words about_application = {"申请", NULL};
/* 收到, 受理, 办结 are also said of complaints, letters, reviews and licences. */
static words other_matters = {"复议", "诉讼", "投诉", "建议", "提案", "留言", "咨询", "来信",
                              "信访", "举报", "热线", "来电", "许可", "办件", "政务服务",
                              NULL};
/* What a case count of table 四 is not: one outcome of the cases. */
static words case_outcomes = {"纠正", "纠错", "维持", "撤销", "败诉", "胜诉", "驳回", "审结",
                              "尚未", "确认违法", "责令", "结果", "决定", "改变", "调解",
                              "和解", "终止", "撤回", NULL};
static words review_not_after = {"后", "机关", "前置", "法", NULL};
static words litigation_not_after = {"法", NULL};
/* Work on documents that is not issuing, repealing or keeping them in force. */
static words doc_work = {"清理", "审查", "备案", "审核", "解读", "征求", "修订", "修改",
                         "草案", "评估", NULL};
/* 撤销行政许可, 受理行政许可申请: not the decisions of the table. */
static words decision_not_before = {"撤销", "受理", "变更", "注销", "延续", "申请", "暂停",
                                    "吊销", NULL};
/* Between 行政许可 and its figure only these: "行政许可决定 11850 件". */
static words decision_gap = {"处理决定", "决定书", "决定", "案件", "数量", "总数", "共计",
                             "合计", "总计", "共", "计", "为", "达", "的", "类", NULL};
/* Between an outcome and its figure only these: "予以公开的 12 件", not "予以公开的政府信息
 * 300 条". */
static words outcome_gap = {"的", "答复", "申请", "类", "共计", "共", "为", "有", "计", "处理",
                            "决定", "情形", "继续办理", "办理", "继续", NULL};
/* "结转下年度继续办理 2 件": this 办理 is the carried-forward row's, not 办理申请. */
static words carry_on = {"继续", "年度", "下年", "正在", "仍在", "尚在", NULL};
static words fee_gap = {"金额", "总额", "共计", "合计", "共", "计", "为", "收取", "的", "达",
                        NULL};
static words year_not_before = {"年", "度", NULL};

typedef struct {
    const char *keyword;
    figure fig;
    int first, last;       /* rows or column, by figure */
    unsigned units;
    const char *const *needs;      /* one of these in the gap or the rest of the clause */
    const char *const *excludes;   /* none of these in the gap or the rest of the clause */
    const char *const *gap_only;   /* the gap holds only these words (NULL: anything) */
    const char *const *not_before; /* the keyword does not count right after these */
    const char *const *not_after;  /* nor right before these */
} phrasing;

/* The rows of the table below, one macro per kind of figure. The comment above each row
 * kind says what the figure must look like to be read. */
/* An application count: about 申请 (in the sentence), not about 复议, 投诉, 建议… */
#define APPLY(kw, fig, needs, not_before)                                                      \
    {kw, fig, 0, 0, U_APPLICATIONS, needs, other_matters, NULL, not_before, NULL}
/* An outcome: rows a..b of 三、本年度办理结果 summed; only "的", "共", … before the figure. */
#define OUTCOME(kw, a, b)                                                                      \
    {kw, FIG_RESULT, GR_T3_##a, GR_T3_##b, U_APPLICATIONS, NULL, other_matters, outcome_gap,   \
     NULL, NULL}
/* 结转下年度继续办理 */
#define FORWARD(kw, fig, not_before)                                                           \
    {kw, fig, 0, 0, U_APPLICATIONS, NULL, other_matters, outcome_gap, not_before, NULL}
/* A case count of table 四, not one of its outcomes (维持, 纠错…). */
#define CASES(kw, fig, not_after)                                                              \
    {kw, fig, 0, 0, U_CASES, NULL, case_outcomes, NULL, NULL, not_after}
/* 规章 or 规范性文件 (from the words around), column col of table 二 （一）. */
#define DOC(kw, col) {kw, FIG_DOC, col, 0, U_DOCS, NULL, doc_work, NULL, NULL, NULL}
/* The 现行有效 stock, whatever verbs stand around it ("清理并集中发布现行有效规范性文件 51
 * 件"): the stock is one figure however it was arrived at. */
#define STOCK(kw) {kw, FIG_DOC, 2, 0, U_DOCS, NULL, NULL, NULL, NULL, NULL}
/* Decisions of table 二 （五）（六）: "作出行政许可决定 N 件", not 受理 or 撤销. */
#define DECISION(kw, row)                                                                      \
    {kw, FIG_DECISIONS, row, 0, U_DECISIONS, NULL, NULL, decision_gap, decision_not_before, NULL}
/* 行政事业性收费, in 万元 (信息处理费 is another figure: section 六's, in no table). */
#define FEE(kw) {kw, FIG_FEE, 0, 0, U_WANYUAN, NULL, NULL, fee_gap, NULL, NULL}

/* The phrasings read, and the cells they quote. At one position the longest keyword wins. */
static const phrasing phrasings[] = {
    /* 三、一、二 and the totals */
    APPLY("收到", FIG_RECEIVED, about_application, NULL),
    APPLY("受理", FIG_RECEIVED, about_application, NULL),
    APPLY("办理", FIG_HANDLED, about_application, carry_on),
    APPLY("申请总量", FIG_RECEIVED, NULL, NULL),
    APPLY("申请总数", FIG_RECEIVED, NULL, NULL),
    APPLY("新收", FIG_NEW, NULL, NULL),
    APPLY("上年结转", FIG_CARRIED_OVER, NULL, NULL),
    APPLY("上年度结转", FIG_CARRIED_OVER, NULL, NULL),
    APPLY("上一年度结转", FIG_CARRIED_OVER, NULL, NULL),
    APPLY("办结", FIG_CONCLUDED, about_application, NULL),
    /* 三、三、本年度办理结果 and 四、结转下年度继续办理 */
    OUTCOME("予以公开", OPEN, OPEN),
    OUTCOME("同意公开", OPEN, OPEN),
    OUTCOME("部分公开", PARTIAL, PARTIAL),
    OUTCOME("不予公开", DENY_SECRET, DENY_QUERY),
    OUTCOME("无法提供", CANNOT_NOT_HELD, CANNOT_UNCLEAR),
    OUTCOME("不予处理", NP_PETITION, NP_CONFIRM),
    OUTCOME("其他处理", OTHER_NO_CORRECTION, OTHER_OTHER),
    FORWARD("结转下年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("结转下一年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("结转至下一年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("结转至下年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("结转到下一年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("转下年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("转入下一年度", FIG_CARRIED_FORWARD, NULL),
    FORWARD("结转", FIG_CARRIED_BARE, year_not_before), /* not "2024 年结转" */
    /* table 四 */
    CASES("行政复议", FIG_REVIEW, review_not_after),
    CASES("行政诉讼", FIG_LITIGATION, litigation_not_after),
    CASES("行政应诉", FIG_LITIGATION, NULL),
    CASES("直接起诉", FIG_LIT_DIRECT, NULL),
    CASES("直接提起行政诉讼", FIG_LIT_DIRECT, NULL),
    CASES("直接提起诉讼", FIG_LIT_DIRECT, NULL),
    CASES("复议后起诉", FIG_LIT_AFTER, NULL),
    CASES("复议后提起行政诉讼", FIG_LIT_AFTER, NULL),
    CASES("复议后提起诉讼", FIG_LIT_AFTER, NULL),
    /* table 二 */
    DOC("制发", 0), DOC("印发", 0), DOC("出台", 0), DOC("制定", 0), DOC("新增", 0), DOC("发布", 0),
    DOC("废止", 1),
    STOCK("现行有效"), STOCK("继续有效"), STOCK("保留"),
    DECISION("行政许可", GR_T2_LICENSING),
    DECISION("行政处罚", GR_T2_PENALTIES),
    DECISION("行政强制", GR_T2_COERCION),
    FEE("行政事业性收费"),
    FEE("收费金额"),
};
#define NPHRASINGS (sizeof phrasings / sizeof phrasings[0])

/* Words that make a figure not this year's count: a change, a share, an old or planned
 * figure. Looked for in the clause before the keyword and in the gap. */
static words not_this_year = {"同比", "环比", "增长", "下降", "减少", "增加", "上升", "较上年",
                              "比上年", "上年", "去年", "上一年", "前年", "历年", "累计", "以来",
                              "占", "比例", "平均", "拟", "计划", "预计", NULL};
/* Just before the digits: the figure is approximate or an ordinal. */
static words approximate_before = {"第", "约", "近", "逾", "超", "超过", "不足", "不到", "将近",
                                   "接近", "大约", "上", "数", "几", "每", "逐", "前", "后",
                                   NULL};
/* Just after the digits: approximate or a range. */
static words approximate_after = {"余", "多", "以上", "以下", "左右", "上下", "来", "-", "～", "~",
                                  "至", "%", "％", "个百分点", "几", "成", "倍", NULL};
/* After the unit: the figure counts days, batches or kinds, not cases ("收到申请后一个工作日
 * 内", "一次性告知"). */
static words not_a_count_after = {"工作日", "自然日", "日", "月", "小时", "星期", "周", "季度",
                                  "批", "性", "类", "方面", "环节", "部门", "单位", NULL};
/* A 现行有效 stock stated before a cleaning's outcome in the same sentence ("清理现行有效规范
 * 性文件 60 件，废止 9 件") is the stock before the cleaning, not at the year's end. */
static words cleaning_outcome = {"废止", "失效", "修订", "修改", "宣布", "拟", NULL};
/* A part of the applications, not all of them: one applicant column ("收到自然人申请 27
 * 件"), one channel ("通过网络收到 20 件"), those carried forward ("结转到 2026 年办理 7
 * 件"). Looked for in the clause up to the figure. */
static words breakdown = {"自然人", "法人", "企业", "科研机构", "公益组织", "法律服务机构",
                          "其他组织", "网上", "网络", "在线", "线上", "线下", "信函", "邮寄",
                          "当面", "现场", "传真", "电子邮件", "邮件", "平台", "结转", NULL};
/* Joining words: "行政复议和行政诉讼共 8 件" quotes neither alone. */
static words conjunctions = {"和", "与", "及", "、", "或", "以及", NULL};
static words doc_rules = {"规章", NULL};
static words doc_normative = {"规范性文件", NULL};
/* Between a document word and a later keyword of a list ("行政规范性文件制发 3 件、废止 1
 * 件"), only these, so that the list's noun carries over. */
static words doc_list = {"制发", "印发", "出台", "制定", "新增", "发布", "废止", "现行有效",
                         "继续有效", "保留",
                         "本年度", "本年", "年度", "年", "共计", "共", "分别", "为", "件", "个",
                         "份", "部",
                         "项", "、", "，", ",", "和", "及", "已", "新", " ", NULL};

static bool starts(const char *p, const char *w)
{
    return strncmp(p, w, strlen(w)) == 0;
}

static const char *starts_any(const char *p, const char *const *ws)
{
    for (; ws && *ws; ws++)
        if (starts(p, *ws))
            return *ws;
    return NULL;
}

/* Does text[0..end) end with one of ws? */
static bool ends_with_any(const char *text, const char *end, const char *const *ws)
{
    for (; ws && *ws; ws++) {
        size_t n = strlen(*ws);
        if ((size_t)(end - text) >= n && !memcmp(end - n, *ws, n))
            return true;
    }
    return false;
}

static bool span_has_any(const char *a, const char *b, const char *const *ws)
{
    for (; ws && *ws; ws++) {
        size_t n = strlen(*ws);
        for (const char *p = a; p + n <= b; p++)
            if (*p == **ws && !memcmp(p, *ws, n))
                return true;
    }
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* One character on; never looks past the string's end, and costs the same on a long one. */
static void next_char(const char **p)
{
    size_t n = 0;
    while (n < 4 && (*p)[n])
        n++;
    gr_utf8_next(p, n);
}

/* start, or the start of the character GR_PROSE_LOOKBACK bytes before p: what a figure is
 * about is said near it, and a paragraph of 300 KB with no full stop must not make every
 * figure re-read all of it. */
#define GR_PROSE_LOOKBACK 600 /* 200 characters */
static const char *near(const char *start, const char *p)
{
    if (p - start <= GR_PROSE_LOOKBACK)
        return start;
    return start + gr_utf8_floor(start, (size_t)(p - start) - GR_PROSE_LOOKBACK);
}

/* The character at p (-1 at the end of the text). */
static int32_t char_at(const char *p)
{
    const char *q = p;
    return gr_utf8_next(&q, strnlen(p, 4));
}

/* A clause ends at a pause or stop mark (、，；：。？！) or at the ASCII ; and , of a pasted
 * text: a quoted figure does not reach across one. */
static bool is_clause_end(const char *text, const char *p)
{
    /* A thousands separator: "11,850 件", not "144 件,120 件". */
    if (*p == ',' && p > text && is_digit(p[-1]) && is_digit(p[1]) && is_digit(p[2]) &&
        is_digit(p[3]) && !is_digit(p[4]))
        return false;
    int32_t c = char_at(p);
    return c == ';' || c == ',' || (c > 0 && gr_punct_ends_clause((uint32_t)c));
}

/* A sentence ends, for what a figure is about, at a stop mark (。？！) and at ； or ;, which
 * part the figures of one subject from the next ("…27 件；其中…"). */
static bool is_sentence_end(const char *p)
{
    int32_t c = char_at(p);
    return c == 0xFF1B || c == ';' || (c > 0 && gr_punct_class((uint32_t)c) == GR_PUNCT_STOP);
}

/* The keyword of some phrasing that starts at p (the longest), or NULL. Also the document
 * words, so that a gap holding one is seen to be about something else. */
/* The first character of every keyword, as its UTF-8 bytes packed into one number, sorted:
 * keyword_at is asked at every character of the prose, and almost none starts a keyword,
 * so a binary search here saves comparing with each phrasing (a quarter of a batch's CPU
 * otherwise). Built once per process. */
static uint32_t first_chars[NPHRASINGS];
static size_t nfirst_chars;
static uint32_t keyword_first[NPHRASINGS]; /* phrasings[i]'s first character, packed */
static pthread_once_t first_chars_once = PTHREAD_ONCE_INIT;

static uint32_t packed_char(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t n = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
    uint32_t v = 0;
    for (size_t i = 0; i < n && (i == 0 || u[i]); i++)
        v = v << 8 | u[i];
    return v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void build_first_chars(void)
{
    for (size_t i = 0; i < NPHRASINGS; i++)
        first_chars[i] = keyword_first[i] = packed_char(phrasings[i].keyword);
    qsort(first_chars, NPHRASINGS, sizeof first_chars[0], cmp_u32);
    nfirst_chars = NPHRASINGS ? 1 : 0;
    for (size_t i = 1; i < NPHRASINGS; i++)
        if (first_chars[i] != first_chars[nfirst_chars - 1])
            first_chars[nfirst_chars++] = first_chars[i];
}

static bool may_start_keyword(const char *p)
{
    pthread_once(&first_chars_once, build_first_chars);
    uint32_t c = packed_char(p);
    return bsearch(&c, first_chars, nfirst_chars, sizeof c, cmp_u32) != NULL;
}

static const phrasing *keyword_at(const char *text, const char *p)
{
    if (!*p || !may_start_keyword(p))
        return NULL;
    const phrasing *best = NULL;
    uint32_t c = packed_char(p);
    for (size_t i = 0; i < NPHRASINGS; i++) {
        const phrasing *ph = &phrasings[i];
        if (keyword_first[i] != c || !starts(p, ph->keyword) ||
            (best && strlen(best->keyword) >= strlen(ph->keyword)))
            continue;
        if (ph->not_before && ends_with_any(text, p, ph->not_before))
            continue;
        if (ph->not_after && starts_any(p + strlen(ph->keyword), ph->not_after))
            continue;
        best = ph;
    }
    return best;
}

/* Is the gap [a, b) made only of the words ws (and spaces)? */
static bool gap_made_of(const char *a, const char *b, const char *const *ws)
{
    while (a < b) {
        if (*a == ' ') {
            a++;
            continue;
        }
        const char *w = starts_any(a, ws);
        if (!w || a + strlen(w) > b)
            return false;
        a += strlen(w);
    }
    return true;
}

/* A figure as read: Arabic digits (ASCII or full-width, "1,204" grouping, a decimal part
 * for 万元) or a Chinese numeral ("两", "十二", "二十九", "一百零三", "两千"). */
typedef struct {
    long long value; /* counts */
    char dec[48];    /* the figure as a normalised decimal string (for the fee) */
    bool decimal;
    const char *start, *end; /* the figure as written */
} number;

/* An Arabic digit at p, ASCII or full-width (U+FF10–U+FF19, "３１件"): its bytes, 0 if none. */
static size_t digit_at(const char *p, int *d)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] >= '0' && u[0] <= '9') {
        *d = u[0] - '0';
        return 1;
    }
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
        *d = u[2] - 0x90;
        return 3;
    }
    return 0;
}

/* A Chinese digit at p (〇 零 一 二 两 三 … 九): its value, or -1. */
static int cn_digit_at(const char *p)
{
    static const char *const digits[] = {"〇", "零", "一", "二", "两", "三", "四",
                                         "五", "六", "七", "八", "九"};
    static const int values[] = {0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        if (starts(p, digits[i]))
            return values[i];
    return -1;
}

/* A Chinese multiplier at p (十 百 千 万): its value, or 0. */
static long long cn_unit_at(const char *p)
{
    return starts(p, "十") ? 10 : starts(p, "百") ? 100 : starts(p, "千") ? 1000
         : starts(p, "万") ? 10000 : 0;
}

/* Does a figure start at p: an Arabic digit, a Chinese digit, or 十 ("十二件")? */
static bool figure_at(const char *p)
{
    int d;
    return digit_at(p, &d) || cn_digit_at(p) >= 0 || starts(p, "十");
}

/* A Chinese numeral: digits with 十 百 千 万 between them ("一百零三", "两千", "十二"). Two
 * digits side by side are a range or a year ("一两件", "二三十件", "二〇二五"), not a count;
 * 零 before a digit is the numeral's own ("一百零三"). 万 before 元 is the unit 万元. false
 * when there is no well-formed numeral. */
static bool read_cn_number(const char *p, number *n)
{
    long long total = 0, section = 0, digit = -1;
    int ndigits = 0;
    for (;;) {
        int d = cn_digit_at(p);
        long long u = d < 0 ? cn_unit_at(p) : 0;
        if (u == 10000 && starts(p, "万元"))
            u = 0;
        if (d >= 0) {
            if (digit > 0 || (digit == 0 && d == 0))
                return false;
            digit = d;
            if (++ndigits > 12)
                return false;
            p += 3;
        } else if (u) {
            if (u == 10000) {
                total = (total + section + (digit > 0 ? digit : 0)) * 10000;
                section = 0;
            } else {
                section += (digit > 0 ? digit : 1) * u; /* "十二": 十 stands for 一十 */
            }
            digit = -1;
            p += 3;
            if (total > GR_MAX_COUNT || section > GR_MAX_COUNT)
                return false;
        } else {
            break;
        }
    }
    if (p == n->start)
        return false;
    n->value = total + section + (digit > 0 ? digit : 0);
    snprintf(n->dec, sizeof n->dec, "%lld", n->value);
    n->end = p;
    return true;
}

static bool read_number(const char *p, number *n)
{
    n->start = p;
    n->value = 0;
    n->decimal = false;
    int d;
    if (!digit_at(p, &d))
        return read_cn_number(p, n);
    size_t k = 0, step;
    int digits = 0, group = 0;
    bool grouped = false;
    for (;;) {
        if ((step = digit_at(p, &d))) {
            if (++digits > 12)
                return false;
            n->value = n->value * 10 + d;
            n->dec[k++] = (char)('0' + d);
            p += step;
            group++;
        } else if (*p == ',' && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
                   !is_digit(p[4]) && (grouped ? group == 3 : group <= 3)) {
            grouped = true;
            group = 0;
            p++;
        } else {
            break;
        }
    }
    if (grouped && group != 3)
        return false;
    if ((*p == '.' || starts(p, "．")) && digit_at(p + (*p == '.' ? 1 : 3), &d)) {
        n->decimal = true;
        n->dec[k++] = '.';
        p += *p == '.' ? 1 : 3;
        while ((step = digit_at(p, &d)) && k < sizeof n->dec - 1) {
            n->dec[k++] = (char)('0' + d);
            p += step;
        }
        if (digit_at(p, &d))
            return false;
    }
    n->dec[k] = '\0';
    n->end = p;
    return true;
}

/* The decimal s in units of 10^-places, rounded half up; -1 when it does not fit. Plain
 * digits, so that no locale or binary fraction changes a fee. */
static long long scaled(const char *s, int places)
{
    long long v = 0;
    int digits = 0;
    for (; is_digit(*s); s++)
        if (++digits > 12 || (v = v * 10 + (*s - '0')) < 0)
            return -1;
    if (*s == '.')
        s++;
    for (int k = 0; k < places; k++)
        v = v * 10 + (is_digit(*s) ? *s++ - '0' : 0);
    return v + (is_digit(*s) && *s >= '5');
}

/* A fee quoted with fewer decimals than the table gives agrees when it is the table's
 * amount rounded to them ("4166.24 万元" for 4166.241619), but "0 万元" never stands for an
 * amount that is not zero. */
static bool fee_agrees(const char *quoted, const char *table)
{
    const char *dot = strchr(quoted, '.');
    int places = dot ? (int)strlen(dot + 1) : 0;
    if (places > 6)
        return false;
    long long q = scaled(quoted, places), t = scaled(table, places);
    bool table_zero = scaled(table, 6) == 0;
    return q >= 0 && q == t && (q != 0 || table_zero);
}

/* The cells a figure quotes: the values that agree with it, and their description. */
typedef struct {
    long long ok[4];
    int nok;
    const char *fee; /* FIG_FEE: the table's amount as written */
    char *cell;      /* "表三“三、（一）予以公开”的“总计”为 9" (caller frees) */
} cells;

static long long t3(const gr_report *r, int row)
{
    return r->t3[row][GR_T3_TOTAL].value;
}

static long long t4(const gr_report *r, int group)
{
    return r->t4[group][GR_T4_TOTAL].value;
}

static const char *total_col(void)
{
    return gr_t3_cols[GR_T3_TOTAL].label;
}

static void cells_of(const gr_report *r, const phrasing *ph, int doc, cells *c)
{
    c->nok = 0;
    c->fee = NULL;
    c->cell = NULL;
    const char *nw = gr_t3_rows[GR_T3_NEW_RECEIVED].name, *co = gr_t3_rows[GR_T3_CARRIED_OVER].name;
    const char *tot = gr_t3_rows[GR_T3_RESULT_TOTAL].name;
    const char *fw = gr_t3_rows[GR_T3_CARRIED_FORWARD].name;
    long long vn = t3(r, GR_T3_NEW_RECEIVED), vc = t3(r, GR_T3_CARRIED_OVER);
    long long vt = t3(r, GR_T3_RESULT_TOTAL), vf = t3(r, GR_T3_CARRIED_FORWARD);
    switch (ph->fig) {
    case FIG_RECEIVED:
        c->ok[c->nok++] = vn;
        c->ok[c->nok++] = vn + vc;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld，加上“%s”为 %lld", nw, total_col(), vn,
                               co, vn + vc);
        break;
    case FIG_HANDLED:
        c->ok[c->nok++] = vn;
        c->ok[c->nok++] = vn + vc;
        c->ok[c->nok++] = vt;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld，加上“%s”为 %lld，“%s”为 %lld", nw,
                               total_col(), vn, co, vn + vc, tot, vt);
        break;
    case FIG_NEW:
        c->ok[c->nok++] = vn;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld", nw, total_col(), vn);
        break;
    case FIG_CARRIED_OVER:
        c->ok[c->nok++] = vc;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld", co, total_col(), vc);
        break;
    case FIG_CONCLUDED:
        c->ok[c->nok++] = vt;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld", tot, total_col(), vt);
        break;
    case FIG_CARRIED_FORWARD:
        c->ok[c->nok++] = vf;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld", fw, total_col(), vf);
        break;
    case FIG_CARRIED_BARE:
        c->ok[c->nok++] = vf;
        c->ok[c->nok++] = vc;
        c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld（“%s”为 %lld）", fw, total_col(), vf, co,
                               vc);
        break;
    case FIG_RESULT: {
        long long s = 0;
        for (int row = ph->first; row <= ph->last; row++)
            s += t3(r, row);
        c->ok[c->nok++] = s;
        /* "逾期未补正 2 件，其他处理 5 件": reports name 1. or 2. of （六） apart and call the
         * rest 其他处理. */
        if (ph->first == GR_T3_OTHER_NO_CORRECTION) {
            c->ok[c->nok++] = s - t3(r, GR_T3_OTHER_NO_CORRECTION);
            c->ok[c->nok++] = s - t3(r, GR_T3_OTHER_NO_FEE);
            c->ok[c->nok++] = t3(r, GR_T3_OTHER_OTHER);
        }
        if (ph->first == ph->last)
            c->cell = gr_xasprintf("表三“%s”的“%s”为 %lld", gr_t3_rows[ph->first].name,
                                   total_col(), s);
        else
            c->cell = gr_xasprintf("表三“三、%s”各项的“%s”之和为 %lld",
                                   gr_t3_rows[ph->first].level2, total_col(), s);
        break;
    }
    case FIG_REVIEW:
        c->ok[c->nok++] = t4(r, GR_T4_REVIEW);
        c->cell = gr_xasprintf("表四“%s”的“%s”为 %lld", gr_t4_groups[GR_T4_REVIEW],
                               gr_t4_results[GR_T4_TOTAL], t4(r, GR_T4_REVIEW));
        break;
    case FIG_LITIGATION: {
        long long s = t4(r, GR_T4_LIT_DIRECT) + t4(r, GR_T4_LIT_AFTER_REVIEW);
        c->ok[c->nok++] = s;
        c->cell = gr_xasprintf("表四“%s”中“%s”与“%s”的“%s”之和为 %lld", gr_t4_litigation,
                               gr_t4_groups[GR_T4_LIT_DIRECT], gr_t4_groups[GR_T4_LIT_AFTER_REVIEW],
                               gr_t4_results[GR_T4_TOTAL], s);
        break;
    }
    case FIG_LIT_DIRECT:
    case FIG_LIT_AFTER: {
        int g = ph->fig == FIG_LIT_DIRECT ? GR_T4_LIT_DIRECT : GR_T4_LIT_AFTER_REVIEW;
        c->ok[c->nok++] = t4(r, g);
        c->cell = gr_xasprintf("表四“%s（%s）”的“%s”为 %lld", gr_t4_litigation, gr_t4_groups[g],
                               gr_t4_results[GR_T4_TOTAL], t4(r, g));
        break;
    }
    case FIG_DOC: {
        long long v = r->t2_docs[doc][ph->first].value;
        c->ok[c->nok++] = v;
        c->cell = gr_xasprintf("表二“%s”的“%s”为 %lld", gr_t2_rows[doc].label,
                               gr_t2_blocks[0].columns[ph->first], v);
        break;
    }
    case FIG_DECISIONS: {
        long long v = r->t2_decisions[ph->first - GR_T2_LICENSING].value;
        c->ok[c->nok++] = v;
        c->cell = gr_xasprintf("表二“%s”的“%s”为 %lld", gr_t2_rows[ph->first].label,
                               gr_t2_blocks[gr_t2_rows[ph->first].block].columns[0], v);
        break;
    }
    case FIG_FEE:
        c->fee = r->t2_fee ? r->t2_fee : "0";
        c->cell = gr_xasprintf("表二“%s”的“%s”为 %s", gr_t2_rows[GR_T2_FEES].label,
                               gr_t2_blocks[3].columns[0], c->fee);
        break;
    }
}

/* The document a FIG_DOC keyword at [p, kend) with gap [kend, gap_end) is about:
 * GR_T2_RULES, GR_T2_NORMATIVE, or -1 when the words do not say. */
static int doc_of(const char *sentence, const char *p, const char *gap_end)
{
    /* 规章制度 are an office's internal rules, not 规章. */
    static words not_rules = {"规章制度", NULL};
    bool rules = false, normative = false;
    for (const char *q = p; q < gap_end; next_char(&q)) {
        rules |= starts(q, "规章") && !starts_any(q, not_rules);
        normative |= starts(q, "规范性文件");
    }
    if (rules != normative)
        return rules ? GR_T2_RULES : GR_T2_NORMATIVE;
    if (rules)
        return -1;
    /* The noun of a list earlier in the sentence, when only the list lies between. */
    const char *found = NULL;
    int kind = -1;
    for (const char *q = sentence; q < p; next_char(&q)) {
        if (starts(q, "规章") && !starts_any(q, not_rules)) {
            found = q + strlen("规章");
            kind = GR_T2_RULES;
        } else if (starts(q, "规范性文件")) {
            found = q + strlen("规范性文件");
            kind = GR_T2_NORMATIVE;
        }
    }
    if (!found || found > p)
        return -1;
    for (const char *q = found; q < p;) {
        if (figure_at(q)) {
            next_char(&q); /* a figure of the list: "制发３件、废止一件" */
            continue;
        }
        const char *w = starts_any(q, doc_list);
        if (!w)
            return -1;
        q += strlen(w);
    }
    return kind;
}

/* Read the figure of phrasing ph whose keyword is at p; compare; warn. Returns 1 when it
 * warned. clause and sentence are where p's clause and sentence start. */
static size_t read_figure(const gr_report *r, int sec, const char *text, const char *clause,
                          const char *sentence, const char *p, const phrasing *ph, gr_pos pos,
                          gr_diags *d)
{
    const char *kend = p + strlen(ph->keyword);
    clause = near(clause, p);
    sentence = near(sentence, p);
    /* The gap: up to the first digit, within the clause and the window. */
    const char *q = kend;
    for (int k = 0;; k++) {
        if (figure_at(q))
            break;
        if (!*q || k >= GR_PROSE_WINDOW || is_clause_end(text, q))
            return 0;
        if (keyword_at(text, q))
            return 0; /* another figure's words: the number is theirs */
        next_char(&q);
    }
    const char *gap_end = q;
    if (span_has_any(kend, gap_end, not_this_year))
        return 0;
    const char *last = gap_end > kend && gap_end[-1] == ' ' ? gap_end - 1 : gap_end;
    if (ends_with_any(kend, last, approximate_before))
        return 0;
    if (ph->gap_only && !gap_made_of(kend, gap_end, ph->gap_only))
        return 0;

    number num;
    if (!read_number(gap_end, &num))
        return 0;
    const char *u = num.end;
    while (*u == ' ')
        u++;
    if (starts_any(u, approximate_after))
        return 0;
    if (num.decimal && ph->fig != FIG_FEE)
        return 0; /* 1.5 件 is no count */
    const char *unit = NULL;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if ((ph->units & units[i].bit) && starts(u, units[i].word) &&
            (!unit || strlen(units[i].word) > strlen(unit)))
            unit = units[i].word;
    if (!unit)
        return 0;
    const char *end = u + strlen(unit);
    if (starts_any(end, approximate_after) || starts_any(end, not_a_count_after))
        return 0; /* "29 件以上", "一个工作日" */
    int digit;
    if (!digit_at(num.start, &digit) && (cn_digit_at(end) >= 0 || starts(end, "事")))
        return 0; /* idioms, not counts: "一件一件抓落实", "一件事一次办" */
    if (ph->fig == FIG_DOC && ph->first == 2) {
        const char *e = end; /* the rest of the sentence, as far as near() looks back */
        for (int k = 0; *e && k < GR_PROSE_LOOKBACK / 3 && !is_sentence_end(e); k++)
            next_char(&e);
        if (span_has_any(end, e, cleaning_outcome))
            return 0;
    }

    /* Last year's figure, a change, a plan: not this year's table. */
    if (ph->fig != FIG_CARRIED_OVER && span_has_any(clause, p, not_this_year))
        return 0;
    if ((ph->fig == FIG_RECEIVED || ph->fig == FIG_HANDLED || ph->fig == FIG_NEW ||
         ph->fig == FIG_CONCLUDED) &&
        span_has_any(clause, gap_end, breakdown))
        return 0;
    /* "予以公开和部分公开共 17 件": the figure belongs to the list, not to this word. */
    for (const char *const *c = conjunctions; *c; c++) {
        if (!ends_with_any(text, p, (const char *const[]){*c, NULL}))
            continue;
        const char *before = p - strlen(*c);
        for (size_t i = 0; i < NPHRASINGS; i++)
            if (ends_with_any(text, before, (const char *const[]){phrasings[i].keyword, NULL}))
                return 0;
        if (ends_with_any(text, before, doc_rules) || ends_with_any(text, before, doc_normative))
            return 0;
    }

    /* The rest of the clause, for what the figure is about. */
    const char *after = end;
    for (int k = 0; k < GR_PROSE_WINDOW && *after && !is_clause_end(text, after); k++)
        next_char(&after);
    /* What the figure is about may be said earlier in the sentence ("共收到政府信息公开申请
     * 154 件，共办结 148 件"); what it is not about, in its own clause ("行政复议 144 件，120
     * 件做了复议决定" is a count of cases). */
    if (ph->needs && !span_has_any(sentence, after, ph->needs))
        return 0;
    if (ph->excludes && span_has_any(clause, after, ph->excludes))
        return 0;

    int doc = 0;
    if (ph->fig == FIG_DOC && (doc = doc_of(sentence, kend, gap_end)) < 0)
        return 0;

    cells c;
    cells_of(r, ph, doc, &c);
    bool agrees = false;
    if (ph->fig == FIG_FEE) {
        agrees = fee_agrees(num.dec, c.fee);
    } else {
        for (int i = 0; i < c.nok; i++)
            agrees |= c.ok[i] == num.value;
    }
    if (!agrees) {
        gr_diag_add(d, GR_SEV_WARNING, r->path, pos.line, pos.col, "W-PROSE", "%s写“%.*s”，但%s",
                    gr_sections[sec].heading, (int)(end - p), p, c.cell);
        gr_diag_hint(d, "正文引用的数字应与表格一致（R6）：请核对正文或表格");
    }
    free(c.cell);
    return agrees ? 0 : 1;
}

size_t gr_prose_check_text(const gr_report *r, int sec, const char *text, gr_pos pos,
                           gr_diags *d)
{
    size_t n = 0;
    const char *clause = text, *sentence = text;
    for (const char *p = text; *p;) {
        const phrasing *ph = keyword_at(text, p);
        if (ph) {
            n += read_figure(r, sec, text, clause, sentence, p, ph, pos, d);
            p += strlen(ph->keyword);
            continue;
        }
        bool sentence_end = is_sentence_end(p);
        bool clause_end = is_clause_end(text, p);
        next_char(&p);
        if (clause_end)
            clause = p;
        if (sentence_end)
            sentence = p;
    }
    return n;
}

size_t gr_prose_check(const gr_report *r, gr_diags *d)
{
    static const int sections[] = {GR_SEC_OVERVIEW, GR_SEC_PROBLEMS, GR_SEC_OTHER};
    size_t n = 0;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        const gr_prose *pr = &r->prose[sections[s]];
        for (size_t i = 0; i < pr->n; i++) {
            size_t from = d->n;
            n += gr_prose_check_text(r, sections[s], pr->items[i].text, pr->items[i].pos, d);
            for (size_t k = from; k < d->n; k++) { /* where a page pins it */
                d->items[k].section = sections[s] + 1;
                d->items[k].paragraph = (int)i + 1;
            }
        }
    }
    return n;
}
