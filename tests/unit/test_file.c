/* file: the one rule for opening a file to read (regular files only, never blocking on a
 * FIFO), and the atomic writes of one file and of several together. */
#include "base/file.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
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

/* The whole of dir/name, or NULL. */
static char *content(const char *name)
{
    char *p = at(name);
    FILE *f = fopen(p, "rb");
    free(p);
    if (!f)
        return NULL;
    gr_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        gr_buf_add(&b, chunk, n);
    fclose(f);
    gr_buf_add(&b, "", 0);
    return b.s;
}

/* The number of entries of the folder whose name starts with '.' (temporary files). */
static int hidden_files(const char *sub)
{
    char *p = at(sub);
    DIR *dp = opendir(p);
    free(p);
    int n = 0;
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (dp)
        closedir(dp);
    return n;
}

static bool is(const char *name, const char *want)
{
    char *c = content(name);
    bool ok = c && !strcmp(c, want);
    free(c);
    return ok;
}

static void test_write_set(void)
{
    char *sub = at("set");
    mkdir(sub, 0755);
    put("set/r.pdf", "old pdf");
    put("set/r.ofd", "old ofd");
    char *pdf = at("set/r.pdf"), *ofd = at("set/r.ofd"), *html = at("set/r.html");
    gr_diags d;
    gr_diags_init(&d);

    /* all three written: the old two replaced, the new one made, no temporary file */
    const char *paths[3] = {pdf, ofd, html};
    const void *data[3] = {"new pdf", "new ofd", "new html"};
    size_t lens[3] = {7, 7, 8};
    CHECK(gr_file_write_atomic_set(paths, data, lens, 3, &d) == GR_OK, "three files");
    CHECK(is("set/r.pdf", "new pdf") && is("set/r.ofd", "new ofd") && is("set/r.html", "new html"),
          "contents after the set");
    CHECK(hidden_files("set") == 0, "a temporary file left");
    CHECK(d.n == 0, "diagnostics on success");

    /* the second file fails part-way (the file size limit: a full disk's EFBIG): no
     * destination touched, every temporary file removed */
    put("set/r.pdf", "old pdf");
    put("set/r.ofd", "old ofd");
    unlink(html);
    size_t big = 256 * 1024;
    char *blob = gr_xmalloc(big);
    memset(blob, 'x', big);
    const void *data2[3] = {"new pdf", blob, "new html"};
    size_t lens2[3] = {7, big, 8};
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 64 * 1024;
    signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0, "setrlimit");
    gr_status st = gr_file_write_atomic_set(paths, data2, lens2, 3, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK(st == GR_ERR_ENV, "the second write did not fail: %d", st);
    CHECK(is("set/r.pdf", "old pdf"), "the first destination was touched");
    CHECK(is("set/r.ofd", "old ofd"), "the second destination was touched");
    CHECK(access(html, F_OK) != 0, "the third was made");
    CHECK(hidden_files("set") == 0, "a temporary file left: %d", hidden_files("set"));
    CHECK(d.n == 1 && !strcmp(d.items[0].code, "E-WRITE") && strstr(d.items[0].message, "r.ofd"),
          "one E-WRITE naming the OFD (%zu)", d.n);
    gr_diags_free(&d);
    gr_diags_init(&d);
    free(blob);

    /* a destination that cannot take a file (a folder): refused before any write */
    char *folder = at("set/sub.ofd");
    mkdir(folder, 0755);
    const char *paths3[2] = {pdf, folder};
    CHECK(gr_file_write_atomic_set(paths3, data, lens, 2, &d) == GR_ERR_ENV, "a folder");
    CHECK(is("set/r.pdf", "old pdf") && hidden_files("set") == 0, "touched before the check");
    gr_diags_free(&d);
    gr_diags_init(&d);

    /* one path twice: refused */
    const char *paths4[2] = {pdf, pdf};
    CHECK(gr_file_write_atomic_set(paths4, data, lens, 2, &d) == GR_ERR_ENV, "a path twice");
    CHECK(is("set/r.pdf", "old pdf"), "a path twice: written");

    /* none: nothing to do */
    CHECK(gr_file_write_atomic_set(NULL, NULL, NULL, 0, &d) == GR_OK, "no file");
    gr_diags_free(&d);
    free(folder);
    free(pdf);
    free(ofd);
    free(html);
    free(sub);
}

int main(void)
{
    strcpy(dir, "/tmp/gr-test-file-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_open_read();
    test_write_set();
    char *cmd = gr_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return harness_end("test_file");
}
