/* http: libmicrohttpd under the server, and the rules every request meets before an endpoint
 * sees it (issue 23, "Safety"): the Host header (421), the token (401; in a header for a
 * change, 403), the size of the body (413, refused before it is read when Content-Length
 * says so), the time a request may take (408); the headers of every answer; one log line a
 * request; SIGINT/SIGTERM stop accepting and finish what is in flight. */
#include "serve/mhd.h"
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Limits, each with its reason. */
#define CONNECTION_LIMIT 128 /* a browser opens 6; a load test 16; room for both */
#define PER_IP_LIMIT 64      /* one machine of an intranet cannot take them all */
#define CONNECTION_MEMORY                                                                          \
    (256 << 10)               /* headers and read buffer: MHD's 32 KiB default                     \
                               * makes uploads crawl; the body is copied out */
#define IDLE_TIMEOUT_S 30     /* a connection silent this long is closed */
#define REQUEST_TIMEOUT_S 120 /* a body still arriving after this gets 408 */
#define MAX_HOSTS 64          /* names the Host header may give */

static const char page_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

typedef struct {
    gr_server *server;
    struct MHD_Daemon *daemon;
    char token[65];
    char cookie_name[32];
    char *hosts[MAX_HOSTS];
    size_t nhosts;
    bool quiet, tls;
    pthread_mutex_t active_lock;
    pthread_cond_t idle;
    long active; /* requests between their first byte and their completion */
} http_state;

static http_state H;

/* One request's state, from its headers to its completion. */
typedef struct {
    struct timespec t0;
    char method[16];
    char *path; /* for the log: the path without the query (which may hold the token) */
    gr_sbuf body;
    bool answered;  /* a refusal was queued before the body */
    bool too_large; /* the body passed --max-upload: dropped, refused at its end */
    int status;
    size_t bytes;
} request;

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

const char *gr_req_arg(const gr_req *q, const char *key)
{
    return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* The queue for a work slot: first come, first served (a semaphore wakes waiters in no
 * promised order, which shows in the slowest requests' latency under load). A waiter leaving
 * hands its slot straight to the head of the queue. */
typedef struct waiter {
    pthread_cond_t wake;
    bool granted;
    struct waiter *next;
} waiter;

bool gr_work_enter(gr_server *s)
{
    pthread_mutex_lock(&s->work_lock);
    if (s->work_active < s->work_slots && !s->work_queue) {
        s->work_active++;
        pthread_mutex_unlock(&s->work_lock);
        return true;
    }
    waiter w = {.granted = false, .next = NULL};
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w.wake, &attr);
    pthread_condattr_destroy(&attr);
    waiter **tail = (waiter **)&s->work_queue;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &w;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += GR_SERVE_QUEUE_WAIT_S;
    while (!w.granted)
        if (pthread_cond_timedwait(&w.wake, &s->work_lock, &until) == ETIMEDOUT) break;
    if (!w.granted) { /* gave up: out of the queue */
        for (waiter **p = (waiter **)&s->work_queue; *p; p = &(*p)->next)
            if (*p == &w) {
                *p = w.next;
                break;
            }
    }
    pthread_mutex_unlock(&s->work_lock);
    pthread_cond_destroy(&w.wake);
    return w.granted;
}

void gr_work_leave(gr_server *s)
{
    pthread_mutex_lock(&s->work_lock);
    waiter *w = s->work_queue;
    if (w) { /* the slot passes to the first in the queue */
        s->work_queue = w->next;
        w->granted = true;
        pthread_cond_signal(&w->wake);
    } else
        s->work_active--;
    pthread_mutex_unlock(&s->work_lock);
}

/* ---- answers ---- */

static enum MHD_Result send_resp(struct MHD_Connection *c, request *rq, gr_resp *r,
                                 const char *cookie, const char *location)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"",
                                        r->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    r->body = NULL;
    if (!resp) return MHD_NO;
    if (r->type) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
    MHD_add_response_header(resp, "Content-Security-Policy", r->csp ? r->csp : page_csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (r->etag) MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
    if (r->disposition) MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    if (cookie) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    if (location) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location);
    if (r->status == 401) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    rq->status = r->status;
    rq->bytes = r->len;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    free(r->etag);
    free(r->disposition);
    r->etag = r->disposition = NULL;
    return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *c, request *rq, int status,
                              const char *message)
{
    gr_resp r = {0};
    gr_resp_error(&r, status, message);
    rq->answered = true;
    return send_resp(c, rq, &r, NULL, NULL);
}

