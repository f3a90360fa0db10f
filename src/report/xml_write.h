/* xml_write: a report model → XML in the form xml_load reads (schema-valid; totals computed
 * where the model left them out). */
#ifndef GR_XML_WRITE_H
#define GR_XML_WRITE_H

#include "base/base.h"
#include "report/model.h"

#include <stdio.h>

/* Serialise a report as schema-valid XML (totals written as stored in the model). */
void gr_xml_write(const gr_report *r, FILE *out);

/* Write r as XML to path atomically (gr_file_write_atomic); "-" writes to standard output.
 * GR_ERR_ENV (with an E-WRITE diagnostic) when it cannot. */
gr_status gr_xml_write_file(const gr_report *r, const char *path, gr_diags *d);

#endif
