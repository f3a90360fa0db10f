/* jobs: the batch over the data folder, run by gr_batch_run on a thread of its own, one at a
 * time; its progress (each report as it finishes) is kept for the page to poll. Every
 * report is rendered into the output folder beside the data, with summary.json. */
#include "serve/serve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct gr_job {
    pthread_t thread;
    bool running, joined;
    unsigned formats;
    size_t done, total;
    gr_batch_totals totals;
    gr_status status;
    gr_sbuf results; /* the finished reports' objects, comma-separated */
    char *problem;   /* the batch's own failure, or NULL */
    double started, finished;
    gr_server *server;
} gr_job;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *base(const char *path)
{
    if (!path) return NULL;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void on_report(const gr_batch_result *res, size_t done, size_t total, void *user)
{
    gr_job *j = user;
    gr_sbuf b = {0};
    gr_sbuf_puts(&b, "{\"input\":");
    gr_sbuf_json_str(&b, base(res->input));
    gr_sbuf_puts(&b, ",\"output\":");
    gr_sbuf_json_str(&b, base(res->output));
    gr_sbuf_puts(&b, ",\"previous\":");
    gr_sbuf_json_str(&b, base(res->previous));
    gr_sbuf_printf(&b, ",\"status\":\"%s\",\"pages\":%d,\"bytes\":%zu,\"ms\":%.1f",
                   res->status == GR_OK          ? "ok"
                   : res->status == GR_ERR_INPUT ? "invalid"
                                                 : "failed",
                   res->pages, res->bytes, res->ms);
    gr_sbuf_printf(&b, ",\"errors\":%zu,\"warnings\":%zu}",
                   res->diags ? gr_diags_errors(res->diags) : 0,
                   res->diags ? gr_diags_warnings(res->diags) : 0);
    pthread_mutex_lock(&j->server->job_lock);
    if (j->results.len) gr_sbuf_puts(&j->results, ",");
    gr_sbuf_add(&j->results, b.data, b.len);
    j->done = done;
    j->total = total;
    pthread_mutex_unlock(&j->server->job_lock);
    gr_sbuf_free(&b);
}

static void *run(void *arg)
{
    gr_job *j = arg;
    gr_server *s = j->server;
    char summary[8192];
    snprintf(summary, sizeof summary, "%s/summary.json", s->out_dir);
    const char *inputs[] = {s->data_dir};
    gr_batch_opts o = {
        .inputs = inputs,
        .ninputs = 1,
        .out_dir = s->out_dir,
        .formats = j->formats,
        .jobs = s->work_slots,
        .previous_dir = s->previous_dir[0] ? s->previous_dir : NULL,
        .summary_path = summary,
        .on_report = on_report,
        .user = j,
    };
    gr_diags d;
    gr_diags_init(&d);
    gr_batch_totals totals = {0};
    gr_status st = gr_batch_run(s->engine, &o, &totals, &d);
    gr_sbuf p = {0};
    for (size_t i = 0; i < d.n; i++) {
        char *line = gr_diag_format(&d.items[i]);
        if (i) gr_sbuf_puts(&p, "\n");
        gr_sbuf_puts(&p, line);
        free(line);
    }
    gr_diags_free(&d);
    pthread_mutex_lock(&s->job_lock);
    j->totals = totals;
    j->status = st;
    j->problem = p.len ? gr_sbuf_take(&p, NULL) : NULL;
    j->running = false;
    j->finished = now_s();
    pthread_mutex_unlock(&s->job_lock);
    gr_sbuf_free(&p);
    return NULL;
}

static void job_free(gr_job *j)
{
    if (!j) return;
    if (!j->joined) pthread_join(j->thread, NULL);
    gr_sbuf_free(&j->results);
    free(j->problem);
    free(j);
}

/* POST /api/batch?format=pdf,ofd,html: 202 when started, 409 while one runs. */
void gr_job_start(gr_server *s, const gr_req *q, gr_resp *r)
{
    unsigned formats = 0;
    const char *f = gr_req_arg(q, "format");
    if (!f || !*f) f = "pdf";
    char words[64];
    if (strlen(f) >= sizeof words) {
        gr_resp_error(r, 400, "format 须为 pdf、ofd、html 以逗号相连");
        return;
    }
    strcpy(words, f);
    for (char *save = NULL, *w = strtok_r(words, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (!strcmp(w, "pdf"))
            formats |= GR_FORMAT_PDF;
        else if (!strcmp(w, "ofd"))
            formats |= GR_FORMAT_OFD;
        else if (!strcmp(w, "html"))
            formats |= GR_FORMAT_HTML;
        else {
            gr_resp_error(r, 400, "format 须为 pdf、ofd、html 以逗号相连");
            return;
        }
    }
    if (!formats) {
        gr_resp_error(r, 400, "format 须为 pdf、ofd、html 以逗号相连");
        return;
    }
    pthread_mutex_lock(&s->job_lock);
    if (s->job && s->job->running) {
        pthread_mutex_unlock(&s->job_lock);
        gr_resp_error(r, 409, "批量排版正在进行");
        return;
    }
    gr_job *old = s->job;
    gr_job *j = calloc(1, sizeof *j);
    if (!j) abort();
    j->server = s;
    j->formats = formats;
    j->running = true;
    j->started = now_s();
    s->job = j;
    if (pthread_create(&j->thread, NULL, run, j) != 0) {
        j->running = false;
        j->joined = true;
        j->problem = gr_serve_xstrdup("无法启动批量排版的线程");
        pthread_mutex_unlock(&s->job_lock);
        job_free(old);
        gr_resp_error(r, 500, "无法启动批量排版的线程");
        return;
    }
    pthread_mutex_unlock(&s->job_lock);
    job_free(old); /* finished: its thread is joined at once */
    gr_sbuf b = {0};
    gr_sbuf_puts(&b, "{\"started\":true}");
    gr_resp_json(r, 202, &b);
}

/* GET /api/batch: {"running", "done", "total", "totals"…, "results": [...]}. */
void gr_job_status(gr_server *s, gr_resp *r)
{
    gr_sbuf b = {0};
    pthread_mutex_lock(&s->job_lock);
    gr_job *j = s->job;
    if (!j) {
        gr_sbuf_puts(&b, "{\"running\":false,\"started\":false}");
    } else {
        gr_sbuf_printf(&b, "{\"running\":%s,\"started\":true,\"done\":%zu,\"total\":%zu,",
                       j->running ? "true" : "false", j->done, j->total);
        if (!j->running)
            gr_sbuf_printf(&b,
                           "\"status\":\"%s\",\"ok\":%zu,\"invalid\":%zu,\"failed\":%zu,"
                           "\"with_warnings\":%zu,\"seconds\":%.2f,\"summary\":\"summary.json\",",
                           j->status == GR_OK          ? "ok"
                           : j->status == GR_ERR_INPUT ? "invalid"
                                                       : "failed",
                           j->totals.ok, j->totals.invalid, j->totals.failed, j->totals.warnings,
                           j->finished - j->started);
        gr_sbuf_puts(&b, "\"problem\":");
        gr_sbuf_json_str(&b, j->problem);
        gr_sbuf_puts(&b, ",\"out\":");
        gr_sbuf_json_str(&b, s->out_dir);
        gr_sbuf_puts(&b, ",\"results\":[");
        if (j->results.len) gr_sbuf_add(&b, j->results.data, j->results.len);
        gr_sbuf_puts(&b, "]}");
    }
    pthread_mutex_unlock(&s->job_lock);
    gr_resp_json(r, 200, &b);
}

void gr_job_join(gr_server *s)
{
    pthread_mutex_lock(&s->job_lock);
    gr_job *j = s->job;
    s->job = NULL;
    pthread_mutex_unlock(&s->job_lock);
    job_free(j);
}