/* The page opened without the token (a bookmark, or the address of an earlier launch): a
 * 401 a person can read, saying where the address with the token is. */
static enum MHD_Result refuse_page(struct MHD_Connection *c, request *rq)
{
    static const char body[] =
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<title>需要令牌 · govreport</title></head><body>"
        "<h1>需要令牌</h1><p>请用 <code>govreport serve</code> 启动时在标准输出打印的地址"
        "（形如 http://127.0.0.1:8080/?token=…）打开本页。每次启动的令牌都不同，"
        "旧的地址和书签在重新启动后不再有效。</p></body></html>\n";
    gr_resp r = {.status = 401, .type = "text/html; charset=utf-8", .len = sizeof body - 1};
    r.body = gr_serve_xmalloc(sizeof body);
    memcpy(r.body, body, sizeof body);
    rq->answered = true;
    return send_resp(c, rq, &r, NULL, NULL);
}

/* ---- the rules before an endpoint ---- */

static bool token_equal(const char *given)
{
    if (!given || strlen(given) != 64) return false;
    unsigned diff = 0; /* the same time whatever the first difference */
    for (size_t i = 0; i < 64; i++)
        diff |= (unsigned)(given[i] ^ H.token[i]);
    return diff == 0;
}

static bool bearer_ok(struct MHD_Connection *c)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!a || strncasecmp(a, "Bearer ", 7) != 0) return false;
    a += 7;
    while (*a == ' ')
        a++;
    return token_equal(a);
}

static bool host_ok(struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h) return false;
    for (size_t i = 0; i < H.nhosts; i++)
        if (!strcasecmp(h, H.hosts[i])) return true;
    return false;
}

static bool is_change(const char *method)
{
    return !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "DELETE");
}

/* The log line: method, path (control bytes escaped), status, milliseconds, bytes. */
static void log_request(const request *rq)
{
    if (H.quiet) return;
    gr_sbuf b = {0};
    for (const unsigned char *p = (const unsigned char *)rq->path; p && *p; p++) {
        if (*p < 0x20 || *p == 0x7F || *p == ' ' || *p == '%')
            gr_sbuf_printf(&b, "%%%02X", *p);
        else
            gr_sbuf_add(&b, p, 1);
    }
    fprintf(stderr, "%s %s %d %.1fms %zu\n", rq->method, b.data ? b.data : "", rq->status,
            ms_since(&rq->t0), rq->bytes);
    gr_sbuf_free(&b);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    request *rq = *con_cls;
    if (!rq) return;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && rq->status == 0)
        rq->status = 499; /* the client went away (or timed out) before an answer */
    log_request(rq);
    gr_sbuf_free(&rq->body);
    free(rq->path);
    free(rq);
    *con_cls = NULL;
    pthread_mutex_lock(&H.active_lock);
    if (--H.active == 0) pthread_cond_broadcast(&H.idle);
    pthread_mutex_unlock(&H.active_lock);
}

/* The page itself: index.html with the token in a meta element, so that its script can
 * send the token in a header (the cookie is HttpOnly). */
