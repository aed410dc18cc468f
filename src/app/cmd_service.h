/* cmd_service.h - `popdesk case risk|guidance|health|benefit ...`: the
 * service and benefit cases from the command line (docs/CASES.md), called by
 * pd_cmd_case() (src/app/cmd_case.c). */
#ifndef PD_APP_CMD_SERVICE_H
#define PD_APP_CMD_SERVICE_H

#include <stdbool.h>
#include "app/app.h"

/* True when `what` (the word after `case`) is one of these commands. */
bool pd_cmd_service_is(const char *what);
/* argv[0] is the word after `case` (risk, guidance, health, benefit);
 * returns the exit status. */
int pd_cmd_service(struct pd_app *app, int argc, char **argv);
/* The usage lines, for `popdesk case --help`. */
void pd_cmd_service_help(void);

#endif
