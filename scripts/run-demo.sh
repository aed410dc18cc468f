#!/bin/sh
# `make run`: opens popdesk.  When no config file and no register exist, it
# builds a demo register first (a synthetic community) and opens that, so a
# new user sees a working program at once.  A configured office opens its own
# register.
# usage: scripts/run-demo.sh BUILD_DIR
set -eu
bin="$1/popdesk"
cfg="${POPDESK_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/popdesk/popdesk.ini}"
if [ -f "$cfg" ] || [ -f /etc/popdesk/popdesk.ini ]; then
    exec "$bin"
fi
demo="${XDG_DATA_HOME:-$HOME/.local/share}/popdesk/demo.db"
if [ ! -f "$demo" ]; then
    echo "No config found: building a demo register at $demo (log in as demo / demo1234)..."
    mkdir -p "$(dirname "$demo")"
    "$bin" --db "$demo" demo --persons 5000
fi
exec "$bin" --db "$demo"
