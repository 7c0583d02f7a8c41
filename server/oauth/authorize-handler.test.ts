import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, authorizationRequests, partners } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { computeS256Challenge } from '@/lib/oauth/pkce';
import { createOAuthBench, DEMO_REDIRECT_URI, newVerifier, type OAuthBench } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const CHALLENGE = computeS256Challenge(newVerifier());
const valid = (): Record<string, string> => ({
  response_type: 'code',
  client_id: 'demo-kaikei',
  redirect_uri: DEMO_REDIRECT_URI,
  scope: 'accounts:read transactions:read',
  state: 'xyz-state',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
});
const authorize = (query: string | Record<string, string>) => {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  return bench.authorize(new Request(`http://localhost:3000/oauth/authorize?${search}`, { headers: { 'User-Agent': 'vitest' } }));
};
const storedRequests = async () => await bench.db.select().from(authorizationRequests);
const rejections = async () => await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'authorization.request_rejected'));

async function expectErrorPage(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toContain('text/html');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await response.text();
  expect(html).toContain('<html lang="ja">');
  expect(html).toContain('API連携先のサービスから受け取ったリンクが正しくない');
  expect(html).toContain('つなぐ信用組合');
  expect(await storedRequests()).toHaveLength(0);
  expect(await rejections()).toHaveLength(1);
  return html;
}

async function expectRedirectError(response: Response, error: string, state: string | null = 'xyz-state') {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(DEMO_REDIRECT_URI);
  expect(location.searchParams.get('error')).toBe(error);
  expect(location.searchParams.get('state')).toBe(state);
  expect(location.searchParams.get('iss')).toBe('http://localhost:3000');
  expect(location.searchParams.get('code')).toBeNull();
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(await storedRequests()).toHaveLength(0);
  expect(await rejections()).toHaveLength(1);
}

describe('GET /oauth/authorize: valid request', () => {
  it('stores the request, binds it to the browser with a cookie and goes to step 1', async () => {
    const response = await authorize(valid());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/consent/login');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tsunagu_authz=[a-z2-7]{32}; Path=\/; Max-Age=900; HttpOnly; SameSite=Lax$/);
    const raw = /^tsunagu_authz=([^;]+)/.exec(cookie)![1]!;
    const [stored] = await storedRequests();
    expect(stored).toMatchObject({
      id: sha256Hex(raw),
      partnerId: bench.seed.partnerIds['demo-kaikei'],
      redirectUri: DEMO_REDIRECT_URI,
      requestedScopes: ['accounts:read', 'transactions:read'],
      state: 'xyz-state',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
      status: 'pending',
    });
    expect(stored!.expiresAt.getTime() - bench.clock.now.getTime()).toBe(15 * 60_000);
    const [audit] = await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'authorization.requested'));
    expect(audit).toMatchObject({ outcome: 'success', partnerId: stored!.partnerId, userAgent: 'vitest' });
  });

  it('accepts a request without state', async () => {
    const { state: _omit, ...query } = valid();
    expect((await authorize(query)).status).toBe(303);
    expect((await storedRequests())[0]!.state).toBeNull();
  });
});

