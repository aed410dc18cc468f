/* updates.c - "from the district" (区里来的待办): what the district sent
 * back by the pull (store/updates.h, docs/SYNC.md "The pull").  A list of
 * the updates that wait or were refused (F: all of them), one line each;
 * Enter shows one whole, its data in words.  A answers a cross-check
 * request (the answer typed, then found yes/no), C confirms a transfer in
 * into a household, D dismisses any update with an optional note: each
 * through the same store function `popdesk updates` uses, so the screens
 * and the command save the same event, audited and queued for the push.
 * A viewer sees everything and changes nothing (told so on the keys). */
#include "screens/common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields.h"
#include "core/text.h"
#include "store/updates.h"

#define ABOUT_MAX 400
#define DL_MAX 400          /* detail lines kept */
#define DL_W 512            /* bytes per detail line */

struct urow {
    long long num;
    char uid[PD_UPDATE_ID_MAX];
    char type[PD_UPDATE_TYPE_MAX];
    char date[11];
    char state[16];
    char about[ABOUT_MAX];
    char note[ABOUT_MAX];
};

enum { ASK_ANSWER = 1, ASK_HOUSEHOLD, ASK_NOTE };

struct upd {
    bool all;                   /* F: every update, not only what waits */
    struct urow *rows;
    int n, cap;
    bool oom;
    struct pd_list list;
    bool detail;                /* one update shown whole */
    char duid[PD_UPDATE_ID_MAX];
    char (*dl)[DL_W];           /* its lines, wrapped to the screen */
    int dn, dfirst;
    struct pd_prompt ask;       /* the answer, the household, the note */
    bool asking_found;          /* the yes/no after the answer text */
    char target[PD_UPDATE_ID_MAX];   /* the update the prompt is for */
    char answer[PD_UPDATE_NOTE_MAX];
};

static const enum pd_action list_keys[] = { ACT_OPEN, ACT_UPD_ANSWER, ACT_UPD_CONFIRM, ACT_UPD_DISMISS,
                                            ACT_UPD_ALL, ACT_BACK };
static const enum pd_action detail_keys[] = { ACT_UPD_ANSWER, ACT_UPD_CONFIRM, ACT_UPD_DISMISS, ACT_PGDN,
                                              ACT_BACK };

static const char *sget(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* The district's words on one line: no control characters. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = ' ';
}

static const char *type_word(const char *type)
{
    if (strcmp(type, "crosscheck.request") == 0)
        return pd_tr(S_UPD_T_CROSSCHECK);
    if (strcmp(type, "person.transfer_in") == 0)
        return pd_tr(S_UPD_T_TRANSFER);
    if (strcmp(type, "policy.update") == 0)
        return pd_tr(S_UPD_T_POLICY);
    if (strcmp(type, "message") == 0)
        return pd_tr(S_UPD_T_MESSAGE);
    return pd_tr(S_UPD_T_UNKNOWN);
}

static const char *state_word(const char *state)
{
    static const struct { const char *key; enum pd_str w; } words[] = {
        { "new", S_UPD_ST_NEW }, { "answered", S_UPD_ST_ANSWERED }, { "confirmed", S_UPD_ST_CONFIRMED },
        { "applied", S_UPD_ST_APPLIED }, { "refused", S_UPD_ST_REFUSED }, { "dismissed", S_UPD_ST_DISMISSED },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(state, words[i].key) == 0)
            return pd_tr(words[i].w);
    return state;
}

/* What the update is about, in one line: the question, the person's name,
 * the policy's name and version, the message's title. */
