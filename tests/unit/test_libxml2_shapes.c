/* test_libxml2_shapes: what src/report/xml_load.c reads from libxml2's errors, checked on
 * libxml2 itself. The loader reads the structured error (code, node, str1, int1) where it
 * carries the fact, and the English message only where nothing else does; each of those
 * message shapes is pinned here, so that a libxml2 that rewords one fails this test rather
 * than quietly changing a diagnostic. The structured facts it relies on are checked too. */
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SAMPLE GR_SOURCE_DIR "/samples/shanyang-2025.xml"
#define SCHEMA GR_SOURCE_DIR "/schemas/annual-report-2021.xsd"
#define NS "{urn:govreport:annual-report:2021}"
#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING)

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

typedef struct {
    int code, int1;
    bool on_attribute; /* the error's node is an attribute node */
    char node[64];     /* the node's name, or "" */
    char str1[128];
    char message[512];
} seen;

static seen errs[16];
static size_t nerrs;

static void collect(void *ctx, xml_error_arg e)
{
    (void)ctx;
    if (!e || nerrs >= sizeof errs / sizeof errs[0])
        return;
    seen *s = &errs[nerrs++];
    const xmlNode *n = e->node;
    s->code = e->code;
    s->int1 = e->int1;
    s->on_attribute = n && n->type == XML_ATTRIBUTE_NODE;
    snprintf(s->node, sizeof s->node, "%s", n && n->name ? (const char *)n->name : "");
    snprintf(s->str1, sizeof s->str1, "%s", e->str1 ? e->str1 : "");
    snprintf(s->message, sizeof s->message, "%s", e->message ? e->message : "");
}

static xmlSchemaPtr schema;

/* Parse text as the loader does, and validate it when it is well-formed. */
static void run(const char *text, size_t len)
{
    nerrs = 0;
    xmlSetStructuredErrorFunc(NULL, collect);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "t.xml", NULL, PARSE_OPTS);
    if (doc) {
        xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
        xmlSchemaSetValidStructuredErrors(v, collect, NULL);
        xmlSchemaValidateDoc(v, doc);
        xmlSchemaFreeValidCtxt(v);
        xmlFreeDoc(doc);
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
}

/* The sample with its first `from` replaced by `to`, parsed and validated. */
static void run_variant(const char *sample, const char *from, const char *to)
{
    char *t = replace(sample, from, to);
    run(t, strlen(t));
    free(t);
}

/* The first error with this code, or NULL (and a failure). */
static const seen *find(int code, const char *what)
{
    for (size_t i = 0; i < nerrs; i++)
        if (errs[i].code == code)
            return &errs[i];
    CHECK(0, "%s: libxml2 raised no error %d (got %zu: %s)", what, code, nerrs,
          nerrs ? errs[0].message : "none");
    return NULL;
}

static void test_element_content(const char *sample)
{
    /* About the parent, when a child is missing at its end: the words and the list. */
    const char *from = strstr(sample, "<other-matters>");
    const char *to = strstr(sample, "</other-matters>");
    CHECK(from && to, "the sample has section 六");
    if (!from || !to)
        return;
    to += strlen("</other-matters>");
    size_t head = (size_t)(from - sample), len = strlen(sample);
    char *t = malloc(len + 1);
    memcpy(t, sample, head);
    strcpy(t + head, to); /* section 六 cut out */
    run(t, strlen(t));
    free(t);
    const seen *e = find(XML_SCHEMAV_ELEMENT_CONTENT, "missing last section");
    if (e) {
        CHECK(strstr(e->message, "Missing child element(s)") != NULL, "shape: %s", e->message);
        CHECK(strstr(e->message, "Expected is ( " NS "other-matters )") != NULL, "list: %s",
              e->message);
        CHECK(!strcmp(e->node, "report"), "about the parent, got <%s>", e->node);
    }

    /* About the child, when it is not the one expected: the words and a list of several. */
    char *t1 = replace(sample, "<overview>", "<overview-x>");
    t = replace(t1, "</overview>", "</overview-x>");
    run(t, strlen(t));
    free(t1);
    free(t);
    e = find(XML_SCHEMAV_ELEMENT_CONTENT, "unexpected element");
    if (e) {
        CHECK(strstr(e->message, "This element is not expected") != NULL, "shape: %s",
              e->message);
        CHECK(strstr(e->message, "Expected is one of ( " NS "preamble, " NS "overview )") != NULL,
              "list: %s", e->message);
        CHECK(!strcmp(e->node, "overview-x"), "about the child, got <%s>", e->node);
    }
}

