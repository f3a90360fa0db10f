#include "serve/mhd.h"

#include "base/dynlib.h"

gr_mhd_table gr_mhd_fn;

#define GR_MHD_NAME(f) #f,
static const char *const names[] = {GR_MHD_FUNCS(GR_MHD_NAME)};
_Static_assert(sizeof names / sizeof names[0] * sizeof(void *) == sizeof(gr_mhd_table),
               "one slot per name, no padding");

static gr_dynlib lib = GR_DYNLIB_INIT(GR_MHD_SONAME, names, gr_mhd_fn);

const char *gr_mhd_load(void)
{
    return gr_dynlib_load(&lib);
}
