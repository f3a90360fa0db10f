/* cli: one function per subcommand, each taking the arguments after its name and returning
 * the exit status (GR_EXIT_*). Thin layers over the library, which returns gr_status.
 * May include: serve (cli_serve.c: its arguments only), output, layout, import, report, base.
 * No outside library. */
#ifndef GR_CLI_H
#define GR_CLI_H

/* Exit status of the CLI, docs/design.md "Command line". Nothing else is ever returned. */
enum {
    GR_EXIT_OK = 0,    /* success */
    GR_EXIT_INPUT = 1, /* the input has errors (schema, balance, a character no font has) */
    GR_EXIT_USAGE = 2, /* wrong usage */
    GR_EXIT_ENV = 3    /* the environment failed (no fonts, cannot write) */
};

int gr_cli_check(int argc, char **argv);
int gr_cli_render(int argc, char **argv);
int gr_cli_template(int argc, char **argv);
int gr_cli_batch(int argc, char **argv);
/* --version: the program, the outside libraries it runs with, the data folder. */
int gr_cli_version(void);

/* ---- shared by the subcommands (cli_util.c) ---- */
#include "govreport.h"

#include <stdbool.h>

/* The value of option name at argv[*i], given as "NAME VALUE" or "NAME=VALUE" (a one-letter
 * "-x" also as "-xVALUE"); advances *i past a separate value. NULL when argv[*i] is not
 * this option, and sets *missing (which the caller clears) when it was, without its value. */
const char *gr_cli_option(int argc, char **argv, int *i, const char *name, bool *missing);
/* A report year as the command line gives it: four digits, GR_MIN_YEAR..GR_MAX_YEAR. */
bool gr_cli_parse_year(const char *s, int *year);
/* The usage error for a year gr_cli_parse_year refused; returns GR_EXIT_USAGE. */
int gr_cli_year_error(const char *cmd, const char *usage, const char *arg);
/* The years as text, for usage strings: "1990–2100". */
#define GR_CLI_STR_(x) #x
#define GR_CLI_STR(x) GR_CLI_STR_(x)
#define GR_CLI_YEARS GR_CLI_STR(GR_MIN_YEAR) "–" GR_CLI_STR(GR_MAX_YEAR)
/* "govreport CMD: " + fmt (one %s, arg), then the usage text, on stderr; returns
 * GR_EXIT_USAGE. */
int gr_cli_usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg);
/* An issuer name that can go into the report: valid UTF-8, no control characters, not blank. */
bool gr_cli_issuer_ok(const char *s);
/* Every diagnostic of d on stderr, sorted as d is: the GNU form, or JSON lines. */
void gr_cli_print_diags(const gr_diags *d, bool json);
/* The exit status of a library status. */
int gr_cli_exit(gr_status st);

/* Whether a command frees the report and the engine it made before the process exits:
 * only where a leak checker reads the heap at exit (an AddressSanitizer build). Elsewhere
 * the kernel takes the whole heap back at once, faster than freeing it piece by piece
 * (a render's fonts and tree: some 0.7 ms of a 10 ms render). */
#if defined(__SANITIZE_ADDRESS__)
#define GR_CLI_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GR_CLI_FREE_AT_EXIT 1
#endif
#endif
#ifndef GR_CLI_FREE_AT_EXIT
#define GR_CLI_FREE_AT_EXIT 0
#endif
/* A --format value: comma-separated words, "pdf", "ofd", "html" and "html-fragment" (output
 * formats, ORed into
 * *formats as GR_FORMAT_* bits), "json" and "text" (how diagnostics are printed). False for
 * an unknown or empty word. */
bool gr_cli_format(const char *value, unsigned *formats, bool *json);
int gr_cli_import(int argc, char **argv);
int gr_cli_aggregate(int argc, char **argv);
/* serve: parses its arguments and runs the server of src/serve. */
int gr_cli_serve(int argc, char **argv);

#endif
