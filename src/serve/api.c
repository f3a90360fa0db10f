/* api: the JSON API under /api/, each endpoint a thin caller of govreport.h. Every open,
 * check and render waits for a work slot (at most the cores at once); answers are built as
 * data (gr_resp) and sent by http.c. The routes are listed in the README and the man page. */
#include "serve/serve_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void gr_resp_json(gr_resp *r, int status, gr_sbuf *json)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = gr_sbuf_take(json, &r->len);
}

void gr_resp_error(gr_resp *r, int status, const char *message)
{
    gr_sbuf b = {0};
    gr_sbuf_puts(&b, "{\"error\":");
    gr_sbuf_json_str(&b, message);
    gr_sbuf_puts(&b, "}");
    gr_resp_json(r, status, &b);
}

void gr_resp_io_error(gr_resp *r, int e, const char *missing)
{
    char msg[160];
    switch (e) {
    case ENOENT: gr_resp_error(r, 404, missing); return;
    case EFBIG: gr_resp_error(r, 413, "文件超过 --max-upload 的大小上限"); return;
    case EINVAL: /* gr_file_open_read: a FIFO, a socket or a device, never opened */
        gr_resp_error(r, 409, "这不是普通文件（命名管道、套接字或设备文件），不读它");
        return;
    case EISDIR: gr_resp_error(r, 409, "这是文件夹，不是文件"); return;
    case EACCES:
    case EPERM: gr_resp_error(r, 403, "没有读写这个文件的权限"); return;
    default:
        snprintf(msg, sizeof msg, "读写数据文件夹失败：%s", strerror(e));
        gr_resp_error(r, 500, msg);
    }
}

void gr_resp_diags(gr_resp *r, int status, bool ok, const gr_diags *d)
{
    gr_sbuf b = {0};
    gr_sbuf_printf(&b, "{\"ok\":%s,\"errors\":%zu,\"warnings\":%zu,", ok ? "true" : "false",
                   gr_diags_errors(d), gr_diags_warnings(d));
    gr_sbuf_json_diags(&b, d);
    gr_sbuf_puts(&b, "}");
    gr_resp_json(r, status, &b);
}

/* The name a request gives its upload (?name=), for diagnostics and file names. */
static const char *upload_name(const gr_req *q, gr_resp *r, const char *fallback)
{
    const char *name = gr_req_arg(q, "name");
    if (!name || !*name) return fallback;
    if (!gr_store_name_ok(name, "")) {
        gr_resp_error(r, 400, "name 须为一个文件名：不含 /、\\、控制字符，不以 . 开头");
        return NULL;
    }
    return name;
}

/* The body as a report: GR_OK with *out, or the diagnostics in d (GR_ERR_INPUT). */
static gr_status open_body(gr_server *s, const gr_req *q, const char *name, gr_report **out,
                           gr_diags *d, gr_resp *r)
{
    if (!gr_work_enter(s)) {
        gr_resp_error(r, 503, "服务器正忙，请稍后再试");
        return GR_ERR_ENV;
    }
    gr_status st = gr_open_mem(q->body, q->len, name, out, d);
    gr_work_leave(s);
    return st;
}

/* POST /api/check?name=NAME: {"ok", "errors", "warnings", "diagnostics"}, always 200. */
static void api_check(gr_server *s, const gr_req *q, gr_resp *r)
{
    const char *name = upload_name(q, r, "report.xml");
    if (!name) return;
    gr_diags d;
    gr_diags_init(&d);
    gr_report *rep = NULL;
    gr_status st = open_body(s, q, name, &rep, &d, r);
    if (st == GR_ERR_ENV && r->status) {
        gr_diags_free(&d);
        return;
    }
    if (rep) {
        if (!gr_work_enter(s)) {
            gr_resp_error(r, 503, "服务器正忙，请稍后再试");
            goto done;
        }
        gr_check(rep, NULL, &d);
        gr_work_leave(s);
    }
    gr_diags_sort(&d);
    gr_resp_diags(r, 200, rep && gr_diags_errors(&d) == 0, &d);
done:
    gr_report_free(rep);
    gr_diags_free(&d);
}