static void page(gr_resp *r)
{
    const unsigned char *data;
    size_t len;
    const char *type;
    if (!gr_asset_find("/index.html", &data, &len, &type)) {
        gr_resp_error(r, 500, "页面缺失");
        return;
    }
    static const char mark[] = "{{TOKEN}}";
    gr_sbuf b = {0};
    for (size_t i = 0; i < len;) {
        if (len - i >= sizeof mark - 1 && !memcmp(data + i, mark, sizeof mark - 1)) {
            gr_sbuf_puts(&b, H.token);
            i += sizeof mark - 1;
        } else
            gr_sbuf_add(&b, data + i++, 1);
    }
    r->status = 200;
    r->type = type;
    r->body = gr_sbuf_take(&b, &r->len);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    request *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq) abort();
        clock_gettime(CLOCK_MONOTONIC, &rq->t0);
        snprintf(rq->method, sizeof rq->method, "%s", method);
        rq->path = gr_serve_xstrdup(url);
        *con_cls = rq;
        pthread_mutex_lock(&H.active_lock);
        H.active++;
        pthread_mutex_unlock(&H.active_lock);
        if (!host_ok(c)) return refuse(c, rq, 421, "Host 须为本服务器的监听地址或 localhost");
        const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, H.cookie_name);
        const char *qtoken = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
        bool header = bearer_ok(c);
        bool page_load = !strcmp(method, "GET") && !strcmp(url, "/") && token_equal(qtoken);
        if (!header && !token_equal(cookie) && !page_load && !strcmp(url, "/"))
            return refuse_page(c, rq);
        if (!header && !token_equal(cookie) && !page_load)
            return refuse(c, rq, 401,
                          "需要令牌：用启动时打印的地址打开本页，"
                          "或在请求头中加 Authorization: Bearer 令牌");
        if (is_change(method) && !header)
            return refuse(c, rq, 403,
                          "修改类请求（POST、PUT、DELETE）须在请求头中带令牌："
                          "Authorization: Bearer 令牌");
        if (!is_change(method) && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return refuse(c, rq, 405, "不支持这个请求方法");
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || *end || n > H.server->max_upload)
                return refuse(c, rq, 413, "上传超过 --max-upload 的大小上限，未读取，也未写入");
        }
        if (page_load) {
            /* the token moves from the address into the cookie, and the address loses it */
            char cookie_line[160];
            snprintf(cookie_line, sizeof cookie_line, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                     H.cookie_name, H.token, H.tls ? "; Secure" : "");
            gr_resp r = {.status = 303};
            rq->answered = true;
            return send_resp(c, rq, &r, cookie_line, "/");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* libmicrohttpd takes an answer only before the body or after all of it: a body
         * that grows past the limit is dropped as it comes and refused at its end; one that
         * takes too long is cut (the connection closed, no answer possible). */
        size_t n = *upload_size;
        *upload_size = 0;
        if (ms_since(&rq->t0) > REQUEST_TIMEOUT_S * 1e3) {
            rq->status = 408;
            return MHD_NO;
        }
        if (rq->answered || rq->too_large) return MHD_YES;
        if (rq->body.len + n > H.server->max_upload) {
            gr_sbuf_free(&rq->body);
            rq->too_large = true;
            return MHD_YES;
        }
        gr_sbuf_add(&rq->body, upload, n);
        return MHD_YES;
    }
    if (rq->too_large) return refuse(c, rq, 413, "上传超过 --max-upload 的大小上限，未写入");
    if (rq->answered) return MHD_YES;
    rq->answered = true;
    gr_resp r = {0};
    if (!strncmp(url, "/api/", 5)) {
        gr_req q = {
            .method = method,
            .path = url,
            .body = (const unsigned char *)(rq->body.data ? rq->body.data : ""),
            .len = rq->body.len,
            .if_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MATCH),
            .if_none_match =
                MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH),
            .conn = c};
        gr_api_handle(H.server, &q, &r);
    } else if (!strcmp(method, "GET") || !strcmp(method, "HEAD")) {
        const unsigned char *data;
        size_t len;
        const char *type;
        if (!strcmp(url, "/") || !strcmp(url, "/index.html"))
            page(&r);
        else if (gr_asset_find(url, &data, &len, &type)) {
            r.status = 200;
            r.type = type;
            r.body = gr_serve_xmalloc(len);
            memcpy(r.body, data, len);
            r.len = len;
        } else
            gr_resp_error(&r, 404, "没有这个页面");
    } else
        gr_resp_error(&r, 404, "没有这个接口");
    if (!r.status) r.status = 500;
    return send_resp(c, rq, &r, NULL, NULL);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    if (H.quiet) return;
    fputs("govreport serve: libmicrohttpd: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* ---- start and stop ---- */

bool gr_serve_parse_listen(const char *s, char *host, size_t hostcap, unsigned *port)
{
    const char *colon;
    size_t hl;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':') return false;
        hl = (size_t)(close - s - 1);
        if (hl == 0 || hl >= hostcap) return false;
        memcpy(host, s + 1, hl);
        host[hl] = '\0';
        colon = close + 1;
    } else if ((colon = strrchr(s, ':'))) {
        hl = (size_t)(colon - s);
        if (hl == 0 || hl >= hostcap || memchr(s, ':', hl)) return false;
        memcpy(host, s, hl);
        host[hl] = '\0';
    } else {
        snprintf(host, hostcap, "127.0.0.1");
        colon = s - 1; /* "PORT" alone */
    }
    const char *p = colon + 1;
    if (!*p || strlen(p) > 5) return false;
    unsigned v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (unsigned)(*p - '0');
    }
    if (v > 65535) return false;
    *port = v;
    return true;
}

