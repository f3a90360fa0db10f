/* numbers (util.h): the checked number parsers at their limits (every digit string of the program
 * becomes an integer through them): the largest value allowed, one past it, a run of
 * digits far past any integer type, leading zeros, signs, hex, and the bound on bytes. */
#include "base/util.h"

#include <stdint.h>
#include <string.h>

#include "harness.h"

static void test_digits_value(void)
{
    int64_t v = -1;
    CHECK(gr_digits_value("999999999", SIZE_MAX, 10, 999999999, &v) == 9 && v == 999999999,
          "the largest count: %lld", (long long)v);
    CHECK(gr_digits_value("1000000000", SIZE_MAX, 10, 999999999, &v) == 10 && v == 1000000000,
          "one past the largest count is max + 1: %lld", (long long)v);
    const char *huge = "99999999999999999999999999999999999999999、总体情况";
    CHECK(gr_digits_value(huge, strlen(huge), 10, 99, &v) == 41 && v == 100,
          "41 nines against 99: %lld", (long long)v);
    CHECK(gr_digits_value("9223372036854775807", SIZE_MAX, 10, INT64_MAX - 1, &v) == 19 &&
              v == INT64_MAX,
          "INT64_MAX against INT64_MAX - 1 saturates, no overflow: %lld", (long long)v);
    CHECK(gr_digits_value("9223372036854775806", SIZE_MAX, 10, INT64_MAX - 1, &v) == 19 &&
              v == INT64_MAX - 1,
          "INT64_MAX - 1 is read exactly");
    CHECK(gr_digits_value("0000000000000000000000000000000007x", SIZE_MAX, 10, 9, &v) == 34 &&
              v == 7,
          "leading zeros");
    CHECK(gr_digits_value("7", SIZE_MAX, 10, 5, &v) == 1 && v == 6, "a digit over a small max");
    CHECK(gr_digits_value("abc", SIZE_MAX, 10, 99, &v) == 0 && v == 0, "no digit");
    CHECK(gr_digits_value("", SIZE_MAX, 10, 99, &v) == 0, "empty");
    CHECK(gr_digits_value("12345", 2, 10, 99, &v) == 2 && v == 12, "at most n bytes");
    CHECK(gr_digits_value("１２", SIZE_MAX, 10, 99, &v) == 0, "full-width digits are not ASCII");
    CHECK(gr_digits_value("fF", SIZE_MAX, 16, 255, &v) == 2 && v == 255, "hex ff");
    CHECK(gr_digits_value("100", SIZE_MAX, 16, 255, &v) == 3 && v == 256, "hex 100 over ff");
    CHECK(gr_digits_value("10FFFF", SIZE_MAX, 16, 0x10FFFF, &v) == 6 && v == 0x10FFFF, "hex");
    CHECK(gr_digits_value("FFFFFFFFFFFFFFFFFFFFFF", SIZE_MAX, 16, 0x10FFFF, &v) == 22 &&
              v == 0x110000,
          "long hex saturates");
    CHECK(gr_digits_value("1g", SIZE_MAX, 16, 255, &v) == 1 && v == 1, "g is no hex digit");
}

static void test_parse_int(void)
{
    int64_t v = 0;
    CHECK(gr_parse_int("999999999", 0, 999999999, &v) && v == 999999999, "count max");
    CHECK(!gr_parse_int("1000000000", 0, 999999999, &v), "count max + 1");
    CHECK(!gr_parse_int("99999999999999999999999999", 0, 999999999, &v), "26 digits");
    CHECK(gr_parse_int("+7", 1, 64, &v) && v == 7, "+7");
    CHECK(!gr_parse_int("-1", 0, 10, &v), "negative under lo");
    CHECK(gr_parse_int("-1000000", -1000000, 1000000, &v) && v == -1000000, "lo itself");
    CHECK(!gr_parse_int("-1000001", -1000000, 1000000, &v), "lo - 1");
    CHECK(!gr_parse_int("-99999999999999999999999", -1000000, 1000000, &v), "huge negative");
    CHECK(gr_parse_int("-0", 0, 10, &v) && v == 0, "-0 is 0");
    CHECK(!gr_parse_int("", 0, 10, &v) && !gr_parse_int("-", 0, 10, &v) &&
              !gr_parse_int("+", 0, 10, &v),
          "no digits");
    CHECK(!gr_parse_int(" 5", 0, 10, &v) && !gr_parse_int("5 ", 0, 10, &v) &&
              !gr_parse_int("5x", 0, 10, &v) && !gr_parse_int("0x5", 0, 10, &v) &&
              !gr_parse_int("1e3", 0, 10000, &v) && !gr_parse_int("--5", -10, 10, &v),
          "blanks, letters, exponents, two signs");
    CHECK(gr_parse_int("2100", 1990, 2100, &v) && v == 2100 &&
              !gr_parse_int("2101", 1990, 2100, &v) && !gr_parse_int("1989", 1990, 2100, &v),
          "years at their bounds");
    CHECK(gr_parse_int("9223372036854775806", 0, INT64_MAX - 1, &v) && v == INT64_MAX - 1,
          "the largest hi");
    CHECK(!gr_parse_int("9223372036854775807", 0, INT64_MAX - 1, &v), "hi + 1");
}

static void test_parse_ymd(void)
{
    int y = 0, m = 0, d = 0;
    CHECK(gr_parse_ymd("2026-01-20", &y, &m, &d) && y == 2026 && m == 1 && d == 20, "a date");
    CHECK(gr_parse_ymd("0001-12-31", &y, &m, &d) && y == 1 && m == 12 && d == 31, "its limits");
    const char *bad[] = {"2026-1-20", "2026-01-2", "2026/01/20", "2026-13-01", "2026-00-10",
                         "2026-01-32", "2026-01-00", "２０２６-01-20", "2026-01-20 ", "+026-01-20",
                         "", NULL};
    for (int i = 0; bad[i]; i++)
        CHECK(!gr_parse_ymd(bad[i], &y, &m, &d), "refused: \"%s\"", bad[i]);
    CHECK(!gr_parse_ymd(NULL, &y, &m, &d), "NULL");
}

int main(void)
{
    test_digits_value();
    test_parse_int();
    test_parse_ymd();
    return harness_end("test_numbers");
}
