/* report: the annual report as data. The national template as data (template.h), the model
 * (model.h), loading and validating the XML (xml_load.h) and writing it (xml_write.h), the
 * balance rules and the prose checks (check.h), and the sum of many reports (aggregate.h).
 * May include: base. Only here (and in the HTML and docx readers) is libxml2 touched: the
 * loader. (The writer prints XML itself.) */
#ifndef GR_REPORT_H
#define GR_REPORT_H

#include "report/aggregate.h"
#include "report/check.h"
#include "report/model.h"
#include "report/previous.h"
#include "report/prose.h"
#include "report/template.h"
#include "report/xml_load.h"
#include "report/xml_write.h"

#endif
