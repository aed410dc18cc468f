/* common.h - the helpers the list screens share beyond screens.h
 * (screens/common.c, screens/printout.c): a list's rows grown as the store
 * hands them over, the columns of a list drawn from one table, the line a
 * screen asks for on its bottom row, the yes/no question on the message
 * line, the person a new case is for, a new case typed as rows (the fee
 * levy, the benefit application), the payment form under a ledger, and
 * where a printout or export goes.
 *
 * Ownership: a prompt and a question are plain data inside a screen's
 * state; a grown array belongs to the caller (free it); a row form's and a
 * payment form's struct pd_form is theirs (pd_form_done / close); a report
 * given to pd_printout stays the caller's.
 */
#ifndef PD_SCREENS_COMMON_H
#define PD_SCREENS_COMMON_H

#include "report/table.h"
#include "screens/screens.h"
#include "tui/form.h"

/* s->keys = arr and its length. */
#define PD_SCREEN_KEYS(s, arr) \
    ((s)->keys = (arr), (s)->nkeys = (int)(sizeof(arr) / sizeof((arr)[0])))

/* The action of key k among acts (pd_key_action); a key that acts clears
 * the last message from the message line. */
enum pd_action pd_ui_action(struct pd_ui *ui, const struct pd_key *k, const enum pd_action *acts, int n);
#define PD_UI_ACTION(ui, k, acts) pd_ui_action((ui), (k), (acts), (int)(sizeof(acts) / sizeof((acts)[0])))

/* ---- lists ---- */

/* For the store's each-callbacks: appends *item (`size` bytes) to *rows
 * (n rows, room for *cap, doubled from 32 as needed).  Returns 0, or 1
 * with *oom set when memory ran out (the callback's "stop"). */
int pd_rows_push(void **rows, int *n, int *cap, bool *oom, const void *item, size_t size);
/* After a load: the list's row count is n, the selection kept inside it;
 * the store's error (rc not PD_OK) or "out of memory" on the message line. */
void pd_list_loaded(struct pd_ui *ui, struct pd_list *l, int n, pd_err rc, const struct pd_error *err,
                    bool oom);
/* Layout: `rows` rows shown. */
void pd_list_show(struct pd_list *l, int rows);

/* One column of a list: width, and right-aligned (numbers). */
struct pd_col {
    int w;
    bool right;
};
/* Draws cells[0..n-1] in their columns from x on row y, one space apart. */
void pd_cols_put(int y, int x, const struct pd_col *cols, int n, const char *const *cells,
                 enum pd_role_id role);
/* The heading row (words from PD_STRINGS) on row y, and "nothing found"
 * below it when the list is empty. */
void pd_cols_head(int y, int x, int w, const struct pd_col *cols, int n, const enum pd_str *words, bool empty);

/* ---- a line typed on the bottom row (a reason, a certificate number, an
 * ID number, dates, a group) ---- */
struct pd_prompt {
    bool on;
    int what;                      /* the screen's own meaning */
    enum pd_str label;
    bool need;                     /* Enter on an empty line: S_REASON_NEEDED, the line stays */
    struct pd_fedit ed;
    const enum pd_action *keys;    /* the screen's own keys, back when the line ends */
    int nkeys;
};
enum pd_prompt_result { PD_PROMPT_MORE, PD_PROMPT_DONE, PD_PROMPT_CANCEL };
/* Keys shown while typing: F2/Enter ends, Esc drops. */
extern const enum pd_action pd_prompt_keys[2];
/* Starts typing `text` (NULL: empty).  `keys` (NULL: the screen's stay)
 * are shown until the line ends. */
void pd_prompt_start(struct pd_prompt *p, struct pd_screen *s, int what, enum pd_str label, const char *text,
                     const enum pd_action *keys, int nkeys);
/* Edits with the key.  Enter/F2 gives DONE with the line still open (the
 * caller ends it with pd_prompt_stop when it takes the text, or leaves it
 * open when the text is wrong); Esc ends it and gives CANCEL with the
 * message line cleared. */
enum pd_prompt_result pd_prompt_key(struct pd_prompt *p, struct pd_screen *s, struct pd_ui *ui,
                                    const struct pd_key *k);
/* pd_prompt_key for a line taken as it is typed: the text once Enter/F2
 * ended it (the line closed with pd_prompt_stop), else NULL. */
