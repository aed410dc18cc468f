/* subsidy.c - the eligibility engine (see subsidy.h).
 *
 * Each programme is a list of conditions, checked in the order DOMAIN.md
 * states them; every condition is recorded with the numbers its words
 * need, whether it holds or not, so a list can show all the reasons at
 * once ("aged 59 in 2012: under 60; two sons: not eligible") instead of the
 * first failure only.  Words are made on demand: assessing a million
 * people formats nothing.
 */
#include "core/subsidy.h"

#include <stdio.h>
#include <string.h>

int pd_age_in_year(struct pd_date birth, int year)
{
    return birth.y > 0 ? year - birth.y : -1;
}

static bool zh(const char *lang)
{
    return !lang || strcmp(lang, "en") != 0;
}

const char *pd_subsidy_category_words(enum pd_subsidy_category c, const char *lang)
{
    static const char *const w[][2] = {
        [PD_CAT_NONE] = { "", "" },
        [PD_CAT_ONE_CHILD] = { "独生子女", "one child" },
        [PD_CAT_TWO_DAUGHTERS] = { "双女", "two daughters" },
        [PD_CAT_ALL_DIED] = { "子女死亡", "all children died" },
        [PD_CAT_CHILD_DIED] = { "独生子女死亡", "only child died" },
        [PD_CAT_CHILD_DISABLED] = { "独生子女伤残", "only child disabled" },
        [PD_CAT_CERTIFICATE] = { "独生子女父母", "certificate holder" },
    };
    if ((unsigned)c >= sizeof w / sizeof w[0])
        return "";
    return w[c][zh(lang) ? 0 : 1];
}

static struct pd_cond *add(struct pd_subsidy_result *r, enum pd_cond_kind kind, bool ok)
{
    struct pd_cond *c = &r->cond[r->ncond < PD_SUBSIDY_CONDS ? r->ncond++ : PD_SUBSIDY_CONDS - 1];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->ok = ok;
    if (!ok)
        r->eligible = false;
    return c;
}

static int date_key(struct pd_date d)
{
    return d.y * 10000 + d.m * 100 + d.d;
}

static struct pd_date key_date(int k)
{
    return (struct pd_date){ k / 10000, k / 100 % 100, k % 100 };
}

/* ---- conditions shared by the programmes ------------------------------- */

static void c_registered(struct pd_subsidy_result *r, const struct pd_person_facts *f)
{
    int detail = 0;
    if (f->status == PD_PS_DEAD)
        detail = 1;
    else if (f->status == PD_PS_MOVED_OUT)
        detail = 2;
    else if (f->status == PD_PS_LEFT)
        detail = 3;
    else if (f->migrant)
        detail = 4;
    struct pd_cond *c = add(r, PD_C_REGISTERED, detail == 0);
    c->detail = detail;
    c->date = f->end_date;
}

static void c_born_after(struct pd_subsidy_result *r, const struct pd_person_facts *f,
                         struct pd_date limit)
{
    bool known = pd_date_valid(f->birth);
    struct pd_cond *c = add(r, PD_C_BORN_AFTER, known && pd_date_cmp(f->birth, limit) >= 0);
    c->detail = known ? 0 : 1;
    c->date = f->birth;
    c->n1 = date_key(limit);
}

static int count_living(const struct pd_person_facts *f, int *sons, int *daughters)
{
    int n = f->nchildren < PD_FACTS_CHILDREN ? f->nchildren : PD_FACTS_CHILDREN;
    int living = 0;
    *sons = *daughters = 0;
    for (int i = 0; i < n; i++) {
        if (!f->children[i].alive)
            continue;
        living++;
        if (f->children[i].sex == '1')
            (*sons)++;
        else if (f->children[i].sex == '2')
            (*daughters)++;
    }
    /* children beyond the detailed ones are counted as living, sex unknown */
    if (f->nchildren > n)
        living += f->nchildren - n;
    return living;
}

