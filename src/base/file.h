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

/* The one rule for opening a file to read, used for every path the program opens (reports,
 * last year's reports, font files, configuration): only a regular file is opened. A FIFO, a
 * socket or a device is refused before open() is called (open() would block on a FIFO with
 * no writer, and may act on a device); the file is then opened O_NONBLOCK and checked again
 * with fstat, so one swapped in between the two checks cannot block either. Symbolic links
 * are followed. Returns a descriptor (O_CLOEXEC, back in blocking mode), or -1 with *why
 * saying why in Chinese (static text) and errno set (EISDIR for a folder, EINVAL for a
 * FIFO, socket or device). */
int gr_file_open_read(const char *path, const char **why);

/* The kind of file a mode is, in Chinese, when the program never opens it to read: "命名管道（FIFO）",
 * "套接字", "设备文件"; NULL for a regular file, a folder or a symbolic link. */
const char *gr_file_odd_kind(unsigned mode);

/* Whether path can take a file: not empty, not a folder, its folder exists. On failure an
 * E-WRITE diagnostic and GR_ERR_ENV. Callers check before expensive work. */
gr_status gr_file_check_dest(const char *path, gr_diags *d);

/* Write len bytes at path atomically (checks path as gr_file_check_dest does). The new
 * file gets the permissions any new file would (the umask's). On failure nothing is left
 * at path (its old content stays) nor any temporary file, an E-WRITE diagnostic says why,
 * and the status is GR_ERR_ENV. */
gr_status gr_file_write_atomic(const char *path, const void *data, size_t len, gr_diags *d);

/* Write n files as one: paths[i] gets lens[i] bytes of data[i] (PDF, OFD and HTML of one
 * render). Every destination is checked first, then every file is written in full to its
 * own temporary file beside its destination (as gr_file_write_atomic does), and only then
 * are the temporary files renamed into place, one after the other with nothing between
 * the renames. If any write fails (a full disk), every temporary file is removed and no
 * destination is touched: the old files stay as they were. A crash between two renames
 * (power loss, SIGKILL) can leave the first outputs new and the later ones old, and the
 * later ones' temporary files (".NAME.XXXXXX") beside them; each file is whole. A rename
 * that fails (the folder changed under the program) leaves the files renamed before it in
 * place and the rest as they were. A path named twice is refused. On failure an E-WRITE
 * diagnostic names the file, and the status is GR_ERR_ENV. */
gr_status gr_file_write_atomic_set(const char *const *paths, const void *const *data,
                                   const size_t *lens, size_t n, gr_diags *d);

#endif
