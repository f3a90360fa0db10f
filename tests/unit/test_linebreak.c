/* Unit tests for linebreak: every vector of docs/typography.md §8.1, after the §8.3 tailoring.
 * "|" marks an allowed break; the text is the vector with the marks removed. */
#include "layout/linebreak.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define MAXCP 512

/* Render the breaks of text as a "|"-marked string. */
static void mark(const char *text, bool label, char *out, size_t outsz)
{
    uint32_t cps[MAXCP] = {0};
    char brk[MAXCP] = {0};
    size_t n = 0;
    const char *p = text;
    const char *end = text + strlen(text);
    while (p < end && n < MAXCP)
        cps[n++] = (uint32_t)gr_utf8_next(&p, (size_t)(end - p));
    gr_linebreak_find(cps, n, label, brk);
    size_t o = 0;
    for (size_t i = 0; i < n && o + 6 < outsz; i++) {
        o += gr_utf8_put(out + o, cps[i]);
        if (brk[i] == GR_BRK_ALLOW) out[o++] = '|';
    }
    out[o] = 0;
}

static void expect(const char *vector, bool label)
{
    char text[2048], got[4096];
    size_t o = 0;
    for (const char *p = vector; *p; p++)
        if (*p != '|') text[o++] = *p;
    text[o] = 0;
    mark(text, label, got, sizeof got);
    if (strcmp(got, vector) != 0) {
        fprintf(stderr, "FAIL%s\n  want %s\n  got  %s\n", label ? " (label)" : "", vector, got);
        failures++;
    }
}

static void expect_label(const char *text, size_t want)
{
    uint32_t cps[MAXCP] = {0};
    size_t n = 0;
    const char *p = text;
    const char *end = text + strlen(text);
    while (p < end && n < MAXCP)
        cps[n++] = (uint32_t)gr_utf8_next(&p, (size_t)(end - p));
    size_t got = gr_linebreak_label_len(cps, n);
    if (got != want) {
        fprintf(stderr, "FAIL label_len(%s) = %zu, want %zu\n", text, got, want);
        failures++;
    }
}

int main(void)
{
    /* §8.1 vectors; libunibreak already gives these */
    expect(
        "（一）|主|动|公|开：|2025|年，|本|机|关|主|动|公|开|政|府|信|息|1500|余|条，|同|比|增|长|"
        "12.5%。",
        false);
    expect("发|布|“放|管|服”|改|革|信|息，|见|《条|例》|第|二|十|条、", false);
    expect("http://|www.example.gov.cn/|zwgk/|index.html", false);
    /* T1: no break before ·, a lone —, ～ */
    expect("张|三·|李|四、|王|五|〔2024〕|15|号", false);
    expect("8:30—|17:00", false);
    expect("100～|200", false);
    /* a pair —— (破折号) may start a line */
    expect("问|题|——|答|复", false);
    /* T2: no break after a solidus outside a URL, nor after ／ */
    expect("GB/T |9704-2012", false);
    expect("甲／乙", false);
    expect("www.gov.cn/|zwgk", false);
    /* T3: no break after a heading number label */
    expect("（一）主|动|公|开：|2025|年", true);
    expect("一、总|体|情|况", true);
    expect("1.建|立|制|度。", true);
    expect("（1）加|强|培|训", true);
    expect("一、|总|体|情|况", false);
    /* numbers are never split; % stays with its number */
    expect("增|长|12.5%，|共|1,234|件", false);

    expect_label("（一）主动", 3);
    expect_label("一、总体", 2);
    expect_label("十二、其他", 3);
    expect_label("12.建立", 3);
    expect_label("（12）加强", 4);
    expect_label("主动公开", 0);
    expect_label("（主动）", 0);
    expect_label("2025年", 0);

    if (!gr_linebreak_no_start(0x3002) || !gr_linebreak_no_start(0x201D) ||
        gr_linebreak_no_start(0x201C) || gr_linebreak_no_start(0x4E00)) {
        fprintf(stderr, "FAIL no_start classes\n");
        failures++;
    }
    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    else
        printf("linebreak: all vectors pass\n");
    return failures ? 1 : 0;
}
