/* file: the one rule for opening a file to read (regular files only, never blocking on a
 * FIFO), and the atomic writes of one file and of several together. */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"

static char dir[64];

static char *at(const char *name)
{
    return gr_xasprintf("%s/%s", dir, name);
}

static void put(const char *name, const char *text)
{
    char *p = at(name);
    FILE *f = fopen(p, "wb");
    CHECK(f != NULL, "cannot make %s", p);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static void test_open_read(void)
{
    const char *why = NULL;
    put("plain.xml", "<r/>");
    char *p = at("plain.xml");
    int fd = gr_file_open_read(p, &why);
    CHECK(fd >= 0, "a regular file is refused: %s", why ? why : "");
    if (fd >= 0) {
        CHECK(!(fcntl(fd, F_GETFL) & O_NONBLOCK), "left in non-blocking mode");
        CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC, "not close-on-exec");
        char b[8] = {0};
        CHECK(read(fd, b, sizeof b) == 4 && !strcmp(b, "<r/>"), "read back: %s", b);
        close(fd);
    }
    free(p);

    /* a FIFO with no writer: refused at once (open() would block) */
    p = at("fifo.xml");
    CHECK(mkfifo(p, 0600) == 0, "mkfifo");
    why = NULL;
    errno = 0;
    CHECK(gr_file_open_read(p, &why) == -1 && errno == EINVAL, "a FIFO is opened");
    CHECK(why && strstr(why, "命名管道"), "why: %s", why ? why : "(none)");
    free(p);

    /* a link to the FIFO: the same */
    p = at("link.xml");
    char *target = at("fifo.xml");
    CHECK(symlink(target, p) == 0, "symlink");
    why = NULL;
    CHECK(gr_file_open_read(p, &why) == -1 && why && strstr(why, "命名管道"), "a link to a FIFO");
    free(target);
    free(p);

    /* a socket and a device */
    p = at("sock");
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s >= 0 && strlen(p) < sizeof sa.sun_path) {
        strcpy(sa.sun_path, p);
        if (bind(s, (struct sockaddr *)&sa, sizeof sa) == 0) {
            why = NULL;
            CHECK(gr_file_open_read(p, &why) == -1 && why && strstr(why, "套接字"), "a socket");
        }
    }
    if (s >= 0)
        close(s);
    free(p);
    why = NULL;
    CHECK(gr_file_open_read("/dev/null", &why) == -1 && why && strstr(why, "设备"), "a device");

    /* a folder, a missing file: errno and its reason */
    why = NULL;
    errno = 0;
    CHECK(gr_file_open_read(dir, &why) == -1 && errno == EISDIR && why, "a folder");
    p = at("missing.xml");
    errno = 0;
    CHECK(gr_file_open_read(p, &why) == -1 && errno == ENOENT && strstr(why, "不存在"),
          "missing: %s", why);
    free(p);

    CHECK(gr_file_odd_kind(S_IFREG | 0644) == NULL && gr_file_odd_kind(S_IFDIR) == NULL &&
              gr_file_odd_kind(S_IFIFO) && gr_file_odd_kind(S_IFSOCK) && gr_file_odd_kind(S_IFCHR) &&
              gr_file_odd_kind(S_IFBLK),
          "gr_file_odd_kind");
}

int main(void)
{
    strcpy(dir, "/tmp/gr-test-file-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_open_read();
    char *cmd = gr_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return harness_end("test_file");
}
