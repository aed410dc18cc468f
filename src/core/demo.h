/* demo.h - the synthetic community behind `popdesk demo`.
 *
 * pd_demo_generate() invents a plausible village register (households with
 * 18-digit codes, Chinese names, valid resident ID numbers, couples and
 * their children, elderly parents whose children live elsewhere, migrants
 * with marriage-and-childbearing certificates, contraception, pregnancies,
 * one-child certificates, a few deaths) and hands it over as change events,
 * one at a time, in an order the register accepts (a household before its
 * members, a mother before her children).  It does no I/O itself: the
 * caller's sink saves each event (app/cmd_demo.c sends them through
 * pd_event_save) and fills in ev->person for a new person, which later
 * events refer to.
 *
 * Everything follows from opts: the same seed, size, station and "today"
 * give the same events in the same order.  Memory stays small and flat
 * (one household at a time plus a 200 KB table that keeps ID numbers
 * unique), whatever the size.
 *
 * Ownership: the event passed to the sink belongs to the generator, which
 * calls pd_event_done() on it after the sink returns; the sink may change
 * ev->data (the store adds keys) but must not keep it.
 */
#ifndef PD_CORE_DEMO_H
#define PD_CORE_DEMO_H

#include <stdbool.h>
#include "core/date.h"
#include "core/err.h"
#include "core/event.h"

/* At most this many persons: person ids have 7 digits and household codes
 * 99 groups of 9999 serials. */
#define PD_DEMO_MAX_PERSONS 2000000L
#define PD_DEMO_DEFAULT_PERSONS 2000L
#define PD_DEMO_DEFAULT_STATION "330205001001"

struct pd_demo_opts {
    long persons;                 /* persons to create (1..PD_DEMO_MAX_PERSONS) */
    unsigned long long seed;
    char station[16];             /* the register's 12-digit station code */
    struct pd_date today;         /* every date is at or before this day */
    char place[160];              /* address before "N组M号"; "" for a default */
};

struct pd_demo_stats {
    long households;              /* household.add events */
    long persons;                 /* persons created (migrants and the dead included) */
    long migrants;                /* of which migrant.arrive */
    long births;                  /* of which person.birth */
    long deaths;                  /* person.death */
    long couples;                 /* married couples both in the register */
    long contraception;           /* woman.contraception events */
    long pregnancies;             /* woman.pregnancy events */
    long pregnancies_overdue;     /* of which the expected date has passed */
    long children_elsewhere;      /* person.child events */
    long subsidy_cases;           /* rural parents 60+ with one child, two daughters or a dead child */
    long certificates;            /* certificate.issue events */
    long migrant_certs_expired;   /* migrant certificates past their expiry */
    long migrant_certs_expiring;  /* migrant certificates expiring within 30 days */
    long events;                  /* every event handed to the sink */
};

/* Saves one event; returns PD_OK or fills err.  For person-creating events
 * it must leave the new person's id in ev->person. */
typedef pd_err (*pd_demo_sink)(void *ctx, struct pd_event *ev, struct pd_error *err);

/* Checks opts (persons in range, a 12-digit station, a valid today). */
pd_err pd_demo_check(const struct pd_demo_opts *opts, struct pd_error *err);

/* Generates the community.  Stops at the first event the sink refuses and
 * returns its error, the message prefixed with the event type and the
 * household.  stats (may be NULL) counts what was handed over so far. */
pd_err pd_demo_generate(const struct pd_demo_opts *opts, pd_demo_sink sink, void *ctx,
                        struct pd_demo_stats *stats, struct pd_error *err);

/* Deterministic generator (xoshiro256**), exposed for the tests and the
 * benchmark, which need reproducible numbers of their own. */
struct pd_demo_rng { unsigned long long s[4]; };
void pd_demo_rng_seed(struct pd_demo_rng *r, unsigned long long seed);
unsigned long long pd_demo_rng_next(struct pd_demo_rng *r);
/* Uniform in [lo, hi] (inclusive); lo <= hi. */
long pd_demo_rng_range(struct pd_demo_rng *r, long lo, long hi);

/* A Chinese name: a surname drawn by frequency and a one- or two-character
 * given name in the style of the birth year.  sex 1 male, 2 female;
 * surname NULL to draw one.  Writes at most size-1 bytes. */
void pd_demo_name(struct pd_demo_rng *r, int sex, int birth_year, const char *surname,
                  char *buf, size_t size);

#endif
