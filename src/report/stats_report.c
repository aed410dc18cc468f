/* stats_report.c - the statistics reports as tables (see stats_report.h).
 * Counting is store/stats.c's; here only the layout: titles, columns,
 * the words printed beside each figure. */
#include "report/stats_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"

static const char *const names[PD_SR__COUNT] = {
    "indicators", "births", "contraception", "monthly", "women", "migrants", "dashboard",
};
static const char *const titles[PD_SR__COUNT] = {
    "人口和计划生育统计指标", "人口和出生情况统计表 (国人口统1表)", "避孕节育情况统计表 (国人口统2表)",
    "村(社区)人口和计划生育月报", "已婚育龄妇女避孕节育花名册", "流动人口育龄妇女婚育证明花名册",
    "人口和计划生育目标管理一览",
};

const char *pd_stats_report_name(enum pd_stats_report r)
{
    return (unsigned)r < PD_SR__COUNT ? names[r] : "";
}

pd_err pd_stats_report_parse(const char *name, enum pd_stats_report *out, struct pd_error *err)
{
    for (int i = 0; name && i < PD_SR__COUNT; i++)
        if (strcmp(names[i], name) == 0) {
            *out = (enum pd_stats_report)i;
            return PD_OK;
        }
    return pd_fail(err, PD_EINVAL, "report",
                   "unknown report '%.40s': indicators, births, contraception, monthly, women or migrants",
                   name ? name : "");
}

void pd_stats_report_default_period(enum pd_stats_report r, struct pd_date today,
                                    struct pd_statyear sy, struct pd_period *out)
{
    if (r == PD_SR_MONTHLY)
        pd_period_month(today.y, today.m, out);
    else
        pd_period_statyear_of(today, sy, out);
}

/* ---- shared layout ------------------------------------------------------- */

struct build {
    struct pd_report *rep;
    struct pd_error *err;
    pd_err rc;
    int seq;
};

static void col_add(struct build *b, const char *title, enum pd_align a, int maxw, bool keep)
{
    if (b->rc == PD_OK)
        b->rc = pd_report_add_col(b->rep, title, a, maxw, keep, b->err);
}

