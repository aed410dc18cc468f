# tmux.sh - driving popdesk's screens in a real terminal for end-to-end tests.
# Source it, set TM_SOCK (a private tmux server) and use:
#   tm_start COLS ROWS CMD...   start a detached session running CMD
#   tm_keys KEY...              send keys (tmux send-keys names: Tab, F2, Escape)
#   tm_text STRING              send literal text (UTF-8)
#   tm_wait TEXT [SECONDS]      poll the screen until TEXT appears (0) or time out (1)
#   tm_wait_gone TEXT [SECONDS] poll until TEXT is gone
#   tm_screen                   print the screen as text; tm_screen_attr with attributes
#   tm_resize COLS ROWS         resize the window (the program gets SIGWINCH)
#   tm_stop                     kill the server
# Polling is every 50 ms up to the timeout (default 5 s): no bare sleeps.
TM_SOCK=${TM_SOCK:-popdesk-e2e-$$}
TM_SESSION=t

tm() { tmux -L "$TM_SOCK" "$@"; }

tm_start() {
    local cols=$1 rows=$2; shift 2
    tm -f /dev/null new-session -d -s "$TM_SESSION" -x "$cols" -y "$rows" "$@"
    tm set-option -g status off >/dev/null
    tm set-option -g remain-on-exit on >/dev/null 2>&1 || true
}

tm_keys() { tm send-keys -t "$TM_SESSION" "$@"; }
tm_text() { tm send-keys -t "$TM_SESSION" -l "$1"; }
tm_screen() { tm capture-pane -p -t "$TM_SESSION"; }
tm_screen_attr() { tm capture-pane -p -e -t "$TM_SESSION"; }

tm_wait() {
    local text=$1 limit=${2:-5} i=0 n
    n=$((limit * 20))
    while [ $i -lt $n ]; do
        if tm_screen | grep -qF -- "$text"; then return 0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

tm_wait_gone() {
    local text=$1 limit=${2:-5} i=0 n
    n=$((limit * 20))
    while [ $i -lt $n ]; do
        if ! tm_screen | grep -qF -- "$text"; then return 0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

tm_resize() { tm resize-window -t "$TM_SESSION" -x "$1" -y "$2"; }

tm_stop() { tm kill-server 2>/dev/null || true; }
