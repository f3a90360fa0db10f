/* pdf_meta: what the PDF says of itself. The info dictionary (title, author, subject,
 * creator, producer, and dates from the report so that output is reproducible, text in
 * UTF-16BE), and what PDF/A-1 (ISO 19005-1, GB/T 23286.1) adds: the same values again as
 * an XMP packet, the sRGB output intent, and a trailer /ID digested from the content, so
 * that the same report gives the same file. */
#include "output/pdf_int.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GR_CREATOR "govreport " GR_VERSION
#define GR_PRODUCER "govreport " GR_VERSION " (libharu)"

/* ---- text strings ---- */

/* Bytes of s kept in a PDF text string: at most GR_PDF_TEXT_MAX, whole characters. */
static size_t text_len(const char *s)
{
    size_t n = strlen(s);
    return n > GR_PDF_TEXT_MAX ? gr_utf8_floor(s, GR_PDF_TEXT_MAX) : n;
}

/* UTF-16BE with byte-order mark, as PDF text strings want for non-Latin text. */
gr_pdf_obj *gr_pdf_text(gr_pdf_doc *pdf, const char *utf8)
{
    size_t n = text_len(utf8);
    unsigned char *buf = gr_xmalloc(2 + 4 * n + 2);
    size_t len = 0;
    buf[len++] = 0xFE;
    buf[len++] = 0xFF;
    const char *p = utf8, *end = utf8 + n;
    while (p < end) {
        int32_t cp = gr_utf8_next(&p, (size_t)(end - p));
        if (cp < 0)
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            uint32_t v = (uint32_t)cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[len++] = (unsigned char)(hi >> 8);
            buf[len++] = (unsigned char)hi;
            buf[len++] = (unsigned char)(lo >> 8);
            buf[len++] = (unsigned char)lo;
        } else {
            buf[len++] = (unsigned char)(cp >> 8);
            buf[len++] = (unsigned char)cp;
        }
    }
    gr_pdf_obj *b = gr_pdf_binary(pdf, buf, len);
    free(buf);
    return b;
}

/* ---- the info dictionary ---- */

/* "YYYY-MM-DD" → midnight in China (+08'00'); false when malformed. */
static bool parse_date(const char *s, gr_pdf_date *out)
{
    int y, m, d;
    if (!gr_parse_ymd(s, &y, &m, &d) || y < 1000)
        return false;
    *out = (gr_pdf_date){y, m, d};
    return true;
}

gr_pdf_err gr_pdf_info_add(gr_pdf_doc *pdf, const gr_doc *doc)
{
    /* text attributes are replaced by UTF-16BE strings, which libharu 2.3.0 cannot make */
    gr_pdf_obj *info;
    gr_pdf_err ret = gr_pdf_info(pdf, GR_CREATOR, GR_PRODUCER, &info);
    if (ret != GR_PDF_OK)
        return ret;
    const char *keys[3] = {"Title", "Author", "Subject"};
    const char *vals[3] = {doc->title, doc->author, doc->subject};
    for (int i = 0; i < 3; i++) {
        if (!vals[i] || !*vals[i])
            continue;
        gr_pdf_obj *s = gr_pdf_text(pdf, vals[i]);
        if (!s || gr_pdf_dict_add(info, keys[i], s) != GR_PDF_OK)
            return gr_pdf_doc_error(pdf);
    }
    gr_pdf_date dt;
    if (parse_date(doc->date, &dt))
        ret |= gr_pdf_info_dates(pdf, dt);
    return ret;
}

/* ---- PDF/A-1 (ISO 19005-1, GB/T 23286.1): metadata, output intent, file identifier ---- */

/* text as XML character data: the characters PDF text strings hold (the same cut, bad
 * UTF-8 as U+FFFD, as gr_pdf_text), escaped by the one XML escaper. */
static void put_xml_text(gr_buf *b, const char *s)
{
    gr_buf_put_xml(b, s, text_len(s), false);
}

/* The XMP packet of ISO 19005-1 6.7: the info dictionary's values again (title, author
 * as dc:creator, subject as dc:description, creator tool, producer, dates), the language
 * and the PDF/A identification. */
