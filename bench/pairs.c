/* pairs: runs commands in turn, R rounds (A B C D, A B C D, …), so that each round meets
 * the same load, and prints for each command the median wall time and the median CPU time
 * (user + system, children included). The commands are taken as pairs, A with B, C with D:
 * for the second of each pair, the median of its per-round ratio to the first. Output of
 * the commands goes to /dev/null. Usage: pairs R -- CMD-A... -- CMD-B... [-- CMD-C... ...] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8
#define MAX_ROUNDS 1000

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Run argv; its wall and CPU seconds. Exits when it cannot run or fails. */
static void run(char **argv, double *wall, double *cpu)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("pairs: fork");
        exit(2);
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("pairs: wait4");
        exit(2);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "pairs: %s failed (status %d)\n", argv[0], status);
        exit(2);
    }
    *wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    *cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 0;
    char **cmd[MAX_CMDS];
    int ncmd = 0;
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            argv[i] = NULL; /* ends the previous command */
            if (i + 1 < argc && ncmd < MAX_CMDS)
                cmd[ncmd++] = &argv[i + 1];
        }
    if (rounds < 1 || rounds > MAX_ROUNDS || ncmd < 2) {
        fprintf(stderr, "usage: pairs R -- CMD-A... -- CMD-B... [-- CMD-C... ...]\n");
        return 2;
    }
    static double wall[MAX_CMDS][MAX_ROUNDS], cpu[MAX_CMDS][MAX_ROUNDS];
    static double ratio_wall[MAX_CMDS][MAX_ROUNDS], ratio_cpu[MAX_CMDS][MAX_ROUNDS];
    for (int r = 0; r < rounds; r++)
        for (int c = 0; c < ncmd; c++) {
            run(cmd[c], &wall[c][r], &cpu[c][r]);
            if (c % 2) {
                ratio_wall[c][r] = wall[c][r] / wall[c - 1][r];
                ratio_cpu[c][r] = cpu[c - 1][r] > 0 ? cpu[c][r] / cpu[c - 1][r] : 0;
            }
        }
    for (int c = 0; c < ncmd; c++) {
        printf("%d: wall %.2f ms, CPU %.2f ms (medians of %d)", c + 1,
               median(wall[c], rounds) * 1000, median(cpu[c], rounds) * 1000, rounds);
        if (c % 2)
            printf("; to %d: wall %.3f, CPU %.3f (medians of the rounds' ratios)", c,
                   median(ratio_wall[c], rounds), median(ratio_cpu[c], rounds));
        printf("\n");
    }
    return 0;
}
