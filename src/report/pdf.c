/* pdf.c - the PDF writer of the table model (see table.h).
 *
 * Plain cairo: its PDF surface embeds a subset of the font, so the page
 * shows the same glyphs on any machine, and pdftotext reads the text back.
 * The font is found through fontconfig by name ("WenQuanYi Micro Hei",
 * Debian's fonts-wqy-microhei) and must have Chinese glyphs: a fallback font
 * without them would print empty boxes, so that is an error, not a PDF.
 *
 * Layout: every cell is measured once by the sum of its glyph advances
 * (cached per character), the body font size is chosen so the widest
 * table fits A4 portrait, else landscape, and the page count is known
 * before the first page is drawn ("第 N 页 共 M 页").
 */
#include "report/table.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "core/text.h"

#define PD_PDF_FONT "WenQuanYi Micro Hei"

#define A4_W 595.276
#define A4_H 841.890
#define MARGIN 36.0
#define BODY_MAX 9.0
#define BODY_MIN 5.0
#define TITLE_SIZE 15.0

/* cairo and fontconfig (with freetype, pixman, png, the X libraries...) are
 * not linked: they are opened on the first PDF, so the screens and the other
 * commands start without loading and relocating them and do not map them
 * (start-up and resident memory, issue 3 and 4).  The functions used here are
 * looked up once into L; a missing library is an error in words, not a
 * failure to start the program. */
#define PD_PDF_FUNCS(X) \
    X(0, cairo_clip) \
    X(0, cairo_create) \
    X(0, cairo_destroy) \
    X(0, cairo_fill) \
    X(0, cairo_font_extents) \
    X(0, cairo_font_face_destroy) \
    X(0, cairo_font_face_status) \
    X(0, cairo_font_options_create) \
    X(0, cairo_font_options_destroy) \
    X(0, cairo_font_options_set_hint_metrics) \
    X(0, cairo_font_options_set_hint_style) \
    X(0, cairo_ft_font_face_create_for_pattern) \
    X(0, cairo_line_to) \
    X(0, cairo_move_to) \
    X(0, cairo_pdf_surface_create) \
    X(0, cairo_pdf_surface_create_for_stream) \
    X(0, cairo_pdf_surface_set_metadata) \
    X(0, cairo_rectangle) \
    X(0, cairo_restore) \
    X(0, cairo_save) \
    X(0, cairo_set_font_face) \
    X(0, cairo_set_font_options) \
    X(0, cairo_set_font_size) \
    X(0, cairo_set_line_width) \
    X(0, cairo_set_source_rgb) \
    X(0, cairo_show_page) \
    X(0, cairo_show_text) \
    X(0, cairo_status_to_string) \
    X(0, cairo_stroke) \
    X(0, cairo_surface_destroy) \
    X(0, cairo_surface_finish) \
    X(0, cairo_surface_status) \
    X(0, cairo_text_extents) \
    X(1, FcCharSetHasChar) \
    X(1, FcConfigSubstitute) \
    X(1, FcDefaultSubstitute) \
    X(1, FcFontMatch) \
    X(1, FcInit) \
    X(1, FcNameParse) \
    X(1, FcPatternDestroy) \
    X(1, FcPatternGetCharSet) \
    X(1, FcPatternGetString)

