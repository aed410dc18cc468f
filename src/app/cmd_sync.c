/* cmd_sync.c - `popdesk sync [--loop] [--verbose] [--push-only|--pull-only]`:
 * push the outbox to the district, then pull what the district sends back
 * and put policy updates in force (docs/SYNC.md).  Without --loop: one pass
 * each, then exit (for cron or the systemd timer); with --loop: keep going,
 * with back-off, until SIGTERM/SIGINT.
 *
 * Exit status: 0 everything sent (rejected events are final: still 0), or
 * another push was already running; 3 configuration (no district url, token
 * file readable by others, credentials refused by the district); 4
 * register; 5 network or district failure (retried by the next run).
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/policy_update.h"
#include "store/outbox.h"
#include "store/updates.h"
#include "sync/sync.h"

static struct pd_sync *running;   /* for the signal handler */

static void on_signal(int sig)
{
    (void)sig;
    if (running)
        pd_sync_stop(running);
}

struct logopts {
    bool verbose;
    bool loop;
    const char *policy_file;   /* [policy] file, for policy updates */
};

static void log_line(void *ctx, int level, const char *line)
{
    const struct logopts *o = ctx;
    if (level == 0 && !o->verbose)
        return;
    if (o->loop) {
        char ts[32];
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(stderr, "%s popdesk sync: %s\n", ts, line);
    } else {
        fprintf(stderr, "popdesk sync: %s\n", line);
    }
}

/* A test hook: POPDESK_SYNC_<name>_MS, a whole number of milliseconds. */
static long env_ms(const char *name, long def)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return def;
    char *end;
    long n = strtol(v, &end, 10);
    return *end || n < 1 ? def : n;
}

void pd_sync_conf_from_config(const struct pd_config *cfg, struct pd_sync_conf *c)
{
    pd_sync_conf_defaults(c);
    pd_strlcpy(c->url, cfg->district_url, sizeof c->url);
    pd_strlcpy(c->ca_file, cfg->ca_file, sizeof c->ca_file);
    pd_strlcpy(c->client_cert, cfg->client_cert, sizeof c->client_cert);
    pd_strlcpy(c->client_key, cfg->client_key, sizeof c->client_key);
    pd_strlcpy(c->token_file, cfg->token_file, sizeof c->token_file);
    c->connect_timeout = cfg->connect_timeout;
    c->timeout = cfg->timeout;
    c->batch_max_events = cfg->batch_max_events;
    c->batch_max_bytes = cfg->batch_max_bytes;
    c->retry_max_seconds = cfg->retry_max_seconds;
    c->first_retry_ms = env_ms("POPDESK_SYNC_FIRST_RETRY_MS", c->first_retry_ms);
    c->idle_ms = env_ms("POPDESK_SYNC_IDLE_MS", c->idle_ms);
    c->pull_limit = env_ms("POPDESK_SYNC_PULL_LIMIT", c->pull_limit);   /* small pages in tests */
}

static void on_policy(void *ctx, const char *uid, bool ok, const char *words)
{
    (void)ctx;
    if (ok)
        fprintf(stderr, "popdesk sync: policy update %s: %s\n", uid, words);
    else
        fprintf(stderr, "popdesk sync: policy update %s REFUSED: %s\n", uid, words);
}

/* After a pull: policy updates checked and put in force. */
static int after_pull(const struct logopts *o, struct pd_db *db)
{
    struct pd_error err;
    pd_error_clear(&err);
    int applied = 0, refused = 0;
    if (pd_policy_updates_apply(db, o->policy_file, &applied, &refused, on_policy, NULL, &err) != PD_OK) {
        fprintf(stderr, "popdesk: %s\n", err.msg);
        return pd_err_exit(err.code);
    }
    return 0;
}

static void loop_after_pull(void *ctx, struct pd_db *db, const struct pd_pull_result *r)
{
    (void)r;
    after_pull(ctx, db);
}

static int exit_for(enum pd_sync_outcome o, pd_err rc)
{
    switch (o) {
    case PD_SYNC_DONE:
    case PD_SYNC_BUSY:
        return 0;
    case PD_SYNC_REFUSED:
        return 3;
    case PD_SYNC_LOCAL:
        return rc == PD_ECONFIG ? 3 : rc == PD_ENET || rc == PD_EPROTO ? 5 : 4;
    default:
        return 5;
    }
}

static void summary(const struct pd_sync_result *r, bool verbose)
{
    long long sent = r->applied + r->duplicate;
    if (r->batches) {
        printf("sent %lld event%s to the district in %d batch%s", sent + r->rejected,
               sent + r->rejected == 1 ? "" : "s", r->batches, r->batches == 1 ? "" : "es");
        if (r->rejected)
            printf("; %lld rejected by the district (kept with the district's reasons: popdesk status)", r->rejected);
        if (r->standins)
            printf("; %lld too big, sent as stand-ins", r->standins);
        if (r->pending)
            printf("; %lld still waiting", r->pending);
        printf("\n");
    } else if (verbose) {
        printf(r->pending ? "%lld events waiting\n" : "nothing to send\n", r->pending);
    }
    if (verbose && r->gz_bytes)
        fprintf(stderr, "popdesk sync: request bodies %lld bytes, %lld on the wire gzip'd (%.1f a sent event)\n",
                r->raw_bytes, r->gz_bytes,
                sent + r->rejected ? (double)r->gz_bytes / (double)(sent + r->rejected) : 0.0);
}