/* Is the body an XML report (not a .docx, text copy or HTML page that gr_open_mem would
 * import)? A save keeps the bytes as they are, so they must be the XML itself. */
static bool body_is_xml(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    for (;;) {
        while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
            i++;
        if (i >= n || p[i] != '<') return false;
        if (i + 1 < n && (p[i + 1] == '?' || p[i + 1] == '!')) {
            /* declaration, comment or DOCTYPE: skip to its end (a DOCTYPE is refused by
             * gr_open_mem later) */
            if (n - i >= 9 && !strncasecmp((const char *)p + i, "<!DOCTYPE", 9)) {
                size_t j = i + 9;
                while (j < n && p[j] == ' ')
                    j++;
                return !(n - j >= 4 && !strncasecmp((const char *)p + j, "html", 4));
            }
            const char *end = p[i + 1] == '?'                   ? "?>"
                              : (n - i >= 4 && p[i + 2] == '-') ? "-->"
                                                                : ">";
            size_t el = strlen(end), j = i + 2;
            while (j + el <= n && memcmp(p + j, end, el) != 0)
                j++;
            if (j + el > n) return false;
            i = j + el;
            continue;
        }
        return !(n - i >= 5 && !strncasecmp((const char *)p + i + 1, "html", 4));
    }
}

/* GET /api/reports/NAME: the XML with its ETag. */
static void report_get(gr_server *s, const char *name, gr_resp *r)
{
    unsigned char *data;
    size_t len;
    char *etag;
    int e = gr_store_read(s->data_dir, name, s->max_upload, &data, &len, &etag);
    if (e) {
        gr_resp_io_error(r, e, "没有这份报告");
        return;
    }
    r->status = 200;
    r->type = "application/xml; charset=utf-8";
    r->body = (char *)data;
    r->len = len;
    r->etag = etag;
}

/* PUT /api/reports/NAME: the body saved byte for byte when it is a report that passes the
 * schema and the If-Match / If-None-Match conditions hold. */
static void report_put(gr_server *s, const gr_req *q, const char *name, gr_resp *r)
{
    gr_diags d;
    gr_diags_init(&d);
    gr_report *rep = NULL;
    if (!body_is_xml(q->body, q->len)) {
        gr_resp_error(r, 415,
                      "保存的须是报告的 XML 本身；Word、网页或文本请先用 /api/open 转为 XML");
        return;
    }
    gr_status st = open_body(s, q, name, &rep, &d, r);
    if (st == GR_ERR_ENV && r->status) {
        gr_diags_free(&d);
        return;
    }
    if (!rep) {
        gr_diags_sort(&d);
        gr_resp_diags(r, 422, false, &d);
        gr_diags_free(&d);
        return;
    }
    if (gr_work_enter(s)) {
        gr_check(rep, gr_store_previous_for(s, rep, NULL), &d);
        gr_work_leave(s);
    }
    gr_diags_sort(&d);
    char *etag = NULL;
    int err = 0;
    gr_save res =
        gr_store_save(s, name, q->body, q->len, q->if_match, q->if_none_match, &etag, &err);
    if (res == GR_SAVE_STALE) {
        gr_resp_error(r, 412,
                      q->if_none_match ? "已有同名报告，未覆盖"
                                       : "这份报告已被别人修改并保存；未保存，您的内容仍在");
    } else if (res == GR_SAVE_FAILED) {
        char msg[512];
        snprintf(msg, sizeof msg, "无法写入数据目录：%s", strerror(err));
        gr_resp_error(r, 500, msg);
    } else {
        gr_sbuf b = {0};
        gr_sbuf_puts(&b, "{\"name\":");
        gr_sbuf_json_str(&b, name);
        gr_sbuf_puts(&b, ",\"etag\":");
        gr_sbuf_json_str(&b, etag);
        gr_sbuf_printf(&b, ",\"created\":%s,\"errors\":%zu,\"warnings\":%zu,",
                       res == GR_SAVE_CREATED ? "true" : "false", gr_diags_errors(&d),
                       gr_diags_warnings(&d));
        gr_sbuf_json_diags(&b, &d);
        gr_sbuf_puts(&b, "}");
        gr_resp_json(r, res == GR_SAVE_CREATED ? 201 : 200, &b);
        r->etag = etag;
        etag = NULL;
    }
    free(etag);
    gr_report_free(rep);
    gr_diags_free(&d);
}

