/* home.c - the home screen: the register at a glance (pd_status_read),
 * today's reminders (pd_reminders) and the menu of the day's work. */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/query.h"
#include "store/search.h"
#include "store/updates.h"

#define MAX_REM 40

struct home {
    struct pd_status st;
    bool have_status;
    struct pd_reminder rem[MAX_REM];
    int nrem;
    long counts[PD_REMIND__COUNT];
    struct pd_list list;
    bool backup_due;        /* remind of a backup ([backup] remind_days) */
    long backup_days;       /* days since the last one, -1 never */
    long long updates;      /* district updates waiting for a clerk (I: screens/updates.c) */
};

static const enum pd_action keys[] = { ACT_FIND, ACT_NEW_HH, ACT_WCBA, ACT_MIGRANTS,
                                       ACT_RETURNED, ACT_UPDATES, ACT_PUSH, ACT_SUBSIDY, ACT_CASES, ACT_SERVICES, ACT_DASHBOARD,
                                       ACT_REPORTS, ACT_QUALITY, ACT_DUPLICATES, ACT_RECONCILE,
                                       ACT_LOGOUT, ACT_QUIT };


static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct home *H = s->st;
    struct pd_error err;
    pd_error_clear(&err);
    H->have_status = pd_status_read(ui->db, &H->st, &err) == PD_OK;
    if (!H->have_status)
        pd_ui_say(ui, true, "%s", err.msg);
    memset(H->counts, 0, sizeof H->counts);
    if (pd_reminders(ui->db, H->rem, MAX_REM, &H->nrem, H->counts, &err) != PD_OK) {
        H->nrem = 0;
        pd_ui_say(ui, true, "%s", err.msg);
    }
    H->list.n = H->nrem;
    /* checked on each visit, so a backup taken meanwhile clears it */
    H->backup_due = pd_backup_reminder(ui->db, (long long)time(NULL), ui->app->cfg.backup_remind_days,
                                       &H->backup_days);
    /* pulled by `popdesk sync`, handled on the I screen (or `popdesk updates`): say they wait */
    H->updates = pd_updates_waiting(ui->db);
    H->list.rows = ui->height - 15 - (H->backup_due ? 1 : 0) - (H->updates > 0 ? 1 : 0);
    pd_list_fix(&H->list);
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct home *H = s->st;
    H->list.rows = ui->height - 15 - (H->backup_due ? 1 : 0) - (H->updates > 0 ? 1 : 0);
    pd_list_fix(&H->list);
}

static void count_line(int y, int x, int w, enum pd_str label, long long n, enum pd_role_id role)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", n);
    pd_put(y, x, w - 12, pd_tr(label), R_LABEL);
    pd_put_right(y, x + w - 12, 10, num, role);
}

/* "2026-11-29T13:05:07+08:00" -> "2026-11-29 13:05"; "" -> never */
static void when_line(int y, int x, int w, enum pd_str label, const char *at)
{
    char t[40];
    pd_strlcpy(t, at[0] ? at : pd_tr(S_NEVER), sizeof t);
    if (strlen(t) > 16 && t[10] == 'T')
        t[10] = ' ', t[16] = '\0';
    pd_put(y, x, w - 18, pd_tr(label), R_LABEL);
    pd_put_right(y, x + w - 18, 16, t, R_NORMAL);
}