static void add_host(const char *name, unsigned port, bool v6)
{
    if (H.nhosts + 2 > MAX_HOSTS) return;
    char buf[300];
    snprintf(buf, sizeof buf, v6 ? "[%s]:%u" : "%s:%u", name, port);
    H.hosts[H.nhosts++] = gr_serve_xstrdup(buf);
    if (port == 80 || port == 443) { /* a browser leaves the default port out */
        snprintf(buf, sizeof buf, v6 ? "[%s]" : "%s", name);
        H.hosts[H.nhosts++] = gr_serve_xstrdup(buf);
    }
}

/* The names a Host header may give: the listen address and localhost; on a wildcard
 * address, this machine's name and the addresses of its interfaces. */
static void allowed_hosts(const char *listen_host, const struct sockaddr *sa, unsigned port)
{
    add_host("localhost", port, false);
    add_host("127.0.0.1", port, false);
    add_host("::1", port, true);
    add_host(listen_host, port, sa->sa_family == AF_INET6);
    bool wildcard = (sa->sa_family == AF_INET &&
                     ((const struct sockaddr_in *)sa)->sin_addr.s_addr == htonl(INADDR_ANY)) ||
                    (sa->sa_family == AF_INET6 &&
                     IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)sa)->sin6_addr));
    if (!wildcard) return;
    char name[256];
    if (gethostname(name, sizeof name) == 0) {
        name[sizeof name - 1] = '\0';
        add_host(name, port, false);
    }
    struct ifaddrs *ifs;
    if (getifaddrs(&ifs) != 0) return;
    for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
        if (!i->ifa_addr ||
            (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6))
            continue;
        char a[INET6_ADDRSTRLEN];
        const void *src = i->ifa_addr->sa_family == AF_INET
                              ? (const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr
                              : (const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
        if (inet_ntop(i->ifa_addr->sa_family, src, a, sizeof a))
            add_host(a, port, i->ifa_addr->sa_family == AF_INET6);
    }
    freeifaddrs(ifs);
}

static bool loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    return sa->sa_family == AF_INET6 &&
           IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
}

static char *read_pem(const char *path)
{
    unsigned char *data;
    size_t len;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *name = path;
    if (slash) {
        *slash = '\0';
        name = slash + 1;
    } else
        snprintf(dir, sizeof dir, ".");
    if (gr_store_read(slash && !dir[0] ? "/" : dir, name, 1 << 20, &data, &len, NULL) != 0)
        return NULL;
    char *s = gr_serve_xrealloc(data, len + 1);
    s[len] = '\0';
    return s;
}

static void free_server(gr_server *s)
{
    gr_store_cache_free(s);
    for (size_t i = 0; i < s->nprevious; i++) {
        gr_report_free(s->previous[i]);
        free(s->previous_names[i]);
    }
    free(s->previous);
    free(s->previous_names);
    gr_engine_free(s->engine);
    pthread_mutex_destroy(&s->work_lock);
    pthread_mutex_destroy(&s->store_lock);
    pthread_mutex_destroy(&s->job_lock);
}

