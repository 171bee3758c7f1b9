#!/bin/sh
# Installs Debian's chromium for the browser tests (test/page) when /usr/bin/chromium is missing:
# a fresh CI machine runs only `npm ci` and `npm test`. Needs root, or sudo.
set -eu
[ -x /usr/bin/chromium ] && exit 0
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "ensure-chromium: /usr/bin/chromium is missing; install Debian's chromium as root: apt-get install chromium" >&2; exit 1; }
  SUDO=sudo
fi
echo "ensure-chromium: installing Debian's chromium (a minute or two)…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ]
