/* cmd_tui.c - `popdesk` with no command: the screens.
 *
 * Opens the register, starts the terminal (src/tui/term.c), and runs the
 * loop: draw the top screen with the title bar, the message line and the
 * key line; read one key; give it to the screen; act on the reaction (push,
 * pop, replace, home, quit).  The loop owns the screen stack.  Resizing
 * re-lays out every screen; below 80x24 the body says so instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/text.h"
#include "screens/screens.h"
#include "store/db.h"
#include "tui/keys.h"
#include "tui/term.h"

struct loop {
    struct pd_ui ui;
    struct pd_screen *top;
    bool help;
};

static void free_screen(struct pd_screen *s)
{
    if (s->ops->leave)
        s->ops->leave(s);
    pd_screen_drop(s);
}

static void layout_all(struct loop *L)
{
    struct pd_ui *ui = &L->ui;
    pd_term_size(&ui->rows, &ui->cols);
    ui->top = 1;
    ui->height = ui->rows - 3;
    for (struct pd_screen *s = L->top; s; s = s->below)
        if (s->ops->layout)
            s->ops->layout(s, ui);
}

static bool too_small(const struct pd_ui *ui)
{
    return ui->rows < PD_MIN_ROWS || ui->cols < PD_MIN_COLS;
}

static bool key_shown(const struct pd_ui *ui, enum pd_action a)
{
    /* the key line says what this user may do */
    return !(ui->role == PD_ROLE_VIEWER && ui->user[0] && pd_key_is_change(a));
}

static int key_width(enum pd_action a)
{
    return pd_text_width(pd_key_name(a)) + pd_text_width(pd_key_label(a)) + 1;
}

static int put_key(int y, int x, int cols, enum pd_action a)
{
    int x0 = x;
    x += pd_put_text(y, x, cols - x, pd_key_name(a), R_KEYNAME);
    x += pd_put_text(y, x, cols - x, pd_key_label(a), R_KEYS);
    x += pd_put_text(y, x, cols - x, " ", R_KEYS);
    return x - x0;
}

/* F1, then the screen's keys; when they do not all fit (English labels are
 * longer), the last one (quit, back) keeps its place at the right end. */
static void draw_keys(struct loop *L)
{
    struct pd_ui *ui = &L->ui;
    struct pd_screen *s = L->top;
    int y = ui->rows - 1, x = 0, n = s->nkeys;
    pd_fill(y, 0, ui->cols, R_KEYS);
    int total = key_width(ACT_HELP);
    for (int i = 0; i < n; i++)
        if (key_shown(ui, s->keys[i]))
            total += key_width(s->keys[i]);
    int limit = ui->cols;
    if (total > ui->cols && n > 0) {
        enum pd_action last = s->keys[n - 1];
        limit = ui->cols - key_width(last);
        put_key(y, limit, ui->cols, last);
        n--;
    }
    x += put_key(y, x, limit, ACT_HELP);
    for (int i = 0; i < n; i++) {
        if (!key_shown(ui, s->keys[i]))
            continue;
        if (x + key_width(s->keys[i]) > limit)
            break;
        x += put_key(y, x, limit, s->keys[i]);
    }
}

static void draw_help(struct loop *L)
{
    struct pd_ui *ui = &L->ui;
    struct pd_screen *s = L->top;
    int w = ui->cols - 8 < 100 ? ui->cols - 8 : 100, h = ui->height - 2;
    int y0 = ui->top + 1, x0 = (ui->cols - w) / 2;
    pd_box(y0, x0, h, w);
    char title[200];
    snprintf(title, sizeof title, " %s: %s ", pd_tr(S_HELP), s->title);
    pd_put_text(y0, x0 + 2, w - 4, title, R_HEADER);
    /* the screen's paragraph, wrapped by display width */
    const char *p = pd_tr(s->help);
    int y = y0 + 1, inner = w - 4;
    while (*p && y < y0 + h - 1) {
        size_t n = pd_text_fit(p, inner);
        if (n == 0)
            break;
        /* English wraps between words (Chinese anywhere) */
        if (p[n] && p[n] != ' ') {
            size_t sp = n;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > n / 2)
                n = sp + 1;
        }
        char line[512];
        if (n >= sizeof line)
            n = sizeof line - 1;
        memcpy(line, p, n);
        line[n] = '\0';
        pd_put(y++, x0 + 2, inner, line, R_NORMAL);
        p += n;
    }
    y++;
    if (y < y0 + h - 1)
        pd_put(y++, x0 + 2, inner, pd_tr(S_KEYS), R_HEADER);
    enum pd_action always[] = { ACT_HELP };
    for (int pass = 0; pass < 2; pass++) {
        const enum pd_action *list = pass == 0 ? always : s->keys;
        int n = pass == 0 ? 1 : s->nkeys;
        for (int i = 0; i < n && y < y0 + h - 2; i++) {
            if (!key_shown(ui, list[i]))
                continue;
            pd_put(y, x0 + 4, 8, pd_key_name(list[i]), R_KEYNAME);
            pd_put(y++, x0 + 13, inner - 11, pd_key_label(list[i]), R_NORMAL);
        }
    }
    pd_put(y0 + h - 2, x0 + 2, inner, pd_tr(S_HELP_CLOSE), R_DIM);
}

