/* approval.c - Article 19 items, documents, the automatic conditions and
 * the review steps of a second-child application (see approval.h). */
#include "core/approval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/codes.h"

static const struct { const char *key, *zh, *en; } items[PD_A19__COUNT] = {
    { "only_children", "夫妻双方均为独生子女", "both spouses only children" },
    { "rural_daughter", "农村夫妻只有一个女孩", "rural couple with one daughter" },
    { "minority", "夫妻双方均为少数民族", "ethnic minority couple" },
    { "remarriage", "再婚夫妻(一方生育过一个子女,另一方未生育)", "remarriage" },
    { "disabled_child", "第一个子女为病残儿(市级鉴定)", "disabled first child (city-level assessment)" },
    { "miner_daughter", "井下作业五年以上且只有一个女孩", "5+ years underground mining with one daughter" },
    { "other", "条例第十九条其他情形", "other item of Article 19" },
};

const char *pd_a19_key(enum pd_a19_item it) { return (unsigned)it < PD_A19__COUNT ? items[it].key : "?"; }
const char *pd_a19_zh(enum pd_a19_item it) { return (unsigned)it < PD_A19__COUNT ? items[it].zh : "?"; }
const char *pd_a19_en(enum pd_a19_item it) { return (unsigned)it < PD_A19__COUNT ? items[it].en : "?"; }

pd_err pd_a19_parse(const char *s, enum pd_a19_item *out, const char *field, struct pd_error *err)
{
    for (int i = 0; i < PD_A19__COUNT; i++)
        if (s && strcmp(s, items[i].key) == 0) {
            *out = (enum pd_a19_item)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, field, "unknown Article 19 item '%s' (%s)", s ? s : "",
                   PD_A19_CHOICES);
}

static const struct { const char *key, *zh; } docs[PD_DOC__COUNT] = {
    { "marriage_cert", "结婚证" },
    { "hukou", "户口簿" },
    { "id_cards", "双方身份证" },
    { "onechild_cert", "独生子女证明" },
    { "child_birth_cert", "子女出生医学证明" },
    { "divorce_papers", "离婚证或原配偶死亡证明" },
    { "disability_assessment", "市级病残儿医学鉴定" },
    { "mining_proof", "井下作业年限证明" },
    { "other", "其他证明材料" },
};

const char *pd_a19_doc_key(enum pd_a19_doc d) { return (unsigned)d < PD_DOC__COUNT ? docs[d].key : "?"; }
const char *pd_a19_doc_zh(enum pd_a19_doc d) { return (unsigned)d < PD_DOC__COUNT ? docs[d].zh : "?"; }

pd_err pd_a19_docs_parse(const char *s, unsigned *mask, const char *field, struct pd_error *err)
{
    unsigned m = 0;
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, ", ");
        int found = -1;
        for (int i = 0; i < PD_DOC__COUNT; i++)
            if (strlen(docs[i].key) == n && strncmp(p, docs[i].key, n) == 0)
                found = i;
        if (found < 0)
            return pd_fail(err, PD_EINVAL, field, "unknown document '%.*s' (marriage_cert, hukou, id_cards, "
                           "onechild_cert, child_birth_cert, divorce_papers, disability_assessment, "
                           "mining_proof, other)", (int)(n > 40 ? 40 : n), p);
        if (m & (1u << found))
            return pd_fail(err, PD_EINVAL, field, "document '%s' is listed twice", docs[found].key);
        m |= 1u << found;
        p += n;
    }
    *mask = m;
    return PD_OK;
}

const char *pd_a19_docs_format(unsigned mask, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (int i = 0; i < PD_DOC__COUNT; i++)
        if (mask & (1u << i)) {
            int w = snprintf(buf + n, size > n ? size - n : 0, "%s%s", n ? "," : "", docs[i].key);
            if (w > 0)
                n += (size_t)w;
        }
    return buf;
}

