/* base: what every stage stands on. Allocation and the report arena, UTF-8 and strings
 * (util.h), what kind of character a code point is (chars.h, punct.h), diagnostics as data
 * (diag.h), the one atomic way to write a file and the one rule to open one (file.h), where
 * the data files are (data.h), and running another program (spawn.h). It includes only the
 * C library and POSIX and
 * touches no outside library, except to load one when it is first needed: dynlib.h, and
 * libzip.h for the .docx reader and the OFD writer (included where used, not here). Every other folder may include this header; base includes
 * nothing of theirs. */
#ifndef GR_BASE_H
#define GR_BASE_H

#include "base/chars.h"
#include "base/data.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/punct.h"
#include "base/spawn.h"
#include "base/util.h"

#endif
