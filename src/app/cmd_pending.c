/* cmd_pending.c - TEMPORARY: commands being written; removed when they land. */
#include "app/app.h"
int pd_cmd_import(struct pd_app *app, int argc, char **argv) { (void)app; (void)argc; (void)argv; fprintf(stderr, "popdesk: import is not built yet\n"); return 1; }
int pd_cmd_demo(struct pd_app *app, int argc, char **argv) { (void)app; (void)argc; (void)argv; fprintf(stderr, "popdesk: demo is not built yet\n"); return 1; }
int pd_cmd_tui(struct pd_app *app, int argc, char **argv) { (void)app; (void)argc; (void)argv; fprintf(stderr, "popdesk: the screens are not built yet\n"); return 1; }