static void report_delete(gr_server *s, const gr_req *q, const char *name, gr_resp *r)
{
    int rc = gr_store_delete(s, name, q->if_match);
    if (rc == 0) {
        r->status = 204;
    } else if (rc == -1) {
        gr_resp_error(r, 412, "这份报告已被别人修改；未删除");
    } else {
        gr_resp_io_error(r, rc, "没有这份报告");
    }
}

/* The format a request names: one GR_FORMAT_* bit, or 0. */
static unsigned format_of(const char *w)
{
    if (!w || !strcmp(w, "pdf")) return GR_FORMAT_PDF;
    if (!strcmp(w, "ofd")) return GR_FORMAT_OFD;
    if (!strcmp(w, "html")) return GR_FORMAT_HTML;
    if (!strcmp(w, "html-fragment")) return GR_FORMAT_HTML_FRAGMENT;
    return 0;
}

/* Content-Disposition naming the file: an ASCII fallback and the UTF-8 name (RFC 6266). */
static char *disposition(const char *name, const char *ext)
{
    size_t n = strlen(name);
    const char *dot = strrchr(name, '.');
    if (dot && dot != name) n = (size_t)(dot - name);
    gr_sbuf b = {0};
    gr_sbuf_puts(&b, "attachment; filename=\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        char ch = (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%') ? (char)c : '_';
        gr_sbuf_add(&b, &ch, 1);
    }
    gr_sbuf_printf(&b, "%s\"; filename*=UTF-8''", ext);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.')
            gr_sbuf_add(&b, &c, 1);
        else
            gr_sbuf_printf(&b, "%%%02X", c);
    }
    gr_sbuf_puts(&b, ext);
    return gr_sbuf_take(&b, NULL);
}

static const char *content_type(unsigned format)
{
    switch (format) {
    case GR_FORMAT_PDF:
        return "application/pdf";
    case GR_FORMAT_OFD:
        return "application/ofd";
    default:
        return "text/html; charset=utf-8";
    }
}

/* POST /api/render?format=pdf|ofd|html&name=NAME: the document, or 422 with diagnostics. */
static void api_render(gr_server *s, const gr_req *q, gr_resp *r)
{
    unsigned format = format_of(gr_req_arg(q, "format"));
    if (!format) {
        gr_resp_error(r, 400, "format 须为 pdf、ofd、html 或 html-fragment");
        return;
    }
    const char *name = upload_name(q, r, "report.xml");
    if (!name) return;
    gr_diags d;
    gr_diags_init(&d);
    gr_report *rep = NULL;
    gr_status st = open_body(s, q, name, &rep, &d, r);
    if (st == GR_ERR_ENV && r->status) goto done;
    if (!rep) {
        gr_diags_sort(&d);
        gr_resp_diags(r, 422, false, &d);
        goto done;
    }
    gr_output out = {.format = format, .path = NULL};
    if (!gr_work_enter(s)) {
        gr_resp_error(r, 503, "服务器正忙，请稍后再试");
        goto done;
    }
    st = gr_render_mem(s->engine, rep, &out, 1, NULL, &d);
    gr_work_leave(s);
    if (st != GR_OK) {
        free(out.data);
        gr_diags_sort(&d);
        /* input errors: 422; a format this build cannot write: 400; the rest: 500 */
        gr_resp_diags(r, st == GR_ERR_INPUT ? 422 : st == GR_ERR_USAGE ? 400 : 500, false, &d);
        goto done;
    }
    r->status = 200;
    r->type = content_type(format);
    r->body = (char *)out.data;
    r->len = out.len;
    r->disposition = disposition(name, gr_format_ext(format));
    /* a rendered page is a document of its own: its one inline stylesheet, no script */
    if (format & (GR_FORMAT_HTML | GR_FORMAT_HTML_FRAGMENT))
        r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                 "frame-ancestors 'none'; sandbox";
done:
    gr_report_free(rep);
    gr_diags_free(&d);
}

