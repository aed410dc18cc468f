/* indicators.c - periods and the indicators of DOMAIN.md (see indicators.h). */
#include "core/indicators.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- periods ------------------------------------------------------------ */

pd_err pd_statyear_check(struct pd_statyear sy, struct pd_error *err)
{
    if (sy.month < 1 || sy.month > 12 || sy.day < 1 || sy.day > pd_days_in_month(2011, sy.month))
        return pd_fail(err, PD_ECONFIG, "statistics.year_start",
                       "the statistics year cannot start on month %d day %d", sy.month, sy.day);
    return PD_OK;
}

static bool starts_jan1(struct pd_statyear sy)
{
    return sy.month == 1 && sy.day == 1;
}

void pd_period_statyear(int year, struct pd_statyear sy, struct pd_period *out)
{
    memset(out, 0, sizeof *out);
    out->kind = PD_PERIOD_STATYEAR;
    if (starts_jan1(sy)) {
        out->from = (struct pd_date){ year, 1, 1 };
        out->to = (struct pd_date){ year, 12, 31 };
    } else {
        out->from = (struct pd_date){ year - 1, sy.month, sy.day };
        out->to = pd_date_add_days((struct pd_date){ year, sy.month, sy.day }, -1);
    }
    snprintf(out->label, sizeof out->label, "stat-%04d", year);
}

void pd_period_year(int year, struct pd_period *out)
{
    memset(out, 0, sizeof *out);
    out->kind = PD_PERIOD_YEAR;
    out->from = (struct pd_date){ year, 1, 1 };
    out->to = (struct pd_date){ year, 12, 31 };
    snprintf(out->label, sizeof out->label, "%04d", year);
}

void pd_period_month(int year, int month, struct pd_period *out)
{
    memset(out, 0, sizeof *out);
    out->kind = PD_PERIOD_MONTH;
    out->from = (struct pd_date){ year, month, 1 };
    out->to = (struct pd_date){ year, month, pd_days_in_month(year, month) };
    snprintf(out->label, sizeof out->label, "%04d-%02d", year, month);
}

pd_err pd_period_range(struct pd_date from, struct pd_date to, struct pd_period *out,
                       struct pd_error *err)
{
    if (!pd_date_valid(from) || !pd_date_valid(to))
        return pd_fail(err, PD_EINVAL, "period", "a period needs two real dates");
    if (pd_date_cmp(from, to) > 0) {
        char a[PD_DATE_STRLEN], b[PD_DATE_STRLEN];
        pd_date_format(from, a);
        pd_date_format(to, b);
        return pd_fail(err, PD_EINVAL, "period", "the period starts (%s) after it ends (%s)", a, b);
    }
    memset(out, 0, sizeof *out);
    out->kind = PD_PERIOD_RANGE;
    out->from = from;
    out->to = to;
    char a[PD_DATE_STRLEN], b[PD_DATE_STRLEN];
    pd_date_format(from, a);
    pd_date_format(to, b);
    snprintf(out->label, sizeof out->label, "%s..%s", a, b);
    return PD_OK;
}

void pd_period_statyear_of(struct pd_date d, struct pd_statyear sy, struct pd_period *out)
{
    int year = d.y;
    if (!starts_jan1(sy) && (d.m > sy.month || (d.m == sy.month && d.d >= sy.day)))
        year++;
    pd_period_statyear(year, sy, out);
}

void pd_period_of_kind(enum pd_period_kind kind, struct pd_date d, struct pd_statyear sy,
                       struct pd_period *out)
{
    switch (kind) {
    case PD_PERIOD_STATYEAR: pd_period_statyear_of(d, sy, out); break;
    case PD_PERIOD_YEAR:     pd_period_year(d.y, out); break;
    case PD_PERIOD_MONTH:    pd_period_month(d.y, d.m, out); break;
    default:
        pd_period_month(d.y, d.m, out);
        pd_period_range(out->from, out->to, out, NULL);
        break;
    }
}