static void build_xmp(gr_buf *b, const gr_doc *doc)
{
    gr_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "<dc:format>application/pdf</dc:format>\n");
    if (doc->title && *doc->title) {
        gr_buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        put_xml_text(b, doc->title);
        gr_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (doc->author && *doc->author) {
        gr_buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        put_xml_text(b, doc->author);
        gr_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (doc->subject && *doc->subject) {
        gr_buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        put_xml_text(b, doc->subject);
        gr_buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (doc->lang && *doc->lang) {
        gr_buf_puts(b, "<dc:language><rdf:Bag><rdf:li>");
        put_xml_text(b, doc->lang);
        gr_buf_puts(b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    gr_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                   "<xmp:CreatorTool>" GR_CREATOR "</xmp:CreatorTool>\n");
    gr_pdf_date dt;
    if (parse_date(doc->date, &dt)) /* as the info dictionary's: midnight, +08:00 */
        gr_buf_printf(b,
                      "<xmp:CreateDate>%04d-%02d-%02dT00:00:00+08:00</xmp:CreateDate>\n"
                      "<xmp:ModifyDate>%04d-%02d-%02dT00:00:00+08:00</xmp:ModifyDate>\n",
                      dt.year, dt.month, dt.day, dt.year, dt.month, dt.day);
    gr_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                   "<pdf:Producer>" GR_PRODUCER "</pdf:Producer>\n"
                   "</rdf:Description>\n"
                   "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "<pdfaid:part>1</pdfaid:part>\n"
                   "<pdfaid:conformance>A</pdfaid:conformance>\n"
                   "</rdf:Description>\n"
                   "</rdf:RDF>\n"
                   "</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
}

extern const unsigned char gr_srgb_icc[];
extern const size_t gr_srgb_icc_len;

/* The ICC profile deflated once per process (it is the same in every file), at the pages'
 * level: 21 bytes more than level 6, but no compressor of its own to set up in a process
 * whose fonts come whole from the folder cache (some 0.2 ms). */
static struct {
    pthread_once_t once;
    unsigned char *z;
    size_t len;
} icc_z = {PTHREAD_ONCE_INIT, NULL, 0};

static void icc_deflate(void)
{
    gr_buf z = {0};
    if (!gr_deflate(GR_ZLEVEL_PAGE, gr_srgb_icc, gr_srgb_icc_len, &z)) {
        gr_buf_free(&z);
        return;
    }
    icc_z.z = (unsigned char *)z.s;
    icc_z.len = z.len;
}

/* The catalog entries of PDF/A-1: an XMP metadata stream (unfiltered, as 6.7.2 wants)
 * and the GTS_PDFA1 output intent with the sRGB profile (the content is DeviceGray,
 * which any output intent allows). */
gr_pdf_err gr_pdf_pdfa_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, const gr_doc *doc)
{
    gr_pdf_obj *catalog = gr_pdf_catalog(pdf);
    gr_buf x = {0};
    build_xmp(&x, doc);
    gr_pdf_obj *meta = gr_pdf_stream_new(pdf);
    gr_pdf_err ret = meta ? GR_PDF_OK : GR_PDF_ENOMEM;
    if (ret == GR_PDF_OK) {
        ret |= gr_pdf_dict_add_name(meta, "Type", "Metadata");
        ret |= gr_pdf_dict_add_name(meta, "Subtype", "XML");
        ret |= gr_pdf_stream_write(meta, x.s, x.len);
        ret |= gr_pdf_dict_add(catalog, "Metadata", meta);
    }
    gr_buf_free(&x);
    if (ret != GR_PDF_OK)
        return ret;

    pthread_once(&icc_z.once, icc_deflate);
    if (!icc_z.z)
        return GR_PDF_ENOMEM;
    z->out.len = 0;
    gr_buf_add(&z->out, (const char *)icc_z.z, icc_z.len);
    gr_pdf_obj *icc = gr_pdf_stream_new(pdf);
    gr_pdf_obj *intent = gr_pdf_dict_new(pdf);
    gr_pdf_obj *intents = gr_pdf_array_new(pdf);
    if (!icc || !intent || !intents || gr_pdf_stream_deflated(pdf, icc, &z->out) != GR_PDF_OK)
        return GR_PDF_ENOMEM;
    ret |= gr_pdf_dict_add_int(icc, "N", 3);
    ret |= gr_pdf_dict_add_name(intent, "Type", "OutputIntent");
    ret |= gr_pdf_dict_add_name(intent, "S", "GTS_PDFA1");
    ret |= gr_pdf_dict_add(intent, "OutputConditionIdentifier",
                           gr_pdf_string(pdf, "sRGB IEC61966-2.1"));
    ret |= gr_pdf_dict_add(intent, "Info", gr_pdf_string(pdf, "sRGB IEC61966-2.1"));
    ret |= gr_pdf_dict_add(intent, "DestOutputProfile", icc);
    ret |= gr_pdf_array_add(intents, intent);
    ret |= gr_pdf_dict_add(catalog, "OutputIntents", intents);
    return ret;
}

/* The trailer's /ID (required by PDF/A-1 6.1.3): a digest of what the file holds (every
 * stream's data, by its CRC-32 and length, and the info strings), so that the same report
 * gives the same file. CRC-32 because libdeflate's reads the streams (a third of a
 * megabyte) many bytes a cycle; a 64-bit hash would read them a word at a time. */
gr_pdf_err gr_pdf_file_id_add(gr_pdf_doc *pdf, const gr_doc *doc)
{
    uint64_t a = 0x6A09E667F3BCC908u, c = 0xBB67AE8584CAA73Bu;
    const unsigned char *data;
    size_t len;
    for (size_t i = 0; (data = gr_pdf_held(pdf, i, &len)); i++) {
        uint64_t h = (uint64_t)libdeflate_crc32(0, data, len) | (uint64_t)len << 32;
        a = (a ^ h) * 0x100000001b3u;
        c = (c + h) * 0xff51afd7ed558ccdu;
        c ^= c >> 31;
    }
    const char *strs[4] = {doc->title, doc->author, doc->subject, doc->date};
    for (int i = 0; i < 4; i++) {
        uint64_t h = strs[i] ? gr_hash64((const unsigned char *)strs[i], strlen(strs[i]))
                             : (uint64_t)i;
        a = (a ^ h) * 0x100000001b3u;
        c = (c + h) * 0xff51afd7ed558ccdu;
        c ^= c >> 31;
    }
    unsigned char id[16];
    for (int i = 0; i < 8; i++) {
        id[i] = (unsigned char)(a >> (56 - 8 * i));
        id[8 + i] = (unsigned char)(c >> (56 - 8 * i));
    }
    gr_pdf_obj *arr = gr_pdf_array_new(pdf);
    if (!arr)
        return GR_PDF_ENOMEM;
    /* both parts equal: a file made once, not an update of another */
    gr_pdf_err ret = gr_pdf_array_add(arr, gr_pdf_binary(pdf, id, 16));
    ret |= gr_pdf_array_add(arr, gr_pdf_binary(pdf, id, 16));
    ret |= gr_pdf_dict_add(gr_pdf_trailer(pdf), "ID", arr);
    return ret;
}
