import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, authorizationCodes, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { createDpopNonces } from '@/lib/oauth/dpop-nonce';
import { FAPI, fapiClientAuth } from '@/test/dpop-fixtures';
import { newDpopKey, signProof, type DpopKey } from '@/test/dpop-proofs';
import { codeRequest, consent, createOAuthBench, formPost, KAIKEI, type Credentials, type OAuthBench, type TokenBody } from '@/test/oauth-fixtures';

// partner-api.md "Security profiles": DPoP at the token endpoint (RFC 9449 §5), bound codes
// (§10), bound refresh tokens without rotation (FAPI 2.0 §5.3.2.1).
const TOKEN_URL = 'http://localhost:3000/oauth/token';
let bench: OAuthBench;
let key: DpopKey;
beforeEach(async () => {
  bench = await createOAuthBench();
  key = await newDpopKey();
});
afterEach(() => bench.cleanup());

const iat = () => Math.floor(bench.clock.now.getTime() / 1000);
const proofFor = (signer = key, extra: Partial<Parameters<typeof signProof>[1]> = {}) =>
  signProof(signer, { htm: 'POST', htu: TOKEN_URL, iat: iat(), ...extra });
/** demo-fapi by private_key_jwt unless another (basic) partner's credentials are given. */
const clientAuth = async (auth?: Credentials) => (auth ? { basic: auth } : fapiClientAuth(bench.clock.now));
const tokenRequest = async (params: Record<string, string>, proof?: string, auth?: Credentials) =>
  bench.token(formPost('/oauth/token', params, await clientAuth(auth), proof === undefined ? {} : { DPoP: proof }));
const fapiConsent = () => consent(bench, { clientId: FAPI.clientId });
const refresh = (refreshToken: string, proof?: string, auth?: Credentials) =>
  tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, proof, auth);
const rowOf = async (token: string) => (await bench.db.select().from(tokens).where(eq(tokens.tokenHash, sha256Hex(token))).limit(1))[0]!;
const codeRow = async (code: string) => (await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(code))).limit(1))[0]!;
const rejections = async () =>
  (await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'token.request_rejected'))).map((row) => row.detail as Record<string, unknown>);

async function expectError(response: Response, error: string, status = 400) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: string };
  expect(body.error).toBe(error);
}

async function boundTokens(signer = key): Promise<TokenBody> {
  const response = await tokenRequest(codeRequest(await fapiConsent()), await proofFor(signer));
  expect(response.status).toBe(200);
  return (await response.json()) as TokenBody;
}

describe('authorization_code with DPoP', () => {
  it('refuses a fapi2 code exchange without a proof with invalid_dpop_proof, leaves the code unused and audits it', async () => {
    const issued = await fapiConsent();
    await expectError(await tokenRequest(codeRequest(issued)), 'invalid_dpop_proof');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    expect(await bench.db.select().from(tokens)).toHaveLength(0);
    expect(await rejections()).toEqual([expect.objectContaining({ error: 'invalid_dpop_proof', grantType: 'authorization_code' })]);
  });

  it('issues DPoP tokens bound to the proof key (token_type DPoP, dpop_jkt stored on both)', async () => {
    const body = await boundTokens();
    expect(body.token_type).toBe('DPoP');
    expect((await rowOf(body.access_token)).dpopJkt).toBe(key.jkt);
    expect((await rowOf(body.refresh_token)).dpopJkt).toBe(key.jkt);
  });

  it.each([
    ['two DPoP headers', async () => [await proofFor(), await proofFor()].join(', ')],
    ['a value that is not a JWS', async () => 'garbage'],
    ['a proof for another URL', async () => proofFor(key, { htu: 'http://localhost:3000/oauth/par' })],
    ['a proof for GET', async () => proofFor(key, { htm: 'GET' })],
    ['a stale proof', async () => proofFor(key, { iat: iat() - 61 })],
  ])('refuses %s with invalid_dpop_proof and nothing changed', async (_label, make) => {
    const issued = await fapiConsent();
    await expectError(await tokenRequest(codeRequest(issued), await make()), 'invalid_dpop_proof');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });

  it('checks htu against the configured public origin, not the Host the request came in on', async () => {
    const issued = await fapiConsent();
    const viaOtherHost = async (proof: string) => {
      const request = formPost('/oauth/token', codeRequest(issued), await clientAuth(), { DPoP: proof });
      return bench.token(new Request('http://attacker.example/oauth/token', { method: 'POST', headers: request.headers, body: await request.text() }));
    };
    await expectError(await viaOtherHost(await proofFor(key, { htu: 'http://attacker.example/oauth/token' })), 'invalid_dpop_proof');
    expect((await viaOtherHost(await proofFor())).status).toBe(200);
  });

  it('refuses a replayed proof', async () => {
    const proof = await proofFor();
    expect((await tokenRequest(codeRequest(await fapiConsent()), proof)).status).toBe(200);
    await expectError(await tokenRequest(codeRequest(await fapiConsent()), proof), 'invalid_dpop_proof');
  });

  it('redeems a code bound by dpop_jkt only with a proof of that key', async () => {
    const issued = await fapiConsent();
    await bench.db.update(authorizationCodes).set({ dpopJkt: key.jkt }).where(eq(authorizationCodes.codeHash, sha256Hex(issued.code)));
    await expectError(await tokenRequest(codeRequest(issued), await proofFor(await newDpopKey())), 'invalid_grant');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
    expect((await tokenRequest(codeRequest(issued), await proofFor())).status).toBe(200);
  });
});