void pd_period_shift(const struct pd_period *p, int delta, struct pd_statyear sy,
                     struct pd_period *out)
{
    struct pd_period cur = *p;
    switch (p->kind) {
    case PD_PERIOD_STATYEAR: {
        /* named by the year it ends in */
        int year = p->to.y + delta;
        if (starts_jan1(sy))
            year = p->from.y + delta;
        pd_period_statyear(year, sy, out);
        break;
    }
    case PD_PERIOD_YEAR:
        pd_period_year(p->from.y + delta, out);
        break;
    case PD_PERIOD_MONTH: {
        int m = p->from.y * 12 + (p->from.m - 1) + delta;
        pd_period_month(m / 12, m % 12 + 1, out);
        break;
    }
    default: {
        long days = pd_date_to_days(p->to) - pd_date_to_days(p->from) + 1;
        struct pd_date from = pd_date_add_days(p->from, delta * days);
        struct pd_date to = pd_date_add_days(p->to, delta * days);
        if (pd_period_range(from, to, out, NULL) != PD_OK)
            *out = cur;
        break;
    }
    }
}

bool pd_period_contains(const struct pd_period *p, struct pd_date d)
{
    return !pd_date_is_empty(d) && pd_date_cmp(d, p->from) >= 0 && pd_date_cmp(d, p->to) <= 0;
}

/* A whole number of exactly `digits` digits, or -1. */
static int digits_value(const char *s, int digits)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static pd_err bad_period(const char *text, struct pd_error *err)
{
    return pd_fail(err, PD_EINVAL, "period",
                   "period '%.40s' is not one of: stat-2012 (statistics year), 2012 (calendar year), "
                   "2012-05 (month), 2012-01-01..2012-06-30 (any dates)", text);
}

pd_err pd_period_parse(const char *text, struct pd_statyear sy, struct pd_period *out,
                       struct pd_error *err)
{
    if (!text)
        return bad_period("", err);
    pd_err rc = pd_statyear_check(sy, err);
    if (rc != PD_OK)
        return rc;
    size_t n = strlen(text);
    const char *dots = strstr(text, "..");
    if (dots) {
        char a[32], b[32];
        size_t la = (size_t)(dots - text);
        if (la == 0 || la >= sizeof a || strlen(dots + 2) == 0 || strlen(dots + 2) >= sizeof b)
            return bad_period(text, err);
        memcpy(a, text, la);
        a[la] = '\0';
        pd_strlcpy(b, dots + 2, sizeof b);
        struct pd_date from, to;
        struct pd_error e;
        if (pd_date_parse(a, &from, "period start", &e) != PD_OK)
            return pd_fail(err, PD_EINVAL, "period", "%s", e.msg);
        if (pd_date_parse(b, &to, "period end", &e) != PD_OK)
            return pd_fail(err, PD_EINVAL, "period", "%s", e.msg);
        if (pd_date_is_empty(from) || pd_date_is_empty(to))
            return bad_period(text, err);
        return pd_period_range(from, to, out, err);
    }
    int year;
    if (n == 9 && strncmp(text, "stat-", 5) == 0 && (year = digits_value(text + 5, 4)) >= 1900 &&
        year <= 2100) {
        pd_period_statyear(year, sy, out);
        return PD_OK;
    }
    if (n == 4 && (year = digits_value(text, 4)) >= 1900 && year <= 2100) {
        pd_period_year(year, out);
        return PD_OK;
    }
    int month;
    if (n == 7 && text[4] == '-' && (year = digits_value(text, 4)) >= 1900 && year <= 2100 &&
        (month = digits_value(text + 5, 2)) >= 1 && month <= 12) {
        pd_period_month(year, month, out);
        return PD_OK;
    }
    return bad_period(text, err);
}

void pd_period_describe(const struct pd_period *p, char *buf, size_t size)
{
    char a[PD_DATE_STRLEN], b[PD_DATE_STRLEN];
    pd_date_format(p->from, a);
    pd_date_format(p->to, b);
    switch (p->kind) {
    case PD_PERIOD_STATYEAR:
        snprintf(buf, size, "%s统计年度 (%s 至 %s)", p->label + 5, a, b);
        break;
    case PD_PERIOD_YEAR:
        snprintf(buf, size, "%d年 (%s 至 %s)", p->from.y, a, b);
        break;
    case PD_PERIOD_MONTH:
        snprintf(buf, size, "%d年%d月 (%s 至 %s)", p->from.y, p->from.m, a, b);
        break;
    default:
        snprintf(buf, size, "%s 至 %s", a, b);
        break;
    }
}

