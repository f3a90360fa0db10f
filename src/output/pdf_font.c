/* pdf_font: the PDF writer's fonts. Each face the display list draws is embedded as the
 * subset font_subset makes of it, as a Type0 font with Identity-H codes: a CIDFontType2
 * (TrueType, a CIDToGIDMap to the subset's glyphs) or CIDFontType0 (CFF, its own CIDs),
 * with widths, an exact ToUnicode CMap back to the characters and the CIDSet PDF/A-1
 * wants. The font programs are deflated later, piece by piece (deflate.h). */
#include "output/pdf_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GR_CMAP_CHUNK 100 /* a CMap's bfchar blocks hold at most 100 entries */

/* A stream object holding the zlib stream in *deflated (taken: it is left empty). */
static gr_pdf_obj *held_stream(gr_pdf_doc *pdf, gr_buf *deflated)
{
    gr_pdf_obj *s = gr_pdf_stream_new(pdf);
    return s && gr_pdf_stream_deflated(pdf, s, deflated) == GR_PDF_OK ? s : NULL;
}

/* A stream object holding data, deflated here; a copy of the deflated bytes in *keep
 * unless it is NULL. */
static gr_pdf_obj *add_stream(gr_pdf_doc *pdf, gr_pdf_zbox *z, const void *data, size_t len,
                              gr_buf *keep)
{
    z->out.len = 0;
    if (!gr_deflate_memo(GR_ZLEVEL, data, len, &z->out))
        return NULL;
    if (keep) {
        keep->len = 0;
        gr_buf_add(keep, z->out.s, z->out.len);
    }
    return held_stream(pdf, &z->out);
}

/* The characters of u in the order of their codes, each code once: a CFF glyph drawing
 * two characters gives them one code, and the first keeps it; a character the face lacks
 * (code 0, .notdef) is left out. Their count; the indices into u's arrays in *order. */
static size_t code_order(const gr_font_subset *u, size_t **order)
{
    size_t *o = gr_xmalloc((u->n + 1) * sizeof *o), k = 0;
    bool sorted = true;
    for (size_t i = 0; i < u->n; i++) {
        sorted &= i == 0 || u->cids[i] > u->cids[i - 1];
        o[i] = i;
    }
    if (!sorted) /* CFF codes follow the font's CIDs (TrueType's are 1, 2, … already) */
        gr_order_u16(u->cids, u->n, o);
    for (size_t i = 0; i < u->n; i++)
        if (u->cids[o[i]] != 0 && (k == 0 || u->cids[o[i]] != u->cids[o[k - 1]]))
            o[k++] = o[i];
    *order = o;
    return k;
}

/* The ToUnicode CMap: code cids[i] → cps[i], in bfchar blocks of at most 100 entries. */
static gr_pdf_obj *add_tounicode(gr_pdf_doc *pdf, gr_pdf_zbox *z, const gr_font_subset *u,
                                 gr_buf *keep)
{
    size_t *o, n = code_order(u, &o);
    gr_buf b = {0};
    gr_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                    "12 dict begin\n"
                    "begincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n"
                    "/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += GR_CMAP_CHUNK) {
        size_t k = n - i < GR_CMAP_CHUNK ? n - i : GR_CMAP_CHUNK;
        gr_buf_printf(&b, "%zu beginbfchar\n", k);
        for (size_t j = i; j < i + k; j++) {
            gr_buf_add(&b, "<", 1);
            gr_pdf_put_hex4(&b, u->cids[o[j]]);
            gr_buf_add(&b, "> <", 3);
            gr_pdf_put_hex4(&b, u->cps[o[j]]);
            gr_buf_add(&b, ">\n", 2);
        }
        gr_buf_puts(&b, "endbfchar\n");
    }
    gr_buf_puts(&b, "endcmap\n"
                    "CMapName currentdict /CMap defineresource pop\n"
                    "end\n"
                    "end\n");
    gr_pdf_obj *s = add_stream(pdf, z, b.s, b.len, keep);
    gr_buf_free(&b);
    free(o);
    return s;
}

/* Widths of the codes in thousandths of the em: /DW the commonest, /W the others, as
 * runs of consecutive codes. */
