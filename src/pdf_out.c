/* pdf_out: the display list → a PDF, through libharu 2.3.0; the only file that includes
 * hpdf.h. Each face used is embedded as a HarfBuzz subset of exactly the characters drawn
 * with it, loaded in libharu's UTF-8 mode (codes are the BMP code points); libharu's broken
 * ToUnicode CMap is replaced by a correct one, outline and info strings are written as
 * UTF-16BE, dates come from the report so that output is reproducible, and the file is
 * written beside its destination and renamed into place only when complete. */
#include "pdf_out.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GR_BMP 0x10000            /* libharu's UTF-8 mode encodes the BMP only */
#define GR_TMP_TRIES 100          /* attempts at an unused temporary name */
#define GR_CMAP_CHUNK 100         /* a CMap's bfchar blocks hold at most 100 entries */
#define GR_OUTLINE_TITLE_MAX 1024 /* bytes of a heading kept in the outline */
#define GR_COORD_MAX 14400.0       /* PDF's largest page side, 200 in: beyond is a layout bug */

typedef struct {
    HPDF_STATUS error, detail; /* the first libharu error */
} pdf_state;

typedef struct {
    uint8_t *used;  /* GR_BMP bits: code points drawn with this face */
    size_t n;       /* how many */
    HPDF_Font font; /* loaded subset */
} face_use;

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    pdf_state *st = user_data;
    if (!st->error) {
        st->error = error_no;
        st->detail = detail_no;
    }
}

/* strerror is not thread-safe and batch renders run in threads. */
static const char *errstr(int err, char *buf, size_t n)
{
    /* the causes a user meets, in the user's language; others in the C library's words */
    switch (err) {
    case ENOENT:
        return "文件夹不存在";
    case EACCES:
    case EPERM:
        return "没有写入权限";
    case ENOSPC:
        return "磁盘空间不足";
    case EDQUOT:
        return "超出磁盘配额";
    case EROFS:
        return "文件系统只读";
    case EISDIR:
        return "这是一个文件夹";
    case ENOTDIR:
        return "路径中有一段不是文件夹";
    case ENAMETOOLONG:
        return "路径太长";
    case EIO:
        return "输入输出错误";
    }
    if (strerror_r(err, buf, n) != 0)
        snprintf(buf, n, "错误 %d", err);
    return buf;
}

