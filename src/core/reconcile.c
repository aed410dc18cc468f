/* reconcile.c - another department's list against the register: columns,
 * rows, comparison, fingerprints (see reconcile.h and docs/RECONCILE.md).
 *
 * Values are normalised through the same field rules as forms and the
 * import (pd_field_normalise), so "男", "1985.6.15" and a 15-digit ID
 * number mean here what they mean everywhere else.  Comparisons are kept
 * lenient where departments write the same thing differently: addresses
 * ignore spaces and full-width characters, marital status compares the
 * category (初婚 and 已婚 are both married), an empty value on either side
 * is not a difference. */
#include "core/reconcile.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/codes.h"
#include "core/fields.h"
#include "core/i18n.h"
#include "core/idnum.h"
#include "core/text.h"

#define SRC(s) (1u << (s))
#define ALL (SRC(PD_REC_POLICE) | SRC(PD_REC_HOSPITAL) | SRC(PD_REC_CIVIL))

static const struct pd_rec_coldef columns[] = {
    { RC_NAME, "name", "姓名", "名字|full_name|婴儿姓名|新生儿姓名|死者姓名|当事人姓名|当事人",
      ALL, SRC(PD_REC_POLICE) | SRC(PD_REC_CIVIL) },
    { RC_ID, "id_number", "身份证号", "身份证号码|公民身份号码|身份证|id|id_no|婴儿身份证号|死者身份证号|当事人身份证号",
      ALL, 0 },
    { RC_SEX, "sex", "性别", "gender|婴儿性别|新生儿性别", ALL, SRC(PD_REC_HOSPITAL) },
    { RC_BIRTH, "birth_date", "出生日期", "出生年月日|出生时间|生日|birth|dob|date of birth",
      ALL, SRC(PD_REC_HOSPITAL) },
    { RC_STATUS, "status", "人员状态", "状态|户籍状态|户口状态", SRC(PD_REC_POLICE), 0 },
    { RC_ADDRESS, "address", "户籍地址", "住址|户籍地|户口所在地|户籍住址|reg_address",
      SRC(PD_REC_POLICE), 0 },
    { RC_POLICE_NO, "household_no", "户号", "户口簿号|户籍号|户口号|police_no",
      SRC(PD_REC_POLICE), 0 },
    { RC_MARITAL, "marital", "婚姻状况", "婚姻|marital status", SRC(PD_REC_POLICE), 0 },
    { RC_KIND, "kind", "事项", "登记类别|类别|业务类型|登记事项|type", SRC(PD_REC_CIVIL), SRC(PD_REC_CIVIL) },
    { RC_DATE, "date", "日期", "登记日期|死亡日期|变动日期|办理日期|注销日期",
      SRC(PD_REC_POLICE) | SRC(PD_REC_CIVIL), SRC(PD_REC_CIVIL) },
    { RC_MOTHER_NAME, "mother_name", "母亲姓名", "母亲|产妇姓名", SRC(PD_REC_HOSPITAL), 0 },
    { RC_MOTHER_ID, "mother_id_number", "母亲身份证号", "母亲身份证|母亲身份证号码|产妇身份证号|mother_id",
      SRC(PD_REC_HOSPITAL), SRC(PD_REC_HOSPITAL) },
    { RC_FATHER_NAME, "father_name", "父亲姓名", "父亲", SRC(PD_REC_HOSPITAL), 0 },
    { RC_CERT, "certificate_no", "出生医学证明编号", "出生证编号|出生医学证明|出生证号|cert_no",
      SRC(PD_REC_HOSPITAL), 0 },
    { RC_SPOUSE_NAME, "spouse_name", "配偶姓名", "配偶|对方姓名", SRC(PD_REC_CIVIL), 0 },
    { RC_SPOUSE_ID, "spouse_id_number", "配偶身份证号", "配偶身份证|对方身份证号|spouse_id",
      SRC(PD_REC_CIVIL), 0 },
};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

const struct pd_rec_coldef *pd_rec_columns(int *n)
{
    *n = NCOLS;
    return columns;
}

static const char *const source_keys[] = { "police", "hospital", "civil" };
static const char *const source_zh[] = { "公安户籍", "医院出生", "民政死亡婚姻" };
static const char *const source_en[] = { "police register", "hospital births", "civil affairs" };
static const char *const group_keys[] = { "consistent", "missing", "contradicted", "unknown" };
static const char *const group_zh[] = { "一致", "对方有本地无", "信息不符", "本地有对方无" };
static const char *const group_en[] = { "consistent", "in their list, missing here",
                                        "contradicted there", "here, unknown there" };

const char *pd_rec_source_key(enum pd_rec_source s)
{
    return (unsigned)s < PD_REC__SOURCES ? source_keys[s] : "?";
}

const char *pd_rec_source_word(enum pd_rec_source s, bool en)
{
    return (unsigned)s < PD_REC__SOURCES ? (en ? source_en[s] : source_zh[s]) : "?";
}

