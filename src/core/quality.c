/* quality.c - the data-quality rules and their words (see quality.h). */
#include "core/quality.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/fields.h"
#include "core/idnum.h"

static const struct pd_qkind_def defs[PD_Q__COUNT] = {
#define PD_X(id, key, sev, zh, en) { PD_Q_##id, key, sev, zh, en },
    PD_QUALITY_TABLE(PD_X)
#undef PD_X
};

const struct pd_qkind_def *pd_qkind_def(enum pd_qkind kind)
{
    return (unsigned)kind < PD_Q__COUNT ? &defs[kind] : NULL;
}

const struct pd_qkind_def *pd_qkind_find(const char *key)
{
    for (int i = 0; key && i < PD_Q__COUNT; i++)
        if (strcmp(defs[i].key, key) == 0)
            return &defs[i];
    return NULL;
}

const char *pd_qseverity_key(enum pd_qseverity s)
{
    return s == PD_Q_ERROR ? "error" : "warning";
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void report(const struct pd_qperson *p, enum pd_qkind kind, const char *field,
                   const char *other, pd_problem_fn fn, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void report(const struct pd_qperson *p, enum pd_qkind kind, const char *field,
                   const char *other, pd_problem_fn fn, void *ctx, const char *fmt, ...)
{
    struct pd_problem pr;
    memset(&pr, 0, sizeof pr);
    pr.kind = kind;
    pr.rowid = p->rowid;
    pd_strlcpy(pr.person, nz(p->pid), sizeof pr.person);
    pd_strlcpy(pr.household, nz(p->household), sizeof pr.household);
    pd_strlcpy(pr.name, nz(p->name), sizeof pr.name);
    pd_strlcpy(pr.field, nz(field), sizeof pr.field);
    pd_strlcpy(pr.other, nz(other), sizeof pr.other);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pr.reason, sizeof pr.reason, fmt, ap);
    va_end(ap);
    fn(ctx, &pr);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Dates as stored ("YYYY-MM-DD") are read directly: the check reads a
 * million of them; anything else goes through the full parser. */
static bool parse_date(const char *s, struct pd_date *d)
{
    *d = (struct pd_date){ 0, 0, 0 };
    if (!s || !s[0])
        return false;
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        struct pd_date x = { digits(s, 4), digits(s + 5, 2), digits(s + 8, 2) };
        if (x.y > 0 && x.m > 0 && x.d > 0 && pd_date_valid(x)) {
            *d = x;
            return true;
        }
    }
    return pd_date_parse(s, d, "date", NULL) == PD_OK && !pd_date_is_empty(*d);
}

/* A stored ID number that is right, read without normalising (the common
 * case); false sends it to pd_id_parse for the words of what is wrong. */
static bool id_ok_fast(const char *id, struct pd_date today, struct pd_idinfo *info)
{
    if (strlen(id) != 18)
        return false;
    for (int i = 0; i < 17; i++)
        if (id[i] < '0' || id[i] > '9')
            return false;
    if (pd_id_check_char(id) != id[17])
        return false;
    struct pd_date b = { digits(id + 6, 4), digits(id + 10, 2), digits(id + 12, 2) };
    if (!pd_date_valid(b) || (pd_date_valid(today) && pd_date_cmp(b, today) > 0))
        return false;
    memset(info, 0, sizeof *info);
    pd_strlcpy(info->number, id, sizeof info->number);
    info->birth = b;
    info->sex = (id[16] - '0') % 2 ? 1 : 2;
    return true;
}

static bool is_married(const char *marital)
{
    return marital && (strcmp(marital, "20") == 0 || strcmp(marital, "21") == 0 ||
                       strcmp(marital, "22") == 0 || strcmp(marital, "23") == 0);
}

static const char *label(const char *key)
{
    const struct pd_field *f = pd_field_find(&pd_person_fields, key);
    return f ? f->zh : key;
}

/* Where each core field of the field table (PD_FF_CORE) is in struct
 * pd_qperson; marital status is not here (its own rule, from age 15). */
static const struct { const char *key; size_t off; bool household_only; } core_members[] = {
    { "name", offsetof(struct pd_qperson, name), false },
    { "id_number", offsetof(struct pd_qperson, id_number), false },
    { "sex", offsetof(struct pd_qperson, sex), false },
    { "birth_date", offsetof(struct pd_qperson, birth_date), false },
    { "ethnicity", offsetof(struct pd_qperson, ethnicity), false },
    { "reg_type", offsetof(struct pd_qperson, reg_type), false },
    { "reg_address", offsetof(struct pd_qperson, reg_address), false },
    { "cur_address", offsetof(struct pd_qperson, cur_address), false },
    /* relation to the head: only for a member of a household (a migrant
     * may live here without one) */
    { "relation", offsetof(struct pd_qperson, relation), true },
};

struct core_slot { const struct pd_field *f; size_t off; bool household_only; };

/* The core fields in the field table's order, resolved once (the check
 * asks for them a million times). */
static int core_slots(const struct core_slot **out)
{
    static struct core_slot slots[32];
    static int n = -1;
    if (n < 0) {
        int k = 0;
        for (int i = 0; i < pd_person_fields.n && k < 32; i++) {
            const struct pd_field *f = &pd_person_fields.fields[i];
            if (!(f->flags & PD_FF_CORE))
                continue;
            for (size_t m = 0; m < sizeof core_members / sizeof core_members[0]; m++)
                if (strcmp(core_members[m].key, f->key) == 0)
                    slots[k++] = (struct core_slot){ f, core_members[m].off, core_members[m].household_only };
        }
        n = k;
    }
    *out = slots;
    return n;
}

static void check_id(const struct pd_qperson *p, struct pd_date today, pd_problem_fn fn, void *ctx)
{
    const char *id = p->id_number;
    struct pd_idinfo info;
    struct pd_error e;
    if (!id_ok_fast(id, today, &info) && pd_id_parse(id, today, &info, &e) != PD_OK) {
        /* e.msg names the number itself ("ID number '...': wrong check
         * character ..."): not twice, so the reason fits a printed line */
        report(p, PD_Q_ID_INVALID, "id_number", NULL, fn, ctx, "%s (id_number): %s", label("id_number"), e.msg);
        return;
    }
    if (strcmp(info.number, id) != 0) {
        report(p, PD_Q_ID_INVALID, "id_number", NULL, fn, ctx,
               "%s (id_number) %s is not stored in its 18-character form %s",
               label("id_number"), id, info.number);
        return;
    }
    const char *sex = nz(p->sex);
    if ((strcmp(sex, "1") == 0 || strcmp(sex, "2") == 0) && sex[0] - '0' != info.sex)
        report(p, PD_Q_ID_SEX, "sex", NULL, fn, ctx,
               "%s (sex) is recorded as %s but ID number %s is a %s's (sequence %.3s is %s)",
               label("sex"), sex[0] == '1' ? "male" : "female", id,
               info.sex == 1 ? "man" : "woman", id + 14, info.sex == 1 ? "odd" : "even");
    struct pd_date b;
    if (parse_date(p->birth_date, &b) && pd_date_cmp(b, info.birth) != 0) {
        char want[PD_DATE_STRLEN];
        pd_date_format(info.birth, want);
        report(p, PD_Q_ID_BIRTH, "birth_date", NULL, fn, ctx,
               "%s (birth_date) is recorded as %s but ID number %s gives %s",
               label("birth_date"), p->birth_date, id, want);
    }
}

void pd_quality_person(const struct pd_qperson *p, struct pd_date today,
                       pd_problem_fn fn, void *ctx)
{
    struct pd_date birth;
    bool have_birth = parse_date(p->birth_date, &birth);
    int age = have_birth ? pd_age_on(birth, today) : -1;

    if (age >= 15 && !nz(p->marital)[0])
        report(p, PD_Q_MARITAL_MISSING, "marital", NULL, fn, ctx,
               "%s (marital) is empty; %s is %d", label("marital"), nz(p->name), age);
    if (strcmp(nz(p->sex), "2") == 0 && age >= 15 && age <= 49 && is_married(p->marital) &&
        !nz(p->first_marriage_date)[0])
        report(p, PD_Q_FIRST_MARRIAGE, "first_marriage_date", NULL, fn, ctx,
               "%s (first_marriage_date) is empty for a married woman of %d",
               label("first_marriage_date"), age);
    if (nz(p->contra_method)[0] && !nz(p->contra_start)[0])
        report(p, PD_Q_CONTRA_START, "contra_start", NULL, fn, ctx,
               "contraceptive method %s (%s) has no start date", p->contra_method,
               nz(pd_code_name(PD_CODES_CONTRACEPTION, p->contra_method)));

    const struct core_slot *slots;
    int n = core_slots(&slots);
    bool member = p->household && p->household[0];
    for (int i = 0; i < n; i++) {
        const char *v = *(const char *const *)((const char *)p + slots[i].off);
        if ((!slots[i].household_only || member) && !nz(v)[0])
            report(p, PD_Q_CORE_MISSING, slots[i].f->key, NULL, fn, ctx, "core field %s (%s) is empty",
                   slots[i].f->zh, slots[i].f->key);
    }
    if (nz(p->id_number)[0])
        check_id(p, today, fn, ctx);
}

void pd_quality_birth(const struct pd_qbirth *b, pd_problem_fn fn, void *ctx)
{
    const struct pd_qperson *m = b->mother;
    struct pd_date mb, cb;
    bool have_cb = parse_date(b->birth_date, &cb);
    const char *child = nz(b->child_name)[0] ? b->child_name : "a child";
    if (!b->adopted && have_cb && parse_date(m->birth_date, &mb)) {
        int age = pd_age_on(mb, cb);
        if (age >= 0 && (age < 15 || age > 55))
            report(m, PD_Q_MOTHER_AGE, "birth_date", NULL, fn, ctx,
                   "%s was %d at the birth of %s on %s (born %s); check both dates",
                   nz(m->name), age, child, b->birth_date, m->birth_date);
    }
    if (b->within_policy == 1 && have_cb) {
        struct pd_date married;
        if (parse_date(m->first_marriage_date, &married)) {
            if (pd_date_cmp(cb, married) < 0)
                report(m, PD_Q_BEFORE_MARRIAGE, "within_policy", NULL, fn, ctx,
                       "%s, born %s before the mother's first marriage (%s), is recorded as within policy",
                       child, b->birth_date, m->first_marriage_date);
        } else if (strcmp(nz(m->marital), "10") == 0) {
            report(m, PD_Q_BEFORE_MARRIAGE, "within_policy", NULL, fn, ctx,
                   "%s, born %s to a mother recorded as never married, is recorded as within policy",
                   child, b->birth_date);
        }
    }
}

void pd_quality_same_id(const struct pd_qperson *const *recs, int n,
                        pd_problem_fn fn, void *ctx)
{
    if (n < 2)
        return;
    const struct pd_qperson *first = recs[0], *last = recs[n - 1];
    /* another household than the first record's */
    const struct pd_qperson *elsewhere = NULL;
    for (int i = 1; i < n; i++)
        if (nz(recs[i]->household)[0] && nz(first->household)[0] &&
            strcmp(recs[i]->household, first->household) != 0)
            elsewhere = recs[i];
    if (elsewhere)
        report(elsewhere, PD_Q_TWO_HOUSEHOLDS, "household", first->pid, fn, ctx,
               "ID number %s is registered in household %s as %s (%s) and in household %s as %s (%s); "
               "keep one record (merge the other)",
               nz(first->id_number), first->household, nz(first->name), nz(first->pid),
               elsewhere->household, nz(elsewhere->name), nz(elsewhere->pid));
    else
        report(last, PD_Q_SAME_ID, "id_number", first->pid, fn, ctx,
               "ID number %s is held by %d records present: %s (%s) and %s (%s)%s",
               nz(first->id_number), n, nz(first->name), nz(first->pid), nz(last->name),
               nz(last->pid), n > 2 ? " and others" : "");
}

void pd_quality_duplicates(const struct pd_qperson *const *recs, int n,
                           pd_problem_fn fn, void *ctx)
{
    for (int j = 1; j < n; j++)
        for (int i = 0; i < j; i++) {
            const struct pd_qperson *a = recs[i], *b = recs[j];
            const char *ha = nz(a->household), *hb = nz(b->household);
            if (ha[0] && hb[0] && strcmp(ha, hb) == 0)
                continue;
            if (nz(a->id_number)[0] && nz(b->id_number)[0])
                continue;   /* different numbers: different people; equal: the same-ID check */
            report(b, PD_Q_LIKELY_DUPLICATE, "name", a->pid, fn, ctx,
                   "%s (%s, household %s) and %s (%s, household %s) share name, sex and birth date %s "
                   "and no ID number tells them apart; if they are one person, merge them",
                   nz(a->name), nz(a->pid), ha[0] ? ha : "none", nz(b->name), nz(b->pid),
                   hb[0] ? hb : "none", nz(b->birth_date));
        }
}

bool pd_quality_dead_later(const struct pd_qperson *p, const char *what, const char *field,
                           const char *date, int grace_days, pd_problem_fn fn, void *ctx)
{
    struct pd_date died, d;
    if (!parse_date(p->end_date, &died) || !parse_date(date, &d))
        return false;
    if (pd_date_cmp(d, pd_date_add_days(died, grace_days)) <= 0)
        return false;
    report(p, PD_Q_DEAD_LATER, field, NULL, fn, ctx,
           "%s died on %s but has a later record: %s on %s", nz(p->name), p->end_date, what, date);
    return true;
}

void pd_quality_certificate(const struct pd_qperson *p, const char *number, const char *expiry,
                            struct pd_date today, pd_problem_fn fn, void *ctx)
{
    struct pd_date b, exp;
    if (!p->migrant || strcmp(nz(p->sex), "2") != 0 || !parse_date(p->birth_date, &b))
        return;
    int age = pd_age_on(b, today);
    if (age < 18 || age > 49 || !parse_date(expiry, &exp))
        return;
    if (pd_date_cmp(exp, today) < 0)
        report(p, PD_Q_CERT_EXPIRED, "cert_expiry", NULL, fn, ctx,
               "the marriage and childbearing certificate%s%s expired on %s; ask her for a new one",
               nz(number)[0] ? " " : "", nz(number), expiry);
}
