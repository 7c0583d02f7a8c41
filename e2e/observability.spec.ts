// The Next.js side of operations.md: /metrics from loopback, X-Request-Id on every kind of
// response and in the audit row the request wrote (so the request context reaches route
// handlers and server actions through Next.js), and the server's log lines (stdout, kept in
// data/e2e-PORT/server.log by scripts/e2e-server.sh) free of every secret of a journey.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { auditEvents, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { parseExposition, valueOf } from '@/test/prometheus-text';
import { e2eDb } from './support/db';
import { fixtureAccountText, newCustomer } from './support/fixtures';
import { approve, logIn, registerPin } from './support/journey';
import { exchangeCode, PARTNERS, refreshTokens, startJourney } from './support/oauth';

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SERVER_LOG = path.join('data', `e2e-${process.env.E2E_PORT || 3100}`, 'server.log');

type LogLine = Record<string, unknown>;

/** The server's log lines once the one of `requestId` is written (lines trail the response). */
async function logLinesUntil(requestId: string): Promise<{ raw: string[]; lines: LogLine[] }> {
  for (let i = 0; i < 100; i++) {
    const raw = fs.readFileSync(SERVER_LOG, 'utf8').split('\n').filter((line) => line !== '');
    // Next.js prints its own start-up lines (not JSON) before ours; from "listening" on,
    // every line must be a JSON object.
    const start = raw.findIndex((line) => line.includes('"Tsunagu listening"'));
    if (start === -1) throw new Error(`${SERVER_LOG} has no "Tsunagu listening" line`);
    const lines = raw.slice(start).map((line) => JSON.parse(line) as LogLine);
    if (lines.some((line) => line.requestId === requestId && line.msg === 'request')) return { raw, lines };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no log line for request ${requestId}`);
}

/** The linkage an access token belongs to. */
async function grantOf(accessToken: string): Promise<string> {
  return (await e2eDb().select({ grantId: tokens.grantId }).from(tokens).where(eq(tokens.tokenHash, sha256Hex(accessToken))).limit(1))[0]!.grantId;
}

/** The X-Request-Id of the next POST the page sends to `pathname` (a server action). */
function nextActionId(page: Page, pathname: string): Promise<string> {
  return page
    .waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === pathname)
    .then((response) => response.headers()['x-request-id']!);
}

test('/metrics answers a loopback caller in the Prometheus text format, and the app counts its requests', async ({ request }) => {
  const scrape = async () => parseExposition(await (await request.get('/metrics')).text());
  const before = await scrape();
  await request.get('/');
  // Counted by route code in a Next.js bundle, into the registry the listener created.
  const refused = await request.post('/oauth/token', {
    headers: { authorization: `Basic ${Buffer.from('demo-feed:wrong').toString('base64')}` },
    form: { grant_type: 'refresh_token', refresh_token: 'x' },
  });
  expect(refused.status()).toBe(401);
  const failures = (e: ReturnType<typeof parseExposition>) => valueOf(e, 'tsunagu_client_authentication_failures_total', { endpoint: 'token' });
  expect(failures(await scrape()) - failures(before)).toBe(1);

  const response = await request.get('/metrics');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(response.headers()['cache-control']).toBe('no-store');
  const exposition = parseExposition(await response.text());
  expect(valueOf(exposition, 'tsunagu_http_requests_total', { server: 'app', method: 'GET', route: '/', status: '200' })).toBeGreaterThan(0);
  expect(valueOf(exposition, 'tsunagu_database_size_bytes', { file: 'database' })).toBeGreaterThan(0);
  expect(exposition.types.get('process_resident_memory_bytes')).toBe('gauge');
  for (const name of exposition.types.keys()) expect(name).toMatch(/^(tsunagu_|process_|nodejs_)/);
});

test('X-Request-Id is on pages, static files and API responses, fresh each time, never the client’s', async ({ page, request }) => {
  const home = await page.goto('/');
  expect(home!.headers()['x-request-id']).toMatch(REQUEST_ID);
  const script = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).find((name) => name.includes('/_next/static/')));
  const asset = await request.get(script!);
  expect(asset.headers()['x-request-id']).toMatch(REQUEST_ID);

  const api = await request.get('/api/v1/accounts', { headers: { 'X-Request-Id': 'client-chosen' } });
  expect(api.status()).toBe(401);
  const id = api.headers()['x-request-id'];
  expect(id).toMatch(REQUEST_ID);
  expect(id).not.toBe(home!.headers()['x-request-id']);
  // The route handler ran inside the listener's request context: its audit row has the id.
  const row = (await e2eDb().select().from(auditEvents).where(and(eq(auditEvents.event, 'api.read'), eq(auditEvents.requestId, id!))).limit(1))[0];
  expect(row).toBeDefined();
});

test('a journey and its token traffic: audit rows carry the request ids, and no log line holds a secret', async ({ page, request }) => {
  const customer = await newCustomer([{ registered: false }]);
  const journey = await startJourney(page, 'demo-feed');

  // A server action (the journey's login): the audit row it wrote has the response's id.
  const loginId = nextActionId(page, '/consent/login');
  await logIn(page, customer.loginId, customer.password);
  const loginRequestId = await loginId;
  expect(loginRequestId).toMatch(REQUEST_ID);
  const loginRow = (await e2eDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.event, 'customer.login'), eq(auditEvents.actorId, customer.userId)))
    .limit(1))[0]!;
  expect(loginRow.requestId).toBe(loginRequestId);

  const account = await fixtureAccountText(customer.accountIds[0]!);
  await registerPin(page, account, '9753');
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await registerPin(page, account, '1357');
  await expect(page).toHaveURL(/\/consent\/pin-result$/);
  await page.getByRole('button', { name: '確認' }).click();
  await approve(page);
  const code = (await journey.callback).searchParams.get('code')!;

  const exchanged = await exchangeCode(request, journey, code);
  expect(exchanged.status()).toBe(200);
  const issued = await exchanged.json();
  const refreshed = await refreshTokens(request, 'demo-feed', issued.refresh_token);
  const next = await refreshed.json();
  const read = await request.get('/api/v1/accounts', { headers: { authorization: `Bearer ${next.access_token}` } });
  expect(read.status()).toBe(200);
  const tokenRow = (await e2eDb().select().from(auditEvents).where(and(eq(auditEvents.event, 'token.refreshed'), eq(auditEvents.grantId, await grantOf(next.access_token)))).limit(1))[0];
  expect(tokenRow?.requestId).toBe(refreshed.headers()['x-request-id']);

  const { raw, lines } = await logLinesUntil(read.headers()['x-request-id']!);
  const secrets = [
    customer.password,
    code,
    journey.codeVerifier,
    journey.state,
    issued.access_token,
    issued.refresh_token,
    next.access_token,
    next.refresh_token,
    PARTNERS['demo-feed'].secret,
    Buffer.from(`demo-feed:${PARTNERS['demo-feed'].secret}`).toString('base64'),
  ];
  for (const line of raw) {
    for (const secret of secrets) expect(line, 'a log line holds a secret').not.toContain(secret);
  }
  for (const { requestId: _id, time: _time, pid: _pid, durationMs: _ms, ...fields } of lines) {
    // The short PINs are looked for only outside the random and numeric fields they could match by chance.
    const text = JSON.stringify(fields);
    for (const pin of ['9753', '1357']) expect(text, 'a log line holds a PIN').not.toContain(pin);
    expect(text).not.toMatch(/\?|code_challenge|127\.0\.0\.1|::1|HeadlessChrome/);
  }
  const requestLines = lines.filter((line) => line.msg === 'request');
  expect(requestLines.find((line) => line.requestId === loginRequestId)).toMatchObject({ server: 'app', method: 'POST', route: '/consent/login', status: 200 });
  expect(requestLines.find((line) => line.requestId === read.headers()['x-request-id'])).toMatchObject({
    route: '/api/v1/accounts',
    status: 200,
    partnerId: tokenRow?.partnerId,
  });
  expect(requestLines.map((line) => line.route)).toEqual(expect.arrayContaining(['/oauth/authorize', '/consent/pin', '/consent/grant', '/oauth/token']));
});