static void c_in_force(struct pd_subsidy_result *r, long yearly, bool found)
{
    struct pd_cond *c = add(r, PD_C_IN_FORCE, found);
    c->n1 = (int)yearly;
    c->n3 = r->year;
}

/* ---- the programmes ---------------------------------------------------- */

static void assess_reward(const struct pd_programme_policy *pp, const struct pd_policy_period *per,
                          const struct pd_person_facts *f, struct pd_subsidy_result *r)
{
    c_registered(r, f);
    struct pd_cond *c = add(r, PD_C_RURAL, f->reg_type == '2');
    c->detail = f->reg_type;

    c_born_after(r, f, pp->born_on_or_after);

    int age = pd_age_in_year(f->birth, r->year);
    c = add(r, PD_C_AGE, age >= pp->min_age);
    c->n1 = age;
    c->n2 = pp->min_age;
    c->n3 = r->year;

    /* the earliest out-of-policy birth on or after the limit; and the
     * latest before it, which the words mention as not counted */
    int n = f->nchildren < PD_FACTS_CHILDREN ? f->nchildren : PD_FACTS_CHILDREN;
    struct pd_date first = { 0, 0, 0 }, before = { 0, 0, 0 };
    for (int i = 0; i < n; i++) {
        const struct pd_child_facts *ch = &f->children[i];
        if (ch->within_policy != 0)
            continue;
        if (pd_date_cmp(ch->birth, pp->no_oop_since) >= 0) {
            if (pd_date_is_empty(first) || pd_date_cmp(ch->birth, first) < 0)
                first = ch->birth;
        } else if (pd_date_is_empty(before) || pd_date_cmp(ch->birth, before) > 0) {
            before = ch->birth;
        }
    }
    c = add(r, PD_C_NO_OOP, pd_date_is_empty(first));
    c->detail = !pd_date_is_empty(first) ? 1 : !pd_date_is_empty(before) ? 2 : 0;
    c->date = !pd_date_is_empty(first) ? first : before;
    c->n2 = pp->no_oop_since.y;

    int sons, daughters;
    int living = count_living(f, &sons, &daughters);
    int cat = PD_CAT_NONE;
    if (living == 1)
        cat = PD_CAT_ONE_CHILD;
    else if (living == 2 && daughters == 2 && f->nchildren == 2)
        cat = PD_CAT_TWO_DAUGHTERS;
    else if (living == 0 && f->nchildren > 0)
        cat = PD_CAT_ALL_DIED;
    c = add(r, PD_C_CHILDREN, cat != PD_CAT_NONE);
    c->detail = cat;
    c->n1 = living;
    c->n2 = sons;
    c->n3 = daughters;
    if (cat == PD_CAT_ONE_CHILD)
        c->n2 = sons ? 1 : daughters ? 2 : 0;   /* the one child's sex */
    if (cat == PD_CAT_ALL_DIED)
        c->n1 = f->nchildren;
    r->category = (enum pd_subsidy_category)cat;

    c = add(r, PD_C_NO_PENSION, !f->urban_pension);

    c_in_force(r, per ? per->amount : 0, per != NULL);
    r->yearly = per ? per->amount : 0;
}

