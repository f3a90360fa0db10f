/* store: the data folder is the database. A report is one file NAME.xml; a save is one atomic
 * write (a temporary file made exclusively beside it, then a rename), guarded by its ETag (a
 * hash of its bytes, so that a file changed by hand is never taken for the saved one). The
 * list checks each report once per version of the file (a cache by size and mtime). */
#include "serve/serve_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One path component the server may name: valid UTF-8, no '/', '\', NUL or control
 * character, not starting with '.', ending in ext, at most GR_SERVE_MAX_NAME bytes. */
bool gr_store_name_ok(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    if (n <= e || n > GR_SERVE_MAX_NAME || name[0] == '.' || strcmp(name + n - e, ext) != 0)
        return false;
    const unsigned char *p = (const unsigned char *)name;
    while (*p) {
        unsigned c = *p;
        size_t len;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') return false;
            p++;
            continue;
        }
        unsigned cp, min;
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07, min = 0x10000;
        else
            return false;
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* C1 controls and the bidirectional overrides would mislead a reader of the name */
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
            (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return false;
        p += len;
    }
    return true;
}

char *gr_store_etag(const void *data, size_t len)
{
    /* FNV-1a, 64 bits: enough to tell two versions of one report apart */
    uint64_t h = 0xcbf29ce484222325ULL;
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    char *s = gr_serve_xmalloc(24);
    snprintf(s, 24, "\"%016llx\"", (unsigned long long)h);
    return s;
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = gr_serve_xmalloc(a + b + 2);
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

int gr_store_read(const char *dir, const char *name, size_t max, unsigned char **data, size_t *len,
                  char **etag)
{
    char *path = join(dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    free(path);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        return e ? e : EINVAL;
    }
    if ((unsigned long long)st.st_size > max) {
        close(fd);
        return EFBIG;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    unsigned char *buf = gr_serve_xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                free(buf);
                close(fd);
                return EFBIG;
            }
            cap *= 2;
            buf = gr_serve_xrealloc(buf, cap);
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return e;
        }
        if (k == 0) break;
        n += (size_t)k;
    }
    close(fd);
    if (n > max) {
        free(buf);
        return EFBIG;
    }
    if (etag) *etag = gr_store_etag(buf, n);
    *data = buf;
    *len = n;
    return 0;
}

/* Does the file's current ETag satisfy the conditions? exists tells whether it is there. */
static bool conditions_hold(const char *dir, const char *name, const char *if_match,
                            const char *if_none_match, bool *exists)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char *etag = NULL;
    int e = gr_store_read(dir, name, (size_t)-1 / 2, &data, &len, &etag);
    *exists = (e != ENOENT);
    free(data);
    bool ok = true;
    if (if_none_match && *exists) ok = false; /* only "*" is taken: create, never replace */
    if (if_match) {
        if (!*exists || e != 0)
            ok = false;
        else if (strcmp(if_match, "*") != 0) {
            /* a list of ETags, any of which may match; W/ is ignored (ours are strong) */
            ok = false;
            const char *p = if_match;
            size_t el = strlen(etag);
            while (*p) {
                while (*p == ' ' || *p == ',')
                    p++;
                if (!strncmp(p, "W/", 2)) p += 2;
                if (!strncmp(p, etag, el) && (p[el] == '\0' || p[el] == ',' || p[el] == ' '))
                    ok = true;
                while (*p && *p != ',')
                    p++;
            }
        }
    }
    free(etag);
    return ok;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return errno;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

gr_save gr_store_save(gr_server *s, const char *name, const void *data, size_t len,
                      const char *if_match, const char *if_none_match, char **etag, int *err)
{
    *err = 0;
    pthread_mutex_lock(&s->store_lock);
    bool exists;
    if (!conditions_hold(s->data_dir, name, if_match, if_none_match, &exists)) {
        pthread_mutex_unlock(&s->store_lock);
        return GR_SAVE_STALE;
    }
    /* the temporary name starts with '.', which no report name may: never listed */
    char *tmp = join(s->data_dir, ".govreport-save-XXXXXX");
    char *path = join(s->data_dir, name);
    gr_save res = GR_SAVE_FAILED;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *err = errno;
        goto fail;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (*err = write_all(fd, data, len)) != 0) {
        if (!*err) *err = errno;
        close(fd);
        unlink(tmp);
        goto fail;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        *err = errno;
        unlink(tmp);
        goto fail;
    }
    res = exists ? GR_SAVE_REPLACED : GR_SAVE_CREATED;
    *etag = gr_store_etag(data, len);
fail:
    pthread_mutex_unlock(&s->store_lock);
    free(tmp);
    free(path);
    return res;
}

int gr_store_delete(gr_server *s, const char *name, const char *if_match)
{
    pthread_mutex_lock(&s->store_lock);
    bool exists;
    int rc = 0;
    if (!conditions_hold(s->data_dir, name, if_match, NULL, &exists))
        rc = exists ? -1 : ENOENT;
    else if (!exists)
        rc = ENOENT;
    else {
        char *path = join(s->data_dir, name);
        if (unlink(path) != 0) rc = errno;
        free(path);
    }
    pthread_mutex_unlock(&s->store_lock);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int gr_store_list(const char *dir, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    *names = NULL;
    *n = 0;
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (!gr_store_name_ok(ent->d_name, ".xml")) continue;
        struct stat st;
        char *path = join(dir, ent->d_name);
        bool reg = stat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        if (!reg) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *names = gr_serve_xrealloc(*names, cap * sizeof **names);
        }
        (*names)[(*n)++] = gr_serve_xstrdup(ent->d_name);
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, cmp_names);
    return 0;
}

