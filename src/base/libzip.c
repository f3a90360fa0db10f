#include "base/libzip.h"

#include "base/dynlib.h"

gr_zip_table gr_zip_fn;

#define GR_ZIP_NAME(f) #f,
static const char *const names[] = {GR_ZIP_FUNCS(GR_ZIP_NAME)};
_Static_assert(sizeof names / sizeof names[0] * sizeof(void *) == sizeof(gr_zip_table),
               "one slot per name, no padding");

static gr_dynlib lib = GR_DYNLIB_INIT(GR_LIBZIP_SONAME, names, gr_zip_fn);

const char *gr_zip_load(void)
{
    return gr_dynlib_load(&lib);
}
