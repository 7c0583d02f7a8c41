import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { closePostgres, openPostgres } from '@/db/postgres';
import { auditEvents, authorizationRequests } from '@/db/schema';
import { CLIENT_ADDRESS_HEADER } from '@/lib/client-address';
import { jstIso } from '@/lib/jst';
import { RateLimiter } from '@/lib/rate-limit';
import { computeS256Challenge } from '@/lib/oauth/pkce';
import { callApi } from '@/test/api-client';
import { createTempDb, onPostgres, type TempDb } from '@/test/temp-db';
import { createOAuthBench, DEMO_REDIRECT_URI, formPost, KAIKEI, newVerifier, type OAuthBench } from '@/test/oauth-fixtures';
import { createPartnerApi } from './api/partner-api';
import { createAuthorizeHandler } from './oauth/authorize-handler';
import { oauthDeps } from './oauth/deps';
import { createOAuthRateLimits } from './oauth/rate-limits';
import { createTokenHandler } from './oauth/token-handler';
import { RefusalSummary } from './refusal-summary';

let db: Db;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 5, 1, 0, 0) + ms);
const summaries = () => db.select().from(auditEvents).where(eq(auditEvents.event, 'rate_limit.exceeded')).orderBy(auditEvents.id);
const eventCount = async (event: string) => (await db.select().from(auditEvents).where(eq(auditEvents.event, event))).length;

/** The same database through a connection that is already closed: every write fails. */
async function closedStore(temp: TempDb): Promise<Db> {
  if (onPostgres) {
    const other = openPostgres(temp.env.DATABASE_URL!, 1);
    await closePostgres(other);
    return other;
  }
  const other = openDatabase(temp.file);
  other.$client.close(); // eslint-disable-line no-restricted-syntax -- closing this SQLite connection is the point
  return other;
}

describe('rate-limit refusal summaries', () => {
  let temp: TempDb;
  beforeEach(async () => {
    temp = await createTempDb();
    db = temp.db;
  });
  afterEach(() => temp.cleanup());

  it('writes one row per source and window with the count and the first and last refusal', async () => {
    const summary = new RefusalSummary({ windowMs: 60_000 });
    for (let i = 0; i < 50; i++) summary.record('authorize.per_source', { ip: '198.51.100.1' }, at(i * 1000));
    summary.record('authorize.per_source', { ip: '198.51.100.2' }, at(5000));
    expect(await summary.flush(db, at(59_000))).toBe(0);
    expect(await summary.flush(db, at(66_000))).toBe(2);
    const rows = await summaries();
    expect(rows.map((row) => row.ip).sort()).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(rows.find((row) => row.ip === '198.51.100.1')).toMatchObject({
      outcome: 'failure',
      actorType: 'anonymous',
      detail: { limit: 'authorize.per_source', count: 50, firstAt: jstIso(at(0)), lastAt: jstIso(at(49_000)), windowSeconds: 60 },
    });
    expect(await summary.flush(db, at(200_000))).toBe(0);
  });

  it('starts a new window once the first one has run its length', async () => {
    const summary = new RefusalSummary({ windowMs: 60_000 });
    summary.record('api.failed_auth', { ip: '198.51.100.3' }, at(0));
    summary.record('api.failed_auth', { ip: '198.51.100.3' }, at(61_000));
    summary.record('api.failed_auth', { ip: '198.51.100.3' }, at(62_000));
    await summary.flush(db, at(63_000), { all: true });
    expect((await summaries()).map((row) => (row.detail as { count: number }).count)).toEqual([1, 2]);
  });

  it('keeps its windows when they cannot be written, and writes them at the next flush', async () => {
    const summary = new RefusalSummary({ windowMs: 1000 });
    summary.record('oauth.per_client', { partnerId: 'ptn_kaikei' }, at(0));
    await expect(summary.flush(await closedStore(temp), at(5000))).rejects.toThrow();
    expect(await summaries()).toEqual([]);
    expect(await summary.flush(db, at(6000))).toBe(1);
    expect((await summaries())[0]).toMatchObject({ actorType: 'partner', partnerId: 'ptn_kaikei' });
  });

  it('keeps a refusal recorded while a flush is writing for the next flush', async () => {
    const summary = new RefusalSummary({ windowMs: 1000 });
    summary.record('login', { ip: '198.51.100.5' }, at(0));
    const writing = summary.flush(db, at(5000));
    summary.record('login', { ip: '198.51.100.5' }, at(5001));
    expect(await writing).toBe(1);
    expect(await summary.flush(db, at(9000), { all: true })).toBe(1);
    expect((await summaries()).map((row) => (row.detail as { count: number }).count)).toEqual([1, 1]);
  });

  it('counts refusals past its memory bound in one overflow window per limit', async () => {
    const summary = new RefusalSummary({ windowMs: 60_000, maxSources: 2 });
    for (let i = 0; i < 6; i++) summary.record('api.failed_auth', { ip: `2001:db8::${i}` }, at(i));
    await summary.flush(db, at(10), { all: true });
    const rows = await summaries();
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.ip === null)?.detail).toMatchObject({ count: 4, overflow: true });
  });
});

