/* data: the data folder of the running binary. Linux's /proc/self/exe names the executable
 * with its symbolic links resolved, so a link in /usr/local/bin to an install elsewhere
 * still finds that install's data. Where /proc is missing there is no data folder and the
 * callers use their built-in defaults. */
#include "base/data.h"
#include "base/file.h"
#include "base/util.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GR_DATA_REL
#define GR_DATA_REL "../share/govreport"
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running executable (malloc'd), or NULL. */
static char *exe_dir(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0 || n >= (ssize_t)sizeof path - 1)
        return NULL;
    path[n] = 0;
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    return gr_xstrdup(slash == path ? "/" : path);
}

/* The source folder named by the build marker in dir, or NULL when there is none. */
static char *marker_dir(const char *dir)
{
    char *marker = gr_xasprintf("%s/%s", dir, GR_BUILD_MARKER);
    const char *why;
    int fd = gr_file_open_read(marker, &why);
    FILE *in = fd >= 0 ? fdopen(fd, "r") : NULL;
    free(marker);
    if (!in) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char line[PATH_MAX + 2];
    char *src = NULL;
    if (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '/' && is_dir(line))
            src = gr_xstrdup(line);
    }
    fclose(in);
    return src;
}

char *gr_data_dir(void)
{
    char *dir = exe_dir();
    if (!dir)
        return NULL;
    char *data = marker_dir(dir);
    if (!data) {
        char *rel = gr_xasprintf("%s/%s", dir, GR_DATA_REL);
        data = is_dir(rel) ? realpath(rel, NULL) : NULL;
        free(rel);
    }
    free(dir);
    return data;
}

char *gr_data_file(const char *rel)
{
    char *dir = gr_data_dir();
    if (!dir)
        return NULL;
    char *path = gr_xasprintf("%s/%s", dir, rel);
    free(dir);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return path;
    free(path);
    return NULL;
}
