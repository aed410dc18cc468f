/* cases.h - what the case screens (screens/cases.c, screens/caselists.c)
 * share among themselves: their constructors, printing a case report from
 * a screen, and a one-line prompt.  The screens' public entries
 * (pd_scr_cases, pd_scr_person_cases) are in screens.h.
 *
 * Ownership: a report given to pd_case_print is freed by it; a prompt is
 * plain data inside the screen's state.
 */
#ifndef PD_SCREENS_CASES_H
#define PD_SCREENS_CASES_H

#include "report/table.h"
#include "screens/screens.h"
#include "store/cases.h"
#include "tui/form.h"

/* Second-child applications: the list (state filter), one case, a new one. */
struct pd_screen *pd_scr_sc_list(struct pd_ui *ui);
struct pd_screen *pd_scr_sc_case(struct pd_ui *ui, long long id);
struct pd_screen *pd_scr_sc_new(struct pd_ui *ui, const char *pid);
/* Open pregnancies (overdue: only those past the expected date). */
struct pd_screen *pd_scr_preg_list(struct pd_ui *ui, bool overdue);
/* Social maintenance fee cases with their balances, and payments. */
struct pd_screen *pd_scr_fee_list(struct pd_ui *ui);

/* The office as printed in titles: district, township, station name. */
void pd_case_office(const struct pd_ui *ui, char *buf, size_t size);
/* Writes `rep` as a PDF beside the register (printouts/NAME.pdf, mode
 * 0600, the folder 0700), sends it to the printer, and says on the message
 * line where it is and whether it printed.  Frees rep; NULL rep says err. */
void pd_case_print(struct pd_ui *ui, struct pd_report *rep, const char *name, const struct pd_error *err);

/* A line of text asked for on the screen's bottom rows (a reason, a
 * certificate number, an ID number). */
struct pd_prompt {
    bool on;
    int what;                  /* the screen's own meaning */
    enum pd_str label;
    struct pd_fedit ed;
};
enum pd_prompt_result { PD_PROMPT_MORE, PD_PROMPT_DONE, PD_PROMPT_CANCEL };
void pd_prompt_start(struct pd_prompt *p, struct pd_screen *s, int what, enum pd_str label, const char *text);
/* Edits with the key; Enter/F2 ends it (DONE), Esc drops it (CANCEL).
 * Either way the screen's keys come back (s->text_entry off). */
enum pd_prompt_result pd_prompt_key(struct pd_prompt *p, struct pd_screen *s, const struct pd_key *k);
void pd_prompt_draw(struct pd_prompt *p, struct pd_ui *ui, int y);

/* Words in the UI language. */
const char *pd_case_state_word(enum pd_case_state s);
const char *pd_a19_word(enum pd_a19_item it);
const char *pd_step_word(const char *step);
const char *pd_chk_word(enum pd_chk s);

#endif