static void assess_special(const struct pd_programme_policy *pp, const struct pd_policy_period *per,
                           const struct pd_person_facts *f, struct pd_subsidy_result *r)
{
    c_registered(r, f);
    c_born_after(r, f, pp->born_on_or_after);

    /* the mother: the person herself, else his wife, else he is a single
     * parent and his own age counts */
    int detail;
    struct pd_date mb;
    if (f->sex == '2') {
        detail = 0;
        mb = f->birth;
    } else if (f->spouse_sex == '2') {
        detail = 1;
        mb = f->spouse_birth;
    } else if (f->spouse_name[0]) {
        detail = 3;   /* a wife recorded by name only: her age is not known */
        mb = (struct pd_date){ 0, 0, 0 };
    } else {
        detail = 2;
        mb = f->birth;
    }
    int age = pd_age_in_year(mb, r->year);
    struct pd_cond *c = add(r, PD_C_MOTHER_AGE, age >= 0 && age >= pp->mother_min_age);
    c->detail = age < 0 ? 3 : detail;
    c->n1 = age;
    c->n2 = pp->mother_min_age;
    c->n3 = r->year;

    c = add(r, PD_C_ONE_CHILD, f->nchildren == 1);
    c->n1 = f->nchildren;
    c->detail = f->nchildren == 1 && f->children[0].adopted;

    enum pd_subsidy_category cat = PD_CAT_NONE;
    if (f->nchildren == 1) {
        const struct pd_child_facts *ch = &f->children[0];
        int grade = ch->disability_grade;
        if (!ch->alive) {
            cat = PD_CAT_CHILD_DIED;
            c = add(r, PD_C_CHILD_STATE, true);
            c->detail = 1;
            c->date = ch->death;
        } else if (grade >= 1 && grade <= pp->max_disability_grade) {
            cat = PD_CAT_CHILD_DISABLED;
            c = add(r, PD_C_CHILD_STATE, true);
            c->detail = 2;
            c->n1 = grade;
        } else {
            c = add(r, PD_C_CHILD_STATE, false);
            c->detail = grade > 0 ? 3 : 4;
            c->n1 = grade;
            c->n2 = pp->max_disability_grade;
        }
    }
    r->category = cat;
    long monthly = 0;
    if (per)
        monthly = cat == PD_CAT_CHILD_DISABLED ? per->amount_disabled : per->amount;
    c_in_force(r, monthly * 12, per != NULL);
    r->yearly = monthly * 12;
}

static void assess_onechild(const struct pd_programme_policy *pp, const struct pd_policy_period *per,
                            const struct pd_person_facts *f, struct pd_subsidy_result *r)
{
    c_registered(r, f);
    struct pd_cond *c;
    if (!f->onechild_cert) {
        c = add(r, PD_C_CERTIFICATE, false);
        c->detail = 1;
    } else {
        c = add(r, PD_C_CERTIFICATE, f->onechild_date.y <= r->year);
        c->detail = c->ok ? 0 : 2;
        c->date = f->onechild_date;
        c->n3 = r->year;
    }
    r->category = PD_CAT_CERTIFICATE;

    /* the certificate's child, else the only child */
    int n = f->nchildren < PD_FACTS_CHILDREN ? f->nchildren : PD_FACTS_CHILDREN;
    int idx = f->onechild_child >= 0 && f->onechild_child < n ? f->onechild_child
              : f->nchildren == 1 ? 0 : -1;
    bool twins = false;
    struct pd_date twin_day = { 0, 0, 0 };
    for (int i = 0; i < n && !twins; i++)
        for (int j = i + 1; j < n; j++)
            if (pd_date_valid(f->children[i].birth) &&
                pd_date_cmp(f->children[i].birth, f->children[j].birth) == 0 &&
                (idx < 0 || i == idx || j == idx)) {
                twins = true;
                twin_day = f->children[i].birth;
                break;
            }
    c = add(r, PD_C_NOT_TWINS, !twins);
    c->date = twin_day;

    int age = idx >= 0 ? pd_age_in_year(f->children[idx].birth, r->year) : -1;
    c = add(r, PD_C_CHILD_AGE, age >= 0 && age < pp->child_max_age);
    c->detail = age < 0 ? (idx < 0 ? 2 : 3) : 0;
    c->n1 = age;
    c->n2 = pp->child_max_age;
    c->n3 = r->year;

    c_in_force(r, per ? per->amount : 0, per != NULL);
    r->yearly = per ? per->amount : 0;
}

