#define _GNU_SOURCE /* fallocate */
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

const char *gr_file_odd_kind(unsigned mode)
{
    if (S_ISFIFO(mode))
        return "命名管道（FIFO）";
    if (S_ISSOCK(mode))
        return "套接字";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "设备文件";
    return NULL;
}

int gr_file_open_read(const char *path, const char **why)
{
    struct stat st;
    const char *odd;
    int err;
    if (stat(path, &st) != 0)
        goto fail_errno;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto fail_errno;
    }
    if ((odd = gr_file_odd_kind(st.st_mode)) != NULL)
        goto fail_odd;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        goto fail_errno;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { /* swapped since the stat above */
        err = errno;
        odd = S_ISDIR(st.st_mode) ? NULL : gr_file_odd_kind(st.st_mode);
        close(fd);
        if (odd)
            goto fail_odd;
        errno = S_ISDIR(st.st_mode) ? EISDIR : err;
        goto fail_errno;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
        err = errno;
        close(fd);
        errno = err;
        goto fail_errno;
    }
    return fd;
fail_odd:
    *why = S_ISFIFO(st.st_mode)  ? "这是命名管道（FIFO），不是普通文件"
           : S_ISSOCK(st.st_mode) ? "这是套接字，不是普通文件"
                                  : "这是设备文件，不是普通文件";
    errno = EINVAL;
    return -1;
fail_errno:
    err = errno;
    *why = gr_strerror(err);
    errno = err;
    return -1;
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

/* data to a new temporary file beside path; its name in *tmp (caller frees). 0, or the
 * errno of the failure (then nothing is left: the temporary file is removed). */
static int write_temp(const char *path, const void *data, size_t len, char **tmp)
{
    *tmp = NULL;
    int fd = open_temp(path, tmp);
    if (fd < 0)
        return errno == ENOENT ? ENOTDIR : errno;
    /* The blocks taken now, not when the data is flushed: ext4 flushes a file renamed over
     * another at the rename when its blocks are still to be allocated (auto_da_alloc),
     * which doubled the cost of writing a PDF. Where the file system cannot, the writes
     * below allocate as they go; a full disk is reported by them. */
    if (len > 0)
        (void)fallocate(fd, 0, 0, (off_t)len);
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
    for (size_t i = 0; i < n; i++) {
        if (gr_file_check_dest(paths[i], d) != GR_OK)
            return GR_ERR_ENV;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(paths[k], paths[i])) {
                diag_write(d, paths[i], "同一次输出中出现两次");
                return GR_ERR_ENV;
            }
    }
    char **tmps = gr_xcalloc(n ? n : 1, sizeof *tmps);
    gr_status st = GR_OK;
    /* every file written in full first: a full disk is met here, before any rename */
    for (size_t i = 0; i < n; i++) {
        int err = write_temp(paths[i], data[i], lens[i], &tmps[i]);
        if (err) {
            diag_errno(d, paths[i], err);
            st = GR_ERR_ENV;
            goto fail;
        }
    }
    /* then the renames, back to back: nothing between them allocates, writes or formats */
    size_t renamed = 0;
    int err = 0;
    while (renamed < n && (err = rename(tmps[renamed], paths[renamed]) == 0 ? 0 : errno) == 0)
        renamed++;
    if (err) {
        /* a rename in the same folder as a write that just succeeded fails only when the
         * folder changed under us; what was renamed stays (each file is whole), the rest
         * is removed and named */
        diag_errno(d, paths[renamed], err);
        for (size_t i = 0; i < renamed; i++) {
            free(tmps[i]);
            tmps[i] = NULL;
        }
        st = GR_ERR_ENV;
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        free(tmps[i]);
    free(tmps);
    return GR_OK;
fail:
    for (size_t i = 0; i < n; i++)
        if (tmps[i]) {
            unlink(tmps[i]);
            free(tmps[i]);
        }
    free(tmps);
    return st;
}
