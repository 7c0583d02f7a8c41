import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, partners, pushedAuthorizationRequests } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { RateLimiter } from '@/lib/rate-limit';
import { signAssertion } from '@/test/client-assertions';
import { newDpopKey, signProof } from '@/test/dpop-proofs';
import { authorizationParams, createOAuthBench, formPost, KAIKEI, type ClientAuth, type OAuthBench } from '@/test/oauth-fixtures';
import { oauthDeps } from './deps';
import { purgeExpired } from '../retention';
import { createParHandler } from './par-handler';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const push = (params: Record<string, string>, auth: ClientAuth = { basic: KAIKEI }) => bench.par(formPost('/oauth/par', params, auth, { 'User-Agent': 'vitest' }));
/** A PAR body for demo-kaikei with Basic authentication: client_id travels in the header. */
const body = (extra: Record<string, string> = {}) => {
  const { client_id: _omit, ...rest } = authorizationParams(KAIKEI.clientId, extra);
  return rest;
};
const stored = async () => await bench.db.select().from(pushedAuthorizationRequests);
const audits = async (event: string) => await bench.db.select().from(auditEvents).where(eq(auditEvents.event, event));

async function expectRefused(response: Response, error: string, status = 400) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.json()).toMatchObject({ error });
  expect(await stored()).toHaveLength(0);
}

describe('POST /oauth/par (RFC 9126 §2)', () => {
  it('answers 201 with a request_uri and expires_in 90, storing only the hash of its random part', async () => {
    const response = await push(body({ dpop_jkt: JKT }));
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as { request_uri: string; expires_in: number };
    expect(Object.keys(answer).sort()).toEqual(['expires_in', 'request_uri']);
    expect(answer.expires_in).toBe(90);
    const random = /^urn:ietf:params:oauth:request_uri:([A-Za-z0-9_-]{43})$/.exec(answer.request_uri)![1]!;
    const [row] = await stored();
    expect(row).toMatchObject({
      id: sha256Hex(random),
      partnerId: bench.seed.partnerIds['demo-kaikei'],
      redirectUri: 'http://localhost:4000/callback',
      requestedScopes: ['accounts:read', 'transactions:read'],
      state: 'par-state',
      codeChallengeMethod: 'S256',
      dpopJkt: JKT,
      usedAt: null,
    });
    expect(row!.expiresAt.getTime() - bench.clock.now.getTime()).toBe(90_000);
    expect(JSON.stringify((await stored()))).not.toContain(random);
    expect(await audits('authorization.pushed')).toEqual([expect.objectContaining({ outcome: 'success', partnerId: row!.partnerId })]);
  });

  it('accepts demo-fapi with private_key_jwt and a matching client_id', async () => {
    const assertion = await signAssertion({ now: bench.clock.now });
    const response = await push(authorizationParams('demo-fapi'), { assertion });
    expect(response.status).toBe(201);
    expect((await stored())[0]!.partnerId).toBe(bench.seed.partnerIds['demo-fapi']);
  });

  it.each([
    ['an unknown parameter', { nonce: 'n' }, 'invalid_request'],
    ['request_uri inside the pushed request (§2.1)', { request_uri: 'urn:ietf:params:oauth:request_uri:x' }, 'invalid_request'],
    ['a response_type other than code', { response_type: 'token' }, 'unsupported_response_type'],
    ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a malformed code_challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['an empty scope', { scope: '' }, 'invalid_scope'],
    ['an unknown scope', { scope: 'accounts:read payments:write' }, 'invalid_scope'],
    ['a redirect_uri one character off', { redirect_uri: 'http://localhost:4000/callbacc' }, 'invalid_request'],
    ['a redirect_uri with an added query', { redirect_uri: 'http://localhost:4000/callback?x=1' }, 'invalid_request'],
    ["another partner's redirect_uri", { redirect_uri: 'https://freee.example/oauth/callback' }, 'invalid_request'],
    ['a malformed dpop_jkt', { dpop_jkt: 'too-short' }, 'invalid_request'],
  ])('refuses %s as a JSON error, stores nothing and audits it', async (_label, extra, error) => {
    await expectRefused(await push(body(extra)), error);
    expect(await audits('authorization.request_rejected')).toEqual([
      expect.objectContaining({ partnerId: bench.seed.partnerIds['demo-kaikei'], detail: expect.objectContaining({ endpoint: 'par', error }) }),
    ]);
  });

  it.each([
    ['a missing redirect_uri', 'redirect_uri'],
    ['a missing response_type', 'response_type'],
    ['a missing code_challenge', 'code_challenge'],
    ['a missing code_challenge_method', 'code_challenge_method'],
  ])('refuses %s', async (_label, name) => {
    const params = body();
    delete params[name];
    await expectRefused(await push(params), 'invalid_request');
  });

  it('refuses a scope the partner is not registered for', async () => {
    await bench.db.update(partners).set({ scopes: ['accounts:read'] }).where(eq(partners.clientId, 'demo-kaikei'));
    await expectRefused(await push(body({ scope: 'accounts:read balances:read' })), 'invalid_scope');
  });

  it('refuses an oversized value before the client is known, and audits it anonymously', async () => {
    await expectRefused(await push(body({ state: 's'.repeat(5000) })), 'invalid_request');
    expect(await audits('authorization.request_rejected')).toEqual([expect.objectContaining({ actorType: 'anonymous', partnerId: null })]);
  });

  it.each([
    ['repeated', '&scope=balances:read'],
    ['named __proto__', '&__proto__=x'],
  ])('refuses a parameter %s', async (_label, suffix) => {
    const request = new Request('http://localhost:3000/oauth/par', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: formPost('/', {}).headers.get('authorization')! },
      body: `${new URLSearchParams(body())}${suffix}`,
    });
    await expectRefused(await bench.par(request), 'invalid_request');
    expect(await audits('authorization.request_rejected')).toHaveLength(1);
  });

  it('answers 401 with WWW-Authenticate for missing or wrong client authentication, and audits it', async () => {
    await expectRefused(await push(body(), 'none'), 'invalid_client', 401);
    const wrong = await push(body(), { basic: { clientId: 'demo-kaikei', secret: 'wrong' } });
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm="tsunagu"/);
    await expectRefused(wrong, 'invalid_client', 401);
    expect((await audits('client.authentication_failed')).map((row) => row.detail)).toEqual([
      expect.objectContaining({ endpoint: 'par', reason: 'no_credentials' }),
      expect.objectContaining({ endpoint: 'par', reason: 'secret' }),
    ]);
  });

  it('refuses a suspended partner with 401', async () => {
    await bench.db.update(partners).set({ status: 'suspended' }).where(eq(partners.clientId, 'demo-kaikei'));
    await expectRefused(await push(body()), 'invalid_client', 401);
  });

  it('refuses GET with 405 and a JSON body with 400', async () => {
    const get = await bench.par(new Request('http://localhost:3000/oauth/par'));
    expect(get.status).toBe(405);
    const json = await bench.par(new Request('http://localhost:3000/oauth/par', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body()) }));
    await expectRefused(json, 'invalid_request');
  });

  it('is rate-limited per client like the token endpoint (429 with Retry-After)', async () => {
    const limits = { ...bench.deps.limits, perClient: new RateLimiter(1, 0.001) };
    const par = createParHandler(oauthDeps(bench.db, { now: () => bench.clock.now, limits }));
    expect((await par(formPost('/oauth/par', body()))).status).toBe(201);
    const limited = await par(formPost('/oauth/par', body()));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stored()).toHaveLength(1);
  });

  it('leaves pushed requests to the purge once their 90 seconds have passed, and keeps live ones', async () => {
    await push(body());
    bench.clock.now = new Date(bench.clock.now.getTime() + 60_000);
    await push(body());
    const counts = await purgeExpired(bench.db, { now: new Date(bench.clock.now.getTime() + 30_000) });
    expect(counts.pushedAuthorizationRequests).toBe(1);
    expect(await stored()).toHaveLength(1);
  });
});

