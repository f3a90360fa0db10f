/* template: the 2021 national format (国办公开办函〔2021〕30号) as data, in one place:
 * section headings, the rows and columns of the three tables with their exact official
 * labels, the XML names that carry them, and the balance rules R1–R4. The loader, the
 * checker, the composer and the importer all read labels from here; none types one again. */
#ifndef GR_TEMPLATE_H
#define GR_TEMPLATE_H

#include <stddef.h>

#include "govreport.h"

#define GR_TEMPLATE_NS "urn:govreport:annual-report:2021"
#define GR_TEMPLATE_VERSION "2021"

/* ---- sections ---- */
enum {
    GR_SEC_OVERVIEW,     /* 一、总体情况 */
    GR_SEC_PROACTIVE,    /* 二、主动公开政府信息情况 (table 二) */
    GR_SEC_APPLICATIONS, /* 三、收到和处理政府信息公开申请情况 (table 三) */
    GR_SEC_REVIEWS,      /* 四、政府信息公开行政复议、行政诉讼情况 (table 四) */
    GR_SEC_PROBLEMS,     /* 五、存在的主要问题及改进情况 */
    GR_SEC_OTHER,        /* 六、其他需要报告的事项 */
    GR_SECTIONS
};

typedef struct {
    const char *number;  /* "一、" */
    const char *title;   /* "总体情况" */
    const char *heading; /* "一、总体情况" */
    const char *xml;     /* element name: "overview" */
    int has_table;       /* sections 二, 三, 四 */
} gr_section_def;

extern const gr_section_def gr_sections[GR_SECTIONS];

/* ---- table 二: 主动公开政府信息情况 (4 grid columns) ---- */
enum { GR_T2_RULES, GR_T2_NORMATIVE, GR_T2_LICENSING, GR_T2_PENALTIES, GR_T2_COERCION,
       GR_T2_FEES, GR_T2_ROWS };
enum { GR_T2_BLOCKS = 4 }; /* 第二十条第（一）（五）（六）（八）项 */

typedef struct {
    const char *item;       /* "第二十条第（一）项" */
    const char *columns[3]; /* "本年制发件数", … ; NULL-padded */
    int ncols;              /* 3 for （一）, 1 for the others (spanning 3 grid columns) */
    int first_row, nrows;   /* rows of gr_t2_rows in this block */
} gr_t2_block;

typedef struct {
    const char *label;       /* "规章" */
    const char *xml;         /* element: "rules" */
    int block;
    const char *attrs[3];    /* XML attributes of the figures, in column order */
} gr_t2_row;

extern const char *const gr_t2_content_label; /* "信息内容" */
extern const gr_t2_block gr_t2_blocks[GR_T2_BLOCKS];
extern const gr_t2_row gr_t2_rows[GR_T2_ROWS];

/* ---- table 三: 收到和处理政府信息公开申请情况 (3 stub + 7 data columns) ---- */
enum { GR_T3_NATURAL, GR_T3_COMMERCIAL, GR_T3_RESEARCH, GR_T3_PUBLIC_INTEREST,
       GR_T3_LEGAL_SERVICE, GR_T3_OTHER_ORG, GR_T3_TOTAL, GR_T3_COLS };

enum {
    GR_T3_NEW_RECEIVED, GR_T3_CARRIED_OVER,
    GR_T3_OPEN, GR_T3_PARTIAL,
    GR_T3_DENY_SECRET, GR_T3_DENY_LAW, GR_T3_DENY_3SAFETY, GR_T3_DENY_THIRD_PARTY,
    GR_T3_DENY_INTERNAL, GR_T3_DENY_PROCESS, GR_T3_DENY_CASE_FILE, GR_T3_DENY_QUERY,
    GR_T3_CANNOT_NOT_HELD, GR_T3_CANNOT_NEED_CREATE, GR_T3_CANNOT_UNCLEAR,
    GR_T3_NP_PETITION, GR_T3_NP_REPEAT, GR_T3_NP_PUBLICATION, GR_T3_NP_MASS, GR_T3_NP_CONFIRM,
    GR_T3_OTHER_NO_CORRECTION, GR_T3_OTHER_NO_FEE, GR_T3_OTHER_OTHER,
    GR_T3_RESULT_TOTAL, GR_T3_CARRIED_FORWARD,
    GR_T3_ROWS
};

