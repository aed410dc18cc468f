/* common.h - the helpers the list screens share beyond screens.h
 * (screens/common.c, screens/printout.c): a list's rows grown as the store
 * hands them over, the columns of a list drawn from one table, the line a
 * screen asks for on its bottom row, the yes/no question on the message
 * line, and where a printout or export goes.
 *
 * Ownership: a prompt and a question are plain data inside a screen's
 * state; a grown array belongs to the caller (free it); a report given to
 * pd_printout stays the caller's.
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
/* The same without the message line: false with err filled (empty q:
 * false, err empty). */
bool pd_find_person(struct pd_db *db, const char *q, bool woman, char *pid, size_t size, struct pd_error *err);

/* ---- the fields of a small form drawn as rows ---- */

/* Field ff on row y: the label in lw columns from x, the box bw wide, its
 * error beside it (within w columns from x), the cursor when focus. */
void pd_form_row(struct pd_ui *ui, int y, int x, int w, int lw, int bw, const char *label,
                 const struct pd_form_field *ff, bool focus);
/* Typing into fm's current field: a character or an editing key is
 * applied (ACT_NONE returned); any other key's action (F2, Esc, Tab,
 * Shift-Tab among them) is returned for the screen to act on. */
enum pd_action pd_form_edit_key(struct pd_form *fm, const struct pd_key *k);

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
void pd_payform_close(struct pd_payform *p, struct pd_screen *s);
/* Four rows from y: a rule with the title, then the three fields. */
void pd_payform_draw(struct pd_payform *p, struct pd_ui *ui, int y);
enum pd_pay_step { PD_PAY_MORE, PD_PAY_SAVE, PD_PAY_CANCEL };
/* A key while the form is open: SAVE once F2 found every field right (the
 * caller saves, then closes the form or calls pd_payform_refused); CANCEL
 * after Esc (closed). */
enum pd_pay_step pd_payform_key(struct pd_payform *p, struct pd_screen *s, struct pd_ui *ui, const struct pd_key *k);
/* The store's refusal beside its field and on the message line. */
void pd_payform_refused(struct pd_payform *p, struct pd_ui *ui, const struct pd_error *err);

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
