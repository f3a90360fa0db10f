/* cli_util: what every subcommand parses the same way: option values in their usual
 * spellings, the report year, the issuer name. */
#include "cli/cli.h"

#include "report/report.h"
#include "base/base.h"
#include "output/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gr_cli_option(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=' && n > 2)
        return a + n + 1;
    if (a[n] != '\0')
        return n == 2 ? a + n : NULL; /* "-j2"; a longer name is another option */
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

bool gr_cli_parse_year(const char *s, int *year)
{
    if (strlen(s) != 4)
        return false;
    int y = 0;
    for (int k = 0; k < 4; k++) {
        if (s[k] < '0' || s[k] > '9')
            return false;
        y = y * 10 + (s[k] - '0');
    }
    if (y < GR_MIN_YEAR || y > GR_MAX_YEAR)
        return false;
    *year = y;
    return true;
}

bool gr_cli_issuer_ok(const char *s)
{
    size_t left = strlen(s);
    const char *p = s;
    bool visible = false;
    while (left > 0) {
        const char *q = p;
        int32_t c = gr_utf8_next(&p, left);
        left -= (size_t)(p - q);
        if (c < 0x20 || c == 0x7F || c == 0xFFFE || c == 0xFFFF)
            return false;
        visible |= c != ' ' && c != 0x3000;
    }
    return visible;
}

int gr_cli_year_error(const char *cmd, const char *usage, const char *arg)
{
    return gr_cli_usage_error(cmd, usage, "年度应为 " GR_CLI_YEARS " 的四位数字，而不是“%s”", arg);
}

int gr_cli_usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "govreport %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return GR_EXIT_USAGE;
}

bool gr_cli_format(const char *value, unsigned *formats, bool *json)
{
    const char *p = value;
    for (;;) {
        size_t n = strcspn(p, ",");
        if (n == 3 && !strncmp(p, "pdf", 3))
            *formats |= GR_FORMAT_PDF;
        else if (n == 3 && !strncmp(p, "ofd", 3))
            *formats |= GR_FORMAT_OFD;
        else if (n == 4 && !strncmp(p, "html", 4))
            *formats |= GR_FORMAT_HTML;
        else if (n == 13 && !strncmp(p, "html-fragment", 13))
            *formats |= GR_FORMAT_HTML_FRAGMENT;
        else if (n == 4 && !strncmp(p, "json", 4))
            *json = true;
        else if (n == 4 && !strncmp(p, "text", 4))
            *json = false;
        else
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

void gr_cli_print_diags(const gr_diags *d, bool json)
{
    for (size_t i = 0; i < d->n; i++) {
        char *line = json ? gr_diag_json(&d->items[i]) : gr_diag_format(&d->items[i]);
        fprintf(stderr, "%s\n", line);
        free(line);
    }
    if (d->dropped && !json)
        fprintf(stderr, "govreport: 另有 %zu 条诊断未显示（上限 %d 条）\n", d->dropped,
                GR_DIAG_LIMIT);
}

int gr_cli_exit(gr_status st)
{
    switch (st) {
    case GR_OK:
        return GR_EXIT_OK;
    case GR_ERR_INPUT:
        return GR_EXIT_INPUT;
    case GR_ERR_USAGE:
        return GR_EXIT_USAGE;
    default:
        return GR_EXIT_ENV;
    }
}