static bool bit_get(const uint8_t *bits, uint32_t cp)
{
    return (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* A coordinate libharu can write: finite and not absurdly far off the page. */
static bool on_page(double v)
{
    return isfinite(v) && fabs(v) < GR_COORD_MAX;
}

static bool drawable(const gr_glyph *g, size_t nfaces)
{
    /* controls draw nothing; beyond the BMP libharu cannot encode (the composer rejects
     * those, but a stray one must not crash us) */
    return g->face >= 0 && (size_t)g->face < nfaces && g->cp >= 0x20 && g->cp < GR_BMP &&
           !(g->cp >= 0xD800 && g->cp <= 0xDFFF) && g->cp != 0x7F && g->size > 0 &&
           g->size <= HPDF_MAX_FONTSIZE && on_page(g->x) && on_page(g->y);
}

/* UTF-16BE with byte-order mark, as PDF text strings want for non-Latin text. */
static HPDF_Binary utf16_string(HPDF_MMgr mmgr, const char *utf8)
{
    size_t n = strlen(utf8);
    if (n > GR_OUTLINE_TITLE_MAX)
        n = GR_OUTLINE_TITLE_MAX;
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
    HPDF_Binary b = HPDF_Binary_New(mmgr, buf, (HPDF_UINT)len);
    free(buf);
    return b;
}

/* A ToUnicode CMap mapping each 2-byte code (the BMP code point, in UTF-8 mode) to itself:
 * libharu 2.3.0 writes `begincidrange` here, which poppler rejects. */
static HPDF_STATUS replace_tounicode(HPDF_Doc pdf, HPDF_Font font, const uint8_t *used)
{
    /* rewrite libharu's stream in place (an added one would leave the old one in the
     * file, unreferenced) */
    HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (cmap && cmap->stream && cmap->stream->type == HPDF_STREAM_MEMORY) {
        HPDF_MemStream_FreeData(cmap->stream);
    } else {
        cmap = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
        if (!cmap || HPDF_Dict_Add(font, "ToUnicode", cmap) != HPDF_OK)
            return HPDF_FAILD_TO_ALLOC_MEM;
    }
    gr_buf b = {0};
    gr_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t chunk[GR_CMAP_CHUNK];
    size_t n = 0;
    for (uint32_t cp = 0; cp <= GR_BMP; cp++) {
        if (cp < GR_BMP && bit_get(used, cp))
            chunk[n++] = cp;
        if (n == GR_CMAP_CHUNK || (cp == GR_BMP && n > 0)) {
            gr_buf_printf(&b, "%zu beginbfchar\n", n);
            for (size_t i = 0; i < n; i++)
                gr_buf_printf(&b, "<%04X> <%04X>\n", (unsigned)chunk[i], (unsigned)chunk[i]);
            gr_buf_puts(&b, "endbfchar\n");
            n = 0;
        }
    }
    gr_buf_puts(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\n"
                    "end\n");
    HPDF_STATUS ret = HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
    gr_buf_free(&b);
    return ret;
}

static HPDF_STATUS load_faces(HPDF_Doc pdf, const gr_doc *doc, const gr_fonts *f, face_use *uses,
                              size_t nfaces, gr_diags *d)
{
    for (size_t p = 0; p < doc->npages; p++) {
        const gr_page *pg = &doc->pages[p];
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const gr_glyph *g = &pg->glyphs[i];
            if (!drawable(g, nfaces))
                continue;
            face_use *u = &uses[g->face];
            if (!u->used)
                u->used = gr_xcalloc(GR_BMP / 8, 1);
            if (!bit_get(u->used, g->cp)) {
                u->used[g->cp >> 3] |= (uint8_t)(1u << (g->cp & 7));
                u->n++;
            }
        }
    }
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    for (size_t fi = 0; fi < nfaces; fi++) {
        face_use *u = &uses[fi];
        if (!u->n)
            continue;
        uint32_t *cps = gr_xmalloc(u->n * sizeof *cps);
        size_t n = 0;
        for (uint32_t cp = 0; cp < GR_BMP; cp++)
            if (bit_get(u->used, cp))
                cps[n++] = cp;
        char *tmp = gr_xasprintf("%s/govreport-font-XXXXXX", tmpdir);
        int fd = mkstemp(tmp);
        int mk_errno = errno;
        const char *name = NULL;
        if (fd >= 0) {
            close(fd);
            if (gr_fonts_subset(f, (int)fi, cps, n, tmp) == GR_OK)
                /* libharu keeps the file open until the document is freed, so removing
                 * the name right after loading is safe */
                name = HPDF_LoadTTFontFromFile(pdf, tmp, HPDF_TRUE);
            unlink(tmp);
        }
        if (!name || !(u->font = HPDF_GetFont(pdf, name, "UTF-8")) ||
            replace_tounicode(pdf, u->font, u->used) != HPDF_OK) {
            char eb[128];
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法嵌入字体 %s（临时文件 %s：%s）",
                        gr_fonts_face_family(f, (int)fi), tmp,
                        fd < 0 ? errstr(mk_errno, eb, sizeof eb) : "子集化或载入失败");
            free(tmp);
            free(cps);
            return HPDF_INVALID_FONT_NAME;
        }
        free(tmp);
        free(cps);
    }
    return HPDF_OK;
}

static HPDF_STATUS draw_page(HPDF_Doc pdf, const gr_page *pg, face_use *uses, size_t nfaces)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    if (!page)
        return HPDF_GetError(pdf);
    HPDF_STATUS ret = HPDF_Page_SetWidth(page, (HPDF_REAL)GR_PAGE_W);
    ret |= HPDF_Page_SetHeight(page, (HPDF_REAL)GR_PAGE_H);

    if (pg->nrules) {
        /* projecting square caps: rules centred on cell edges meet cleanly at every join */
        ret |= HPDF_Page_SetLineCap(page, HPDF_PROJECTING_SCUARE_END);
        double width = -1;
        for (size_t i = 0; i < pg->nrules && ret == HPDF_OK; i++) {
            const gr_rule *r = &pg->rules[i];
            if (!on_page(r->x0) || !on_page(r->y0) || !on_page(r->x1) || !on_page(r->y1) ||
                !(r->width >= 0 && r->width <= HPDF_MAX_LINEWIDTH))
                continue;
            if (r->width != width) {
                if (width >= 0)
                    ret |= HPDF_Page_Stroke(page);
                width = r->width;
                ret |= HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
            }
            ret |= HPDF_Page_MoveTo(page, (HPDF_REAL)r->x0, (HPDF_REAL)r->y0);
            ret |= HPDF_Page_LineTo(page, (HPDF_REAL)r->x1, (HPDF_REAL)r->y1);
        }
        if (width >= 0) /* a path was begun */
            ret |= HPDF_Page_Stroke(page);
    }

    bool in_text = false;
    int cur_face = -1;
    float cur_size = 0;
    for (size_t i = 0; i < pg->nglyphs && ret == HPDF_OK; i++) {
        const gr_glyph *g = &pg->glyphs[i];
        if (!drawable(g, nfaces) || !uses[g->face].font)
            continue;
        if (!in_text) {
            ret |= HPDF_Page_BeginText(page);
            in_text = true;
        }
        if (g->face != cur_face || g->size != cur_size) {
            ret |= HPDF_Page_SetFontAndSize(page, uses[g->face].font, g->size);
            cur_face = g->face;
            cur_size = g->size;
        }
        char s[8];
        s[gr_utf8_put(s, g->cp)] = 0;
        ret |= HPDF_Page_TextOut(page, (HPDF_REAL)g->x, (HPDF_REAL)g->y, s);
    }
    if (in_text)
        ret |= HPDF_Page_EndText(page);
    return ret;
}

