import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, DrizzleQueryError, eq } from 'drizzle-orm';
import { auditEvents, partners } from '@/db/schema';
import { createLogger, setLogger } from '@/lib/logger';
import { RateLimiter } from '@/lib/rate-limit';
import { createLinkage, type Linkage } from '@/test/linkage-fixture';
import { basicAuthorization, codeRequest, consent, createOAuthBench, KAIKEI, type OAuthBench } from '@/test/oauth-fixtures';
import { startTestPartnerServer } from '@/test/partner-server-fixture';
import { onPostgres } from '@/test/temp-db';
import { parseExposition, valueOf, type Exposition } from '@/test/prometheus-text';
import { createNodeListener } from '../node-listener';
import { metrics } from './metrics';

// The lean partner server on a real database, observed from outside: /metrics read back as
// exposition format, the log lines it writes, X-Request-Id against the audit trail.
let bench: OAuthBench;
let server: Awaited<ReturnType<typeof startTestPartnerServer>>;
let proxied: Awaited<ReturnType<typeof startTestPartnerServer>>;
let linkage: Linkage;
const lines: string[] = [];
const secrets: string[] = [KAIKEI.secret, basicAuthorization(KAIKEI).slice('Basic '.length)];

beforeAll(async () => {
  bench = await createOAuthBench();
  setLogger(createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }));
  metrics().setDatabaseFile(bench.file);
  server = await startTestPartnerServer(bench.db);
  // Behind one trusted proxy: X-Forwarded-For names the client, so it is not loopback.
  proxied = await startTestPartnerServer(bench.db, { listener: { trustedProxyHops: 1 } });
  linkage = await newLinkage();
});
afterAll(async () => {
  await server.close();
  await proxied.close();
  await bench.cleanup();
});

