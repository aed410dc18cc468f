/* date.c - calendar dates: parsing what offices write, formatting, day
 * arithmetic (proleptic Gregorian, days since 1970-01-01) and ages.
 *
 * The day-number conversion is Howard Hinnant's days_from_civil /
 * civil_from_days, exact for any year, so the round trip needs no table.
 */
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define PD_YEAR_MIN 1850
#define PD_YEAR_MAX 2200
#define PD_DATE_INPUT_MAX 128   /* longer text is not a date */
#define PD_DAYS_LIMIT 100000000L /* ~270 000 years: keeps the arithmetic safe */

static const char *const month_en[13] = {
    "", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};

bool pd_date_is_empty(struct pd_date d)
{
    return d.y == 0 && d.m == 0 && d.d == 0;
}

bool pd_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int pd_days_in_month(int y, int m)
{
    static const int days[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
                                  30, 31 };
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && pd_leap_year(y))
        return 29;
    return days[m];
}

bool pd_date_valid(struct pd_date d)
{
    return d.y >= PD_YEAR_MIN && d.y <= PD_YEAR_MAX && d.m >= 1 && d.m <= 12 &&
           d.d >= 1 && d.d <= pd_days_in_month(d.y, d.m);
}

/* Reads 1..maxdigits ASCII digits at *p; returns how many (0 if none). */
static int read_num(const char **p, int maxdigits, int *val)
{
    int n = 0, v = 0;

    while (**p >= '0' && **p <= '9') {
        if (n == maxdigits)
            return maxdigits + 1;    /* too many digits */
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *val = v;
    return n;
}

static bool eat(const char **p, const char *word)
{
    size_t n = strlen(word);

    if (strncmp(*p, word, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A spreadsheet writes a date cell as "1985/6/15 0:00" or "... 00:00:00":
 * midnight adds nothing, so it is accepted; any other time is not a date. */
static bool midnight_tail(const char *p)
{
    int v, n;

    if (*p == '\0')
        return true;
    if (*p != ' ')
        return false;
    while (*p == ' ')
        p++;
    n = read_num(&p, 2, &v);
    if (n < 1 || n > 2 || v != 0 || *p != ':')
        return false;
    p++;
    if (read_num(&p, 2, &v) != 2 || v != 0)
        return false;
    if (*p == ':') {
        p++;
        if (read_num(&p, 2, &v) != 2 || v != 0)
            return false;
    }
    return *p == '\0';
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Splits normalised text into year, month, day.  Returns 0 on success,
 * 1 when the form is unknown, 2 when the year has fewer than 4 digits. */
static int split_date(const char *s, int *y, int *m, int *d)
{
    const char *p = s;
    int ny, nm, nd;
    char sep;

    if (all_digits(s)) {
        if (strlen(s) != 8)
            return 1;
        *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
             (s[3] - '0');
        *m = (s[4] - '0') * 10 + (s[5] - '0');
        *d = (s[6] - '0') * 10 + (s[7] - '0');
        return 0;
    }
    ny = read_num(&p, 4, y);
    if (ny < 1 || ny > 4)
        return 1;
    if (eat(&p, "年")) {
        nm = read_num(&p, 2, m);
        if (nm < 1 || nm > 2 || !eat(&p, "月"))
            return 1;
        nd = read_num(&p, 2, d);
        if (nd < 1 || nd > 2)
            return 1;
        if (!eat(&p, "日"))
            (void)eat(&p, "号");
    } else {
        sep = *p;
        if (sep != '-' && sep != '/' && sep != '.')
            return 1;
        p++;
        nm = read_num(&p, 2, m);
        if (nm < 1 || nm > 2 || *p != sep)
            return 1;
        p++;
        nd = read_num(&p, 2, d);
        if (nd < 1 || nd > 2)
            return 1;
    }
    if (!midnight_tail(p))
        return 1;
    return ny == 4 ? 0 : 2;
}

/* "YYYY-MM-DD" naming a real day in range, the form of every stored date:
 * nothing in pd_date_parse refuses it, so it needs no quote for a message. */
static bool plain_valid_date(const char *s)
{
    for (int i = 0; i < 10; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    if (s[10] != '\0')
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return y >= PD_YEAR_MIN && y <= PD_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= pd_days_in_month(y, m);
}

pd_err pd_date_parse(const char *s, struct pd_date *out, const char *field,
                     struct pd_error *err)
{
    char buf[PD_DATE_INPUT_MAX];
    char q[80];
    int y = 0, m = 0, d = 0, form;
    const char *f = field && *field ? field : PD_MSG("日期", "date");
    struct pd_date none = { 0, 0, 0 };

    if (out)
        *out = none;
    if (!s)
        return PD_OK;
    if (strlen(s) >= sizeof buf)     /* quoted only for the message */
        pd_text_quote(q, sizeof q, s);
    if (strlen(s) >= sizeof buf)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”太长，不是日期；请写成1985-06-15",
                "%s '%s' is too long to be a date; write it as 1985-06-15"),
                       f, q);
    pd_strlcpy(buf, s, sizeof buf);
    pd_text_normalise(buf);
    if (buf[0] == '\0')
        return PD_OK;
    /* Trimmed quote: the surrounding spaces are not the problem. */
    if (!plain_valid_date(buf))      /* no message, no quote: saves check millions */
        pd_text_quote(q, sizeof q, buf);

    if (all_digits(buf) && strlen(buf) <= 5)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”不是日期，像是电子表格里的日期序号；请把这一列设为文本或日期格式（1985-06-15）后重新导出",
                "%s '%s' is not a date: it looks like a spreadsheet day "
                       "number; format the column as text or as a date "
                       "(1985-06-15) and export again"), f, q);
    form = split_date(buf, &y, &m, &d);
    if (form == 2)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”：年份要写满四位（例如1985-06-15）",
                "%s '%s': write the year with all four digits "
                       "(for example 1985-06-15)"), f, q);
    if (form != 0)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”看不懂；请写成1985-06-15（年-月-日）",
                "%s '%s' is not a date popdesk can read; write it as "
                       "1985-06-15 (year, month, day)"), f, q);
    if (y < PD_YEAR_MIN || y > PD_YEAR_MAX)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”：年份%d不在%d到%d之间", "%s '%s': the year %d is outside %d to %d"), f, q, y,
                       PD_YEAR_MIN, PD_YEAR_MAX);
    if (m < 1 || m > 12)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”不是有效日期：没有%d月（月份是1到12）",
                "%s '%s' is not a real date: there is no month %d "
                       "(months run 1 to 12)"), f, q, m);
    if (d < 1)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”不是有效日期：没有0日", "%s '%s' is not a real date: there is no day 0"), f, q);
    if (d > pd_days_in_month(y, m)) {
        if (m == 2 && d == 29)
            return pd_fail(err, PD_EINVAL, field,
                           PD_MSG("%s“%s”不是有效日期：%d年2月只有28天（%d年不是闰年）",
                "%s '%s' is not a real date: February %d has 28 "
                           "days (%d is not a leap year)"), f, q, y, y);
        char ym[32];   /* "April 1985" / "1985年4月" */
        if (pd_msg_zh())
            snprintf(ym, sizeof ym, "%d年%d月", y, m);
        else
            snprintf(ym, sizeof ym, "%s %d", month_en[m], y);
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”不是有效日期：%s只有%d天", "%s '%s' is not a real date: %s has %d days"), f, q,
                       ym, pd_days_in_month(y, m));
    }
    if (out) {
        out->y = y;
        out->m = m;
        out->d = d;
    }
    return PD_OK;
}