static HPDF_STATUS add_outline(HPDF_Doc pdf, const gr_doc *doc, HPDF_Page *pages)
{
    HPDF_Outline parents[2] = {NULL, NULL}; /* the last entry of level 0 */
    for (size_t i = 0; i < doc->noutline; i++) {
        const gr_outline_entry *e = &doc->outline[i];
        if (e->page < 0 || (size_t)e->page >= doc->npages || !e->title)
            continue;
        HPDF_Outline parent = e->level > 0 && parents[0] ? parents[0] : NULL;
        /* libharu 2.3.0 writes the title bytes as they are; the Title is set below */
        HPDF_Outline o = HPDF_CreateOutline(pdf, parent, "-", NULL);
        if (!o)
            return HPDF_GetError(pdf);
        HPDF_Binary title = utf16_string(pdf->mmgr, e->title);
        if (!title || HPDF_Dict_Add(o, "Title", title) != HPDF_OK)
            return HPDF_GetError(pdf);
        /* [page /XYZ null top null]: keep the reader's zoom and horizontal position,
         * which HPDF_Destination_SetXYZ cannot express */
        HPDF_Destination dst = HPDF_Page_CreateDestination(pages[e->page]);
        if (!dst)
            return HPDF_GetError(pdf);
        HPDF_Array_Clear(dst);
        HPDF_STATUS ret = HPDF_Array_Add(dst, pages[e->page]);
        ret |= HPDF_Array_AddName(dst, "XYZ");
        ret |= HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr));
        ret |= HPDF_Array_AddReal(dst, (HPDF_REAL)(on_page(e->y) ? e->y : GR_PAGE_H));
        ret |= HPDF_Array_Add(dst, HPDF_Null_New(pdf->mmgr));
        if (ret != HPDF_OK || HPDF_Outline_SetDestination(o, dst) != HPDF_OK)
            return HPDF_GetError(pdf);
        if (e->level == 0)
            parents[0] = o;
    }
    return HPDF_OK;
}

/* "YYYY-MM-DD" → midnight in China (+08'00'); false when malformed. */
static bool parse_date(const char *s, HPDF_Date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0};
    const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < len[k]; i++) {
            char c = s[at[k] + i];
            if (c < '0' || c > '9')
                return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return false;
    HPDF_Date dt = {v[0], v[1], v[2], 0, 0, 0, '+', 8, 0};
    *out = dt;
    return true;
}

static HPDF_STATUS set_info(HPDF_Doc pdf, const gr_doc *doc)
{
    /* the info dictionary exists once an attribute is set; text attributes are then
     * replaced by UTF-16BE strings, which libharu 2.3.0 cannot make */
    HPDF_STATUS ret = HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "govreport " GR_VERSION);
    ret |= HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "govreport " GR_VERSION " (libharu)");
    if (ret != HPDF_OK || !pdf->info)
        return ret ? ret : HPDF_INVALID_DOCUMENT;
    const char *keys[3] = {"Title", "Author", "Subject"};
    const char *vals[3] = {doc->title, doc->author, doc->subject};
    for (int i = 0; i < 3; i++) {
        if (!vals[i] || !*vals[i])
            continue;
        HPDF_Binary s = utf16_string(pdf->mmgr, vals[i]);
        if (!s || HPDF_Dict_Add(pdf->info, keys[i], s) != HPDF_OK)
            return HPDF_GetError(pdf);
    }
    HPDF_Date dt;
    if (parse_date(doc->date, &dt)) {
        ret |= HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        ret |= HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
    }
    return ret;
}

static void diag_hpdf(gr_diags *d, const pdf_state *st, HPDF_STATUS ret)
{
    gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-PDF",
                "生成 PDF 失败（libharu 错误 0x%04X，详情 %u）",
                (unsigned)(st->error ? st->error : ret), (unsigned)st->detail);
}