unsigned pd_a19_docs_required(enum pd_a19_item it)
{
    unsigned m = 1u << PD_DOC_MARRIAGE | 1u << PD_DOC_HUKOU | 1u << PD_DOC_ID_CARDS;
    switch (it) {
    case PD_A19_ONLY_CHILDREN:  return m | 1u << PD_DOC_ONECHILD;
    case PD_A19_REMARRIAGE:     return m | 1u << PD_DOC_DIVORCE;
    case PD_A19_DISABLED_CHILD: return m | 1u << PD_DOC_DISABILITY;
    case PD_A19_MINER_DAUGHTER: return m | 1u << PD_DOC_MINING;
    case PD_A19_OTHER:          return m | 1u << PD_DOC_OTHER;
    default:                    return m;
    }
}

/* ---- the automatic check ---------------------------------------------- */

static void add(struct pd_a19_result *r, enum pd_chk s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add(struct pd_a19_result *r, enum pd_chk s, const char *fmt, ...)
{
    if (r->n >= PD_A19_CONDS)
        return;
    struct pd_a19_cond *c = &r->c[r->n++];
    c->state = s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->words, sizeof c->words, fmt, ap);
    va_end(ap);
}

static const char *who(bool wife) { return wife ? "wife" : "husband"; }

static void married(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *w = &f->wife;
    char d[PD_DATE_STRLEN] = "";
    if (pd_date_valid(w->marital_date))
        pd_date_format(w->marital_date, d);
    if (w->marital[0] == '2' && f->husband.known)
        add(r, PD_CHK_MET, "married: %s (%s%s%s), husband %s", w->name,
            pd_code_name(PD_CODES_MARITAL, w->marital) ? pd_code_name(PD_CODES_MARITAL, w->marital) : w->marital,
            d[0] ? " " : "", d, f->husband.name);
    else if (w->marital[0] == '2')
        add(r, PD_CHK_UNKNOWN, "married: the husband is not linked in the register "
            "(record the marriage with the spouse's person id)");
    else
        add(r, PD_CHK_NOT_MET, "married: %s is recorded as %s, not married", w->name,
            w->marital[0] && pd_code_name(PD_CODES_MARITAL, w->marital)
                ? pd_code_name(PD_CODES_MARITAL, w->marital) : "marital status unknown");
}

static int living(const struct pd_a19_facts *f, int *last)
{
    int n = 0;
    for (int i = 0; i < f->nchildren; i++)
        if (i >= PD_A19_CHILDREN || f->children[i].alive) {
            n++;
            if (i < PD_A19_CHILDREN)
                *last = i;
        }
    return n;
}

static const char *child_words(const struct pd_a19_child *c, char *buf, size_t size)
{
    char d[PD_DATE_STRLEN] = "?";
    if (pd_date_valid(c->birth))
        pd_date_format(c->birth, d);
    snprintf(buf, size, "%s born %s", c->sex == '2' ? "girl" : c->sex == '1' ? "boy" : "child", d);
    return buf;
}

/* One living child (daughter: that child a girl). */
static void one_child(struct pd_a19_result *r, const struct pd_a19_facts *f, bool daughter)
{
    int last = -1;
    int n = living(f, &last);
    char cw[64] = "";
    const char *label = daughter ? "one daughter" : "one child";
    if (n == 0)
        add(r, PD_CHK_NOT_MET, "%s: the couple has no living child in the register%s", label,
            daughter ? "" : " (a first child needs no approval)");
    else if (n > 1)
        add(r, PD_CHK_NOT_MET, "%s: the couple has %d living children in the register", label, n);
    else if (last < 0)
        add(r, PD_CHK_UNKNOWN, "%s: the couple's child is not detailed in the register", label);
    else if (daughter && f->children[last].sex != '2')
        add(r, PD_CHK_NOT_MET, "one daughter: the couple's only living child is a %s",
            child_words(&f->children[last], cw, sizeof cw));
    else
        add(r, PD_CHK_MET, "%s: the couple's only living child is a %s", label,
            child_words(&f->children[last], cw, sizeof cw));
}

static void only_child(struct pd_a19_result *r, const struct pd_a19_spouse *s, bool wife)
{
    if (!s->known)
        add(r, PD_CHK_UNKNOWN, "both spouses only children: the %s is not in the register", who(wife));
    else if (s->parents_onechild_cert)
        add(r, PD_CHK_MET, "both spouses only children: %s's parents hold one-child certificate %s",
            who(wife), s->onechild_number);
    else if (s->parents_children == 1)
        add(r, PD_CHK_MET, "both spouses only children: %s's parents have one child in the register",
            who(wife));
    else if (s->parents_children > 1)
        add(r, PD_CHK_NOT_MET, "both spouses only children: %s's parents have %d children in the register",
            who(wife), s->parents_children);
    else
        add(r, PD_CHK_UNKNOWN, "both spouses only children: %s's parents are not in the register "
            "(check the one-child certificate)", who(wife));
}