static void summary(const struct pd_update *u, char *out, size_t size)
{
    const json_t *d = u->data;
    if (strcmp(u->type, "crosscheck.request") == 0) {
        snprintf(out, size, "%s %s", sget(d, "question"), sget(d, "id_number"));
    } else if (strcmp(u->type, "person.transfer_in") == 0) {
        const json_t *p = json_object_get(d, "person");
        const char *from = sget(d, "from");
        snprintf(out, size, "%s %s%s%s", sget(p, "name"), sget(p, "id_number"), from[0] ? " ← " : "", from);
    } else if (strcmp(u->type, "policy.update") == 0) {
        const json_t *v = json_object_get(d, "version");
        snprintf(out, size, "%s v%lld", sget(d, "name"), json_is_integer(v) ? (long long)json_integer_value(v) : 0LL);
    } else if (strcmp(u->type, "message") == 0 && (sget(d, "title")[0] || sget(d, "text")[0])) {
        snprintf(out, size, "%s", sget(d, "title")[0] ? sget(d, "title") : sget(d, "text"));
    } else {
        char *txt = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(out, size, "%s %s", u->type, txt ? txt : "");
        free(txt);
    }
    one_line(out);
}

static int collect(void *ctx, const struct pd_update *u)
{
    struct upd *U = ctx;
    struct urow r;
    memset(&r, 0, sizeof r);
    r.num = u->num;
    pd_strlcpy(r.uid, u->uid, sizeof r.uid);
    pd_strlcpy(r.type, u->type, sizeof r.type);
    pd_strlcpy(r.date, u->at[0] ? u->at : u->received, sizeof r.date);
    pd_strlcpy(r.state, u->state, sizeof r.state);
    summary(u, r.about, sizeof r.about);
    pd_strlcpy(r.note, u->note, sizeof r.note);
    one_line(r.note);
    return pd_rows_push((void **)&U->rows, &U->n, &U->cap, &U->oom, &r, sizeof r);
}

static void load(struct upd *U, struct pd_ui *ui)
{
    U->n = 0;
    U->oom = false;
    struct pd_error err;
    pd_error_clear(&err);
    pd_err rc = pd_updates_each(ui->db, U->all ? PD_UPD_ALL : PD_UPD_OPEN, collect, U, &err);
    pd_list_loaded(ui, &U->list, U->n, rc, &err, U->oom);
}

/* ---- one update whole ------------------------------------------------------ */

/* "label  value", the value wrapped by display width under itself. */
static void dline(struct upd *U, int w, const char *label, const char *value)
{
    const int lw = 16;
    char lab[96];
    pd_text_pad(lab, sizeof lab, label, lw, true);
    char v[PD_UPDATE_NOTE_MAX + 256];
    pd_strlcpy(v, value && value[0] ? value : "-", sizeof v);
    one_line(v);
    int vw = w - lw - 1 > 10 ? w - lw - 1 : 10;
    const char *p = v;
    for (bool first = true; (first || *p) && U->dn < DL_MAX; first = false) {
        size_t n = pd_text_fit(p, vw);
        if (n == 0 && *p) {
            /* a character wider than the room: take it whole */
            uint32_t cp;
            n = pd_utf8_decode(p, strlen(p), &cp);
            if (n == 0)
                n = 1;
        }
        if (first)
            snprintf(U->dl[U->dn++], DL_W, "%s %.*s", lab, (int)n, p);
        else    /* a continuation goes under the value, not the label */
            snprintf(U->dl[U->dn++], DL_W, "%*s%.*s", lw + 1, "", (int)n, p);
        p += n;
    }
}

static void dblank(struct upd *U)
{
    if (U->dn < DL_MAX)
        U->dl[U->dn++][0] = '\0';
}

/* The person the district filled in, field by field in words. */
static void person_lines(struct upd *U, int w, const json_t *p)
{
    if (!json_is_object(p)) {
        dline(U, w, pd_tr(S_UPD_L_PERSON), "-");
        return;
    }
    if (U->dn < DL_MAX)
        snprintf(U->dl[U->dn++], DL_W, "%s", pd_tr(S_UPD_L_PERSON));
    /* the known fields in the register's order, then anything else */
    for (int i = 0; i < pd_person_fields.n; i++) {
        const struct pd_field *f = &pd_person_fields.fields[i];
        const json_t *v = json_object_get(p, f->key);
        if (!v || json_is_null(v))
            continue;
        char val[512];
        pd_ui_value(f, v, val, sizeof val);
        char lab[96];
        snprintf(lab, sizeof lab, "  %s", pd_i18n_en() ? f->en : f->zh);
        dline(U, w, lab, val);
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)p, key, v) {
        if (pd_field_find(&pd_person_fields, key))
            continue;
        char *txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        char lab[96];
        snprintf(lab, sizeof lab, "  %s", key);
        dline(U, w, lab, txt ? txt : "");
        free(txt);
    }
}

