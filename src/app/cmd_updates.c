/* cmd_updates.c - `popdesk updates`: the queue of what the district sent
 * back by the pull (docs/SYNC.md "Pull"), from the command line:
 *   list [--all]                        waiting (and refused) updates, or all
 *   show ID                             one update with its data
 *   answer ID --text T [--found]        answer a cross-check request
 *   confirm ID --household CODE [--set KEY=VALUE]...
 *                                       take a transferred person in
 *   dismiss ID [--note T]               mark a message (or anything) seen
 * The screens use store/updates.h directly.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/text.h"
#include "store/updates.h"

static const char *sget(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* One line of what the update is about. */
static void summary(const struct pd_update *u, char *out, size_t size)
{
    const json_t *d = u->data;
    if (strcmp(u->type, "crosscheck.request") == 0) {
        snprintf(out, size, "协查 %s: %s%s%s", sget(d, "id_number"), sget(d, "question"),
                 sget(d, "due")[0] ? " (due " : "", sget(d, "due")[0] ? sget(d, "due") : "");
        if (sget(d, "due")[0])
            pd_strlcpy(out + strlen(out), ")", size - strlen(out));
    } else if (strcmp(u->type, "person.transfer_in") == 0) {
        const json_t *p = json_object_get(d, "person");
        snprintf(out, size, "迁入 %s %s from %s", sget(p, "name"), sget(p, "id_number"),
                 sget(d, "from")[0] ? sget(d, "from") : "?");
    } else if (strcmp(u->type, "policy.update") == 0) {
        const json_t *v = json_object_get(d, "version");
        snprintf(out, size, "policy %s version %lld", sget(d, "name"),
                 json_is_integer(v) ? (long long)json_integer_value(v) : 0LL);
    } else if (strcmp(u->type, "message") == 0) {
        snprintf(out, size, "%s%s%s", sget(d, "title"), sget(d, "title")[0] ? ": " : "", sget(d, "text"));
    } else {
        char *txt = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(out, size, "(type not known here, kept) %s", txt ? txt : "");
        free(txt);
    }
    /* one line: no control characters from the district */
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = ' ';
}

static int print_row(void *ctx, const struct pd_update *u)
{
    int *n = ctx;
    char line[400];
    summary(u, line, sizeof line);
    line[pd_text_fit(line, 60)] = '\0';   /* one line of the terminal */
    printf("%-10s %-9s %-19s %s\n", u->uid, u->state, u->type, line);
    if (u->note[0] && strcmp(u->state, "refused") == 0)
        printf("%-10s %-9s %-19s %s\n", "", "", "", u->note);
    (*n)++;
    return 0;
}

static int cmd_list(struct pd_app *app, struct pd_db *db, int argc, char **argv)
{
    bool all = argc > 1 && strcmp(argv[1], "--all") == 0;
    if (argc > (all ? 2 : 1))
        return pd_app_usage(app, "updates", "list takes only --all");
    struct pd_error err;
    pd_error_clear(&err);
    int n = 0;
    if (pd_updates_each(db, all ? PD_UPD_ALL : PD_UPD_OPEN, print_row, &n, &err) != PD_OK)
        return pd_app_fail(app, &err);
    char cur[PD_UPDATE_CURSOR_MAX];
    pd_updates_cursor(db, cur, sizeof cur);
    printf("%d update%s%s; pull cursor %s\n", n, n == 1 ? "" : "s", all ? "" : " waiting or refused",
           cur[0] ? cur : "(none yet)");
    return 0;
}

static int cmd_show(struct pd_app *app, struct pd_db *db, const char *uid)
{
    struct pd_update u;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_updates_get(db, uid, &u, &err) != PD_OK)
        return pd_app_fail(app, &err);
    char line[400];
    summary(&u, line, sizeof line);
    printf("update:   %s\ntype:     %s\nstate:    %s\nat:       %s\nreceived: %s\nabout:    %s\n",
           u.uid, u.type, u.state, u.at[0] ? u.at : "-", u.received, line);
    if (u.note[0])
        printf("note:     %s\n", u.note);
    if (u.seq)
        printf("event:    seq %lld%s%s\n", u.seq, u.person[0] ? ", person " : "", u.person);
    if (u.done_at[0])
        printf("done:     %s by %s\n", u.done_at, u.done_by[0] ? u.done_by : "popdesk");
    /* the policy text is long: its size only */
    json_t *d = json_deep_copy(u.data);
    const json_t *ini = json_object_get(d, "ini");
    if (json_is_string(ini)) {
        char w[64];
        snprintf(w, sizeof w, "<%zu bytes of policy file>", json_string_length(ini));
        json_object_set_new(d, "ini", json_string(w));
    }
    char *txt = json_dumps(d, JSON_INDENT(2) | JSON_ENCODE_ANY | JSON_SORT_KEYS);
    printf("data:\n%s\n", txt ? txt : "");
    free(txt);
    json_decref(d);
    pd_update_done(&u);
    return 0;
}