pd_err pd_rec_source_parse(const char *s, enum pd_rec_source *out, struct pd_error *err)
{
    static const char *const words[] = { "police|公安|户籍", "hospital|医院|出生", "civil|民政" };
    for (int i = 0; i < PD_REC__SOURCES; i++) {
        const char *p = words[i];
        while (p && *p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (s && strlen(s) == n && strncasecmp(s, p, n) == 0) {
                *out = (enum pd_rec_source)i;
                return PD_OK;
            }
            p = bar ? bar + 1 : NULL;
        }
    }
    return pd_fail(err, PD_EINVAL, "source", PD_MSG("没有“%s”这个来源：请写 police（公安）、hospital（医院）或 civil（民政）",
                   "unknown source '%s': say police, hospital or civil"), s ? s : "");
}

const char *pd_rec_group_key(enum pd_rec_group g)
{
    return (unsigned)g < PD_REC__GROUPS ? group_keys[g] : "?";
}

const char *pd_rec_group_word(enum pd_rec_group g, bool en)
{
    return (unsigned)g < PD_REC__GROUPS ? (en ? group_en[g] : group_zh[g]) : "?";
}

static const struct { const char *key, *zh, *en; } decisions[] = {
    { "fixed", "已更正", "fixed" },
    { "explained", "已说明", "explained" },
    { "ignored", "不处理", "ignored" },
    { "event", "已登记变动", "event started" },
};

bool pd_rec_decision_ok(const char *d)
{
    for (size_t i = 0; d && i < sizeof decisions / sizeof decisions[0]; i++)
        if (strcmp(d, decisions[i].key) == 0)
            return true;
    return false;
}

const char *pd_rec_decision_word(const char *d, bool en)
{
    for (size_t i = 0; d && i < sizeof decisions / sizeof decisions[0]; i++)
        if (strcmp(d, decisions[i].key) == 0)
            return en ? decisions[i].en : decisions[i].zh;
    return d ? d : "";
}

/* ---- header -------------------------------------------------------------------- */

/* a[0..an) and b name the same column: case, spaces and underscores aside
 * ("Date of Birth" is "birth_date"'s alias "date of birth") */
static bool same_name(const char *a, size_t an, const char *b)
{
    size_t i = 0;
    for (;;) {
        while (i < an && (a[i] == ' ' || a[i] == '_'))
            i++;
        while (*b == ' ' || *b == '_')
            b++;
        if (i == an || !*b)
            return i == an && !*b;
        char x = a[i], y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
        i++;
        b++;
    }
}

static bool names_match(const char *names, const char *h)
{
    for (const char *p = names; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (same_name(p, n, h))
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

static void clean_header(const char *in, char *out, size_t size)
{
    pd_strlcpy(out, in, size);
    pd_text_normalise(out);
    pd_text_strip_spaces(out);
    /* "出生日期*" or "姓名（必填）" as templates mark required columns */
    char *q = strstr(out, "（");
    if (!q)
        q = strchr(out, '(');
    if (q && q != out)
        *q = '\0';
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '*')
        out[--n] = '\0';
}

/* The column a header cell names for this source, or -1. */
static int column_of(const char *cell, enum pd_rec_source source)
{
    char h[128];
    clean_header(cell, h, sizeof h);
    if (!h[0])
        return -1;
    for (int i = 0; i < NCOLS; i++) {
        const struct pd_rec_coldef *c = &columns[i];
        if (!(c->sources & SRC(source)))
            continue;
        if (same_name(c->key, strlen(c->key), h) || strcmp(h, c->zh) == 0 || names_match(c->aliases, h))
            return (int)c->col;
    }
    return -1;
}

struct known_ctx { enum pd_rec_source source; };

static bool known_cell(const char *cell, void *ctx)
{
    return column_of(cell, ((struct known_ctx *)ctx)->source) >= 0;
}

static const struct pd_rec_coldef *coldef(enum pd_rec_col c)
{
    for (int i = 0; i < NCOLS; i++)
        if (columns[i].col == c)
            return &columns[i];
    return NULL;
}

static void accepted_names(enum pd_rec_source source, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < NCOLS && n < size; i++)
        if (columns[i].sources & SRC(source))
            n += (size_t)snprintf(buf + n, size - n, "%s%s (%s)", n ? ", " : "", columns[i].zh,
                                  columns[i].key);
}