/* POST /api/open?name=NAME: any file the program reads, as the page needs it: the report as
 * XML (what the form edits and a save takes), its page with every cell and paragraph
 * identified (drawn even when it has errors), and its diagnostics. */
static void api_open(gr_server *s, const gr_req *q, gr_resp *r)
{
    const char *name = upload_name(q, r, "report.xml");
    if (!name) return;
    gr_diags d;
    gr_diags_init(&d);
    gr_report *rep = NULL;
    char *xml = NULL;
    unsigned char *html = NULL;
    size_t xml_len = 0, html_len = 0;
    const char *prev = NULL;
    gr_status st = open_body(s, q, name, &rep, &d, r);
    if (st == GR_ERR_ENV && r->status) goto done;
    if (rep) {
        if (!gr_work_enter(s)) {
            gr_resp_error(r, 503, "服务器正忙，请稍后再试");
            goto done;
        }
        gr_check(rep, gr_store_previous_for(s, rep, &prev), &d);
        /* what writing them says is not about the report: a build without the HTML writer
         * gives no page (the page then says so), not an error of the file */
        gr_diags w;
        gr_diags_init(&w);
        if (gr_report_xml(rep, &xml, &xml_len, &w) != GR_OK) {
            free(xml);
            xml = NULL;
        }
        if (gr_report_html(rep, GR_FORMAT_HTML, &html, &html_len, &w) != GR_OK) {
            free(html);
            html = NULL;
        }
        gr_diags_free(&w);
        gr_work_leave(s);
    }
    gr_diags_sort(&d);
    gr_sbuf b = {0};
    gr_sbuf_printf(&b, "{\"ok\":%s,\"opened\":%s,\"errors\":%zu,\"warnings\":%zu,",
                   rep && gr_diags_errors(&d) == 0 ? "true" : "false", rep ? "true" : "false",
                   gr_diags_errors(&d), gr_diags_warnings(&d));
    gr_sbuf_puts(&b, "\"name\":");
    gr_sbuf_json_str(&b, name);
    gr_sbuf_puts(&b, ",\"issuer\":");
    gr_sbuf_json_str(&b, rep ? gr_report_issuer(rep) : NULL);
    gr_sbuf_printf(&b, ",\"year\":%d,\"previous\":", rep ? gr_report_year(rep) : 0);
    gr_sbuf_json_str(&b, prev);
    gr_sbuf_puts(&b, ",\"xml\":");
    gr_sbuf_json_str(&b, xml);
    gr_sbuf_puts(&b, ",\"html\":");
    gr_sbuf_json_str(&b, (char *)html);
    gr_sbuf_puts(&b, ",");
    gr_sbuf_json_diags(&b, &d);
    gr_sbuf_puts(&b, "}");
    gr_resp_json(r, 200, &b);
done:
    free(xml);
    free(html);
    gr_report_free(rep);
    gr_diags_free(&d);
}

/* GET /api/template?issuer=N&year=Y: a blank report of the national format as XML. */
/* ?year=Y, when given (else *year stays): false, with 400 answered, when it is not a year
 * the schema accepts. */
