/* serve_int: what the server's files share: a request and its answer as plain data (no
 * libmicrohttpd type leaves http.c), the data folder (store.c), the batch job (jobs.c) and
 * the endpoints (api.c). */
#ifndef GR_SERVE_INT_H
#define GR_SERVE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "govreport.h"
#include "serve/json.h"
#include "serve/serve.h"

#define GR_SERVE_MAX_NAME 255 /* one file name component on Linux, in bytes */

/* The server's state, shared by every request thread. */
typedef struct gr_server {
    char data_dir[4096], out_dir[4096], previous_dir[4096]; /* absolute; previous "" if none */
    size_t max_upload;
    gr_engine *engine;
    /* opens, checks and renders at once: at most the cores; the rest wait in a queue */
    pthread_mutex_t work_lock;
    int work_slots, work_active;
    void *work_queue;           /* http.c's waiters, first come first served */
    pthread_mutex_t store_lock; /* the compare-and-write of a save, the list cache */
    struct gr_list_cache *cache;
    gr_report **previous; /* last year's reports, opened at start */
    char **previous_names;
    size_t nprevious;
    struct gr_job *job; /* the batch, when one ran */
    pthread_mutex_t job_lock;
} gr_server;

/* A request as the endpoints see it. path is percent-decoded; body is the whole upload. */
typedef struct {
    const char *method, *path;
    const unsigned char *body;
    size_t len;
    const char *if_match, *if_none_match;
    void *conn; /* for gr_req_arg */
} gr_req;

/* A query argument, percent-decoded; NULL when absent. */
const char *gr_req_arg(const gr_req *q, const char *key);

typedef struct {
    int status;
    const char *type; /* Content-Type */
    char *body;       /* malloc'd, freed by http.c */
    size_t len;
    char *etag;        /* with its quotes; may be NULL */
    char *disposition; /* Content-Disposition; may be NULL */
    const char *csp;   /* NULL: the page's policy */
} gr_resp;

/* Answers: JSON text (taken), an error as {"error": message} with a status, diagnostics. */
void gr_resp_json(gr_resp *r, int status, gr_sbuf *json);
void gr_resp_error(gr_resp *r, int status, const char *message);
void gr_resp_diags(gr_resp *r, int status, bool ok, const gr_diags *d);
/* A failed read or write in a served folder (an errno), in Chinese: 404 with missing for
 * ENOENT, 413 over the size cap, 409 for a FIFO, socket, device or folder (never opened),
 * 403 without permission, else 500. */
void gr_resp_io_error(gr_resp *r, int e, const char *missing);

/* api.c: route one authenticated request. */
void gr_api_handle(gr_server *s, const gr_req *q, gr_resp *r);
/* assets.c (generated) and the page: the file at path, or false. */
bool gr_asset_find(const char *path, const unsigned char **data, size_t *len, const char **type);

/* store.c: the data folder. */
bool gr_store_name_ok(const char *name, const char *ext);
/* The file's bytes (at most max) and its ETag; 0, or the errno (ENOENT, EFBIG, …). */
int gr_store_read(const char *dir, const char *name, size_t max, unsigned char **data, size_t *len,
                  char **etag);
char *gr_store_etag(const void *data, size_t len);
typedef enum { GR_SAVE_CREATED, GR_SAVE_REPLACED, GR_SAVE_STALE, GR_SAVE_FAILED } gr_save;
/* Writes data to dir/name atomically when if_match (NULL, "*" or an ETag) and
 * if_none_match (NULL or "*") hold; under s->store_lock. *err: errno on GR_SAVE_FAILED. */
gr_save gr_store_save(gr_server *s, const char *name, const void *data, size_t len,
                      const char *if_match, const char *if_none_match, char **etag, int *err);
/* Removes dir/name when if_match holds: 0, ENOENT, or -1 for a stale If-Match. */
int gr_store_delete(gr_server *s, const char *name, const char *if_match);
/* The sorted .xml names of dir (free each, then the array); -1 on error (errno). */
int gr_store_list(const char *dir, char ***names, size_t *n);
void gr_store_names_free(char **names, size_t n);
/* {"reports": [...]} of the data folder, each checked (and paired with last year's). */
void gr_store_reports_json(gr_server *s, gr_sbuf *out);
void gr_store_cache_free(gr_server *s);
/* The previous report that pairs with r, or NULL (its name through *name). */
const gr_report *gr_store_previous_for(const gr_server *s, const gr_report *r, const char **name);

/* jobs.c: the batch over the folder, one at a time. */
void gr_job_start(gr_server *s, const gr_req *q, gr_resp *r);
void gr_job_status(gr_server *s, gr_resp *r);
void gr_job_join(gr_server *s); /* waits for a running batch; frees it */

/* Waits for a work slot (the render queue); false after GR_SERVE_QUEUE_WAIT_S. */
bool gr_work_enter(gr_server *s);
void gr_work_leave(gr_server *s);
#define GR_SERVE_QUEUE_WAIT_S 30 /* a request waits this long for a free core, then 503 */

#endif
