/* search.h - what the screens ask of the register: finding people, a
 * household and its members, one person's full record, the change log of a
 * person or household, the rosters, and the home screen's reminders.
 *
 * Every query is bounded (LIMIT) and walks an index: a first page of 20 on
 * a million persons takes a few milliseconds.  The one exception is the
 * address fragment search (LIKE '%...%'), which scans households and says so
 * (pd_search sets *slow).  Rows are copied into the caller's arrays; nothing
 * returned is borrowed.
 */
#ifndef PD_STORE_SEARCH_H
#define PD_STORE_SEARCH_H

#include <stdbool.h>
#include <jansson.h>

#include "core/date.h"
#include "store/db.h"

/* One person as a list shows them. */
struct pd_person_row {
    char pid[40];
    char name[96];
    char sex[4];
    char birth_date[PD_DATE_STRLEN];
    char id_number[24];
    char household[24];
    char relation[4];
    char status[12];         /* active, dead, moved_out, left */
    char address[128];       /* the household's address, else the current address */
    char extra[64];          /* roster column: certificate expiry, contraception... */
    bool migrant;
    bool wcba;
};

enum pd_search_how {
    PD_SEARCH_NONE,          /* nothing to search for */
    PD_SEARCH_ID,            /* an 18-character ID number (or household code) */
    PD_SEARCH_ID_TAIL,       /* the last 4..17 digits of an ID number */
    PD_SEARCH_HOUSEHOLD,     /* a household code, whole or its start */
    PD_SEARCH_INITIALS,      /* pinyin initials prefix: zs -> 张三 */
    PD_SEARCH_NAME,          /* name prefix */
    PD_SEARCH_ADDRESS,       /* address fragment (slower) */
};

/* Looks `query` up the way the one search box does: digits as an ID number
 * (full or last digits) or a household code, ASCII letters as pinyin
 * initials, other text as a name prefix; text starting with '@' as an
 * address fragment, and so is a text that finds no name but looks like an
 * address (a digit, 路, 街, 村, 号...).  Fills up to max rows; *n gets
 * the count and *how what was searched.  Active records first is not
 * promised: each way keeps its index order. */
pd_err pd_search(struct pd_db *db, const char *query, struct pd_person_row *out,
                 int max, int *n, enum pd_search_how *how, struct pd_error *err);

struct pd_household_row {
    char code[24];
    char police_no[40];
    char address[256];
    char phone[32];
    char reg_type[4];
    char status[12];
};

pd_err pd_household_get(struct pd_db *db, const char *code, struct pd_household_row *h,
                        struct pd_error *err);
/* The members of a household (every status), head first, then by relation
 * code and birth date. */
pd_err pd_household_members(struct pd_db *db, const char *code, struct pd_person_row *out,
                            int max, int *n, struct pd_error *err);

/* One person's record as a new JSON object (caller decrefs) keyed by column:
 * the person fields of core/fields.h plus pid, household, status, end_date,
 * migrant, wcba, mother, father, spouse, contra_method, contra_start,
 * pregnant_expected.  Flags come as true/false.  NULL with PD_ENOTFOUND. */
json_t *pd_person_get(struct pd_db *db, const char *pid, struct pd_error *err);
/* The same for a household. */
json_t *pd_household_json(struct pd_db *db, const char *code, struct pd_error *err);

/* One row of the change log (the audit table). */
struct pd_log_row {
    long long seq;
    char at[32];
    char user[33];
    char type[40];
    char entity[12];
    char entity_id[40];
    char before[1024];       /* JSON of the changed values, cut at a character */
    char after[1024];
    char data[1024];         /* the event's data (its outbox envelope), "" if gone */
};

/* Changes of a person (pid), newest first; skip the first `offset`. */
pd_err pd_log_person(struct pd_db *db, const char *pid, int offset, struct pd_log_row *out,
                     int max, int *n, struct pd_error *err);
/* Changes of a household: its own and every member's, newest first. */
pd_err pd_log_household(struct pd_db *db, const char *code, int offset,
                        struct pd_log_row *out, int max, int *n, struct pd_error *err);

enum pd_roster {
    PD_ROSTER_WCBA,              /* women 15-49 in the childbearing-age register */
    PD_ROSTER_WCBA_MARRIED,      /* ... married (marital 2x) */
    PD_ROSTER_WCBA_PREGNANT,     /* ... with a registered pregnancy */
    PD_ROSTER_WCBA_NO_METHOD,    /* ... married with no current method */
    PD_ROSTER_MIGRANT,           /* migrants present */
    PD_ROSTER_MIGRANT_EXPIRING,  /* ... certificate expiring within 30 days */
    PD_ROSTER_MIGRANT_EXPIRED,   /* ... certificate expired */
    PD_ROSTER_MIGRANT_NO_CERT,   /* ... women 18-49 with no certificate number */
};

/* A page of a roster in name order: rows offset..offset+max-1.  `extra`
 * holds the roster's own column (method, expected date, certificate expiry). */
pd_err pd_roster_page(struct pd_db *db, enum pd_roster which, int offset,
                      struct pd_person_row *out, int max, int *n, struct pd_error *err);

enum pd_reminder_kind {
    PD_REMIND_CERT_EXPIRING,     /* migrant certificate expires within 30 days */
    PD_REMIND_AGE15,             /* woman turns 15 this month */
    PD_REMIND_AGE50,             /* woman turns 50 this month */
    PD_REMIND_PREGNANCY_DUE,     /* expected date reached or passed, no outcome */
    PD_REMIND__COUNT
};

struct pd_reminder {
    enum pd_reminder_kind kind;
    char pid[40];
    char name[96];
    char date[PD_DATE_STRLEN];   /* the date that makes it due */
};

/* Today's reminders (today = the register's today), at most `max`, plus the
 * count of each kind in counts[PD_REMIND__COUNT] (each capped at 999). */
pd_err pd_reminders(struct pd_db *db, struct pd_reminder *out, int max, int *n,
                    long counts[PD_REMIND__COUNT], struct pd_error *err);

#endif