static bool year_arg(const char *ys, int *year, gr_resp *r)
{
    if (!ys || !*ys)
        return true;
    char *end;
    long y = strtol(ys, &end, 10);
    if (*end || y < GR_YEAR_MIN || y > GR_YEAR_MAX) {
        char msg[64];
        snprintf(msg, sizeof msg, "year 须为 %d–%d 的年份", GR_YEAR_MIN, GR_YEAR_MAX);
        gr_resp_error(r, 400, msg);
        return false;
    }
    *year = (int)y;
    return true;
}

static void api_template(const gr_req *q, gr_resp *r)
{
    const char *issuer = gr_req_arg(q, "issuer"), *ys = gr_req_arg(q, "year");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int year = tm.tm_year + 1900 - 1; /* a report is filed the year after the one it covers */
    if (!year_arg(ys, &year, r))
        return;
    if (issuer && (!*issuer || !gr_store_name_ok(issuer, ""))) {
        gr_resp_error(r, 400, "issuer 不能为空，也不能含控制字符或 / \\");
        return;
    }
    gr_report *rep = gr_report_blank(issuer, year);
    gr_diags d;
    gr_diags_init(&d);
    char *xml = NULL;
    size_t len = 0;
    if (!rep || gr_report_xml(rep, &xml, &len, &d) != GR_OK) {
        gr_resp_diags(r, 500, false, &d);
    } else {
        r->status = 200;
        r->type = "application/xml; charset=utf-8";
        r->body = xml;
        r->len = len;
        xml = NULL;
    }
    free(xml);
    gr_report_free(rep);
    gr_diags_free(&d);
}

/* mkdir -p: 0, or -1 with errno. */
static int make_dirs(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *q = p + 1;; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
            if (!c) return 0;
            *q = c;
        }
    }
}

/* POST /api/aggregate?issuer=N[&year=Y]: the city's summed report of the folder's reports of
 * one year (default: the year most of them have) that open and have no error, written to the
 * output folder as 汇总-YEAR.xml; the others are listed with the reason. */
