/* cli: one function per subcommand, each taking the arguments after its name and returning
 * the exit status (util.h GR_EXIT_*). Thin layers over the library. */
#ifndef GR_CLI_H
#define GR_CLI_H

int gr_cli_check(int argc, char **argv);
int gr_cli_render(int argc, char **argv);
int gr_cli_template(int argc, char **argv);
int gr_cli_batch(int argc, char **argv);
/* --version: the program, the outside libraries it runs with, the data folder. */
int gr_cli_version(void);

/* ---- shared by the subcommands (cli_util.c) ---- */
#include <stdbool.h>

/* The value of option name at argv[*i], given as "NAME VALUE" or "NAME=VALUE" (a one-letter
 * "-x" also as "-xVALUE"); advances *i past a separate value. NULL when argv[*i] is not
 * this option, and sets *missing (which the caller clears) when it was, without its value. */
const char *gr_cli_option(int argc, char **argv, int *i, const char *name, bool *missing);
/* A report year as the command line gives it: four digits, GR_MIN_YEAR..GR_MAX_YEAR. */
bool gr_cli_parse_year(const char *s, int *year);
/* "govreport CMD: " + fmt (one %s, arg), then the usage text, on stderr; returns
 * GR_EXIT_USAGE. */
int gr_cli_usage_error(const char *cmd, const char *usage, const char *fmt, const char *arg);
/* An issuer name that can go into the report: valid UTF-8, no control characters, not blank. */
bool gr_cli_issuer_ok(const char *s);
int gr_cli_import(int argc, char **argv);
int gr_cli_aggregate(int argc, char **argv);

#endif
