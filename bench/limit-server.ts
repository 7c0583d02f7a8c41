// The limits: what plain node:http costs with nothing of ours in the way, on the same database
// file and indexes. Two kinds:
// - the yardsticks: GET /fixed answers the same fixed JSON as our baseline route; GET
//   /page runs our exact transactions-page query (BENCH_PAGE_SQL, taken from
//   server/api/statements.ts by bench/run.ts) with no authentication, validation or audit;
// - the floors: the least any server must do to answer the same request durably and audited,
//   written as plainly as we know how. GET /floor/fixed and /floor/page look the bearer token
//   up and write one audit row per request; POST /floor/token rotates a refresh token (read
//   it, mark it rotated, insert the new access and refresh token rows, one audit row). Writes
//   are group-committed as ours are: one transaction per turn of the event loop, the WAL
//   fdatasync'ed on the thread pool before anyone in it is answered (synchronous = NORMAL plus
//   that sync is what FULL promises). No client authentication, no validation, no hash chain,
//   no retry window, no logs or metrics: what a floor costs, ours cannot cost less.
import Database from 'better-sqlite3';
import { hash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

const port = Number(process.env.PORT || 3283);
const file = process.env.DATABASE_PATH!;
const pageSql = process.env.BENCH_PAGE_SQL!;

const db = new Database(file);
db.pragma('mmap_size = 268435456'); // as db/client.ts
db.pragma('busy_timeout = 5000'); // our servers' checkpoints share the file
db.pragma('synchronous = NORMAL'); // the WAL is synced below, before anyone is answered
db.pragma('temp_store = MEMORY'); // as db/client.ts
const page = db.prepare(pageSql).pluck();

const FIXED = JSON.stringify({ status: 'ok', service: 'tsunagu', items: [1, 2, 3] });
const HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HEADERS, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sha256 = (value: string) => hash('sha256', value, 'hex');
const bearerOf = (req: http.IncomingMessage) => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';

const accessToken = db.prepare(
  "SELECT t.grant_id AS grantId, t.partner_id AS partnerId, g.company_id AS companyId FROM tokens t JOIN grants g ON g.id = t.grant_id WHERE t.token_hash = ? AND t.kind = 'access'",
);
const refreshToken = db.prepare(
  "SELECT t.grant_id AS grantId, t.partner_id AS partnerId, t.scopes AS scopes, t.code_hash AS codeHash, t.expires_at AS expiresAt, g.company_id AS companyId FROM tokens t JOIN grants g ON g.id = t.grant_id WHERE t.token_hash = ? AND t.kind = 'refresh' AND t.rotated_at IS NULL AND t.revoked_at IS NULL",
);
const markRotated = db.prepare('UPDATE tokens SET rotated_at = ?, successor_hash = ? WHERE token_hash = ? AND rotated_at IS NULL AND revoked_at IS NULL');
const insertToken = db.prepare('INSERT INTO tokens (token_hash, kind, grant_id, partner_id, scopes, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
const insertAudit = db.prepare(
  "INSERT INTO audit_events (occurred_at, event, outcome, actor_type, actor_id, company_id, partner_id, grant_id, account_id, ip, user_agent, detail) VALUES (?, ?, 'success', 'partner', ?, ?, ?, ?, ?, ?, ?, ?)",
);

interface Caller {
  grantId: string;
  partnerId: string;
  companyId: string;
}

function audit(event: string, caller: Caller, accountId: string | null, req: http.IncomingMessage, detail: object): void {
  insertAudit.run(new Date().toISOString(), event, caller.partnerId, caller.companyId, caller.partnerId, caller.grantId, accountId, req.socket.remoteAddress ?? null, req.headers['user-agent'] ?? null, JSON.stringify(detail));
}

// Group commit: the writes of one turn of the event loop in one transaction, answered after
// the WAL's fdatasync; writes arriving during a sync commit together when it ends.
type Write = () => () => void;
let pending: Write[] = [];
let scheduled = false;
let syncing = false;
let walFd: number | null = null;

function durably(write: Write): void {
  pending.push(write);
  if (!scheduled && !syncing) {
    scheduled = true;
    setImmediate(commit);
  }
}

function commit(): void {
  scheduled = false;
  const writes = pending;
  pending = [];
  if (writes.length === 0) return;
  let answers: (() => void)[];
  try {
    db.exec('BEGIN IMMEDIATE');
    answers = writes.map((write) => write());
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  walFd ??= fs.openSync(`${file}-wal`, 'r');
  syncing = true;
  fs.fdatasync(walFd, (error) => {
    if (error) throw error;
    syncing = false;
    for (const answer of answers) answer();
    if (pending.length > 0) commit();
  });
}

function auditedRead(req: http.IncomingMessage, res: http.ServerResponse, accountId: string | null, body: () => string): void {
  const caller = accessToken.get(sha256(bearerOf(req))) as Caller | undefined;
  if (!caller) return send(res, 401, '{"errorCode":"invalid_token"}');
  const text = body();
  durably(() => {
    audit('api.read', caller, accountId, req, { endpoint: accountId ? 'transactions' : 'accounts', status: 200 });
    return () => send(res, 200, text);
  });
}

function pageOf(q: URLSearchParams): string {
  // Parameters in the statement's order: accountId, afterDate, afterId, dateTo, limit.
  const rows = page.all(q.get('accountId'), q.get('dateFrom'), 0, q.get('dateTo'), Number(q.get('limit')) + 1) as string[];
  return `{"transactions":[${rows.slice(0, Number(q.get('limit'))).join(',')}]}`;
}

interface RefreshRow extends Caller {
  scopes: string;
  codeHash: string | null;
  expiresAt: number;
}

function rotate(req: http.IncomingMessage, res: http.ServerResponse, form: URLSearchParams): void {
  const presentedHash = sha256(form.get('refresh_token') ?? '');
  durably(() => {
    const row = refreshToken.get(presentedHash) as RefreshRow | undefined;
    const now = Date.now();
    const access = randomBytes(32).toString('base64url');
    const refresh = randomBytes(32).toString('base64url');
    const refreshHash = sha256(refresh);
    if (!row || markRotated.run(now, refreshHash, presentedHash).changes !== 1) return () => send(res, 400, '{"error":"invalid_grant"}');
    insertToken.run(sha256(access), 'access', row.grantId, row.partnerId, row.scopes, row.codeHash, now + 3_600_000, now);
    insertToken.run(refreshHash, 'refresh', row.grantId, row.partnerId, row.scopes, row.codeHash, row.expiresAt, now);
    audit('token.refreshed', row, null, req, { scope: row.scopes });
    const body = JSON.stringify({ access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: refresh, scope: (JSON.parse(row.scopes) as string[]).join(' ') });
    return () => send(res, 200, body);
  });
}

http
  .createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/fixed') return send(res, 200, FIXED);
    if (url.startsWith('/page?')) return send(res, 200, pageOf(new URLSearchParams(url.slice(6))));
    if (url === '/floor/fixed') return auditedRead(req, res, null, () => FIXED);
    if (url.startsWith('/floor/page?')) {
      const q = new URLSearchParams(url.slice(12));
      return auditedRead(req, res, q.get('accountId'), () => pageOf(q));
    }
    if (url === '/floor/token' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => rotate(req, res, new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      return;
    }
    send(res, 404, '{}');
  })
  .listen(port, '127.0.0.1', () => console.log(`limit: plain node:http on :${port}`));