static void head(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void head(struct build *b, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (b->rc == PD_OK)
        b->rc = pd_report_add_head(b->rep, line, b->err);
}

static void foot(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void foot(struct build *b, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (b->rc == PD_OK)
        b->rc = pd_report_add_foot(b->rep, line, b->err);
}

static void row(struct build *b, const char *const *cells)
{
    if (b->rc == PD_OK)
        b->rc = pd_report_add_row(b->rep, cells, b->err);
}

static void section(struct build *b, const char *text)
{
    if (b->rc == PD_OK)
        b->rc = pd_report_add_section(b->rep, text, b->err);
}

/* An item and its count. */
static void item(struct build *b, const char *label, long long n)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", n);
    const char *cells[] = { label, v };
    row(b, cells);
}

static bool start(struct build *b, enum pd_stats_report kind, const struct pd_stats_query *q,
                  const struct pd_stats_report_info *info, struct pd_error *err)
{
    b->err = err;
    b->rc = PD_OK;
    b->seq = 0;
    b->rep = pd_report_new(titles[kind]);
    if (!b->rep) {
        pd_fail(err, PD_ENOMEM, NULL, "out of memory for the report");
        return false;
    }
    char period[128], today[PD_DATE_STRLEN];
    pd_period_describe(&q->period, period, sizeof period);
    pd_date_format(info->today, today);
    char grp[16] = "";
    if (q->group[0])
        snprintf(grp, sizeof grp, "第%s组", q->group);
    if (info->place && info->place[0])
        head(b, "单位: %s%s%s", info->place, grp[0] ? " " : "", grp);
    else if (grp[0])
        head(b, "%s", grp);
    head(b, "统计期间: %s%s    制表日期: %s", period,
         pd_date_cmp(q->period.to, info->today) > 0 ? " (期间未结束, 截至制表日)" : "", today);
    return b->rc == PD_OK;
}

static struct pd_report *finish(struct build *b)
{
    if (b->rc != PD_OK) {
        pd_report_free(&b->rep);
        return NULL;
    }
    pd_report_layout(b->rep);
    return b->rep;
}

/* ---- indicators and dashboard -------------------------------------------- */

static void num_text(double v, char *buf, size_t size)
{
    if (v == (double)(long long)v)
        snprintf(buf, size, "%lld", (long long)v);
    else
        snprintf(buf, size, "%.1f", v);
}

static void indicator_notes(struct build *b, const struct pd_counts *c)
{
    foot(b, "* 默认口径 (default definition): see docs/STATISTICS.md");
    if (c->births_late)
        foot(b, "出生数含补报 %lld 人 (late-found births counted when recorded)", c->births_late);
    if (c->births_policy_unknown)
        foot(b, "政策内未判定 %lld 人 (mother's marriage date missing: not counted as within policy)",
             c->births_policy_unknown);
    if (c->have_quality)
        foot(b, "全员人口信息管理率依据 %s 的数据质量检查 (popdesk check)", c->quality_at);
    else
        foot(b, "全员人口信息管理率: 尚未做数据质量检查 (run popdesk check)");
    if (c->have_spotcheck) {
        /* the item's name as the spot-check form prints it (户籍人口...) */
        const char *item = c->spot_indicator;
        for (int i = 0; i < PD_SPOT__COUNT; i++)
            if (strcmp(pd_spot_key((enum pd_spot_item)i), item) == 0)
                item = pd_spot_zh((enum pd_spot_item)i);
        foot(b, "统计误差率依据 %s 的抽查, 误差最大项: %s", c->spot_at, item);
    } else {
        foot(b, "统计误差率: 尚无抽查 (popdesk spotcheck)");
    }
}

static struct pd_report *build_indicators(struct build *b, const struct pd_counts *c,
                                          const struct pd_indicator *ind)
{
    col_add(b, "指标", PD_ALIGN_LEFT, 40, false);
    col_add(b, "分子", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "分母", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "数值", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "目标", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "状态", PD_ALIGN_LEFT, 0, false);
    col_add(b, "计算方法", PD_ALIGN_LEFT, 60, false);
    for (int i = 0; i < PD_IND__COUNT; i++) {
        const struct pd_indicator *x = &ind[i];
        char name[160], n[32], d[32], v[32], t[32];
        snprintf(name, sizeof name, "%s%s", x->def->zh, x->def->is_default ? " *" : "");
        num_text(x->num, n, sizeof n);
        if (x->def->unit == PD_UNIT_COUNT)
            d[0] = '\0';
        else
            num_text(x->den, d, sizeof d);
        if (i == PD_IND_MANAGEMENT && !x->defined && !c->have_quality)
            n[0] = d[0] = '\0';
        if (i == PD_IND_STAT_ERROR && !c->have_spotcheck)
            n[0] = d[0] = '\0';
        pd_indicator_value_text(x, v, sizeof v);
        pd_indicator_target_text(x, t, sizeof t);
        const char *cells[] = { name, n, d, v, t, pd_indicator_status_text(x, "zh"), x->def->formula };
        row(b, cells);
    }
    indicator_notes(b, c);
    return finish(b);
}

struct pd_report *pd_stats_dashboard(const struct pd_indicator ind[PD_IND__COUNT],
                                     const struct pd_counts *c, const struct pd_stats_query *q,
                                     const struct pd_stats_report_info *info, struct pd_error *err)
{
    struct build b;
    if (!start(&b, PD_SR_DASHBOARD, q, info, err))
        return finish(&b);
    col_add(&b, "指标", PD_ALIGN_LEFT, 40, false);
    col_add(&b, "目标", PD_ALIGN_RIGHT, 0, false);
    col_add(&b, "本期数值", PD_ALIGN_RIGHT, 0, false);
    col_add(&b, "状态", PD_ALIGN_LEFT, 0, false);
    col_add(&b, "依据", PD_ALIGN_LEFT, 0, false);
    for (int i = 0; i < PD_IND__COUNT; i++) {
        const struct pd_indicator *x = &ind[i];
        char name[160], v[32], t[32], basis[96];
        snprintf(name, sizeof name, "%s%s", x->def->zh, x->def->is_default ? " *" : "");
        pd_indicator_value_text(x, v, sizeof v);
        pd_indicator_target_text(x, t, sizeof t);
        if (x->def->unit == PD_UNIT_COUNT) {
            snprintf(basis, sizeof basis, "%s", i == PD_IND_BIRTHS ? "目标为全区合计" : "");
        } else if (!x->defined && i == PD_IND_MANAGEMENT && !c->have_quality) {
            snprintf(basis, sizeof basis, "尚未检查 (popdesk check)");
        } else if (!x->defined && i == PD_IND_STAT_ERROR && !c->have_spotcheck) {
            snprintf(basis, sizeof basis, "尚无抽查 (popdesk spotcheck)");
        } else {
            char n[32], d[32];
            num_text(x->num, n, sizeof n);
            num_text(x->den, d, sizeof d);
            snprintf(basis, sizeof basis, "%s / %s", n, d);
        }
        const char *cells[] = { name, t, v, pd_indicator_status_text(x, "zh"), basis };
        row(&b, cells);
    }
    indicator_notes(&b, c);
    return finish(&b);
}

/* ---- births (统1表) ---------------------------------------------------------- */

static struct pd_report *build_births(struct build *b, const struct pd_counts *c, long long onechild)
{
    static const char *const orders[3] = { "一孩", "二孩", "三孩及以上" };
    col_add(b, "项目", PD_ALIGN_LEFT, 0, false);
    col_add(b, "人数", PD_ALIGN_RIGHT, 0, false);
    item(b, "期初户籍人口", c->pop_start);
    item(b, "期末户籍人口", c->pop_end);
    item(b, "已婚育龄妇女 (15-49岁)", c->married_women);
    item(b, "独生子女父母光荣证领证人数", onechild);
    item(b, "出生人数", c->births);
    item(b, "  其中: 补报出生", c->births_late);
    item(b, "  其中: 男", c->births_male);
    item(b, "  其中: 女", c->births_female);
    for (int i = 0; i < 3; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s", orders[i]);
        item(b, label, c->births_by_order[i]);
        snprintf(label, sizeof label, "  其中: %s政策内", orders[i]);
        item(b, label, c->births_by_order_policy[i]);
    }
    item(b, "政策内出生合计", c->births_within_policy);
    item(b, "  未判定 (缺婚姻日期)", c->births_policy_unknown);
    item(b, "死亡人数", c->deaths);
    item(b, "附: 流动人口在本地出生", c->births_migrant);
    foot(b, "出生: 本期户籍育龄妇女的活产 (婴儿出生后即死亡的计出生和死亡); 补报出生计入登记当期");
    return finish(b);
}

/* ---- contraception (统2表) ---------------------------------------------------- */

static struct pd_report *build_contraception(struct build *b, const struct pd_contra_stats *s)
{
    col_add(b, "项目", PD_ALIGN_LEFT, 0, false);
    col_add(b, "人数", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "构成(%)", PD_ALIGN_RIGHT, 0, false);
    section(b, "一、已婚育龄妇女落实避孕节育措施情况 (期末)");
    char pct[32];
    const char *total[] = { "已婚育龄妇女合计", NULL, "100.00" };
    char n[32];
    snprintf(n, sizeof n, "%lld", s->married_women);
    total[1] = n;
    row(b, total);
    for (int m = 1; m < PD_STATS_METHODS; m++) {
        char label[96];
        const char *name = pd_code_name(PD_CODES_CONTRACEPTION, (char[]){ (char)('0' + m), 0 });
        snprintf(label, sizeof label, "%d %s", m, name ? name : "");
        snprintf(n, sizeof n, "%lld", s->by_method[m]);
        if (s->married_women)
            snprintf(pct, sizeof pct, "%.2f", (double)s->by_method[m] * 100.0 / (double)s->married_women);
        else
            pct[0] = '\0';
        const char *cells[] = { label, n, pct };
        row(b, cells);
    }
    snprintf(n, sizeof n, "%lld", s->no_method);
    const char *none[] = { "未登记措施", n, "" };
    row(b, none);
    snprintf(n, sizeof n, "%lld", s->pregnant);
    const char *preg[] = { "现孕", n, "" };
    row(b, preg);
    section(b, "二、本期计划生育手术情况");
    struct { const char *label; long long n; } surg[] = {
        { "放置宫内节育器", s->iud_insert }, { "取出宫内节育器", s->iud_remove },
        { "输卵管绝育 (女扎)", s->female_steril }, { "输精管绝育 (男扎)", s->male_steril },
        { "皮下埋植", s->implant }, { "人工流产", s->induced_abortion },
    };
    for (size_t i = 0; i < sizeof surg / sizeof surg[0]; i++) {
        snprintf(n, sizeof n, "%lld", surg[i].n);
        const char *cells[] = { surg[i].label, n, "" };
        row(b, cells);
    }
    foot(b, "措施按期末在用计: 本人的措施, 无则丈夫的措施 (男扎、避孕套等)");
    return finish(b);
}

/* ---- monthly ------------------------------------------------------------------ */

static const char *sex_zh(const char *s)
{
    return strcmp(s, "1") == 0 ? "男" : strcmp(s, "2") == 0 ? "女" : "";
}

static const char *policy_zh(int w)
{
    return w > 0 ? "是" : w == 0 ? "否" : "未判定";
}

static int birth_row(void *ctx, const struct pd_birth_rec *r)
{
    struct build *b = ctx;
    char no[16], order[16], name[128];
    snprintf(no, sizeof no, "%d", ++b->seq);
    if (r->order > 0)
        snprintf(order, sizeof order, "%d", r->order);
    else
        order[0] = '\0';
    snprintf(name, sizeof name, "%s%s", r->name[0] ? r->name : "(未取名)", r->alive ? "" : " (已死亡)");
    const char *cells[] = { no, name, sex_zh(r->sex), r->birth_date, r->mother_name, r->father_name,
                            r->household, order, policy_zh(r->within_policy), r->certificate,
                            r->late ? r->counted_on : "" };
    row(b, cells);
    return b->rc != PD_OK;
}

static struct pd_report *build_monthly(struct build *b, struct pd_db *db, const struct pd_stats_query *q,
                                       const struct pd_monthly *m)
{
    head(b, "出生 %lld 人  死亡 %lld 人  结婚 %lld 人  新增怀孕 %lld 人  节育手术 %lld 例",
         m->births, m->deaths, m->marriages, m->pregnancies, m->surgeries);
    col_add(b, "序号", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "婴儿", PD_ALIGN_LEFT, 20, false);
    col_add(b, "性别", PD_ALIGN_CENTER, 0, false);
    col_add(b, "出生日期", PD_ALIGN_LEFT, 0, false);
    col_add(b, "母亲", PD_ALIGN_LEFT, 16, false);
    col_add(b, "父亲", PD_ALIGN_LEFT, 16, false);
    col_add(b, "户编号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "孩次", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "政策内", PD_ALIGN_CENTER, 0, false);
    col_add(b, "生育证号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "补报日期", PD_ALIGN_LEFT, 0, false);
    if (b->rc == PD_OK) {
        pd_err rc = pd_stats_births_each(db, q, false, birth_row, b, b->err);
        if (rc != PD_OK && b->rc == PD_OK)
            b->rc = rc;
    }
    if (b->seq == 0)
        section(b, "本期无出生");
    foot(b, "出生花名册: 本期计入的户籍人口出生; 补报出生注明登记日期");
    return finish(b);
}

/* ---- rosters ------------------------------------------------------------------ */

struct roster {
    struct build *b;
    char last[8];
};

static int woman_row(void *ctx, const struct pd_woman_rec *w)
{
    struct roster *r = ctx;
    struct build *b = r->b;
    const char *m = w->method[0] ? w->method : "-";
    if (strcmp(m, r->last) != 0) {
        char title[96];
        const char *name = w->method[0] ? pd_code_name(PD_CODES_CONTRACEPTION, w->method) : NULL;
        snprintf(title, sizeof title, "%s", w->method[0] ? (name ? name : w->method) : "未登记措施");
        section(b, title);
        pd_strlcpy(r->last, m, sizeof r->last);
    }
    char no[16], age[8], kids[8], method[64];
    snprintf(no, sizeof no, "%d", ++b->seq);
    snprintf(age, sizeof age, "%d", w->age);
    snprintf(kids, sizeof kids, "%d", w->children);
    const char *mname = w->method[0] ? pd_code_name(PD_CODES_CONTRACEPTION, w->method) : NULL;
    snprintf(method, sizeof method, "%s%s", mname ? mname : "", w->husband_method ? " (丈夫)" : "");
    const char *cells[] = { no, w->name, w->id_number, w->household, age, w->spouse_name, kids,
                            method, w->method_start, w->pregnant ? w->expected : "" };
    row(b, cells);
    return b->rc != PD_OK;
}

static struct pd_report *build_women(struct build *b, struct pd_db *db, const struct pd_stats_query *q)
{
    col_add(b, "序号", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "姓名", PD_ALIGN_LEFT, 16, false);
    col_add(b, "身份证号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "户编号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "年龄", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "配偶", PD_ALIGN_LEFT, 16, false);
    col_add(b, "现有子女", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "避孕方法", PD_ALIGN_LEFT, 24, false);
    col_add(b, "开始日期", PD_ALIGN_LEFT, 0, false);
    col_add(b, "现孕预产期", PD_ALIGN_LEFT, 0, false);
    struct roster r = { b, "" };
    if (b->rc == PD_OK) {
        pd_err rc = pd_stats_women_each(db, q, woman_row, &r, b->err);
        if (rc != PD_OK && b->rc == PD_OK)
            b->rc = rc;
    }
    if (b->seq == 0)
        section(b, "无");
    foot(b, "共 %d 人; 期末 (期间未结束时为制表日) 的户籍已婚育龄妇女", b->seq);
    return finish(b);
}

static const char *cert_state_zh(enum pd_cert_state s)
{
    switch (s) {
    case PD_CERT_VALID:    return "有效";
    case PD_CERT_EXPIRING: return "30天内到期";
    case PD_CERT_EXPIRED:  return "已过期";
    default:               return "未办";
    }
}

static int migrant_row(void *ctx, const struct pd_migrant_rec *m)
{
    struct build *b = ctx;
    char no[16], age[8];
    snprintf(no, sizeof no, "%d", ++b->seq);
    snprintf(age, sizeof age, "%d", m->age);
    const char *marital = m->marital[0] ? pd_code_name(PD_CODES_MARITAL, m->marital) : NULL;
    const char *cells[] = { no, m->name, m->id_number, age, marital ? marital : "", m->from_place,
                            m->arrived, m->cert_number, m->cert_authority, m->cert_expiry,
                            cert_state_zh(m->state), m->complete ? "完整" : m->missing };
    row(b, cells);
    return b->rc != PD_OK;
}

static struct pd_report *build_migrants(struct build *b, struct pd_db *db, const struct pd_stats_query *q)
{
    col_add(b, "序号", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "姓名", PD_ALIGN_LEFT, 16, false);
    col_add(b, "身份证号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "年龄", PD_ALIGN_RIGHT, 0, false);
    col_add(b, "婚姻", PD_ALIGN_LEFT, 0, false);
    col_add(b, "户籍地", PD_ALIGN_LEFT, 24, false);
    col_add(b, "流入日期", PD_ALIGN_LEFT, 0, false);
    col_add(b, "婚育证明编号", PD_ALIGN_LEFT, 0, true);
    col_add(b, "发证机关", PD_ALIGN_LEFT, 20, false);
    col_add(b, "有效期至", PD_ALIGN_LEFT, 0, false);
    col_add(b, "状态", PD_ALIGN_LEFT, 0, false);
    col_add(b, "信息缺项", PD_ALIGN_LEFT, 40, false);
    if (b->rc == PD_OK) {
        pd_err rc = pd_stats_migrants_each(db, q, migrant_row, b, b->err);
        if (rc != PD_OK && b->rc == PD_OK)
            b->rc = rc;
    }
    if (b->seq == 0)
        section(b, "无");
    foot(b, "共 %d 人; 已过期和30天内到期的应及时换发 (婚育证明有效期一般3年)", b->seq);
    return finish(b);
}

/* ---- entry --------------------------------------------------------------------- */

struct pd_report *pd_stats_report_build(struct pd_db *db, enum pd_stats_report kind,
                                        const struct pd_stats_query *q,
                                        const struct pd_stats_report_info *info,
                                        struct pd_error *err)
{
    if ((unsigned)kind >= PD_SR__COUNT) {
        pd_fail(err, PD_EINVAL, "report", "unknown report");
        return NULL;
    }
    struct pd_counts c;
    struct pd_indicator ind[PD_IND__COUNT];
    if (kind == PD_SR_INDICATORS || kind == PD_SR_BIRTHS || kind == PD_SR_DASHBOARD) {
        if (pd_stats_count(db, q, &c, err) != PD_OK)
            return NULL;
        pd_indicators_compute(&c, info->targets, ind);
        if (kind == PD_SR_DASHBOARD)
            return pd_stats_dashboard(ind, &c, q, info, err);
    }
    long long onechild = 0;
    if (kind == PD_SR_BIRTHS && pd_stats_onechild(db, q, &onechild, err) != PD_OK)
        return NULL;
    struct pd_contra_stats cs;
    if (kind == PD_SR_CONTRACEPTION && pd_stats_contraception(db, q, &cs, err) != PD_OK)
        return NULL;
    struct pd_monthly m;
    if (kind == PD_SR_MONTHLY && pd_stats_monthly(db, q, &m, err) != PD_OK)
        return NULL;
    struct build b;
    if (!start(&b, kind, q, info, err))
        return finish(&b);
    switch (kind) {
    case PD_SR_INDICATORS:    return build_indicators(&b, &c, ind);
    case PD_SR_BIRTHS:        return build_births(&b, &c, onechild);
    case PD_SR_CONTRACEPTION: return build_contraception(&b, &cs);
    case PD_SR_MONTHLY:       return build_monthly(&b, db, q, &m);
    case PD_SR_WOMEN:         return build_women(&b, db, q);
    case PD_SR_MIGRANTS:      return build_migrants(&b, db, q);
    default:                  return finish(&b);
    }
}

/* ---- data quality ---------------------------------------------------------------- */

struct pd_report *pd_quality_report_new(const struct pd_stats_report_info *info, struct pd_error *err)
{
    struct build b = { .err = err };
    b.rep = pd_report_new("数据质量检查");
    if (!b.rep) {
        pd_fail(err, PD_ENOMEM, NULL, "out of memory for the report");
        return NULL;
    }
    char today[PD_DATE_STRLEN];
    pd_date_format(info->today, today);
    if (info->place && info->place[0])
        head(&b, "单位: %s", info->place);
    head(&b, "检查日期: %s", today);
    col_add(&b, "序号", PD_ALIGN_RIGHT, 0, false);
    col_add(&b, "级别", PD_ALIGN_LEFT, 0, false);
    col_add(&b, "类别", PD_ALIGN_LEFT, 0, false);
    col_add(&b, "问题", PD_ALIGN_LEFT, 24, false);
    col_add(&b, "姓名", PD_ALIGN_LEFT, 16, false);
    col_add(&b, "档案号", PD_ALIGN_LEFT, 0, true);
    col_add(&b, "户编号", PD_ALIGN_LEFT, 0, true);
    col_add(&b, "项目", PD_ALIGN_LEFT, 0, false);
    /* the reason is what the clerk acts on: room for the longest ones
     * (an ID number's fault, a sex against the ID) before a cut */
    col_add(&b, "说明", PD_ALIGN_LEFT, 120, false);
    col_add(&b, "关联档案", PD_ALIGN_LEFT, 0, true);
    if (b.rc != PD_OK)
        pd_report_free(&b.rep);
    return b.rep;
}

pd_err pd_quality_report_add(struct pd_report *r, const struct pd_problem *p, struct pd_error *err)
{
    const struct pd_qkind_def *d = pd_qkind_def(p->kind);
    char no[16];
    snprintf(no, sizeof no, "%d", pd_report_data_rows(r) + 1);
    const char *cells[] = { no, d->severity == PD_Q_ERROR ? "错误" : "提示", d->key, d->zh, p->name,
                            p->person, p->household, p->field, p->reason, p->other };
    return pd_report_add_row(r, cells, err);
}

pd_err pd_quality_report_finish(struct pd_report *r, const struct pd_quality_summary *s,
                                struct pd_error *err)
{
    struct build b = { .rep = r, .err = err };
    foot(&b, "在册人口 %lld 人 (户籍+流入), 有问题的 %lld 人; 问题 %lld 个: 错误 %lld, 提示 %lld",
         s->population, s->persons_with_problems, s->problems, s->errors, s->warnings);
    for (int i = 0; i < PD_Q__COUNT; i++)
        if (s->by_kind[i])
            foot(&b, "  %s (%s): %lld", pd_qkind_def((enum pd_qkind)i)->zh,
                 pd_qkind_def((enum pd_qkind)i)->key, s->by_kind[i]);
    if (b.rc == PD_OK)
        pd_report_layout(r);
    return b.rc;
}