/* Last year's reports, opened once at start: only those that open and have no error. */
static void open_previous(gr_server *s)
{
    char **names;
    size_t n;
    if (!s->previous_dir[0] || gr_store_list(s->previous_dir, &names, &n) != 0) return;
    s->previous = calloc(n ? n : 1, sizeof *s->previous);
    s->previous_names = calloc(n ? n : 1, sizeof *s->previous_names);
    if (!s->previous || !s->previous_names) abort();
    for (size_t i = 0; i < n; i++) {
        unsigned char *data;
        size_t len;
        if (gr_store_read(s->previous_dir, names[i], s->max_upload, &data, &len, NULL) != 0)
            continue;
        gr_diags d;
        gr_diags_init(&d);
        gr_report *r = NULL;
        if (gr_open_mem(data, len, names[i], &r, &d) == GR_OK && gr_check(r, NULL, &d) == 0) {
            s->previous[s->nprevious] = r;
            s->previous_names[s->nprevious++] = gr_serve_xstrdup(names[i]);
        } else
            gr_report_free(r);
        gr_diags_free(&d);
        free(data);
    }
    gr_store_names_free(names, n);
}

static void print_diags(gr_diags *d)
{
    gr_diags_sort(d);
    for (size_t i = 0; i < d->n; i++) {
        char *line = gr_diag_format(&d->items[i]);
        fprintf(stderr, "%s\n", line);
        free(line);
    }
}