void pd_subsidy_assess(const struct pd_policy *policy, enum pd_programme prog, int year,
                       const struct pd_person_facts *f, struct pd_subsidy_result *out)
{
    memset(out, 0, sizeof *out);
    out->prog = prog;
    out->year = year;
    out->eligible = true;
    const struct pd_programme_policy *pp = &policy->prog[prog];
    const struct pd_policy_period *per = pd_policy_period(policy, prog, year);
    switch (prog) {
    case PD_PROG_REWARD:   assess_reward(pp, per, f, out); break;
    case PD_PROG_SPECIAL:  assess_special(pp, per, f, out); break;
    case PD_PROG_ONECHILD: assess_onechild(pp, per, f, out); break;
    default:
        out->eligible = false;
        return;
    }
    if (!out->eligible)
        out->yearly = 0;
}

/* ---- words ------------------------------------------------------------- */

static const char *sex_zh(int s)
{
    return s == 1 ? "子" : s == 2 ? "女" : "";
}

const char *pd_subsidy_cond_words(const struct pd_cond *c, const char *lang,
                                  char *buf, size_t size)
{
    bool z = zh(lang);
    char d[PD_DATE_STRLEN];
    pd_date_format(c->date, d);
    if (!size)
        return buf;
    buf[0] = '\0';
    switch (c->kind) {
    case PD_C_REGISTERED: {
        static const char *const w[][2] = {
            { "健在,本地户籍", "alive and registered here" },
            { "已死亡", "died" },
            { "已迁出", "moved out" },
            { "已离开", "left" },
            { "流入人口,户籍不在本地", "migrant, registered elsewhere" },
        };
        int i = c->detail >= 0 && c->detail < 5 ? c->detail : 0;
        if ((i >= 1 && i <= 3) && d[0])
            snprintf(buf, size, z ? "%s(%s)" : "%s %s", w[i][z ? 0 : 1], d);
        else
            snprintf(buf, size, "%s", w[i][z ? 0 : 1]);
        break;
    }
    case PD_C_RURAL:
        if (c->ok)
            snprintf(buf, size, "%s", z ? "农业户口" : "agricultural registration");
        else if (c->detail == '1')
            snprintf(buf, size, "%s", z ? "非农业户口,不符合" : "non-agricultural registration: not rural");
        else
            snprintf(buf, size, "%s", z ? "户口性质非农业户口,不符合" : "registration type not agricultural: not rural");
        break;
    case PD_C_BORN_AFTER: {
        char lim[PD_DATE_STRLEN];
        pd_date_format(key_date(c->n1), lim);
        if (c->detail == 1)
            snprintf(buf, size, "%s", z ? "出生日期未登记" : "date of birth not recorded");
        else if (c->ok)
            snprintf(buf, size, z ? "%s出生" : "born %s", d);
        else
            snprintf(buf, size, z ? "%s出生,早于%s" : "born %s, before %s", d, lim);
        break;
    }
    case PD_C_AGE:
        if (c->n1 < 0)
            snprintf(buf, size, "%s", z ? "出生日期未登记" : "date of birth not recorded");
        else if (c->ok)
            snprintf(buf, size, z ? "%d年%d周岁" : "aged %d in %d", z ? c->n3 : c->n1, z ? c->n1 : c->n3);
        else if (z)
            snprintf(buf, size, "%d年%d周岁,不满%d周岁", c->n3, c->n1, c->n2);
        else
            snprintf(buf, size, "aged %d in %d: under %d", c->n1, c->n3, c->n2);
        break;
    case PD_C_NO_OOP:
        if (c->detail == 1)
            snprintf(buf, size, z ? "%d年政策外生育,不符合" : "out-of-policy birth %d: not eligible", c->date.y);
        else if (c->detail == 2)
            snprintf(buf, size, z ? "%d年以来无政策外生育(%d年政策外生育不计)"
                                  : "no out-of-policy birth since %d (the one in %d is before)",
                     c->n2, c->date.y);
        else
            snprintf(buf, size, z ? "%d年以来无政策外生育" : "no out-of-policy birth since %d", c->n2);
        break;
    case PD_C_CHILDREN:
        switch (c->detail) {
        case PD_CAT_ONE_CHILD:
            if (z)
                snprintf(buf, size, "现有一个子女%s%s%s", c->n2 ? "(" : "", sex_zh(c->n2), c->n2 ? ")" : "");
            else
                snprintf(buf, size, "one living child%s", c->n2 == 1 ? " (a son)" : c->n2 == 2 ? " (a daughter)" : "");
            break;
        case PD_CAT_TWO_DAUGHTERS:
            snprintf(buf, size, "%s", z ? "两个女孩" : "two daughters");
            break;
        case PD_CAT_ALL_DIED:
            snprintf(buf, size, z ? "子女均已死亡(%d个)" : "all children died (%d)", c->n1);
            break;
        default:
            if (c->n1 == 0)
                snprintf(buf, size, "%s", z ? "无子女,不符合" : "no children: not eligible");
            else if (c->n1 == 2 && c->n2 == 1 && c->n3 == 1)
                snprintf(buf, size, "%s", z ? "一子一女,不符合" : "a son and a daughter: not eligible");
            else if (c->n1 == 2 && c->n2 == 2)
                snprintf(buf, size, "%s", z ? "两个儿子,不符合" : "two sons: not eligible");
            else if (z)
                snprintf(buf, size, "现有%d个子女(%d子%d女),不符合", c->n1, c->n2, c->n3);
            else
                snprintf(buf, size, "%d living children (%d sons, %d daughters): not eligible",
                         c->n1, c->n2, c->n3);
        }
        break;
    case PD_C_NO_PENSION:
        snprintf(buf, size, "%s", c->ok ? (z ? "未领取城镇职工养老金" : "no urban employee pension")
                                        : (z ? "领取城镇职工养老金,不符合" : "draws the urban employee pension"));
        break;
    case PD_C_MOTHER_AGE: {
        static const char *const who[][2] = {
            { "本人", "mother" }, { "女方", "wife (the mother)" }, { "单亲本人", "single parent" },
        };
        if (c->detail == 3 || c->n1 < 0) {
            snprintf(buf, size, "%s", z ? "女方出生日期不详,不能确认" : "the mother's date of birth is not in the register");
            break;
        }
        int i = c->detail >= 0 && c->detail < 3 ? c->detail : 0;
        if (z)
            snprintf(buf, size, "%s%d年%d周岁%s%d周岁", who[i][0], c->n3, c->n1,
                     c->ok ? ",满" : ",不满", c->n2);
        else
            snprintf(buf, size, "%s aged %d in %d%s%d", who[i][1], c->n1, c->n3,
                     c->ok ? ", at least " : ": under ", c->n2);
        break;
    }
    case PD_C_ONE_CHILD:
        if (c->ok)
            snprintf(buf, size, "%s", z ? (c->detail ? "合法收养一个子女" : "生育一个子女")
                                        : (c->detail ? "one adopted child" : "one child"));
        else if (c->n1 == 0)
            snprintf(buf, size, "%s", z ? "无子女,不符合" : "no children: not eligible");
        else
            snprintf(buf, size, z ? "生育(收养)%d个子女,不符合" : "%d children: needs exactly one", c->n1);
        break;
    case PD_C_CHILD_STATE:
        switch (c->detail) {
        case 1:
            if (d[0])
                snprintf(buf, size, z ? "子女%s死亡" : "child died %s", d);
            else
                snprintf(buf, size, "%s", z ? "子女已死亡" : "child died");
            break;
        case 2:
            snprintf(buf, size, z ? "子女%d级残疾" : "child disabled, grade %d", c->n1);
            break;
        case 3:
            snprintf(buf, size, z ? "子女残疾%d级,须1-%d级" : "child's disability grade %d: needs grade 1-%d",
                     c->n1, c->n2);
            break;
        default:
            snprintf(buf, size, "%s", z ? "子女健在且无1-3级残疾,不符合" : "child alive, no qualifying disability");
        }
        break;
    case PD_C_CERTIFICATE:
        if (c->detail == 1)
            snprintf(buf, size, "%s", z ? "未领取独生子女父母光荣证" : "no one-child parents' certificate");
        else if (c->ok)
            snprintf(buf, size, z ? "%s领取独生子女父母光荣证" : "one-child certificate issued %s", d);
        else
            snprintf(buf, size, z ? "光荣证%s发放,晚于%d年" : "certificate issued %s, after %d", d, c->n3);
        break;
    case PD_C_CHILD_AGE:
        if (c->detail == 2)
            snprintf(buf, size, "%s", z ? "无法确定证书对应的子女" : "the certificate's child is not known");
        else if (c->detail == 3)
            snprintf(buf, size, "%s", z ? "子女出生日期不详" : "the child's date of birth is not known");
        else if (c->ok)
            snprintf(buf, size, z ? "子女%d年%d周岁" : "child aged %d in %d", z ? c->n3 : c->n1, z ? c->n1 : c->n3);
        else if (z)
            snprintf(buf, size, "子女%d年%d周岁,已满%d周岁", c->n3, c->n1, c->n2);
        else
            snprintf(buf, size, "child aged %d in %d: paid until %d", c->n1, c->n3, c->n2);
        break;
    case PD_C_NOT_TWINS:
        if (c->ok)
            snprintf(buf, size, "%s", z ? "非双胞胎" : "not twins");
        else
            snprintf(buf, size, z ? "双胞胎(%s出生),不适用" : "twins (born %s): not for twins", d);
        break;
    case PD_C_IN_FORCE:
        if (c->ok)
            snprintf(buf, size, z ? "%d年度%d元" : "%d yuan in %d", z ? c->n3 : c->n1, z ? c->n1 : c->n3);
        else
            snprintf(buf, size, z ? "%d年度无扶助标准" : "no amount in force for %d", c->n3);
        break;
    }
    return buf;
}

