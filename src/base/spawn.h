/* spawn: the one way the program runs another program (pdftotext for `import report.pdf`).
 * No shell: argv is executed as given (searched in PATH). The child reads `in` on its
 * standard input and its standard output is collected, with a time limit and a cap on the
 * output; its standard error is discarded. POSIX only (posix_spawn, poll). */
#ifndef GR_SPAWN_H
#define GR_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    GR_SPAWN_OK,        /* the program ran and exited; see exit_status */
    GR_SPAWN_NOT_FOUND, /* no such program in PATH (or not executable) */
    GR_SPAWN_FAILED,    /* it could not be started, or was killed by a signal */
    GR_SPAWN_TIMEOUT,   /* it ran past timeout_ms and was killed */
    GR_SPAWN_TOO_MUCH,  /* it wrote more than max_out bytes and was killed */
} gr_spawn_result;

/* Run argv[0] (NULL-terminated argv) with in (in_len bytes) on its standard input; its
 * standard output, NUL-terminated, in *out (caller frees; also set on failure, maybe
 * partial) and *out_len; its exit status in *exit_status (-1 unless GR_SPAWN_OK). The
 * child is always waited for: none is left running. Thread-safe. */
gr_spawn_result gr_spawn_filter(const char *const *argv, const void *in, size_t in_len,
                                int timeout_ms, size_t max_out, char **out, size_t *out_len,
                                int *exit_status);

#endif