gr_status gr_serve_run(const gr_serve_opts *o)
{
    static gr_server S;
    gr_server *s = &S;
    memset(s, 0, sizeof *s);
    memset(&H, 0, sizeof H);
    H.server = s;
    H.quiet = o->quiet;
    gr_status status = GR_ERR_ENV;
    const char *no_mhd = gr_mhd_load();
    if (no_mhd) {
        fprintf(stderr, "govreport serve: %s\n", no_mhd);
        return GR_ERR_ENV;
    }
    char host[256];
    unsigned port;
    if (!gr_serve_parse_listen(o->listen ? o->listen : GR_SERVE_DEFAULT_LISTEN, host, sizeof host,
                               &port)) {
        fprintf(stderr, "govreport serve: --listen 须为 地址:端口\n");
        return GR_ERR_ENV;
    }
    const char *data = o->data_dir ? o->data_dir : ".";
    struct stat st;
    if (!realpath(data, s->data_dir) || stat(s->data_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "govreport serve: 数据目录 %s 不存在或不是目录\n", data);
        return GR_ERR_ENV;
    }
    /* the output folder may not exist yet: it is made on the first batch or sum */
    int w;
    if (o->out_dir && o->out_dir[0] == '/') {
        w = snprintf(s->out_dir, sizeof s->out_dir, "%s", o->out_dir);
    } else if (o->out_dir) {
        char cwd[PATH_MAX];
        w = getcwd(cwd, sizeof cwd)
                ? snprintf(s->out_dir, sizeof s->out_dir, "%.*s/%s", PATH_MAX, cwd, o->out_dir)
                : -1;
    } else if (!strcmp(s->data_dir, "/")) {
        w = snprintf(s->out_dir, sizeof s->out_dir, "/govreport-out");
    } else {
        w = snprintf(s->out_dir, sizeof s->out_dir, "%.*s-out", PATH_MAX - 8, s->data_dir);
    }
    if (w < 0 || (size_t)w >= sizeof s->out_dir) {
        fprintf(stderr, "govreport serve: 输出目录的路径太长\n");
        return GR_ERR_ENV;
    }
    if (o->previous_dir && (!realpath(o->previous_dir, s->previous_dir) ||
                            stat(s->previous_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        fprintf(stderr, "govreport serve: 上年度目录 %s 不存在或不是目录\n", o->previous_dir);
        return GR_ERR_ENV;
    }
    s->max_upload = o->max_upload ? o->max_upload : GR_SERVE_DEFAULT_MAX_UPLOAD;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    s->work_slots = cores > 0 ? (int)cores : 1;
    pthread_mutex_init(&s->work_lock, NULL);
    /* glibc gives each thread that allocates an arena of its own and keeps what is freed in
     * it: with a thread a connection, memory would grow with the connections ever opened.
     * The work is done a core at a time anyway (the queue), so a few arenas suffice. */
    mallopt(M_ARENA_MAX, s->work_slots + 1);
    pthread_mutex_init(&s->store_lock, NULL);
    pthread_mutex_init(&s->job_lock, NULL);
    pthread_mutex_init(&H.active_lock, NULL);
    pthread_cond_init(&H.idle, NULL);

    gr_diags d;
    gr_diags_init(&d);
    gr_engine_opts eo = {.fonts_conf = o->fonts_conf, .font_dir = o->font_dir};
    if (gr_engine_new(&s->engine, &eo, &d) != GR_OK) {
        print_diags(&d);
        gr_diags_free(&d);
        free_server(s);
        return GR_ERR_ENV;
    }
    print_diags(&d); /* warnings (W-FONT) */
    gr_diags_free(&d);
    open_previous(s);

    unsigned char rnd[32];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
        fprintf(stderr, "govreport serve: 无法取得随机数作令牌\n");
        free_server(s);
        return GR_ERR_ENV;
    }
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(H.token + 2 * i, 3, "%02x", rnd[i]);

    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%u", port);
    int gai = getaddrinfo(host, portstr, &hints, &ai);
    if (gai != 0) {
        fprintf(stderr, "govreport serve: 无法解析监听地址 %s：%s\n", host, gai_strerror(gai));
        free_server(s);
        return GR_ERR_ENV;
    }
    char *cert = NULL, *key = NULL;
    if (o->tls_cert) {
        cert = read_pem(o->tls_cert);
        key = read_pem(o->tls_key);
        if (!cert || !key) {
            fprintf(stderr, "govreport serve: 无法读取 %s\n", !cert ? o->tls_cert : o->tls_key);
            goto fail;
        }
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "govreport serve: 这个 libmicrohttpd 不支持 TLS\n");
            goto fail;
        }
    }

    /* SIGINT and SIGTERM are taken by sigwait below: blocked before any thread starts, so
     * that every thread inherits the mask. SIGPIPE: a client that went away is no crash. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    if (cert) flags |= MHD_USE_TLS;
    H.tls = cert != NULL;
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    // clang-format off
    H.daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handle, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, to catch the others' messages */
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_LIMIT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_ARRAY, tls_opts,
        MHD_OPTION_END);
    // clang-format on
    if (!H.daemon) {
        fprintf(stderr, "govreport serve: 无法在 %s 上监听（端口已被占用，或地址不属于本机）\n",
                o->listen ? o->listen : GR_SERVE_DEFAULT_LISTEN);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(H.daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    snprintf(H.cookie_name, sizeof H.cookie_name, "govreport_%u", bound);
    allowed_hosts(host, ai->ai_addr, bound);
    bool lo = loopback(ai->ai_addr);
    bool v6 = ai->ai_family == AF_INET6;
    /* the address to open: the listen address, or this machine for a wildcard */
    const char *shown = host;
    if (!strcmp(host, "0.0.0.0"))
        shown = "127.0.0.1";
    else if (!strcmp(host, "::"))
        shown = "::1";
    printf(v6 ? "%s://[%s]:%u/?token=%s\n" : "%s://%s:%u/?token=%s\n", cert ? "https" : "http",
           shown, bound, H.token);
    printf("数据目录：%s\n", s->data_dir);
    fflush(stdout);
    fprintf(stderr, "输出目录：%s%s%s\n", s->out_dir, s->previous_dir[0] ? "；上年度目录：" : "",
            s->previous_dir);
    if (!lo)
        fprintf(stderr,
                "govreport serve: 警告：监听的不是本机回环地址，同一网络中的机器都能连接；"
                "只应在可信的内网中这样做%s\n",
                cert ? "" : "，并最好用 --tls-cert/--tls-key 加密");

    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "govreport serve: 收到%s，停止接受新连接，完成进行中的请求…\n",
            sig == SIGINT ? " SIGINT" : " SIGTERM");
    MHD_socket ls = MHD_quiesce_daemon(H.daemon);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += REQUEST_TIMEOUT_S;
    pthread_mutex_lock(&H.active_lock);
    while (H.active > 0)
        if (pthread_cond_timedwait(&H.idle, &H.active_lock, &until) == ETIMEDOUT) break;
    pthread_mutex_unlock(&H.active_lock);
    gr_job_join(s); /* a batch in flight is finished too */
    MHD_stop_daemon(H.daemon);
    status = GR_OK;
fail:
    freeaddrinfo(ai);
    free(cert);
    free(key);
    for (size_t i = 0; i < H.nhosts; i++)
        free(H.hosts[i]);
    free_server(s);
    pthread_mutex_destroy(&H.active_lock);
    pthread_cond_destroy(&H.idle);
    return status;
}
