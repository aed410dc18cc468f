/* term.c - curses fenced in: set-up, colour roles, input, drawing (see term.h). */
#include "tui/term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"

static bool started;
static bool use_colour;
static attr_t role_attr[R__COUNT];
static volatile sig_atomic_t quit_flag;


static const struct {
    short fg, bg;
    attr_t colour, mono;
} roles[R__COUNT] = {
#define WHITE COLOR_WHITE
#define BLUE COLOR_BLUE
#define BLACK COLOR_BLACK
#define CYAN COLOR_CYAN
#define YELLOW COLOR_YELLOW
#define RED COLOR_RED
#define GREEN COLOR_GREEN
#define PD_X(r, f, b, ca, ma) [r] = { f, b, ca, ma },
    PD_ROLES(PD_X)
#undef PD_X
#undef WHITE
#undef BLUE
#undef BLACK
#undef CYAN
#undef YELLOW
#undef RED
#undef GREEN
};

void pd_term_stop(void)
{
    if (started) {
        started = false;
        curs_set(1);
        endwin();
    }
}

void pd_term_die(int status, const char *fmt, ...)
{
    pd_term_stop();
    va_list ap;
    va_start(ap, fmt);
    fputs("popdesk: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(status);
}

/* A fatal signal: put the terminal back, then die of the same signal so
 * the exit status and any core dump stay true. */
static void on_fatal(int sig)
{
    if (started) {
        started = false;
        endwin();
    }
    static const char msg[] = "\npopdesk: stopped by a fatal error; the register is intact "
                              "(every change is saved whole or not at all)\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_quit(int sig)
{
    (void)sig;
    quit_flag = 1;
}

bool pd_term_quit_requested(void) { return quit_flag != 0; }

pd_err pd_term_start(struct pd_error *err)
{
    /* Locale first: without it ncursesw and wcwidth see bytes, not characters. */
    if (!setlocale(LC_ALL, ""))
        setlocale(LC_ALL, "C.UTF-8");
    const char *cs = nl_langinfo(CODESET);
    if (!cs || strcmp(cs, "UTF-8") != 0) {
        if (!setlocale(LC_ALL, "C.UTF-8"))
            return pd_fail(err, PD_ECONFIG, "LANG",
                           "the screens need a UTF-8 locale (set LANG=C.UTF-8 or zh_CN.UTF-8)");
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return pd_fail(err, PD_EUSAGE, NULL, "the screens need a terminal; use a subcommand (popdesk --help)");
    /* Esc must answer quickly: it is "back" everywhere. */
    if (!getenv("ESCDELAY"))
        set_escdelay(40);
    if (!initscr())
        return pd_fail(err, PD_EIO, "TERM", "cannot start the terminal (TERM=%s)",
                       getenv("TERM") ? getenv("TERM") : "");
    started = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    meta(stdscr, TRUE);
    intrflush(stdscr, FALSE);

    const char *nc = getenv("NO_COLOR");
    use_colour = has_colors() && !(nc && nc[0]);
    if (use_colour) {
        start_color();
        use_default_colors();
        if (COLORS < 8 || COLOR_PAIRS < R__COUNT)
            use_colour = false;
    }
    for (int r = 0; r < R__COUNT; r++) {
        if (use_colour) {
            if (roles[r].fg != -1 || roles[r].bg != -1)
                init_pair((short)(r + 1), roles[r].fg, roles[r].bg);
            role_attr[r] = roles[r].colour |
                           ((roles[r].fg != -1 || roles[r].bg != -1) ? COLOR_PAIR(r + 1) : 0);
        } else {
            role_attr[r] = roles[r].mono;
        }
    }
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], on_fatal);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit;   /* no SA_RESTART: get_wch returns so the loop can end */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    static bool registered;
    if (!registered) {
        atexit(pd_term_stop);
        registered = true;
    }
    return PD_OK;
}

bool pd_term_colour(void) { return use_colour; }

void pd_term_read(struct pd_key *k, int timeout_ms)
{
    memset(k, 0, sizeof *k);
    timeout(timeout_ms);
    wint_t ch;
    int rc = get_wch(&ch);
    if (rc == ERR || quit_flag)
        return;
    if (rc == KEY_CODE_YES) {
        if (ch == KEY_RESIZE) {
            k->type = PD_KEY_RESIZE;
            return;
        }
        k->type = PD_KEY_FUNC;
        k->code = (int)ch;
        return;
    }
    k->type = PD_KEY_CHAR;
    k->ch = (uint32_t)ch;
    if (k->ch == '\r')
        k->ch = '\n';
}

void pd_term_read_fd(struct pd_key *k, int timeout_ms, int fd, bool *fd_ready)
{
    *fd_ready = false;
    if (fd < 0) {
        pd_term_read(k, timeout_ms);
        return;
    }
    /* A key curses already holds (typeahead) comes first: poll() cannot see
     * its buffer. */
    pd_term_read(k, 0);
    if (k->type != PD_KEY_NONE || quit_flag)
        return;
    struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                           { .fd = fd, .events = POLLIN } };
    int n = poll(p, 2, timeout_ms);
    if (n > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
        *fd_ready = true;
    /* a key, or a signal (SIGWINCH: curses turns it into KEY_RESIZE) */
    if (n < 0 || (n > 0 && p[0].revents))
        pd_term_read(k, 0);
}

void pd_term_size(int *rows, int *cols)
{
    getmaxyx(stdscr, *rows, *cols);
}

void pd_term_clear(void) { erase(); }
void pd_term_refresh(void) { refresh(); }

/* Draws already cut/padded UTF-8 text. */
static void draw(int y, int x, const char *s, attr_t a)
{
    attrset(a);
    mvaddstr(y, x, s);
    attrset(A_NORMAL);
}

int pd_put(int y, int x, int cols, const char *text, enum pd_role_id role)
{
    if (cols <= 0)
        return 0;
    char buf[1024];
    int w = pd_text_pad(buf, sizeof buf, text ? text : "", cols, true);
    draw(y, x, buf, role_attr[role]);
    return w;
}

int pd_put_right(int y, int x, int cols, const char *text, enum pd_role_id role)
{
    if (cols <= 0)
        return 0;
    char buf[1024];
    int w = pd_text_pad_right(buf, sizeof buf, text ? text : "", cols);
    draw(y, x, buf, role_attr[role]);
    return w;
}

int pd_put_text(int y, int x, int maxcols, const char *text, enum pd_role_id role)
{
    if (maxcols <= 0 || !text)
        return 0;
    int w = pd_text_width(text);
    if (w > maxcols)
        return pd_put(y, x, maxcols, text, role);
    return pd_put(y, x, w, text, role);
}

void pd_fill(int y, int x, int cols, enum pd_role_id role)
{
    pd_put(y, x, cols, "", role);
}

/* Lines are drawn as Unicode box characters rather than the terminal's
 * alternate character set: the screens require UTF-8 anyway, and some
 * terminals (and tmux captures) show ACS as letters. */
static void hrun(int y, int x, int cols)
{
    for (int i = 0; i < cols; i++)
        mvaddstr(y, x + i, "\u2500");
}

void pd_hline(int y, int x, int cols)
{
    attrset(role_attr[R_BOX]);
    hrun(y, x, cols);
    attrset(A_NORMAL);
}

void pd_box(int y, int x, int rows, int cols)
{
    if (rows < 2 || cols < 2)
        return;
    attrset(role_attr[R_BOX]);
    /* blank the whole area first, so no wide character below is left cut
     * in half by a border */
    for (int i = 0; i < rows; i++)
        mvhline(y + i, x, ' ', cols);
    mvaddstr(y, x, "\u250c");
    hrun(y, x + 1, cols - 2);
    mvaddstr(y, x + cols - 1, "\u2510");
    for (int i = 1; i < rows - 1; i++) {
        mvaddstr(y + i, x, "\u2502");
        mvhline(y + i, x + 1, ' ', cols - 2);
        mvaddstr(y + i, x + cols - 1, "\u2502");
    }
    mvaddstr(y + rows - 1, x, "\u2514");
    hrun(y + rows - 1, x + 1, cols - 2);
    mvaddstr(y + rows - 1, x + cols - 1, "\u2518");
    attrset(A_NORMAL);
}

void pd_cursor(int y, int x, bool visible)
{
    if (visible) {
        move(y, x);
        curs_set(1);
    } else {
        curs_set(0);
    }
}
