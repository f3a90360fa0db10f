/* test_serve: the pieces of govreport serve that decide alone, without a socket: which names
 * the folder accepts (issue 23: one path component ending in .xml, Chinese names fine),
 * JSON strings from bytes a client sent, --listen, the ETag, and the save guarded by it. */
#include "serve/serve_int.h"
#include "harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void names(void)
{
    static const char *const good[] = {"a.xml",   "山阳区人民政府-2025.xml", "a b.xml", "a..xml",
                                       "x.y.xml", "报告（修订）.xml"};
    static const char *const bad[] = {"",
                                      ".xml",
                                      "..",
                                      "../x.xml",
                                      "a/b.xml",
                                      "a\\b.xml",
                                      ".hidden.xml",
                                      "x.txt",
                                      "x.XML",
                                      "a\x01.xml",
                                      "a\x7f.xml",
                                      "\xff\xfe.xml",
                                      "\xc0\xaf.xml",
                                      "\xe2\x80\xae"
                                      "x.xml",
                                      "\xc2\x85.xml",
                                      "\xed\xa0\x80.xml",
                                      "x.xml/"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK(gr_store_name_ok(good[i], ".xml"), "refused the name %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!gr_store_name_ok(bad[i], ".xml"), "took the name #%zu", i);
    char longname[300];
    memset(longname, 'a', sizeof longname);
    strcpy(longname + 251, ".xml"); /* 255 bytes: the most a file name may have */
    CHECK_TRUE(gr_store_name_ok(longname, ".xml"));
    memset(longname, 'a', sizeof longname);
    strcpy(longname + 252, ".xml");
    CHECK_TRUE(!gr_store_name_ok(longname, ".xml"));
}

static void json(void)
{
    struct {
        const char *in, *out;
    } cases[] = {
        {"山阳", "\"山阳\""},
        {"a\"b\\c", "\"a\\\"b\\\\c\""},
        {"\n\t\x01\x7f", "\"\\u000a\\u0009\\u0001\\u007f\""},
        {"\xff"
         "x\xc0\xaf",
         "\"\\ufffdx\\ufffd\\ufffd\""}, /* not UTF-8: one U+FFFD a byte */
        {"\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\""},
        {"</script>", "\"</script>\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gr_sbuf b = {0};
        gr_sbuf_json_str(&b, cases[i].in);
        CHECK(b.data && !strcmp(b.data, cases[i].out), "json #%zu: %s", i, b.data ? b.data : "");
        gr_sbuf_free(&b);
    }
    gr_sbuf b = {0};
    gr_sbuf_json_str(&b, NULL);
    CHECK_TRUE(!strcmp(b.data, "null"));
    gr_sbuf_free(&b);
}

static void listen_addr(void)
{
    char host[64];
    unsigned port = 1;
    CHECK_TRUE(gr_serve_parse_listen("127.0.0.1:8080", host, sizeof host, &port) &&
               !strcmp(host, "127.0.0.1") && port == 8080);
    CHECK_TRUE(gr_serve_parse_listen("[::1]:0", host, sizeof host, &port) && !strcmp(host, "::1") &&
               port == 0);
    CHECK_TRUE(gr_serve_parse_listen("9000", host, sizeof host, &port) &&
               !strcmp(host, "127.0.0.1") && port == 9000);
    static const char *const bad[] = {"localhost", "x:",     ":80",     "a:65536",
                                      "a:8o",      "::1:80", "[::1]80", "a:123456"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!gr_serve_parse_listen(bad[i], host, sizeof host, &port), "took --listen %s", bad[i]);
}

static void save(void)
{
    char dir[2048]; /* fits the server's data_dir */
    snprintf(dir, sizeof dir, "%.2000s/store", tmp_dir());
    if (mkdir(dir, 0700) != 0) {
        CHECK(0, "mkdir %s", dir);
        return;
    }
    gr_server s;
    memset(&s, 0, sizeof s);
    snprintf(s.data_dir, sizeof s.data_dir, "%s", dir);
    pthread_mutex_init(&s.store_lock, NULL);
    char *e1 = NULL, *e2 = NULL, *e3 = NULL;
    int err;
    CHECK_TRUE(gr_store_save(&s, "r.xml", "one", 3, NULL, "*", &e1, &err) == GR_SAVE_CREATED);
    CHECK_TRUE(gr_store_save(&s, "r.xml", "two", 3, NULL, "*", &e2, &err) == GR_SAVE_STALE);
    CHECK_TRUE(gr_store_save(&s, "r.xml", "two", 3, e1, NULL, &e2, &err) == GR_SAVE_REPLACED);
    CHECK_TRUE(e1 && e2 && strcmp(e1, e2) != 0);
    /* the first version's ETag is stale now; a list holding the current one matches */
    CHECK_TRUE(gr_store_save(&s, "r.xml", "three", 5, e1, NULL, &e3, &err) == GR_SAVE_STALE);
    char list[64];
    snprintf(list, sizeof list, "\"x\", %s", e2);
    CHECK_TRUE(gr_store_save(&s, "r.xml", "three", 5, list, NULL, &e3, &err) == GR_SAVE_REPLACED);
    CHECK_TRUE(gr_store_save(&s, "new.xml", "x", 1, "*", NULL, &e3, &err) == GR_SAVE_STALE);
    unsigned char *data = NULL;
    size_t len = 0;
    char *etag = NULL;
    CHECK_TRUE(gr_store_read(dir, "r.xml", 100, &data, &len, &etag) == 0 && len == 5 &&
               !memcmp(data, "three", 5));
    char *want = gr_store_etag("three", 5);
    CHECK_TRUE(etag && !strcmp(etag, want));
    free(data);
    free(etag);
    free(want);
    CHECK_TRUE(gr_store_read(dir, "r.xml", 4, &data, &len, NULL) == EFBIG);
    char **names;
    size_t n;
    CHECK_TRUE(gr_store_list(dir, &names, &n) == 0 && n == 1 && !strcmp(names[0], "r.xml"));
    gr_store_names_free(names, n);
    CHECK_TRUE(gr_store_delete(&s, "r.xml", "\"0000000000000000\"") == -1);
    CHECK_TRUE(gr_store_delete(&s, "r.xml", NULL) == 0);
    CHECK_TRUE(gr_store_delete(&s, "r.xml", NULL) == ENOENT);
    free(e1);
    free(e2);
    free(e3);
    pthread_mutex_destroy(&s.store_lock);
    CHECK(rmdir(dir) == 0, "a file was left in the folder (a temporary file?)");
}

int main(void)
{
    names();
    json();
    listen_addr();
    save();
    return harness_end("serve");
}
