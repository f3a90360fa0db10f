/* cli_version: `govreport --version`. The program's version, then the version of each
 * outside library as the running process has it (a Debian upgrade changes them under an
 * unchanged binary), then the data folder the font roles come from. Each library is asked
 * in the module that owns it. */
#include "cli/cli.h"

#include "base/base.h"
#include "layout/layout.h"
#include "output/output.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef GR_VERSION
#define GR_VERSION "0.1.0"
#endif

int gr_cli_version(void)
{
    printf("govreport %s\n", GR_VERSION);
    printf("libharu %s\n", gr_pdf_libharu_version());
    printf("libxml2 %s\n", gr_xml_libxml2_version());
    printf("HarfBuzz %s\n", gr_fonts_harfbuzz_version());
    printf("fontconfig %s\n", gr_fonts_fontconfig_version());
    char *data = gr_data_dir();
    printf("数据目录：%s\n", data ? data : "（无，使用内置的字体角色）");
    free(data);
    return GR_EXIT_OK;
}