describe('refresh_token with a DPoP-bound refresh token', () => {
  it('works again and again with the same refresh token and a proof of its key (no rotation)', async () => {
    const first = await boundTokens();
    const accessTokens = new Set([first.access_token]);
    for (let round = 0; round < 3; round += 1) {
      const response = await refresh(first.refresh_token, await proofFor());
      expect(response.status).toBe(200);
      const body = (await response.json()) as TokenBody;
      expect(body.token_type).toBe('DPoP');
      expect(body.refresh_token).toBe(first.refresh_token);
      expect((await rowOf(body.access_token)).dpopJkt).toBe(key.jkt);
      accessTokens.add(body.access_token);
    }
    expect(accessTokens.size).toBe(4);
    const refreshRow = await rowOf(first.refresh_token);
    expect(refreshRow.rotatedAt).toBeNull();
    expect(refreshRow.successorHash).toBeNull();
    expect(refreshRow.retryAnswer).toBeNull();
    expect(await bench.db.select().from(tokens).where(eq(tokens.kind, 'refresh'))).toHaveLength(1);
  });

  it("refuses a refresh with another key's proof (invalid_grant) or without a proof (invalid_dpop_proof), and the token still works", async () => {
    const first = await boundTokens();
    await expectError(await refresh(first.refresh_token, await proofFor(await newDpopKey())), 'invalid_grant');
    await expectError(await refresh(first.refresh_token), 'invalid_dpop_proof');
    expect((await rejections()).map((detail) => detail.error)).toEqual(['invalid_grant', 'invalid_dpop_proof']);
    expect(JSON.stringify(await rejections())).not.toContain(first.refresh_token);
    expect((await refresh(first.refresh_token, await proofFor())).status).toBe(200);
  });
});

describe('a basic partner and DPoP', () => {
  it('binds the access token when a valid proof is sent, keeps the refresh token rotating and unbound', async () => {
    const response = await tokenRequest(codeRequest(await consent(bench)), await proofFor(), KAIKEI);
    const body = (await response.json()) as TokenBody;
    expect(body.token_type).toBe('DPoP');
    expect((await rowOf(body.access_token)).dpopJkt).toBe(key.jkt);
    expect((await rowOf(body.refresh_token)).dpopJkt).toBeNull();
    const refreshed = (await (await refresh(body.refresh_token, undefined, KAIKEI)).json()) as TokenBody;
    expect(refreshed.token_type).toBe('Bearer');
    expect(refreshed.refresh_token).not.toBe(body.refresh_token);
  });

  it('refuses a bad proof instead of ignoring it', async () => {
    const issued = await consent(bench);
    await expectError(await tokenRequest(codeRequest(issued), await proofFor(key, { htm: 'PUT' }), KAIKEI), 'invalid_dpop_proof');
    expect((await codeRow(issued.code)).usedAt).toBeNull();
  });
});

describe('server nonces (DPOP_NONCE_SECRET)', () => {
  const secret = 'test-dpop-nonce-secret-of-32-chars!!';
  beforeEach(() => {
    process.env.DPOP_NONCE_SECRET = secret;
  });
  afterEach(() => {
    delete process.env.DPOP_NONCE_SECRET;
  });

  it('answers use_dpop_nonce with a DPoP-Nonce header, then accepts a proof carrying it', async () => {
    const issued = await fapiConsent();
    const asked = await tokenRequest(codeRequest(issued), await proofFor());
    const nonce = asked.headers.get('dpop-nonce');
    expect(nonce).toBe(createDpopNonces(secret).current(bench.clock.now));
    await expectError(asked, 'use_dpop_nonce');
    const answered = await tokenRequest(codeRequest(issued), await proofFor(key, { nonce: nonce! }));
    expect(answered.status).toBe(200);
    expect(answered.headers.get('dpop-nonce')).toBe(nonce);
  });
});

describe('introspection of DPoP-bound tokens', () => {
  it('shows token_type DPoP and cnf.jkt (RFC 9449 §6.2)', async () => {
    const body = await boundTokens();
    const introspect = async (token: string) =>
      (await (await bench.introspect(formPost('/oauth/introspect', { token }, await clientAuth()))).json()) as Record<string, unknown>;
    expect(await introspect(body.access_token)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
    expect(await introspect(body.refresh_token)).toMatchObject({ active: true, token_type: 'refresh_token', cnf: { jkt: key.jkt } });
  });
});
