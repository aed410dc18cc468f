/* term.h - the terminal: set-up and restore, colour roles, key input,
 * drawing helpers.  With screens/, the only code that includes curses.h.
 *
 * pd_term_start() sets the locale first (so wide characters measure right),
 * starts ncursesw, picks colour or the monochrome scheme (NO_COLOR set, or a
 * terminal without colours such as vt100), and installs a terminal-restoring
 * handler for fatal signals and atexit, so a crash leaves a usable shell
 * (the register is safe on its own: every change is one SQLite transaction).
 * Keys arrive through pd_term_read() only (get_wch), as a struct pd_key.
 * Drawing helpers cut and pad by display width (core/text.h), never inside a
 * character.
 */
#ifndef PD_TUI_TERM_H
#define PD_TUI_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* X(role, foreground, background, colour attrs, monochrome attrs)
 * Colours are curses COLOR_* names without the prefix; -1 = default. */
#define PD_ROLES(X)                                                   \
    X(R_NORMAL,    -1,    -1,    0,              0)                    \
    X(R_TITLE,     WHITE, BLUE,  A_BOLD,         A_REVERSE)            \
    X(R_KEYS,      BLACK, CYAN,  0,              A_REVERSE)            \
    X(R_KEYNAME,   WHITE, CYAN,  A_BOLD,         A_BOLD)               \
    X(R_LABEL,     -1,    -1,    0,              0)                    \
    X(R_FIELD,     -1,    -1,    A_UNDERLINE,    A_UNDERLINE)          \
    X(R_FOCUS,     BLACK, YELLOW, 0,             A_REVERSE)            \
    X(R_SELECTED,  WHITE, BLUE,  A_BOLD,         A_REVERSE)            \
    X(R_ERROR,     RED,   -1,    A_BOLD,         A_BOLD | A_UNDERLINE) \
    X(R_WARN,      YELLOW, -1,   A_BOLD,         A_BOLD)               \
    X(R_GOOD,       GREEN, -1,    0,              0)                    \
    X(R_DIM,       CYAN,  -1,    0,              A_DIM)                \
    X(R_HEADER,    -1,    -1,    A_BOLD,         A_BOLD)               \
    X(R_BOX,       -1,    -1,    0,              0)

enum pd_role_id {
#define PD_X(r, fg, bg, ca, ma) r,
    PD_ROLES(PD_X)
#undef PD_X
    R__COUNT
};

enum pd_key_type { PD_KEY_NONE, PD_KEY_CHAR, PD_KEY_FUNC, PD_KEY_RESIZE };

struct pd_key {
    enum pd_key_type type;
    uint32_t ch;      /* PD_KEY_CHAR: the code point (control keys too: Tab 9, Enter 10) */
    int code;         /* PD_KEY_FUNC: curses KEY_* code */
};

#define PD_MIN_ROWS 24
#define PD_MIN_COLS 80

/* Starts curses.  Fails (terminal untouched) when there is no terminal or
 * the locale is not UTF-8. */
pd_err pd_term_start(struct pd_error *err);
/* Restores the terminal; safe to call twice and from atexit. */
void   pd_term_stop(void);
/* Restores the terminal, prints "popdesk: message" and exits with status. */
void   pd_term_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
bool   pd_term_colour(void);
/* Waits for a key up to timeout_ms (-1 forever).  PD_KEY_NONE on timeout or
 * when a termination signal arrived (see pd_term_quit_requested). */
void   pd_term_read(struct pd_key *k, int timeout_ms);
/* As pd_term_read, but also wakes when fd (>= 0; -1: none) becomes
 * readable, setting *fd_ready (the key may then be PD_KEY_NONE). */
void   pd_term_read_fd(struct pd_key *k, int timeout_ms, int fd, bool *fd_ready);
/* SIGTERM/SIGHUP arrived: the loop should end (nothing unsaved is lost
 * silently: forms are never saved half-way). */
bool   pd_term_quit_requested(void);
void   pd_term_size(int *rows, int *cols);

/* ---- drawing ---- */
void pd_term_clear(void);
void pd_term_refresh(void);
/* Text at (y, x) cut/padded to exactly `cols` columns in a role;
 * `extra` adds attributes (bold...).  Returns columns drawn. */
int  pd_put(int y, int x, int cols, const char *text, enum pd_role_id role);
int  pd_put_right(int y, int x, int cols, const char *text, enum pd_role_id role);
/* Text at (y, x) with no padding, cut at `maxcols`; returns columns used. */
int  pd_put_text(int y, int x, int maxcols, const char *text, enum pd_role_id role);
void pd_fill(int y, int x, int cols, enum pd_role_id role);
void pd_hline(int y, int x, int cols);
void pd_box(int y, int x, int rows, int cols);
void pd_cursor(int y, int x, bool visible);

#endif