const char *pd_prompt_take(struct pd_prompt *p, struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k);
/* Ends the line: the screen's keys come back, letters are shortcuts again. */
void pd_prompt_stop(struct pd_prompt *p, struct pd_screen *s);
/* Draws the label and the line on row y with the cursor (nothing when off). */
void pd_prompt_draw(struct pd_prompt *p, struct pd_ui *ui, int y);

/* ---- a yes/no question on the message line (Y answers yes) ---- */

/* Asks `msg`: the next key answers. */
void pd_question_ask(bool *pending, struct pd_ui *ui, const char *msg);
enum pd_answer { PD_ANSWER_NONE, PD_ANSWER_YES, PD_ANSWER_NO };
/* When a question is pending, the action `a` answers it: YES for
 * ACT_APPROVE, NO for any other key (Esc too: the question and the message
 * line are cleared).  NONE when nothing was asked. */
enum pd_answer pd_question_answer(bool *pending, struct pd_ui *ui, enum pd_action a);

/* ---- the person a new case is for (the new second-child application,
 * the fee levy, the benefit application) ---- */

/* q as typed on the bottom row: an ID number or a person id (that person,
 * whoever it is: the store refuses a wrong one in words), else anything
 * the search box takes (pd_search): the first active person found, a
 * woman only when `woman`.  True with pid (size bytes) filled; false with
 * "No such person: q" (or the store's error) on the message line. */
bool pd_ui_find_person(struct pd_ui *ui, const char *q, bool woman, char *pid, size_t size);

/* The person a case screen is about, as read from the register. */
struct pd_case_person {
    char pid[PD_EV_REF_MAX], name[96], idno[24], household[24];
};
/* Reads P->pid's name, ID number and household (left as they were when
 * the person cannot be read: saving then says why in the store's words)
 * and sets s's title to `title` (one %s) with the name, the pid when there
 * is no name. */
void pd_case_person_load(struct pd_ui *ui, struct pd_screen *s, struct pd_case_person *P, enum pd_str title);
/* "LABEL name  ID number" as the heading on row y. */
void pd_case_person_draw(const struct pd_case_person *P, int y, int x, int w, enum pd_str label);

/* The field `key` of event type `type`'s own data, NULL when there is none:
 * a form's field checked as the store checks the event's. */
const struct pd_field *pd_ui_event_field(const char *type, const char *key);

/* ---- a new case typed as rows (the fee levy, the benefit application):
 * some rows chosen from a list with the arrows (f[row] < 0), the others
 * typed into the form's fields; Tab moves between the rows the case asks
 * for now; the case as it would be saved worked out again after every
 * change, its refusal beside the row at fault. ---- */
#define PD_ROWFORM_MAX 12
struct pd_rowform {
    struct pd_form fm;
    int n;                          /* rows, at most PD_ROWFORM_MAX */
    int f[PD_ROWFORM_MAX];          /* the field typed on each row; -1: chosen from a list */
    const char *const *keys;        /* each row's name in the store's errors (err.field) */
    int row;                        /* the row with the focus */
    bool (*used)(const void *st, int row);   /* whether the case asks for the row now */
    const void *st;                 /* the screen's state, for used */
    bool ok;                        /* the case as typed would be saved */
    struct pd_error why;            /* the refusal when not ok */
    int why_row;                    /* the row it belongs to, -1: none */
};
/* n rows named keys (static), every one chosen until pd_rowform_add;
 * focus on row 0.  Pair with pd_form_done(&R->fm). */
void pd_rowform_init(struct pd_rowform *R, struct pd_ui *ui, int n, const char *const *keys,
                     bool (*used)(const void *st, int row), const void *st);
/* Row `row` typed into field f (NULL: false) starting as text (NULL:
 * empty); false when out of memory. */
bool pd_rowform_add(struct pd_rowform *R, int row, const struct pd_field *f, const char *text);
/* The start of working the case out again: not ok, no refusal; the policy,
 * or NULL with why saying there is none (why.field = field). */
const struct pd_policy *pd_rowform_recheck(struct pd_rowform *R, struct pd_ui *ui, const char *field);
/* The row named field (an error's field), -1 when none. */
int pd_rowform_row_of(const struct pd_rowform *R, const char *field);
/* The person typed on row `row` (an ID number or a person id, looked up
 * as pd_ui_find_person does): true with pid filled, or empty when the row is not
 * asked for or left empty; false with why and why_row saying so. */