/* "2012-06-02T09:00:00+08:00" -> "2012-06-02 09:00" (the station's zone) */
static const char *when(const char *iso, char *buf, size_t size)
{
    pd_strlcpy(buf, iso, size);
    if (strlen(buf) >= 16 && buf[10] == 'T') {
        buf[10] = ' ';
        buf[16] = '\0';
    }
    return buf;
}

static void build_detail(struct upd *U, struct pd_ui *ui)
{
    U->dn = 0;
    if (!U->dl)
        U->dl = calloc(DL_MAX, sizeof *U->dl);
    if (!U->dl) {
        pd_ui_say(ui, true, "out of memory");
        U->detail = false;
        return;
    }
    struct pd_update u;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_updates_get(ui->db, U->duid, &u, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        U->detail = false;
        return;
    }
    int w = ui->cols - 2;
    char buf[PD_UPDATE_NOTE_MAX + 200];
    snprintf(buf, sizeof buf, "%s  %s (%s)", u.uid, type_word(u.type), u.type);
    dline(U, w, pd_tr(S_UPD_L_ID), buf);
    dline(U, w, pd_tr(S_UPD_L_STATE), state_word(u.state));
    char t[40];
    dline(U, w, pd_tr(S_UPD_L_AT), when(u.at, t, sizeof t));
    dline(U, w, pd_tr(S_UPD_L_RECEIVED), when(u.received, t, sizeof t));
    dblank(U);
    const json_t *d = u.data;
    if (strcmp(u.type, "crosscheck.request") == 0) {
        dline(U, w, pd_tr(S_COL_ID), sget(d, "id_number"));
        dline(U, w, pd_tr(S_UPD_L_QUESTION), sget(d, "question"));
        dline(U, w, pd_tr(S_UPD_L_DUE), sget(d, "due"));
    } else if (strcmp(u.type, "person.transfer_in") == 0) {
        dline(U, w, pd_tr(S_UPD_L_FROM), sget(d, "from"));
        dline(U, w, pd_tr(S_UPD_L_DATE), sget(d, "date"));
        person_lines(U, w, json_object_get(d, "person"));
    } else if (strcmp(u.type, "policy.update") == 0) {
        const json_t *v = json_object_get(d, "version");
        dline(U, w, pd_tr(S_UPD_L_POLNAME), sget(d, "name"));
        snprintf(buf, sizeof buf, "%lld", json_is_integer(v) ? (long long)json_integer_value(v) : 0LL);
        dline(U, w, pd_tr(S_UPD_L_VERSION), buf);
        const json_t *ini = json_object_get(d, "ini");
        pd_trf(buf, sizeof buf, S_UPD_POLFILE_SIZE, json_is_string(ini) ? (long long)json_string_length(ini) : 0LL);
        dline(U, w, pd_tr(S_UPD_L_POLFILE), buf);
    } else if (strcmp(u.type, "message") == 0 && json_is_object(d)) {
        dline(U, w, pd_tr(S_UPD_L_TITLE), sget(d, "title"));
        dline(U, w, pd_tr(S_UPD_L_TEXT), sget(d, "text"));
    } else {
        pd_trf(buf, sizeof buf, S_UPD_UNKNOWN_TYPE, u.type);
        dline(U, w, "", buf);
        char *txt = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        dline(U, w, pd_tr(S_UPD_L_DATA), txt ? txt : "");
        free(txt);
    }
    if (u.note[0] || u.done_at[0] || u.seq) {
        dblank(U);
        if (u.note[0])
            dline(U, w, pd_tr(S_UPD_L_NOTE), u.note);
        if (u.done_at[0]) {
            pd_trf(buf, sizeof buf, S_UPD_DONE_BY, when(u.done_at, t, sizeof t), u.done_by[0] ? u.done_by : "popdesk");
            dline(U, w, pd_tr(S_UPD_L_DONE), buf);
        }
        if (u.seq) {
            char ev[200];
            pd_trf(ev, sizeof ev, S_UPD_EVENT_SEQ, u.seq);
            snprintf(buf, sizeof buf, "%s%s%s", ev, u.person[0] ? "  " : "", u.person);
            dline(U, w, pd_tr(S_UPD_L_EVENT), buf);
        }
    }
    pd_update_done(&u);
    if (U->dfirst > U->dn - 1)
        U->dfirst = U->dn > 0 ? U->dn - 1 : 0;
}