int pd_cmd_sync(struct pd_app *app, int argc, char **argv)
{
    static const struct option opts[] = {
        { "loop", no_argument, NULL, 'l' },
        { "verbose", no_argument, NULL, 'v' },
        { "push-only", no_argument, NULL, 'P' },
        { "pull-only", no_argument, NULL, 'G' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct logopts lo = { false, false, app->cfg.policy_file };
    bool push = true, pull = true;
    int c;
    while ((c = getopt_long(argc, argv, "lvh", opts, NULL)) != -1) {
        switch (c) {
        case 'l': lo.loop = true; break;
        case 'v': lo.verbose = true; break;
        case 'P': pull = false; break;
        case 'G': push = false; break;
        case 'h':
            printf("usage: popdesk sync [--loop] [--verbose] [--push-only | --pull-only]\n\n"
                   "Pushes the outbox (every saved change) to the district named by [district] url,\n"
                   "in batches, then pulls the district's updates (cross-check requests, transfers-in,\n"
                   "policy updates, messages: popdesk updates), and exits: 0 all done, 3 configuration\n"
                   "or credentials refused, 4 register, 5 network or district failure (run it again\n"
                   "later; nothing is lost).\n"
                   "  --loop       keep going: new events as they come, back-off after failures\n"
                   "  --verbose    one line per batch and per pulled page on standard error\n"
                   "  --push-only  only push;  --pull-only  only pull\n"
                   "Only one push runs at a time per register; a second one leaves it to the first.\n");
            return 0;
        default:
            return pd_app_usage(app, "sync", "bad option");
        }
    }
    if (optind < argc)
        return pd_app_usage(app, "sync", "unexpected argument '%s'", argv[optind]);
    if (!push && !pull)
        return pd_app_usage(app, "sync", "--push-only and --pull-only exclude each other");

    struct pd_error err;
    pd_error_clear(&err);
    struct pd_sync_conf conf;
    pd_sync_conf_from_config(&app->cfg, &conf);
    if (!conf.url[0]) {
        pd_fail(&err, PD_ECONFIG, "district.url", "no district to push to: set [district] url in %s",
                app->cfg.source[0] ? app->cfg.source : "the config file (see popdesk --help-config)");
        return pd_app_fail(app, &err);
    }
    struct pd_sync *s;
    if (pd_sync_new(&conf, NULL, &s, &err) != PD_OK)
        return pd_app_fail(app, &err);
    struct pd_db *db;
    int rc = pd_app_open(app, 0, &db);
    if (rc != 0) {
        pd_sync_free(&s);
        return rc == 1 ? 4 : rc;   /* no register there: a register problem for cron */
    }
    pd_outbox_small_cache(db);
    pd_sync_set_log(s, log_line, &lo);

    /* curl is told to leave signals alone; a dropped TLS connection must
     * give EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    running = s;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    pd_err prc;
    if (lo.loop) {
        /* --pull-only has no loop of its own: the loop pulls after pushing */
        pd_sync_set_pull(s, pull, loop_after_pull, &lo);
        prc = pd_sync_loop(s, db, &err);
        rc = prc == PD_OK ? 0 : pd_err_exit(prc);
        if (prc != PD_OK)
            fprintf(stderr, "popdesk: %s\n", err.msg);
    } else {
        rc = 0;
        if (push) {
            struct pd_sync_result res;
            prc = pd_sync_pass(s, db, &res, &err);
            rc = exit_for(res.outcome, prc);
            summary(&res, lo.verbose);
            if (res.outcome == PD_SYNC_BUSY)
                fprintf(stderr, "popdesk sync: %s\n", err.msg);
            else if (prc != PD_OK)
                fprintf(stderr, "popdesk: %s\n", err.msg);
            if (prc != PD_OK && res.outcome != PD_SYNC_BUSY && res.pending)
                fprintf(stderr, "popdesk: %lld event%s wait in the outbox; nothing is lost\n", res.pending,
                        res.pending == 1 ? "" : "s");
            /* a push that failed, waits or was left to another pusher: no pull now */
            if (prc != PD_OK || res.outcome != PD_SYNC_DONE)
                pull = false;
        }
        if (pull) {
            struct pd_pull_result pr;
            pd_error_clear(&err);
            prc = pd_sync_pull(s, db, &pr, &err);
            rc = exit_for(pr.outcome, prc);
            if (pr.outcome == PD_SYNC_BUSY)
                fprintf(stderr, "popdesk sync: %s\n", err.msg);
            else if (prc != PD_OK)
                fprintf(stderr, "popdesk: %s\n", err.msg);
            if (pr.received)
                printf("pulled %lld new update%s from the district\n", pr.received,
                       pr.received == 1 ? "" : "s");
            else if (lo.verbose && prc == PD_OK)
                printf("no new updates from the district\n");
            /* also after a failed pull: pages stored before it count */
            int prc2 = after_pull(&lo, db);
            if (!rc)
                rc = prc2;
            long long waiting = pd_updates_waiting(db);
            if (waiting)
                printf("%lld update%s from the district wait for a clerk (popdesk updates)\n", waiting,
                       waiting == 1 ? "" : "s");
        }
    }
    running = NULL;
    pd_sync_free(&s);
    pd_db_close(&db);
    return rc;
}