void pd_date_format(struct pd_date d, char buf[PD_DATE_STRLEN])
{
    buf[0] = '\0';
    if (pd_date_is_empty(d))
        return;
    if (d.y < 0 || d.y > 9999 || d.m < 0 || d.m > 99 || d.d < 0 || d.d > 99)
        return;
    snprintf(buf, PD_DATE_STRLEN, "%04u-%02u-%02u", (unsigned)d.y % 10000u,
             (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

int pd_date_cmp(struct pd_date a, struct pd_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

long pd_date_to_days(struct pd_date d)
{
    long y = d.y, m = d.m, day = d.d;

    if (m < 1 || m > 12)          /* keeps the formula defined for junk input */
        return 0;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct pd_date pd_date_from_days(long z)
{
    struct pd_date r = { 0, 0, 0 };

    if (z > PD_DAYS_LIMIT || z < -PD_DAYS_LIMIT)
        return r;
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    r.y = (int)y;
    r.m = (int)m;
    r.d = (int)d;
    return r;
}

struct pd_date pd_date_add_days(struct pd_date d, long n)
{
    if (pd_date_is_empty(d))
        return d;
    if (n > PD_DAYS_LIMIT || n < -PD_DAYS_LIMIT) {
        struct pd_date none = { 0, 0, 0 };
        return none;
    }
    return pd_date_from_days(pd_date_to_days(d) + n);
}

int pd_age_on(struct pd_date birth, struct pd_date on)
{
    int age;

    if (pd_date_is_empty(birth) || pd_date_is_empty(on) ||
        pd_date_cmp(on, birth) < 0)
        return -1;
    age = on.y - birth.y;
    /* A 29 February birthday is reached on 1 March in a common year:
     * (2, 28) still sorts before (2, 29). */
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
        age--;
    return age;
}

struct pd_date pd_date_today(void)
{
    struct pd_date r = { 0, 0, 0 };
    time_t now = time(NULL);
    struct tm tm;

    if (localtime_r(&now, &tm)) {
        r.y = tm.tm_year + 1900;
        r.m = tm.tm_mon + 1;
        r.d = tm.tm_mday;
    }
    return r;
}