gr_status gr_pdf_write_mem(const gr_doc *doc, const gr_fonts *f, unsigned char **buf, size_t *len,
                           gr_diags *d)
{
    *buf = NULL;
    *len = 0;
    pdf_state st = {0, 0};
    size_t nfaces = f ? gr_fonts_face_count(f) : 0;
    face_use *uses = gr_xcalloc(nfaces + 1, sizeof *uses);
    HPDF_Page *pages = gr_xcalloc(doc->npages + 1, sizeof *pages);
    gr_status status = GR_ERR_ENV;
    HPDF_STATUS ret = HPDF_OK;
    HPDF_Doc pdf = HPDF_New(on_hpdf_error, &st);
    if (!pdf) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-PDF", "无法创建 PDF 文档");
        goto fail;
    }
    ret = HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    ret |= HPDF_UseUTFEncodings(pdf);
    if (ret != HPDF_OK) {
        diag_hpdf(d, &st, ret);
        goto fail;
    }
    if (nfaces && load_faces(pdf, doc, f, uses, nfaces, d) != HPDF_OK)
        goto fail;
    for (size_t p = 0; p < doc->npages; p++) {
        if ((ret = draw_page(pdf, &doc->pages[p], uses, nfaces)) != HPDF_OK) {
            diag_hpdf(d, &st, ret);
            goto fail;
        }
        pages[p] = HPDF_GetCurrentPage(pdf);
    }
    if ((ret = add_outline(pdf, doc, pages)) != HPDF_OK ||
        (doc->noutline && (ret = HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE)) != HPDF_OK) ||
        (ret = set_info(pdf, doc)) != HPDF_OK || (ret = HPDF_SaveToStream(pdf)) != HPDF_OK) {
        diag_hpdf(d, &st, ret);
        goto fail;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    unsigned char *out = gr_xmalloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        ret = HPDF_ReadFromStream(pdf, out + got, &n);
        got += n;
        if (n == 0 || (ret != HPDF_OK && ret != HPDF_STREAM_EOF))
            break;
    }
    if (got != size) {
        free(out);
        diag_hpdf(d, &st, ret);
        goto fail;
    }
    *buf = out;
    *len = size;
    status = GR_OK;
fail:
    if (pdf)
        HPDF_Free(pdf);
    for (size_t i = 0; i < nfaces; i++)
        free(uses[i].used);
    free(uses);
    free(pages);
    return status;
}

static void diag_write(gr_diags *d, const char *path, const char *why)
{
    gr_diag_add(d, GR_SEV_ERROR, path, 0, 0, "E-WRITE", "无法写入 %s：%s", path, why);
}

/* A temporary file beside path, created exclusively with the umask's permissions (the
 * finished PDF keeps them, unlike mkstemp's 0600). */
static int open_temp(const char *path, char **tmp_out)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uintptr_t)tmp_out;
    for (int attempt = 0; attempt < GR_TMP_TRIES; attempt++) {
        char suffix[7];
        for (int i = 0; i < 6; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            suffix[i] = letters[(seed >> 33) % (sizeof letters - 1)];
        }
        suffix[6] = 0;
        char *tmp = gr_xasprintf("%.*s.%s.%s", dirlen, path, base, suffix);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *tmp_out = tmp;
            return fd;
        }
        free(tmp);
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

gr_status gr_pdf_write(const gr_doc *doc, const gr_fonts *f, const char *path, gr_diags *d)
{
    struct stat sb;
    if (!path || !*path || path[strlen(path) - 1] == '/' ||
        (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))) {
        diag_write(d, path ? path : "", "这是一个文件夹，不是文件");
        return GR_ERR_ENV;
    }
    /* the destination folder first: a missing one should not cost a render */
    const char *slash = strrchr(path, '/');
    char *dir =
        slash ? gr_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : gr_xstrdup(".");
    int dir_errno = stat(dir, &sb) != 0 ? errno : !S_ISDIR(sb.st_mode) ? ENOTDIR : 0;
    free(dir);
    if (dir_errno) {
        char eb[128];
        diag_write(d, path,
                   dir_errno == ENOENT ? "所在文件夹不存在" : errstr(dir_errno, eb, sizeof eb));
        return GR_ERR_ENV;
    }
    unsigned char *buf = NULL;
    size_t len = 0;
    if (gr_pdf_write_mem(doc, f, &buf, &len, d) != GR_OK)
        return GR_ERR_ENV;

    char *tmp = NULL;
    int fd = open_temp(path, &tmp);
    if (fd < 0) {
        char eb[128];
        int err = errno;
        /* the folder exists (checked above), so ENOENT means it takes no new files */
        diag_write(d, path, err == ENOENT ? "此文件夹中不能创建文件" : errstr(err, eb, sizeof eb));
        free(buf);
        return GR_ERR_ENV;
    }
    int err = 0;
    size_t off = 0;
    while (off < len && !err) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            err = n < 0 ? errno : EIO;
        else
            off += (size_t)n;
    }
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    free(buf);
    if (err) {
        unlink(tmp);
        free(tmp);
        char eb[128];
        diag_write(d, path, errstr(err, eb, sizeof eb));
        return GR_ERR_ENV;
    }
    free(tmp);
    return GR_OK;
}
