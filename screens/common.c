/* common.c - what several screens share: allocation, the message line,
 * list scrolling, words for codes in lists. */
#include "screens/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/date.h"
#include "core/fields.h"
#include "app/policy_load.h"
#include "core/policy.h"
#include "store/db.h"

struct pd_screen *pd_screen_new(const struct pd_screen_ops *ops, size_t size)
{
    struct pd_screen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->st = calloc(1, size ? size : 1);
    if (!s->st) {
        free(s);
        return NULL;
    }
    s->ops = ops;
    return s;
}

void pd_ui_say(struct pd_ui *ui, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->status, sizeof ui->status, fmt, ap);
    va_end(ap);
    ui->status_error = error;
}

enum pd_reaction pd_ui_push(struct pd_ui *ui, struct pd_screen *s)
{
    if (!s) {
        if (!ui->status[0])
            pd_ui_say(ui, true, "out of memory");
        return PD_R_DRAW;
    }
    ui->next = s;
    return PD_R_PUSH;
}

void pd_list_fix(struct pd_list *l)
{
    if (l->rows < 1)
        l->rows = 1;
    if (l->sel >= l->n)
        l->sel = l->n - 1;
    if (l->sel < 0)
        l->sel = 0;
    if (l->first > l->sel)
        l->first = l->sel;
    if (l->sel >= l->first + l->rows)
        l->first = l->sel - l->rows + 1;
    if (l->first < 0)
        l->first = 0;
}

bool pd_list_move(struct pd_list *l, enum pd_action a)
{
    int old = l->sel;
    switch (a) {
    case ACT_UP: case ACT_PREV: l->sel--; break;
    case ACT_DOWN: case ACT_NEXT: l->sel++; break;
    case ACT_PGUP: l->sel -= l->rows; break;
    case ACT_PGDN: l->sel += l->rows; break;
    default: return false;
    }
    pd_list_fix(l);
    return l->sel != old;
}

const char *pd_sex_word(const char *code)
{
    if (strcmp(code, "1") == 0)
        return pd_i18n_en() ? "M" : "男";
    if (strcmp(code, "2") == 0)
        return pd_i18n_en() ? "F" : "女";
    return "";
}

const char *pd_status_word(const char *status)
{
    if (strcmp(status, "active") == 0)
        return pd_tr(S_ST_ACTIVE);
    if (strcmp(status, "dead") == 0)
        return pd_tr(S_ST_DEAD);
    if (strcmp(status, "moved_out") == 0)
        return pd_tr(S_ST_MOVED);
    if (strcmp(status, "left") == 0)
        return pd_tr(S_ST_LEFT);
    return status;
}

void pd_age_text(struct pd_ui *ui, const char *birth, char *buf, size_t size)
{
    struct pd_date b;
    buf[0] = '\0';
    if (pd_date_parse(birth, &b, "birth_date", NULL) != PD_OK || pd_date_is_empty(b))
        return;
    int age = pd_age_on(b, pd_db_today(ui->db));
    if (age >= 0)
        snprintf(buf, size, "%d", age);
}

const char *pd_event_word(const char *type)
{
    const struct pd_event_type *t = pd_event_type_find(type);
    if (!t)
        return type;
    return pd_i18n_en() ? t->en : t->zh;
}

const struct pd_policy *pd_ui_policy(struct pd_ui *ui)
{
    if (ui->policy_tried)
        return ui->policy;
    ui->policy_tried = true;
    const char *path = ui->app->cfg.policy_file;
    if (!path[0]) {
        pd_strlcpy(ui->policy_err, pd_tr(S_POLICY_NONE), sizeof ui->policy_err);
        return NULL;
    }
    struct pd_policy *p = malloc(sizeof *p);
    struct pd_error err;
    pd_error_clear(&err);
    if (!p) {
        pd_strlcpy(ui->policy_err, "out of memory", sizeof ui->policy_err);
        return NULL;
    }
    if (pd_policy_load(path, p, &err) != PD_OK) {
        pd_strlcpy(ui->policy_err, err.msg, sizeof ui->policy_err);
        free(p);
        return NULL;
    }
    ui->policy = p;
    return p;
}

const char *pd_programme_word(int prog)
{
    switch (prog) {
    case PD_PROG_REWARD: return pd_tr(S_PROG_REWARD);
    case PD_PROG_SPECIAL: return pd_tr(S_PROG_SPECIAL);
    case PD_PROG_ONECHILD: return pd_tr(S_PROG_ONECHILD);
    default: return "?";
    }
}

bool pd_ui_may_change(struct pd_ui *ui)
{
    if (ui->role != PD_ROLE_VIEWER)
        return true;
    pd_ui_say(ui, true, "%s", pd_tr(S_VIEWER_NO));
    return false;
}

const char *pd_code_word(int set, const char *code)
{
    const struct pd_code *c = pd_code_find((enum pd_codeset)set, code);
    if (!c)
        return NULL;
    return pd_i18n_en() && c->en && c->en[0] ? c->en : c->name;
}

void pd_ui_value(const struct pd_field *f, const json_t *v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (json_is_boolean(v)) {
        pd_strlcpy(buf, pd_tr(json_is_true(v) ? S_YES : S_NO), size);
        return;
    }
    if (f->kind == PD_F_CODE && json_is_string(v)) {
        const char *w = pd_code_word((int)f->codes, json_string_value(v));
        if (w) {
            pd_strlcpy(buf, w, size);
            return;
        }
    }
    pd_field_format(f, v, true, buf, size);
}
