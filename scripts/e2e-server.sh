#!/usr/bin/env bash
# Builds and starts the app for the Playwright suite on a fresh demo database.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
export PORT="${E2E_PORT:-3100}"
export APP_ORIGIN="http://localhost:${PORT}"
export DATABASE_PATH="data/e2e-${PORT}/tsunagu.db"
export NEXT_DIST_DIR=".next-e2e-${PORT}"
rm -rf "data/e2e-${PORT}"
mkdir -p "data/e2e-${PORT}"
node_modules/.bin/next build
node_modules/.bin/tsx scripts/seed-demo.ts
exec node scripts/start.mjs