static void test_value_errors(const char *sample)
{
    /* A bad count in an attribute: about the element, the attribute named in the text only. */
    run_variant(sample, "natural=\"28\"", "natural=\"2x\"");
    const seen *e = find(XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1, "bad count");
    if (e) {
        CHECK(!e->on_attribute && !strcmp(e->node, "new-received"), "node <%s>", e->node);
        CHECK(strstr(e->message, "attribute 'natural'") != NULL, "shape: %s", e->message);
    }
    /* A count over the bound: its own code, the attribute again named in the text. */
    run_variant(sample, "decisions=\"11850\"", "decisions=\"1000000000\"");
    e = find(XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID, "count over the bound");
    if (e)
        CHECK(strstr(e->message, "attribute 'decisions'") != NULL, "shape: %s", e->message);
    /* Element values: an empty issuer breaks minLength, the year its bound. */
    run_variant(sample, "<issuer>山阳区人民政府</issuer>", "<issuer></issuer>");
    find(XML_SCHEMAV_CVC_MINLENGTH_VALID, "empty issuer");
    find(XML_SCHEMAV_CVC_PATTERN_VALID, "empty issuer");
    run_variant(sample, "<year>2025</year>", "<year>1989</year>");
    find(XML_SCHEMAV_CVC_MININCLUSIVE_VALID, "year below the bound");
}

static void test_attributes(const char *sample)
{
    run_variant(sample, "<licensing decisions=\"11850\"/>", "<licensing decisions=\"1\" bogus=\"1\"/>");
    const seen *e = NULL;
    for (size_t i = 0; i < nerrs; i++)
        if (errs[i].code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1 ||
            errs[i].code == XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2)
            e = &errs[i];
    CHECK(e && !strcmp(e->str1, "bogus"), "an unknown attribute is named in str1 (%s)",
          e ? e->str1 : "no such error");
    run_variant(sample, " legal-service=\"0\"", "");
    e = find(XML_SCHEMAV_CVC_COMPLEX_TYPE_4, "missing attribute");
    if (e)
        CHECK(!strcmp(e->str1, "legal-service"), "a missing attribute is named in str1 (%s)",
              e->str1);
}

static void test_content_of_empty_and_simple(const char *sample)
{
    /* An element that must be empty: one code, two wordings (only the text tells). */
    run_variant(sample, "<licensing decisions=\"11850\"/>",
                "<licensing decisions=\"11850\"><x/></licensing>");
    const seen *e = find(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1, "element in an empty element");
    if (e)
        CHECK(strstr(e->message, "Element content is not allowed") != NULL, "shape: %s",
              e->message);
    run_variant(sample, "<licensing decisions=\"11850\"/>",
                "<licensing decisions=\"11850\">x</licensing>");
    e = find(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1, "text in an empty element");
    if (e)
        CHECK(strstr(e->message, "Element content is not allowed") == NULL, "shape: %s",
              e->message);
    /* A paragraph (simple content) and the year (a simple type) holding an element. */
    run_variant(sample, "2025 年，在市委", "<b>x</b>2025 年，在市委");
    find(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2, "element in a paragraph");
    run_variant(sample, "<year>2025</year>", "<year><b/>2025</year>");
    find(XML_SCHEMAV_CVC_TYPE_3_1_2, "element in the year");
    run_variant(sample, "<proactive>", "<proactive>text");
    find(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3, "text between the rows of a table");
    run_variant(sample, "xmlns=\"urn:govreport:annual-report:2021\"", "xmlns=\"urn:other\"");
    find(XML_SCHEMAV_CVC_ELT_1, "foreign root");
}