void gr_store_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

const gr_report *gr_store_previous_for(const gr_server *s, const gr_report *r, const char **name)
{
    for (size_t i = 0; i < s->nprevious; i++) {
        char *why = gr_previous_mismatch(s->previous[i], r);
        if (!why) {
            if (name) *name = s->previous_names[i];
            return s->previous[i];
        }
        free(why);
    }
    return NULL;
}

/* ---- the list, each report checked once per version of its file ---- */

typedef struct gr_list_cache {
    char *name;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    char *json; /* its object in the list */
    struct gr_list_cache *next;
} list_entry;

/* One report's object: name, issuer, year, errors, warnings, codes, previous, etag. */
static char *report_json(gr_server *s, const char *name)
{
    gr_sbuf b = {0};
    unsigned char *data = NULL;
    size_t len = 0;
    char *etag = NULL;
    gr_diags d;
    gr_diags_init(&d);
    gr_report *r = NULL;
    const char *prev = NULL;
    int e = gr_store_read(s->data_dir, name, s->max_upload, &data, &len, &etag);
    if (e == 0) {
        while (!gr_work_enter(s))
            ; /* the list waits its turn rather than fail */
        if (gr_open_mem(data, len, name, &r, &d) == GR_OK) {
            const gr_report *last = gr_store_previous_for(s, r, &prev);
            gr_check(r, last, &d);
        }
        gr_work_leave(s);
    }
    gr_sbuf_puts(&b, "{\"name\":");
    gr_sbuf_json_str(&b, name);
    gr_sbuf_puts(&b, ",\"opened\":");
    gr_sbuf_puts(&b, r ? "true" : "false");
    gr_sbuf_puts(&b, ",\"issuer\":");
    gr_sbuf_json_str(&b, r ? gr_report_issuer(r) : NULL);
    gr_sbuf_printf(&b, ",\"year\":%d", r ? gr_report_year(r) : 0);
    gr_sbuf_printf(&b, ",\"errors\":%zu,\"warnings\":%zu", gr_diags_errors(&d),
                   gr_diags_warnings(&d));
    if (e != 0) gr_sbuf_printf(&b, ",\"unreadable\":true");
    gr_sbuf_puts(&b, ",\"codes\":[");
    /* each code once, in the order first met */
    size_t shown = 0;
    for (size_t i = 0; i < d.n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(d.items[j].code, d.items[i].code);
        if (seen) continue;
        if (shown++) gr_sbuf_puts(&b, ",");
        gr_sbuf_json_str(&b, d.items[i].code);
    }
    gr_sbuf_puts(&b, "],\"previous\":");
    gr_sbuf_json_str(&b, prev);
    gr_sbuf_printf(&b, ",\"bytes\":%zu,\"etag\":", len);
    gr_sbuf_json_str(&b, etag);
    gr_sbuf_puts(&b, "}");
    gr_report_free(r);
    gr_diags_free(&d);
    free(data);
    free(etag);
    return gr_sbuf_take(&b, NULL);
}

void gr_store_reports_json(gr_server *s, gr_sbuf *out)
{
    char **names;
    size_t n;
    gr_store_list(s->data_dir, &names, &n);
    gr_sbuf_puts(out, "{\"reports\":[");
    for (size_t i = 0; i < n; i++) {
        char *path = join(s->data_dir, names[i]);
        struct stat st;
        bool have = stat(path, &st) == 0;
        free(path);
        char *json = NULL;
        pthread_mutex_lock(&s->store_lock);
        list_entry *e = s->cache;
        while (e && strcmp(e->name, names[i]) != 0)
            e = e->next;
        if (e && have && e->dev == st.st_dev && e->ino == st.st_ino && e->size == st.st_size &&
            e->mtime.tv_sec == st.st_mtim.tv_sec && e->mtime.tv_nsec == st.st_mtim.tv_nsec)
            json = gr_serve_xstrdup(e->json);
        pthread_mutex_unlock(&s->store_lock);
        if (!json) {
            json = report_json(s, names[i]);
            if (have) {
                pthread_mutex_lock(&s->store_lock);
                e = s->cache;
                while (e && strcmp(e->name, names[i]) != 0)
                    e = e->next;
                if (!e) {
                    e = calloc(1, sizeof *e);
                    if (!e) abort();
                    e->name = gr_serve_xstrdup(names[i]);
                    e->next = s->cache;
                    s->cache = e;
                }
                free(e->json);
                e->json = gr_serve_xstrdup(json);
                e->dev = st.st_dev;
                e->ino = st.st_ino;
                e->size = st.st_size;
                e->mtime = st.st_mtim;
                pthread_mutex_unlock(&s->store_lock);
            }
        }
        if (i) gr_sbuf_puts(out, ",");
        gr_sbuf_puts(out, json);
        free(json);
    }
    gr_sbuf_puts(out, "]");
    gr_sbuf_printf(out, ",\"data\":");
    gr_sbuf_json_str(out, s->data_dir);
    gr_sbuf_puts(out, ",\"previous_dir\":");
    gr_sbuf_json_str(out, s->previous_dir[0] ? s->previous_dir : NULL);
    gr_sbuf_puts(out, "}");
    gr_store_names_free(names, n);
}

void gr_store_cache_free(gr_server *s)
{
    list_entry *e = s->cache;
    while (e) {
        list_entry *next = e->next;
        free(e->name);
        free(e->json);
        free(e);
        e = next;
    }
    s->cache = NULL;
}