int pd_cmd_updates(struct pd_app *app, int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: popdesk updates [list [--all] | show ID | answer ID --text T [--found] |\n"
               "                        confirm ID --household CODE [--set KEY=VALUE]... |\n"
               "                        dismiss ID [--note T]]\n\n"
               "What the district sent back (popdesk sync pulls it): cross-check requests (answer:\n"
               "the answer goes to the district as a crosscheck.answer event), persons transferred\n"
               "in (confirm: saves person.move_in into the household with the pre-filled record;\n"
               "--set adds or overrides a person field, e.g. relation=20), policy updates (put in\n"
               "force by popdesk sync, or refused with the reason), messages and updates of types\n"
               "not known here (dismiss once read).  list shows what waits, --all everything.\n");
        return 0;
    }
    const char *sub = argc > 1 ? argv[1] : "list";
    struct pd_db *db;
    int rc = pd_app_open(app, 0, &db);
    if (rc)
        return rc;
    if (strcmp(sub, "list") == 0) {
        rc = cmd_list(app, db, argc > 1 ? argc - 1 : 1, argc > 1 ? argv + 1 : argv);
        pd_db_close(&db);
        return rc;
    }
    if (strcmp(sub, "show") != 0 && strcmp(sub, "answer") != 0 && strcmp(sub, "confirm") != 0 &&
        strcmp(sub, "dismiss") != 0) {
        pd_db_close(&db);
        return pd_app_usage(app, "updates", "unknown action '%s' (list, show, answer, confirm, dismiss)", sub);
    }
    if (argc < 3 || argv[2][0] == '-') {
        pd_db_close(&db);
        return pd_app_usage(app, "updates", "%s needs the update id (popdesk updates list)", sub);
    }
    const char *uid = argv[2];
    if (strcmp(sub, "show") == 0) {
        rc = argc > 3 ? pd_app_usage(app, "updates", "show takes only the id") : cmd_show(app, db, uid);
        pd_db_close(&db);
        return rc;
    }
    static const struct option opts[] = {
        { "text", required_argument, NULL, 't' },
        { "found", no_argument, NULL, 'f' },
        { "household", required_argument, NULL, 'H' },
        { "set", required_argument, NULL, 's' },
        { "note", required_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    const char *text = NULL, *household = NULL, *note = NULL;
    bool found = false;
    json_t *extra = json_object();
    int c;
    optind = 3;
    rc = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 't': text = optarg; break;
        case 'f': found = true; break;
        case 'H': household = optarg; break;
        case 'n': note = optarg; break;
        case 's': {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                rc = pd_app_usage(app, "updates", "--set wants KEY=VALUE, not '%s'", optarg);
                break;
            }
            char key[64];
            size_t kl = (size_t)(eq - optarg) < sizeof key ? (size_t)(eq - optarg) : sizeof key - 1;
            memcpy(key, optarg, kl);
            key[kl] = '\0';
            json_object_set_new(extra, key, json_string(eq + 1));
            break;
        }
        default:
            rc = pd_app_usage(app, "updates", "bad option for %s", sub);
        }
    }
    if (rc == 0 && optind < argc)
        rc = pd_app_usage(app, "updates", "unexpected argument '%s'", argv[optind]);
    struct pd_error err;
    pd_error_clear(&err);
    if (rc == 0 && strcmp(sub, "answer") == 0) {
        long long seq = 0;
        if (!text)
            rc = pd_app_usage(app, "updates", "answer needs --text");
        else if (pd_updates_answer(db, uid, text, found, pd_app_user(), &seq, &err) != PD_OK)
            rc = pd_app_fail(app, &err);
        else
            printf("answered %s: event seq %lld goes to the district with the next sync\n", uid, seq);
    } else if (rc == 0 && strcmp(sub, "confirm") == 0) {
        char person[40];
        if (!household)
            rc = pd_app_usage(app, "updates", "confirm needs --household CODE");
        else if (pd_updates_confirm(db, uid, household, extra, pd_app_user(), person, &err) != PD_OK)
            rc = pd_app_fail(app, &err);
        else
            printf("confirmed %s: person %s moved into household %s\n", uid, person, household);
    } else if (rc == 0) {
        if (pd_updates_dismiss(db, uid, note, pd_app_user(), &err) != PD_OK)
            rc = pd_app_fail(app, &err);
        else
            printf("dismissed %s\n", uid);
    }
    json_decref(extra);
    pd_db_close(&db);
    return rc;
}
