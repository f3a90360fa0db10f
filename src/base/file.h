/* file: the one way the program writes a file. Every output (PDF, OFD, imported XML, a
 * batch summary) is written to a temporary file made exclusively (O_EXCL) beside the
 * destination, with checked writes, then renamed over it: the path holds either its old
 * content or the whole new file, never a half-written one, and a link planted at a
 * predictable name is never followed.
 * Fsync policy, stated once: none. Durability across a power loss is not promised (an
 * fsync cost more than a whole render); atomicity is. */
#ifndef GR_FILE_H
#define GR_FILE_H

#include "base/diag.h"
#include "base/util.h"

#include <stddef.h>
#include <stdio.h>

/* The most the program reads of one input (a report, last year's report, a file to import):
 * a long report is ~100 KB and a .docx with its pictures a few MB. More is not a report, and
 * reading it would only cost memory (and never end, on a device). */
#define GR_MAX_INPUT_BYTES (16u * 1024u * 1024u)

/* The whole of f, NUL-terminated (the NUL not counted in *len), at most GR_MAX_INPUT_BYTES;
 * caller frees. It reads at most one byte past the cap: enough to know that the input is too
 * large. NULL when it is (*err = EFBIG) or when a read fails (*err is its errno). f stays
 * open. */
char *gr_file_read_capped(FILE *f, size_t *len, int *err);

/* Whether path can take a file: not empty, not a folder, its folder exists. On failure an
 * E-WRITE diagnostic and GR_ERR_ENV. Callers check before expensive work. */
gr_status gr_file_check_dest(const char *path, gr_diags *d);

/* Write len bytes at path atomically (checks path as gr_file_check_dest does). The new
 * file gets the permissions any new file would (the umask's). On failure nothing is left
 * at path (its old content stays) nor any temporary file, an E-WRITE diagnostic says why,
 * and the status is GR_ERR_ENV. */
gr_status gr_file_write_atomic(const char *path, const void *data, size_t len, gr_diags *d);

/* Several files as one commit (the formats of one render): every file is first written in
 * full to its own temporary file beside its destination, then all are renamed into place
 * one after another. When any write fails, every temporary file is removed and no
 * destination is touched. A crash between two renames can leave the first files new and the
 * rest old; nothing half-written is ever at a destination. */
gr_status gr_file_write_atomic_set(const char *const *paths, const void *const *data,
                                   const size_t *lens, size_t n, gr_diags *d);

#endif
