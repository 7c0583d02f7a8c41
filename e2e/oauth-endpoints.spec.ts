import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';

// The OAuth endpoints as partners reach them through the built app (route bindings,
// headers added by next.config.mjs, the demo partners of demo-data.md).
const REDIRECT_URI = 'http://localhost:4000/callback';
const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;
const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');

function authorizeUrl(overrides: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'demo-kaikei',
    redirect_uri: REDIRECT_URI,
    scope: 'accounts:read balances:read transactions:read',
    state: 'e2e-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
  return `/oauth/authorize?${query}`;
}

test('metadata names this server as issuer and every endpoint', async ({ request, baseURL }) => {
  const response = await request.get('/.well-known/oauth-authorization-server');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  const metadata = await response.json();
  expect(metadata.issuer).toBe(baseURL);
  expect(metadata.token_endpoint).toBe(`${baseURL}/oauth/token`);
  expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
});

test('a valid authorization request starts the journey with an httpOnly request cookie', async ({ request }) => {
  const response = await request.get(authorizeUrl(), { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/consent/login');
  expect(response.headers()['set-cookie']).toMatch(/^tsunagu_authz=[a-z2-7]+; Path=\/; Max-Age=900; HttpOnly; SameSite=Lax/);
});

test('an unregistered redirect_uri shows the Japanese error page and never redirects', async ({ page }) => {
  const response = await page.goto(authorizeUrl({ redirect_uri: 'https://attacker.example/cb' }));
  expect(response!.status()).toBe(400);
  expect(page.url()).toContain('/oauth/authorize');
  expect(response!.headers()['x-frame-options']).toBe('DENY');
  await expect(page.getByRole('heading', { name: 'API連携認証を開始できませんでした' })).toBeVisible();
  await expect(page.getByText('API連携先のアプリ（サービス画面）から、もう一度最初から操作をやり直してください')).toBeVisible();
});

test('a bad parameter is redirected back with error, state and iss', async ({ request, baseURL }) => {
  const response = await request.get(authorizeUrl({ code_challenge_method: 'plain' }), { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  const location = new URL(response.headers().location!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'invalid_request', state: 'e2e-state', iss: baseURL });
});

test('the token endpoint refuses GET, JSON bodies and unknown clients', async ({ request }) => {
  const get = await request.get('/oauth/token?grant_type=authorization_code');
  expect(get.status()).toBe(405);
  expect((await get.json()).error).toBe('invalid_request');

  const json = await request.post('/oauth/token', {
    headers: { Authorization: basic },
    data: { grant_type: 'authorization_code', code: 'x' },
  });
  expect(json.status()).toBe(400);
  expect((await json.json()).error).toBe('invalid_request');

  const unknown = await request.post('/oauth/token', {
    form: { grant_type: 'authorization_code', code: 'x', client_id: 'nobody', client_secret: 'x' },
  });
  expect(unknown.status()).toBe(401);
  expect(unknown.headers()['www-authenticate']).toContain('Basic');

  const badCode = await request.post('/oauth/token', {
    headers: { Authorization: basic },
    form: { grant_type: 'authorization_code', code: 'unknown', redirect_uri: REDIRECT_URI, code_verifier: 'a'.repeat(43) },
  });
  expect(badCode.status()).toBe(400);
  expect(badCode.headers()['cache-control']).toBe('no-store');
  expect((await badCode.json()).error).toBe('invalid_grant');
});

test('revocation and introspection answer an authenticated client about unknown tokens', async ({ request }) => {
  const revoked = await request.post('/oauth/revoke', { headers: { Authorization: basic }, form: { token: 'unknown' } });
  expect(revoked.status()).toBe(200);
  const introspected = await request.post('/oauth/introspect', { headers: { Authorization: basic }, form: { token: 'unknown' } });
  expect(await introspected.json()).toEqual({ active: false });
});
