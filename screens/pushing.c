/* pushing.c - the screens push the outbox to the district in the background
 * (issue 4: a clerk is never blocked by the network).
 *
 * One pass at a time runs in its own thread (sync/background.h); the loop in
 * cmd_tui.c waits on its fd together with the keyboard and collects the
 * result here.  When passes start: at once after the login, soon after every
 * save (ui->push.soon), when the clerk presses S, and otherwise every
 * POPDESK_SYNC_IDLE_MS (60 s); after a failure the sync layer's back-off
 * (pd_sync_backoff_ms), after a Retry-After its pause.  Nothing here blocks:
 * start returns at once and freeing a running pass stops it within a second
 * (the batch in flight goes again, same id, next time).
 * A pass the district refused outright (401/403: the station's credentials;
 * or seqs this register no longer holds) halts the automatic passes: trying
 * again every few seconds cannot help and would hammer the district.  Only S
 * starts a pass again, once the office has put the token or certificate right.
 */
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "store/outbox.h"
#include "sync/background.h"
#include "sync/http.h"
#include "sync/sync.h"

struct pd_push_private {
    struct pd_sync_conf conf;
    struct pd_sync_bg *bg;
    long long next_ms;      /* monotonic ms: the next pass is due */
    int failures;           /* passes failed in a row (for the back-off) */
    bool armed;             /* someone has logged in: from then on, push */
    bool halted;            /* refused by the district: only S tries again */
};

long long pd_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pd_push_init(struct pd_ui *ui)
{
    const struct pd_config *cfg = &ui->app->cfg;
    memset(&ui->push, 0, sizeof ui->push);
    if (!cfg->district_url[0])
        return;
    struct pd_push_private *P = calloc(1, sizeof *P);
    if (!P)
        return;
    struct pd_sync_conf *c = &P->conf;
    pd_sync_conf_from_config(cfg, c);
    if (!getenv("POPDESK_SYNC_IDLE_MS"))
        c->idle_ms = 60000;   /* the screens look again every minute */
    /* libcurl is loaded (and its global state set up) by the first pass,
     * in pd_push_tick after the login: not before the login screen */
    ui->push.configured = true;
    ui->push.p = P;
    P->next_ms = 0;   /* the first pass goes as soon as someone is logged in */
}

/* Starts a pass if one is due (or asked for) and none runs. */
void pd_push_tick(struct pd_ui *ui)
{
    struct pd_push_private *P = ui->push.p;
    if (ui->user[0] && P)
        P->armed = true;   /* after a logout the register's changes still go */
    if (!P || P->bg || !P->armed)
        return;
    if (P->halted && !ui->push.asked) {
        ui->push.soon = false;   /* a save does not go to a district that refused us */
        return;
    }
    long long now = pd_now_ms();
    if (!ui->push.soon && now < P->next_ms)
        return;
    ui->push.soon = ui->push.asked = false;
    P->halted = false;
    /* here, in the main thread while no pass runs, so before any thread of
     * ours exists: libcurl's global init (loads it once; later calls return) */
    pd_http_global_init();
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_sync_bg_start(pd_app_db_path(ui->app), &P->conf, NULL, &P->bg, &err) != PD_OK) {
        /* a set-up mistake (token file, CA file): say it; try again later */
        P->bg = NULL;
        pd_strlcpy(ui->push.note, err.msg, sizeof ui->push.note);
        ui->push.note_error = true;
        P->failures++;
        P->next_ms = now + pd_sync_backoff_ms(&P->conf, P->failures, (unsigned)rand());
        return;
    }
    ui->push.running = true;
}

int pd_push_fd(const struct pd_ui *ui)
{
    const struct pd_push_private *P = ui->push.p;
    return P && P->bg ? pd_sync_bg_fd(P->bg) : -1;
}

bool pd_push_collect(struct pd_ui *ui)
{
    struct pd_push_private *P = ui->push.p;
    if (!P || !P->bg)
        return false;
    struct pd_sync_result res;
    pd_err rc = PD_OK;
    struct pd_error err;
    pd_error_clear(&err);
    memset(&res, 0, sizeof res);
    if (!pd_sync_bg_done(P->bg, &res, &rc, &err))
        return false;
    pd_sync_bg_free(&P->bg);
    ui->push.running = false;
    long long now = pd_now_ms();
    long long sent = res.applied + res.duplicate;
    ui->push.session_sent += sent;
    ui->push.session_rejected += res.rejected;
    switch (res.outcome) {
    case PD_SYNC_DONE:
        P->failures = 0;
        P->next_ms = now + P->conf.idle_ms;
        if (res.rejected)
            pd_trf(ui->push.note, sizeof ui->push.note, S_PUSH_REJECTED, sent, res.rejected);
        else if (sent)
            pd_trf(ui->push.note, sizeof ui->push.note, S_PUSH_SENT, sent);
        else
            pd_strlcpy(ui->push.note, pd_tr(S_PUSH_NOTHING), sizeof ui->push.note);
        ui->push.note_error = res.rejected > 0;
        break;
    case PD_SYNC_BUSY:
        /* `popdesk sync` from cron is at it: leave it to that one */
        P->next_ms = now + P->conf.idle_ms;
        pd_strlcpy(ui->push.note, pd_tr(S_PUSH_BUSY), sizeof ui->push.note);
        ui->push.note_error = false;
        break;
    case PD_SYNC_STOPPED:
        break;
    case PD_SYNC_REFUSED:
    case PD_SYNC_STUCK:
        /* the words are in meta sync_last_error (home shows them) */
        P->halted = true;
        P->failures++;
        pd_strlcpy(ui->push.note, pd_tr(S_PUSH_HALTED), sizeof ui->push.note);
        ui->push.note_error = true;
        break;
    default:
        P->failures++;
        P->next_ms = now + (res.outcome == PD_SYNC_WAIT && res.wait_seconds > 0
                                ? res.wait_seconds * 1000LL
                                : pd_sync_backoff_ms(&P->conf, P->failures, (unsigned)rand()));
        /* the words themselves are in meta sync_last_error (home shows them) */
        {
            long long at = (P->next_ms - now) / 1000;
            pd_trf(ui->push.note, sizeof ui->push.note, S_PUSH_FAILED, at < 1 ? 1 : at);
        }
        ui->push.note_error = true;
        break;
    }
    return true;
}

long long pd_push_wait_ms(const struct pd_ui *ui)
{
    const struct pd_push_private *P = ui->push.p;
    if (!P || P->bg || !P->armed || (P->halted && !ui->push.asked))
        return -1;
    if (ui->push.soon)
        return 0;
    long long d = P->next_ms - pd_now_ms();
    return d < 0 ? 0 : d;
}

void pd_push_end(struct pd_ui *ui)
{
    struct pd_push_private *P = ui->push.p;
    if (!P)
        return;
    pd_sync_bg_free(&P->bg);
    free(P);
    ui->push.p = NULL;
    ui->push.running = false;
}
