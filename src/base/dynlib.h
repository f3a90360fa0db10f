/* dynlib: an outside library loaded when first needed, not at start. A subcommand then
 * maps only the libraries it uses: `render` to PDF never maps libzip (and the libcrypto and
 * libbz2 under it), and nothing but `serve` maps libmicrohttpd (and GnuTLS's nine). Each
 * costs the dynamic loader its relocations at every start (README "Speed").
 *
 * A user of such a library keeps calling it by its own names: its header (base/libzip.h,
 * serve's mhd.h) declares a table of function pointers, one per function used, and defines
 * each name as its slot. */
#ifndef GR_DYNLIB_H
#define GR_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

typedef struct {
    const char *soname;        /* "libzip.so.4": the ABI the headers were built against */
    const char *const *names;  /* the functions, in the order of slots */
    size_t count;
    void *table;               /* count function pointers, filled on load */
    pthread_once_t once;
    char why[256];             /* empty when loaded */
} gr_dynlib;

#define GR_DYNLIB_INIT(soname, names, table)                                                 \
    {(soname), (names), sizeof(names) / sizeof((names)[0]), &(table), PTHREAD_ONCE_INIT, ""}

/* Loads the library and every function once (thread-safe; the library stays loaded). NULL
 * when all are there; else why not, in Chinese with the loader's words. */
const char *gr_dynlib_load(gr_dynlib *lib);

#endif
