/* date.h - calendar dates as the register keeps them.
 *
 * A date is stored and exchanged as "YYYY-MM-DD" text (sortable, what SQLite's
 * date functions take).  In memory it is a struct pd_date; 0/0/0 means empty.
 * Parsing accepts the ways offices write dates: 1985-06-15, 1985-6-15,
 * 1985/06/15, 1985.6.15, 19850615, 1985年6月15日 (full-width digits too).
 * Pure functions, no I/O; "today" is always passed in.
 */
#ifndef PD_CORE_DATE_H
#define PD_CORE_DATE_H

#include <stdbool.h>
#include "core/err.h"

struct pd_date { int y, m, d; };

#define PD_DATE_STRLEN 11   /* "YYYY-MM-DD" + NUL */

bool pd_date_is_empty(struct pd_date d);
bool pd_date_valid(struct pd_date d);      /* a real calendar day, years 1850..2200 */
bool pd_leap_year(int y);
int  pd_days_in_month(int y, int m);

/* Parses text in any accepted form.  Empty/blank text gives an empty date and
 * PD_OK.  Anything else that is not a real day fails with a message naming
 * `field` (e.g. "出生日期 '1985-02-30' is not a real date").  A midnight time
 * after the date ("1985/6/15 0:00:00", as spreadsheets export) is accepted;
 * a bare number of up to 5 digits is refused as a spreadsheet day number. */
pd_err pd_date_parse(const char *s, struct pd_date *out, const char *field,
                     struct pd_error *err);
/* Writes "YYYY-MM-DD" (or "" for empty) into buf[PD_DATE_STRLEN]. */
void pd_date_format(struct pd_date d, char buf[PD_DATE_STRLEN]);

int  pd_date_cmp(struct pd_date a, struct pd_date b);   /* <0, 0, >0 */
/* Days since 1970-01-01 (negative before); d should be valid (a month
 * outside 1..12 gives 0).  from_days gives an empty date for day numbers
 * beyond +-100 000 000; add_days keeps an empty date empty. */
long pd_date_to_days(struct pd_date d);
struct pd_date pd_date_from_days(long days);
struct pd_date pd_date_add_days(struct pd_date d, long n);
/* Whole years of age on `on` (birthday counts from that day; a 29 February
 * birthday is reached on 1 March in a common year).  -1 if either date is
 * empty or `on` is before `birth`. */
int  pd_age_on(struct pd_date birth, struct pd_date on);
/* Today in the local time zone (the only impure function here: reads the clock). */
struct pd_date pd_date_today(void);

#endif
