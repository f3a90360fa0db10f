/* linebreak: UAX #14 break opportunities from libunibreak 1.1 (lang "zh", so that “ ” are
 * OP/CL and · resolves to ID) plus the tailoring of docs/typography.md §8.3. The rest of the
 * layout engine sees only GR_BRK_* per code point; this is the one file that calls
 * libunibreak. */
#include "layout/linebreak.h"
#include "base/base.h"

#include <pthread.h>

/* libunibreak 1.1's own header is also called linebreak.h and src/ comes first on the
 * include path, so its two functions are declared here, as /usr/include/linebreak.h
 * declares them (utf32_t is unsigned int there). */
void init_linebreak(void);
void set_linebreaks_utf32(const unsigned int *s, size_t len, const char *lang, char *brks);

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

/* init_linebreak() builds the lookup that makes CJK code points fast; once per process,
 * and batch renders reports on several threads. */
static void lb_init(void)
{
    init_linebreak();
}

/* clang-format off: code point tables read better packed */
static bool is_cjk_numeral(uint32_t cp)
{
    switch (cp) {
    case 0x4E00:
    case 0x4E8C:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94: /* 一二三四五 */
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D:
    case 0x5341: /* 六七八九十 */
    case 0x767E:
    case 0x96F6:
    case 0x3007: /* 百零〇 */
        return true;
    default:
        return false;
    }
}
/* clang-format on */

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

size_t gr_linebreak_label_len(const uint32_t *cps, size_t n)
{
    size_t i = 0;
    if (n == 0) return 0;
    if (cps[0] == 0xFF08 || cps[0] == '(') { /* （一） （1） */
        uint32_t close = cps[0] == '(' ? ')' : 0xFF09;
        i = 1;
        bool cjk = i < n && is_cjk_numeral(cps[i]);
        while (i < n && (cjk ? is_cjk_numeral(cps[i]) : is_digit(cps[i])))
            i++;
        if (i == 1 || i >= n || (cps[i] != close && cps[i] != 0xFF09 && cps[i] != ')')) return 0;
        return i + 1;
    }
    if (is_cjk_numeral(cps[0])) { /* 一、 */
        while (i < n && is_cjk_numeral(cps[i]))
            i++;
        return i < n && cps[i] == 0x3001 ? i + 1 : 0;
    }
    if (is_digit(cps[0])) { /* 1. */
        while (i < n && is_digit(cps[i]))
            i++;
        return i < n && (cps[i] == '.' || cps[i] == 0xFF0E || cps[i] == 0x3001) ? i + 1 : 0;
    }
    return 0;
}

/* T1: marks that may not start a line although UAX #14 lets them. */
static bool t1_no_break_before(const uint32_t *cps, size_t n, size_t i)
{
    if (cps[i] == 0x2014) /* a lone 一字线 is a connector; a pair (破折号) may start a line */
        return !(i > 0 && cps[i - 1] == 0x2014) && !(i + 1 < n && cps[i + 1] == 0x2014);
    return gr_punct_t1(cps[i]);
}

static bool is_latin_run_char(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

static bool ascii_lower_eq(uint32_t cp, char c)
{
    return cp == (uint32_t)c || (cp >= 'A' && cp <= 'Z' && cp + 32 == (uint32_t)c);
}

/* The Latin run holding position i is a URL: it starts with [a-z]+:// or www. */
static bool in_url(const uint32_t *cps, size_t n, size_t i)
{
    size_t s = i;
    while (s > 0 && is_latin_run_char(cps[s - 1]))
        s--;
    size_t j = s;
    while (j < n && ((cps[j] >= 'a' && cps[j] <= 'z') || (cps[j] >= 'A' && cps[j] <= 'Z')))
        j++;
    if (j > s && j + 2 < n && cps[j] == ':' && cps[j + 1] == '/' && cps[j + 2] == '/') return true;
    return s + 4 <= n && ascii_lower_eq(cps[s], 'w') && ascii_lower_eq(cps[s + 1], 'w') &&
           ascii_lower_eq(cps[s + 2], 'w') && cps[s + 3] == '.';
}

void gr_linebreak_find(const uint32_t *cps, size_t n, bool heading_label, char *brk)
{
    if (n == 0) return;
    pthread_once(&lb_once, lb_init);
    set_linebreaks_utf32((const unsigned int *)cps, n, "zh", brk);
    for (size_t i = 1; i < n; i++)
        if (brk[i - 1] == GR_BRK_ALLOW && t1_no_break_before(cps, n, i)) brk[i - 1] = GR_BRK_NO;
    for (size_t i = 0; i + 1 < n; i++) {
        if (brk[i] != GR_BRK_ALLOW) continue;
        if (cps[i] == 0xFF0F || (cps[i] == '/' && !in_url(cps, n, i))) brk[i] = GR_BRK_NO; /* T2 */
    }
    if (heading_label) { /* T3 */
        size_t l = gr_linebreak_label_len(cps, n);
        if (l > 0 && l < n && brk[l - 1] == GR_BRK_ALLOW) brk[l - 1] = GR_BRK_NO;
    }
}

/* clang-format off: code point tables read better packed */
bool gr_linebreak_no_start(uint32_t cp)
{
    gr_punct k = gr_punct_class(cp);
    if (k == GR_PUNCT_CLOSE || k == GR_PUNCT_COMMA || k == GR_PUNCT_STOP || gr_punct_t1(cp))
        return true; /* CL, NS, EX of the classes, and T1 */
    switch (cp) {
    /* CL beyond the classes: full-width full stop, halfwidth corner bracket, small forms */
    case 0xFF0E:
    case 0xFF63:
    case 0xFE50:
    case 0xFE52:
    /* NS, EX */
    case 0x30FB:
    case 0x2027:
    case 0x3005:
    case 0x309D:
    case 0x309E:
    case 0x30FD:
    case 0x30FE:
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049:
    /* ASCII CL, CP, IS, EX */
    case ')':
    case ']':
    case '}':
    case ',':
    case '.':
    case ';':
    case ':':
    case '!':
    case '?':
    /* PO after a number */
    case '%':
    case 0xFF05:
    case 0x2030:
    case 0x2103:
        return true;
    default:
        return false;
    }
}
/* clang-format on */