static void rural(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    for (int i = 0; i < 2; i++) {
        if (!s[i]->known || !s[i]->reg_type[0]) {
            add(r, PD_CHK_UNKNOWN, "rural couple: the %s's registration type is not in the register", who(i == 0));
            return;
        }
        if (strcmp(s[i]->reg_type, "2") != 0) {
            const char *nm = pd_code_name(PD_CODES_REGISTRATION, s[i]->reg_type);
            add(r, PD_CHK_NOT_MET, "rural couple: the %s has %s registration", who(i == 0),
                nm ? nm : s[i]->reg_type);
            return;
        }
    }
    add(r, PD_CHK_MET, "rural couple: both agricultural registration");
}

static void minority(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    const char *nm[2];
    for (int i = 0; i < 2; i++) {
        if (!s[i]->known || !s[i]->ethnicity[0]) {
            add(r, PD_CHK_UNKNOWN, "ethnic minority: the %s's ethnicity is not in the register", who(i == 0));
            return;
        }
        nm[i] = pd_code_name(PD_CODES_ETHNICITY, s[i]->ethnicity);
        if (!nm[i])
            nm[i] = s[i]->ethnicity;
        if (strcmp(s[i]->ethnicity, "01") == 0) {
            add(r, PD_CHK_NOT_MET, "ethnic minority: %s %s", who(i == 0), nm[i]);
            return;
        }
    }
    add(r, PD_CHK_MET, "ethnic minority: wife %s, husband %s", nm[0], nm[1]);
}

static void remarriage(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    int re = -1;
    for (int i = 0; i < 2; i++)
        if (s[i]->known && (strcmp(s[i]->marital, "22") == 0 || strcmp(s[i]->marital, "23") == 0))
            re = re < 0 ? i : re;
    if (re < 0) {
        add(r, f->husband.known ? PD_CHK_NOT_MET : PD_CHK_UNKNOWN,
            "remarriage: neither spouse is recorded as remarried");
    } else {
        char d[PD_DATE_STRLEN] = "?";
        if (pd_date_valid(s[re]->marital_date))
            pd_date_format(s[re]->marital_date, d);
        add(r, PD_CHK_MET, "remarriage: %s remarried %s", who(re == 0), d);
    }
    int w = f->wife.prior_children, h = f->husband.known ? f->husband.prior_children : -1;
    if (w < 0 || h < 0)
        add(r, PD_CHK_UNKNOWN, "children before: not known for the %s", w < 0 ? "wife" : "husband");
    else if ((w == 1 && h == 0) || (w == 0 && h == 1))
        add(r, PD_CHK_MET, "children before: %s has one child from before, %s none",
            who(w == 1), who(w != 1));
    else
        add(r, PD_CHK_NOT_MET, "children before: wife has %d, husband %d (one of them one, the other none)", w, h);
    int together = f->nchildren - (w > 0 ? w : 0) - (h > 0 ? h : 0);
    if (w >= 0 && h >= 0) {
        if (together > 0)
            add(r, PD_CHK_NOT_MET, "no child together: the couple has %d child(ren) together", together);
        else
            add(r, PD_CHK_MET, "no child together since the remarriage");
    }
}

