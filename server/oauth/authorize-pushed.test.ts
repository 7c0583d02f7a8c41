// GET /oauth/authorize?client_id&request_uri (RFC 9126 §4) and the fapi2 rule "PAR only".
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, authorizationCodes, authorizationRequests, pushedAuthorizationRequests } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { signAssertion } from '@/test/client-assertions';
import { testContext } from '@/test/journey-fixtures';
import { authorizationParams, authorizeRequest, createOAuthBench, DEMO_REDIRECT_URI, FEED, formPost, KAIKEI, secondConnection, type ClientAuth, type OAuthBench } from '@/test/oauth-fixtures';
import { onPostgres } from '@/test/temp-db';
import { approveAuthorization } from '../journey/approve';
import { confirmPinRegistrations } from '../journey/confirm';
import { loadJourney, type ActiveJourney } from '../journey/load';
import { loginForJourney } from '../journey/login';
import { createAuthorizeHandler } from './authorize-handler';
import { oauthDeps } from './deps';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

async function pushed(clientId: string = KAIKEI.clientId, extra: Record<string, string> = {}): Promise<string> {
  const auth: ClientAuth = clientId === 'demo-fapi' ? { assertion: await signAssertion({ now: bench.clock.now }) } : { basic: clientId === FEED.clientId ? FEED : KAIKEI };
  const { client_id: _omit, ...params } = authorizationParams(clientId, extra);
  const response = await bench.par(formPost('/oauth/par', params, auth));
  expect(response.status).toBe(201);
  return ((await response.json()) as { request_uri: string }).request_uri;
}
const open = (clientId: string, requestUri: string) => bench.authorize(authorizeRequest({ client_id: clientId, request_uri: requestUri }));
const requests = async () => await bench.db.select().from(authorizationRequests);
const rejections = async () => await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'authorization.request_rejected'));

function expectJourneyStarted(response: Response) {
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/consent/login');
  return /^tsunagu_authz=([^;]+)/.exec(response.headers.get('set-cookie')!)![1]!;
}

async function expectErrorPage(response: Response, requestUri?: string) {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await response.text()).toContain('<html lang="ja">');
  if (requestUri) expect((await rejections()).at(-1)!.detail).toMatchObject({ response: 'page', reason: 'invalid_request_uri', requestUri });
}

