/* Unit tests for aggregate: exact decimal addition of the fee; the sum of the sample and two
 * balanced reports is their figure-by-figure sum and passes check; mixed years, a report that
 * does not balance and a sum over the template's bound are refused. */
#include "report/aggregate.h"
#include "report/check.h"
#include "base/diag.h"
#include "report/model.h"
#include "report/template.h"
#include "report/xml_load.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static const char *const inputs[] = {
    SAMPLE,
    GR_SOURCE_DIR "/tests/import/shanyang-education-2025.xml",
    GR_SOURCE_DIR "/tests/import/shanyang-health-2025.xml",
};
enum { NINPUTS = sizeof inputs / sizeof inputs[0] };

static void test_decimal(void)
{
    static const char *const cases[][3] = {
        {"0.33", "1.2", "1.53"},       {"0.33", "0.057", "0.387"}, {"999.999", "0.001", "1000.000"},
        {"0", "0", "0"},               {"12", "0.5", "12.5"},      {"0.30", "0.5", "0.80"},
        {"4166.241619", "0.33", "4166.571619"}, {"99", "1", "100"},
        /* 0.1 + 0.2 is where binary floating point goes wrong. */
        {"0.1", "0.2", "0.3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = gr_aggregate_add_decimal(cases[i][0], cases[i][1]);
        CHECK(s && !strcmp(s, cases[i][2]), "%s + %s = %s, want %s", cases[i][0], cases[i][1],
              s ? s : "(null)", cases[i][2]);
        free(s);
    }
    static const char *const bad[] = {"1e3", "-1", ".5", "1.", "", "1,000", "0x10", "1.2.3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *s = gr_aggregate_add_decimal(bad[i], "1");
        CHECK(!s, "[%s] accepted as a decimal", bad[i]);
        free(s);
    }
}

static void test_sum(void)
{
    gr_report *in[NINPUTS];
    gr_diags d;
    gr_diags_init(&d);
    for (int i = 0; i < NINPUTS; i++) {
        in[i] = gr_xml_load_file(inputs[i], &d);
        CHECK(in[i] && gr_diags_errors(&d) == 0, "%s does not load", inputs[i]);
        if (in[i])
            gr_report_compute_totals(in[i]);
    }
    gr_report *sum = gr_aggregate_files(inputs, NINPUTS, "山阳区", 0, &d);
    CHECK(sum != NULL, "aggregate refused");
    CHECK(gr_diags_errors(&d) == 0, "aggregate errors");
    if (sum && in[0] && in[1] && in[2]) {
        CHECK(!strcmp(sum->issuer, "山阳区") && sum->year == 2025, "metadata");
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < 3; k++) {
                long long want = 0;
                for (int i = 0; i < NINPUTS; i++)
                    want += in[i]->t2_docs[g][k].value;
                CHECK(sum->t2_docs[g][k].value == want, "表二 %s %d", gr_t2_rows[g].label, k);
            }
        for (int k = 0; k < 3; k++) {
            long long want = 0;
            for (int i = 0; i < NINPUTS; i++)
                want += in[i]->t2_decisions[k].value;
            CHECK(sum->t2_decisions[k].value == want, "表二 decisions %d", k);
        }
        /* 0.33 + 1.2 + 0.057 */
        CHECK(!strcmp(sum->t2_fee, "1.587"), "fee %s", sum->t2_fee);
        for (int r = 0; r < GR_T3_ROWS; r++)
            for (int c = 0; c < GR_T3_COLS; c++) {
                long long want = 0;
                for (int i = 0; i < NINPUTS; i++)
                    want += in[i]->t3[r][c].value;
                CHECK(sum->t3[r][c].value == want, "%s —— %s: %lld, want %lld",
                      gr_t3_rows[r].name, gr_t3_cols[c].label, sum->t3[r][c].value, want);
            }
        for (int g = 0; g < GR_T4_GROUPS; g++)
            for (int c = 0; c < GR_T4_RESULTS; c++) {
                long long want = 0;
                for (int i = 0; i < NINPUTS; i++)
                    want += in[i]->t4[g][c].value;
                CHECK(sum->t4[g][c].value == want, "表四 %s %s", gr_t4_groups[g],
                      gr_t4_results[c]);
            }
        /* The sample alone: 29 new applications; the sum must be larger. */
        CHECK(sum->t3[GR_T3_NEW_RECEIVED][GR_T3_TOTAL].value > 29, "the sum is no sum");
        for (int s = 0; s < GR_SECTIONS; s++)
            CHECK(sum->prose[s].n == 0, "prose of %s is not left to the clerk",
                  gr_sections[s].heading);
        gr_diags c;
        gr_diags_init(&c);
        CHECK(gr_check_report(sum, &c) == 0, "the sum does not balance");
        /* Section 六 is a placeholder: check says the fee is not reported. */
        CHECK(diag_has(&c, "W-FEE", NULL), "no warning on the placeholder of 六");
        gr_diags_free(&c);
    }
    gr_report_free(sum);

    /* Default issuer; one report alone is its own sum. */
    sum = gr_aggregate_files(inputs, 1, NULL, 0, &d);
    CHECK(sum && !strcmp(sum->issuer, GR_AGGREGATE_DEFAULT_ISSUER), "default issuer");
    if (sum && in[0])
        CHECK(sum->t3[GR_T3_RESULT_TOTAL][GR_T3_TOTAL].value == 29 && !strcmp(sum->t2_fee, "0.33"),
              "one report");
    gr_report_free(sum);

    /* Mixed years are refused, naming the report. */
    if (in[1]) {
        in[1]->year = 2024;
        gr_diags m;
        gr_diags_init(&m);
        sum = gr_aggregate_reports((const gr_report *const *)in, NINPUTS, NULL, 0, &m);
        CHECK(!sum && diag_has(&m, "E-AGGREGATE-YEAR", "山阳区教育局"), "mixed years accepted");
        gr_report_free(sum);
        gr_diags_free(&m);
        /* --year selects: every report must be of it. */
        gr_diags_init(&m);
        sum = gr_aggregate_reports((const gr_report *const *)in, NINPUTS, NULL, 2024, &m);
        CHECK(!sum && diag_has(&m, "E-AGGREGATE-YEAR", "山阳区人民政府"), "--year not enforced");
        gr_report_free(sum);
        gr_diags_free(&m);
        in[1]->year = 2025;
    }

    /* A sum over the template's bound is refused, not wrapped or clipped. */
    if (in[0] && in[1]) {
        in[0]->t2_decisions[0].value = GR_MAX_COUNT;
        in[1]->t2_decisions[0].value = 1;
        gr_diags m;
        gr_diags_init(&m);
        sum = gr_aggregate_reports((const gr_report *const *)in, 2, NULL, 0, &m);
        CHECK(!sum && diag_has(&m, "E-AGGREGATE-RANGE", "行政许可"), "overflow accepted");
        gr_report_free(sum);
        gr_diags_free(&m);
    }
    for (int i = 0; i < NINPUTS; i++)
        gr_report_free(in[i]);
    gr_diags_free(&d);
}

