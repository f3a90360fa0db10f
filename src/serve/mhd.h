/* libmicrohttpd, loaded when the server starts (base/dynlib.h), so that no other
 * subcommand maps it and GnuTLS's libraries under it. http.c includes this header, not
 * <microhttpd.h>, and calls gr_mhd_load() first; a new MHD_* function is added to
 * GR_MHD_FUNCS. */
#ifndef GR_SERVE_MHD_H
#define GR_SERVE_MHD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

#define GR_MHD_FUNCS(X) \
    X(MHD_add_response_header) \
    X(MHD_create_response_from_buffer) \
    X(MHD_destroy_response) \
    X(MHD_get_daemon_info) \
    X(MHD_is_feature_supported) \
    X(MHD_lookup_connection_value) \
    X(MHD_queue_response) \
    X(MHD_quiesce_daemon) \
    X(MHD_start_daemon) \
    X(MHD_stop_daemon)

typedef struct {
#define GR_MHD_SLOT(f) __typeof__(f) *f;
    GR_MHD_FUNCS(GR_MHD_SLOT)
#undef GR_MHD_SLOT
} gr_mhd_table;

extern gr_mhd_table gr_mhd_fn;

/* Loads libmicrohttpd once. NULL when it is there; else why not, in Chinese. */
const char *gr_mhd_load(void);

#define MHD_add_response_header gr_mhd_fn.MHD_add_response_header
#define MHD_create_response_from_buffer gr_mhd_fn.MHD_create_response_from_buffer
#define MHD_destroy_response gr_mhd_fn.MHD_destroy_response
#define MHD_get_daemon_info gr_mhd_fn.MHD_get_daemon_info
#define MHD_is_feature_supported gr_mhd_fn.MHD_is_feature_supported
#define MHD_lookup_connection_value gr_mhd_fn.MHD_lookup_connection_value
#define MHD_queue_response gr_mhd_fn.MHD_queue_response
#define MHD_quiesce_daemon gr_mhd_fn.MHD_quiesce_daemon
#define MHD_start_daemon gr_mhd_fn.MHD_start_daemon
#define MHD_stop_daemon gr_mhd_fn.MHD_stop_daemon

#endif