describe('GET /oauth/authorize: error page, never a redirect', () => {
  it('for an unknown client_id', async () => {
    await expectErrorPage(await authorize({ ...valid(), client_id: 'nobody' }));
    expect((await rejections())[0]!.detail).toMatchObject({ reason: 'unknown_client', response: 'page' });
  });

  it('for a missing client_id', async () => {
    const { client_id: _omit, ...query } = valid();
    await expectErrorPage(await authorize(query));
  });

  it('for a suspended partner', async () => {
    await bench.db.update(partners).set({ status: 'suspended' }).where(eq(partners.clientId, 'demo-kaikei'));
    await expectErrorPage(await authorize(valid()));
    expect((await rejections())[0]!.partnerId).toBe(bench.seed.partnerIds['demo-kaikei']);
  });

  it.each([
    ['missing', undefined],
    ['one character off', 'http://localhost:4000/callbacc'],
    ['with an added query', `${DEMO_REDIRECT_URI}?next=/x`],
    ['with a trailing slash', `${DEMO_REDIRECT_URI}/`],
    ['of another partner', 'https://freee.example/oauth/callback'],
    ['with different case', 'http://LOCALHOST:4000/callback'],
  ])('for a redirect_uri %s', async (_label, redirectUri) => {
    const { redirect_uri: _omit, ...rest } = valid();
    await expectErrorPage(await authorize(redirectUri === undefined ? rest : { ...rest, redirect_uri: redirectUri }));
    expect((await rejections())[0]!.detail).toMatchObject({ reason: 'invalid_redirect_uri' });
  });

  it('for a request_uri sent beside the query parameters of a direct request (RFC 9126 §4)', async () => {
    await expectErrorPage(await authorize({ ...valid(), request_uri: 'urn:ietf:params:oauth:request_uri:abc' }));
    expect((await rejections())[0]!.detail).toMatchObject({ reason: 'request_uri_with_other_parameters' });
  });

  it('for a repeated client_id or redirect_uri', async () => {
    await expectErrorPage(await authorize(`${new URLSearchParams(valid())}&redirect_uri=${encodeURIComponent(DEMO_REDIRECT_URI)}`));
  });
});

describe('GET /oauth/authorize: redirect back with error, state and iss', () => {
  it('for a response_type other than code', async () => {
    await expectRedirectError(await authorize({ ...valid(), response_type: 'token' }), 'unsupported_response_type');
  });

  it('for a missing response_type', async () => {
    const { response_type: _omit, ...query } = valid();
    await expectRedirectError(await authorize(query), 'invalid_request');
  });

  it('for a missing code_challenge', async () => {
    const { code_challenge: _omit, ...query } = valid();
    await expectRedirectError(await authorize(query), 'invalid_request');
  });

  it('for code_challenge_method=plain or a missing method', async () => {
    await expectRedirectError(await authorize({ ...valid(), code_challenge_method: 'plain' }), 'invalid_request');
    const { code_challenge_method: _omit, ...query } = valid();
    const response = await authorize(query);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('for a malformed code_challenge', async () => {
    await expectRedirectError(await authorize({ ...valid(), code_challenge: 'short' }), 'invalid_request');
  });

  it('for an empty or missing scope', async () => {
    await expectRedirectError(await authorize({ ...valid(), scope: '' }), 'invalid_scope');
  });

  it('for an unknown scope', async () => {
    await expectRedirectError(await authorize({ ...valid(), scope: 'accounts:read payments:write' }), 'invalid_scope');
  });

  it('for a scope the partner is not registered for', async () => {
    await bench.db.update(partners).set({ scopes: ['accounts:read'] }).where(eq(partners.clientId, 'demo-kaikei'));
    await expectRedirectError(await authorize({ ...valid(), scope: 'accounts:read balances:read' }), 'invalid_scope');
  });

  it('for a repeated scope parameter', async () => {
    await expectRedirectError(await authorize(`${new URLSearchParams(valid())}&scope=balances:read`), 'invalid_request');
  });

  it('for a repeated state, without echoing either value', async () => {
    await expectRedirectError(await authorize(`${new URLSearchParams(valid())}&state=other`), 'invalid_request', null);
  });

  it('for an oversized value', async () => {
    await expectRedirectError(await authorize({ ...valid(), state: 's'.repeat(5000) }), 'invalid_request', null);
  });

  it('for an unknown parameter', async () => {
    await expectRedirectError(await authorize({ ...valid(), nonce: 'n' }), 'invalid_request');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('for a parameter named %s, like any unknown one', async (name) => {
    await expectRedirectError(await authorize(`${new URLSearchParams(valid())}&${name}=x`), 'invalid_request');
  });
});

describe('/oauth/authorize methods', () => {
  it('refuses POST with 405', async () => {
    const response = await bench.authorize(new Request('http://localhost:3000/oauth/authorize', { method: 'POST' }));
    expect(response.status).toBe(405);
    expect(await storedRequests()).toHaveLength(0);
  });
});
