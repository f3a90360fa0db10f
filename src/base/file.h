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

#endif
