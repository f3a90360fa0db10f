/* harness: the few lines every unit test program shares. A failed CHECK prints where and
 * why and the program goes on, so one run reports every failure; main returns
 * harness_end("name"), non-zero when anything failed. */
#ifndef GR_TEST_HARNESS_H
#define GR_TEST_HARNESS_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

/* A check that needs no message: the condition's text is the message. */
#define CHECK_TRUE(cond) CHECK(cond, "%s", #cond)

static inline int harness_end(const char *name)
{
    if (failures)
        fprintf(stderr, "%s: %d failure(s)\n", name, failures);
    else
        printf("%s: all pass\n", name);
    return failures != 0;
}

#endif