static void draw(struct loop *L)
{
    struct pd_ui *ui = &L->ui;
    pd_term_clear();
    ui->cursor = false;
    if (too_small(ui)) {
        char msg[200];
        pd_trf(msg, sizeof msg, S_TOO_SMALL, PD_MIN_COLS, PD_MIN_ROWS, ui->cols, ui->rows);
        for (int y = 0, off = 0; y < ui->rows && msg[off]; y++) {
            size_t n = pd_text_fit(msg + off, ui->cols);
            if (n == 0)
                break;
            char line[200];
            memcpy(line, msg + off, n);
            line[n] = '\0';
            pd_put(y, 0, ui->cols, line, R_ERROR);
            off += (int)n;
        }
        pd_cursor(0, 0, false);
        pd_term_refresh();
        return;
    }
    /* title bar: program, screen, user, station */
    char left[256], right[128];
    snprintf(left, sizeof left, " %s | %s", pd_tr(S_APP), L->top->title);
    snprintf(right, sizeof right, "%s%s%s %s ", ui->user, ui->user[0] ? " | " : "",
             pd_tr(S_STATION), pd_db_station(ui->db));
    int rw = pd_text_width(right);
    pd_put(0, 0, ui->cols - rw, left, R_TITLE);
    pd_put(0, ui->cols - rw, rw, right, R_TITLE);
    L->top->ops->draw(L->top, ui);
    if (L->help) {
        ui->cursor = false;
        draw_help(L);
    }
    pd_put(ui->rows - 2, 0, ui->cols, ui->status, ui->status_error ? R_ERROR : R_NORMAL);
    draw_keys(L);
    pd_cursor(ui->cy, ui->cx, ui->cursor);
    pd_term_refresh();
}

static void push(struct loop *L, struct pd_screen *s)
{
    s->below = L->top;
    L->top = s;
    if (s->ops->layout)
        s->ops->layout(s, &L->ui);
    if (s->ops->enter)
        s->ops->enter(s, &L->ui);
}

static void pop(struct loop *L)
{
    struct pd_screen *s = L->top;
    if (!s->below)
        return;
    L->top = s->below;
    free_screen(s);
    if (L->top->ops->layout)
        L->top->ops->layout(L->top, &L->ui);
    if (L->top->ops->enter)
        L->top->ops->enter(L->top, &L->ui);
}

/* Every screen closed (an unsaved form is dropped: the lock's help says so),
 * the user forgotten, the login screen again.  The background push goes on:
 * it belongs to the register, not to the clerk. */
static void logout(struct loop *L)
{
    while (L->top) {
        struct pd_screen *s = L->top;
        L->top = s->below;
        free_screen(s);
    }
    char who[PD_USER_MAX + 1];
    pd_strlcpy(who, L->ui.user, sizeof who);
    explicit_bzero(L->ui.user, sizeof L->ui.user);
    L->ui.role = PD_ROLE_VIEWER;
    L->help = false;
    struct pd_screen *login = pd_scr_login(&L->ui);
    if (!login)
        pd_term_die(4, "out of memory");
    pd_ui_say(&L->ui, false, "%s: %s", pd_tr(S_LOGGED_OUT), who);
    push(L, login);
}

/* [ui] idle_lock_minutes, or POPDESK_TUI_IDLE_LOCK_MS (tests); 0 = never. */
static long long idle_limit_ms(const struct pd_app *app)
{
    const char *v = getenv("POPDESK_TUI_IDLE_LOCK_MS");
    if (v && *v) {
        char *end;
        long long n = strtoll(v, &end, 10);
        if (!*end && n > 0)
            return n;
    }
    return app->cfg.idle_lock_minutes * 60000LL;
}

