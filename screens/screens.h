/* screens.h - the screens of popdesk behind one interface.
 *
 * Each screen is a module with ops (tig's view_ops): enter (load what it
 * shows; called again when it comes back to the top), key (change state and
 * return a reaction, htop style: the loop in src/app/cmd_tui.c acts on it),
 * layout (after a resize, NeoMutt's recalc) apart from draw (repaint), and
 * leave (free).  Screens are thin: they ask the store and core, put the
 * answers on screen, and send every change through pd_event_save signed by
 * the logged-in user.  The loop owns the stack; a screen hands it a new
 * screen through ui->next.
 */
#ifndef PD_SCREENS_H
#define PD_SCREENS_H

#include <stdbool.h>

#include "app/app.h"
#include "core/event.h"
#include "core/i18n.h"
#include "store/users.h"
#include "tui/keys.h"
#include "tui/term.h"

enum pd_reaction {
    PD_R_NONE,      /* nothing to redraw */
    PD_R_DRAW,      /* redraw */
    PD_R_PUSH,      /* show ui->next above this screen */
    PD_R_REPLACE,   /* show ui->next instead of this screen */
    PD_R_POP,       /* back to the screen below */
    PD_R_HOME,      /* back to the home screen */
    PD_R_QUIT,      /* end the program */
    PD_R_LOGOUT,    /* back to the login screen (every screen closed) */
};

struct pd_screen;
struct pd_push_private;
struct pd_policy;

/* The background push as the screens see it (screens/pushing.c). */
struct pd_push {
    bool configured;             /* [district] url is set */
    bool running;                /* a pass is under way */
    bool soon;                   /* push as soon as possible (after a save, S) */
    bool asked;                  /* the clerk pressed S (resumes a halted push) */
    char note[PD_MSG_MAX];       /* the last pass of this session in words */
    bool note_error;
    long long session_sent, session_rejected;
    struct pd_push_private *p;
};

struct pd_ui {
    struct pd_app *app;
    struct pd_db *db;
    char user[PD_USER_MAX + 1];
    enum pd_role role;
    int rows, cols;          /* terminal size */
    int top, height;         /* the body: rows top .. top+height-1 */
    char status[PD_MSG_MAX]; /* message line */
    bool status_error;
    bool cursor;             /* set by draw: show the cursor at cy, cx */
    int cy, cx;
    struct pd_screen *next;  /* for PD_R_PUSH / PD_R_REPLACE */
    struct pd_push push;
    long long last_key_ms;   /* monotonic: for the idle lock */
    struct pd_policy *policy;     /* loaded on first use (pd_ui_policy) */
    bool policy_tried;
    char policy_err[PD_MSG_MAX];
};

struct pd_screen_ops {
    const char *name;
    void (*enter)(struct pd_screen *s, struct pd_ui *ui);
    enum pd_reaction (*key)(struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k);
    void (*layout)(struct pd_screen *s, struct pd_ui *ui);
    void (*draw)(struct pd_screen *s, struct pd_ui *ui);
    void (*leave)(struct pd_screen *s);
};

struct pd_screen {
    const struct pd_screen_ops *ops;
    char title[160];
    const enum pd_action *keys;   /* shown on the bottom line and in the help */
    int nkeys;
    enum pd_str help;
    bool text_entry;              /* printable keys type text: letters are not shortcuts */
    void *st;                     /* the screen's own state */
    struct pd_screen *below;      /* the stack (owned by the loop) */
};

/* Allocates a screen with its ops and zeroed state of `size` bytes;
 * NULL when out of memory. */
struct pd_screen *pd_screen_new(const struct pd_screen_ops *ops, size_t size);
/* Frees a screen pd_screen_new made that its constructor gives up on
 * before anyone has it (its state and itself; what the state points to is
 * the caller's to free first).  Returns NULL, for `return pd_screen_drop(s)`. */