static void api_aggregate(gr_server *s, const gr_req *q, gr_resp *r)
{
    const char *issuer = gr_req_arg(q, "issuer"), *ys = gr_req_arg(q, "year");
    if (!issuer || !*issuer || !gr_store_name_ok(issuer, "")) {
        gr_resp_error(r, 400, "请给出汇总报告的发布机关 issuer（不含控制字符或 / \\）");
        return;
    }
    int year = 0;
    if (!year_arg(ys, &year, r))
        return;
    char **names;
    size_t n;
    if (gr_store_list(s->data_dir, &names, &n) != 0) {
        gr_resp_io_error(r, errno, "数据文件夹不存在");
        return;
    }
    gr_report **reps = calloc(n ? n : 1, sizeof *reps);
    char **why = calloc(n ? n : 1, sizeof *why);
    if (!reps || !why) abort();
    for (size_t i = 0; i < n; i++) {
        unsigned char *data;
        size_t len;
        if (gr_store_read(s->data_dir, names[i], s->max_upload, &data, &len, NULL) != 0) {
            why[i] = gr_serve_xstrdup("无法读取");
            continue;
        }
        gr_diags d;
        gr_diags_init(&d);
        while (!gr_work_enter(s))
            ;
        if (gr_open_mem(data, len, names[i], &reps[i], &d) != GR_OK)
            why[i] = gr_serve_xstrdup("未通过格式校验");
        else if (gr_check(reps[i], NULL, &d) > 0)
            why[i] = gr_serve_xstrdup("有勾稽关系错误");
        gr_work_leave(s);
        gr_diags_free(&d);
        free(data);
    }
    if (!year) { /* the year most reports have, the later on a tie */
        size_t best = 0;
        for (size_t i = 0; i < n; i++) {
            if (why[i]) continue;
            size_t c = 0;
            for (size_t j = 0; j < n; j++)
                c += !why[j] && gr_report_year(reps[j]) == gr_report_year(reps[i]);
            if (c > best || (c == best && gr_report_year(reps[i]) > year))
                best = c, year = gr_report_year(reps[i]);
        }
    }
    const gr_report **in = calloc(n ? n : 1, sizeof *in);
    if (!in) abort();
    size_t nin = 0;
    for (size_t i = 0; i < n; i++) {
        if (!why[i] && gr_report_year(reps[i]) != year) {
            char msg[64];
            snprintf(msg, sizeof msg, "年度为 %d", gr_report_year(reps[i]));
            why[i] = gr_serve_xstrdup(msg);
        }
        if (!why[i]) in[nin++] = reps[i];
    }
    gr_diags d;
    gr_diags_init(&d);
    gr_sbuf b = {0};
    int status = 200;
    char outname[64], *xml = NULL;
    size_t xml_len = 0;
    snprintf(outname, sizeof outname, "汇总-%d.xml", year);
    gr_report *sum = nin ? gr_aggregate(in, nin, issuer, &d) : NULL;
    if (!nin) {
        gr_resp_error(r, 422, "没有可汇总的报告：每份都有错误或年度不同");
        goto done;
    }
    if (!sum || gr_report_xml(sum, &xml, &xml_len, &d) != GR_OK) {
        gr_diags_sort(&d);
        gr_resp_diags(r, 422, false, &d);
        goto done;
    }
    if (make_dirs(s->out_dir) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "无法建立输出目录：%s", strerror(errno));
        gr_resp_error(r, 500, msg);
        goto done;
    }
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", s->out_dir, outname);
    FILE *f = NULL;
    {
        /* the same atomic write as a save: temporary file, then rename */
        char tmp[8192];
        snprintf(tmp, sizeof tmp, "%s/.govreport-sum-XXXXXX", s->out_dir);
        int fd = mkstemp(tmp);
        if (fd >= 0) f = fdopen(fd, "wb");
        if (!f || fwrite(xml, 1, xml_len, f) != xml_len || fclose(f) != 0 ||
            rename(tmp, path) != 0) {
            int e = errno;
            if (fd >= 0) unlink(tmp);
            char msg[512];
            snprintf(msg, sizeof msg, "无法写入输出目录：%s", strerror(e));
            gr_resp_error(r, 500, msg);
            goto done;
        }
    }
    gr_sbuf_printf(&b, "{\"ok\":true,\"year\":%d,\"output\":", year);
    gr_sbuf_json_str(&b, outname);
    gr_sbuf_puts(&b, ",\"included\":[");
    for (size_t i = 0, k = 0; i < n; i++)
        if (!why[i]) {
            if (k++) gr_sbuf_puts(&b, ",");
            gr_sbuf_json_str(&b, names[i]);
        }
    gr_sbuf_puts(&b, "],\"skipped\":[");
    for (size_t i = 0, k = 0; i < n; i++)
        if (why[i]) {
            if (k++) gr_sbuf_puts(&b, ",");
            gr_sbuf_puts(&b, "{\"name\":");
            gr_sbuf_json_str(&b, names[i]);
            gr_sbuf_puts(&b, ",\"reason\":");
            gr_sbuf_json_str(&b, why[i]);
            gr_sbuf_puts(&b, "}");
        }
    gr_sbuf_puts(&b, "],\"xml\":");
    gr_sbuf_json_str(&b, xml);
    gr_sbuf_puts(&b, "}");
    gr_resp_json(r, status, &b);
done:
    gr_sbuf_free(&b);
    free(xml);
    gr_report_free(sum);
    gr_diags_free(&d);
    for (size_t i = 0; i < n; i++) {
        gr_report_free(reps[i]);
        free(why[i]);
    }
    free(reps);
    free(why);
    free(in);
    gr_store_names_free(names, n);
}