/* Locks the screen once the clerk has been away long enough. */
static bool idle_lock(struct loop *L, long long limit)
{
    if (limit <= 0 || !L->ui.user[0] || pd_now_ms() - L->ui.last_key_ms < limit)
        return false;
    const char *top = L->top->ops->name;
    if (strcmp(top, "lock") == 0 || strcmp(top, "login") == 0)
        return false;
    struct pd_screen *lk = pd_scr_lock(&L->ui);
    if (!lk)
        return false;
    L->help = false;
    L->ui.status[0] = '\0';
    push(L, lk);
    return true;
}

static bool act(struct loop *L, enum pd_reaction r)
{
    struct pd_ui *ui = &L->ui;
    struct pd_screen *next = ui->next;
    ui->next = NULL;
    switch (r) {
    case PD_R_PUSH:
        if (next)
            push(L, next);
        break;
    case PD_R_REPLACE:
        if (next) {
            struct pd_screen *old = L->top;
            next->below = old->below;
            old->below = NULL;
            L->top = next->below;
            free_screen(old);
            push(L, next);
        }
        break;
    case PD_R_POP:
        pop(L);
        break;
    case PD_R_HOME:
        while (L->top->below && strcmp(L->top->ops->name, "home") != 0)
            pop(L);
        break;
    case PD_R_QUIT:
        return false;
    case PD_R_LOGOUT:
        logout(L);
        break;
    default:
        break;
    }
    return true;
}

int pd_cmd_tui(struct pd_app *app, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    pd_i18n_set(app->cfg.language);
    struct loop L;
    memset(&L, 0, sizeof L);
    L.ui.app = app;
    int rc = pd_app_open(app, 0, &L.ui.db);
    if (rc != 0)
        return rc;
    struct pd_error err;
    pd_error_clear(&err);
    if (!pd_db_station(L.ui.db)[0]) {
        fprintf(stderr, "popdesk: %s\n", pd_tr(S_NO_DB_STATION));
        pd_db_close(&L.ui.db);
        return 1;
    }
    /* before the terminal and before any thread (libcurl's global set-up) */
    pd_push_init(&L.ui);
    if (pd_term_start(&err) != PD_OK) {
        pd_push_end(&L.ui);
        pd_db_close(&L.ui.db);
        return pd_app_fail(app, &err);
    }
    layout_all(&L);
    L.ui.last_key_ms = pd_now_ms();
    struct pd_screen *login = pd_scr_login(&L.ui);
    if (!login)
        pd_term_die(4, "out of memory");
    push(&L, login);
    bool dirty = true;
    long long idle_ms = idle_limit_ms(app);
    while (!pd_term_quit_requested()) {
        if (idle_lock(&L, idle_ms))
            dirty = true;
        bool was_running = L.ui.push.running;
        pd_push_tick(&L.ui);
        if (L.ui.push.running != was_running && strcmp(L.top->ops->name, "home") == 0)
            dirty = true;   /* "sending..." */
        if (dirty)
            draw(&L);
        dirty = false;
        long long wait = pd_push_wait_ms(&L.ui);
        int timeout = wait >= 0 && wait < 1000 ? (int)wait + 1 : 1000;
        if (idle_ms > 0 && idle_ms < 2000 && timeout > 100)
            timeout = 100;   /* a test's short idle limit is met on time */
        struct pd_key k;
        bool pushed = false;
        pd_term_read_fd(&k, timeout, pd_push_fd(&L.ui), &pushed);
        if ((pushed || pd_push_fd(&L.ui) >= 0) && pd_push_collect(&L.ui)) {
            /* a pass ended: the screens that show the state read it again */
            const char *top = L.top->ops->name;
            if ((strcmp(top, "home") == 0 || strcmp(top, "returned") == 0) && L.top->ops->enter)
                L.top->ops->enter(L.top, &L.ui);
            dirty = true;
        }
        if (k.type == PD_KEY_NONE)
            continue;
        L.ui.last_key_ms = pd_now_ms();
        dirty = true;
        if (k.type == PD_KEY_RESIZE) {
            layout_all(&L);
            continue;
        }
        if (too_small(&L.ui)) {
            if (pd_key_is(&k, ACT_QUIT) && k.type == PD_KEY_FUNC)
                break;
            continue;
        }
        if (L.help) {
            L.help = false;
            continue;
        }
        if (pd_key_is(&k, ACT_HELP)) {
            L.help = true;
            continue;
        }
        enum pd_reaction r = L.top->ops->key(L.top, &L.ui, &k);
        if (r == PD_R_NONE)
            dirty = false;
        if (!act(&L, r))
            break;
    }
    pd_push_end(&L.ui);
    free(L.ui.policy);
    pd_term_stop();
    while (L.top) {
        struct pd_screen *s = L.top;
        L.top = s->below;
        free_screen(s);
    }
    pd_db_close(&L.ui.db);
    return 0;
}
