#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GR_TMP_TRIES 100 /* attempts at an unused temporary name */

static void diag_write(gr_diags *d, const char *path, const char *why)
{
    gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-WRITE", "无法写入 %s：%s", path, why);
}

char *gr_file_read_capped(FILE *f, size_t *len, int *err)
{
    size_t cap = 64 * 1024, n = 0;
    char *data = gr_xmalloc(cap + 1);
    for (;;) {
        if (n > GR_MAX_INPUT_BYTES) {
            free(data);
            *err = EFBIG;
            return NULL;
        }
        if (n == cap) {
            cap *= 2;
            data = gr_xrealloc(data, cap + 1);
        }
        size_t want = cap - n;
        if (want > GR_MAX_INPUT_BYTES + 1 - n)
            want = GR_MAX_INPUT_BYTES + 1 - n;
        errno = 0;
        size_t got = fread(data + n, 1, want, f);
        n += got;
        if (got < want)
            break;
    }
    if (ferror(f)) {
        *err = errno ? errno : EIO;
        free(data);
        return NULL;
    }
    data[n] = '\0';
    *len = n;
    return data;
}

gr_status gr_file_check_dest(const char *path, gr_diags *d)
{
    struct stat sb;
    if (!path || !*path || path[strlen(path) - 1] == '/' ||
        (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))) {
        diag_write(d, path ? path : "", "这是一个文件夹，不是文件");
        return GR_ERR_ENV;
    }
    const char *slash = strrchr(path, '/');
    char *dir =
        slash ? gr_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : gr_xstrdup(".");
    int dir_errno = stat(dir, &sb) != 0 ? errno : !S_ISDIR(sb.st_mode) ? ENOTDIR : 0;
    free(dir);
    if (dir_errno) {
        diag_write(d, path, dir_errno == ENOENT ? "所在目录不存在" : gr_strerror(dir_errno));
        return GR_ERR_ENV;
    }
    return GR_OK;
}

/* A temporary file beside path (".NAME.XXXXXX"), created exclusively with the umask's
 * permissions (the finished file keeps them, unlike mkstemp's 0600). */
static int open_temp(const char *path, char **tmp_out)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uintptr_t)tmp_out;
    for (int attempt = 0; attempt < GR_TMP_TRIES; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            suffix[i] = letters[(seed >> 33) % (sizeof letters - 1)];
        }
        suffix[6] = 0;
        char *tmp = gr_xasprintf("%.*s.%s.%s", dirlen, path, base, suffix);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd >= 0) {
            *tmp_out = tmp;
            return fd;
        }
        free(tmp);
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

/* data to a new temporary file beside path; its name in *tmp. 0, or the errno. */
static int write_temp(const char *path, const void *data, size_t len, char **tmp)
{
    int fd = open_temp(path, tmp);
    if (fd < 0)
        return errno == ENOENT ? ENOTDIR : errno;
    const unsigned char *p = data;
    int err = 0;
    size_t off = 0;
    while (off < len && !err) {
        ssize_t n = write(fd, p + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            err = n < 0 ? errno : EIO;
        else
            off += (size_t)n;
    }
    if (close(fd) != 0 && !err)
        err = errno;
    if (err) {
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
    }
    return err;
}

static void diag_errno(gr_diags *d, const char *path, int err)
{
    /* the folder exists (checked before), so ENOENT means it takes no new files */
    diag_write(d, path, err == ENOTDIR ? "此文件夹中不能创建文件" : gr_strerror(err));
}

gr_status gr_file_write_atomic(const char *path, const void *data, size_t len, gr_diags *d)
{
    return gr_file_write_atomic_set(&path, &data, &len, 1, d);
}

gr_status gr_file_write_atomic_set(const char *const *paths, const void *const *data,
                                   const size_t *lens, size_t n, gr_diags *d)
{
    for (size_t i = 0; i < n; i++)
        if (gr_file_check_dest(paths[i], d) != GR_OK)
            return GR_ERR_ENV;
    char **tmp = gr_xcalloc(n ? n : 1, sizeof *tmp);
    gr_status st = GR_OK;
    /* Every file is written in full before any destination is touched. */
    for (size_t i = 0; i < n && st == GR_OK; i++) {
        int err = write_temp(paths[i], data[i], lens[i], &tmp[i]);
        if (err) {
            diag_errno(d, paths[i], err);
            st = GR_ERR_ENV;
        }
    }
    /* Then the renames, one after another with nothing between them. A rename fails only
     * when the destination's folder changed under us; those already renamed stay. */
    for (size_t i = 0; i < n && st == GR_OK; i++) {
        if (rename(tmp[i], paths[i]) != 0) {
            diag_errno(d, paths[i], errno);
            st = GR_ERR_ENV;
            break;
        }
        free(tmp[i]);
        tmp[i] = NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (tmp[i]) {
            unlink(tmp[i]);
            free(tmp[i]);
        }
    free(tmp);
    return st;
}
