#!/usr/bin/env bash
# Playwright drives Debian's chromium (a downloaded browser cannot be fetched here) and
# needs a Japanese font, or Japanese renders as boxes. Installs both when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && dpkg -s fonts-ipafont-gothic >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's chromium and fonts-ipafont-gothic (needs root)…"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null
