/* docx_mutator: the structure-aware mode of fuzz_import, a libFuzzer custom mutator. Byte
 * mutations of a .docx mostly break its deflate streams and reach only "corrupt zip"; this
 * mutator unzips the input (libzip, in memory), mutates one of the parts the reader acts on
 * (the main document, numbering, styles, the relationships, the content types) with
 * LLVMFuzzerMutate, and zips the package again, so that the mutations reach the XML readers.
 * One input in eight is mutated as bytes, so the zip layer is still fuzzed, and inputs that
 * are not zips (HTML, text) are left to libFuzzer's own mutations. */
#include <zip.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define MAX_ENTRIES 64
#define MAX_PART (4u << 20) /* a part larger than this is left as it is */

typedef struct {
    char *name;
    uint8_t *data;
    size_t len;
} entry;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* How much the mutator wants part name: the main part most, then what steers the reader. */
static unsigned weight(const char *name)
{
    if (ends_with(name, "document.xml"))
        return 8;
    if (ends_with(name, "numbering.xml") || ends_with(name, ".rels"))
        return 3;
    if (ends_with(name, "styles.xml") || !strcmp(name, "[Content_Types].xml"))
        return 1;
    return 0;
}

/* The package's entries, read whole; 0 when it is no zip libzip opens. */
static size_t unzip_all(const uint8_t *data, size_t size, entry *es)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (!za) {
        if (src)
            zip_source_free(src);
        return 0;
    }
    size_t n = 0;
    zip_int64_t total = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < total && n < MAX_ENTRIES; i++) {
        zip_stat_t st;
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name || zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_SIZE) || st.size > MAX_PART)
            continue;
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!f)
            continue;
        uint8_t *buf = malloc(st.size ? st.size : 1);
        zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
        zip_fclose(f);
        if (got != (zip_int64_t)st.size) {
            free(buf);
            continue;
        }
        es[n].name = strdup(name);
        es[n].data = buf;
        es[n].len = st.size;
        n++;
    }
    zip_discard(za);
    return n;
}

/* The entries as a new zip in out (at most max bytes); its length, 0 when it does not fit. */
static size_t zip_all(const entry *es, size_t n, uint8_t *out, size_t max, unsigned seed)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    size_t len = 0;
    if (!za)
        goto done;
    zip_source_keep(src);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, es[i].data, es[i].len, 0);
        zip_int64_t idx = s ? zip_file_add(za, es[i].name, s, ZIP_FL_ENC_RAW) : -1;
        if (idx < 0) {
            if (s)
                zip_source_free(s);
            goto done;
        }
        /* stored now and then: the reader meets both methods */
        zip_set_file_compression(za, (zip_uint64_t)idx,
                                 (seed >> 8) % 4 ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 1);
    }
    if (zip_close(za) != 0)
        goto done;
    za = NULL;
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > max ||
        zip_source_open(src) != 0)
        goto done;
    zip_int64_t got = zip_source_read(src, out, st.size);
    zip_source_close(src);
    len = got == (zip_int64_t)st.size ? (size_t)got : 0;
done:
    if (za)
        zip_discard(za);
    if (src)
        zip_source_free(src);
    return len;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (size < 4 || memcmp(data, "PK\3\4", 4) != 0 || seed % 8 == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    entry es[MAX_ENTRIES];
    size_t n = unzip_all(data, size, es);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weight(es[i].name);
    size_t out = 0;
    if (sum > 0) {
        unsigned pick = (seed >> 3) % sum;
        size_t t = 0;
        while (pick >= weight(es[t].name))
            pick -= weight(es[t++].name);
        /* room to grow: a mutation may insert as much as the part holds, up to 64 KB */
        size_t room = es[t].len + (es[t].len < 65536 ? es[t].len : 65536) + 64;
        uint8_t *part = malloc(room);
        if (part) {
            memcpy(part, es[t].data, es[t].len);
            size_t plen = LLVMFuzzerMutate(part, es[t].len, room);
            free(es[t].data);
            es[t].data = part;
            es[t].len = plen;
            out = zip_all(es, n, data, max_size, seed);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(es[i].name);
        free(es[i].data);
    }
    return out ? out : LLVMFuzzerMutate(data, size, max_size);
}