struct pd_screen *pd_screen_drop(struct pd_screen *s);
/* Sets the message line (printf-like). */
void pd_ui_say(struct pd_ui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Convenience: ui->next = s; returns PD_R_PUSH (PD_R_DRAW with an error
 * message if s is NULL). */
enum pd_reaction pd_ui_push(struct pd_ui *ui, struct pd_screen *s);

/* ---- the screens ---- */
struct pd_screen *pd_scr_login(struct pd_ui *ui);
struct pd_screen *pd_scr_home(struct pd_ui *ui);
struct pd_screen *pd_scr_find(struct pd_ui *ui);
struct pd_screen *pd_scr_household(struct pd_ui *ui, const char *code);
struct pd_screen *pd_scr_person(struct pd_ui *ui, const char *pid);
/* The menu of change events for a person (pid) or a household (pid NULL). */
struct pd_screen *pd_scr_events(struct pd_ui *ui, const char *household, const char *pid);
/* A form: a new household (type household.add), an event of `type` for the
 * household/person it starts from, or a correction (record.correct) of the
 * person (pid) or else the household. */
struct pd_screen *pd_scr_form(struct pd_ui *ui, const char *type, const char *household,
                              const char *pid);
/* The same form with some fields filled from `values` (JSON object of
 * field key -> stored text), e.g. from another department's list. */
struct pd_screen *pd_scr_form_prefilled(struct pd_ui *ui, const char *type, const char *household,
                                        const char *pid, const json_t *values);
struct pd_screen *pd_scr_log(struct pd_ui *ui, const char *household, const char *pid);
struct pd_screen *pd_scr_roster(struct pd_ui *ui, bool migrants);
/* Events the district sent back (rejected, or sent as a stand-in). */
struct pd_screen *pd_scr_returned(struct pd_ui *ui);
/* What the district sent by the pull (store/updates.h): the open (or all)
 * updates; answer a cross-check, confirm a transfer in, dismiss any
 * (screens/updates.c). */
struct pd_screen *pd_scr_updates(struct pd_ui *ui);
/* The annual confirmation of a subsidy programme (prog: enum pd_programme). */
struct pd_screen *pd_scr_subsidy(struct pd_ui *ui, int prog, int year);
/* The statistics (screens/dashboard.c, reports.c, quality.c): each district
 * target beside its value for a period and group; the reports as on paper,
 * to scroll, print and export; the problems of the last data-quality check
 * (duplicates: only the likely duplicates, with the merge for supervisors). */
struct pd_screen *pd_scr_dashboard(struct pd_ui *ui);
struct pd_screen *pd_scr_reports(struct pd_ui *ui);
struct pd_screen *pd_scr_quality(struct pd_ui *ui, bool duplicates);
/* The last reconciliation with another department's list, by group
 * (screens/reconcile.c); a new run from a file path. */
struct pd_screen *pd_scr_reconcile(struct pd_ui *ui);
/* The idle lock: asks the logged-in user's password again. */
struct pd_screen *pd_scr_lock(struct pd_ui *ui);
/* The case files (screens/cases.c, screens/caselists.c): the menu from
 * home, and one person's cases from the person screen. */
struct pd_screen *pd_scr_cases(struct pd_ui *ui);
/* High-risk archives, women's health services, the benefit ledger
 * (screens/services.c), from home with J. */
struct pd_screen *pd_scr_services(struct pd_ui *ui);
struct pd_screen *pd_scr_person_cases(struct pd_ui *ui, const char *pid);
/* The person's cases in one line for the person screen: "案卷（A 打开）：
 * 再生育申请1 县审批 · 在孕 预产期... · 社会抚养费..." ("none" when none). */
void pd_person_cases_line(struct pd_ui *ui, const char *pid, char *buf, size_t size);

/* ---- pushing to the district in the background (screens/pushing.c) ---- */

/* Reads [district] from the config; nothing happens without a url.  Call
 * once before the terminal starts (libcurl's global set-up). */
void pd_push_init(struct pd_ui *ui);
/* Starts a pass when one is due and someone is logged in; never blocks. */
void pd_push_tick(struct pd_ui *ui);
/* The running pass's fd for the input loop's poll, else -1. */
int  pd_push_fd(const struct pd_ui *ui);
/* When the running pass has ended: notes its result, plans the next; true
 * then (the screens showing the state should reload). */
bool pd_push_collect(struct pd_ui *ui);
/* Milliseconds until a pass is due (0: now), -1 when none is planned. */
long long pd_push_wait_ms(const struct pd_ui *ui);
/* Stops a running pass (within about a second) and frees. */
void pd_push_end(struct pd_ui *ui);
long long pd_now_ms(void);

/* The policy file ([policy] file), read once; NULL with the reason in
 * ui->policy_err when there is none or it is wrong. */
const struct pd_policy *pd_ui_policy(struct pd_ui *ui);
/* The programme's name in the UI language. */
const char *pd_programme_word(int prog);
/* Only a supervisor or admin signs subsidy decisions; a viewer changes
 * nothing.  When refused, says so on the message line. */
bool pd_ui_may_change(struct pd_ui *ui);

/* A change log row's values in words (screens/log.c): "label: value; ..."
 * with labels from core/fields.h and codes by name; with `arrows`, "label:
 * old → new".  A change that altered no column is told by its event data.
 * JSON cut short by the store is shown as it is. */
void pd_log_words(const char *type, const char *entity, const char *before, const char *after,
                  const char *data, bool arrows, char *buf, size_t size);

/* ---- shared drawing (screens/common.c) ---- */

/* A scrolling list's position. */
struct pd_list {
    int n;        /* rows */
    int sel;      /* selected row */
    int first;    /* first row shown */
    int rows;     /* rows shown */
};
void pd_list_fix(struct pd_list *l);
/* Moves for a list action (up/down/page); true if it moved. */
bool pd_list_move(struct pd_list *l, enum pd_action a);

/* A code's name in the UI language (enum pd_codeset set), NULL if unknown. */
const char *pd_code_word(int set, const char *code);
/* A stored field value for display in the UI language (codes by name,
 * flags as yes/no). */
struct pd_field;
void pd_ui_value(const struct pd_field *f, const json_t *v, char *buf, size_t size);
/* Words for list columns. */
const char *pd_sex_word(const char *code);
const char *pd_status_word(const char *status);
/* Age in years on the register's today, "" when unknown. */
void pd_age_text(struct pd_ui *ui, const char *birth, char *buf, size_t size);
/* The event type's name in the UI language. */
const char *pd_event_word(const char *type);

#endif