struct pd_date pd_age_bound(struct pd_date on, int years)
{
    struct pd_date d = { on.y - years, on.m, on.d };
    int dim = pd_days_in_month(d.y, d.m);
    if (d.d > dim)
        d.d = dim;
    return d;
}

/* ---- indicators ----------------------------------------------------------- */

static const struct pd_indicator_def defs[PD_IND__COUNT] = {
#define PD_X(id, key, zh, en, unit, dflt, formula) { PD_IND_##id, key, zh, en, unit, dflt, formula },
    PD_INDICATOR_TABLE(PD_X)
#undef PD_X
};

const struct pd_indicator_def *pd_indicator_def(enum pd_indicator_id id)
{
    return (unsigned)id < PD_IND__COUNT ? &defs[id] : NULL;
}

const struct pd_indicator_def *pd_indicator_find(const char *key)
{
    for (int i = 0; key && i < PD_IND__COUNT; i++)
        if (strcmp(defs[i].key, key) == 0)
            return &defs[i];
    return NULL;
}

bool pd_stat_error_rate(long long surveyed, long long reported, double *rate)
{
    long long diff = llabs(surveyed - reported);
    if (surveyed == 0) {
        *rate = 0;
        return diff == 0;
    }
    *rate = (double)diff / (double)surveyed * 100.0;
    return true;
}

static void set(struct pd_indicator *ind, double num, double den, double scale)
{
    ind->num = num;
    ind->den = den;
    if (scale == 0) {            /* a plain count */
        ind->defined = true;
        ind->value = num;
    } else if (den > 0) {
        ind->defined = true;
        ind->value = num / den * scale;
    }
}

static void target(struct pd_indicator *ind, enum pd_target_kind kind, double tmin, double tmax)
{
    ind->target = kind;
    ind->tmin = tmin;
    ind->tmax = tmax;
}

void pd_indicators_compute(const struct pd_counts *c, const struct pd_policy_targets *t,
                           struct pd_indicator out[PD_IND__COUNT])
{
    memset(out, 0, sizeof(struct pd_indicator) * PD_IND__COUNT);
    for (int i = 0; i < PD_IND__COUNT; i++)
        out[i].def = &defs[i];
    double avg = ((double)c->pop_start + (double)c->pop_end) / 2.0;

    set(&out[PD_IND_BIRTHS], (double)c->births, 0, 0);
    set(&out[PD_IND_BIRTH_RATE], (double)c->births, avg, 1000);
    set(&out[PD_IND_DEATH_RATE], (double)c->deaths, avg, 1000);
    set(&out[PD_IND_GROWTH_RATE], (double)(c->births - c->deaths), avg, 1000);
    set(&out[PD_IND_PLANNED], (double)c->births_within_policy, (double)c->births, 100);
    set(&out[PD_IND_SEX_RATIO], (double)c->births_male, (double)c->births_female, 100);
    set(&out[PD_IND_CONTRACEPTION], (double)c->married_women_using, (double)c->married_women_able, 100);
    set(&out[PD_IND_PREMARITAL], (double)c->marriages_checked, (double)c->marriages, 100);
    set(&out[PD_IND_PREPREGNANCY], (double)c->planning_checked, (double)c->planning, 100);
    set(&out[PD_IND_MIGRANT], (double)c->migrant_women_complete, (double)c->migrant_women, 100);
    if (c->have_quality)
        set(&out[PD_IND_MANAGEMENT], (double)c->persons_managed, (double)c->population_actual, 100);
    if (c->have_spotcheck) {
        struct pd_indicator *e = &out[PD_IND_STAT_ERROR];
        double rate;
        e->num = (double)llabs(c->spot_surveyed - c->spot_reported);
        e->den = (double)c->spot_surveyed;
        if (pd_stat_error_rate(c->spot_surveyed, c->spot_reported, &rate)) {
            e->defined = true;
            e->value = rate;
        }
    }
    set(&out[PD_IND_PUBLIC_SERVICE], (double)c->women_served, (double)c->women_to_serve, 100);