/* ---- the screen ------------------------------------------------------------ */

static void enter(struct pd_screen *s, struct pd_ui *ui)
{
    struct upd *U = s->st;
    load(U, ui);
    if (U->detail)
        build_detail(U, ui);
    if (!ui->status[0] && U->n > 0 && !U->detail)
        pd_ui_say(ui, false, "%s", pd_tr(S_UPD_HINT));
}

static int list_rows(const struct pd_ui *ui)
{
    return ui->height - 6;   /* heading, column heads, the selected one below, the typed line */
}

static void layout(struct pd_screen *s, struct pd_ui *ui)
{
    struct upd *U = s->st;
    pd_list_show(&U->list, list_rows(ui));
    if (U->detail)
        build_detail(U, ui);
}

static void draw_detail(struct upd *U, struct pd_ui *ui)
{
    int x = 1, w = ui->cols - 2, y = ui->top;
    pd_put(y, x, w, pd_tr(S_UPD_TITLE), R_HEADER);
    int rows = ui->height - 2;
    for (int i = 0; i < rows && U->dfirst + i < U->dn; i++)
        pd_put(y + 1 + i, x, w, U->dl[U->dfirst + i], R_NORMAL);
}

static void draw(struct pd_screen *s, struct pd_ui *ui)
{
    struct upd *U = s->st;
    if (U->detail) {
        draw_detail(U, ui);
        pd_prompt_draw(&U->ask, ui, ui->top + ui->height - 1);
        return;
    }
    int x = 1, w = ui->cols - 2, y = ui->top;
    char head[300];
    pd_trf(head, sizeof head, S_UPD_HEAD, pd_tr(U->all ? S_UPD_SHOW_ALL : S_UPD_SHOW_OPEN), U->n);
    pd_put(y, x, w, head, R_HEADER);
    int wide = ui->cols >= 120;
    int ct = wide ? 12 : 11, cs = 9;
    struct pd_col cols[5] = { { 4, true }, { ct, false }, { 10, false }, { cs, false },
                              { w - 4 - ct - 10 - cs - 4, false } };
    static const enum pd_str heads[5] = { S_UPD_COL_NUM, S_UPD_COL_TYPE, S_UPD_COL_DATE, S_COL_STATE,
                                          S_UPD_COL_ABOUT };
    pd_cols_head(y + 1, x, w, cols, 5, heads, false);
    if (U->n == 0) {
        pd_put(y + 2, x, w, pd_tr(S_UPD_NONE), R_DIM);
    } else {
        for (int i = 0; i < U->list.rows && U->list.first + i < U->n; i++) {
            int r = U->list.first + i, ry = y + 2 + i;
            const struct urow *o = &U->rows[r];
            enum pd_role_id role = r == U->list.sel ? R_SELECTED
                                   : strcmp(o->state, "refused") == 0 ? R_ERROR
                                   : strcmp(o->state, "new") == 0 ? R_NORMAL : R_DIM;
            char num[24];
            snprintf(num, sizeof num, "%lld", o->num);
            const char *cells[5] = { num, type_word(o->type), o->date, state_word(o->state), o->about };
            pd_fill(ry, x, w, role);
            pd_cols_put(ry, x, cols, 5, cells, role);
        }
        /* the selected one below the list: its id (what `popdesk updates`
         * takes), the summary in full and why a refused one was refused */
        const struct urow *o = &U->rows[U->list.sel];
        int by = ui->top + ui->height - 4;
        pd_hline(by, x, w);
        char line[ABOUT_MAX * 2 + 100];
        snprintf(line, sizeof line, "%s  %s%s%s", o->uid, o->about, o->note[0] ? "  " : "", o->note);
        const char *m = line;
        for (int k = 0; k < 2 && *m; k++) {
            size_t n = pd_text_fit(m, w);
            if (n == 0)
                break;
            char part[ABOUT_MAX * 2 + 100];
            memcpy(part, m, n);
            part[n] = '\0';
            pd_put(by + 1 + k, x, w, part, strcmp(o->state, "refused") == 0 ? R_ERROR : R_NORMAL);
            m += n;
        }
    }
    pd_prompt_draw(&U->ask, ui, ui->top + ui->height - 1);
}

