/* serve: `govreport serve`, an HTTP server (libmicrohttpd) that gives the clerk's and the city
 * office's page and its JSON API over the public API (govreport.h), on a folder of report XML
 * files. The page's assets are compiled in. May include: govreport.h and its own folder;
 * libmicrohttpd lives in serve/http.c alone. */
#ifndef GR_SERVE_H
#define GR_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "govreport.h"

#define GR_SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define GR_SERVE_DEFAULT_MAX_UPLOAD ((size_t)32 << 20) /* issue 23: 32 MiB */

typedef struct {
    const char *listen;             /* "ADDR:PORT", "[V6]:PORT" or "PORT"; NULL: the default */
    const char *data_dir;           /* the folder of report XML files; NULL: the current folder */
    const char *out_dir;            /* where batch and aggregate write; NULL: DATA-out beside it */
    const char *previous_dir;       /* last year's reports, for pairing; may be NULL */
    size_t max_upload;              /* 0: the default */
    const char *tls_cert, *tls_key; /* PEM files; both or neither */
    const char *fonts_conf, *font_dir;
    bool quiet; /* no request log lines */
} gr_serve_opts;

/* Parses "ADDR:PORT"; false when it is not one (port 0 allowed: a free port). */
bool gr_serve_parse_listen(const char *s, char *host, size_t hostcap, unsigned *port);

/* Runs until SIGINT or SIGTERM, then finishes what is in flight and returns GR_OK;
 * GR_ERR_ENV (with a message on stderr) when it cannot start. */
gr_status gr_serve_run(const gr_serve_opts *o);

#endif
