/* spawn: a filter program run without a shell, fed and read at once (no deadlock on a
 * megabyte each way), stopped at its time limit and at the output cap, a missing program
 * told apart, a child that stops reading its input (no SIGPIPE for us), and never a child
 * left behind. */
#include "base/spawn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "harness.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void no_child_left(const char *what)
{
    errno = 0;
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "%s: a child left", what);
}

int main(void)
{
    char *out = NULL;
    size_t n = 0;
    int st = 0;

    /* a megabyte through cat: both directions at once */
    size_t big = 1 << 20;
    char *in = malloc(big);
    for (size_t i = 0; i < big; i++)
        in[i] = (char)('a' + i % 26);
    const char *cat[] = {"cat", NULL};
    CHECK(gr_spawn_filter(cat, in, big, 20000, 2 * big, &out, &n, &st) == GR_SPAWN_OK && st == 0 &&
              n == big && !memcmp(out, in, big) && out[n] == 0,
          "cat: %zu bytes back, status %d", n, st);
    free(out);
    no_child_left("cat");

    /* no input at all */
    CHECK(gr_spawn_filter(cat, NULL, 0, 20000, 100, &out, &n, &st) == GR_SPAWN_OK && n == 0 &&
              out && !*out,
          "cat of nothing");
    free(out);

    /* exit status; a shell word is no shell: "$HOME" stays as it is */
    const char *echo[] = {"echo", "$HOME;x", NULL};
    CHECK(gr_spawn_filter(echo, NULL, 0, 20000, 100, &out, &n, &st) == GR_SPAWN_OK &&
              !strcmp(out, "$HOME;x\n"),
          "no shell: %s", out);
    free(out);
    const char *no[] = {"false", NULL};
    CHECK(gr_spawn_filter(no, NULL, 0, 20000, 100, &out, &n, &st) == GR_SPAWN_OK && st == 1,
          "false: status %d", st);
    free(out);

    /* a child that reads nothing of 8 MB and exits: EPIPE, not SIGPIPE */
    size_t huge = 8u << 20;
    char *lots = calloc(1, huge);
    const char *yes_true[] = {"true", NULL};
    CHECK(gr_spawn_filter(yes_true, lots, huge, 20000, 100, &out, &n, &st) == GR_SPAWN_OK &&
              st == 0,
          "true with 8 MB of input");
    free(out);
    free(lots);
    no_child_left("true");

    /* the time limit: sleep 30 is killed after 300 ms */
    const char *slow[] = {"sleep", "30", NULL};
    double t0 = now_s();
    CHECK(gr_spawn_filter(slow, NULL, 0, 300, 100, &out, &n, &st) == GR_SPAWN_TIMEOUT,
          "sleep 30 not stopped");
    CHECK(now_s() - t0 < 5, "the time limit took %.1f s", now_s() - t0);
    free(out);
    no_child_left("sleep");

    /* the output cap: yes is killed past 64 KB */
    const char *yes[] = {"yes", NULL};
    CHECK(gr_spawn_filter(yes, NULL, 0, 20000, 65536, &out, &n, &st) == GR_SPAWN_TOO_MUCH &&
              n > 65536 && n < 65536 * 3,
          "yes not capped: %zu", n);
    free(out);
    no_child_left("yes");

    /* a program that is not there */
    const char *none[] = {"gr-no-such-program-here", NULL};
    CHECK(gr_spawn_filter(none, "x", 1, 20000, 100, &out, &n, &st) == GR_SPAWN_NOT_FOUND,
          "a missing program");
    free(out);
    no_child_left("missing");
    free(in);
    return harness_end("test_spawn");
}
