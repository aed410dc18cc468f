/* events.c - the menu of change events, from the event table
 * (core/event.h): for a person the events about an existing person, for a
 * household the events that add a person to it.  Enter opens the event's
 * form, pre-filled from where it started. */
#include "screens/screens.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

struct events {
    char household[24], pid[40];
    const struct pd_event_type *t[PD_EV__COUNT];
    struct pd_list list;
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_UP, ACT_DOWN, ACT_BACK };

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct events *E = s->st;
    E->list.rows = ui->height - 3;
    pd_list_fix(&E->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct events *E = s->st;
    pd_put(ui->top, 1, ui->cols - 2, pd_tr(S_EVENTS), R_HEADER);
    for (int i = 0; i < E->list.rows && E->list.first + i < E->list.n; i++) {
        int r = E->list.first + i;
        char line[200];
        snprintf(line, sizeof line, " %-24s %s", E->t[r]->name, pd_i18n_en() ? E->t[r]->en : E->t[r]->zh);
        pd_put(ui->top + 2 + i, 2, ui->cols - 4, line, r == E->list.sel ? R_SELECTED : R_NORMAL);
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct events *E = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    switch (a) {
    case ACT_BACK: return PD_R_POP;
    case ACT_OPEN: {
        if (E->list.n == 0)
            return PD_R_NONE;
        ui->status[0] = '\0';
        ui->next = pd_scr_form(ui, E->t[E->list.sel]->name, E->household, E->pid[0] ? E->pid : NULL);
        return ui->next ? PD_R_REPLACE : PD_R_DRAW;
    }
    default:
        return pd_list_move(&E->list, a) ? PD_R_DRAW : PD_R_NONE;
    }
}

static const struct pd_screen_ops ops = { "events", NULL, key, layout, draw, NULL };

struct pd_screen *pd_scr_events(struct pd_ui *ui, const char *household, const char *pid)
{
    if (!pd_ui_may_change(ui))
        return NULL;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct events));
    if (!s)
        return NULL;
    struct events *E = s->st;
    pd_strlcpy(E->household, household ? household : "", sizeof E->household);
    pd_strlcpy(E->pid, pid ? pid : "", sizeof E->pid);
    for (int k = 0; k < PD_EV__COUNT; k++) {
        const struct pd_event_type *t = pd_event_type_get((enum pd_event_kind)k);
        bool fits;
        if (pid && pid[0])
            fits = t->target == PD_EVT_PERSON || t->kind == PD_EV_CORRECT ||
                   (t->kind == PD_EV_PERSON_BIRTH && E->household[0]);
        else
            fits = (t->target == PD_EVT_NEW_PERSON && E->household[0]) || t->kind == PD_EV_CORRECT;
        /* case steps have their own screens (screens/cases.c): a generic
         * form would skip the certificate a county approval issues and the
         * levy's computation */
        if (t->kind == PD_EV_SC_APPLY || t->kind == PD_EV_SC_REVIEW || t->kind == PD_EV_FEE_LEVY ||
            t->kind == PD_EV_FEE_PAYMENT ||
            t->kind == PD_EV_BENEFIT_APPLY || t->kind == PD_EV_BENEFIT_DECIDE ||
            t->kind == PD_EV_BENEFIT_PAYMENT)
            fits = false;
        if (fits)
            E->t[E->list.n++] = t;
    }
    pd_strlcpy(s->title, pd_tr(S_EVENTS), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_EVENTS;
    return s;
}
