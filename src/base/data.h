/* data: where the files read at run time (the font roles) are found. An installed binary
 * looks in GR_DATA_REL (../share/govreport) beside its own executable, so that a moved
 * install keeps working and no build machine's path is compiled in; a binary in the build
 * tree finds the source tree through the marker file GR_BUILD_MARKER that CMake writes
 * beside it (never installed). The options and environment variables of the callers come
 * before either: see gr_fonts_open. */
#ifndef GR_DATA_H
#define GR_DATA_H

/* Beside a binary of the build tree: one line, the source folder (written at configure time). */
#define GR_BUILD_MARKER "govreport-build-data"

/* The data folder, absolute, without a trailing slash (malloc'd), or NULL when there is
 * none: the source folder a build marker names, else the installed data folder found from
 * /proc/self/exe. */
char *gr_data_dir(void);
/* The data file rel (such as "fonts/govreport.conf") when it is a regular file in the data
 * folder (malloc'd), else NULL. */
char *gr_data_file(const char *rel);

#endif