const char *pd_subsidy_reasons(const struct pd_subsidy_result *r, const char *lang,
                               bool failing_only, char *buf, size_t size)
{
    if (!size)
        return buf;
    buf[0] = '\0';
    size_t used = 0;
    const char *sep = zh(lang) ? ";" : "; ";
    for (int i = 0; i < r->ncond; i++) {
        if (failing_only && r->cond[i].ok)
            continue;
        char w[160];
        pd_subsidy_cond_words(&r->cond[i], lang, w, sizeof w);
        int n = snprintf(buf + used, size - used, "%s%s", used ? sep : "", w);
        if (n < 0 || (size_t)n >= size - used) {
            buf[used] = '\0';
            break;
        }
        used += (size_t)n;
    }
    return buf;
}

const char *pd_subsidy_children_words(const struct pd_person_facts *f, char *buf, size_t size)
{
    int sons, daughters;
    int living = count_living(f, &sons, &daughters);
    int dead = f->nchildren - living;
    char lv[48] = "";
    if (living == 0)
        snprintf(lv, sizeof lv, "0");
    else if (sons && daughters)
        snprintf(lv, sizeof lv, "%d子%d女", sons, daughters);
    else if (sons)
        snprintf(lv, sizeof lv, "%d子", sons);
    else if (daughters)
        snprintf(lv, sizeof lv, "%d女", daughters);
    if (living && living != sons + daughters)
        snprintf(lv + strlen(lv), sizeof lv - strlen(lv), "%s%d", sons + daughters ? "+" : "",
                 living - sons - daughters);
    if (dead > 0)
        snprintf(buf, size, "%s(已故%d)", lv, dead);
    else
        snprintf(buf, size, "%s", lv);
    return buf;
}
