#!/usr/bin/env bash
# Builds and starts the app for the Playwright suite on a fresh demo database.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
export PORT="${E2E_PORT:-3100}"
export APP_ORIGIN="http://localhost:${PORT}"
export DATABASE_PATH="data/e2e-${PORT}/tsunagu.db"
export NEXT_DIST_DIR=".next-e2e-${PORT}"
# Every spec comes from one address: the per-source login limit is lifted so that it never
# decides a test, and the per-login-ID one is what e2e/trusted-address.spec.ts meets.
export LOGIN_RATE_LIMIT_PER_MINUTE=100000
export LOGIN_ID_RATE_LIMIT_PER_MINUTE=20
# A small per-source allowance at the token endpoint, so the spec meets it quickly.
export TOKEN_RATE_LIMIT_PER_IP_BURST=60
export TOKEN_RATE_LIMIT_PER_IP=2
rm -rf "data/e2e-${PORT}"
mkdir -p "data/e2e-${PORT}"
node_modules/.bin/next build
node_modules/.bin/tsx scripts/seed-demo.ts
# The server's log lines (stdout) also go to a file that e2e/observability.spec.ts reads.
exec > >(tee "data/e2e-${PORT}/server.log")
exec node --import tsx scripts/start.ts
