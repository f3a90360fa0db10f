/* cli_serve: `govreport serve [--listen ADDR:PORT] [--data DIR] [--max-upload SIZE] …`.
 * Argument parsing only: the server is src/serve (serve/serve.h).
 * Exit 0 after SIGINT/SIGTERM, 2 on misuse, 3 when it cannot start. */
#include "serve/serve.h"
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "用法：govreport serve [--listen 地址:端口] [--data DIR] [--out DIR] [--previous DIR]\n"
    "                      [--max-upload SIZE] [--tls-cert PEM --tls-key PEM]\n"
    "                      [--fonts-conf FILE] [--font-dir DIR] [--quiet]\n"
    "在浏览器中检查、填报、批量排版和汇总报告：启动一个网页服务，在标准输出打印带令牌的地址\n"
    "（http://127.0.0.1:端口/?token=…）和所用的数据目录。Ctrl-C 或 SIGTERM 停止。\n"
    "\n"
    "  --listen 地址:端口  监听地址，默认 127.0.0.1:8080；端口 0 取一个空闲端口。\n"
    "                     非本机地址会给出警告，只应用于可信的内网\n"
    "  --data DIR         报告 XML 所在目录（即 govreport batch 读的目录），默认当前目录；\n"
    "                     保存报告即写入此目录\n"
    "  --out DIR          批量排版与汇总的输出目录，默认数据目录旁的 DIR-out\n"
    "  --previous DIR     上年度报告目录：列表、检查与批量排版按机关配对上年报告\n"
    "  --max-upload SIZE  上传大小上限，默认 32M（可写 K、M、G）\n"
    "  --tls-cert PEM, --tls-key PEM  用 HTTPS（GnuTLS）\n"
    "  --fonts-conf FILE, --font-dir DIR  字体，同 render\n"
    "  --quiet            不在标准错误上逐条记录请求\n"
    "  --help             显示本说明\n"
    "\n"
    "退出状态：0 收到 SIGINT/SIGTERM 后正常停止；2 用法错误；3 "
    "无法启动（端口被占用、无字体等）。\n";

/* SIZE: bytes, or with K, M or G (powers of 1024, an optional "iB" or "B" after). */
static bool parse_size(const char *s, size_t *out)
{
    char *end;
    if (*s < '0' || *s > '9') return false;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    else if (*end == 'G' || *end == 'g')
        shift = 30, end++;
    if (shift && !strcmp(end, "iB"))
        end += 2;
    else if (shift && !strcmp(end, "B"))
        end += 1;
    if (*end || v == 0 || v > (1ULL << 40) >> shift) return false;
    *out = (size_t)(v << shift);
    return true;
}

int gr_cli_serve(int argc, char **argv)
{
    gr_serve_opts o = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return GR_EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o.quiet = true;
        } else if ((v = gr_cli_option(argc, argv, &i, "--listen", &missing))) {
            char host[256];
            unsigned port;
            if (!gr_serve_parse_listen(v, host, sizeof host, &port))
                return gr_cli_usage_error(
                    "serve", usage, "--listen 须为 地址:端口（如 127.0.0.1:8080），而不是“%s”", v);
            o.listen = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--data", &missing))) {
            o.data_dir = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--out", &missing))) {
            o.out_dir = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--previous", &missing))) {
            o.previous_dir = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--max-upload", &missing))) {
            if (!parse_size(v, &o.max_upload))
                return gr_cli_usage_error("serve", usage,
                                          "--max-upload 须为大小，如 32M，而不是“%s”", v);
        } else if ((v = gr_cli_option(argc, argv, &i, "--tls-cert", &missing))) {
            o.tls_cert = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--tls-key", &missing))) {
            o.tls_key = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--fonts-conf", &missing))) {
            o.fonts_conf = v;
        } else if ((v = gr_cli_option(argc, argv, &i, "--font-dir", &missing))) {
            o.font_dir = v;
        } else if (missing) {
            return gr_cli_usage_error("serve", usage, "选项 %s 缺少值", a);
        } else {
            return gr_cli_usage_error("serve", usage, "未知参数“%s”", a);
        }
    }
    if (!o.tls_cert != !o.tls_key)
        return gr_cli_usage_error("serve", usage, "%s", "--tls-cert 与 --tls-key 须一起给出");
    return gr_serve_run(&o) == GR_OK ? GR_EXIT_OK : GR_EXIT_ENV;
}
