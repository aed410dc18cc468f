# tmux.sh - driving popdesk's screens in a real terminal for end-to-end tests.
# Source it, set TM_SOCK (a private tmux server) and use:
#   tm_start COLS ROWS CMD...   start a detached session running CMD
#   tm_keys KEY...              send keys (tmux send-keys names: Tab, F2, Escape)
#   tm_text STRING              send literal text (UTF-8)
#   tm_wait TEXT [SECONDS]      poll the screen until TEXT appears (0) or time out (1)
#   tm_wait_gone TEXT [SECONDS] poll until TEXT is gone
#   tm_screen                   print the screen as text; tm_screen_attr with attributes
#   tm_resize COLS ROWS         resize the window (the program gets SIGWINCH)
#   tm_alive                    the session still exists
#   tm_stop                     kill the server
# Polling is every 50 ms up to the timeout (default 5 s): no bare sleeps.
TM_SOCK=${TM_SOCK:-popdesk-e2e-$$}
TM_SESSION=t

tm() { tmux -L "$TM_SOCK" "$@"; }

tm_start() {
    local cols=$1 rows=$2; shift 2
    # tmux's server daemonises, which needs /dev/null to be the device: a
    # process that renamed a file over it breaks every tmux on the machine
    if [ ! -c /dev/null ]; then
        echo "tm_start: /dev/null is not a character device (something replaced it): tmux cannot start" >&2
        return 1
    fi
    tm -f /dev/null new-session -d -s "$TM_SESSION" -x "$cols" -y "$rows" "$@" || return 1
    tm set-option -g status off >/dev/null
    tm set-option -g remain-on-exit on >/dev/null 2>&1 || true
}

# True while the session exists: a wait gives up at once when it is gone.
tm_alive() { tm has-session -t "$TM_SESSION" 2>/dev/null; }

tm_keys() { tm send-keys -t "$TM_SESSION" "$@"; }
tm_text() { tm send-keys -t "$TM_SESSION" -l "$1"; }
tm_screen() { tm capture-pane -p -t "$TM_SESSION"; }
tm_screen_attr() { tm capture-pane -p -e -t "$TM_SESSION"; }

tm_wait() {
    local text=$1 limit=${2:-5} i=0 n
    n=$((limit * 20))
    while [ $i -lt $n ]; do
        if tm_screen 2>/dev/null | grep -qF -- "$text"; then return 0; fi
        tm_alive || return 1
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
