// npm run demo: build if needed, create the demo data if missing (DATABASE_PATH's file, or the
// PostgreSQL database of DATABASE_URL), start the bank on
// http://localhost:3000 (and the demo partner app on :4000 when it is present), and print
// how to try the journey.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateSecretToken, sha256Base64url } from '../lib/crypto';

const port = process.env.PORT || '3000';
const origin = process.env.APP_ORIGIN || `http://localhost:${port}`;
const databasePath = process.env.DATABASE_PATH || path.join('data', 'tsunagu.db');
const distDir = process.env.NEXT_DIST_DIR || '.next';
const env = { ...process.env, PORT: port, APP_ORIGIN: origin, DATABASE_PATH: databasePath, NEXT_TELEMETRY_DISABLED: '1' };

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
  console.log('Building the app (first run only)…');
  run('node_modules/.bin/next', ['build']);
}
if (process.env.DATABASE_URL) {
  // PostgreSQL: no file to look for; the seed itself leaves a database that has the demo data.
  run('node_modules/.bin/tsx', ['scripts/seed-demo.ts', '--if-missing']);
} else if (!fs.existsSync(databasePath)) {
  console.log(`Creating the demo database ${databasePath}…`);
  run('node_modules/.bin/tsx', ['scripts/seed-demo.ts']);
}

const children = [spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { stdio: 'inherit', env })];
const partnerEntry = 'demo-partner/server.ts';
if (fs.existsSync(partnerEntry)) {
  children.push(
    spawn('node_modules/.bin/tsx', [partnerEntry], {
      stdio: 'inherit',
      env: { ...env, PORT: '4000', BANK_ORIGIN: origin },
    }),
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
for (const child of children) child.on('exit', (code) => process.exit(code ?? 0));

// A ready authorization link as demo-kaikei. The verifier is printed so the code can be
// exchanged by hand (see README); the demo partner app does all of this itself.
const verifier = generateSecretToken() + generateSecretToken();
const authorize = new URL('/oauth/authorize', origin);
authorize.search = new URLSearchParams({
  response_type: 'code',
  client_id: 'demo-kaikei',
  redirect_uri: 'http://localhost:4000/callback',
  scope: 'accounts:read balances:read transactions:read',
  state: generateSecretToken(),
  code_challenge: sha256Base64url(verifier),
  code_challenge_method: 'S256',
}).toString();

setTimeout(() => {
  console.log(`
────────────────────────────────────────────────────────────
 Tsunagu demo — ${origin}
 ${fs.existsSync(partnerEntry) ? 'Demo partner 「デモ会計」: http://localhost:4000  (press 「銀行口座を連携する」)\n ' : ''}Start the consent journey as demo-kaikei directly:
   ${authorize.toString()}
   (PKCE code_verifier for this link: ${verifier})
 Customers (password Tsunagu#2026):
   tsunagu01 — steps 1–5; inquiry PIN 1357 for every account
   tsunagu02 — every account registered, steps 2–4 skipped; PIN 2468
 Staff: admin / Admin#2026-tsunagu, admin2 / Admin2#2026-tsunagu (second approver), auditor / Auditor#2026-tsunagu
────────────────────────────────────────────────────────────
`);
}, 2500);