static gr_pdf_err add_widths(gr_pdf_doc *pdf, gr_pdf_obj *cidfont, const gr_font_subset *u)
{
    size_t *o, n = code_order(u, &o);
    int *w = gr_xmalloc((n + 1) * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = u->widths[o[i]];
    int dw = n ? w[0] : 1000, best = 0;
    for (size_t i = 0; i < n; i++) { /* a majority vote is enough: CJK is all 1000 */
        int c = 0;
        for (size_t j = i; j < n && j < i + 64; j++)
            c += w[j] == w[i];
        if (c > best) {
            best = c;
            dw = w[i];
        }
    }
    gr_pdf_err ret = gr_pdf_dict_add_int(cidfont, "DW", dw);
    gr_pdf_obj *arr = gr_pdf_array_new(pdf);
    if (!arr || gr_pdf_dict_add(cidfont, "W", arr) != GR_PDF_OK) {
        free(w);
        free(o);
        return GR_PDF_ENOMEM;
    }
    for (size_t i = 0; i < n && ret == GR_PDF_OK;) {
        if (w[i] == dw) {
            i++;
            continue;
        }
        gr_pdf_obj *run = gr_pdf_array_new(pdf);
        unsigned first = u->cids[o[i]];
        ret |= gr_pdf_array_add_int(arr, (long)first);
        ret |= run ? gr_pdf_array_add(arr, run) : GR_PDF_ENOMEM;
        for (size_t k = 0; i < n && w[i] != dw && (size_t)u->cids[o[i]] == first + k &&
                           ret == GR_PDF_OK;
             i++, k++)
            ret |= gr_pdf_array_add_int(run, w[i]);
    }
    free(w);
    free(o);
    return ret;
}

/* The PDF/A-1 CIDSet of a subset font: a bit for each CID the program defines, the
 * high bit of the first byte for CID 0 (ISO 19005-1, clause 6.3.5). cids ascending, n > 0. */
static gr_pdf_obj *add_cidset(gr_pdf_doc *pdf, gr_pdf_zbox *z, const uint16_t *cids, size_t n,
                              gr_buf *keep)
{
    size_t bytes = (size_t)cids[n - 1] / 8 + 1;
    unsigned char *bits = gr_xcalloc(bytes, 1);
    for (size_t i = 0; i < n; i++)
        bits[cids[i] >> 3] |= (unsigned char)(0x80u >> (cids[i] & 7));
    gr_pdf_obj *s = add_stream(pdf, z, bits, bytes, keep);
    free(bits);
    return s;
}

/* "ABCDEF": the subset tag, from the face and the code points, so reruns are identical. */
static void subset_tag(const char *psname, const gr_pdf_face *u, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (const char *p = psname; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    for (size_t i = 0; i < u->n; i++)
        for (int k = 0; k < 3; k++)
            h = (h ^ ((u->cps[i] >> (8 * k)) & 0xFF)) * 0x100000001b3u;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
}

/* The Type0 font of face fi: subset, descriptor, widths, CID→glyph map and ToUnicode. */
static gr_pdf_obj *add_font(gr_pdf_doc *pdf, gr_pdf_zbox *z, gr_zfonts *jobs, const gr_fonts *f,
                            int fi, gr_pdf_face *u)
{
    const gr_font_subset sub = u->sub; /* made by gr_pdf_fonts_add */
    gr_face_info info;
    gr_fonts_face_info(f, fi, &info);
    char tag[7], base[96];
    subset_tag(info.psname, u, tag);
    snprintf(base, sizeof base, "%s+%s", tag, info.psname);

    bool cff = sub.kind == GR_FONT_CFF;
    gr_pdf_obj *type0 = gr_pdf_dict_new(pdf), *cidfont = gr_pdf_dict_new(pdf),
               *fd = gr_pdf_dict_new(pdf);
    /* deflated later, piece by piece (see deflate.h), and perhaps by two threads: a CFF
     * program's runs of glyphs are cut where font_subset says its CharStrings lie */
    u->npieces = u->cached ? 0
                 : cff && sub.glyph_end
                     ? gr_zfonts_plan_glyphs(jobs, sub.data, sub.len, sub.outlines_off,
                                             sub.glyph_end, sub.nglyphs, &u->piece0)
                     : gr_zfonts_plan(jobs, sub.data, sub.len, &u->piece0);
    gr_pdf_obj *file = u->file = gr_pdf_stream_new(pdf);
    gr_font_streams *st = &u->streams;
    gr_pdf_obj *cidset, *cidmap, *tounicode;
    if (u->cached) { /* the folder cache had them */
        cidset = held_stream(pdf, &st->cidset);
        cidmap = cff ? cidset : held_stream(pdf, &st->cidmap);
        tounicode = held_stream(pdf, &st->tounicode);
    } else {
        /* TrueType: code (CID) → glyph, two bytes each, big-endian (a CFF program maps CIDs
         * to its glyphs itself, through its charset); CFF: the PDF/A CIDSet */
        unsigned char *map = NULL;
        uint16_t *cids = NULL;
        size_t ncids = gr_font_subset_cid_list(&sub, &cids); /* the CIDSet of either kind */
        if (!cff) {
            map = gr_xcalloc(2 * (size_t)sub.cid_count, 1);
            for (size_t i = 0; i < sub.n; i++) {
                map[2 * sub.cids[i]] = (unsigned char)(sub.gids[i] >> 8);
                map[2 * sub.cids[i] + 1] = (unsigned char)sub.gids[i];
            }
        }
        cidset = add_cidset(pdf, z, cids, ncids, u->keep ? &st->cidset : NULL);
        cidmap = cff ? cidset
                     : add_stream(pdf, z, map, 2 * (size_t)sub.cid_count,
                                  u->keep ? &st->cidmap : NULL);
        tounicode = add_tounicode(pdf, z, &u->sub, u->keep ? &st->tounicode : NULL);
        free(map);
        free(cids);
    }
    gr_pdf_obj *sysinfo = gr_pdf_dict_new(pdf);
    gr_pdf_obj *descendants = gr_pdf_array_new(pdf), *bbox = gr_pdf_array_new(pdf);
    gr_pdf_err ret = GR_PDF_OK;
    if (!type0 || !cidfont || !fd || !file || !cidmap || !tounicode || !cidset || !sysinfo ||
        !descendants || !bbox) {
        ret = GR_PDF_ENOMEM;
        goto fail;
    }
    ret |= gr_pdf_add_indirect(pdf, type0);
    ret |= gr_pdf_add_indirect(pdf, cidfont);
    ret |= gr_pdf_add_indirect(pdf, fd);
    if (ret != GR_PDF_OK)
        goto fail;

    if (cff)
        ret |= gr_pdf_dict_add_name(file, "Subtype", "CIDFontType0C");
    else
        ret |= gr_pdf_dict_add_int(file, "Length1", (long)sub.len);

    ret |= gr_pdf_dict_add_name(fd, "Type", "FontDescriptor");
    ret |= gr_pdf_dict_add_name(fd, "FontName", base);
    ret |= gr_pdf_dict_add_int(fd, "Flags", 4 | (info.fixed_pitch ? 1 : 0)); /* symbolic */
    for (int i = 0; i < 4; i++)
        ret |= gr_pdf_array_add_int(bbox, info.bbox[i]);
    ret |= gr_pdf_dict_add(fd, "FontBBox", bbox);
    ret |= gr_pdf_dict_add_int(fd, "ItalicAngle", info.italic_angle);
    ret |= gr_pdf_dict_add_int(fd, "Ascent", info.ascent);
    ret |= gr_pdf_dict_add_int(fd, "Descent", info.descent);
    ret |= gr_pdf_dict_add_int(fd, "CapHeight", info.cap_height);
    ret |= gr_pdf_dict_add_int(fd, "StemV", 80); /* not in TrueType; a common regular stem */
    ret |= gr_pdf_dict_add(fd, cff ? "FontFile3" : "FontFile2", file);
    ret |= gr_pdf_dict_add(fd, "CIDSet", cidset);

    ret |= gr_pdf_dict_add(sysinfo, "Registry", gr_pdf_string(pdf, sub.registry));
    ret |= gr_pdf_dict_add(sysinfo, "Ordering", gr_pdf_string(pdf, sub.ordering));
    ret |= gr_pdf_dict_add_int(sysinfo, "Supplement", sub.supplement);

    ret |= gr_pdf_dict_add_name(cidfont, "Type", "Font");
    ret |= gr_pdf_dict_add_name(cidfont, "Subtype", cff ? "CIDFontType0" : "CIDFontType2");
    ret |= gr_pdf_dict_add_name(cidfont, "BaseFont", base);
    ret |= gr_pdf_dict_add(cidfont, "CIDSystemInfo", sysinfo);
    ret |= gr_pdf_dict_add(cidfont, "FontDescriptor", fd);
    if (!cff)
        ret |= gr_pdf_dict_add(cidfont, "CIDToGIDMap", cidmap);
    if (ret == GR_PDF_OK)
        ret = add_widths(pdf, cidfont, &u->sub);

    ret |= gr_pdf_dict_add_name(type0, "Type", "Font");
    ret |= gr_pdf_dict_add_name(type0, "Subtype", "Type0");
    ret |= gr_pdf_dict_add_name(type0, "BaseFont", base);
    ret |= gr_pdf_dict_add_name(type0, "Encoding", "Identity-H");
    ret |= gr_pdf_array_add(descendants, cidfont);
    ret |= gr_pdf_dict_add(type0, "DescendantFonts", descendants);
    ret |= gr_pdf_dict_add(type0, "ToUnicode", tounicode);
fail:
    return ret == GR_PDF_OK ? type0 : NULL;
}

gr_pdf_obj *gr_pdf_fonts_add(gr_pdf_doc *pdf, gr_pdf_zbox *z, gr_zfonts *jobs, const gr_doc *doc,
                             const gr_fonts *f, gr_pdf_face *uses, size_t nfaces, gr_diags *d)
{
    uint32_t **cps = gr_xcalloc(nfaces ? nfaces : 1, sizeof *cps);
    size_t *ns = gr_xcalloc(nfaces ? nfaces : 1, sizeof *ns);
    gr_doc_face_chars(doc, nfaces, cps, ns);
    gr_font_subset *subs = gr_xcalloc(nfaces ? nfaces : 1, sizeof *subs);
    gr_status *st = gr_xcalloc(nfaces ? nfaces : 1, sizeof *st);
    /* the faces the folder cache holds whole are not subset (a process's first render) */
    size_t *make = gr_xcalloc(nfaces ? nfaces : 1, sizeof *make);
    gr_font_subset *cached = gr_xcalloc(nfaces ? nfaces : 1, sizeof *cached);
    bool folder = gr_zfonts_folder(jobs);
    for (size_t fi = 0; fi < nfaces; fi++) {
        uses[fi].cached = folder && ns[fi] &&
                          gr_font_cache_get(f, (int)fi, cps[fi], ns[fi], &cached[fi],
                                            &uses[fi].streams);
        uses[fi].keep = folder && !uses[fi].cached;
        make[fi] = uses[fi].cached ? 0 : ns[fi];
    }
    gr_font_subset_make_faces(f, nfaces, cps, make, gr_zfonts_cold_solo(jobs), subs, st);
    size_t failed = nfaces;
    for (size_t fi = 0; fi < nfaces; fi++) {
        uses[fi].cps = cps[fi];
        uses[fi].n = ns[fi];
        uses[fi].sub = uses[fi].cached ? cached[fi] : subs[fi]; /* freed with uses */
        for (size_t i = 0; i < uses[fi].sub.n; i++) { /* the pages' lookup of codes */
            uint32_t cp = uses[fi].sub.cps[i];
            if (cp >= 0x10000)
                continue;
            uint16_t **row = &uses[fi].codes[cp >> 8];
            if (!*row)
                *row = gr_xcalloc(256, sizeof **row);
            (*row)[cp & 0xFF] = uses[fi].sub.cids[i];
        }
        if (st[fi] != GR_OK && failed == nfaces)
            failed = fi;
    }
    free(cps);
    free(ns);
    free(make);
    free(cached);
    free(subs);
    free(st);
    if (failed < nfaces) {
        gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法嵌入字体 %s（子集化失败）",
                    gr_fonts_face_family(f, (int)failed));
        return NULL;
    }
    gr_pdf_obj *fonts = gr_pdf_dict_new(pdf);
    if (!fonts || gr_pdf_add_indirect(pdf, fonts) != GR_PDF_OK)
        return NULL;
    int nres = 0;
    for (size_t fi = 0; fi < nfaces; fi++) {
        gr_pdf_face *u = &uses[fi];
        if (!u->n)
            continue;
        snprintf(u->res, sizeof u->res, "F%d", ++nres);
        gr_pdf_obj *font = add_font(pdf, z, jobs, f, (int)fi, u);
        if (!font || gr_pdf_dict_add(fonts, u->res, font) != GR_PDF_OK) {
            gr_diag_add(d, GR_SEV_ERROR, NULL, 0, 0, "E-FONT", "无法嵌入字体 %s（子集化失败）",
                        gr_fonts_face_family(f, (int)fi));
            return NULL;
        }
    }
    return fonts;
}