void pd_a19_check(enum pd_a19_item it, const struct pd_a19_facts *f, unsigned docs_mask,
                  struct pd_a19_result *out)
{
    memset(out, 0, sizeof *out);
    married(out, f);
    switch (it) {
    case PD_A19_ONLY_CHILDREN:
        only_child(out, &f->wife, true);
        only_child(out, &f->husband, false);
        one_child(out, f, false);
        break;
    case PD_A19_RURAL_DAUGHTER:
        rural(out, f);
        one_child(out, f, true);
        break;
    case PD_A19_MINORITY:
        minority(out, f);
        one_child(out, f, false);
        break;
    case PD_A19_REMARRIAGE:
        remarriage(out, f);
        break;
    case PD_A19_DISABLED_CHILD: {
        one_child(out, f, false);
        int last = -1;
        if (living(f, &last) == 1 && last >= 0 && f->children[last].disability_grade > 0)
            add(out, PD_CHK_MET, "disabled child: disability grade %d recorded (the city-level assessment decides)",
                f->children[last].disability_grade);
        else
            add(out, PD_CHK_UNKNOWN, "disabled child: no disability recorded; the city-level assessment decides");
        break;
    }
    case PD_A19_MINER_DAUGHTER:
        one_child(out, f, true);
        add(out, PD_CHK_UNKNOWN, "5+ years underground: not in the register; the employer's proof decides");
        break;
    case PD_A19_OTHER:
    default:
        one_child(out, f, false);
        break;
    }
    out->docs_missing = pd_a19_docs_required(it) & ~docs_mask;
    out->blocked = out->docs_missing != 0;
    for (int i = 0; i < out->n; i++)
        if (out->c[i].state == PD_CHK_NOT_MET)
            out->blocked = true;
}

const char *pd_chk_words(enum pd_chk s)
{
    return s == PD_CHK_MET ? "met" : s == PD_CHK_NOT_MET ? "NOT MET" : "to check";
}

const char *pd_a19_result_words(const struct pd_a19_result *r, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (int i = 0; i < r->n; i++) {
        int w = snprintf(buf + n, size > n ? size - n : 0, "%s[%s] %s", n ? "; " : "",
                         pd_chk_words(r->c[i].state), r->c[i].words);
        if (w > 0)
            n += (size_t)w;
    }
    if (r->docs_missing) {
        char d[256];
        snprintf(buf + (n < size ? n : size), size > n ? size - n : 0, "%smissing documents: %s",
                 n ? "; " : "", pd_a19_docs_format(r->docs_missing, d, sizeof d));
    }
    return buf;
}

/* ---- review steps ------------------------------------------------------ */

static const char *const state_keys[PD_CASE__COUNT] = { "applied", "village", "town", "approved", "refused" };
static const char *const state_zh[PD_CASE__COUNT] = { "已申请", "村(居)已审核", "乡镇(街道)已审查", "县级已批准", "不予批准" };

const char *pd_case_state_key(enum pd_case_state s) { return (unsigned)s < PD_CASE__COUNT ? state_keys[s] : "?"; }
const char *pd_case_state_zh(enum pd_case_state s) { return (unsigned)s < PD_CASE__COUNT ? state_zh[s] : "?"; }

pd_err pd_case_state_parse(const char *s, enum pd_case_state *out, struct pd_error *err)
{
    for (int i = 0; i < PD_CASE__COUNT; i++)
        if (s && strcmp(s, state_keys[i]) == 0) {
            *out = (enum pd_case_state)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, "state", "unknown case state '%s'", s ? s : "");
}

pd_err pd_case_next(enum pd_case_state cur, const char *step, bool approve,
                    enum pd_case_state *next, struct pd_error *err)
{
    static const char *const steps[3] = { "village", "town", "county" };
    static const char *const step_words[3] = { "the village review", "the town check", "the county approval" };
    int k = -1;
    for (int i = 0; i < 3; i++)
        if (step && strcmp(step, steps[i]) == 0)
            k = i;
    if (k < 0)
        return pd_fail(err, PD_EINVAL, "step", "unknown step '%s' (village, town or county)", step ? step : "");
    if (cur == PD_CASE_APPROVED || cur == PD_CASE_REFUSED)
        return pd_fail(err, PD_EINVAL, "step", "the application is already %s; no further step",
                       cur == PD_CASE_APPROVED ? "approved" : "refused");
    int due = (int)cur;   /* applied -> village (0), village -> town (1), town -> county (2) */
    if (k != due)
        return pd_fail(err, PD_EINVAL, "step", "the application is at '%s': %s comes next, not %s",
                       state_keys[cur], step_words[due], step_words[k]);
    *next = !approve ? PD_CASE_REFUSED : (enum pd_case_state)(k + 1 == 3 ? PD_CASE_APPROVED : k + 1);
    return PD_OK;
}
