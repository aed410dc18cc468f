/* demo.c - the synthetic community behind `popdesk demo` (see demo.h).
 *
 * The community is built one "unit" at a time: a household (or a group of
 * migrants) is first planned in full - members, ages, marriages, children,
 * ID numbers - and then handed over as events.  Planning before emitting
 * lets one unit stay consistent (a wife carries her husband's name and ID
 * number, a second child has its certificate, a survivor is widowed on the
 * day the spouse died) while memory stays one unit deep.
 *
 * Proportions are rough figures for a Zhejiang village around the 2010s;
 * they make the lists and reports non-trivial, they are not statistics.
 */
#include "core/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"

/* ---- random numbers ---------------------------------------------------- */

static unsigned long long splitmix(unsigned long long *x)
{
    unsigned long long z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void pd_demo_rng_seed(struct pd_demo_rng *r, unsigned long long seed)
{
    unsigned long long x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static unsigned long long rotl(unsigned long long x, int k)
{
    return (x << k) | (x >> (64 - k));
}

unsigned long long pd_demo_rng_next(struct pd_demo_rng *r)
{
    unsigned long long *s = r->s;
    unsigned long long out = rotl(s[1] * 5, 7) * 9;
    unsigned long long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

long pd_demo_rng_range(struct pd_demo_rng *r, long lo, long hi)
{
    if (hi <= lo)
        return lo;
    unsigned long long span = (unsigned long long)(hi - lo) + 1;
    return lo + (long)(pd_demo_rng_next(r) % span);
}

/* True with probability pct/100. */
static bool chance(struct pd_demo_rng *r, int pct)
{
    return (long)(pd_demo_rng_next(r) % 1000) < pct * 10;
}

/* ---- names ------------------------------------------------------------- */

/* Surnames with rough weights for Ningbo: 陈 and 王 lead; local ones (应,
 * 俞, 竺, 鲍, 楼) appear; 单 and the compound surnames test the search. */
static const struct { const char *s; int w; } surnames[] = {
    { "陈", 60 }, { "王", 55 }, { "张", 45 }, { "李", 40 }, { "徐", 30 }, { "周", 28 },
    { "吴", 27 }, { "胡", 25 }, { "林", 22 }, { "刘", 22 }, { "杨", 18 }, { "黄", 18 },
    { "赵", 15 }, { "朱", 15 }, { "孙", 12 }, { "何", 12 }, { "郑", 12 }, { "俞", 10 },
    { "应", 10 }, { "叶", 10 }, { "沈", 10 }, { "金", 10 }, { "蒋", 9 }, { "邵", 8 },
    { "童", 7 }, { "范", 7 }, { "方", 7 }, { "毛", 6 }, { "许", 6 }, { "楼", 6 },
    { "傅", 6 }, { "史", 5 }, { "袁", 5 }, { "冯", 5 }, { "潘", 5 }, { "钱", 5 },
    { "戴", 5 }, { "丁", 5 }, { "汪", 5 }, { "郭", 5 }, { "马", 5 }, { "高", 5 },
    { "姚", 5 }, { "曹", 4 }, { "罗", 4 }, { "宋", 4 }, { "唐", 4 }, { "谢", 4 },
    { "卢", 4 }, { "余", 4 }, { "蔡", 4 }, { "竺", 4 }, { "鲍", 4 }, { "梁", 3 },
    { "韩", 3 }, { "邱", 3 }, { "贺", 3 }, { "严", 3 }, { "柴", 2 }, { "单", 2 },
    { "曾", 2 }, { "欧阳", 1 }, { "诸葛", 1 },
};

/* Characters of given names by sex and generation. */
static const char *const male_old[] = {
    "国", "建", "志", "德", "福", "根", "财", "海", "明", "华", "荣", "昌", "林", "生",
    "忠", "祥", "平", "富", "庆", "金", "宝", "友", "云", "松", "军", "民", "兴", "发",
    "贵", "元", "全", "正", "永", "成", "章",
};
static const char *const male_mid[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏",
    "华", "飞", "波", "宇", "健", "俊", "峰", "浩", "凯", "东", "晓", "亮", "剑", "锋",
    "冬", "春", "立", "新", "文", "栋", "海", "江", "阳", "龙",
};
static const char *const male_young[] = {
    "浩", "宇", "轩", "子", "涵", "睿", "泽", "博", "文", "俊", "杰", "一", "诺", "晨",
    "梓", "宸", "皓", "铭", "航", "奕", "鑫", "然", "嘉", "逸", "佳", "豪", "天", "乐",
    "瑞", "阳", "煜", "翔", "楷", "毅",
};
static const char *const female_old[] = {
    "秀", "英", "桂", "兰", "玉", "珍", "凤", "芳", "花", "梅", "金", "娣", "菊", "美",
    "琴", "彩", "翠", "月", "素", "巧", "爱", "香", "妹", "云", "霞", "仙",
};
static const char *const female_mid[] = {
    "丽", "敏", "静", "燕", "艳", "娟", "霞", "芳", "红", "萍", "玲", "丹", "琳", "雪",
    "倩", "婷", "颖", "慧", "莉", "洁", "晓", "君", "蓉", "琴", "微", "亚", "佳", "群",
};
static const char *const female_young[] = {
    "欣", "怡", "子", "涵", "梓", "萱", "雨", "诗", "佳", "琪", "思", "可", "馨", "语",
    "若", "嘉", "悦", "一", "诺", "婧", "妍", "彤", "雅", "琳", "晨", "依", "楠", "璐",
    "瑶", "菲",
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char *draw_surname(struct pd_demo_rng *r)
{
    int total = 0;
    for (size_t i = 0; i < NELEM(surnames); i++)
        total += surnames[i].w;
    long x = pd_demo_rng_range(r, 0, total - 1);
    for (size_t i = 0; i < NELEM(surnames); i++) {
        if (x < surnames[i].w)
            return surnames[i].s;
        x -= surnames[i].w;
    }
    return surnames[0].s;
}

void pd_demo_name(struct pd_demo_rng *r, int sex, int birth_year, const char *surname,
                  char *buf, size_t size)
{
    const char *const *pool;
    size_t n;
    if (sex == 1) {
        if (birth_year < 1965) { pool = male_old; n = NELEM(male_old); }
        else if (birth_year < 1990) { pool = male_mid; n = NELEM(male_mid); }
        else { pool = male_young; n = NELEM(male_young); }
    } else {
        if (birth_year < 1965) { pool = female_old; n = NELEM(female_old); }
        else if (birth_year < 1990) { pool = female_mid; n = NELEM(female_mid); }
        else { pool = female_young; n = NELEM(female_young); }
    }
    if (!surname)
        surname = draw_surname(r);
    long a = pd_demo_rng_range(r, 0, (long)n - 1);
    if (chance(r, 30)) {
        snprintf(buf, size, "%s%s", surname, pool[a]);
        return;
    }
    long b = pd_demo_rng_range(r, 0, (long)n - 1);
    /* A doubled character (婷婷, 明明) now and then, otherwise two different ones. */
    if (b == a && !chance(r, 20))
        b = (a + 1) % (long)n;
    snprintf(buf, size, "%s%s%s", surname, pool[a], pool[b]);
}

/* ---- the plan of one unit ------------------------------------------------ */

#define MAXM 6      /* members of a household */
#define MAXK 4      /* children living elsewhere */

struct member {
    int sex;                        /* 1 male, 2 female */
    struct pd_date birth;
    char name[64];
    char id[PD_ID_BUFSZ];
    const char *relation;           /* code, or NULL */
    const char *marital;            /* "10", "21", "22", "30", "40" */
    struct pd_date marital_date, first_marriage;
    int spouse;                     /* member index or -1 */
    int mother, father;             /* members they were born to, or -1 */
    bool away, urban_pension;
    int disability;
    const char *reg_type;
    const char *ethnicity;
    const char *education, *employer;
    struct pd_date death;           /* empty: alive */
    bool pregnant;                  /* plan a pregnancy for her */
    char pid[PD_EV_REF_MAX];        /* filled when saved */
};

struct kid {                        /* a child who lives elsewhere */
    char name[64];
    int sex;
    struct pd_date birth;
    struct pd_date death;           /* empty: alive */
    int disability;
};

enum kind {
    U_FAMILY, U_THREE_GEN, U_ELDER_COUPLE, U_ELDER_SINGLE, U_YOUNG_COUPLE, U_SINGLE,
    U_MIGRANT, U__COUNT
};
/* Share of units of each kind, in per mille. */
static const int kind_weight[U__COUNT] = { 400, 170, 100, 60, 80, 80, 110 };

struct unit {
    enum kind kind;
    bool household;                 /* migrants have none */
    char code[24];
    char address[256];
    const char *reg_type;
    int n;
    struct member m[MAXM];
    int pa, pb;                     /* parents of the children elsewhere (-1) */
    int nk;
    struct kid k[MAXK];
    /* migrants */
    const char *from;
    struct pd_date arrived;
};

struct gen {
    const struct pd_demo_opts *o;
    struct pd_demo_rng r;
    pd_demo_sink sink;
    void *ctx;
    struct pd_demo_stats *st;
    struct pd_error *err;
    struct pd_date today;
    char addr6[8];                  /* county code for local ID numbers */
    char place[160];
    long id_base;                   /* day number of id_used[0] */
    long id_days;
    unsigned short *id_used;        /* ID numbers given, per birth day and sex */
    long households;                /* household codes handed out */
    int groups;
    long cert_serial;
    long remaining;                 /* persons still to create */
};

/* ---- dates ------------------------------------------------------------- */

static struct pd_date mkdate(int y, int m, int d)
{
    struct pd_date r = { y, m, d };
    if (m == 2 && d == 29 && !pd_leap_year(y))
        r.d = 28;
    return r;
}

static struct pd_date add_years(struct pd_date d, int n)
{
    return mkdate(d.y + n, d.m, d.d);
}

static struct pd_date add_days(struct pd_date d, long n)
{
    return pd_date_add_days(d, n);
}

static struct pd_date dmin(struct pd_date a, struct pd_date b)
{
    return pd_date_cmp(a, b) <= 0 ? a : b;
}

static struct pd_date dmax(struct pd_date a, struct pd_date b)
{
    return pd_date_cmp(a, b) >= 0 ? a : b;
}

/* A birth date for someone exactly `age` years old today. */
static struct pd_date birth_for_age(struct gen *g, int age)
{
    struct pd_date anniv = add_years(g->today, -age);
    return add_days(anniv, -pd_demo_rng_range(&g->r, 0, 364));
}

static int age_of(const struct gen *g, struct pd_date birth)
{
    return pd_age_on(birth, g->today);
}

/* ---- ID numbers ---------------------------------------------------------- */

/* A valid ID number never given before: the 3-digit sequence comes from a
 * counter per birth day and sex (odd for men, even for women), so numbers
 * stay unique without remembering them.  A day that ran out of its 499
 * numbers moves the birth a day earlier. */
static void make_id(struct gen *g, const char *addr6, struct pd_date *birth, int sex,
                    char out[PD_ID_BUFSZ])
{
    for (;;) {
        long day = pd_date_to_days(*birth) - g->id_base;
        if (day < 0)
            day = 0;
        if (day >= g->id_days)
            day = g->id_days - 1;
        unsigned short *c = &g->id_used[day * 2 + (sex == 1 ? 0 : 1)];
        if (*c < 499) {
            unsigned j = (unsigned)((day * 131 + *c) % 499);
            (*c)++;
            unsigned seq = 2 * j + (sex == 1 ? 1 : 2);
            struct pd_date b = *birth;
            snprintf(out, PD_ID_BUFSZ, "%.6s%04d%02d%02d%03u", addr6, b.y, b.m, b.d, seq);
            out[17] = pd_id_check_char(out);
            out[18] = '\0';
            return;
        }
        *birth = add_days(*birth, -1);
    }
}

/* ---- JSON helpers ---------------------------------------------------------- */

/* Text we generate is valid UTF-8, so skip jansson's check; empty text is
 * left out (the register stores NULL for it anyway). */
static void put(json_t *o, const char *key, const char *s)
{
    if (s && *s)
        json_object_set_new_nocheck(o, key, json_string_nocheck(s));
}

static void putd(json_t *o, const char *key, struct pd_date d)
{
    if (pd_date_is_empty(d))
        return;
    char buf[PD_DATE_STRLEN];
    pd_date_format(d, buf);
    json_object_set_new_nocheck(o, key, json_string_nocheck(buf));
}

static void putb(json_t *o, const char *key, bool b)
{
    json_object_set_new_nocheck(o, key, json_boolean(b));
}

/* ---- handing events over ------------------------------------------------------ */

static pd_err emit(struct gen *g, const char *type, const char *household, const char *person,
                   json_t *data, char out_person[PD_EV_REF_MAX])
{
    struct pd_event ev;
    pd_err rc = pd_event_init(&ev, type, household, person, data, g->err);
    if (rc == PD_OK)
        rc = g->sink(g->ctx, &ev, g->err);
    if (rc == PD_OK) {
        g->st->events++;
        if (out_person)
            pd_strlcpy(out_person, ev.person, PD_EV_REF_MAX);
    } else if (g->err) {
        char msg[PD_MSG_MAX];
        pd_strlcpy(msg, g->err->msg, sizeof msg);
        pd_fail(g->err, rc, g->err->field, "demo event %s (household %s%s%s) refused: %s", type,
                household && *household ? household : "none", person && *person ? ", person " : "",
                person && *person ? person : "", msg);
    }
    pd_event_done(&ev);
    return rc;
}

/* ---- planning members ----------------------------------------------------------- */

static const char *education_for(struct gen *g, struct pd_date birth)
{
    int age = age_of(g, birth), y = birth.y;
    struct pd_demo_rng *r = &g->r;
    if (age < 7)
        return NULL;
    if (age < 13)
        return "80";
    if (age < 16)
        return "70";
    if (age < 19)
        return chance(r, 70) ? "60" : "40";
    if (y < 1950)
        return chance(r, 60) ? "80" : chance(r, 70) ? "70" : "90";
    if (y < 1970)
        return chance(r, 45) ? "70" : chance(r, 50) ? "80" : "60";
    if (y < 1990)
        return chance(r, 40) ? "70" : chance(r, 40) ? "60" : chance(r, 50) ? "40" : "30";
    return chance(r, 35) ? "20" : chance(r, 40) ? "30" : chance(r, 50) ? "60" : "40";
}

static const char *const employers[] = {
    "宁波永昌机械有限公司", "江北区庄桥街道社区卫生服务中心", "宁波甬兴服饰有限公司",
    "宁波市江北区庄桥中心小学", "个体经营", "宁波北仑港务集团", "宁波华丰电器有限公司",
    "江北区人民政府庄桥街道办事处", "宁波明达物流有限公司", "宁波三江超市", "务农",
};

static const char *employer_for(struct gen *g, struct pd_date birth, const char *reg_type)
{
    int age = age_of(g, birth);
    if (age < 18 || age >= 60 || !chance(&g->r, 65))
        return NULL;
    if (reg_type[0] == '2' && chance(&g->r, 25))
        return "务农";
    return employers[pd_demo_rng_range(&g->r, 0, (long)NELEM(employers) - 2)];
}

/* Adds a member born on `birth`; returns its index. */
static int add_member(struct gen *g, struct unit *u, int sex, struct pd_date birth,
                      const char *relation, const char *surname, const char *addr6)
{
    struct member *m = &u->m[u->n];
    memset(m, 0, sizeof *m);
    m->sex = sex;
    m->birth = birth;
    make_id(g, addr6 ? addr6 : g->addr6, &m->birth, sex, m->id);
    pd_demo_name(&g->r, sex, m->birth.y, surname, m->name, sizeof m->name);
    m->relation = relation;
    m->marital = "10";
    m->spouse = m->mother = m->father = -1;
    m->reg_type = u->reg_type;
    m->ethnicity = chance(&g->r, 1) ? (chance(&g->r, 50) ? "03" : "15") : "01";
    m->education = education_for(g, m->birth);
    m->employer = employer_for(g, m->birth, u->reg_type);
    int age = age_of(g, m->birth);
    if (age >= 60 && u->reg_type[0] == '1' && chance(&g->r, 70))
        m->urban_pension = true;
    if (chance(&g->r, age >= 70 ? 4 : 1))
        m->disability = (int)pd_demo_rng_range(&g->r, 1, 4);
    if (age >= 18 && age <= 35 && u->household && chance(&g->r, 6))
        m->away = true;
    return u->n++;
}

/* The surname of a name we made: one character, or two for the compound
 * ones (欧阳, 诸葛).  buf holds at least 8 bytes. */
static const char *surname_of(const char *name, char buf[8])
{
    size_t n = (strncmp(name, "欧阳", 6) == 0 || strncmp(name, "诸葛", 6) == 0) ? 6 : 3;
    memcpy(buf, name, n);
    buf[n] = '\0';
    return buf;
}

/* Marries h and w (already members): a first marriage (or a remarriage now
 * and then) when the wife was 20-28 and the husband at least 22. */
static void marry(struct gen *g, struct unit *u, int h, int w)
{
    struct member *hm = &u->m[h], *wm = &u->m[w];
    int wage = age_of(g, wm->birth);
    int at = (int)pd_demo_rng_range(&g->r, 20, wm->birth.y < 1960 ? 23 : 28);
    int husband_at = at + (wm->birth.y - hm->birth.y);
    if (husband_at < 22)
        at += 22 - husband_at;
    if (at > wage - 1)
        at = wage - 1;
    struct pd_date first = add_days(add_years(wm->birth, at), pd_demo_rng_range(&g->r, 0, 300));
    first = dmin(first, add_days(g->today, -1));
    struct pd_date latest = first;
    bool remarried = wage >= 32 && chance(&g->r, 4);
    if (remarried) {
        latest = add_days(first, pd_demo_rng_range(&g->r, 5 * 365, 9 * 365));
        latest = dmin(latest, add_days(g->today, -1));
    }
    hm->marital = wm->marital = remarried ? "22" : "21";
    hm->marital_date = wm->marital_date = latest;
    wm->first_marriage = first;
    hm->spouse = w;
    wm->spouse = h;
}

/* Children born to w (and h, -1 for none) while living here, through
 * person.birth: up to `want`, spaced 2-7 years from the (first) marriage,
 * while she is 20-42, none in the future.  Relations to the head: son/
 * daughter codes, or grandchild codes when `grandchildren`. */
static void add_births(struct gen *g, struct unit *u, int w, int h, int want, bool grandchildren)
{
    struct member *wm = &u->m[w];
    struct pd_date t = add_days(pd_date_is_empty(wm->first_marriage) ? add_years(wm->birth, 23)
                                                                      : wm->first_marriage,
                                pd_demo_rng_range(&g->r, 280, 1100));
    int first = u->n;
    char sbuf[8];
    const char *surname = surname_of(h >= 0 ? u->m[h].name : wm->name, sbuf);
    for (int i = 0; i < want && u->n < MAXM; i++) {
        if (pd_date_cmp(t, g->today) > 0 || pd_age_on(wm->birth, t) > 42)
            break;
        int sex = chance(&g->r, 52) ? 1 : 2;
        /* Rural couples of the one-child years had a second child after a daughter only. */
        if (i == 1 && u->m[first].sex == 1 && u->reg_type[0] == '2' && t.y < 2014)
            break;
        if (i >= 1 && u->reg_type[0] == '1' && t.y < 2014)
            break;
        struct pd_date b = t;
        int c = add_member(g, u, sex, b, NULL, chance(&g->r, 95) ? surname : NULL, NULL);
        u->m[c].mother = w;
        u->m[c].father = h;
        t = add_days(u->m[c].birth, pd_demo_rng_range(&g->r, 700, 2600));
    }
    int kids = u->n - first, si = 0, di = 0;
    for (int c = first; c < u->n; c++) {
        struct member *k = &u->m[c];
        if (grandchildren)
            k->relation = k->sex == 1 ? "41" : "42";
        else if (kids == 1)
            k->relation = k->sex == 1 ? "21" : "31";
        else if (k->sex == 1)
            k->relation = (const char *[]){ "22", "23", "24", "25", "26", "26" }[si++];
        else
            k->relation = (const char *[]){ "32", "33", "34", "35", "36", "36" }[di++];
    }
}

/* Children of an older couple who live elsewhere (person.child): one child,
 * two daughters, an only child who died or is disabled, or 2-4 children. */
static void add_kids_elsewhere(struct gen *g, struct unit *u, int mother_idx, int pa, int pb,
                               int already)
{
    struct member *mo = &u->m[mother_idx];
    u->pa = pa;
    u->pb = pb;
    char sbuf[8];
    const char *surname = surname_of(u->m[pa].sex == 1 ? u->m[pa].name
                                     : pb >= 0 ? u->m[pb].name : u->m[pa].name, sbuf);
    int n, pattern = (int)pd_demo_rng_range(&g->r, 0, 99);
    int want_sex = 0;
    if (already) {
        n = pattern < 40 ? 0 : pattern < 80 ? 1 : 2;
    } else if (pattern < 28) {
        n = 1;                                  /* one child */
    } else if (pattern < 40) {
        n = 2; want_sex = 2;                    /* two daughters */
    } else if (pattern < 45) {
        n = 1;                                  /* only child, died (特扶) */
    } else if (pattern < 48) {
        n = 1;                                  /* only child, disabled (特扶) */
    } else {
        n = (int)pd_demo_rng_range(&g->r, 2, 3);
    }
    struct pd_date t = add_years(mo->birth, (int)pd_demo_rng_range(&g->r, 21, 26));
    t = add_days(t, pd_demo_rng_range(&g->r, 0, 364));
    for (int i = 0; i < n && u->nk < MAXK; i++) {
        if (pd_date_cmp(t, add_days(g->today, -365)) > 0)
            break;
        struct kid *k = &u->k[u->nk++];
        memset(k, 0, sizeof *k);
        k->sex = want_sex ? want_sex : chance(&g->r, 52) ? 1 : 2;
        k->birth = t;
        pd_demo_name(&g->r, k->sex, t.y, surname, k->name, sizeof k->name);
        if (!already && n == 1 && pattern >= 40 && pattern < 45) {
            struct pd_date d = add_days(t, pd_demo_rng_range(&g->r, 365, 30 * 365));
            k->death = dmin(d, add_days(g->today, -30));
        } else if (!already && n == 1 && pattern >= 45 && pattern < 48) {
            k->disability = (int)pd_demo_rng_range(&g->r, 1, 3);
        }
        t = add_days(t, pd_demo_rng_range(&g->r, 500, 2500));
    }
}

/* Is this parent a rural-reward or special-assistance case: rural, born on
 * or after 1933-01-01, 60 or more, and exactly one living child, or two
 * daughters, or every child dead (children here and elsewhere). */
static bool subsidy_case(struct gen *g, const struct unit *u, int p, int created)
{
    const struct member *m = &u->m[p];
    if (m->reg_type[0] != '2' || m->birth.y < 1933 || g->today.y - m->birth.y < 60 ||
        !pd_date_is_empty(m->death))
        return false;
    int living = 0, dead = 0, sons = 0, daughters = 0;
    for (int i = 0; i < created; i++)
        if (u->m[i].mother == p || u->m[i].father == p) {
            living++;
            if (u->m[i].sex == 1) sons++; else daughters++;
        }
    if ((u->pa == p || u->pb == p) && u->pa < created && u->pb < created)
        for (int i = 0; i < u->nk; i++) {
            if (pd_date_is_empty(u->k[i].death)) living++; else dead++;
            if (u->k[i].sex == 1) sons++; else daughters++;
        }
    return living == 1 || (living == 2 && daughters == 2 && sons == 0) ||
           (living == 0 && dead > 0);
}

/* The day an elderly person died, within the last two years, and the
 * survivor widowed on that day. */
static void plan_death(struct gen *g, struct unit *u, int who)
{
    struct member *m = &u->m[who];
    struct pd_date d = add_days(g->today, -pd_demo_rng_range(&g->r, 1, 700));
    m->death = dmax(d, add_days(m->birth, 1));
    if (m->spouse >= 0) {
        struct member *s = &u->m[m->spouse];
        s->marital = "30";
        s->marital_date = m->death;
    }
}

/* ---- units ------------------------------------------------------------------------ */

static int draw_kind(struct gen *g)
{
    long x = pd_demo_rng_range(&g->r, 0, 999);
    for (int k = 0; k < U__COUNT; k++) {
        if (x < kind_weight[k])
            return k;
        x -= kind_weight[k];
    }
    return U_FAMILY;
}

/* A couple (husband first): heads are men mostly, sometimes the wife. */
static void add_couple(struct gen *g, struct unit *u, int hage, int wage, const char *hrel,
                       const char *wrel, int *hi, int *wi)
{
    *hi = add_member(g, u, 1, birth_for_age(g, hage), hrel, NULL, NULL);
    *wi = add_member(g, u, 2, birth_for_age(g, wage), wrel, NULL, NULL);
    marry(g, u, *hi, *wi);
}

static void plan_household(struct gen *g, struct unit *u)
{
    struct pd_demo_rng *r = &g->r;
    int h, w;
    bool female_head = chance(r, 12);
    const char *hrel = female_head ? "11" : "02", *wrel = female_head ? "02" : "12";
    switch (u->kind) {
    case U_FAMILY: {
        int hage = (int)pd_demo_rng_range(r, 25, 62);
        int wage = hage - (int)pd_demo_rng_range(r, 0, 4);
        if (wage < 22)
            wage = 22;
        add_couple(g, u, hage, wage, hrel, wrel, &h, &w);
        int want = u->m[w].birth.y < 1958 ? (int)pd_demo_rng_range(r, 2, 4)
                                           : (int)pd_demo_rng_range(r, 1, 3);
        add_births(g, u, w, h, want, false);
        break;
    }
    case U_THREE_GEN: {
        /* grandparents, their son (born here to the grandmother), his wife
         * and their children; the son or the grandfather is the head */
        bool son_head = chance(r, 55);
        int gage = (int)pd_demo_rng_range(r, 58, 88);
        int gf = add_member(g, u, 1, birth_for_age(g, gage + (int)pd_demo_rng_range(r, 0, 4)),
                            son_head ? "51" : "02", NULL, NULL);
        int gm = add_member(g, u, 2, birth_for_age(g, gage), son_head ? "52" : "12", NULL, NULL);
        marry(g, u, gf, gm);
        add_kids_elsewhere(g, u, gm, gm, gf, 1);
        struct pd_date sb = add_years(u->m[gm].birth, (int)pd_demo_rng_range(r, 22, 36));
        sb = add_days(sb, pd_demo_rng_range(r, 0, 364));
        if (age_of(g, sb) < 24)
            sb = add_years(g->today, -24 - (int)pd_demo_rng_range(r, 0, 3));
        char sbuf[8];
        int son = add_member(g, u, 1, sb, son_head ? "02" : "20", surname_of(u->m[gf].name, sbuf), NULL);
        u->m[son].mother = gm;
        u->m[son].father = gf;
        struct pd_date db = add_days(u->m[son].birth, pd_demo_rng_range(r, 0, 4 * 365));
        if (age_of(g, db) < 21)
            db = u->m[son].birth;
        int dil = add_member(g, u, 2, db, son_head ? "12" : "38", NULL, NULL);
        marry(g, u, son, dil);
        add_births(g, u, dil, son, (int)pd_demo_rng_range(r, 1, 2), !son_head);
        if (chance(r, 4))
            plan_death(g, u, chance(r, 60) ? gf : gm);
        break;
    }
    case U_ELDER_COUPLE: {
        int hage = (int)pd_demo_rng_range(r, 60, 90);
        int wage = hage - (int)pd_demo_rng_range(r, 0, 5);
        if (wage < 58)
            wage = 58;
        add_couple(g, u, hage, wage, "02", "12", &h, &w);
        add_kids_elsewhere(g, u, w, w, h, 0);
        if (chance(r, 4))
            plan_death(g, u, chance(r, 60) ? h : w);
        break;
    }
    case U_ELDER_SINGLE: {
        int sex = chance(r, 70) ? 2 : 1;
        int p = add_member(g, u, sex, birth_for_age(g, (int)pd_demo_rng_range(r, 65, 96)),
                           "02", NULL, NULL);
        struct member *m = &u->m[p];
        m->marital = "30";
        m->marital_date = add_days(g->today, -pd_demo_rng_range(r, 400, 20 * 365));
        m->marital_date = dmax(m->marital_date, add_years(m->birth, 40));
        add_kids_elsewhere(g, u, p, p, -1, 0);
        break;
    }
    case U_YOUNG_COUPLE: {
        int hage = (int)pd_demo_rng_range(r, 23, 34);
        int wage = hage - (int)pd_demo_rng_range(r, 0, 3);
        if (wage < 21)
            wage = 21;
        add_couple(g, u, hage, wage, hrel, wrel, &h, &w);
        if (chance(r, 30))
            u->m[w].pregnant = true;
        break;
    }
    case U_SINGLE: {
        int sex = chance(r, 60) ? 1 : 2;
        int p = add_member(g, u, sex, birth_for_age(g, (int)pd_demo_rng_range(r, 20, 50)),
                           "02", NULL, NULL);
        if (chance(r, 12) && age_of(g, u->m[p].birth) >= 30) {
            u->m[p].marital = "40";
            u->m[p].marital_date = add_days(g->today, -pd_demo_rng_range(r, 100, 3000));
        }
        break;
    }
    default:
        break;
    }
    /* Some women with one child or none are expecting. */
    for (int i = 0; i < u->n; i++) {
        struct member *m = &u->m[i];
        int age = age_of(g, m->birth);
        if (m->sex == 2 && m->spouse >= 0 && age >= 20 && age <= 40 && !m->pregnant &&
            chance(r, 5))
            m->pregnant = true;
    }
}

static const struct { const char *code, *place; } hometowns[] = {
    { "340123", "安徽省合肥市肥西县" }, { "500101", "重庆市万州区" },
    { "511321", "四川省南充市南部县" }, { "411528", "河南省信阳市息县" },
    { "522422", "贵州省毕节市大方县" }, { "431121", "湖南省永州市祁阳县" },
    { "421126", "湖北省黄冈市蕲春县" }, { "362329", "江西省上饶市余干县" },
    { "330327", "浙江省温州市苍南县" }, { "342221", "安徽省宿州市砀山县" },
};

static void plan_migrants(struct gen *g, struct unit *u)
{
    struct pd_demo_rng *r = &g->r;
    int t = (int)pd_demo_rng_range(r, 0, 99);
    int town = (int)pd_demo_rng_range(r, 0, (long)NELEM(hometowns) - 1);
    const char *code = hometowns[town].code;
    u->from = hometowns[town].place;
    u->reg_type = "2";
    u->arrived = add_days(g->today, -pd_demo_rng_range(r, 20, 6 * 365));
    if (t < 55) {
        int sex = chance(r, 62) ? 1 : 2;
        add_member(g, u, sex, birth_for_age(g, (int)pd_demo_rng_range(r, 18, 45)), NULL, NULL, code);
    } else {
        int hage = (int)pd_demo_rng_range(r, 23, 45);
        int h = add_member(g, u, 1, birth_for_age(g, hage), NULL, NULL, code);
        struct pd_date wb = birth_for_age(g, hage - (int)pd_demo_rng_range(r, 0, 3));
        if (age_of(g, wb) < 21)
            wb = u->m[h].birth;
        int w = add_member(g, u, 2, wb, NULL, NULL, code);
        marry(g, u, h, w);
        if (t >= 85) {
            /* children born before they came, registered back home too */
            int kids = (int)pd_demo_rng_range(r, 1, 2);
            struct pd_date b = add_days(u->m[w].first_marriage, pd_demo_rng_range(r, 300, 900));
            for (int i = 0; i < kids && pd_date_cmp(b, u->arrived) < 0; i++) {
                char sbuf[8];
                int c = add_member(g, u, chance(r, 52) ? 1 : 2, b, NULL,
                                   surname_of(u->m[h].name, sbuf), code);
                u->m[c].mother = -1;   /* born elsewhere: not a person.birth here */
                b = add_days(b, pd_demo_rng_range(r, 800, 2000));
            }
        }
    }
    for (int i = 0; i < u->n; i++) {
        struct member *m = &u->m[i];
        m->away = false;
        m->urban_pension = false;
        if (m->ethnicity[0] == '0' && m->ethnicity[1] == '1' && (town == 4 || town == 5) &&
            chance(r, 20))
            m->ethnicity = town == 4 ? "06" : "15";
    }
}

/* ---- saving a unit ------------------------------------------------------------------- */

static json_t *person_data(struct gen *g, const struct unit *u, const struct member *m)
{
    json_t *o = json_object();
    put(o, "name", m->name);
    put(o, "id_number", m->id);
    put(o, "sex", m->sex == 1 ? "1" : "2");
    putd(o, "birth_date", m->birth);
    put(o, "ethnicity", m->ethnicity);
    put(o, "relation", m->relation);
    put(o, "reg_type", m->reg_type);
    if (u->household) {
        put(o, "reg_address", u->address);
        put(o, "cur_address", m->away ? "上海市浦东新区" : u->address);
    } else {
        put(o, "reg_address", u->from);
        put(o, "cur_address", u->address);
    }
    put(o, "education", m->education);
    put(o, "employer", m->employer);
    put(o, "marital", m->marital);
    putd(o, "marital_date", m->marital_date);
    if (m->away)
        putb(o, "away", true);
    if (m->disability)
        json_object_set_new_nocheck(o, "disability_grade", json_integer(m->disability));
    if (m->urban_pension)
        putb(o, "urban_pension", true);
    if (m->sex == 2 && m->spouse >= 0) {
        const struct member *s = &u->m[m->spouse];
        putd(o, "first_marriage_date", m->first_marriage);
        put(o, "spouse_name", s->name);
        put(o, "spouse_id_number", s->id);
        int age = age_of(g, m->birth);
        if (age <= 49) {
            putb(o, "premarital_check", (m->first_marriage.y * 7 + m->birth.d) % 10 < 7);
            if (m->pregnant)
                putb(o, "prepregnancy_check", true);
            putd(o, "last_check_date", add_days(g->today, -(long)((m->birth.d * 37 + m->birth.m) % 170)));
        }
    }
    return o;
}

static pd_err save_member(struct gen *g, struct unit *u, int i)
{
    struct member *m = &u->m[i];
    json_t *d = person_data(g, u, m);
    const char *type = "person.add";
    if (!u->household) {
        type = "migrant.arrive";
        putd(d, "date", u->arrived);
        put(d, "from", u->from);
        int age = age_of(g, m->birth);
        if (m->sex == 2 && m->spouse >= 0 && age >= 18 && age <= 49) {
            /* the marriage-and-childbearing certificate: valid 3 years;
             * some expiring within 30 days (the home screen's reminder).
             * None expired: a clean demo register has no data-quality problem. */
            int c = (int)pd_demo_rng_range(&g->r, 0, 99);
            struct pd_date expiry;
            if (c < 15) {
                expiry = add_days(g->today, pd_demo_rng_range(&g->r, 0, 30));
                g->st->migrant_certs_expiring++;
            } else {
                expiry = add_days(g->today, pd_demo_rng_range(&g->r, 31, 900));
            }
            struct pd_date issue = add_days(expiry, -3 * 365);
            char num[64];
            snprintf(num, sizeof num, "%.6s%04d%06ld", m->id, issue.y, ++g->cert_serial);
            put(d, "cert_number", num);
            put(d, "cert_authority", u->from);
            putd(d, "cert_issue", issue);
            putd(d, "cert_expiry", expiry);
            if (chance(&g->r, 85))
                putd(d, "cert_presented",
                     dmin(add_days(dmax(u->arrived, issue), pd_demo_rng_range(&g->r, 0, 30)),
                          g->today));
        }
        g->st->migrants++;
    } else if (m->mother >= 0) {
        type = "person.birth";
        put(d, "mother", u->m[m->mother].pid);
        if (m->father >= 0)
            put(d, "father", u->m[m->father].pid);
        g->st->births++;
    }
    pd_err rc = emit(g, type, u->household ? u->code : "", NULL, d, m->pid);
    if (rc == PD_OK) {
        g->st->persons++;
        g->remaining--;
    }
    return rc;
}

/* person.child for each parent of the children who live elsewhere. */
static pd_err save_kids(struct gen *g, struct unit *u)
{
    int parents[2] = { u->pa, u->pb };
    for (int p = 0; p < 2; p++) {
        if (parents[p] < 0)
            continue;
        for (int i = 0; i < u->nk; i++) {
            const struct kid *k = &u->k[i];
            json_t *d = json_object();
            put(d, "name", k->name);
            put(d, "sex", k->sex == 1 ? "1" : "2");
            putd(d, "birth_date", k->birth);
            putb(d, "alive", pd_date_is_empty(k->death));
            putd(d, "death_date", k->death);
            if (k->disability)
                json_object_set_new_nocheck(d, "disability_grade", json_integer(k->disability));
            /* a child born before the mother's first marriage was out of policy */
            const struct member *mo = NULL;
            for (int q = 0; q < 2; q++)
                if (parents[q] >= 0 && u->m[parents[q]].sex == 2)
                    mo = &u->m[parents[q]];
            bool before = mo && !pd_date_is_empty(mo->first_marriage) &&
                          pd_date_cmp(k->birth, mo->first_marriage) < 0;
            putb(d, "within_policy", !before);
            pd_err rc = emit(g, "person.child", u->code, u->m[parents[p]].pid, d, NULL);
            if (rc != PD_OK)
                return rc;
            g->st->children_elsewhere++;
        }
    }
    return PD_OK;
}

static pd_err certificate(struct gen *g, struct unit *u, int holder, const char *kind,
                          struct pd_date date, const char *reason, const char *child)
{
    json_t *d = json_object();
    char num[64];
    /* numbers are never reused: the register refuses a number issued before */
    snprintf(num, sizeof num, "%s%04d第%05ld号", kind[0] == 'o' ? "江北独字" : "江北二孩字",
             date.y, ++g->cert_serial);
    put(d, "kind", kind);
    put(d, "number", num);
    putd(d, "date", date);
    put(d, "reason", reason);
    put(d, "child", child);
    pd_err rc = emit(g, "certificate.issue", u->code, u->m[holder].pid, d, NULL);
    if (rc == PD_OK)
        g->st->certificates++;
    return rc;
}

static pd_err contraception(struct gen *g, struct unit *u, int w, const char *method,
                            struct pd_date start)
{
    static const char *const providers[] = {
        "庄桥街道社区卫生服务中心", "江北区妇幼保健院", "宁波市妇女儿童医院",
    };
    json_t *d = json_object();
    put(d, "method", method);
    putd(d, "start", start);
    put(d, "provider", providers[pd_demo_rng_range(&g->r, 0, 2)]);
    pd_err rc = emit(g, "woman.contraception", u->code, u->m[w].pid, d, NULL);
    if (rc == PD_OK)
        g->st->contraception++;
    return rc;
}

/* Certificates, contraception and pregnancies of the women of a unit. */
static pd_err save_women(struct gen *g, struct unit *u, int created)
{
    struct pd_demo_rng *r = &g->r;
    for (int w = 0; w < created; w++) {
        struct member *m = &u->m[w];
        if (m->sex != 2 || m->spouse < 0 || !pd_date_is_empty(m->death))
            continue;
        int kids[MAXM], nk = 0;
        for (int c = 0; c < created; c++)
            if (u->m[c].mother == w)
                kids[nk++] = c;
        pd_err rc;
        /* one-child certificate for most couples with one child since 1980 */
        if (nk == 1 && u->m[kids[0]].birth.y >= 1980 && chance(r, 60)) {
            struct pd_date d = dmin(add_days(u->m[kids[0]].birth, pd_demo_rng_range(r, 60, 900)),
                                    g->today);
            if ((rc = certificate(g, u, w, "onechild", d, NULL, u->m[kids[0]].pid)) != PD_OK)
                return rc;
        }
        /* second-child certificate before the second birth */
        if (nk >= 2) {
            const struct member *k2 = &u->m[kids[1]];
            struct pd_date d = dmax(add_days(k2->birth, -pd_demo_rng_range(r, 150, 400)),
                                    add_days(u->m[kids[0]].birth, 1));
            const char *reason = k2->birth.y >= 2016 ? "全面两孩政策"
                                 : u->reg_type[0] == '2' ? "农村独女户（第十九条）"
                                 : "夫妻双方均为独生子女（第十九条）";
            if (u->m[kids[0]].birth.y >= 1980 &&
                (rc = certificate(g, u, w, "second_child", d, reason, NULL)) != PD_OK)
                return rc;
        }
        int age = age_of(g, m->birth);
        if (age < 15 || age > 49)
            continue;
        struct pd_date last = nk ? u->m[kids[nk - 1]].birth : m->first_marriage;
        if (m->pregnant) {
            long ago = chance(r, 12) ? pd_demo_rng_range(r, 250, 300) : pd_demo_rng_range(r, 7, 190);
            struct pd_date reg = add_days(g->today, -ago);
            if (pd_date_cmp(reg, add_days(last, nk ? 300 : 30)) > 0) {
                struct pd_date expected = add_days(reg, 280 - pd_demo_rng_range(r, 49, 84));
                json_t *d = json_object();
                putd(d, "registered", reg);
                putd(d, "expected", expected);
                if (chance(r, 70)) {
                    char num[64];
                    snprintf(num, sizeof num, "江北生字%04d第%05ld号", reg.y, ++g->cert_serial);
                    put(d, "certificate", num);
                }
                if ((rc = emit(g, "woman.pregnancy", u->code, m->pid, d, NULL)) != PD_OK)
                    return rc;
                g->st->pregnancies++;
                if (pd_date_cmp(expected, g->today) < 0)
                    g->st->pregnancies_overdue++;
                continue;
            }
        }
        /* contraception: an IUD after the first child, then often
         * sterilisation after the second; pills or condoms before any */
        if (nk >= 2 && chance(r, 50)) {
            struct pd_date s = add_days(u->m[kids[0]].birth, pd_demo_rng_range(r, 42, 200));
            if (pd_date_cmp(s, u->m[kids[1]].birth) < 0 &&
                (rc = contraception(g, u, w, "3", s)) != PD_OK)
                return rc;
        }
        long x = pd_demo_rng_range(r, 0, 99);
        const char *method;
        if (nk == 0)
            method = x < 45 ? "6" : x < 65 ? "5" : x < 70 ? "7" : NULL;
        else if (nk == 1)
            method = x < 62 ? "3" : x < 77 ? "6" : x < 83 ? "4" : x < 88 ? "5" : x < 93 ? "2" : NULL;
        else
            method = x < 55 ? "2" : x < 88 ? "3" : x < 93 ? "1" : "6";
        if (!method)
            continue;
        struct pd_date s = add_days(last, nk ? pd_demo_rng_range(r, 42, 365) : pd_demo_rng_range(r, 0, 120));
        if (pd_date_cmp(s, g->today) > 0)
            continue;
        if ((rc = contraception(g, u, w, method, s)) != PD_OK)
            return rc;
    }
    return PD_OK;
}

static pd_err save_unit(struct gen *g, struct unit *u)
{
    pd_err rc;
    if (u->household) {
        json_t *d = json_object();
        put(d, "code", u->code);
        char police[16], phone[16];
        snprintf(police, sizeof police, "%09ld", pd_demo_rng_range(&g->r, 100000000, 999999999));
        put(d, "police_no", police);
        put(d, "address", u->address);
        if (chance(&g->r, 75)) {
            snprintf(phone, sizeof phone, "13%09ld", pd_demo_rng_range(&g->r, 0, 999999999));
            put(d, "phone", phone);
        }
        put(d, "reg_type", u->reg_type);
        if ((rc = emit(g, "household.add", u->code, NULL, d, NULL)) != PD_OK)
            return rc;
        g->st->households++;
    }
    /* Only as many members as persons remain: the last unit is cut short. */
    int created = u->n < g->remaining ? u->n : (int)g->remaining;
    int kids_after = u->pa >= 0 ? (u->pa > u->pb ? u->pa : u->pb) : -1;
    for (int i = 0; i < created; i++) {
        if ((rc = save_member(g, u, i)) != PD_OK)
            return rc;
        /* the siblings elsewhere go in before a child born here, so that
         * child's birth order counts them */
        if (i == kids_after && (rc = save_kids(g, u)) != PD_OK)
            return rc;
    }
    if ((rc = save_women(g, u, created)) != PD_OK)
        return rc;
    if (u->household)
        for (int i = 0; i < created; i++) {
            if (subsidy_case(g, u, i, created))
                g->st->subsidy_cases++;
            if (u->m[i].sex == 2 && u->m[i].spouse >= 0 && u->m[i].spouse < created)
                g->st->couples++;
        }
    for (int i = 0; i < created; i++) {
        if (pd_date_is_empty(u->m[i].death))
            continue;
        json_t *d = json_object();
        putd(d, "date", u->m[i].death);
        static const char *const causes[] = { "心脑血管疾病", "恶性肿瘤", "呼吸系统疾病", "病故", "意外" };
        put(d, "cause", causes[pd_demo_rng_range(&g->r, 0, 4)]);
        if ((rc = emit(g, "person.death", u->code, u->m[i].pid, d, NULL)) != PD_OK)
            return rc;
        g->st->deaths++;
    }
    return PD_OK;
}

/* ---- the whole community ----------------------------------------------------------- */

pd_err pd_demo_check(const struct pd_demo_opts *o, struct pd_error *err)
{
    if (o->persons < 1 || o->persons > PD_DEMO_MAX_PERSONS)
        return pd_fail(err, PD_EUSAGE, "persons", "--persons must be from 1 to %ld, not %ld",
                       PD_DEMO_MAX_PERSONS, o->persons);
    if (strlen(o->station) != 12 || strspn(o->station, "0123456789") != 12)
        return pd_fail(err, PD_EINVAL, "station", "station code '%s' must be 12 digits", o->station);
    if (!pd_date_valid(o->today))
        return pd_fail(err, PD_EINVAL, "today", "no valid date for today");
    return PD_OK;
}

pd_err pd_demo_generate(const struct pd_demo_opts *o, pd_demo_sink sink, void *ctx,
                        struct pd_demo_stats *stats, struct pd_error *err)
{
    pd_err rc = pd_demo_check(o, err);
    if (rc != PD_OK)
        return rc;
    struct pd_demo_stats local;
    struct gen g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.sink = sink;
    g.ctx = ctx;
    g.st = stats ? stats : &local;
    memset(g.st, 0, sizeof *g.st);
    g.err = err;
    g.today = o->today;
    g.remaining = o->persons;
    pd_demo_rng_seed(&g.r, o->seed);
    memcpy(g.addr6, o->station, 6);
    g.addr6[6] = '\0';
    if (o->place[0])
        pd_strlcpy(g.place, o->place, sizeof g.place);
    else
        pd_strlcpy(g.place, "浙江省宁波市江北区庄桥街道示范村", sizeof g.place);
    /* about 3 persons a household, 250 households a group (组) at most in
     * small villages; large ones fill 99 groups */
    long groups = (o->persons + 749) / 750;
    g.groups = (int)(groups < 1 ? 1 : groups > 99 ? 99 : groups);
    g.id_base = pd_date_to_days(mkdate(o->today.y - 115, 1, 1));
    g.id_days = pd_date_to_days(o->today) - g.id_base + 1;
    g.id_used = calloc((size_t)g.id_days * 2, sizeof *g.id_used);
    if (!g.id_used)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory for the demo's ID numbers");

    struct unit *u = malloc(sizeof *u);
    if (!u) {
        free(g.id_used);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    while (rc == PD_OK && g.remaining > 0) {
        memset(u, 0, sizeof *u);
        u->pa = u->pb = -1;
        u->kind = (enum kind)draw_kind(&g);
        if (u->kind == U_MIGRANT) {
            u->household = false;
            plan_migrants(&g, u);
            snprintf(u->address, sizeof u->address, "%s%d组%d号（租住）", g.place,
                     (int)pd_demo_rng_range(&g.r, 1, g.groups),
                     (int)pd_demo_rng_range(&g.r, 1, g.households / g.groups + 1));
        } else {
            long h = g.households++;
            int group = (int)(h % g.groups) + 1;
            int serial = (int)(h / g.groups + 1);
            if (serial > 9999) {
                rc = pd_fail(err, PD_EINVAL, "persons", "too many households for 99 groups of 9999");
                break;
            }
            u->household = true;
            snprintf(u->code, sizeof u->code, "%.12s%02d%04d", o->station, group % 100, serial % 10000);
            snprintf(u->address, sizeof u->address, "%s%d组%d号", g.place, group, serial);
            u->reg_type = chance(&g.r, 60) ? "2" : "1";
            plan_household(&g, u);
        }
        rc = save_unit(&g, u);
    }
    free(u);
    free(g.id_used);
    return rc;
}