bool pd_rowform_person(struct pd_rowform *R, struct pd_ui *ui, int row, char *pid, size_t size);
/* Every typed row the case asks for checked: true, or false with the
 * errors beside their fields and their count on the message line. */
bool pd_rowform_valid(struct pd_rowform *R, struct pd_ui *ui);
/* A key: on a typed row characters and editing keys go to its field, on a
 * chosen row ACT_CHOOSE (the arrows) is the screen's to act on; Tab and
 * Shift-Tab move between the rows asked for.  A key that acts clears the
 * message line.  Returns the action (ACT_SAVE, ACT_BACK, ACT_CHOOSE are
 * the screen's), ACT_NONE for a key already applied. */
enum pd_action pd_rowform_key(struct pd_rowform *R, struct pd_ui *ui, const struct pd_key *k);
/* Row r on row y: the label in lw columns from x, then a chosen row as
 * "< choice >" (wider than bw: the rest of the w columns) or the typed
 * field's box bw wide with its error; the refusal beside the box when it
 * belongs to r.  True when the room beside the box is still free (for a
 * hint). */
bool pd_rowform_row(struct pd_rowform *R, struct pd_ui *ui, int r, int y, int x, int w, int lw, int bw,
                    const char *label, const char *choice);

/* ---- a payment typed under a ledger: amount (prefilled with what is
 * outstanding), date (today), receipt; the fields of the payment event
 * (fee.payment, benefit.payment) so the form refuses what the store would
 * refuse for shape.  The fee list and the benefit ledger share it. ---- */
struct pd_payform {
    bool on;
    long long id;                  /* the case paid on */
    char title[240];
    struct pd_form fm;             /* "amount", "date", "receipt" */
    const enum pd_action *keys;    /* the screen's own keys, back when it closes */
    int nkeys;
};
/* F2 save, Tab next field, Esc back: the keys shown while it is open. */
extern const enum pd_action pd_pay_keys[3];
/* Opens the form for case id of `type` under screen s; false when out of
 * memory or the type is unknown. */
bool pd_payform_open(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui, const char *type, long long id,
                     long outstanding, const char *title);
/* Closes the form (nothing saved) and gives the screen its keys back; a
 * screen calls it when it is left. */
void pd_payform_close(struct pd_payform *p, struct pd_screen *s);
/* Four rows from y: a rule with the title, then the three fields. */
void pd_payform_draw(struct pd_payform *p, struct pd_ui *ui, int y);
enum pd_pay_step { PD_PAY_MORE, PD_PAY_SAVE, PD_PAY_CANCEL };
/* A key while the form is open: SAVE once F2 found every field right (the
 * caller saves with pd_payform_save); CANCEL after Esc (closed). */
enum pd_pay_step pd_payform_key(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k);
/* Saves the payment as typed on case p->id through the store's `pay`
 * (pd_fee_pay, pd_benefit_pay): true with the form closed and the push to
 * the district asked for; false with the store's refusal beside its field
 * and on the message line, the form still open. */
bool pd_payform_save(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui,
                     pd_err (*pay)(struct pd_db *db, long long id, long amount, const char *date,
                                   const char *receipt, const char *user, struct pd_error *err));

/* ---- printouts and exports (screens/printout.c, docs/SCREENS.md) ---- */

/* Every file a screen writes goes to the folder `printouts` beside the
 * register (made 0700), as NAME.EXT, or NAME-2.EXT, NAME-3.EXT ... when
 * that is taken: the name is claimed with O_EXCL (mode 0600) before the
 * file is written, so two printouts never overwrite each other.  path gets
 * the full path. */
pd_err pd_printout_path(struct pd_ui *ui, const char *name, const char *ext, char *path, size_t size,
                        struct pd_error *err);
/* Writes rep as a printout (PD_FMT_PDF, sent to the [print] printer; the
 * file is kept either way) or an export (PD_FMT_CSV, UTF-8), and says on
 * the message line where the file is.  title names the print job (NULL:
 * name).  rep NULL: says built_err (the report could not be made). */
void pd_printout(struct pd_ui *ui, struct pd_report *rep, enum pd_report_format fmt, const char *name,
                 const char *title, const struct pd_error *built_err);

#endif