typedef struct {
    const char *label; /* "自然人" */
    const char *xml;   /* attribute: "natural" */
} gr_t3_col;

typedef struct {
    const char *level1; /* "一、本年新收政府信息公开申请数量" or "三、本年度办理结果" */
    const char *level2; /* "（三）不予公开", NULL for rows 一、二、四、 */
    const char *level3; /* "1.属于国家秘密", NULL where the row has no third level */
    const char *xml;    /* element: "new-received", "deny-secret", … */
    const char *name;   /* short official name for messages: "三、（三）1.属于国家秘密" */
} gr_t3_row;

extern const char *const gr_t3_note;         /* the 勾稽 note of the 3×3 corner cell */
extern const char *const gr_t3_applicants;   /* "申请人情况" */
extern const char *const gr_t3_legal_person; /* "法人或其他组织" */
extern const gr_t3_col gr_t3_cols[GR_T3_COLS];
extern const gr_t3_row gr_t3_rows[GR_T3_ROWS];

/* ---- table 四: 政府信息公开行政复议、行政诉讼情况 (15 columns) ---- */
enum { GR_T4_REVIEW, GR_T4_LIT_DIRECT, GR_T4_LIT_AFTER_REVIEW, GR_T4_GROUPS };
enum { GR_T4_UPHELD, GR_T4_CORRECTED, GR_T4_OTHER, GR_T4_PENDING, GR_T4_TOTAL, GR_T4_RESULTS };

extern const char *const gr_t4_litigation;            /* "行政诉讼" */
extern const char *const gr_t4_groups[GR_T4_GROUPS];   /* "行政复议", "未经复议直接起诉", "复议后起诉" */
extern const char *const gr_t4_group_xml[GR_T4_GROUPS];/* "review", "litigation-direct", … */
extern const char *const gr_t4_results[GR_T4_RESULTS]; /* "结果维持", …, "总计" */
extern const char *const gr_t4_result_xml[GR_T4_RESULTS];

/* ---- balance rules (docs/national-template.md §3) ---- */
typedef enum {
    GR_RULE_R1, /* 三, per column: 一 + 二 = （七）总计 + 四 */
    GR_RULE_R2, /* 三, per column: （七）总计 = sum of every result row */
    GR_RULE_R3, /* 三, per row: 总计 = sum of the six applicant columns */
    GR_RULE_R4, /* 四, per group: 总计 = 维持 + 纠正 + 其他 + 尚未审结 */
    GR_RULES
} gr_rule_id;

typedef struct {
    gr_rule_id id;
    const char *code;        /* "R1" */
    const char *description; /* Chinese, as printed in messages */
} gr_balance_rule;

extern const gr_balance_rule gr_balance_rules[GR_RULES];

/* Rows summed by R2: GR_T3_OPEN .. GR_T3_OTHER_OTHER. */
#define GR_T3_FIRST_RESULT GR_T3_OPEN
#define GR_T3_LAST_RESULT GR_T3_OTHER_OTHER

/* Upper bound of any count, stated in the schema: larger is a typing error, and sums of
 * 25 rows stay far from overflow. */
#define GR_MAX_COUNT 999999999LL

/* Report years the schema accepts: govreport.h's, for the library's callers too. */
#define GR_MIN_YEAR GR_YEAR_MIN
#define GR_MAX_YEAR GR_YEAR_MAX

/* The title derived from metadata: "{issuer}{year}年政府信息公开工作年度报告". Caller frees. */
char *gr_template_title(const char *issuer, int year);

#endif
