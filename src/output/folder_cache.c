/* folder_cache: the folder of caches that cross processes (see folder_cache.h). */
#include "output/folder_cache.h"

#include "base/base.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static struct {
    pthread_once_t once;
    char *dir; /* NULL: no folder cache */
} folder = {PTHREAD_ONCE_INIT, NULL};

static void folder_open(void)
{
    const char *env = getenv("GOVREPORT_CACHE");
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char *dir = NULL;
    if (env)
        dir = *env ? gr_xstrdup(env) : NULL;
    else if (xdg && *xdg == '/')
        dir = gr_xasprintf("%s/govreport", xdg);
    else if (home && *home == '/') {
        char *parent = gr_xasprintf("%s/.cache", home);
        mkdir(parent, 0700);
        free(parent);
        dir = gr_xasprintf("%s/.cache/govreport", home);
    }
    if (dir && mkdir(dir, 0700) != 0 && errno != EEXIST) {
        free(dir);
        dir = NULL;
    }
    folder.dir = dir;
}

const char *gr_folder_cache_dir(void)
{
    pthread_once(&folder.once, folder_open);
    return folder.dir;
}

static char *entry_path(const char *kind, unsigned sets, uint64_t h, int way)
{
    return gr_xasprintf("%s/%s-%03x-%d", folder.dir, kind, (unsigned)(h % sets), way);
}

bool gr_folder_cache_read(const char *kind, unsigned sets, uint64_t h, int way, size_t min,
                          size_t max, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (!gr_folder_cache_dir())
        return false;
    char *path = entry_path(kind, sets, h, way);
    const char *why; /* a FIFO planted in the cache folder must not block a render */
    int fd = gr_file_open_read(path, &why);
    free(path);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) == 0 && (uintmax_t)st.st_size >= min && (uintmax_t)st.st_size <= max) {
        size_t size = (size_t)st.st_size;
        unsigned char *buf = gr_xmalloc(size + 2);
        ok = read(fd, buf, size) == (ssize_t)size;
        if (ok) {
            *data = buf;
            *len = size;
        } else {
            free(buf);
        }
    }
    close(fd);
    return ok;
}

void gr_folder_cache_write(const char *kind, unsigned sets, uint64_t h, int way,
                           const void *const *parts, const size_t *lens, size_t n)
{
    if (!gr_folder_cache_dir())
        return;
    if (way == 0 || way == 1)
        goto chosen;
    way = 0;
    struct stat st[2];
    for (int k = 0; k < 2; k++) {
        char *p = entry_path(kind, sets, h, k);
        bool file = lstat(p, &st[k]) == 0 && S_ISREG(st[k].st_mode);
        free(p);
        if (!file) {
            way = k;
            goto chosen;
        }
    }
    way = st[1].st_mtim.tv_sec < st[0].st_mtim.tv_sec ||
          (st[1].st_mtim.tv_sec == st[0].st_mtim.tv_sec &&
           st[1].st_mtim.tv_nsec < st[0].st_mtim.tv_nsec);
chosen:;
    char *path = entry_path(kind, sets, h, way);
    char *tmp = gr_xasprintf("%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd >= 0) {
        bool ok = true;
        for (size_t i = 0; i < n && ok; i++)
            ok = write(fd, parts[i], lens[i]) == (ssize_t)lens[i];
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(tmp);
    free(path);
}
