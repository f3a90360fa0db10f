/* cli: one function per subcommand, each taking the arguments after its name and returning
 * the exit status (util.h GR_EXIT_*). Thin layers over the library. */
#ifndef GR_CLI_H
#define GR_CLI_H

int gr_cli_check(int argc, char **argv);
int gr_cli_render(int argc, char **argv);
int gr_cli_template(int argc, char **argv);
int gr_cli_batch(int argc, char **argv);
int gr_cli_import(int argc, char **argv);
int gr_cli_aggregate(int argc, char **argv);

#endif