describe('GET /oauth/authorize with a request_uri', () => {
  it('starts the journey with the pushed parameters, a 15-minute request and the journey cookie', async () => {
    const raw = expectJourneyStarted(await open(KAIKEI.clientId, await pushed(KAIKEI.clientId, { dpop_jkt: JKT })));
    const [request] = await requests();
    expect(request).toMatchObject({
      id: sha256Hex(raw),
      partnerId: bench.seed.partnerIds['demo-kaikei'],
      redirectUri: DEMO_REDIRECT_URI,
      requestedScopes: ['accounts:read', 'transactions:read'],
      state: 'par-state',
      dpopJkt: JKT,
    });
    expect(request!.expiresAt.getTime() - bench.clock.now.getTime()).toBe(15 * 60_000);
    expect((await bench.db.select().from(pushedAuthorizationRequests).limit(1))[0]!.usedAt).toEqual(bench.clock.now);
  });

  it('works once: a second open of the same request_uri gets the error page', async () => {
    const uri = await pushed();
    expectJourneyStarted(await open(KAIKEI.clientId, uri));
    await expectErrorPage(await open(KAIKEI.clientId, uri), 'used');
    expect(await requests()).toHaveLength(1);
  });

  it('lets exactly one of two connections take the same request_uri', async () => {
    const uri = await pushed();
    const second = secondConnection(bench);
    try {
      const other = createAuthorizeHandler(oauthDeps(second.db, { now: () => bench.clock.now }));
      const viaFirst = () => open(KAIKEI.clientId, uri);
      const viaSecond = () => other(authorizeRequest({ client_id: KAIKEI.clientId, request_uri: uri }));
      // Two SQLite connections in one thread cannot hold transactions at once (the second's
      // busy wait would block the first), so there they take turns; PostgreSQL races them.
      const answers = onPostgres ? await Promise.all([viaFirst(), viaSecond()]) : [await viaFirst(), await viaSecond()];
      expect(answers.map((a) => a.status).sort()).toEqual([303, 400]);
      expect(await requests()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('refuses it after its 90 seconds, not before', async () => {
    const late = await pushed();
    const inTime = await pushed();
    bench.clock.now = new Date(bench.clock.now.getTime() + 89_000);
    expectJourneyStarted(await open(KAIKEI.clientId, inTime));
    bench.clock.now = new Date(bench.clock.now.getTime() + 1_000);
    await expectErrorPage(await open(KAIKEI.clientId, late), 'expired');
  });

  it("refuses another client's request_uri and leaves it usable by its own client", async () => {
    const uri = await pushed(KAIKEI.clientId);
    await expectErrorPage(await open(FEED.clientId, uri), 'other_client');
    expectJourneyStarted(await open(KAIKEI.clientId, uri));
  });

  it('refuses an unknown or malformed request_uri', async () => {
    await expectErrorPage(await open(KAIKEI.clientId, `urn:ietf:params:oauth:request_uri:${'A'.repeat(43)}`), 'unknown');
    await expectErrorPage(await open(KAIKEI.clientId, 'https://attacker.example/request.jwt'));
    expect((await rejections()).at(-1)!.detail).toMatchObject({ reason: 'malformed_request_uri' });
  });

  it.each([
    ['redirect_uri', { redirect_uri: DEMO_REDIRECT_URI }],
    ['scope', { scope: 'accounts:read' }],
    ['state', { state: 'other' }],
    ['an empty extra parameter', { prompt: '' }],
  ])('refuses %s beside client_id and request_uri, and leaves the request_uri usable', async (_label, extra) => {
    const uri = await pushed();
    await expectErrorPage(await bench.authorize(authorizeRequest({ client_id: KAIKEI.clientId, request_uri: uri, ...extra })));
    expect((await rejections()).at(-1)!.detail).toMatchObject({ reason: 'request_uri_with_other_parameters' });
    expectJourneyStarted(await open(KAIKEI.clientId, uri));
  });

  it('refuses a repeated request_uri', async () => {
    const uri = await pushed();
    const query = `${new URLSearchParams({ client_id: KAIKEI.clientId, request_uri: uri })}&request_uri=${encodeURIComponent(uri)}`;
    await expectErrorPage(await bench.authorize(authorizeRequest(query)));
    expect(await requests()).toHaveLength(0);
  });
});

describe('a fapi2 partner at /oauth/authorize', () => {
  it('is refused without PAR: redirected back with invalid_request, nothing stored', async () => {
    const response = await bench.authorize(authorizeRequest(authorizationParams('demo-fapi')));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(DEMO_REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('par-state');
    expect(await requests()).toHaveLength(0);
    expect(await rejections()).toHaveLength(1);
  });

  it('starts the journey through PAR, and 許可 binds the code to the dpop_jkt of the pushed request', async () => {
    const raw = expectJourneyStarted(await open('demo-fapi', await pushed('demo-fapi', { dpop_jkt: JKT })));
    const first = (await loadJourney(bench.db, { requestToken: raw }, bench.clock.now)) as ActiveJourney;
    const login = await loginForJourney(bench.db, first, { loginId: 'tsunagu01', password: 'Tsunagu#2026' }, testContext, bench.clock.now);
    if (!login.ok) throw new Error('login failed');
    const reload = async () => (await loadJourney(bench.db, { requestToken: raw, sessionToken: login.value.sessionToken }, bench.clock.now)) as ActiveJourney;
    await confirmPinRegistrations(bench.db, await reload(), testContext, bench.clock.now);
    const approved = await approveAuthorization(bench.db, await reload(), testContext, bench.clock.now);
    if (!approved.ok) throw new Error(approved.reason);
    const code = new URL(approved.redirectUrl).searchParams.get('code')!;
    const stored = (await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))).limit(1))[0];
    expect(stored).toMatchObject({ partnerId: bench.seed.partnerIds['demo-fapi'], dpopJkt: JKT });
  });
});
