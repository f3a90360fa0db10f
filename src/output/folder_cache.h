/* folder_cache: the folder a process's first render reads and fills, as fontconfig keeps
 * its caches: GOVREPORT_CACHE; else $XDG_CACHE_HOME/govreport, else ~/.cache/govreport;
 * GOVREPORT_CACHE="" turns it off. Content-addressed and bounded: an entry of a kind
 * ("run", "font", "roles") is named by its key's hash folded into a fixed number of sets of two
 * names (KIND-SET-0, KIND-SET-1), so a kind never holds more than twice its sets. An entry
 * is looked for under both names of its set and written under a free one, else in place
 * of the older. A file is written under a temporary name and renamed into place, so that a
 * reader sees a whole file or none; what a file holds is for its kind to prove (a reader
 * must survive a truncated, corrupt or foreign file under the name). Safe for concurrent
 * callers and processes. Private to src/output. */
#ifndef GR_FOLDER_CACHE_H
#define GR_FOLDER_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The folder, made (0700) when missing; NULL when the cache is off or the folder cannot be
 * made. */
const char *gr_folder_cache_dir(void);

/* The file of way (0 or 1) of hash h's set among sets of kind, whole, when it is a regular
 * file of min to max bytes: malloc'd into *data (len bytes, and 2 spare bytes after them).
 * False when there is none, it is of another size or kind of file, or a read fails. */
bool gr_folder_cache_read(const char *kind, unsigned sets, uint64_t h, int way, size_t min,
                          size_t max, unsigned char **data, size_t *len);

/* Keep the n parts (parts[i], lens[i] bytes) as one file for hash h of kind: under the name
 * way (0 or 1) of its set when way is not -1; else under the name that holds no file (or a
 * FIFO, a folder: anything but a regular file), else in place of the one written longer
 * ago. Failures are silent: a cache that cannot be written is only slower. */
void gr_folder_cache_write(const char *kind, unsigned sets, uint64_t h, int way,
                           const void *const *parts, const size_t *lens, size_t n);

#endif
