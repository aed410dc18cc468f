/* approval.c - Article 19 items, documents, the automatic conditions and
 * the review steps of a second-child application (see approval.h). */
#include "core/approval.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/i18n.h"

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
    return pd_fail(err, PD_EINVAL, field, PD_MSG("再生育条件“%s”不是第十九条的条目（%s）", "unknown Article 19 item '%s' (%s)"), s ? s : "",
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
            return pd_fail(err, PD_EINVAL, field, PD_MSG("不认得的材料“%.*s”（marriage_cert, hukou, id_cards, "
                           "onechild_cert, child_birth_cert, divorce_papers, disability_assessment, "
                           "mining_proof, other）", "unknown document '%.*s' (marriage_cert, hukou, id_cards, "
                           "onechild_cert, child_birth_cert, divorce_papers, disability_assessment, "
                           "mining_proof, other)"), (int)(n > 40 ? 40 : n), p);
        if (m & (1u << found))
            return pd_fail(err, PD_EINVAL, field, PD_MSG("材料“%s”写了两次", "document '%s' is listed twice"), docs[found].key);
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

/* Every condition's words as a pair (Chinese, English), both taking the
 * same arguments in the same order.  The words shown follow the UI
 * language (core/i18n.h PD_MSG); the stored form (pd_a19_result_words,
 * which the application event and the case row keep and the district
 * receives) is always the English, whoever signed in: it is made back from
 * the Chinese words by matching them against these pairs (pd_msg_convert),
 * so the pairs are the one place the two languages meet.  Arguments are
 * names, dates, numbers and code names (the same in both languages) or one
 * of the words of `cwords` below, which are converted too; so no format
 * has two conversions side by side. */
#define M_MARRIED        "已婚：%s（%s），丈夫%s", "married: %s (%s), husband %s"
#define M_MARRIED_NOLINK "婚姻状况：丈夫未在台账中关联（请用配偶的人员编号登记结婚）", \
                         "married: the husband is not linked in the register " \
                         "(record the marriage with the spouse's person id)"
#define M_NOT_MARRIED    "婚姻状况：%s登记为%s，不是已婚", "married: %s is recorded as %s, not married"
#define M_NO_LIVING      "%s：夫妻在台账中没有健在的子女%s", "%s: the couple has no living child in the register%s"
#define M_MANY_LIVING    "%s：夫妻在台账中有%d个健在的子女", "%s: the couple has %d living children in the register"
#define M_NOT_DETAILED   "%s：台账中没有夫妻子女的详细情况", "%s: the couple's child is not detailed in the register"
#define M_ONLY_LIVING    "%s：夫妻唯一健在的子女是%s，%s出生", "%s: the couple's only living child is a %s born %s"
#define M_OC_UNKNOWN     "夫妻双方均为独生子女：%s不在台账中", "both spouses only children: the %s is not in the register"
#define M_OC_CERT        "夫妻双方均为独生子女：%s父母持有独生子女父母光荣证%s", \
                         "both spouses only children: %s's parents hold one-child certificate %s"
#define M_OC_ONE         "夫妻双方均为独生子女：%s父母在台账中只有一个子女", \
                         "both spouses only children: %s's parents have one child in the register"
#define M_OC_MANY        "夫妻双方均为独生子女：%s父母在台账中有%d个子女", \
                         "both spouses only children: %s's parents have %d children in the register"
#define M_OC_NO_PARENTS  "夫妻双方均为独生子女：%s父母不在台账中（请查验独生子女证明）", \
                         "both spouses only children: %s's parents are not in the register " \
                         "(check the one-child certificate)"
#define M_RURAL_UNKNOWN  "农村夫妻：台账中没有%s的户口性质", "rural couple: the %s's registration type is not in the register"
#define M_RURAL_NOT      "农村夫妻：%s是%s", "rural couple: the %s has %s registration"
#define M_RURAL_MET      "农村夫妻：双方均为农业户口", "rural couple: both agricultural registration"
#define M_MIN_UNKNOWN    "少数民族：台账中没有%s的民族", "ethnic minority: the %s's ethnicity is not in the register"
#define M_MIN_NOT        "少数民族：%s为%s", "ethnic minority: %s %s"
#define M_MIN_MET        "少数民族：女方%s，男方%s", "ethnic minority: wife %s, husband %s"
#define M_RE_NONE        "再婚：台账中夫妻双方都不是再婚", "remarriage: neither spouse is recorded as remarried"
#define M_RE_MET         "再婚：%s于%s再婚", "remarriage: %s remarried %s"
#define M_BEFORE_UNKNOWN "再婚前子女：%s的情况不明", "children before: not known for the %s"
#define M_BEFORE_MET     "再婚前子女：%s再婚前有一个子女，%s没有", "children before: %s has one child from before, %s none"
#define M_BEFORE_NOT     "再婚前子女：女方%d个，男方%d个（须一方一个、另一方没有）", \
                         "children before: wife has %d, husband %d (one of them one, the other none)"
#define M_TOGETHER_NOT   "再婚后未共同生育：夫妻再婚后已共同生育%d个子女", \
                         "no child together: the couple has %d child(ren) together"
#define M_TOGETHER_MET   "再婚后未共同生育子女", "no child together since the remarriage"
#define M_DISABLED_MET   "病残儿：台账记有%d级残疾（以市级病残儿医学鉴定为准）", \
                         "disabled child: disability grade %d recorded (the city-level assessment decides)"
#define M_DISABLED_UNK   "病残儿：台账未记残疾；以市级病残儿医学鉴定为准", \
                         "disabled child: no disability recorded; the city-level assessment decides"
#define M_MINING         "井下作业五年以上：台账中没有；以用人单位证明为准", \
                         "5+ years underground: not in the register; the employer's proof decides"

/* PD_MSG of a pair above; compile-time format checking still sees both. */
#define MSG(pair) MSG_(pair)
#define MSG_(zh, en) PD_MSG(zh, en)
#define PAIR(pair) PAIR_(pair)
#define PAIR_(zh, en) { zh, en }

static const char *const cmsgs[][2] = {
    PAIR(M_MARRIED), PAIR(M_MARRIED_NOLINK), PAIR(M_NOT_MARRIED), PAIR(M_NO_LIVING),
    PAIR(M_MANY_LIVING), PAIR(M_NOT_DETAILED), PAIR(M_ONLY_LIVING), PAIR(M_OC_UNKNOWN),
    PAIR(M_OC_CERT), PAIR(M_OC_ONE), PAIR(M_OC_MANY), PAIR(M_OC_NO_PARENTS),
    PAIR(M_RURAL_UNKNOWN), PAIR(M_RURAL_NOT), PAIR(M_RURAL_MET), PAIR(M_MIN_UNKNOWN),
    PAIR(M_MIN_NOT), PAIR(M_MIN_MET), PAIR(M_RE_NONE), PAIR(M_RE_MET), PAIR(M_BEFORE_UNKNOWN),
    PAIR(M_BEFORE_MET), PAIR(M_BEFORE_NOT), PAIR(M_TOGETHER_NOT), PAIR(M_TOGETHER_MET),
    PAIR(M_DISABLED_MET), PAIR(M_DISABLED_UNK), PAIR(M_MINING),
};

/* The words that go into the formats as arguments. */
enum { W_WIFE, W_HUSBAND, W_ONE_DAUGHTER, W_ONE_CHILD, W_GIRL, W_BOY, W_CHILD, W_FIRST_FREE,
       W_MARITAL_UNKNOWN, W__COUNT };
static const char *const cwords[W__COUNT][2] = {
    [W_WIFE] = { "女方", "wife" },
    [W_HUSBAND] = { "男方", "husband" },
    [W_ONE_DAUGHTER] = { "只有一个女孩", "one daughter" },
    [W_ONE_CHILD] = { "只有一个子女", "one child" },
    [W_GIRL] = { "女孩", "girl" },
    [W_BOY] = { "男孩", "boy" },
    [W_CHILD] = { "孩子（性别未登记）", "child" },
    [W_FIRST_FREE] = { "（生育第一个子女不需审批）", " (a first child needs no approval)" },
    [W_MARITAL_UNKNOWN] = { "婚姻状况不明", "marital status unknown" },
};

static const char *word(int w) { return PD_MSG(cwords[w][0], cwords[w][1]); }

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

static const char *who(bool wife) { return word(wife ? W_WIFE : W_HUSBAND); }

static void married(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *w = &f->wife;
    char d[PD_DATE_STRLEN] = "";
    if (pd_date_valid(w->marital_date))
        pd_date_format(w->marital_date, d);
    const char *mn = pd_code_name(PD_CODES_MARITAL, w->marital);
    if (w->marital[0] == '2' && f->husband.known) {
        char status[64];
        snprintf(status, sizeof status, "%s%s%s", mn ? mn : w->marital, d[0] ? " " : "", d);
        add(r, PD_CHK_MET, MSG(M_MARRIED), w->name, status, f->husband.name);
    } else if (w->marital[0] == '2') {
        add(r, PD_CHK_UNKNOWN, MSG(M_MARRIED_NOLINK));
    } else {
        add(r, PD_CHK_NOT_MET, MSG(M_NOT_MARRIED), w->name,
            w->marital[0] && mn ? mn : word(W_MARITAL_UNKNOWN));
    }
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

/* One living child (daughter: that child a girl). */
static void one_child(struct pd_a19_result *r, const struct pd_a19_facts *f, bool daughter)
{
    int last = -1;
    int n = living(f, &last);
    const char *label = word(daughter ? W_ONE_DAUGHTER : W_ONE_CHILD);
    if (n == 0) {
        add(r, PD_CHK_NOT_MET, MSG(M_NO_LIVING), label, daughter ? "" : word(W_FIRST_FREE));
    } else if (n > 1) {
        add(r, PD_CHK_NOT_MET, MSG(M_MANY_LIVING), label, n);
    } else if (last < 0) {
        add(r, PD_CHK_UNKNOWN, MSG(M_NOT_DETAILED), label);
    } else {
        const struct pd_a19_child *c = &f->children[last];
        char d[PD_DATE_STRLEN] = "?";
        if (pd_date_valid(c->birth))
            pd_date_format(c->birth, d);
        const char *sex = word(c->sex == '2' ? W_GIRL : c->sex == '1' ? W_BOY : W_CHILD);
        add(r, daughter && c->sex != '2' ? PD_CHK_NOT_MET : PD_CHK_MET, MSG(M_ONLY_LIVING), label, sex, d);
    }
}

static void only_child(struct pd_a19_result *r, const struct pd_a19_spouse *s, bool wife)
{
    if (!s->known)
        add(r, PD_CHK_UNKNOWN, MSG(M_OC_UNKNOWN), who(wife));
    else if (s->parents_onechild_cert)
        add(r, PD_CHK_MET, MSG(M_OC_CERT), who(wife), s->onechild_number);
    else if (s->parents_children == 1)
        add(r, PD_CHK_MET, MSG(M_OC_ONE), who(wife));
    else if (s->parents_children > 1)
        add(r, PD_CHK_NOT_MET, MSG(M_OC_MANY), who(wife), s->parents_children);
    else
        add(r, PD_CHK_UNKNOWN, MSG(M_OC_NO_PARENTS), who(wife));
}

static void rural(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    for (int i = 0; i < 2; i++) {
        if (!s[i]->known || !s[i]->reg_type[0]) {
            add(r, PD_CHK_UNKNOWN, MSG(M_RURAL_UNKNOWN), who(i == 0));
            return;
        }
        if (strcmp(s[i]->reg_type, "2") != 0) {
            const char *nm = pd_code_name(PD_CODES_REGISTRATION, s[i]->reg_type);
            add(r, PD_CHK_NOT_MET, MSG(M_RURAL_NOT), who(i == 0), nm ? nm : s[i]->reg_type);
            return;
        }
    }
    add(r, PD_CHK_MET, MSG(M_RURAL_MET));
}

static void minority(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    const char *nm[2];
    for (int i = 0; i < 2; i++) {
        if (!s[i]->known || !s[i]->ethnicity[0]) {
            add(r, PD_CHK_UNKNOWN, MSG(M_MIN_UNKNOWN), who(i == 0));
            return;
        }
        nm[i] = pd_code_name(PD_CODES_ETHNICITY, s[i]->ethnicity);
        if (!nm[i])
            nm[i] = s[i]->ethnicity;
        if (strcmp(s[i]->ethnicity, "01") == 0) {
            add(r, PD_CHK_NOT_MET, MSG(M_MIN_NOT), who(i == 0), nm[i]);
            return;
        }
    }
    add(r, PD_CHK_MET, MSG(M_MIN_MET), nm[0], nm[1]);
}

static void remarriage(struct pd_a19_result *r, const struct pd_a19_facts *f)
{
    const struct pd_a19_spouse *s[2] = { &f->wife, &f->husband };
    int re = -1;
    for (int i = 0; i < 2; i++)
        if (s[i]->known && (strcmp(s[i]->marital, "22") == 0 || strcmp(s[i]->marital, "23") == 0))
            re = re < 0 ? i : re;
    if (re < 0) {
        add(r, f->husband.known ? PD_CHK_NOT_MET : PD_CHK_UNKNOWN, MSG(M_RE_NONE));
    } else {
        char d[PD_DATE_STRLEN] = "?";
        if (pd_date_valid(s[re]->marital_date))
            pd_date_format(s[re]->marital_date, d);
        add(r, PD_CHK_MET, MSG(M_RE_MET), who(re == 0), d);
    }
    int w = f->wife.prior_children, h = f->husband.known ? f->husband.prior_children : -1;
    if (w < 0 || h < 0)
        add(r, PD_CHK_UNKNOWN, MSG(M_BEFORE_UNKNOWN), who(w < 0));
    else if ((w == 1 && h == 0) || (w == 0 && h == 1))
        add(r, PD_CHK_MET, MSG(M_BEFORE_MET), who(w == 1), who(w != 1));
    else
        add(r, PD_CHK_NOT_MET, MSG(M_BEFORE_NOT), w, h);
    int together = f->nchildren - (w > 0 ? w : 0) - (h > 0 ? h : 0);
    if (w >= 0 && h >= 0) {
        if (together > 0)
            add(r, PD_CHK_NOT_MET, MSG(M_TOGETHER_NOT), together);
        else
            add(r, PD_CHK_MET, MSG(M_TOGETHER_MET));
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
            add(out, PD_CHK_MET, MSG(M_DISABLED_MET), f->children[last].disability_grade);
        else
            add(out, PD_CHK_UNKNOWN, MSG(M_DISABLED_UNK));
        break;
    }
    case PD_A19_MINER_DAUGHTER:
        one_child(out, f, true);
        add(out, PD_CHK_UNKNOWN, MSG(M_MINING));
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

/* Condition words (either language) in `lang` ("zh", "en"; NULL: the UI
 * language), e.g. for the Chinese printout whatever the session's
 * language. */
size_t pd_a19_words_text(const char *words, const char *lang, char *buf, size_t size)
{
    bool zh = lang ? strcmp(lang, "en") != 0 : pd_msg_zh();
    return pd_msg_convert(cmsgs, sizeof cmsgs / sizeof cmsgs[0], cwords, W__COUNT, words ? words : "", zh,
                          buf, size);
}

/* The stored form: always English ("[met] married: ..."), whoever is
 * signed in, so the application event, the case row and the district's
 * copy read the same; the Chinese words are made back into English by the
 * pairs above. */
const char *pd_a19_result_words(const struct pd_a19_result *r, char *buf, size_t size)
{
    size_t n = 0;
    if (!size)
        return buf;
    buf[0] = '\0';
    for (int i = 0; i < r->n && n < size; i++) {
        char en[2 * PD_A19_WORDS];
        pd_msg_convert(cmsgs, sizeof cmsgs / sizeof cmsgs[0], cwords, W__COUNT, r->c[i].words, false,
                       en, sizeof en);
        int w = snprintf(buf + n, size - n, "%s[%s] %s", n ? "; " : "", pd_chk_words(r->c[i].state), en);
        n = w > 0 ? n + (size_t)w : n;
    }
    if (r->docs_missing && n < size) {
        char d[256];
        snprintf(buf + n, size - n, "%smissing documents: %s", n ? "; " : "",
                 pd_a19_docs_format(r->docs_missing, d, sizeof d));
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
    return pd_fail(err, PD_EINVAL, "state", PD_MSG("不认得的审批状态“%s”", "unknown case state '%s'"), s ? s : "");
}

pd_err pd_case_next(enum pd_case_state cur, const char *step, bool approve,
                    enum pd_case_state *next, struct pd_error *err)
{
    static const char *const steps[3] = { "village", "town", "county" };
    static const char *const step_words[3][2] = {
        { "村(居)审核", "the village review" },
        { "乡镇(街道)审查", "the town check" },
        { "县级审批", "the county approval" },
    };
    int en = pd_msg_zh() ? 0 : 1;
    int k = -1;
    for (int i = 0; i < 3; i++)
        if (step && strcmp(step, steps[i]) == 0)
            k = i;
    if (k < 0)
        return pd_fail(err, PD_EINVAL, "step", PD_MSG("不认得的审批环节“%s”（village、town 或 county）",
                                                       "unknown step '%s' (village, town or county)"), step ? step : "");
    if (cur == PD_CASE_APPROVED || cur == PD_CASE_REFUSED)
        return pd_fail(err, PD_EINVAL, "step", PD_MSG("申请已是“%s”，没有下一步", "the application is already %s; no further step"),
                       en ? (cur == PD_CASE_APPROVED ? "approved" : "refused") : state_zh[cur]);
    int due = (int)cur;   /* applied -> village (0), village -> town (1), town -> county (2) */
    if (k != due)
        return pd_fail(err, PD_EINVAL, "step", PD_MSG("申请现在是“%s”：下一步是%s，不是%s",
                                               "the application is at '%s': %s comes next, not %s"),
                       en ? state_keys[cur] : state_zh[cur], step_words[due][en], step_words[k][en]);
    *next = !approve ? PD_CASE_REFUSED : (enum pd_case_state)(k + 1 == 3 ? PD_CASE_APPROVED : k + 1);
    return PD_OK;
}