/* The update a key acts on: the one shown whole, else the selected row. */
static const char *current_uid(const struct upd *U)
{
    if (U->detail)
        return U->duid;
    return U->n > 0 ? U->rows[U->list.sel].uid : NULL;
}

/* Reads the update uid and checks it can take action a; false with the
 * reason on the message line. */
static bool may_act(struct pd_ui *ui, const char *uid, enum pd_action a)
{
    if (ui->role == PD_ROLE_VIEWER) {
        pd_ui_say(ui, true, "%s", pd_tr(S_UPD_VIEWER_NO));
        return false;
    }
    struct pd_update u;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_updates_get(ui->db, uid, &u, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return false;
    }
    bool ok = true;
    if (a == ACT_UPD_ANSWER && strcmp(u.type, "crosscheck.request") != 0) {
        char m[PD_MSG_MAX];
        pd_trf(m, sizeof m, S_UPD_NOT_CROSSCHECK, type_word(u.type));
        pd_ui_say(ui, true, "%s", m);
        ok = false;
    } else if (a == ACT_UPD_CONFIRM && strcmp(u.type, "person.transfer_in") != 0) {
        char m[PD_MSG_MAX];
        pd_trf(m, sizeof m, S_UPD_NOT_TRANSFER, type_word(u.type));
        pd_ui_say(ui, true, "%s", m);
        ok = false;
    } else if (strcmp(u.state, "new") != 0 && !(a == ACT_UPD_DISMISS && strcmp(u.state, "refused") == 0)) {
        char m[PD_MSG_MAX];
        pd_trf(m, sizeof m, S_UPD_ALREADY, state_word(u.state));
        pd_ui_say(ui, true, "%s", m);
        ok = false;
    }
    pd_update_done(&u);
    return ok;
}

/* The store's refusal in its words: nothing was saved. */
static void say_refused(struct pd_ui *ui, const struct pd_error *err)
{
    char m[PD_MSG_MAX + 64];
    pd_trf(m, sizeof m, S_UPD_NOT_SAVED, err->msg);
    pd_ui_say(ui, true, "%s", m);
}

static void saved(struct upd *U, struct pd_ui *ui)
{
    load(U, ui);
    if (U->detail)
        build_detail(U, ui);
}

static void do_answer(struct upd *U, struct pd_ui *ui, bool found)
{
    struct pd_error err;
    pd_error_clear(&err);
    long long seq = 0;
    if (pd_updates_answer(ui->db, U->target, U->answer, found, ui->user, &seq, &err) != PD_OK) {
        say_refused(ui, &err);
        return;
    }
    ui->push.soon = true;   /* the answer goes to the district */
    saved(U, ui);
    char m[PD_MSG_MAX];
    pd_trf(m, sizeof m, S_UPD_ANSWERED, U->target, seq);
    pd_ui_say(ui, false, "%s", m);
}

/* The household typed: true when saved (the line closes), false with the
 * store's refusal on the message line and the line left open to mend. */
