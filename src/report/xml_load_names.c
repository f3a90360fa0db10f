/* xml_load_names: the XML names of the report's elements and attributes → the official
 * labels of the template (template.h), and the context ("三、（二）部分公开") a diagnostic
 * names. */
#include "report/xml_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gr_xml_section_of(const char *name)
{
    for (int i = 0; i < GR_SECTIONS; i++)
        if (!strcmp(name, gr_sections[i].xml))
            return i;
    return -1;
}

int gr_xml_t3_row_of(const char *name)
{
    for (int i = 0; i < GR_T3_ROWS; i++)
        if (!strcmp(name, gr_t3_rows[i].xml))
            return i;
    return -1;
}

static int t3_col_of(const char *name)
{
    for (int i = 0; i < GR_T3_COLS; i++)
        if (!strcmp(name, gr_t3_cols[i].xml))
            return i;
    return -1;
}

int gr_xml_t2_row_of(const char *name)
{
    for (int i = 0; i < GR_T2_ROWS; i++)
        if (!strcmp(name, gr_t2_rows[i].xml))
            return i;
    return -1;
}

int gr_xml_t4_group_of(const char *name)
{
    for (int i = 0; i < GR_T4_GROUPS; i++)
        if (!strcmp(name, gr_t4_group_xml[i]))
            return i;
    return -1;
}

static int t4_result_of(const char *name)
{
    for (int i = 0; i < GR_T4_RESULTS; i++)
        if (!strcmp(name, gr_t4_result_xml[i]))
            return i;
    return -1;
}

static const char *const meta_xml[] = {"issuer", "year", "published", "region", "title"};
static const char *const meta_label[] = {"发布机关", "年度", "发布日期", "行政区划代码", "标题"};

int gr_xml_meta_of(const char *name)
{
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, meta_xml[i]))
            return i;
    return -1;
}

const char *gr_xml_name_of(xmlNodePtr n)
{
    return n && n->name ? (const char *)n->name : "";
}

/* What the clerk calls element `name` (a row, a section…); NULL when it is not ours. */
char *gr_xml_label_of(const char *name)
{
    int i;
    if ((i = gr_xml_section_of(name)) >= 0)
        return gr_xstrdup(gr_sections[i].heading);
    if ((i = gr_xml_t3_row_of(name)) >= 0)
        return gr_xstrdup(gr_t3_rows[i].name);
    if ((i = gr_xml_t2_row_of(name)) >= 0)
        return gr_xstrdup(gr_t2_rows[i].label);
    if ((i = gr_xml_t4_group_of(name)) >= 0)
        return i == GR_T4_REVIEW ? gr_xstrdup(gr_t4_groups[i])
                                 : gr_xasprintf("%s（%s）", gr_t4_litigation, gr_t4_groups[i]);
    if ((i = gr_xml_meta_of(name)) >= 0)
        return gr_xstrdup(meta_label[i]);
    if (!strcmp(name, "meta"))
        return gr_xstrdup("元数据");
    if (!strcmp(name, "preamble"))
        return gr_xstrdup("前言");
    if (!strcmp(name, "p"))
        return gr_xstrdup("段落");
    if (!strcmp(name, "report"))
        return gr_xstrdup("报告");
    return NULL;
}

/* The place in the report's words: "三、收到和处理政府信息公开申请情况：“一、本年新收…”". */
char *gr_xml_context_of(xmlNodePtr n)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return gr_xstrdup("报告");
    const char *name = gr_xml_name_of(n);
    xmlNodePtr parent = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
    int i;
    if ((i = gr_xml_t3_row_of(name)) >= 0)
        return gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_APPLICATIONS].heading,
                            gr_t3_rows[i].name);
    if ((i = gr_xml_t2_row_of(name)) >= 0)
        return gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_PROACTIVE].heading,
                            gr_t2_rows[i].label);
    if ((i = gr_xml_t4_group_of(name)) >= 0) {
        char *l = gr_xml_label_of(name);
        char *s = gr_xasprintf("%s：“%s”", gr_sections[GR_SEC_REVIEWS].heading, l);
        free(l);
        return s;
    }
    if ((i = gr_xml_meta_of(name)) >= 0)
        return gr_xasprintf("元数据：“%s”", meta_label[i]);
    if (!strcmp(name, "p") && parent) {
        char *l = gr_xml_label_of(gr_xml_name_of(parent));
        char *s = gr_xasprintf("%s：段落", l ? l : gr_xml_name_of(parent));
        free(l);
        return s;
    }
    char *l = gr_xml_label_of(name);
    return l ? l : gr_xasprintf("元素 %s", name);
}

/* The label of attribute `attr` of element n: a column of a table or the subheading. */
const char *gr_xml_attr_label(xmlNodePtr n, const char *attr)
{
    const char *name = gr_xml_name_of(n);
    int i;
    if (gr_xml_t3_row_of(name) >= 0 && (i = t3_col_of(attr)) >= 0)
        return gr_t3_cols[i].label;
    if (gr_xml_t4_group_of(name) >= 0 && (i = t4_result_of(attr)) >= 0)
        return gr_t4_results[i];
    if ((i = gr_xml_t2_row_of(name)) >= 0) {
        const gr_t2_block *b = &gr_t2_blocks[gr_t2_rows[i].block];
        for (int k = 0; k < 3 && gr_t2_rows[i].attrs[k]; k++)
            if (!strcmp(attr, gr_t2_rows[i].attrs[k]))
                return b->columns[k];
    }
    if (!strcmp(attr, "heading"))
        return "段首小标题";
    return NULL;
}


bool gr_xml_cell_of(const char *elem, const char *attr, int *table, int *row, int *col)
{
    int i, k;
    if ((i = gr_xml_t3_row_of(elem)) >= 0 && (k = t3_col_of(attr)) >= 0) {
        *table = 3, *row = i, *col = k;
        return true;
    }
    if ((i = gr_xml_t4_group_of(elem)) >= 0 && (k = t4_result_of(attr)) >= 0) {
        *table = 4, *row = i, *col = k;
        return true;
    }
    if ((i = gr_xml_t2_row_of(elem)) >= 0)
        for (k = 0; k < 3 && gr_t2_rows[i].attrs[k]; k++)
            if (!strcmp(attr, gr_t2_rows[i].attrs[k])) {
                *table = 2, *row = i, *col = k;
                return true;
            }
    return false;
}