static const char *const pdf_libs[2] = { "libcairo.so.2", "libfontconfig.so.1" };
static struct {
#define PD_X(lib, f) __typeof__(f) *f;
    PD_PDF_FUNCS(PD_X)
#undef PD_X
} L;
static char lib_error[256];   /* empty: loaded */
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_load(void)
{
    void *h[2];
    for (int i = 0; i < 2; i++) {
        h[i] = dlopen(pdf_libs[i], RTLD_NOW | RTLD_LOCAL);
        if (!h[i]) {
            const char *why = dlerror();
            snprintf(lib_error, sizeof lib_error, "PDF printing needs %s (Debian: libcairo2, libfontconfig1): %s",
                     pdf_libs[i], why ? why : "not found");
            return;
        }
    }
#define PD_X(lib, f)                                                              \
    if (!(L.f = (__typeof__(L.f))dlsym(h[lib], #f))) {                            \
        snprintf(lib_error, sizeof lib_error, "PDF printing: %s has no %s", pdf_libs[lib], #f); \
        return;                                                                   \
    }
    PD_PDF_FUNCS(PD_X)
#undef PD_X
}

static pd_err lib_ready(struct pd_error *err)
{
    pthread_once(&lib_once, lib_load);
    if (lib_error[0])
        return pd_fail(err, PD_EIO, "pdf", "%s", lib_error);
    return PD_OK;
}


struct pdf {
    cairo_t *cr;         /* the page being drawn */
    cairo_t *mcr;        /* measuring context, font size 100, alive throughout */
    float *adv;          /* advance at size 1 per BMP code point; < 0 unknown */
    double *units;       /* per column: widest cell at size 1 */
    double *colw;        /* per column: points */
    double fs;           /* body font size */
    double pad;
    double rowh;
    double page_w, page_h;
    double table_w, left;
    double ascent, descent;   /* body font, points */
};

/* Finds the font with Chinese glyphs through fontconfig. */
static pd_err find_font(cairo_font_face_t **out, struct pd_error *err)
{
    if (!L.FcInit())
        return pd_fail(err, PD_EIO, "font", "fontconfig cannot start: no fonts can be found for the PDF");
    FcPattern *pat = L.FcNameParse((const FcChar8 *)PD_PDF_FONT);
    if (!pat)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    L.FcConfigSubstitute(NULL, pat, FcMatchPattern);
    L.FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = L.FcFontMatch(NULL, pat, &res);
    L.FcPatternDestroy(pat);
    if (!m)
        return pd_fail(err, PD_EIO, "font", "no font found for the PDF: install fonts-wqy-microhei");
    FcCharSet *cs = NULL;
    FcChar8 *family = NULL;
    L.FcPatternGetString(m, FC_FAMILY, 0, &family);
    if (L.FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch ||
        !L.FcCharSetHasChar(cs, 0x4E2D) || !L.FcCharSetHasChar(cs, 0x9875)) {
        pd_err rc = pd_fail(err, PD_EIO, "font", "no Chinese font for the PDF: fontconfig offers '%s', which has "
                            "no Chinese characters; install fonts-wqy-microhei",
                            family ? (const char *)family : "?");
        L.FcPatternDestroy(m);
        return rc;
    }
    *out = L.cairo_ft_font_face_create_for_pattern(m);
    L.FcPatternDestroy(m);
    if (L.cairo_font_face_status(*out) != CAIRO_STATUS_SUCCESS)
        return pd_fail(err, PD_EIO, "font", "cannot load the font '%s': %s", PD_PDF_FONT,
                       L.cairo_status_to_string(L.cairo_font_face_status(*out)));
    return PD_OK;
}

/* Width of s at font size 1, from cached glyph advances (cairo_show_text
 * places glyphs by their advances, without kerning, so the sum is exact). */
static double text_units(struct pdf *p, const char *s)
{
    double w = 0;
    size_t len = strlen(s);
    while (len) {
        uint32_t cp;
        size_t n = pd_utf8_decode(s, len, &cp);
        if (!n)
            break;
        float a = cp < 0x10000 ? p->adv[cp] : -1.0f;
        if (a < 0) {
            char one[8];
            size_t k = pd_utf8_encode(cp, one);
            one[k] = '\0';
            cairo_text_extents_t e;
            L.cairo_text_extents(p->mcr, one, &e);
            a = (float)(e.x_advance / 100.0);
            if (cp < 0x10000)
                p->adv[cp] = a;
        }
        w += a;
        s += n;
        len -= n;
    }
    return w;
}

static void show(struct pdf *p, double x, double y, const char *s)
{
    L.cairo_move_to(p->cr, x, y);
    L.cairo_show_text(p->cr, s);
}

static void show_centered(struct pdf *p, double size, double y, const char *s)
{
    double w = text_units(p, s) * size;
    L.cairo_set_font_size(p->cr, size);
    show(p, (p->page_w - w) / 2, y, s);
}

/* Sizes and orientation; the columns' point widths. */
static pd_err layout(struct pdf *p, struct pd_report *r, struct pd_error *err)
{
    double sum = 0;
    for (int c = 0; c < r->ncols; c++)
        p->units[c] = text_units(p, r->cols[c].title);
    /* one pass over the rows (read back in order from the report's store) */
    for (int i = 0; i < r->nrows; i++) {
        struct pd_report_row row;
        pd_err rc = pd_report_row_get(r, i, &row, err);
        if (rc != PD_OK)
            return rc;
        if (row.section)
            continue;
        for (int c = 0; c < r->ncols; c++) {
            double u = text_units(p, row.cells[c]);
            if (u > p->units[c])
                p->units[c] = u;
        }
    }
    for (int c = 0; c < r->ncols; c++)
        sum += p->units[c];
    /* table width = fs * (sum + 0.8 per column): padding is 0.4 em a side */
    double per_pt = sum + 0.8 * r->ncols;
    if (per_pt <= 0)
        per_pt = 1;
    double fit_portrait = (A4_W - 2 * MARGIN) / per_pt;
    double fit_landscape = (A4_H - 2 * MARGIN) / per_pt;
    if (fit_portrait >= BODY_MAX - 1) {
        p->page_w = A4_W;
        p->page_h = A4_H;
        p->fs = fmin(BODY_MAX, fit_portrait);
    } else {
        p->page_w = A4_H;
        p->page_h = A4_W;
        p->fs = fmax(BODY_MIN, fmin(BODY_MAX, fit_landscape));
    }
    p->pad = 0.4 * p->fs;
    p->rowh = 1.8 * p->fs;
    double avail = p->page_w - 2 * MARGIN, natural = 0;
    for (int c = 0; c < r->ncols; c++) {
        p->colw[c] = p->units[c] * p->fs + 2 * p->pad;
        natural += p->colw[c];
    }
    /* a short table is widened to the page (up to half again), as printed
     * notices are; a too-wide one keeps its widths and cells are clipped */
    double grow = natural > 0 && natural < avail ? fmin(avail / natural, 1.5) : 1.0;
    p->table_w = 0;
    for (int c = 0; c < r->ncols; c++) {
        p->colw[c] *= grow;
        p->table_w += p->colw[c];
    }
    p->left = (p->page_w - p->table_w) / 2;
    if (p->left < MARGIN / 2)
        p->left = MARGIN / 2;
    cairo_font_extents_t fe;
    L.cairo_font_extents(p->mcr, &fe);   /* at size 100 */
    p->ascent = fe.ascent * p->fs / 100.0;
    p->descent = fe.descent * p->fs / 100.0;
    return PD_OK;
}

static void cell_text(struct pdf *p, double x, double w, double top, const char *s,
                      enum pd_align align)
{
    double tw = text_units(p, s) * p->fs;
    double y = top + (p->rowh + p->ascent - p->descent) / 2;
    double tx = align == PD_ALIGN_RIGHT ? x + w - p->pad - tw
              : align == PD_ALIGN_CENTER ? x + (w - tw) / 2 : x + p->pad;
    if (tw > w - 2 * p->pad + 0.01) {
        L.cairo_save(p->cr);
        L.cairo_rectangle(p->cr, x + 0.5, top, w - 1, p->rowh);
        L.cairo_clip(p->cr);
        show(p, x + p->pad, y, s);
        L.cairo_restore(p->cr);
    } else {
        show(p, tx, y, s);
    }
}

/* One row of cells (the header when row is NULL) with its rules. */
static void draw_row(struct pdf *p, struct pd_report *r, const struct pd_report_row *row, double top)
{
    cairo_t *cr = p->cr;
    if (!row || row->section) {
        L.cairo_set_source_rgb(cr, row ? 0.95 : 0.88, row ? 0.95 : 0.88, row ? 0.95 : 0.88);
        L.cairo_rectangle(cr, p->left, top, p->table_w, p->rowh);
        L.cairo_fill(cr);
        L.cairo_set_source_rgb(cr, 0, 0, 0);
    }
    if (row && row->section) {
        cell_text(p, p->left, p->table_w, top, row->cells[0], PD_ALIGN_LEFT);
    } else {
        double x = p->left;
        for (int c = 0; c < r->ncols; c++) {
            const char *s = row ? row->cells[c] : r->cols[c].title;
            cell_text(p, x, p->colw[c], top, s, row ? r->cols[c].align : PD_ALIGN_CENTER);
            x += p->colw[c];
        }
    }
    /* the rules: the row's box and, for a plain row, the column lines */
    L.cairo_rectangle(cr, p->left, top, p->table_w, p->rowh);
    if (!row || !row->section) {
        double x = p->left;
        for (int c = 0; c + 1 < r->ncols; c++) {
            x += p->colw[c];
            L.cairo_move_to(cr, x, top);
            L.cairo_line_to(cr, x, top + p->rowh);
        }
    }
    L.cairo_stroke(cr);
}

pd_err pd_report_write_pdf(struct pd_report *r, const char *path, struct pd_error *err)
{
    if (r->oom)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory building the report");
    if (!r->ncols)
        return pd_fail(err, PD_EINVAL, NULL, "a report needs columns");
    pd_report_layout(r);
    pd_err rc = lib_ready(err);
    if (rc != PD_OK)
        return rc;
    cairo_font_face_t *face = NULL;
    rc = find_font(&face, err);
    if (rc != PD_OK)
        return rc;
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        L.cairo_font_face_destroy(face);
        return pd_fail(err, PD_EINVAL, "output", "file name too long");
    }

    struct pdf p = { 0 };
    p.adv = malloc(0x10000 * sizeof *p.adv);
    p.units = calloc((size_t)r->ncols, sizeof *p.units);
    p.colw = calloc((size_t)r->ncols, sizeof *p.colw);
    if (!p.adv || !p.units || !p.colw) {
        free(p.adv);
        free(p.units);
        free(p.colw);
        L.cairo_font_face_destroy(face);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory laying out the PDF");
    }
    for (int i = 0; i < 0x10000; i++)
        p.adv[i] = -1.0f;

    /* The surface's size is fixed after layout; measure on a scratch
     * surface first (a PDF surface of any size measures the same). */
    cairo_surface_t *scratch = L.cairo_pdf_surface_create_for_stream(NULL, NULL, A4_W, A4_H);
    p.mcr = L.cairo_create(scratch);
    cairo_font_options_t *fo = L.cairo_font_options_create();
    L.cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    L.cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    L.cairo_set_font_options(p.mcr, fo);
    L.cairo_set_font_face(p.mcr, face);
    L.cairo_set_font_size(p.mcr, 100.0);
    p.cr = p.mcr;
    rc = layout(&p, r, err);
    double title_size = TITLE_SIZE;
    double title_w = text_units(&p, r->title) * title_size;
    if (title_w > p.page_w - 2 * MARGIN)
        title_size *= (p.page_w - 2 * MARGIN) / title_w;

    /* vertical layout */
    double hfs = p.fs + 1, hline = hfs * 1.6;
    double table_top = MARGIN + title_size * 1.8 + r->nhead * hline + hfs * 0.5;
    double bottom = p.page_h - MARGIN - 14;
    int per = (int)floor((bottom - table_top - p.rowh) / p.rowh);
    if (per < 1)
        per = 1;
    int pages = r->nrows ? (r->nrows + per - 1) / per : 1;
    int on_last = r->nrows - (pages - 1) * per;
    double foot_h = r->nfoot ? hfs + r->nfoot * hline : 0;
    bool foot_page = foot_h > 0 && table_top + p.rowh * (1 + on_last) + foot_h > bottom;
    if (foot_page)
        pages++;

    cairo_surface_t *s = L.cairo_pdf_surface_create(tmp, rc == PD_OK ? p.page_w : A4_W,
                                                  rc == PD_OK ? p.page_h : A4_H);
    L.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, r->title);
    L.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "popdesk");
    p.cr = L.cairo_create(s);
    L.cairo_set_font_options(p.cr, fo);
    L.cairo_set_font_face(p.cr, face);
    L.cairo_set_line_width(p.cr, 0.5);
    int row = 0;
    for (int pg = 1; rc == PD_OK && pg <= pages; pg++) {
        L.cairo_set_source_rgb(p.cr, 0, 0, 0);
        show_centered(&p, title_size, MARGIN + title_size * 1.2, r->title);
        L.cairo_set_font_size(p.cr, hfs);
        double y = MARGIN + title_size * 1.8;
        for (int i = 0; i < r->nhead; i++, y += hline)
            show(&p, p.left, y + hfs, r->head[i]);
        L.cairo_set_font_size(p.cr, p.fs);
        double top = table_top;
        bool table_page = !(foot_page && pg == pages);
        if (table_page) {
            draw_row(&p, r, NULL, top);
            top += p.rowh;
            for (int n = 0; n < per && row < r->nrows && rc == PD_OK; n++, row++, top += p.rowh) {
                struct pd_report_row one;
                rc = pd_report_row_get(r, row, &one, err);
                if (rc == PD_OK)
                    draw_row(&p, r, &one, top);
            }
        }
        if (pg == pages && r->nfoot) {
            L.cairo_set_font_size(p.cr, hfs);
            double fy = top + hfs * 1.2;
            for (int i = 0; i < r->nfoot; i++, fy += hline)
                show(&p, p.left, fy + hfs, r->foot[i]);
        }
        char pn[64];
        snprintf(pn, sizeof pn, "第 %d 页 共 %d 页", pg, pages);
        show_centered(&p, p.fs, p.page_h - MARGIN, pn);
        L.cairo_show_page(p.cr);
    }
    L.cairo_destroy(p.cr);
    L.cairo_destroy(p.mcr);
    L.cairo_surface_destroy(scratch);
    L.cairo_surface_finish(s);
    cairo_status_t st = L.cairo_surface_status(s);
    L.cairo_surface_destroy(s);
    L.cairo_font_options_destroy(fo);
    L.cairo_font_face_destroy(face);
    free(p.adv);
    free(p.units);
    free(p.colw);
    if (rc != PD_OK) {
        unlink(tmp);
        return rc;
    }
    if (st != CAIRO_STATUS_SUCCESS) {
        unlink(tmp);
        return pd_fail(err, PD_EIO, "output", "cannot write the PDF %s: %s", path, L.cairo_status_to_string(st));
    }
    return pd_report_commit_file(tmp, path, err);
}