static bool do_confirm(struct upd *U, struct pd_ui *ui, const char *typed)
{
    char code[64];
    pd_strlcpy(code, typed, sizeof code);
    pd_text_strip_spaces(code);
    struct pd_error err;
    pd_error_clear(&err);
    char person[40] = "";
    if (pd_updates_confirm(ui->db, U->target, code, NULL, ui->user, person, &err) != PD_OK) {
        say_refused(ui, &err);
        return false;
    }
    ui->push.soon = true;
    /* the name for the message, from the district's record */
    char name[96] = "";
    struct pd_update u;
    pd_error_clear(&err);
    if (pd_updates_get(ui->db, U->target, &u, &err) == PD_OK) {
        pd_strlcpy(name, sget(json_object_get(u.data, "person"), "name"), sizeof name);
        pd_update_done(&u);
    }
    saved(U, ui);
    char m[PD_MSG_MAX];
    pd_trf(m, sizeof m, S_UPD_CONFIRMED, U->target, name, person, code);
    pd_ui_say(ui, false, "%s", m);
    return true;
}

static void do_dismiss(struct upd *U, struct pd_ui *ui, const char *note)
{
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_updates_dismiss(ui->db, U->target, note && *note ? note : NULL, ui->user, &err) != PD_OK) {
        say_refused(ui, &err);
        return;
    }
    saved(U, ui);
    char m[PD_MSG_MAX];
    pd_trf(m, sizeof m, S_UPD_DISMISSED_OK, U->target);
    pd_ui_say(ui, false, "%s", m);
}

static enum pd_reaction prompt_key(struct pd_screen *s, struct upd *U, struct pd_ui *ui, const struct pd_key *k)
{
    switch (pd_prompt_key(&U->ask, s, ui, k)) {
    case PD_PROMPT_CANCEL:
        pd_ui_say(ui, false, "%s", pd_tr(S_UPD_CANCELLED));
        return PD_R_DRAW;
    case PD_PROMPT_MORE:
        return PD_R_DRAW;
    case PD_PROMPT_DONE:
        break;
    }
    const char *text = U->ask.ed.buf;
    if (U->ask.what != ASK_NOTE && !text[0]) {
        /* the answer and the household cannot be empty: the line stays */
        pd_ui_say(ui, true, "%s", pd_tr(S_UPD_NEED_TEXT));
        return PD_R_DRAW;
    }
    switch (U->ask.what) {
    case ASK_ANSWER:
        pd_strlcpy(U->answer, text, sizeof U->answer);
        pd_prompt_stop(&U->ask, s);
        pd_question_ask(&U->asking_found, ui, pd_tr(S_UPD_ASK_FOUND));
        break;
    case ASK_HOUSEHOLD:
        if (do_confirm(U, ui, text))
            pd_prompt_stop(&U->ask, s);
        break;
    default: {
        char note[PD_UPDATE_NOTE_MAX];
        pd_strlcpy(note, text, sizeof note);
        pd_prompt_stop(&U->ask, s);
        do_dismiss(U, ui, note);
        break;
    }
    }
    return PD_R_DRAW;
}

static enum pd_reaction found_key(struct upd *U, struct pd_ui *ui, const struct pd_key *k)
{
    static const enum pd_action yn[] = { ACT_APPROVE, ACT_REJECT, ACT_BACK };
    enum pd_action a = pd_key_action(k, yn, sizeof yn / sizeof yn[0]);
    if (a == ACT_NONE)
        return PD_R_NONE;   /* only Y, N or Esc answer: the question stays */
    enum pd_answer ans = pd_question_answer(&U->asking_found, ui, a);
    if (a == ACT_BACK) {
        pd_ui_say(ui, false, "%s", pd_tr(S_UPD_CANCELLED));
        return PD_R_DRAW;
    }
    do_answer(U, ui, ans == PD_ANSWER_YES);
    return PD_R_DRAW;
}