describe('refusals past a limit write no audit row of their own', () => {
  let bench: OAuthBench;
  beforeEach(async () => {
    bench = await createOAuthBench();
    db = bench.db;
  });
  afterEach(() => bench.cleanup());

  const challenge = computeS256Challenge(newVerifier());
  const authorizeUrl = () =>
    `http://localhost:3000/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-kaikei',
      redirect_uri: DEMO_REDIRECT_URI,
      scope: 'accounts:read',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;

  it('GET /oauth/authorize: 429 on the plain error page with Retry-After past the per-source limit', async () => {
    const refusals = new RefusalSummary();
    const limits = { ...createOAuthRateLimits(), authorizePerSource: new RateLimiter(2, 1 / 60) };
    const authorize = createAuthorizeHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits, refusals }));
    const from = (ip: string) => new Request(authorizeUrl(), { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
    expect((await authorize(from('203.0.113.20'))).status).toBe(303);
    expect((await authorize(from('203.0.113.20'))).status).toBe(303);
    const refused = await Promise.all([1, 2, 3].map(() => authorize(from('203.0.113.20'))));
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(await response.text()).toContain('しばらく時間をおいてから');
    }
    expect((await authorize(from('203.0.113.21'))).status).toBe(303);
    expect(await bench.db.select().from(authorizationRequests)).toHaveLength(3);
    expect(await eventCount('authorization.requested')).toBe(3);

    await refusals.flush(bench.db, bench.clock.now, { all: true });
    expect(await summaries()).toEqual([expect.objectContaining({ ip: '203.0.113.20', detail: expect.objectContaining({ limit: 'authorize.per_source', count: 3 }) })]);
  });

  it('token endpoint: refusals by the per-client limit are summarized for the partner', async () => {
    const refusals = new RefusalSummary();
    const limits = { ...createOAuthRateLimits(), perClient: new RateLimiter(1, 0.001) };
    const token = createTokenHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits, refusals }));
    const probe = () => formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'unknown' }, { basic: KAIKEI });
    expect((await token(probe())).status).toBe(400);
    const before = (await bench.db.select().from(auditEvents)).length;
    for (let i = 0; i < 5; i++) expect((await token(probe())).status).toBe(429);
    expect((await bench.db.select().from(auditEvents)).length).toBe(before);

    await refusals.flush(bench.db, bench.clock.now, { all: true });
    expect(await summaries()).toEqual([
      expect.objectContaining({ partnerId: bench.seed.partnerIds['demo-kaikei'], detail: expect.objectContaining({ limit: 'oauth.per_client', count: 5 }) }),
    ]);
  });

  it('token endpoint: refusals by the per-source limit are summarized for the source', async () => {
    const refusals = new RefusalSummary();
    const limits = { ...createOAuthRateLimits(), perIp: new RateLimiter(1, 0.001) };
    const token = createTokenHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits, refusals }));
    const probe = () => formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'unknown' }, { basic: KAIKEI }, { [CLIENT_ADDRESS_HEADER]: '203.0.113.30' });
    await token(probe());
    for (let i = 0; i < 4; i++) expect((await token(probe())).status).toBe(429);
    await refusals.flush(bench.db, bench.clock.now, { all: true });
    expect(await summaries()).toEqual([expect.objectContaining({ ip: '203.0.113.30', detail: expect.objectContaining({ limit: 'oauth.per_source', count: 4 }) })]);
  });

  it('account-data API: refused tokens past the per-source limit are summarized, not written as api.read rows', async () => {
    const refusals = new RefusalSummary();
    const api = createPartnerApi(bench.db, {
      refusals,
      limits: { perLinkage: { burst: 100, perSecond: 1 }, failedAuthPerSource: { burst: 2, perSecond: 0.01 } },
    });
    const from = { [CLIENT_ADDRESS_HEADER]: '203.0.113.40' };
    for (let i = 0; i < 2; i++) expect((await callApi(api, '/api/v1/accounts', 'bad', from)).status).toBe(401);
    for (let i = 0; i < 6; i++) expect((await callApi(api, '/api/v1/accounts', 'bad', from)).status).toBe(429);
    expect(await eventCount('api.read')).toBe(2);

    await refusals.flush(bench.db, new Date(), { all: true });
    expect(await summaries()).toEqual([expect.objectContaining({ ip: '203.0.113.40', detail: expect.objectContaining({ limit: 'api.failed_auth', count: 6 }) })]);
  });
});
