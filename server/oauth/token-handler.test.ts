import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, authorizationCodes, grants, partners, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { computeS256Challenge } from '@/lib/oauth/pkce';
import {
  codeRequest,
  consent,
  createOAuthBench,
  DEMO_REDIRECT_URI,
  FEED,
  formPost,
  KAIKEI,
  newVerifier,
  obtainTokens,
  type OAuthBench,
} from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const exchange = (params: Record<string, string>, auth: Parameters<typeof formPost>[2] = { basic: KAIKEI }) =>
  bench.token(formPost('/oauth/token', params, auth));

async function expectError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  return body;
}

const codeRow = async (code: string) =>
  (await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))).limit(1))[0]!;
const events = async (event: string) => await bench.db.select().from(auditEvents).where(eq(auditEvents.event, event));

describe('authorization_code grant', () => {
  it('exchanges a valid code for an access and refresh token pair', async () => {
    const issued = await consent(bench);
    const response = await exchange(codeRequest(issued));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = await response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'accounts:read balances:read transactions:read',
    });
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const grant = (await bench.db.select().from(grants).where(eq(grants.id, issued.grantId)).limit(1))[0]!;
    expect(body.authorization_expires_at).toBe(Math.floor(grant.expiresAt.getTime() / 1000));
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'authorization_expires_at', 'expires_in', 'refresh_token', 'scope', 'token_type'].sort(),
    );
  });

  it('stores only hashes of the tokens, tied to the code, and marks the code used', async () => {
    const { issued, tokens: body } = await obtainTokens(bench);
    const rows = await bench.db.select().from(tokens);
    expect(rows.map((r) => r.tokenHash).sort()).toEqual([sha256Hex(body.access_token), sha256Hex(body.refresh_token)].sort());
    expect(rows.every((r) => r.codeHash === sha256Hex(issued.code) && r.grantId === issued.grantId)).toBe(true);
    expect((await codeRow(issued.code)).usedAt).not.toBeNull();
    const [audit] = await events('token.issued');
    expect(audit).toMatchObject({ outcome: 'success', actorType: 'partner', grantId: issued.grantId });
    expect(JSON.stringify(audit)).not.toContain(body.access_token);
  });

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const response = await exchange(codeRequest(await consent(bench)), { post: KAIKEI });
    expect(response.status).toBe(200);
  });

  it('refuses a reused authorization code and revokes every token issued from it', async () => {
    const { issued, tokens: first } = await obtainTokens(bench);
    await expectError(await exchange(codeRequest(issued)), 400, 'invalid_grant');
    const rows = await bench.db.select().from(tokens).where(eq(tokens.codeHash, sha256Hex(issued.code)));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    const grant = (await bench.db.select().from(grants).where(eq(grants.id, issued.grantId)).limit(1))[0]!;
    expect(grant.revokedReason).toBe('authorization_code_reuse');
    expect(await events('token.code_reuse')).toHaveLength(1);
    const introspected = await bench.introspect(formPost('/oauth/introspect', { token: first.access_token }));
    expect(await introspected.json()).toEqual({ active: false });
  });

  it('refuses a code used after 60 seconds and leaves it unused', async () => {
    const issued = await consent(bench);
    bench.clock.now = new Date(bench.clock.now.getTime() + 60_000);
    await expectError(await exchange(codeRequest(issued)), 400, 'invalid_grant');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    expect(await bench.db.select().from(tokens)).toHaveLength(0);
  });

  it('accepts a code just inside its 60 seconds', async () => {
    const issued = await consent(bench);
    bench.clock.now = new Date(bench.clock.now.getTime() + 59_000);
    expect((await exchange(codeRequest(issued))).status).toBe(200);
  });

  it('refuses a code issued to another client and leaves it usable by its own client', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued), { basic: FEED }), 400, 'invalid_grant');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    expect((await exchange(codeRequest(issued))).status).toBe(200);
  });

  it.each([
    ['one character off', 'http://localhost:4000/callbacK'],
    ['with an added query', `${DEMO_REDIRECT_URI}?x=1`],
    ['with a trailing slash', `${DEMO_REDIRECT_URI}/`],
  ])('refuses a redirect_uri %s from the one authorized', async (_label, redirectUri) => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued, { redirect_uri: redirectUri })), 400, 'invalid_grant');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('refuses a missing redirect_uri', async () => {
    const issued = await consent(bench);
    const { redirect_uri: _omit, ...params } = codeRequest(issued);
    await expectError(await exchange(params), 400, 'invalid_grant');
  });

  it('refuses a wrong code_verifier and leaves the code usable', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued, { code_verifier: newVerifier() })), 400, 'invalid_grant');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    expect((await exchange(codeRequest(issued))).status).toBe(200);
  });

  it('refuses a missing code_verifier', async () => {
    const issued = await consent(bench);
    const { code_verifier: _omit, ...params } = codeRequest(issued);
    await expectError(await exchange(params), 400, 'invalid_grant');
  });

  it('refuses a verifier shorter than RFC 7636 allows even when it matches the challenge', async () => {
    const issued = await consent(bench);
    const short = 'a'.repeat(42);
    await bench.db
      .update(authorizationCodes)
      .set({ codeChallenge: computeS256Challenge(short) })
      .where(eq(authorizationCodes.codeHash, sha256Hex(issued.code)));
    await expectError(await exchange(codeRequest(issued, { code_verifier: short })), 400, 'invalid_grant');
  });

  it('refuses a code whose linkage was revoked or has expired', async () => {
    const revoked = await consent(bench);
    await bench.db.update(grants).set({ revokedAt: bench.clock.now, revokedReason: 'customer_revoked' }).where(eq(grants.id, revoked.grantId));
    await expectError(await exchange(codeRequest(revoked)), 400, 'invalid_grant');
    expect((await codeRow(revoked.code)).usedAt).toBeNull();

    const expired = await consent(bench);
    await bench.db.update(grants).set({ expiresAt: bench.clock.now }).where(eq(grants.id, expired.grantId));
    await expectError(await exchange(codeRequest(expired)), 400, 'invalid_grant');
  });

  it('never lets the access token outlive the linkage', async () => {
    const issued = await consent(bench);
    const end = new Date(bench.clock.now.getTime() + 10 * 60_000);
    await bench.db.update(grants).set({ expiresAt: end }).where(eq(grants.id, issued.grantId));
    const body = await (await exchange(codeRequest(issued))).json();
    expect(body.expires_in).toBe(600);
    expect(body.authorization_expires_at).toBe(Math.floor(end.getTime() / 1000));
  });

  it('audits a refused grant without the code', async () => {
    const issued = await consent(bench);
    await exchange(codeRequest(issued, { code_verifier: newVerifier() }));
    const [audit] = await events('token.request_rejected');
    expect(audit).toMatchObject({ outcome: 'failure', partnerId: bench.seed.partnerIds['demo-kaikei'] });
    expect(JSON.stringify(audit)).not.toContain(issued.code);
  });
});