pd_err pd_rec_header_read(const struct pd_csv *csv, enum pd_rec_source source,
                          struct pd_rec_header *out, struct pd_error *err)
{
    memset(out, 0, sizeof *out);
    out->source = source;
    for (int i = 0; i < RC__COUNT; i++)
        out->cell_of[i] = -1;
    struct known_ctx kc = { source };
    struct pd_csv_layout lay;
    struct pd_error e;
    pd_error_clear(&e);
    char names[1200];
    if (pd_csv_find_header(csv, known_cell, &kc, 2, &lay, &e) != PD_OK) {
        accepted_names(source, names, sizeof names);
        return pd_fail(err, PD_EINVAL, "header",
                       PD_MSG("前几行里没有表头：%s名单要有一行写明各列，例如 %s",
                              "no header row in the first rows: a %s list needs a row naming its columns, "
                              "e.g. %s"), pd_rec_source_key(source), names);
    }
    out->header = lay.header;
    out->ncols = lay.ncols;
    const struct pd_csv_row *h = &csv->rows[lay.header];
    size_t in = 0;
    for (int i = 0; i < lay.ncols && i < PD_CSV_COLS_MAX; i++) {
        const char *cell = i < h->n ? h->cells[i] : "";
        int c = column_of(cell, source);
        out->map[i] = c;
        if (c < 0) {
            if (!pd_csv_cell_blank(cell) && in < sizeof out->ignored)
                in += (size_t)snprintf(out->ignored + in, sizeof out->ignored - in, "%s%s",
                                       in ? ", " : "", cell);
            continue;
        }
        if (out->cell_of[c] >= 0) {
            const char *first = h->cells[out->cell_of[c]];
            return pd_fail(err, PD_EINVAL, cell,
                           PD_MSG("第 %d 行：“%s”和“%s”两列都是%s（%s）：只留一列",
                                  "row %d: columns '%s' and '%s' both give %s (%s): keep one of them"),
                           h->row, first, cell, coldef(c)->zh, coldef(c)->key);
        }
        out->cell_of[c] = i;
        pd_strlcpy(out->colname[c], cell, sizeof out->colname[c]);
    }
    for (int i = 0; i < NCOLS; i++) {
        const struct pd_rec_coldef *c = &columns[i];
        if ((c->required & SRC(source)) && out->cell_of[c->col] < 0)
            return pd_fail(err, PD_EINVAL, c->zh, PD_MSG("第 %d 行：%s名单缺少必须有的“%s”（%s）列（也可以叫：%s）",
                           "row %d: the %s list has no column %s (%s), which it must have (other names "
                           "accepted: %s)"), h->row, pd_rec_source_key(source), c->zh, c->key, c->aliases);
    }
    if (source != PD_REC_HOSPITAL && out->cell_of[RC_ID] < 0 &&
        (out->cell_of[RC_BIRTH] < 0 || out->cell_of[RC_SEX] < 0))
        return pd_fail(err, PD_EINVAL, "身份证号", PD_MSG("第 %d 行：没有“身份证号”列时，名单必须有“出生日期”和“性别”两列，才能按姓名比对",
                       "row %d: without a column 身份证号 (id_number) the list needs both 出生日期 "
                       "(birth_date) and 性别 (sex) to match persons by name"), h->row);
    return PD_OK;
}

/* ---- rows ------------------------------------------------------------------------- */

struct rowctx {
    const struct pd_rec_header *h;
    const struct pd_csv_row *r;
    struct pd_rec_problem *probs;
    int maxp, n, *more;
};

