#!/usr/bin/env bash
# The recommended deployment, run for the deployment tests (playwright.deployment.config.ts):
# a test CA and a server certificate made now, the Next.js app and the lean partner server
# (TRUST_PROXY=1, APP_ORIGIN=https://…), and Debian's nginx in front with the shipped
# deploy/nginx/tsunagu.conf, ports changed. nginx reaches the servers from 127.0.0.5, so a
# test can tell the client's address (127.0.0.1) from the proxy's.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
APP_PORT="${DEPLOY_APP_PORT:-3600}"
PARTNER_PORT="${DEPLOY_PARTNER_PORT:-3601}"
HTTPS_PORT="${DEPLOY_HTTPS_PORT:-8443}"
work="data/deploy-${HTTPS_PORT}"
rm -rf "$work"
mkdir -p "$work/tls" "$work/nginx/logs"

NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "nginx is missing: bash scripts/ensure-packages.sh" >&2; exit 1; }

# A CA of this run only, and localhost's certificate signed by it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tsunagu test CA" \
  -keyout "$work/tls/ca.key" -out "$work/tls/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$work/tls/server.key" -out "$work/tls/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$work/tls/ext.cnf"
openssl x509 -req -in "$work/tls/server.csr" -CA "$work/tls/ca.crt" -CAkey "$work/tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/tls/ext.cnf" -out "$work/tls/server.crt" 2>/dev/null

sed -e "s#127.0.0.1:3000#127.0.0.1:${APP_PORT}#" \
    -e "s#127.0.0.1:3001#127.0.0.1:${PARTNER_PORT}#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:${HTTPS_PORT} ssl http2;#" \
    -e "s#/etc/tsunagu/tls/#$(pwd)/${work}/tls/#" \
    -e "s#proxy_http_version 1.1;#proxy_http_version 1.1;\n    proxy_bind 127.0.0.5;#" \
    deploy/nginx/tsunagu.conf > "$work/nginx/tsunagu.conf"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $(pwd)/${work}/nginx/nginx.pid;
error_log $(pwd)/${work}/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
    access_log $(pwd)/${work}/nginx/logs/access.log;
    client_body_temp_path $(pwd)/${work}/nginx/body;
    proxy_temp_path $(pwd)/${work}/nginx/proxy;
    fastcgi_temp_path $(pwd)/${work}/nginx/fastcgi;
    uwsgi_temp_path $(pwd)/${work}/nginx/uwsgi;
    scgi_temp_path $(pwd)/${work}/nginx/scgi;
    include $(pwd)/${work}/nginx/tsunagu.conf;
}
CONF

export APP_ORIGIN="https://localhost:${HTTPS_PORT}"
export TRUST_PROXY=1
export DATABASE_PATH="$work/tsunagu.db"
# The app's build of the e2e stage serves here too: nothing about the origin is built in.
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-e2e-3100}"
[ -f "$NEXT_DIST_DIR/BUILD_ID" ] || node_modules/.bin/next build
node_modules/.bin/tsx scripts/seed-demo.ts

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  wait || true
}
trap cleanup EXIT INT TERM

# The shutdown spec drives refresh load at the app itself: lift the token-endpoint limits.
TOKEN_RATE_LIMIT_PER_CLIENT_BURST=1000000 TOKEN_RATE_LIMIT_PER_CLIENT=1000000 \
TOKEN_RATE_LIMIT_PER_IP_BURST=1000000 TOKEN_RATE_LIMIT_PER_IP=1000000 \
PORT="$APP_PORT" node --import tsx scripts/start.ts > "$work/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)
echo "$app_pid" > "$work/app.pid"
PARTNER_PORT="$PARTNER_PORT" node --import tsx scripts/partner-server.ts > "$work/partner.log" 2>&1 &
pids+=($!)
"$NGINX" -t -q -p "$work/nginx" -c "$(pwd)/$work/nginx/nginx.conf"
"$NGINX" -p "$work/nginx" -c "$(pwd)/$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
echo "deployment: https://localhost:${HTTPS_PORT} → app :${APP_PORT}, partner server :${PARTNER_PORT}"
wait -n "${pids[@]}" || true
# The shutdown spec stops the app with SIGTERM on purpose; anything else ending is a fault.
if [ -f "$work/app.stopped-by-test" ]; then wait || true; exit 0; fi
echo "a deployment process ended early; see $work/*.log" >&2
exit 1
