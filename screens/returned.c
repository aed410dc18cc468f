/* returned.c - "sent back by the district": the events the district
 * rejected (kept here, final for the pusher) and those that went as an
 * event.oversize stand-in, each with the district's code and message
 * (pd_outbox_each_returned).  Enter opens the person (or household) to check
 * the record; C opens a correction, which is a new event and is pushed like
 * any other: the returned one stays listed, as the outbox keeps it. */
#include "screens/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "store/outbox.h"
#include "store/search.h"

#define MAX_RET 500

struct ret_row {
    long long seq;
    bool standin;
    char type[40], at[20], household[24], person[40], name[64];
    char code[64], message[512];
};

struct returned {
    struct ret_row *rows;
    int n;
    bool more;
    struct pd_list list;
};

static const enum pd_action keys[] = { ACT_OPEN, ACT_CORRECT, ACT_UP, ACT_DOWN, ACT_BACK };

static int collect(void *ctx, const struct pd_outbox_returned *r)
{
    struct returned *R = ctx;
    if (R->n >= MAX_RET) {
        R->more = true;
        return 1;
    }
    struct ret_row *o = &R->rows[R->n++];
    memset(o, 0, sizeof *o);
    o->seq = r->seq;
    o->standin = r->state != PD_OUTBOX_REJECTED;
    pd_strlcpy(o->type, r->type, sizeof o->type);
    pd_strlcpy(o->at, r->at, sizeof o->at);
    if (strlen(o->at) > 10 && o->at[10] == 'T')
        o->at[10] = ' ';
    o->at[16] = '\0';   /* "YYYY-MM-DD hh:mm" */
    pd_strlcpy(o->household, r->household, sizeof o->household);
    pd_strlcpy(o->person, r->person, sizeof o->person);
    pd_strlcpy(o->code, r->code, sizeof o->code);
    pd_strlcpy(o->message, r->message, sizeof o->message);
    return 0;
}

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct returned *R = s->st;
    if (!R->rows)
        R->rows = calloc(MAX_RET, sizeof *R->rows);
    R->n = 0;
    R->more = false;
    struct pd_error err;
    pd_error_clear(&err);
    if (!R->rows) {
        pd_ui_say(ui, true, "out of memory");
    } else if (pd_outbox_each_returned(ui->db, collect, R, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
    }
    /* names for the person column (the event carries only the id) */
    for (int i = 0; i < R->n; i++) {
        if (!R->rows[i].person[0])
            continue;
        pd_error_clear(&err);
        json_t *p = pd_person_get(ui->db, R->rows[i].person, &err);
        const char *nm = p ? json_string_value(json_object_get(p, "name")) : NULL;
        pd_strlcpy(R->rows[i].name, nm ? nm : R->rows[i].person, sizeof R->rows[i].name);
        json_decref(p);
    }
    R->list.n = R->n;
    pd_list_fix(&R->list);
    if (!ui->status[0] && R->n > 0)
        pd_ui_say(ui, false, "%s", pd_tr(S_RET_HINT));
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct returned *R = s->st;
    R->list.rows = ui->height - 7;
    pd_list_fix(&R->list);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct returned *R = s->st;
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[200];
    snprintf(head, sizeof head, "%s  %d%s", pd_tr(S_RETURNED), R->n, R->more ? "+" : "");
    pd_put(y, x, w, head, R_HEADER);
    if (R->n == 0) {
        pd_put(y + 2, x, w, pd_tr(S_RET_NONE), R_DIM);
        return;
    }
    int cs = 6, ct = ui->cols >= 120 ? 16 : 12, cn = 10, cc = ui->cols >= 120 ? 24 : 16;
    int ca = ui->cols >= 120 ? 17 : 0;
    int cm = w - cs - ct - cn - cc - ca - 5;
    int cx = x;
    cx += pd_put(y + 1, cx, cs, "#", R_HEADER) + 1;
    if (ca)
        cx += pd_put(y + 1, cx, ca, pd_tr(S_WHEN), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, ct, pd_tr(S_WHAT), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cn, pd_tr(S_NAME), R_HEADER) + 1;
    cx += pd_put(y + 1, cx, cc, pd_tr(S_RET_CODE), R_HEADER) + 1;
    pd_put(y + 1, cx, cm, pd_tr(S_RET_MSG), R_HEADER);
    for (int i = 0; i < R->list.rows && R->list.first + i < R->n; i++) {
        int r = R->list.first + i, ry = y + 2 + i;
        const struct ret_row *o = &R->rows[r];
        enum pd_role_id role = r == R->list.sel ? R_SELECTED : R_NORMAL;
        char seq[24];
        snprintf(seq, sizeof seq, "%lld", o->seq);
        pd_fill(ry, x, w, role);
        cx = x;
        cx += pd_put_right(ry, cx, cs, seq, role) + 1;
        if (ca)
            cx += pd_put(ry, cx, ca, o->at, role) + 1;
        cx += pd_put(ry, cx, ct, pd_event_word(o->type), role) + 1;
        cx += pd_put(ry, cx, cn, o->name[0] ? o->name : o->household, role) + 1;
        cx += pd_put(ry, cx, cc, o->code, role) + 1;
        pd_put(ry, cx, cm, o->message, role);
    }
    /* the selected one in full below the list: the message may be long */
    const struct ret_row *o = &R->rows[R->list.sel];
    int by = ui->top + ui->height - 4;
    pd_hline(by, x, w);
    char line[900];
    snprintf(line, sizeof line, "%lld %s  %s %s  %s%s", o->seq, pd_event_word(o->type),
             o->name[0] ? o->name : "", o->person[0] ? o->person : o->household, o->code,
             o->standin ? pd_tr(S_RET_STANDIN) : "");
    pd_put(by + 1, x, w, line, R_HEADER);
    /* the message over two lines, cut by display width */
    const char *m = o->message;
    for (int k = 0; k < 2 && *m; k++) {
        size_t n = pd_text_fit(m, w);
        if (n == 0)
            break;
        char part[600];
        if (n >= sizeof part)
            n = sizeof part - 1;
        memcpy(part, m, n);
        part[n] = '\0';
        pd_put(by + 2 + k, x, w, part, R_ERROR);
        m += n;
    }
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct returned *R = s->st;
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_CORRECT, ACT_UP, ACT_DOWN,
                                           ACT_PGUP, ACT_PGDN };
    enum pd_action a = pd_key_action(k, acts, sizeof acts / sizeof acts[0]);
    if (a == ACT_BACK)
        return PD_R_POP;
    if (a == ACT_NONE)
        return PD_R_NONE;
    ui->status[0] = '\0';
    if (a != ACT_OPEN && a != ACT_CORRECT)
        return pd_list_move(&R->list, a) ? PD_R_DRAW : PD_R_NONE;
    if (R->n == 0)
        return PD_R_NONE;
    const struct ret_row *o = &R->rows[R->list.sel];
    if (a == ACT_OPEN) {
        if (o->person[0])
            return pd_ui_push(ui, pd_scr_person(ui, o->person));
        if (o->household[0])
            return pd_ui_push(ui, pd_scr_household(ui, o->household));
        pd_ui_say(ui, true, "%s", pd_tr(S_RECORD_GONE));
        return PD_R_DRAW;
    }
    if (ui->role == PD_ROLE_VIEWER) {
        pd_ui_say(ui, true, "%s", pd_tr(S_VIEWER_NO));
        return PD_R_DRAW;
    }
    if (!o->person[0] && !o->household[0]) {
        pd_ui_say(ui, true, "%s", pd_tr(S_RECORD_GONE));
        return PD_R_DRAW;
    }
    return pd_ui_push(ui, pd_scr_form(ui, "record.correct", o->household,
                                      o->person[0] ? o->person : NULL));
}

static void leave(struct pd_screen *s)
{
    struct returned *R = s->st;
    free(R->rows);
    R->rows = NULL;
}

static const struct pd_screen_ops ops = { "returned", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_returned(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct returned));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_RETURNED), sizeof s->title);
    s->keys = keys;
    s->nkeys = sizeof keys / sizeof keys[0];
    s->help = S_HELP_RETURNED;
    return s;
}