/* GET /api/output/NAME: a file the batch or the aggregate wrote. */
static void api_output(gr_server *s, const char *name, gr_resp *r)
{
    static const struct {
        const char *ext, *type;
    } kinds[] = {{".pdf", "application/pdf"},
                 {".ofd", "application/ofd"},
                 {".html", "text/html; charset=utf-8"},
                 {".xml", "application/xml; charset=utf-8"},
                 {".json", "application/json; charset=utf-8"},
                 {".csv", "text/csv; charset=utf-8"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!gr_store_name_ok(name, kinds[i].ext)) continue;
        unsigned char *data;
        size_t len;
        int e = gr_store_read(s->out_dir, name, (size_t)1 << 30, &data, &len, NULL);
        if (e) {
            gr_resp_io_error(r, e, "没有这个文件");
            return;
        }
        r->status = 200;
        r->type = kinds[i].type;
        r->body = (char *)data;
        r->len = len;
        const char *dot = strrchr(name, '.');
        r->disposition = disposition(name, dot);
        if (i == 2)
            r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                     "frame-ancestors 'none'; sandbox";
        return;
    }
    gr_resp_error(r, 400, "文件名须为一个路径部分，以 .pdf .ofd .html .xml .json 或 .csv 结尾");
}

static void api_info(gr_server *s, gr_resp *r)
{
    gr_sbuf b = {0};
    gr_sbuf_puts(&b, "{\"version\":");
    gr_sbuf_json_str(&b, gr_version());
    gr_sbuf_puts(&b, ",\"data\":");
    gr_sbuf_json_str(&b, s->data_dir);
    gr_sbuf_puts(&b, ",\"out\":");
    gr_sbuf_json_str(&b, s->out_dir);
    gr_sbuf_puts(&b, ",\"previous_dir\":");
    gr_sbuf_json_str(&b, s->previous_dir[0] ? s->previous_dir : NULL);
    gr_sbuf_printf(&b, ",\"max_upload\":%zu,\"workers\":%d}", s->max_upload, s->work_slots);
    gr_resp_json(r, 200, &b);
}

static bool is(const gr_req *q, const char *method, const char *path)
{
    return !strcmp(q->method, method) && !strcmp(q->path, path);
}

void gr_api_handle(gr_server *s, const gr_req *q, gr_resp *r)
{
    static const char reports[] = "/api/reports/", output[] = "/api/output/";
    if (is(q, "POST", "/api/check"))
        api_check(s, q, r);
    else if (is(q, "POST", "/api/render"))
        api_render(s, q, r);
    else if (is(q, "POST", "/api/open"))
        api_open(s, q, r);
    else if (is(q, "GET", "/api/reports")) {
        gr_sbuf b = {0};
        gr_store_reports_json(s, &b);
        gr_resp_json(r, 200, &b);
    } else if (!strncmp(q->path, reports, sizeof reports - 1)) {
        const char *name = q->path + sizeof reports - 1;
        if (!gr_store_name_ok(name, ".xml"))
            gr_resp_error(r, 400,
                          "报告名须为一个以 .xml 结尾的文件名：不含 /、\\、控制字符，"
                          "不以 . 开头");
        else if (!strcmp(q->method, "GET"))
            report_get(s, name, r);
        else if (!strcmp(q->method, "PUT"))
            report_put(s, q, name, r);
        else if (!strcmp(q->method, "DELETE"))
            report_delete(s, q, name, r);
        else
            gr_resp_error(r, 405, "只接受 GET、PUT、DELETE");
    } else if (is(q, "GET", "/api/template"))
        api_template(q, r);
    else if (is(q, "POST", "/api/batch"))
        gr_job_start(s, q, r);
    else if (is(q, "GET", "/api/batch"))
        gr_job_status(s, r);
    else if (is(q, "POST", "/api/aggregate"))
        api_aggregate(s, q, r);
    else if (!strncmp(q->path, output, sizeof output - 1) && !strcmp(q->method, "GET"))
        api_output(s, q->path + sizeof output - 1, r);
    else if (is(q, "GET", "/api/info"))
        api_info(s, r);
    else
        gr_resp_error(r, 404, "没有这个接口");
}
