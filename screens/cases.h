/* cases.h - what the case screens (screens/cases.c, screens/caselists.c)
 * share among themselves: their constructors, printing a case report from
 * a screen.  The screens' public entries (pd_scr_cases,
 * pd_scr_person_cases) are in screens.h; the prompt, list and printout
 * helpers in screens/common.h.
 *
 * Ownership: a report given to pd_case_print is freed by it.
 */
#ifndef PD_SCREENS_CASES_H
#define PD_SCREENS_CASES_H

#include "app/case_common.h"   /* pd_case_office: the office as the command line prints it */
#include "screens/common.h"
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
/* A new levy on the mother pid (the fee list's N): the computation shown
 * as it is typed; once saved, *select (may be NULL) gets the case number. */
struct pd_screen *pd_scr_fee_levy(struct pd_ui *ui, const char *pid, long long *select);

/* A case printout being made: the office heading the report builders
 * print (as the command line's, pd_case_office) and their error. */
struct pd_case_job {
    char office[400];
    struct pd_error err;
};
void pd_case_job_start(struct pd_ui *ui, struct pd_case_job *j);
/* pd_printout of `rep` as a PDF named NAME, then frees rep; NULL rep says
 * j->err (the builder's). */
void pd_case_print(struct pd_ui *ui, struct pd_report *rep, const char *name, const struct pd_case_job *j);

/* Words in the UI language. */
const char *pd_case_state_word(enum pd_case_state s);
const char *pd_a19_word(enum pd_a19_item it);
const char *pd_step_word(const char *step);
const char *pd_chk_word(enum pd_chk s);

#endif