static void problem(struct rowctx *c, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct rowctx *c, int col, const char *fmt, ...)
{
    if (c->n >= c->maxp) {
        (*c->more)++;
        return;
    }
    struct pd_rec_problem *p = &c->probs[c->n++];
    p->row = c->r->row;
    p->column[0] = '\0';
    if (col >= 0 && col < RC__COUNT)
        pd_strlcpy(p->column, c->h->colname[col], sizeof p->column);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

/* The cell of column col ("" when absent or blank), trimmed. */
static void cell_text(const struct rowctx *c, enum pd_rec_col col, char *buf, size_t size)
{
    buf[0] = '\0';
    int i = c->h->cell_of[col];
    if (i < 0 || i >= c->r->n)
        return;
    pd_strlcpy(buf, c->r->cells[i], size);
    pd_text_normalise(buf);
    /* a line break inside a one-line value is a space */
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}

static const struct pd_field f_date = { "date", "日期", "date", PD_F_DATE, 0, 0, 0, 0, NULL, NULL };

/* Normalises text through a field's rules into out; false (problem noted)
 * when refused. */
static bool norm(struct rowctx *c, enum pd_rec_col col, const struct pd_field *f, const char *text,
                 struct pd_date today, char *out, size_t size, bool *converted)
{
    out[0] = '\0';
    if (!text[0])
        return true;
    struct pd_error e;
    pd_error_clear(&e);
    bool changed = false;
    json_t *v = pd_field_normalise(f, text, today, &changed, &e);
    if (!v) {
        char q[200];
        pd_text_quote(q, sizeof q, text);
        if (strstr(e.msg, q))
            problem(c, col, "%s", e.msg);
        else
            problem(c, col, "'%s': %s", q, e.msg);
        return false;
    }
    if (json_is_string(v))
        pd_strlcpy(out, json_string_value(v), size);
    json_decref(v);
    if (converted)
        *converted = f->kind == PD_F_ID && strlen(text) >= 15 && strlen(text) < 18 && changed;
    return true;
}

static bool status_word(const char *in, char *out, size_t size)
{
    static const struct { const char *key, *words; } st[] = {
        { "active", "active|正常|在册|在籍|户籍在册|现有|有效" },
        { "dead", "dead|死亡|已死亡|死亡注销" },
        { "moved_out", "moved_out|迁出|已迁出|迁出注销|注销" },
    };
    for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
        if (names_match(st[i].words, in)) {
            pd_strlcpy(out, st[i].key, size);
            return true;
        }
    return false;
}

static bool kind_word(const char *in, char *out, size_t size)
{
    static const struct { const char *key, *words; } k[] = {
        { "death", "death|死亡|死亡登记|死亡注销|火化" },
        { "marriage", "marriage|结婚|结婚登记|初婚" },
        { "remarriage", "remarriage|再婚" },
        { "reunite", "reunite|复婚|复婚登记" },
        { "divorce", "divorce|离婚|离婚登记" },
        { "widowed", "widowed|丧偶" },
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (names_match(k[i].words, in)) {
            pd_strlcpy(out, k[i].key, size);
            return true;
        }
    return false;
}

int pd_rec_row_read(const struct pd_rec_header *h, const struct pd_csv_row *r,
                    struct pd_date today, struct pd_rec_row *out,
                    struct pd_rec_problem *probs, int maxp, int *more)
{
    struct rowctx c = { h, r, probs, maxp, 0, more };
    memset(out, 0, sizeof *out);
    out->row = r->row;
    char t[PD_CSV_CELL_MAX];
    const struct pd_field *fname = pd_field_find(&pd_person_fields, "name");
    const struct pd_field *fid = pd_field_find(&pd_person_fields, "id_number");
    const struct pd_field *fsex = pd_field_find(&pd_person_fields, "sex");
    const struct pd_field *fbirth = pd_field_find(&pd_person_fields, "birth_date");
    const struct pd_field *fmar = pd_field_find(&pd_person_fields, "marital");

    int over = pd_csv_row_overflow(r, h->ncols);
    if (over >= 0)
        problem(&c, -1, PD_MSG("第 %d 格“%.40s”在最后一个有名字的列之后：给这一列起名或删掉",
                               "cell %d holds '%.40s' beyond the last named column: name its column or "
                               "remove it"), over + 1, r->cells[over]);

    cell_text(&c, RC_NAME, t, sizeof t);
    if (t[0])
        norm(&c, RC_NAME, fname, t, today, out->name, sizeof out->name, NULL);
    else if (h->source != PD_REC_HOSPITAL)
        problem(&c, RC_NAME, "%s", PD_MSG("姓名是空的", "the name is empty"));
    cell_text(&c, RC_ID, t, sizeof t);
    bool idok = norm(&c, RC_ID, fid, t, today, out->id, sizeof out->id, &out->id15);
    cell_text(&c, RC_SEX, t, sizeof t);
    bool sexok = norm(&c, RC_SEX, fsex, t, today, out->sex, sizeof out->sex, NULL);
    cell_text(&c, RC_BIRTH, t, sizeof t);
    bool birthok = norm(&c, RC_BIRTH, fbirth, t, today, out->birth, sizeof out->birth, NULL);

    /* the ID number says sex and birth date: fill what is empty, refuse a
     * row that disagrees with itself */
    if (idok && strlen(out->id) == PD_ID_LEN) {
        /* checked by the normalising above: its date and sex read as they are */
        const char *id = out->id;
        char d[PD_DATE_STRLEN], sx[4];
        snprintf(d, sizeof d, "%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
        snprintf(sx, sizeof sx, "%d", (id[16] - '0') % 2 ? 1 : 2);
        if (!out->birth[0])
            pd_strlcpy(out->birth, d, sizeof out->birth);
        else if (strcmp(out->birth, d) != 0)
            problem(&c, RC_BIRTH, PD_MSG("出生日期 %s 与身份证号 %s 不符（应为 %s）",
                                         "birth date %s disagrees with the ID number %s (born %s)"),
                    out->birth, out->id, d);
        if (!out->sex[0])
            pd_strlcpy(out->sex, sx, sizeof out->sex);
        else if ((strcmp(out->sex, "1") == 0 || strcmp(out->sex, "2") == 0) && strcmp(out->sex, sx) != 0)
            problem(&c, RC_SEX, PD_MSG("性别“%s”与身份证号 %s 不符（应为%s）",
                                       "sex %s disagrees with the ID number %s (%s)"),
                    pd_code_name(PD_CODES_SEX, out->sex), out->id, pd_code_name(PD_CODES_SEX, sx));
    }
    /* only an empty cell is asked for: a refused one is already told */
    bool need_birth = !out->birth[0] && birthok && idok, need_sex = !out->sex[0] && sexok && idok;
    if (!out->id[0] && h->source != PD_REC_HOSPITAL && (need_birth || need_sex))
        problem(&c, need_birth ? RC_BIRTH : RC_SEX,
                PD_MSG("没有身份证号，要按姓名、出生日期和性别比对：请填%s",
                       "no ID number, so the row is matched by name, birth date and sex: give the %s"),
                need_birth ? PD_MSG("出生日期", "birth date") : PD_MSG("性别", "sex"));
    if (h->source == PD_REC_HOSPITAL) {
        if (need_birth)
            problem(&c, RC_BIRTH, "%s", PD_MSG("出生日期是空的", "the birth date is empty"));
        if (need_sex)
            problem(&c, RC_SEX, "%s", PD_MSG("性别是空的", "the sex is empty"));
    }

    if (h->source == PD_REC_POLICE) {
        cell_text(&c, RC_STATUS, t, sizeof t);
        if (!t[0])
            pd_strlcpy(out->status, "active", sizeof out->status);
        else if (!status_word(t, out->status, sizeof out->status))
            problem(&c, RC_STATUS, PD_MSG("“%.60s”不是人员状态：请写 正常、死亡 或 迁出",
                                          "'%.60s' is not a status: write 正常, 死亡 or 迁出"), t);
        cell_text(&c, RC_ADDRESS, out->address, sizeof out->address);
        cell_text(&c, RC_POLICE_NO, out->police_no, sizeof out->police_no);
        cell_text(&c, RC_MARITAL, t, sizeof t);
        norm(&c, RC_MARITAL, fmar, t, today, out->marital, sizeof out->marital, NULL);
        cell_text(&c, RC_DATE, t, sizeof t);
        norm(&c, RC_DATE, &f_date, t, today, out->date, sizeof out->date, NULL);
    } else if (h->source == PD_REC_HOSPITAL) {
        cell_text(&c, RC_MOTHER_NAME, t, sizeof t);
        if (t[0])
            norm(&c, RC_MOTHER_NAME, fname, t, today, out->mother_name, sizeof out->mother_name, NULL);
        cell_text(&c, RC_MOTHER_ID, t, sizeof t);
        if (!t[0])
            problem(&c, RC_MOTHER_ID, "%s", PD_MSG("母亲身份证号是空的", "the mother's ID number is empty"));
        else
            norm(&c, RC_MOTHER_ID, fid, t, today, out->mother_id, sizeof out->mother_id, NULL);
        cell_text(&c, RC_FATHER_NAME, t, sizeof t);
        if (t[0])
            norm(&c, RC_FATHER_NAME, fname, t, today, out->father_name, sizeof out->father_name, NULL);
        cell_text(&c, RC_CERT, out->cert, sizeof out->cert);
    } else {
        cell_text(&c, RC_KIND, t, sizeof t);
        if (!t[0])
            problem(&c, RC_KIND, "%s", PD_MSG("事项是空的：请写 死亡、结婚、再婚、复婚、离婚 或 丧偶",
                                             "the kind of matter is empty: write 死亡, 结婚, 再婚, 复婚, 离婚 or 丧偶"));
        else if (!kind_word(t, out->kind, sizeof out->kind))
            problem(&c, RC_KIND, PD_MSG("“%.60s”不是民政登记的事项：请写 死亡、结婚、再婚、复婚、离婚 或 丧偶",
                                        "'%.60s' is not a matter civil affairs lists: write 死亡, 结婚, 再婚, "
                                        "复婚, 离婚 or 丧偶"), t);
        cell_text(&c, RC_DATE, t, sizeof t);
        if (!t[0])
            problem(&c, RC_DATE, "%s", PD_MSG("日期是空的", "the date of the matter is empty"));
        else
            norm(&c, RC_DATE, &f_date, t, today, out->date, sizeof out->date, NULL);
        if (out->date[0] && out->birth[0] && strcmp(out->date, out->birth) < 0)
            problem(&c, RC_DATE, PD_MSG("日期 %s 早于出生日期 %s", "the date %s is before the birth date %s"),
                    out->date, out->birth);
        cell_text(&c, RC_SPOUSE_NAME, t, sizeof t);
        if (t[0])
            norm(&c, RC_SPOUSE_NAME, fname, t, today, out->spouse_name, sizeof out->spouse_name, NULL);
        cell_text(&c, RC_SPOUSE_ID, t, sizeof t);
        norm(&c, RC_SPOUSE_ID, fid, t, today, out->spouse_id, sizeof out->spouse_id, NULL);
    }
    return c.n;
}

/* ---- comparison ------------------------------------------------------------------- */

void pd_rec_result_done(struct pd_rec_result *res)
{
    json_decref(res->prefill);
    res->prefill = NULL;
}

static void diff(struct pd_rec_result *res, const char *field, const char *ours, const char *theirs)
{
    if (res->ndiffs >= PD_REC_DIFFS)
        return;
    struct pd_rec_diff *d = &res->diffs[res->ndiffs++];
    pd_strlcpy(d->field, field, sizeof d->field);
    pd_strlcpy(d->ours, ours, sizeof d->ours);
    pd_strlcpy(d->theirs, theirs, sizeof d->theirs);
}

/* Both given and different. */
static bool differ(const char *a, const char *b)
{
    return a[0] && b[0] && strcmp(a, b) != 0;
}

static bool address_differs(const char *ours, const char *theirs)
{
    if (!theirs[0])
        return false;
    char a[PD_REC_TEXT], b[PD_REC_TEXT];
    pd_strlcpy(a, ours, sizeof a);
    pd_strlcpy(b, theirs, sizeof b);
    pd_text_normalise(a);
    pd_text_normalise(b);
    pd_text_strip_spaces(a);
    pd_text_strip_spaces(b);
    return strcmp(a, b) != 0;
}

/* Marital status by category: unmarried, married (20-23), widowed,
 * divorced; "" when not stated. */
static const char *marital_cat(const char *code)
{
    if (!code[0] || code[0] == '9')
        return "";
    if (code[0] == '2')
        return "2";
    return code[0] == '1' ? "1" : code[0] == '3' ? "3" : code[0] == '4' ? "4" : "";
}

static const char *marital_of_kind(const char *kind)
{
    if (strcmp(kind, "divorce") == 0)
        return "40";
    if (strcmp(kind, "widowed") == 0)
        return "30";
    if (strcmp(kind, "remarriage") == 0 || strcmp(kind, "reunite") == 0)
        return "22";
    return "20";
}

static void key_of(enum pd_rec_source source, const struct pd_rec_row *row,
                   const struct pd_rec_person *p, struct pd_rec_result *res)
{
    char ident[200], vals[1200];
    if (row && row->id[0])
        snprintf(ident, sizeof ident, "%s", row->id);
    else if (row && source == PD_REC_HOSPITAL && !row->name[0])
        snprintf(ident, sizeof ident, "%s|%s|%s", row->mother_id, row->birth, row->sex);
    else if (row)
        snprintf(ident, sizeof ident, "%s|%s|%s", row->name, row->birth, row->sex);
    else   /* "here, unknown there": the person's record */
        snprintf(ident, sizeof ident, "person#%lld", p->rowid);
    size_t n = 0;
    vals[0] = '\0';
    if (row && source == PD_REC_CIVIL)
        n += (size_t)snprintf(vals + n, sizeof vals - n, "%s@%s;", row->kind, row->date);
    for (int i = 0; i < res->ndiffs && n < sizeof vals; i++)
        n += (size_t)snprintf(vals + n, sizeof vals - n, "%s=%s;", res->diffs[i].field,
                              res->diffs[i].theirs);
    const char *parts[] = { pd_rec_source_key(source), pd_rec_group_key(res->group), res->kind,
                            ident, vals };
    pd_rec_key(parts, 5, res->key);
}

static void set_event(struct pd_rec_result *res, const char *type, const char *household,
                      const char *pid)
{
    pd_strlcpy(res->event, type, sizeof res->event);
    pd_strlcpy(res->ev_household, household, sizeof res->ev_household);
    pd_strlcpy(res->ev_pid, pid, sizeof res->ev_pid);
    if (!res->prefill)
        res->prefill = json_object();
}

static void fill(struct pd_rec_result *res, const char *k, const char *v)
{
    if (res->prefill && v && v[0])
        json_object_set_new(res->prefill, k, json_string(v));
}

static void compare_common(const struct pd_rec_row *row, const struct pd_rec_person *p,
                           enum pd_rec_match how, struct pd_rec_result *res)
{
    if (how == PD_REC_BY_ID && differ(p->name, row->name))
        diff(res, "name", p->name, row->name);
    if (differ(p->sex, row->sex))
        diff(res, "sex", p->sex, row->sex);
    if (differ(p->birth, row->birth))
        diff(res, "birth_date", p->birth, row->birth);
    if (how != PD_REC_BY_ID && differ(p->id, row->id))
        diff(res, "id_number", p->id, row->id);
}

static void compare_police(const struct pd_rec_row *row, const struct pd_rec_person *p,
                           struct pd_rec_result *res)
{
    if (strcmp(p->status, row->status) != 0 &&
        !(strcmp(p->status, "left") == 0 && strcmp(row->status, "moved_out") == 0)) {
        diff(res, "status", p->status, row->status);
        if (strcmp(p->status, "active") == 0 && strcmp(row->status, "dead") == 0) {
            set_event(res, "person.death", p->household, p->pid);
            fill(res, "date", row->date);
        } else if (strcmp(p->status, "active") == 0 && strcmp(row->status, "moved_out") == 0) {
            set_event(res, "person.move_out", p->household, p->pid);
            fill(res, "date", row->date);
        }
    } else if (strcmp(row->status, "dead") == 0 && differ(p->end_date, row->date)) {
        diff(res, "death_date", p->end_date, row->date);
    }
    if (strcmp(row->status, "active") == 0 && strcmp(p->status, "active") == 0) {
        const char *ours = p->reg_address[0] ? p->reg_address : p->hh_address;
        if (address_differs(ours, row->address))
            diff(res, "address", ours, row->address);
        if (differ(p->police_no, row->police_no))
            diff(res, "household", p->police_no, row->police_no);
        const char *a = marital_cat(p->marital), *b = marital_cat(row->marital);
        if (b[0] && strcmp(a, b) != 0)
            diff(res, "marital", p->marital, row->marital);
    }
}

static void compare_civil(const struct pd_rec_row *row, const struct pd_rec_person *p,
                          struct pd_rec_result *res)
{
    if (strcmp(row->kind, "death") == 0) {
        if (strcmp(p->status, "active") == 0) {
            res->group = PD_REC_MISSING;
            pd_strlcpy(res->kind, "death", sizeof res->kind);
            set_event(res, "person.death", p->household, p->pid);
            fill(res, "date", row->date);
        } else if (strcmp(p->status, "dead") != 0) {
            diff(res, "status", p->status, "dead");
        } else if (differ(p->end_date, row->date)) {
            diff(res, "death_date", p->end_date, row->date);
        }
        return;
    }
    if (strcmp(p->status, "dead") == 0 && p->end_date[0] && strcmp(p->end_date, row->date) < 0) {
        diff(res, "status", p->status, "active");
        return;
    }
    const char *want = marital_of_kind(row->kind);
    const char *ours = marital_cat(p->marital);
    if (strcmp(ours, marital_cat(want)) == 0) {
        if (differ(p->marital_date, row->date))
            diff(res, "marital_date", p->marital_date, row->date);
        return;
    }
    if (p->marital_date[0] && strcmp(p->marital_date, row->date) > 0)
        return;   /* a later change is recorded here: theirs is history */
    res->group = PD_REC_MISSING;
    pd_strlcpy(res->kind, "marriage", sizeof res->kind);
    const char *change = "first";
    if (strcmp(row->kind, "divorce") == 0)
        change = "divorce";
    else if (strcmp(row->kind, "widowed") == 0)
        change = "widowed";
    else if (strcmp(row->kind, "reunite") == 0)
        change = "reunite";
    else if (strcmp(row->kind, "remarriage") == 0 || ours[0] == '3' || ours[0] == '4')
        change = "remarry";
    set_event(res, "person.marriage", p->household, p->pid);
    fill(res, "change", change);
    fill(res, "date", row->date);
    fill(res, "spouse_name", row->spouse_name);
    fill(res, "spouse_id_number", row->spouse_id);
}

void pd_rec_compare(enum pd_rec_source source, const struct pd_rec_row *row,
                    const struct pd_rec_person *p, enum pd_rec_match how,
                    const struct pd_rec_person *mother, struct pd_rec_result *res)
{
    memset(res, 0, sizeof *res);
    if (!p) {
        res->group = PD_REC_MISSING;
        if (source == PD_REC_POLICE) {
            if (strcmp(row->status, "active") != 0) {
                /* an ended registration of someone never on this register */
                res->group = PD_REC_CONSISTENT;
                pd_strlcpy(res->note, "ended_elsewhere", sizeof res->note);
            } else {
                pd_strlcpy(res->kind, "person", sizeof res->kind);
                pd_strlcpy(res->note, "no_record", sizeof res->note);
                /* the person to add, from the police list; the household is
                 * found by its 户口簿号 when the clerk starts the form (a
                 * look-up per missing row here would cost a 1M run a scan) */
                set_event(res, "person.add", "", "");
                fill(res, "name", row->name);
                fill(res, "id_number", row->id);
                fill(res, "sex", row->sex);
                fill(res, "birth_date", row->birth);
                fill(res, "marital", row->marital);
                fill(res, "reg_address", row->address);
                fill(res, "police_no", row->police_no);
            }
        } else if (source == PD_REC_HOSPITAL) {
            pd_strlcpy(res->kind, "birth", sizeof res->kind);
            if (mother && mother->household[0] && strcmp(mother->status, "active") == 0) {
                set_event(res, "person.birth", mother->household, mother->pid);
                fill(res, "name", row->name);
                fill(res, "id_number", row->id);
                fill(res, "sex", row->sex);
                fill(res, "birth_date", row->birth);
                fill(res, "mother", mother->pid);
            } else {
                pd_strlcpy(res->note, "mother_elsewhere", sizeof res->note);
            }
        } else {
            pd_strlcpy(res->kind, strcmp(row->kind, "death") == 0 ? "death" : "marriage",
                       sizeof res->kind);
            pd_strlcpy(res->note, "not_registered", sizeof res->note);
        }
        key_of(source, row, NULL, res);
        return;
    }
    res->group = PD_REC_CONSISTENT;
    compare_common(row, p, how, res);
    if (source == PD_REC_POLICE) {
        compare_police(row, p, res);
    } else if (source == PD_REC_HOSPITAL) {
        if (row->mother_id[0] && p->mother_id[0] && strcmp(row->mother_id, p->mother_id) != 0)
            diff(res, "mother", p->mother_id, row->mother_id);
        else if (row->mother_id[0] && !p->mother_pid[0] && mother)
            diff(res, "mother", "", row->mother_id);
    } else {
        compare_civil(row, p, res);
    }
    if (res->group == PD_REC_CONSISTENT && res->ndiffs > 0) {
        res->group = PD_REC_CONTRADICTED;
        pd_strlcpy(res->kind, "fields", sizeof res->kind);
    }
    key_of(source, row, p, res);
}

void pd_rec_unknown(enum pd_rec_source source, const struct pd_rec_person *p,
                    const char *scope_kind, struct pd_rec_result *res)
{
    memset(res, 0, sizeof *res);
    res->group = PD_REC_UNKNOWN;
    pd_strlcpy(res->kind, scope_kind, sizeof res->kind);
    key_of(source, NULL, p, res);
}

void pd_rec_key(const char *const *parts, int n, char out[20])
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        for (const unsigned char *s = (const unsigned char *)(parts[i] ? parts[i] : ""); *s; s++) {
            h ^= *s;
            h *= 1099511628211ULL;
        }
        h ^= 0x1f;   /* a separator: ("ab","c") and ("a","bc") differ */
        h *= 1099511628211ULL;
    }
    snprintf(out, 20, "%016llx", (unsigned long long)h);
}

/* ---- words --------------------------------------------------------------------------- */

static const struct { const char *field, *zh, *en; } field_words[] = {
    { "name", "姓名", "name" },
    { "id_number", "身份证号", "ID number" },
    { "sex", "性别", "sex" },
    { "birth_date", "出生日期", "birth date" },
    { "status", "人员状态", "status" },
    { "death_date", "死亡日期", "date of death" },
    { "address", "户籍地址", "registered address" },
    { "household", "户号", "household number" },
    { "marital", "婚姻状况", "marital status" },
    { "marital_date", "婚姻变动日期", "marital change date" },
    { "mother", "母亲身份证号", "mother's ID number" },
};

const char *pd_rec_field_word(const char *field, bool en)
{
    for (size_t i = 0; i < sizeof field_words / sizeof field_words[0]; i++)
        if (strcmp(field, field_words[i].field) == 0)
            return en ? field_words[i].en : field_words[i].zh;
    return field;
}

void pd_rec_value_word(const char *field, const char *value, bool en, char *buf, size_t size)
{
    const char *w = NULL;
    if (!value[0]) {
        pd_strlcpy(buf, en ? "(empty)" : "（空）", size);
        return;
    }
    if (strcmp(field, "sex") == 0)
        w = pd_code_name(PD_CODES_SEX, value);
    else if (strcmp(field, "marital") == 0)
        w = pd_code_name(PD_CODES_MARITAL, value);
    else if (strcmp(field, "status") == 0) {
        static const struct { const char *k, *zh, *en; } st[] = {
            { "active", "在册", "registered" }, { "dead", "死亡", "dead" },
            { "moved_out", "迁出", "moved out" }, { "left", "已离开", "left" },
        };
        for (size_t i = 0; i < sizeof st / sizeof st[0]; i++)
            if (strcmp(value, st[i].k) == 0)
                w = en ? st[i].en : st[i].zh;
    }
    if (w && en && strcmp(field, "status") != 0)
        snprintf(buf, size, "%s %s", value, w);
    else
        pd_strlcpy(buf, w ? w : value, size);
}

static const struct { const char *code, *zh, *en; } notes[] = {
    { "ended_elsewhere", "本地没有此人，对方也已注销", "not in the register, and no longer registered there either" },
    { "no_record", "公安有户籍、本地没有记录：在所在户登记（迁入或补登）",
      "registered with the police, no record here: record the person (move in or add) in the right household" },
    { "mother_elsewhere", "母亲不是本地在册人员（或没有户）：出生应在别处登记，或母亲也漏登",
      "the mother is not a living person of this register with a household: the birth belongs elsewhere or she is missing too" },
    { "not_registered", "本地没有此人：除非此人应在本地登记，否则无需登记",
      "not in the register: nothing to record here unless the person should be registered here" },
};

const char *pd_rec_note_word(const char *code, bool en)
{
    for (size_t i = 0; code && i < sizeof notes / sizeof notes[0]; i++)
        if (strcmp(code, notes[i].code) == 0)
            return en ? notes[i].en : notes[i].zh;
    return code ? code : "";
}

/* ---- pieces -------------------------------------------------------------------------- */

size_t pd_rec_piece(const char *buf, size_t len, size_t from, int maxrows, int *rows)
{
    bool quoted = false;
    int n = 0;
    size_t i = from;
    while (i < len && n < maxrows) {
        char ch = buf[i++];
        if (ch == '"') {
            quoted = !quoted;
        } else if (!quoted && (ch == '\n' || ch == '\r')) {
            if (ch == '\r' && i < len && buf[i] == '\n')
                i++;
            n++;
        }
    }
    if (i == len && len > from) {
        char last = buf[len - 1];
        if (last != '\n' && last != '\r')
            n++;   /* the last row has no line ending */
    }
    *rows = n;
    return i;
}

void pd_rec_diffs_text(const char *diffs_json, bool en, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!diffs_json || !diffs_json[0])
        return;
    json_t *a = json_loads(diffs_json, 0, NULL);
    size_t n = 0, i;
    json_t *d;
    json_array_foreach(a, i, d) {
        const char *f = json_string_value(json_object_get(d, "field"));
        const char *o = json_string_value(json_object_get(d, "ours"));
        const char *t = json_string_value(json_object_get(d, "theirs"));
        if (!f || n >= size)
            continue;
        char ow[PD_REC_TEXT], tw[PD_REC_TEXT];
        pd_rec_value_word(f, o ? o : "", en, ow, sizeof ow);
        pd_rec_value_word(f, t ? t : "", en, tw, sizeof tw);
        n += (size_t)snprintf(buf + n, size - n, en ? "%s%s: here %s, there %s" : "%s%s：本地 %s，对方 %s",
                              n ? (en ? "; " : "；") : "", pd_rec_field_word(f, en), ow, tw);
    }
    json_decref(a);
}
