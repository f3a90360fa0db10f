/* cli_batch: placeholder while the subcommand is being built; replaced by its real file. */
#include "cli.h"
#include "util.h"

#include <stdio.h>

int gr_cli_batch(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("govreport: batch: 尚未实现\n", stderr);
    return GR_EXIT_USAGE;
}
