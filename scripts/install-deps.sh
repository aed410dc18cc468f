#!/bin/sh
# Installs the Debian packages popdesk needs to build, run and test.
# Idempotent: asks apt only for what is missing; uses sudo only when not root.
#   scripts/install-deps.sh                 install what is missing
#   scripts/install-deps.sh --check-or-install   same, quiet when nothing is missing
#   scripts/install-deps.sh --list          print the package list
set -eu

PKGS="build-essential pkg-config
libsqlite3-dev sqlite3
libncurses-dev
libcurl4-openssl-dev
libiniparser-dev
libjansson-dev
zlib1g-dev
libcsv-dev
libcrypt-dev
libcmocka-dev
python3 openssl curl tmux locales
unicode-data
fonts-wqy-microhei libcairo2-dev libfontconfig-dev
poppler-utils
cups cups-client printer-driver-cups-pdf
clang libclang-rt-14-dev"

if [ "${1:-}" = "--list" ]; then
    echo $PKGS
    exit 0
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    [ "${1:-}" = "--check-or-install" ] || echo "install-deps: everything is installed"
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: not root and no sudo; install:$missing" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
