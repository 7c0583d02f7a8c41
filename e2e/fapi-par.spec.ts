// demo-fapi (FAPI 2.0 profile) through the built app: a pushed authorization request
// authenticated with private_key_jwt (signed here with the key of demo-data.md), the browser
// sent to /oauth/authorize with client_id and request_uri only, and that request_uri working
// once. The code exchange needs DPoP and is not part of this spec.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SignJWT } from 'jose';
import { DEMO_FAPI_CLIENT_ID, DEMO_FAPI_PRIVATE_JWK } from '@/db/seed/demo-fapi-key';
import { APP_ORIGIN, authorizeUrl, pkcePair, PARTNER_CALLBACK } from './support/oauth';

async function clientAssertion(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: DEMO_FAPI_CLIENT_ID, sub: DEMO_FAPI_CLIENT_ID, aud: APP_ORIGIN, iat: now, exp: now + 60, jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: DEMO_FAPI_PRIVATE_JWK.kid })
    .sign(DEMO_FAPI_PRIVATE_JWK);
}

test('demo-fapi pushes its request with private_key_jwt; the request_uri reaches the login step once', async ({ page, request, context }) => {
  const pushed = await request.post('/oauth/par', {
    form: {
      response_type: 'code',
      client_id: DEMO_FAPI_CLIENT_ID,
      redirect_uri: PARTNER_CALLBACK,
      scope: 'accounts:read balances:read transactions:read',
      state: 'e2e-fapi',
      code_challenge: pkcePair().codeChallenge,
      code_challenge_method: 'S256',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(),
    },
  });
  expect(pushed.status()).toBe(201);
  expect(pushed.headers()['cache-control']).toBe('no-store');
  const { request_uri: requestUri, expires_in: expiresIn } = await pushed.json();
  expect(requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
  expect(expiresIn).toBe(90);

  const authorize = `/oauth/authorize?${new URLSearchParams({ client_id: DEMO_FAPI_CLIENT_ID, request_uri: requestUri })}`;
  await page.goto(authorize);
  await expect(page).toHaveURL(/\/consent\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API連携認証（利用登録）');
  await expect(page.getByRole('main')).toContainText('デモFAPI会計');

  // A second tab opening the same request_uri gets the error page, and no redirect.
  const second = await context.newPage();
  const again = await second.goto(authorize);
  expect(again!.status()).toBe(400);
  await expect(second.getByRole('heading', { name: 'API連携認証を開始できませんでした' })).toBeVisible();
  expect(second.url()).toContain('/oauth/authorize');
});

test('demo-fapi without PAR is sent back with invalid_request, and a client secret is refused at PAR', async ({ request }) => {
  const direct = await request.get(authorizeUrl(DEMO_FAPI_CLIENT_ID, { state: 's', code_challenge: pkcePair().codeChallenge }), { maxRedirects: 0 });
  expect(direct.status()).toBe(303);
  const location = new URL(direct.headers().location!);
  expect(location.searchParams.get('error')).toBe('invalid_request');
  expect(location.searchParams.get('iss')).toBe(APP_ORIGIN);

  const withSecret = await request.post('/oauth/par', {
    headers: { Authorization: `Basic ${Buffer.from('demo-fapi:anything').toString('base64')}` },
    form: { response_type: 'code', redirect_uri: PARTNER_CALLBACK, scope: 'accounts:read', code_challenge: pkcePair().codeChallenge, code_challenge_method: 'S256' },
  });
  expect(withSecret.status()).toBe(401);
  expect(withSecret.headers()['www-authenticate']).toBeTruthy();
  expect((await withSecret.json()).error).toBe('invalid_client');
});
