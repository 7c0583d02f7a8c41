import { desc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import { createDpopNonces } from '@/lib/oauth/dpop-nonce';
import { API_ORIGIN, callApi } from '@/test/api-client';
import { createApiTestBed, type ApiTestBed } from '@/test/api-test-bed';
import { signAssertion, assertionParams } from '@/test/client-assertions';
import { bindLinkageTokens, FAPI } from '@/test/dpop-fixtures';
import { demoFapiDpopKey, newDpopKey, signProof, type DpopKey } from '@/test/dpop-proofs';
import { consent, type OAuthBench } from '@/test/oauth-fixtures';
import { startTestPartnerServer } from '@/test/partner-server-fixture';

// partner-api.md "Security profiles": a DPoP-bound token at the account-data API (RFC 9449
// §7), through the Next.js route handlers and through the lean server alike.
const DPOP_INVALID_TOKEN = 'DPoP error="invalid_token", algs="ES256 PS256 EdDSA"';
const DPOP_INVALID_PROOF = 'DPoP error="invalid_dpop_proof", algs="ES256 PS256 EdDSA"';
const ACCOUNTS = '/api/v1/accounts';

const bed = {} as ApiTestBed;
let server: Awaited<ReturnType<typeof startTestPartnerServer>>;
let key: DpopKey;
beforeAll(async () => {
  Object.assign(bed, await createApiTestBed());
  server = await startTestPartnerServer(bed.db);
  key = await demoFapiDpopKey();
});
afterAll(async () => {
  await server.close();
  await bed.cleanup();
});

interface Call {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}
type Transport = (path: string, headers: Record<string, string>) => Promise<Call>;

const transports: [string, Transport][] = [
  ['the Next.js route handlers', (path, headers) => callApi(bed.api, path, null, headers)],
  [
    'the lean partner server',
    async (path, headers) => {
      const response = await fetch(`${server.origin}${path}`, { headers });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
    },
  ],
];

/** A linkage whose tokens are bound to `key`. */
async function boundLinkage(jkt = key.jkt) {
  const linkage = await bed.newLinkage({ partnerId: bed.seed.partnerIds['demo-fapi']! });
  await bindLinkageTokens(bed.db, linkage.grantId, jkt);
  return linkage;
}
// The htu is the configured public origin's URL (APP_ORIGIN), whichever host served the request.
const proofFor = (accessToken: string | undefined, path = ACCOUNTS, signer = key, extra: Partial<Parameters<typeof signProof>[1]> = {}) =>
  signProof(signer, { htm: 'GET', htu: `${API_ORIGIN}${path.split('?')[0]}`, accessToken, ...extra });
const dpop = (token: string, proof?: string) => ({ Authorization: `DPoP ${token}`, ...(proof === undefined ? {} : { DPoP: proof }) });
const lastAudit = async (grantId: string) =>
  (await bed.db.select().from(auditEvents).where(eq(auditEvents.grantId, grantId)).orderBy(desc(auditEvents.id)).limit(1))[0]!;

describe.each(transports)('a DPoP-bound token at %s', (_name, call) => {
  it('answers 200 to Authorization: DPoP with a good proof naming the token in ath', async () => {
    const linkage = await boundLinkage();
    const response = await call(ACCOUNTS, dpop(linkage.accessToken, await proofFor(linkage.accessToken)));
    expect(response.status).toBe(200);
    expect(response.headers.get('dpop-nonce')).toBeNull();
    expect((await lastAudit(linkage.grantId))).toMatchObject({ event: 'api.read', outcome: 'success' });
  });

  it('accepts a proof whose htu leaves out the query', async () => {
    const linkage = await boundLinkage();
    const path = `/api/v1/accounts/${bed.linked}/transactions?limit=2`;
    expect((await call(path, dpop(linkage.accessToken, await proofFor(linkage.accessToken, path)))).status).toBe(200);
  });

  const refusals: [string, (token: string) => Promise<Record<string, string>>, string, string][] = [
    ['sent as Bearer', async (token) => ({ Authorization: `Bearer ${token}`, DPoP: await proofFor(token) }), DPOP_INVALID_TOKEN, 'invalid_token'],
    ['sent without a proof', async (token) => dpop(token), DPOP_INVALID_PROOF, 'invalid_dpop_proof'],
    ["sent with another key's proof", async (token) => dpop(token, await proofFor(token, ACCOUNTS, await newDpopKey())), DPOP_INVALID_TOKEN, 'invalid_token'],
    ['sent with a wrong ath', async (token) => dpop(token, await proofFor('another-access-token')), DPOP_INVALID_PROOF, 'invalid_dpop_proof'],
    ['sent without ath', async (token) => dpop(token, await proofFor(undefined)), DPOP_INVALID_PROOF, 'invalid_dpop_proof'],
    ['sent with a proof for another path', async (token) => dpop(token, await proofFor(token, '/api/v1/openapi.json')), DPOP_INVALID_PROOF, 'invalid_dpop_proof'],
    ['sent with a proof for the host it reached', async (token) => dpop(token, await proofFor(token, ACCOUNTS, key, { htu: `${server.origin}${ACCOUNTS}` })), DPOP_INVALID_PROOF, 'invalid_dpop_proof'],
  ];
  it.each(refusals)('refuses it %s with 401 and the exact DPoP challenge, and audits it', async (_label, headersFor, challenge, errorCode) => {
    const linkage = await boundLinkage();
    const response = await call(ACCOUNTS, await headersFor(linkage.accessToken));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
    expect(response.body.errorCode).toBe(errorCode);
    expect((await lastAudit(linkage.grantId))).toMatchObject({ outcome: 'failure', detail: expect.objectContaining({ status: 401, errorCode }) });
  });

  it('refuses a replayed proof, and audits the replay', async () => {
    const linkage = await boundLinkage();
    const headers = dpop(linkage.accessToken, await proofFor(linkage.accessToken));
    expect((await call(ACCOUNTS, headers)).status).toBe(200);
    const replay = await call(ACCOUNTS, headers);
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toBe(DPOP_INVALID_PROOF);
    expect(replay.body).not.toHaveProperty('accounts');
    expect((await lastAudit(linkage.grantId))).toMatchObject({ outcome: 'failure', detail: expect.objectContaining({ errorCode: 'invalid_dpop_proof' }) });
  });

  it('refuses an unbound token sent as DPoP, and still serves it as Bearer', async () => {
    const linkage = await bed.newLinkage();
    const asDpop = await call(ACCOUNTS, dpop(linkage.accessToken, await proofFor(linkage.accessToken)));
    expect(asDpop.status).toBe(401);
    expect(asDpop.headers.get('www-authenticate')).toBe(DPOP_INVALID_TOKEN);
    expect((await call(ACCOUNTS, { Authorization: `Bearer ${linkage.accessToken}` })).status).toBe(200);
  });

  it('names a missing scope in a DPoP challenge for a DPoP request', async () => {
    const linkage = await bed.newLinkage({ partnerId: bed.seed.partnerIds['demo-fapi']!, tokenScopes: ['accounts:read'] });
    await bindLinkageTokens(bed.db, linkage.grantId, key.jkt);
    const path = `/api/v1/accounts/${bed.linked}/balances`;
    const response = await call(path, dpop(linkage.accessToken, await proofFor(linkage.accessToken, path)));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe('DPoP error="insufficient_scope", scope="balances:read", algs="ES256 PS256 EdDSA"');
  });

  it('answers an unknown token under the DPoP scheme with a DPoP challenge', async () => {
    const response = await call(ACCOUNTS, dpop('unknown-token', await proofFor('unknown-token')));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(DPOP_INVALID_TOKEN);
  });
});

describe('DPoP server nonces at the account-data API', () => {
  const secret = 'api-test-dpop-nonce-secret-32-chars!';
  afterEach(() => {
    delete process.env.DPOP_NONCE_SECRET;
  });

  it('asks for the nonce with use_dpop_nonce and DPoP-Nonce, then serves a proof carrying it', async () => {
    process.env.DPOP_NONCE_SECRET = secret;
    const linkage = await boundLinkage();
    const asked = await callApi(bed.api, ACCOUNTS, null, dpop(linkage.accessToken, await proofFor(linkage.accessToken)));
    expect(asked.status).toBe(401);
    expect(asked.headers.get('www-authenticate')).toBe('DPoP error="use_dpop_nonce", algs="ES256 PS256 EdDSA"');
    const nonce = asked.headers.get('dpop-nonce')!;
    expect(nonce).toBe(createDpopNonces(secret).current(new Date()));
    const served = await callApi(bed.api, ACCOUNTS, null, dpop(linkage.accessToken, await proofFor(linkage.accessToken, ACCOUNTS, key, { nonce })));
    expect(served.status).toBe(200);
    expect(served.headers.get('dpop-nonce')).toBe(nonce);
  });
});

describe('the whole DPoP flow on the lean server', () => {
  it('exchanges a fapi2 code with a proof at /oauth/token and reads the API with the bound token', async () => {
    // consent() needs only the database, the seed and a clock of a bench.
    const issued = await consent({ db: bed.db, seed: bed.seed, clock: { now: new Date() } } as OAuthBench, { clientId: FAPI.clientId });
    const exchange = await fetch(`${server.origin}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        DPoP: await signProof(key, { htm: 'POST', htu: `${API_ORIGIN}/oauth/token` }),
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: issued.code,
        redirect_uri: 'http://localhost:4000/callback',
        code_verifier: issued.verifier,
        ...assertionParams(await signAssertion({ claims: { aud: API_ORIGIN } })),
      }).toString(),
    });
    expect(exchange.status).toBe(200);
    const body = (await exchange.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    const read = await fetch(`${server.origin}${ACCOUNTS}`, { headers: dpop(body.access_token, await proofFor(body.access_token)) });
    expect(read.status).toBe(200);
    const asBearer = await fetch(`${server.origin}${ACCOUNTS}`, { headers: { Authorization: `Bearer ${body.access_token}` } });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toBe(DPOP_INVALID_TOKEN);
  });
});