describe('token request shape', () => {
  it('refuses an unsupported grant_type', async () => {
    await expectError(await exchange({ grant_type: 'password', username: 'a', password: 'b' }), 400, 'unsupported_grant_type');
    await expectError(await exchange({ grant_type: 'client_credentials' }), 400, 'unsupported_grant_type');
  });

  it('refuses a missing grant_type', async () => {
    await expectError(await exchange({ code: 'x' }), 400, 'invalid_request');
  });

  it('refuses a grant type the partner is not registered for', async () => {
    const { tokens: body } = await obtainTokens(bench);
    await bench.db.update(partners).set({ grantTypes: ['authorization_code'] }).where(eq(partners.clientId, KAIKEI.clientId));
    await expectError(await exchange({ grant_type: 'refresh_token', refresh_token: body.refresh_token }), 400, 'unauthorized_client');
  });

  it('refuses a JSON body', async () => {
    const issued = await consent(bench);
    const request = new Request('http://localhost:3000/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: formPost('/x', {}).headers.get('authorization')! },
      body: JSON.stringify(codeRequest(issued)),
    });
    await expectError(await bench.token(request), 400, 'invalid_request');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('refuses GET with 405', async () => {
    const issued = await consent(bench);
    const query = new URLSearchParams(codeRequest(issued));
    const response = await bench.token(new Request(`http://localhost:3000/oauth/token?${query}`));
    await expectError(response, 405, 'invalid_request');
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a repeated parameter', async () => {
    const issued = await consent(bench);
    const body = `${new URLSearchParams(codeRequest(issued))}&code=${issued.code}`;
    const request = new Request('http://localhost:3000/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: formPost('/x', {}).headers.get('authorization')! },
      body,
    });
    await expectError(await bench.token(request), 400, 'invalid_request');
  });

  it('refuses an unknown parameter and an oversized value', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued, { nonce: 'x' })), 400, 'invalid_request');
    await expectError(await exchange(codeRequest(issued, { code_verifier: 'a'.repeat(3000) })), 400, 'invalid_request');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('refuses a parameter named __proto__ and leaves the code usable', async () => {
    const issued = await consent(bench);
    const request = formPost('/oauth/token', codeRequest(issued));
    const body = `${await request.text()}&__proto__=x`;
    const response = await bench.token(new Request(request.url, { method: 'POST', headers: request.headers, body }));
    await expectError(response, 400, 'invalid_request');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('refuses a body over 16 KiB', async () => {
    const params: Record<string, string> = { grant_type: 'authorization_code' };
    for (let i = 0; i < 10; i++) params[`p${i}`] = 'x'.repeat(2000);
    await expectError(await exchange(params), 400, 'invalid_request');
  });
});

