/* diag: sorting by position, the GNU form, JSON escaping, and the cap on collected
 * diagnostics that never hides an error from the count. */
#include "base/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void test_format_and_sort(void)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_diag_add(&d, GR_SEV_ERROR, "a.xml", 57, 9, "E-BALANCE", "三、（七）总计 —— 自然人：表中为 %d",
                27);
    gr_diag_hint(&d, "勾稽关系 R2");
    gr_diag_add(&d, GR_SEV_WARNING, "a.xml", 3, 0, "W-FEE", "六");
    gr_diags_sort(&d);
    CHECK(d.items[0].line == 3 && d.items[1].line == 57, "not sorted by line");
    char *s = gr_diag_format(&d.items[1]);
    CHECK(!strcmp(s, "a.xml:57:9: 错误：三、（七）总计 —— 自然人：表中为 27 [E-BALANCE]（提示：勾稽关系 R2）"),
          "GNU form: %s", s);
    free(s);
    s = gr_diag_format(&d.items[0]);
    CHECK(!strncmp(s, "a.xml:3: 警告：", strlen("a.xml:3: 警告：")), "no column: %s", s);
    free(s);
    CHECK(gr_diags_errors(&d) == 1 && gr_diags_warnings(&d) == 1, "counts");

    FILE *f = tmpfile();
    gr_diag_add(&d, GR_SEV_ERROR, "q\"\\.xml", 1, 1, "E-XML", "a\tb\x01");
    gr_diags_print(&d, f, true);
    rewind(f);
    char buf[2048];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK(strstr(buf, "\"file\":\"q\\\"\\\\.xml\"") && strstr(buf, "a\\tb\\u0001"),
          "JSON escaping: %s", buf);
    gr_diags_free(&d);
}

static void test_cap_keeps_error_count(void)
{
    gr_diags d;
    gr_diags_init(&d);
    for (int i = 0; i < GR_DIAG_LIMIT + 5; i++)
        gr_diag_add(&d, GR_SEV_WARNING, "w.xml", i + 1, 0, "W-PROSE", "w");
    gr_diag_add(&d, GR_SEV_ERROR, "w.xml", 99999, 0, "E-BALANCE", "an error past the cap");
    CHECK(d.n == GR_DIAG_LIMIT, "kept %zu", d.n);
    CHECK(gr_diags_errors(&d) == 1, "an error past the cap is not counted: %zu",
          gr_diags_errors(&d));
    for (size_t i = 0; i < d.n; i++)
        CHECK(d.items[i].severity == GR_SEV_WARNING, "a kept warning turned into an error");
    gr_diags_free(&d);
    CHECK(gr_diags_errors(&d) == 0 && d.n == 0, "free leaves it empty");
}

int main(void)
{
    test_format_and_sort();
    test_cap_keeps_error_count();
    return harness_end("diag");
}
