/* libzip, loaded when a .docx is read or an OFD written (base/dynlib.h): include this
 * header, not <zip.h>, and call gr_zip_load() before the first zip_* call. The zip_*
 * names used below are the table's slots; a new one is added to GR_ZIP_FUNCS. */
#ifndef GR_LIBZIP_H
#define GR_LIBZIP_H

#include <zip.h>

#define GR_ZIP_FUNCS(X) \
    X(zip_close) \
    X(zip_discard) \
    X(zip_error_code_zip) \
    X(zip_error_fini) \
    X(zip_error_init) \
    X(zip_error_set) \
    X(zip_error_strerror) \
    X(zip_error_to_data) \
    X(zip_fclose) \
    X(zip_file_add) \
    X(zip_file_get_error) \
    X(zip_file_set_dostime) \
    X(zip_fopen_index) \
    X(zip_fread) \
    X(zip_get_error) \
    X(zip_get_name) \
    X(zip_get_num_entries) \
    X(zip_name_locate) \
    X(zip_open_from_source) \
    X(zip_source_buffer_create) \
    X(zip_source_close) \
    X(zip_source_free) \
    X(zip_source_function) \
    X(zip_source_keep) \
    X(zip_source_make_command_bitmap) \
    X(zip_source_open) \
    X(zip_source_read) \
    X(zip_source_stat) \
    X(zip_stat_index) \
    X(zip_stat_init)

typedef struct {
#define GR_ZIP_SLOT(f) __typeof__(f) *f;
    GR_ZIP_FUNCS(GR_ZIP_SLOT)
#undef GR_ZIP_SLOT
} gr_zip_table;

extern gr_zip_table gr_zip_fn;

/* Loads libzip once (thread-safe). NULL when it is there; else why not, in Chinese. */
const char *gr_zip_load(void);

#define zip_close gr_zip_fn.zip_close
#define zip_discard gr_zip_fn.zip_discard
#define zip_error_code_zip gr_zip_fn.zip_error_code_zip
#define zip_error_fini gr_zip_fn.zip_error_fini
#define zip_error_init gr_zip_fn.zip_error_init
#define zip_error_set gr_zip_fn.zip_error_set
#define zip_error_strerror gr_zip_fn.zip_error_strerror
#define zip_error_to_data gr_zip_fn.zip_error_to_data
#define zip_fclose gr_zip_fn.zip_fclose
#define zip_file_add gr_zip_fn.zip_file_add
#define zip_file_get_error gr_zip_fn.zip_file_get_error
#define zip_file_set_dostime gr_zip_fn.zip_file_set_dostime
#define zip_fopen_index gr_zip_fn.zip_fopen_index
#define zip_fread gr_zip_fn.zip_fread
#define zip_get_error gr_zip_fn.zip_get_error
#define zip_get_name gr_zip_fn.zip_get_name
#define zip_get_num_entries gr_zip_fn.zip_get_num_entries
#define zip_name_locate gr_zip_fn.zip_name_locate
#define zip_open_from_source gr_zip_fn.zip_open_from_source
#define zip_source_buffer_create gr_zip_fn.zip_source_buffer_create
#define zip_source_close gr_zip_fn.zip_source_close
#define zip_source_free gr_zip_fn.zip_source_free
#define zip_source_function gr_zip_fn.zip_source_function
#define zip_source_keep gr_zip_fn.zip_source_keep
#define zip_source_make_command_bitmap gr_zip_fn.zip_source_make_command_bitmap
#define zip_source_open gr_zip_fn.zip_source_open
#define zip_source_read gr_zip_fn.zip_source_read
#define zip_source_stat gr_zip_fn.zip_source_stat
#define zip_stat_index gr_zip_fn.zip_stat_index
#define zip_stat_init gr_zip_fn.zip_stat_init

#endif
