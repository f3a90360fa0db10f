/* punct: the classes of Chinese punctuation, once (see punct.h). */
#include "base/punct.h"

/* clang-format off: code point tables read better packed */
gr_punct gr_punct_class(uint32_t cp)
{
    switch (cp) {
    case 0xFF08:
    case 0x3014:
    case 0xFF3B:
    case 0xFF5B:
    case 0x3010:
    case 0x3016:
    case 0x300A:
    case 0x3008:
    case 0x300C:
    case 0x300E:
    case 0x201C:
    case 0x2018:
    case 0x3018:
    case 0x301A:
        return GR_PUNCT_OPEN;
    case 0xFF09:
    case 0x3015:
    case 0xFF3D:
    case 0xFF5D:
    case 0x3011:
    case 0x3017:
    case 0x300B:
    case 0x3009:
    case 0x300D:
    case 0x300F:
    case 0x201D:
    case 0x2019:
    case 0x3019:
    case 0x301B:
        return GR_PUNCT_CLOSE;
    case 0x3001:
    case 0xFF0C:
    case 0xFF1B:
    case 0xFF1A:
        return GR_PUNCT_COMMA;
    case 0x3002:
    case 0xFF1F:
    case 0xFF01:
        return GR_PUNCT_STOP;
    case 0x2014:
    case 0xFF5E:
    case 0x2026:
    case 0x22EF:
    case 0x2E3A:
    case 0x301C:
        return GR_PUNCT_FIXED;
    case 0x00B7:
    case 0x30FB:
    case 0xFF0F:
        return GR_PUNCT_HALFMARK;
    default:
        return GR_PUNCT_NONE;
    }
}

bool gr_punct_ends_clause(uint32_t cp)
{
    gr_punct k = gr_punct_class(cp);
    return k == GR_PUNCT_COMMA || k == GR_PUNCT_STOP;
}

bool gr_punct_t1(uint32_t cp)
{
    switch (cp) {
    case 0x2014:
    case 0xFF5E:
    case 0x007E:
    case 0x301C:
    case 0x00B7:
    case 0xFF0F:
        return true;
    default:
        return false;
    }
}
/* clang-format on */
