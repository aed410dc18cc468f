/* eventgen.c - test tool: saves change events one at a time, each in its
 * own transaction at full durability, and prints each seq after its commit.
 * The crash tests kill it with SIGKILL at random moments and check that
 * every seq it printed survived.
 *
 * usage: eventgen DB COUNT [SEED]
 *   Creates DB (station 330205001001) if missing, adds one household if the
 *   register has none, then saves COUNT events: new persons, corrections,
 *   contraception changes, in a mix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/idnum.h"
#include "store/db.h"
#include "store/events.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int save(struct pd_db *db, const char *type, const char *hh, const char *person,
                json_t *data, char *person_out)
{
    struct pd_event ev;
    struct pd_error err;
    pd_err rc = pd_event_init(&ev, type, hh, person, data, &err);
    if (rc == PD_OK)
        rc = pd_event_save(db, &ev, "crash01", &err);
    if (rc != PD_OK) {
        fprintf(stderr, "eventgen: %s: %s\n", type, err.msg);
        pd_event_done(&ev);
        return -1;
    }
    if (person_out)
        snprintf(person_out, 40, "%s", ev.person);
    printf("%lld\n", ev.seq);
    fflush(stdout);
    pd_event_done(&ev);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: eventgen DB COUNT [SEED]\n");
        return 2;
    }
    long count = atol(argv[2]);
    if (argc > 3)
        rng ^= strtoull(argv[3], NULL, 10) * 2654435761ULL;
    struct pd_db *db;
    struct pd_error err;
    if (pd_db_open(argv[1], PD_DB_CREATE, &db, &err) != PD_OK) {
        fprintf(stderr, "eventgen: %s\n", err.msg);
        return 4;
    }
    if (!pd_db_station(db)[0] && pd_db_set_station(db, "330205001001", &err) != PD_OK) {
        fprintf(stderr, "eventgen: %s\n", err.msg);
        return 4;
    }
    const char *hh = "330205001001010001";
    char last[40] = "";
    /* the household exists after the first run; a refusal here is expected */
    {
        struct pd_event ev;
        pd_event_init(&ev, "household.add", "", "",
                      json_pack("{s:s, s:s}", "code", hh, "address", "示范社区1幢"), &err);
        if (pd_event_save(db, &ev, "crash01", &err) == PD_OK)
            printf("%lld\n", ev.seq);
        fflush(stdout);
        pd_event_done(&ev);
    }
    for (long i = 0; i < count; i++) {
        unsigned long long r = next();
        int kind = last[0] ? (int)(r % 3) : 0;
        json_t *data;
        if (kind == 0) {
            /* a woman born 1970-1995 with a valid ID (random sequence, even = female) */
            char id[19], birth[11];
            unsigned y = 1970 + (unsigned)((r >> 8) % 26), m = 1 + (unsigned)((r >> 16) % 12),
                     d = 1 + (unsigned)((r >> 24) % 28), seq = (unsigned)((r >> 32) % 500) * 2;
            char id17[24];
            snprintf(id17, sizeof id17, "330205%04u%02u%02u%03u", y, m, d, seq);
            memcpy(id, id17, 17);
            id[17] = pd_id_check_char(id);
            id[18] = '\0';
            char b[24];
            snprintf(b, sizeof b, "%04u-%02u-%02u", y, m, d);
            memcpy(birth, b, sizeof birth - 1);
            birth[sizeof birth - 1] = '\0';
            data = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "王秀英", "id_number", id,
                             "sex", "2", "birth_date", birth, "relation", "99");
            if (save(db, "person.add", hh, "", data, last) != 0) {
                last[0] = '\0';   /* a duplicate random ID: try another */
                continue;
            }
        } else if (kind == 1) {
            data = json_pack("{s:s, s:{s:s}}", "reason", "核对更正", "fields", "employer",
                             (r & 256) ? "宁波港集团" : "江北区人民医院");
            save(db, "record.correct", "", last, data, NULL);
        } else {
            data = json_pack("{s:s, s:s}", "method", (r & 512) ? "3" : "6", "start", "2012-01-01");
            save(db, "woman.contraception", "", last, data, NULL);
        }
    }
    pd_db_close(&db);
    return 0;
}