describe('client authentication', () => {
  it('answers 401 with WWW-Authenticate for an unknown client', async () => {
    const response = await exchange(codeRequest(await consent(bench)), { basic: { clientId: 'nobody', secret: 'x' } });
    await expectError(response, 401, 'invalid_client');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('answers 401 for a wrong secret, by basic or post, and audits it', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued), { basic: { ...KAIKEI, secret: 'wrong' } }), 401, 'invalid_client');
    await expectError(await exchange(codeRequest(issued), { post: { ...KAIKEI, secret: 'wrong' } }), 401, 'invalid_client');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    const audits = await events('client.authentication_failed');
    expect(audits).toHaveLength(2);
    expect(audits[0]!.partnerId).toBe(bench.seed.partnerIds['demo-kaikei']);
    expect(JSON.stringify(audits)).not.toContain('wrong');
  });

  it('answers 401 when no client authentication is sent, or only a client_id', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued), 'none'), 401, 'invalid_client');
    await expectError(await exchange(codeRequest(issued, { client_id: KAIKEI.clientId }), 'none'), 401, 'invalid_client');
  });

  it('refuses basic and post credentials in one request', async () => {
    const issued = await consent(bench);
    const params = codeRequest(issued, { client_id: KAIKEI.clientId, client_secret: KAIKEI.secret });
    await expectError(await exchange(params, { basic: KAIKEI }), 400, 'invalid_request');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('refuses a body client_id that differs from the Authorization header', async () => {
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued, { client_id: FEED.clientId }), { basic: KAIKEI }), 400, 'invalid_request');
  });

  it('refuses a client_assertion until private_key_jwt is enabled', async () => {
    const params = codeRequest(await consent(bench), {
      client_id: KAIKEI.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'a.b.c',
    });
    await expectError(await exchange(params, 'none'), 401, 'invalid_client');
  });

  it('form-decodes a Basic id and secret as RFC 6749 §2.3.1 requires', async () => {
    const secret = 'p@ss:w+rd %é';
    await bench.db.update(partners).set({ clientSecretHash: sha256Hex(secret) }).where(eq(partners.clientId, KAIKEI.clientId));
    expect((await exchange(codeRequest(await consent(bench)), { basic: { ...KAIKEI, secret } })).status).toBe(200);
  });

  it('refuses a method the partner is not registered for', async () => {
    await bench.db.update(partners).set({ tokenEndpointAuthMethods: ['client_secret_basic'] }).where(eq(partners.clientId, KAIKEI.clientId));
    const issued = await consent(bench);
    await expectError(await exchange(codeRequest(issued), { post: KAIKEI }), 401, 'invalid_client');
    expect((await exchange(codeRequest(issued), { basic: KAIKEI })).status).toBe(200);
  });

  it('refuses a suspended partner', async () => {
    const issued = await consent(bench);
    await bench.db.update(partners).set({ status: 'suspended' }).where(eq(partners.clientId, KAIKEI.clientId));
    await expectError(await exchange(codeRequest(issued)), 401, 'invalid_client');
  });

  it('refuses a malformed Authorization header', async () => {
    const request = new Request('http://localhost:3000/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Basic !!!' },
      body: new URLSearchParams(codeRequest(await consent(bench))).toString(),
    });
    await expectError(await bench.token(request), 401, 'invalid_client');
  });
});
