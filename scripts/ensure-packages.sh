#!/usr/bin/env bash
# What the suite needs from Debian, installed when missing: chromium for Playwright (a
# downloaded browser cannot be fetched here) with a Japanese font (or Japanese renders as
# boxes), nginx with openssl for the deployment test behind a real TLS proxy, and PostgreSQL
# (initdb/pg_ctl for a cluster the run owns; DATABASE_URL mode, issue 7, is built on it).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need+=(fonts-ipafont-gothic)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian's ${need[*]} (needs root)…"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
# Debian starts nginx's own service on install where it can; the tests run their own.
$SUDO pkill -x nginx 2>/dev/null || true
# Likewise its PostgreSQL cluster: a test run starts its own, on its own port and directory.
$SUDO pkill -x postgres 2>/dev/null || true