describe('a DPoP proof sent with the pushed request (RFC 9449 §10.1)', () => {
  const PAR_URL = 'http://localhost:3000/oauth/par';
  const pushWithProof = (proof: string, extra: Record<string, string> = {}) =>
    bench.par(formPost('/oauth/par', body(extra), { basic: KAIKEI }, { DPoP: proof }));
  const now = () => Math.floor(bench.clock.now.getTime() / 1000);

  it('binds the request to the proof key, as dpop_jkt would', async () => {
    const key = await newDpopKey();
    const response = await pushWithProof(await signProof(key, { htm: 'POST', htu: PAR_URL, iat: now() }));
    expect(response.status).toBe(201);
    expect((await stored())[0]!.dpopJkt).toBe(key.jkt);
  });

  it('accepts dpop_jkt naming the same key, and refuses one naming another key with invalid_dpop_proof', async () => {
    const key = await newDpopKey();
    expect((await pushWithProof(await signProof(key, { htm: 'POST', htu: PAR_URL, iat: now() }), { dpop_jkt: key.jkt })).status).toBe(201);
    await bench.db.delete(pushedAuthorizationRequests);
    await expectRefused(await pushWithProof(await signProof(key, { htm: 'POST', htu: PAR_URL, iat: now() }), { dpop_jkt: JKT }), 'invalid_dpop_proof');
  });

  it('refuses a proof for another endpoint or a replayed one, storing nothing', async () => {
    const key = await newDpopKey();
    await expectRefused(await pushWithProof(await signProof(key, { htm: 'POST', htu: 'http://localhost:3000/oauth/token', iat: now() })), 'invalid_dpop_proof');
    const proof = await signProof(key, { htm: 'POST', htu: PAR_URL, iat: now() });
    expect((await pushWithProof(proof)).status).toBe(201);
    await bench.db.delete(pushedAuthorizationRequests);
    await expectRefused(await pushWithProof(proof), 'invalid_dpop_proof');
  });
});