async function newLinkage(): Promise<Linkage> {
  const created = await createLinkage(bench.db, {
    companyId: bench.seed.companyIds.tsunagu01,
    userId: bench.seed.userIds.tsunagu01,
    partnerId: bench.seed.partnerIds['demo-kaikei']!,
    accountIds: [bench.seed.accountIds['2222222']!],
  });
  secrets.push(created.accessToken, created.refreshToken);
  return created;
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const tokenPost = (body: Record<string, string>, authorization = basicAuthorization(KAIKEI)) => ({
  method: 'POST',
  headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});

async function scrape(origin = server.origin, init: RequestInit = {}): Promise<Exposition> {
  const response = await fetch(`${origin}/metrics`, init);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

type LogLine = Record<string, unknown>;
const parsedLines = (): LogLine[] => lines.map((line) => JSON.parse(line) as LogLine);

/** The request's log line; written when the response closes, so it may trail the response. */
async function requestLine(requestId: string): Promise<LogLine> {
  for (let i = 0; i < 100; i++) {
    const line = parsedLines().find((l) => l.msg === 'request' && l.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no log line for ${requestId}`);
}

/** Sends the request and waits for its log line, so its metrics are recorded too. */
async function send(path: string, init: RequestInit = {}, origin = server.origin): Promise<Response> {
  const response = await fetch(`${origin}${path}`, init);
  await response.arrayBuffer();
  await requestLine(response.headers.get('x-request-id')!);
  return response;
}

async function latestAudit(event: string, grantId?: string) {
  const [row] = await bench.db
    .select()
    .from(auditEvents)
    .where(grantId ? and(eq(auditEvents.event, event), eq(auditEvents.grantId, grantId)) : eq(auditEvents.event, event))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row!;
}

describe('GET /metrics on the lean partner server', () => {
  it('answers a loopback caller in the Prometheus text format: tsunagu_ metrics, Node.js process metrics, database sizes', async () => {
    const response = await fetch(`${server.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const exposition = parseExposition(await response.text());
    for (const name of exposition.types.keys()) expect(name).toMatch(/^(tsunagu_|process_|nodejs_)/);
    expect(exposition.types.get('tsunagu_http_request_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  // The sizes are those of the SQLite file and its WAL; PostgreSQL has neither.
  it.skipIf(onPostgres)('reports the sizes of the SQLite file and its WAL', async () => {
    const exposition = await scrape();
    expect(valueOf(exposition, 'tsunagu_database_size_bytes', { file: 'database' })).toBeGreaterThan(0);
    expect(exposition.samples.some((s) => s.name === 'tsunagu_database_size_bytes' && s.labels.file === 'wal')).toBe(true);
  });

  it('answers any other caller with the 404 of an unknown path, whatever address header it sends', async () => {
    const outside = { 'X-Forwarded-For': '198.51.100.7', 'X-Tsunagu-Client-Address': '127.0.0.1' };
    const refused = await fetch(`${proxied.origin}/metrics`, { headers: outside });
    const unknown = await fetch(`${proxied.origin}/no-such-path`, { headers: outside });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toBe(await unknown.text());
    // Loopback through the same server, when the proxy says so, is let in.
    expect((await fetch(`${proxied.origin}/metrics`, { headers: { 'X-Forwarded-For': '127.0.0.1' } })).status).toBe(200);
  });

  it('lets a non-loopback caller in with METRICS_TOKEN as a bearer, and with nothing else', async () => {
    const outside = (authorization?: string) => ({ headers: { 'X-Forwarded-For': '198.51.100.7', ...(authorization ? { Authorization: authorization } : {}) } });
    const token = 'metrics-token-0123456789abcdef';
    expect((await fetch(`${proxied.origin}/metrics`, outside(`Bearer ${token}`))).status).toBe(404);
    process.env.METRICS_TOKEN = token;
    try {
      await scrape(proxied.origin, outside(`Bearer ${token}`));
      expect((await fetch(`${proxied.origin}/metrics`, outside(`Bearer ${token}x`))).status).toBe(404);
      expect((await fetch(`${proxied.origin}/metrics`, outside(`Basic ${btoa(`x:${token}`)}`))).status).toBe(404);
      expect((await fetch(`${proxied.origin}/metrics`, outside())).status).toBe(404);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });

  it('refuses other methods from an allowed caller with 405', async () => {
    const response = await fetch(`${server.origin}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('moves the counters with token and API traffic, with route patterns for labels', async () => {
    const before = await scrape();
    const accountId = bench.seed.accountIds['2222222']!;
    const other = await newLinkage();

    const refreshed = await fetch(`${server.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: other.refreshToken }));
    expect(refreshed.status).toBe(200);
    const successor = ((await refreshed.json()) as { refresh_token: string }).refresh_token;
    await requestLine(refreshed.headers.get('x-request-id')!);
    expect((await send('/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: successor }))).status).toBe(200);
    // The successor was used: presenting the first token again is reuse, not a retry.
    expect((await send('/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: other.refreshToken }))).status).toBe(400);
    const issued = await consent(bench);
    expect((await send('/oauth/token', tokenPost(codeRequest(issued)))).status).toBe(200);
    expect((await send('/oauth/token', tokenPost(codeRequest(issued)))).status).toBe(400);
    expect((await send('/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: 'x' }, basicAuthorization({ clientId: 'demo-kaikei', secret: 'wrong' })))).status).toBe(401);
    expect((await send('/api/v1/accounts', bearer(linkage.accessToken))).status).toBe(200);
    expect((await send(`/api/v1/accounts/${accountId}/balances`, bearer(linkage.accessToken))).status).toBe(200);
    expect((await send('/api/v1/accounts', bearer('not-a-token'))).status).toBe(401);
    const third = await newLinkage();
    expect((await send('/oauth/revoke', tokenPost({ token: third.accessToken }))).status).toBe(200);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(delta('tsunagu_tokens_issued_total', { grant_type: 'refresh_token' })).toBe(2);
    expect(delta('tsunagu_tokens_issued_total', { grant_type: 'authorization_code' })).toBe(1);
    expect(delta('tsunagu_token_reuse_detected_total', { token_type: 'refresh_token' })).toBe(1);
    expect(delta('tsunagu_token_reuse_detected_total', { token_type: 'authorization_code' })).toBe(1);
    expect(delta('tsunagu_client_authentication_failures_total', { endpoint: 'token' })).toBe(1);
    expect(delta('tsunagu_revocations_total', { kind: 'access_token' })).toBe(1);
    expect(delta('tsunagu_api_reads_total', { endpoint: 'accounts', status_class: '2xx' })).toBe(1);
    expect(delta('tsunagu_api_reads_total', { endpoint: 'accounts', status_class: '4xx' })).toBe(1);
    expect(delta('tsunagu_api_reads_total', { endpoint: 'balances', status_class: '2xx' })).toBe(1);
    const tokenOk = { server: 'partner', method: 'POST', route: '/oauth/token', status: '200' };
    expect(delta('tsunagu_http_requests_total', tokenOk)).toBe(3);
    expect(delta('tsunagu_http_request_duration_seconds_count', tokenOk)).toBe(3);
    expect(delta('tsunagu_http_request_duration_seconds_sum', tokenOk)).toBeGreaterThan(0);
    expect(delta('tsunagu_http_requests_total', { route: '/api/v1/accounts/:accountId/balances', status: '200' })).toBe(1);
    expect(delta('tsunagu_http_requests_total', { route: '/oauth/token', status: '401' })).toBe(1);
    // The refresh and every API read committed through the group committer.
    expect(delta('tsunagu_group_commit_batch_size_sum')).toBeGreaterThanOrEqual(4);
    // No label carries an id, a token or a raw path.
    const labelValues = after.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes(accountId) || v.includes('acc_') || secrets.some((secret) => v.includes(secret)))).toEqual([]);
  });

  it('counts refusals of the per-source token limit', async () => {
    const limited = await startTestPartnerServer(bench.db, { deps: { limits: { perIp: rateLimiterOf(1), perClient: rateLimiterOf(100), authorizePerSource: rateLimiterOf(100) } } });
    try {
      const before = await scrape();
      await fetch(`${limited.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: 'x' }));
      expect((await fetch(`${limited.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: 'x' }))).status).toBe(429);
      const after = await scrape();
      expect(valueOf(after, 'tsunagu_rate_limit_refusals_total', { limit: 'oauth_per_source' }) - valueOf(before, 'tsunagu_rate_limit_refusals_total', { limit: 'oauth_per_source' })).toBe(1);
    } finally {
      await limited.close();
    }
  });
});

function rateLimiterOf(burst: number) {
  return new RateLimiter(burst, 0.001);
}

describe('X-Request-Id on the lean partner server', () => {
  it('sends a fresh random id on every response and never echoes one the client sent', async () => {
    const ids = new Set<string>();
    for (const path of ['/api/v1/accounts', '/no-such-path', '/.well-known/oauth-authorization-server']) {
      const response = await fetch(`${server.origin}${path}`, { headers: { 'X-Request-Id': 'client-chosen' } });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id!);
    }
    expect(ids.size).toBe(3);
    const tooLarge = await fetch(`${server.origin}/oauth/token`, { method: 'POST', body: 'a='.padEnd(70_000, 'b') });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the request_id of the audit row that request wrote: API read, refresh, failed client authentication', async () => {
    const read = await fetch(`${server.origin}/api/v1/accounts`, bearer(linkage.accessToken));
    expect((await latestAudit('api.read', linkage.grantId)).requestId).toBe(read.headers.get('x-request-id'));

    const other = await newLinkage();
    const refreshed = await fetch(`${server.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: other.refreshToken }));
    expect(refreshed.status).toBe(200);
    expect((await latestAudit('token.refreshed', other.grantId)).requestId).toBe(refreshed.headers.get('x-request-id'));

    const refused = await fetch(`${server.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: 'x' }, basicAuthorization({ clientId: 'demo-kaikei', secret: 'nope' })));
    expect(refused.status).toBe(401);
    expect((await latestAudit('client.authentication_failed')).requestId).toBe(refused.headers.get('x-request-id'));
  });
});

describe('log lines of the lean partner server', () => {
  it('writes one JSON line per request: id, server, method, route pattern, status, duration and the partner once known', async () => {
    const accountId = bench.seed.accountIds['2222222']!;
    const response = await fetch(`${server.origin}/api/v1/accounts/${accountId}/transactions?dateFrom=2026-01-01&limit=5`, bearer(linkage.accessToken));
    const line = await requestLine(response.headers.get('x-request-id')!);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      server: 'partner',
      method: 'GET',
      route: '/api/v1/accounts/:accountId/transactions',
      status: response.status,
      partnerId: bench.seed.partnerIds['demo-kaikei'],
    });
    expect(typeof line.durationMs).toBe('number');
    expect(Object.keys(line).sort()).toEqual(['durationMs', 'level', 'method', 'msg', 'partnerId', 'pid', 'requestId', 'route', 'server', 'status', 'time']);

    const anonymous = await fetch(`${server.origin}/api/v1/accounts`, bearer('unknown-token'));
    expect((await requestLine(anonymous.headers.get('x-request-id')!)).partnerId).toBeUndefined();
    const token = await fetch(`${server.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: (await newLinkage()).refreshToken }));
    expect(await requestLine(token.headers.get('x-request-id')!)).toMatchObject({ route: '/oauth/token', status: 200, partnerId: bench.seed.partnerIds['demo-kaikei'] });
  });

  it('never writes a secret, token, code, query string, header value or client address under token and API traffic', async () => {
    const issued = await consent(bench);
    const code = await fetch(`${server.origin}/oauth/token`, tokenPost(codeRequest(issued)));
    const tokens = (await code.json()) as { access_token: string; refresh_token: string };
    secrets.push(issued.code, issued.verifier, tokens.access_token, tokens.refresh_token);
    await fetch(`${server.origin}/oauth/introspect`, tokenPost({ token: tokens.access_token }));
    await fetch(`${server.origin}/oauth/token`, tokenPost({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_secret: KAIKEI.secret }));
    await fetch(`${server.origin}/oauth/revoke`, tokenPost({ token: tokens.refresh_token }));
    await fetch(`${server.origin}/api/v1/accounts?access_token=${tokens.access_token}`, { headers: { 'User-Agent': 'secret-agent/1.0' } });
    const last = await fetch(`${server.origin}/api/v1/accounts`, bearer(tokens.access_token));
    await requestLine(last.headers.get('x-request-id')!);

    expect(lines.length).toBeGreaterThan(10);
    for (const text of lines) {
      const line = JSON.parse(text) as LogLine;
      expect(typeof line.msg).toBe('string');
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\?|access_token=|secret-agent|127\.0\.0\.1|Bearer|Basic/);
    }
  });

  it('logs an unexpected failure as one error line with the request id, without the SQL or its bound values', async () => {
    const [partner] = await bench.db.select().from(partners).limit(1);
    // A real constraint violation, as drizzle's async drivers (node-postgres) report every
    // failure: a DrizzleQueryError whose message holds the statement and its values. Where the
    // driver's error arrives unwrapped (better-sqlite3), it is wrapped the same way here.
    const failing = http.createServer(
      createNodeListener(async () => {
        const values = { ...partner!, clientSecretHash: 'bound-value-that-must-not-be-logged' };
        try {
          await bench.db.insert(partners).values(values);
        } catch (error) {
          if (error instanceof DrizzleQueryError) throw error;
          throw new DrizzleQueryError('insert into "partners" values (?, ?)', Object.values(values), error as Error);
        }
        return new Response('unreachable');
      }),
    );
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/anything`);
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id')!;
      expect(await requestLine(requestId)).toMatchObject({ level: 'error', status: 500, route: 'other' });
      const errorLine = parsedLines().find((l) => l.msg === 'request failed' && l.requestId === requestId)!;
      // PostgreSQL's unique_violation is SQLSTATE 23505.
      const cause = onPostgres ? { code: '23505' } : { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: partners.client_id' };
      expect(errorLine).toMatchObject({ level: 'error', error: { name: 'DrizzleQueryError', cause } });
      const text = JSON.stringify(errorLine);
      expect(text).not.toContain('bound-value-that-must-not-be-logged');
      expect(text).not.toMatch(/insert into/i);
      expect(text).not.toContain('"stack"');
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });
});
