/* evsave.c - test tool: saves change events read as JSON lines, so an
 * end-to-end test can build a register with exactly the families it needs
 * before `popdesk import` and `popdesk demo` can.
 *
 * usage: evsave DB [USER] < events.jsonl
 *   Each line: {"as": "alias", "type": "person.add", "household": "...",
 *               "person": "@alias", "data": {...}}
 *   "as" (optional) names the person the event creates or concerns; any
 *   string value "@alias" in person or data is replaced by that person's
 *   id.  Prints "alias PERSON-ID" for each line with "as".  Stops at the
 *   first refused event (exit 1, the reason on stderr).  Blank lines and
 *   lines starting with '#' are skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "store/db.h"
#include "store/events.h"

#define MAX_ALIASES 1024

static struct { char name[64]; char pid[PD_EV_REF_MAX]; } aliases[MAX_ALIASES];
static int naliases;

static const char *resolve(const char *s)
{
    if (!s || s[0] != '@')
        return s;
    for (int i = 0; i < naliases; i++)
        if (strcmp(aliases[i].name, s + 1) == 0)
            return aliases[i].pid;
    fprintf(stderr, "evsave: unknown alias %s\n", s);
    exit(1);
}

static void resolve_data(json_t *data)
{
    const char *k;
    json_t *v;
    json_object_foreach(data, k, v) {
        if (json_is_string(v) && json_string_value(v)[0] == '@')
            json_object_set_new(data, k, json_string(resolve(json_string_value(v))));
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: evsave DB [USER] < events.jsonl\n");
        return 2;
    }
    const char *user = argc > 2 ? argv[2] : "clerk01";
    struct pd_db *db;
    struct pd_error err;
    if (pd_db_open(argv[1], 0, &db, &err) != PD_OK) {
        fprintf(stderr, "evsave: %s\n", err.msg);
        return 1;
    }
    char line[65536];
    int n = 0, rc = 0;
    while (fgets(line, sizeof line, stdin)) {
        n++;
        if (line[0] == '\n' || line[0] == '#')
            continue;
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        if (!json_is_object(o)) {
            fprintf(stderr, "evsave: line %d: bad JSON: %s\n", n, je.text);
            rc = 1;
            break;
        }
        const char *as = json_string_value(json_object_get(o, "as"));
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *hh = json_string_value(json_object_get(o, "household"));
        const char *person = resolve(json_string_value(json_object_get(o, "person")));
        json_t *data = json_object_get(o, "data");
        data = data ? json_deep_copy(data) : json_object();
        resolve_data(data);
        struct pd_event ev;
        pd_err e = pd_event_init(&ev, type, hh, person, data, &err);
        if (e == PD_OK)
            e = pd_event_save(db, &ev, user, &err);
        if (e != PD_OK) {
            fprintf(stderr, "evsave: line %d (%s): %s\n", n, type ? type : "?", err.msg);
            pd_event_done(&ev);
            json_decref(o);
            rc = 1;
            break;
        }
        if (as && naliases < MAX_ALIASES) {
            snprintf(aliases[naliases].name, sizeof aliases[naliases].name, "%s", as);
            snprintf(aliases[naliases].pid, sizeof aliases[naliases].pid, "%s", ev.person);
            naliases++;
            printf("%s %s\n", as, ev.person);
        }
        pd_event_done(&ev);
        json_decref(o);
    }
    pd_db_close(&db);
    return rc;
}