static enum pd_reaction key(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k)
{
    struct upd *U = s->st;
    if (U->ask.on)
        return prompt_key(s, U, ui, k);
    if (U->asking_found)
        return found_key(U, ui, k);
    static const enum pd_action acts[] = { ACT_BACK, ACT_OPEN, ACT_UPD_ANSWER, ACT_UPD_CONFIRM, ACT_UPD_DISMISS,
                                           ACT_UPD_ALL, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN };
    enum pd_action a = PD_UI_ACTION(ui, k, acts);
    if (U->detail) {
        int page = ui->height - 2;
        switch (a) {
        case ACT_BACK:
            U->detail = false;
            PD_SCREEN_KEYS(s, list_keys);
            return PD_R_DRAW;
        case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: {
            int old = U->dfirst;
            U->dfirst += a == ACT_UP ? -1 : a == ACT_DOWN ? 1 : a == ACT_PGUP ? -page : page;
            if (U->dfirst > U->dn - page)
                U->dfirst = U->dn - page;
            if (U->dfirst < 0)
                U->dfirst = 0;
            return U->dfirst != old ? PD_R_DRAW : PD_R_NONE;
        }
        case ACT_OPEN: case ACT_UPD_ALL: case ACT_NONE:
            return PD_R_NONE;
        default:
            break;
        }
    } else {
        switch (a) {
        case ACT_BACK: return PD_R_POP;
        case ACT_NONE: return PD_R_NONE;
        case ACT_UPD_ALL:
            U->all = !U->all;
            U->list.sel = U->list.first = 0;
            load(U, ui);
            return PD_R_DRAW;
        case ACT_OPEN:
            if (U->n == 0)
                return PD_R_NONE;
            pd_strlcpy(U->duid, U->rows[U->list.sel].uid, sizeof U->duid);
            U->detail = true;
            U->dfirst = 0;
            PD_SCREEN_KEYS(s, detail_keys);
            build_detail(U, ui);
            if (!U->detail)
                PD_SCREEN_KEYS(s, list_keys);
            return PD_R_DRAW;
        case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN:
            return pd_list_move(&U->list, a) ? PD_R_DRAW : PD_R_NONE;
        default:
            break;
        }
    }
    /* A, C, D: on the update shown whole or the selected one */
    const char *uid = current_uid(U);
    if (!uid)
        return PD_R_NONE;
    if (!may_act(ui, uid, a))
        return PD_R_DRAW;
    pd_strlcpy(U->target, uid, sizeof U->target);
    if (a == ACT_UPD_ANSWER) {
        pd_prompt_start(&U->ask, s, ASK_ANSWER, S_UPD_ASK_ANSWER, NULL, pd_prompt_keys, 2);
        U->ask.need = false;   /* an empty line is answered here, in this screen's words */
    } else if (a == ACT_UPD_CONFIRM) {
        pd_prompt_start(&U->ask, s, ASK_HOUSEHOLD, S_UPD_ASK_HH, NULL, pd_prompt_keys, 2);
        U->ask.need = false;   /* an empty line is answered here, in this screen's words */
    } else {
        pd_prompt_start(&U->ask, s, ASK_NOTE, S_UPD_ASK_NOTE, NULL, pd_prompt_keys, 2);
        U->ask.need = false;
    }
    return PD_R_DRAW;
}

static void leave(struct pd_screen *s)
{
    struct upd *U = s->st;
    pd_prompt_stop(&U->ask, s);
    free(U->rows);
    U->rows = NULL;
    free(U->dl);
    U->dl = NULL;
}

static const struct pd_screen_ops ops = { "updates", enter, key, layout, draw, leave };

struct pd_screen *pd_scr_updates(struct pd_ui *ui)
{
    (void)ui;
    struct pd_screen *s = pd_screen_new(&ops, sizeof(struct upd));
    if (!s)
        return NULL;
    pd_strlcpy(s->title, pd_tr(S_UPD_TITLE), sizeof s->title);
    PD_SCREEN_KEYS(s, list_keys);
    s->help = S_HELP_UPDATES;
    return s;
}