    if (t) {
        target(&out[PD_IND_BIRTHS], PD_TARGET_MAX, 0, t->registered_births_max);
        target(&out[PD_IND_GROWTH_RATE], PD_TARGET_MAX, 0, t->natural_growth_rate_max_permille);
        target(&out[PD_IND_PLANNED], PD_TARGET_MIN, t->planned_birth_rate_min_percent, 0);
        target(&out[PD_IND_SEX_RATIO], PD_TARGET_RANGE, t->sex_ratio_min, t->sex_ratio_max);
        target(&out[PD_IND_PREMARITAL], PD_TARGET_MIN, t->premarital_check_rate_min_percent, 0);
        target(&out[PD_IND_PREPREGNANCY], PD_TARGET_MIN, t->prepregnancy_check_rate_min_percent, 0);
        target(&out[PD_IND_MIGRANT], PD_TARGET_MIN, t->migrant_coverage_min_percent, 0);
        target(&out[PD_IND_MANAGEMENT], PD_TARGET_MIN, t->management_rate_min_percent, 0);
        target(&out[PD_IND_STAT_ERROR], PD_TARGET_MAX, 0, t->statistics_error_rate_max_percent);
        target(&out[PD_IND_PUBLIC_SERVICE], PD_TARGET_MIN, t->public_service_rate_min_percent, 0);
    }
    for (int i = 0; i < PD_IND__COUNT; i++) {
        struct pd_indicator *ind = &out[i];
        bool met = true;
        if (!ind->defined) {
            ind->status = PD_IND_NA;
            continue;
        }
        switch (ind->target) {
        case PD_TARGET_NONE:  ind->status = PD_IND_NO_TARGET; continue;
        case PD_TARGET_MAX:   met = ind->value <= ind->tmax; break;
        case PD_TARGET_MIN:   met = ind->value >= ind->tmin; break;
        case PD_TARGET_RANGE: met = ind->value >= ind->tmin && ind->value <= ind->tmax; break;
        }
        ind->status = met ? PD_IND_MET : PD_IND_MISSED;
    }
}

static const char *unit_suffix(enum pd_unit u)
{
    switch (u) {
    case PD_UNIT_PERMILLE: return "‰";
    case PD_UNIT_PERCENT:  return "%";
    default:               return "";
    }
}

void pd_indicator_value_text(const struct pd_indicator *ind, char *buf, size_t size)
{
    if (!ind->defined)
        snprintf(buf, size, "-");
    else if (ind->def->unit == PD_UNIT_COUNT)
        snprintf(buf, size, "%.0f", ind->value);
    else
        snprintf(buf, size, "%.2f%s", ind->value, unit_suffix(ind->def->unit));
}

void pd_indicator_target_text(const struct pd_indicator *ind, char *buf, size_t size)
{
    const char *u = unit_suffix(ind->def->unit);
    switch (ind->target) {
    case PD_TARGET_MAX:   snprintf(buf, size, "≤ %g%s", ind->tmax, u); break;
    case PD_TARGET_MIN:   snprintf(buf, size, "≥ %g%s", ind->tmin, u); break;
    case PD_TARGET_RANGE: snprintf(buf, size, "%g-%g%s", ind->tmin, ind->tmax, u); break;
    default:              snprintf(buf, size, "%s", ""); break;
    }
}

const char *pd_indicator_status_text(const struct pd_indicator *ind, const char *lang)
{
    bool en = lang && strcmp(lang, "en") == 0;
    switch (ind->status) {
    case PD_IND_NA:     return en ? "no data" : "无数据";
    case PD_IND_MET:    return en ? "met" : "达标";
    case PD_IND_MISSED:
        /* a range (the sex ratio at birth, 103-107) is not a target to
         * reach but a normal band: say the value left it, in a word short
         * enough for the dashboard's status column at 80 columns */
        if (ind->target == PD_TARGET_RANGE)
            return en ? "out of range" : "！超出范围";
        return en ? "missed" : "未达标";
    default:            return "";
    }
}
