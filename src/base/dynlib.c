#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* pthread_once passes no argument: the library being loaded, one load at a time. */
static gr_dynlib *loading;
static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;

static void load_once(void)
{
    gr_dynlib *lib = loading;
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(lib->why, sizeof lib->why, "无法载入 %s（安装它所在的软件包）：%s", lib->soname,
                 dlerror());
        return;
    }
    for (size_t i = 0; i < lib->count; i++) {
        void *f = dlsym(h, lib->names[i]);
        if (!f) {
            snprintf(lib->why, sizeof lib->why, "%s 中没有函数 %s：版本过旧", lib->soname,
                     lib->names[i]);
            return;
        }
        /* POSIX: a function pointer has the representation of a void * */
        memcpy((char *)lib->table + i * sizeof f, &f, sizeof f);
    }
}

const char *gr_dynlib_load(gr_dynlib *lib)
{
    pthread_mutex_lock(&loading_lock);
    loading = lib;
    pthread_once(&lib->once, load_once);
    pthread_mutex_unlock(&loading_lock);
    return lib->why[0] ? lib->why : NULL;
}