static void test_refused_characters(const char *sample)
{
    run_variant(sample, "2025 年，在市委", "&#27;2025 年，在市委");
    const seen *e = find(XML_ERR_INVALID_CHAR, "&#27;");
    CHECK(e && e->int1 == 27 && !e->str1[0], "the refused character is int1 (%d)",
          e ? e->int1 : -1);
    run_variant(sample, "2025 年，在市委", "\x1b" "2025 年，在市委");
    e = find(XML_ERR_INVALID_CHAR, "ESC written");
    CHECK(e && e->int1 == 27 && !e->str1[0], "the refused character is int1 (%d)",
          e ? e->int1 : -1);
    /* int1 is 0 for U+0000: only the text says a character was named at all */
    run_variant(sample, "2025 年，在市委", "&#0;2025 年，在市委");
    e = find(XML_ERR_INVALID_CHAR, "&#0;");
    CHECK(e && e->int1 == 0 && strstr(e->message, "invalid xmlChar value 0") != NULL,
          "shape: %s", e ? e->message : "none");
    /* bytes that are not UTF-8: str1 holds them, int1 is no character */
    run_variant(sample, "2025 年，在市委", "\xC3\x28" "2025 年，在市委");
    e = find(XML_ERR_INVALID_CHAR, "broken UTF-8");
    CHECK(e && e->str1[0] != 0, "an encoding error carries its bytes in str1");
}

/* A document of `fill` repeated n times between pre and post. */
static void run_filled(const char *pre, const char *fill, size_t n, const char *post)
{
    size_t lp = strlen(pre), lf = strlen(fill), lq = strlen(post), len = lp + n * lf + lq;
    char *t = malloc(len + 1);
    memcpy(t, pre, lp);
    for (size_t i = 0; i < n; i++)
        memcpy(t + lp + i * lf, fill, lf);
    memcpy(t + lp + n * lf, post, lq + 1);
    run(t, len);
    free(t);
}

static bool said(const char *words)
{
    for (size_t i = 0; i < nerrs; i++)
        if (strstr(errs[i].message, words))
            return true;
    return false;
}

static void test_parser_limits(void)
{
    /* libxml2's own bounds, several sharing their codes with other errors */
    run_filled("<r>", "<a>", 300, "");
    CHECK(said("Excessive depth in document"), "depth: %s", nerrs ? errs[0].message : "none");
    run_filled("", " ", 11000000, "");
    CHECK(said("Huge input lookup"), "white space: %s", nerrs ? errs[0].message : "none");
    run_filled("<r>", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&amp;", 200000, "</r>");
    CHECK(said("huge text node"), "text: %s", nerrs ? errs[0].message : "none");
    run_filled("<r a='", "a", 10000001, "'/>");
    CHECK(said("AttValue length too long"), "attribute: %s", nerrs ? errs[0].message : "none");
    run_filled("<r><!--", "a", 10000001, "--></r>");
    CHECK(said("too big found"), "comment: %s", nerrs ? errs[0].message : "none");
    run_filled("<", "n", 50001, "/>");
    find(XML_ERR_NAME_TOO_LONG, "a name too long");
}

int main(void)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(SCHEMA);
    schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    CHECK(schema, "the schema compiles");
    if (!schema)
        return harness_end("test_libxml2_shapes");
    char *sample = read_file(SAMPLE, NULL);
    test_element_content(sample);
    test_value_errors(sample);
    test_attributes(sample);
    test_content_of_empty_and_simple(sample);
    test_refused_characters(sample);
    test_parser_limits();
    free(sample);
    xmlSchemaFree(schema);
    xmlCleanupParser();
    return harness_end("test_libxml2_shapes");
}
