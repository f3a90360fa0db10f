/* spawn: run a filter program with a time limit and an output cap (spawn.h). The child's
 * standard input is one end of a socket pair, not a pipe, so that writing to a child that
 * has stopped reading fails with EPIPE (MSG_NOSIGNAL) instead of killing us with SIGPIPE;
 * its output is read as it comes, so neither side waits on a full buffer. */
#include "base/spawn.h"

#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

gr_spawn_result gr_spawn_filter(const char *const *argv, const void *in, size_t in_len,
                                int timeout_ms, size_t max_out, char **out, size_t *out_len,
                                int *exit_status)
{
    *out = NULL;
    *out_len = 0;
    *exit_status = -1;
    int sin[2] = {-1, -1}, sout[2] = {-1, -1};
    gr_spawn_result res = GR_SPAWN_FAILED;
    pid_t pid = -1;
    posix_spawn_file_actions_t fa;
    bool fa_made = false;
    gr_buf b = {0};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sin) != 0 || pipe(sout) != 0)
        goto done;
    fcntl(sout[0], F_SETFD, FD_CLOEXEC); /* (pipe2 is not POSIX) */
    fcntl(sout[1], F_SETFD, FD_CLOEXEC);
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto done;
    fa_made = true;
    /* dup2 clears close-on-exec on the child's 0 and 1; everything else of ours is closed */
    if (posix_spawn_file_actions_adddup2(&fa, sin[1], STDIN_FILENO) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, sout[1], STDOUT_FILENO) != 0 ||
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0) != 0)
        goto done;
    int err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    if (err) {
        pid = -1;
        res = err == ENOENT || err == EACCES || err == ENOEXEC ? GR_SPAWN_NOT_FOUND
                                                               : GR_SPAWN_FAILED;
        goto done;
    }
    close(sin[1]);
    close(sout[1]);
    sin[1] = sout[1] = -1;
    shutdown(sin[0], SHUT_RD);
    fcntl(sin[0], F_SETFL, fcntl(sin[0], F_GETFL) | O_NONBLOCK);
    fcntl(sout[0], F_SETFL, fcntl(sout[0], F_GETFL) | O_NONBLOCK);
    if (in_len == 0) {
        close(sin[0]);
        sin[0] = -1;
    }

    const unsigned char *p = in;
    size_t sent = 0;
    int64_t deadline = now_ms() + timeout_ms;
    res = GR_SPAWN_OK;
    while (sout[0] >= 0) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            res = GR_SPAWN_TIMEOUT;
            break;
        }
        struct pollfd fds[2] = {{sout[0], POLLIN, 0}, {sin[0], POLLOUT, 0}};
        int nfds = sin[0] >= 0 ? 2 : 1;
        int k = poll(fds, (nfds_t)nfds, left > 1000 ? 1000 : (int)left);
        if (k < 0 && errno != EINTR) {
            res = GR_SPAWN_FAILED;
            break;
        }
        if (k <= 0)
            continue;
        if (nfds == 2 && fds[1].revents) {
            ssize_t n = send(sin[0], p + sent, in_len - sent, MSG_NOSIGNAL);
            if (n > 0)
                sent += (size_t)n;
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == in_len) {
                close(sin[0]); /* done, or the child stopped reading: its exit says which */
                sin[0] = -1;
            }
        }
        if (fds[0].revents) {
            gr_grow((void **)&b.s, &b.cap, b.len + 65536 + 1, 1);
            ssize_t n = read(sout[0], b.s + b.len, 65536);
            if (n > 0) {
                b.len += (size_t)n;
                if (b.len > max_out) {
                    res = GR_SPAWN_TOO_MUCH;
                    break;
                }
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                close(sout[0]);
                sout[0] = -1;
            }
        }
    }
done:
    if (fa_made)
        posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 2; i++) {
        if (sin[i] >= 0)
            close(sin[i]);
        if (sout[i] >= 0)
            close(sout[i]);
    }
    if (pid > 0) {
        if (res != GR_SPAWN_OK)
            kill(pid, SIGKILL);
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (res == GR_SPAWN_OK) {
            if (WIFEXITED(st))
                *exit_status = WEXITSTATUS(st);
            else
                res = GR_SPAWN_FAILED;
        }
    }
    gr_buf_add(&b, "", 0); /* allocated and terminated, even when empty */
    *out = b.s;
    *out_len = b.len;
    return res;
}