/* A report that does not balance is refused, named, with its own errors. */
static void test_refuse_unbalanced(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/unbalanced.xml", tmp_dir());
    /* 予以公开 9 → 8: R2 and R3 break. */
    char *sample = read_file(SAMPLE, NULL);
    char *text = replace(sample, "<open natural=\"9\"", "<open natural=\"8\"");
    FILE *out = fopen(path, "wb");
    CHECK(out != NULL, "cannot write %s", path);
    if (out) {
        fputs(text, out);
        fclose(out);
    }
    free(text);
    free(sample);
    const char *files[] = {inputs[1], path};
    gr_diags d;
    gr_diags_init(&d);
    gr_report *sum = gr_aggregate_files(files, 2, NULL, 0, &d);
    CHECK(!sum, "an unbalanced report was summed");
    bool named = false;
    for (size_t i = 0; i < d.n; i++)
        named |= !strcmp(d.items[i].code, "E-AGGREGATE-INPUT") && d.items[i].file &&
                 !strcmp(d.items[i].file, path);
    CHECK(named, "the refused report is not named");
    CHECK(diag_has(&d, "E-BALANCE", NULL), "its balance errors are not shown");
    gr_report_free(sum);
    gr_diags_free(&d);
}

int main(void)
{
    test_decimal();
    test_sum();
    test_refuse_unbalanced();
    gr_xml_cleanup();
    return harness_end("aggregate");
}
