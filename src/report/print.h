/* print.h - sending a finished file to the print spooler (CUPS `lp`).
 *
 * lp runs through fork/execvp with an argument vector: no shell, so no
 * file or printer name is ever interpreted.  The file is never removed:
 * when there is no printer, lp is missing, or the spooler refuses the job,
 * the message says so in words, quotes what lp said, and names the file
 * that is kept for printing later.
 *
 * Ownership: nothing is kept after the call.
 */
#ifndef PD_REPORT_PRINT_H
#define PD_REPORT_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/err.h"

struct pd_print_opts {
    const char *printer;    /* CUPS queue; NULL or "" for the system default */
    const char *title;      /* job title (may be NULL) */
    bool raw;               /* send the bytes as they are (GB18030 text for a dot-matrix printer) */
    int timeout_seconds;    /* 0: 60 */
    const char *lp;         /* program to run; NULL: "lp" from PATH (tests point elsewhere) */
};

/* Prints `path`.  On success job (may be NULL) gets lp's words, e.g.
 * "request id is office-3 (1 file(s))".  Errors: PD_EIO when lp cannot run
 * or times out, PD_EDENIED when the spooler refuses (no printer, no default
 * destination, printer stopped). */
pd_err pd_print_file(const char *path, const struct pd_print_opts *o, char *job, size_t jobsz,
                     struct pd_error *err);

#endif
