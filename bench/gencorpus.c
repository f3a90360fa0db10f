/* gencorpus: writes N valid district reports of varied length for the benchmark: different
 * issuers, 2 to 10 pages of prose, figures that balance (R1–R4). Deterministic: report i is
 * the same on every run. Usage: gencorpus N DIR [SCALE]  (SCALE multiplies the prose). */
#include "report/model.h"
#include "report/template.h"
#include "report/xml_load.h"
#include "report/xml_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const places1[] = {"东", "西", "南", "北", "中", "新", "长", "清", "青", "白",
                                      "金", "龙", "凤", "安", "平", "永", "和", "兴", "华", "山"};
static const char *const places2[] = {"城", "湖", "山", "河", "阳", "宁", "丰", "江", "源", "川"};
static const char *const kinds[] = {"区人民政府", "县人民政府", "市人民政府办公室", "区教育局",
                                    "县自然资源局"};

static const char *const sentences[] = {
    ("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
     "围绕经济社会发展重点和人民群众关注关切，持续深化政务公开。"), /* one sentence, two lines */
    "严格执行信息发布“三审三校”制度，规范政府网站信息公开专栏的日常维护，确保信息发布及时、准确、规范。",
    "全年通过政府门户网站发布各类政务信息 1200 余条，其中政策文件 86 件、政策解读 42 篇，信息发布质效持续提升。",
    "对各类政府信息公开申请，均在法定时限内规范办理、及时答复，切实保障申请人的合法权益。",
    "持续开展政府信息动态管理，对现行有效的规范性文件逐件清理，做到底数清晰、管理有序。",
    "配合做好全市政府网站集约化改造，完成历史数据迁移和栏目调整，对各单位开展后台使用培训。",
    "加强网站安全防护，不定期清查不良链接和错别字，本年度未发现安全事件。",
    "督促各政务新媒体账号按时更新，全年发布政务信息 300 余条，回应网民留言 45 条。",
    "将政务公开工作纳入年度绩效考核，定期通报检查结果，对发现的问题立行立改、闭环整改。",
    "部分单位对政务公开工作重视程度不够，信息报送不及时、内容不规范的问题仍然存在。",
    "依申请公开办理人员业务能力有待提升，答复文书的规范性还需进一步加强。",
    "下一步将组织开展专题培训和案例研讨，围绕政策法规、办理流程、答复规范等内容提升办理能力。",
};

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return n ? (unsigned)((rng_state >> 33) % n) : 0;
}

static gr_count cnt(long long v)
{
    gr_count c = {v, true, {0, 0}, NULL};
    return c;
}

static gr_prose prose(gr_arena *a, int nparas, int per_para, int numbered)
{
    gr_prose p = {0};
    p.n = (size_t)nparas;
    p.items = gr_arena_alloc(a, sizeof(gr_para) * p.n);
    static const char *const nums[] = {"（一）", "（二）", "（三）", "（四）", "（五）",
                                       "（六）", "（七）", "（八）", "（九）", "（十）"};
    static const char *const topics[] = {"主动公开：", "依申请公开：", "政府信息管理：",
                                         "平台建设：", "监督保障："};
    for (int i = 0; i < nparas; i++) {
        gr_buf b = {0};
        for (int k = 0; k < per_para; k++)
            gr_buf_puts(&b, sentences[rnd(sizeof sentences / sizeof *sentences)]);
        p.items[i].text = gr_arena_strdup(a, b.s);
        gr_buf_free(&b);
        if (numbered && i > 0) {
            char *h = gr_xasprintf("%s%s", nums[(i - 1) % 10], topics[(i - 1) % 5]);
            p.items[i].heading = gr_arena_strdup(a, h);
            free(h);
        }
    }
    return p;
}

static void fill(gr_report *r, int i, int scale)
{
    gr_arena *a = r->arena;
    char *issuer = gr_xasprintf("%s%s%s", places1[i % 20], places2[(i / 20) % 10],
                                kinds[(i / 200) % 5]);
    r->issuer = gr_arena_strdup(a, issuer);
    free(issuer);
    r->year = 2025;
    r->published = "2026-01-20";
    /* 2 to 10 pages of prose (about 600 characters a page, 50 a sentence), growing with
     * i mod 9; the tables add about 3 pages. */
    int len = 1 + (i % 9);
    r->prose[GR_SEC_OVERVIEW] = prose(a, 6, (2 + 3 * len) * scale / 2, 1);
    r->prose[GR_SEC_PROBLEMS] = prose(a, 2, (2 + 5 * len) * scale / 2, 0);
    r->prose[GR_SEC_OTHER] = prose(a, 1, 1, 0);
    r->prose[GR_SEC_OTHER].items[0].text = "本年度未收取信息处理费。";

    for (int k = 0; k < 3; k++) {
        r->t2_docs[0][k] = cnt(rnd(5));
        r->t2_docs[1][k] = cnt(rnd(80));
        r->t2_decisions[k] = cnt(rnd(20000));
    }
    r->t2_fee = (i % 3) ? "0.33" : "4166.241619";

    for (int c = 0; c < GR_T3_TOTAL; c++) {
        long long results = 0;
        for (int row = GR_T3_FIRST_RESULT; row <= GR_T3_LAST_RESULT; row++) {
            long long v = c == 0 ? rnd(12) : rnd(3) == 0 ? rnd(4) : 0;
            r->t3[row][c] = cnt(v);
            results += v;
        }
        r->t3[GR_T3_RESULT_TOTAL][c] = cnt(results);
        long long over = rnd(4), forward = rnd(4);
        long long fresh = results + forward - over;
        if (fresh < 0) {
            forward -= fresh;
            fresh = 0;
        }
        r->t3[GR_T3_CARRIED_OVER][c] = cnt(over);
        r->t3[GR_T3_CARRIED_FORWARD][c] = cnt(forward);
        r->t3[GR_T3_NEW_RECEIVED][c] = cnt(fresh);
    }
    for (int row = 0; row < GR_T3_ROWS; row++) {
        long long s = 0;
        for (int c = 0; c < GR_T3_TOTAL; c++)
            s += r->t3[row][c].value;
        r->t3[row][GR_T3_TOTAL] = cnt(s);
    }
    for (int g = 0; g < GR_T4_GROUPS; g++) {
        long long s = 0;
        for (int k = 0; k < GR_T4_TOTAL; k++) {
            r->t4[g][k] = cnt(rnd(4));
            s += r->t4[g][k].value;
        }
        r->t4[g][GR_T4_TOTAL] = cnt(s);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gencorpus N DIR [SCALE]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    int scale = argc > 3 ? atoi(argv[3]) : 1;
    if (scale < 1)
        scale = 1;
    for (int i = 0; i < n; i++) {
        rng_state = 0x9E3779B97F4A7C15ULL ^ (unsigned long long)i;
        char *path = gr_xasprintf("%s/report-%05d.xml", argv[2], i);
        gr_report *r = gr_report_new(path);
        fill(r, i, scale);
        gr_report_finish(r); /* the totals it leaves out, as a loaded report has them */
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        gr_xml_write(r, f);
        if (fclose(f) != 0) {
            perror(path);
            return 1;
        }
        gr_report_free(r);
        free(path);
    }
    return 0;
}
