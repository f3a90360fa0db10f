/* xml_load: report.xml → model. Parses with network, DTD, external entities and XInclude
 * off and a size cap; validates against schemas/annual-report-2021.xsd (compiled once per
 * process); every problem becomes a Chinese diagnostic with file:line:col and the official
 * names. The loader (xml_load*.c, sharing xml_loader.h) is the only part of src/report that
 * includes libxml2. Writing the model back as XML is xml_write.h's. */
#ifndef GR_XML_LOAD_H
#define GR_XML_LOAD_H

#include "base/base.h"
#include "report/model.h"

#include <stdio.h>

/* Load and validate. Returns the report (also when there are errors, as far as it could be
 * read, or NULL when nothing could), and adds every problem to d. path names the file in
 * diagnostics. */
gr_report *gr_xml_load_file(const char *path, gr_diags *d);
gr_report *gr_xml_load_mem(const char *data, size_t len, const char *path, gr_diags *d);

/* The whole of a file (or standard input, "-"), at most GR_MAX_INPUT_BYTES, NUL-terminated
 * (the NUL not counted in *len); NULL with an E-IO or E-SIZE diagnostic. Caller frees. */
char *gr_xml_read(const char *path, size_t *len, gr_diags *d);
/* Begin compiling the schema on a thread of its own (it is otherwise compiled on first use),
 * so that the caller's next work (opening the fonts) runs beside it; the first load waits
 * for it. Only when no thread can be made is it compiled here, and then GR_ERR_ENV when it
 * does not compile; otherwise a schema that does not compile (a build bug) is E-INTERNAL at
 * the first load. gr_xml_cleanup waits for the thread. */
gr_status gr_xml_init(gr_diags *d);
/* Release the compiled schema (at exit; for leak checkers). */
void gr_xml_cleanup(void);
/* Wait for the thread gr_xml_init began, and release nothing: a process about to exit,
 * whose heap the kernel takes back whole (libxml2's own clean-up at exit must not meet
 * the thread still compiling). */
void gr_xml_settle(void);

/* The version of libxml2 this process runs with ("2.9.14"), for --version; a buffer of
 * the calling thread. */
const char *gr_xml_libxml2_version(void);

#endif