static const enum pd_str rem_words[PD_REMIND__COUNT] = {
    [PD_REMIND_CERT_EXPIRING] = S_REM_CERT,
    [PD_REMIND_AGE15] = S_REM_AGE15,
    [PD_REMIND_AGE50] = S_REM_AGE50,
    [PD_REMIND_PREGNANCY_DUE] = S_REM_DUE,
};

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct home *H = s->st;
    int y = ui->top + 1, x = 2;
    int w = ui->cols >= 120 ? 44 : 36;
    pd_put(y, x, w, pd_tr(S_COUNTS), R_HEADER);
    const struct pd_status *st = &H->st;
    count_line(y + 1, x, w, S_HOUSEHOLDS, st->households, R_NORMAL);
    count_line(y + 2, x, w, S_PERSONS, st->persons, R_NORMAL);
    count_line(y + 3, x, w, S_WCBA, st->women_wcba, R_NORMAL);
    count_line(y + 4, x, w, S_MIGRANTS, st->migrants, R_NORMAL);
    count_line(y + 5, x, w, S_PENDING, st->outbox_pending, st->outbox_pending ? R_WARN : R_NORMAL);
    count_line(y + 6, x, w, S_SENT, st->outbox_sent + st->outbox_oversize, R_NORMAL);
    count_line(y + 7, x, w, S_REJECTED, st->outbox_rejected, st->outbox_rejected ? R_ERROR : R_NORMAL);
    when_line(y + 8, x, w, S_LAST_TRY, st->last_sync_try);
    when_line(y + 9, x, w, S_LAST_SEND, st->last_sync_ok);

    /* the menu beside the counts */
    int mx = x + w + 4, mw = ui->cols - mx - 2;
    pd_put(y, mx, mw, pd_tr(S_MENU), R_HEADER);
    /* nine rows beside the counts; more items go in a second column */
    for (int i = 0, k = 0; i < s->nkeys; i++) {
        if (ui->role == PD_ROLE_VIEWER && pd_key_is_change(s->keys[i]))
            continue;
        int cw = mw / 2, my = y + 1 + k % 9, cx = mx + (k / 9) * cw;
        k++;
        pd_put(my, cx, 6, pd_key_name(s->keys[i]), R_KEYNAME);
        pd_put(my, cx + 6, cw - 7, pd_key_label(s->keys[i]), R_NORMAL);
    }

    /* the background push: what it is doing, and the last problem in words */
    const struct pd_push *p = &ui->push;
    char pline[PD_MSG_MAX + 64];
    if (!p->configured)
        pd_put(y + 10, x, ui->cols - 4, pd_tr(S_PUSH_OFF), R_DIM);
    else if (p->running)
        pd_put(y + 10, x, ui->cols - 4, pd_tr(S_PUSH_RUNNING), R_WARN);
    else
        pd_put(y + 10, x, ui->cols - 4, p->note[0] ? p->note : pd_tr(S_PUSH_WAITING),
               p->note_error ? R_ERROR : R_GOOD);
    if (st->last_sync_error[0]) {
        /* in full over two lines: the words say what to do */
        snprintf(pline, sizeof pline, "%s%s", pd_tr(S_LAST_PROBLEM), st->last_sync_error);
        const char *m = pline;
        for (int k = 0; k < 2 && *m; k++) {
            size_t n = pd_text_fit(m, ui->cols - 4);
            if (n == 0)
                break;
            char part[PD_MSG_MAX + 64];
            memcpy(part, m, n);
            part[n] = '\0';
            pd_put(y + 11 + k, x, ui->cols - 4, part, R_ERROR);
            m += n;
        }
    }

    /* reminders: a backup first (the register's own safety), then counts
     * per kind, then the people */
    int ry = y + 13;
    if (H->backup_due) {
        char b[300];
        if (H->backup_days < 0)
            pd_strlcpy(b, pd_tr(S_BACKUP_NEVER), sizeof b);
        else
            pd_trf(b, sizeof b, S_BACKUP_OLD, H->backup_days);
        pd_put(ry++, x, ui->cols - 4, b, R_WARN);
    }
    if (H->updates > 0) {
        char u[300];
        pd_trf(u, sizeof u, S_UPDATES_WAITING, H->updates);
        pd_put(ry++, x, ui->cols - 4, u, R_WARN);
    }
    char head[200];
    int hn = snprintf(head, sizeof head, "%s ", pd_tr(S_REMINDERS));
    for (int k = 0; k < PD_REMIND__COUNT && hn < (int)sizeof head; k++)
        if (H->counts[k])
            hn += snprintf(head + hn, sizeof head - (size_t)hn, " %s:%ld", pd_tr(rem_words[k]),
                           H->counts[k]);
    pd_put(ry, x, ui->cols - 4, head, R_HEADER);
    if (H->nrem == 0) {
        pd_put(ry + 1, x, ui->cols - 4, pd_tr(S_NO_REMINDERS), R_DIM);
        return;
    }
    for (int i = 0; i < H->list.rows && H->list.first + i < H->nrem; i++) {
        int r = H->list.first + i;
        const struct pd_reminder *m = &H->rem[r];
        char name[128], line[400];
        pd_text_pad(name, sizeof name, m->name, 12, true);
        snprintf(line, sizeof line, "%s  %s  %s", m->date, name, pd_tr(rem_words[m->kind]));
        char cut[400];
        pd_text_pad(cut, sizeof cut, line, ui->cols - 4, true);
        pd_put(ry + 1 + i, x, ui->cols - 4, cut, r == H->list.sel ? R_SELECTED : R_NORMAL);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct home *H = s->st;
    ui->status[0] = '\0';
    static const enum pd_action acts[] = { ACT_QUIT, ACT_FIND, ACT_NEW_HH, ACT_WCBA, ACT_MIGRANTS,
                                           ACT_RETURNED, ACT_UPDATES, ACT_PUSH, ACT_SUBSIDY, ACT_CASES, ACT_SERVICES, ACT_LOGOUT,
                                           ACT_DASHBOARD, ACT_REPORTS, ACT_QUALITY, ACT_DUPLICATES,
                                           ACT_RECONCILE,
                                           ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    switch (a) {
    case ACT_QUIT: return PD_R_QUIT;
    case ACT_FIND: return pd_ui_push(ui, pd_scr_find(ui));
    case ACT_NEW_HH:
        if (!pd_ui_may_change(ui))
            return PD_R_DRAW;
        return pd_ui_push(ui, pd_scr_form(ui, "household.add", NULL, NULL));
    case ACT_SUBSIDY: return pd_ui_push(ui, pd_scr_subsidy(ui, 0, pd_db_today(ui->db).y));
    case ACT_CASES: return pd_ui_push(ui, pd_scr_cases(ui));
    case ACT_SERVICES: return pd_ui_push(ui, pd_scr_services(ui));
    case ACT_LOGOUT: return PD_R_LOGOUT;
    case ACT_WCBA: return pd_ui_push(ui, pd_scr_roster(ui, false));
    case ACT_MIGRANTS: return pd_ui_push(ui, pd_scr_roster(ui, true));
    case ACT_RETURNED: return pd_ui_push(ui, pd_scr_returned(ui));
    case ACT_UPDATES: return pd_ui_push(ui, pd_scr_updates(ui));
    case ACT_DASHBOARD: return pd_ui_push(ui, pd_scr_dashboard(ui));
    case ACT_REPORTS: return pd_ui_push(ui, pd_scr_reports(ui));
    case ACT_QUALITY: return pd_ui_push(ui, pd_scr_quality(ui, false));
    case ACT_DUPLICATES: return pd_ui_push(ui, pd_scr_quality(ui, true));
    case ACT_RECONCILE: return pd_ui_push(ui, pd_scr_reconcile(ui));
    case ACT_PUSH:
        if (!ui->push.configured) {
            pd_ui_say(ui, true, "%s", pd_tr(S_PUSH_OFF));
            return PD_R_DRAW;
        }
        ui->push.soon = ui->push.asked = true;
        pd_ui_say(ui, false, "%s", pd_tr(S_PUSH_ASKED));
        return PD_R_DRAW;
    case ACT_OPEN:
        if (H->nrem > 0)
            return pd_ui_push(ui, pd_scr_person(ui, H->rem[H->list.sel].pid));
        return PD_R_NONE;
    default:
        return pd_list_move(&H->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops ops = { "home", enter, key, layout, draw, NULL };

struct pd_screen *pd_scr_home(struct pd_ui *ui)
{
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct home));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_HOME), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_HOME;
    return s;
}
