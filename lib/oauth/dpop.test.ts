import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJtiOnce } from '@/server/oauth/replay-store';
import { demoFapiDpopKey, newDpopKey, signProof, unsignedProof, type DpopKey } from '@/test/dpop-proofs';
import { secondConnection } from '@/test/oauth-fixtures';
import { createTempDb } from '@/test/temp-db';
import { createDpopNonces } from './dpop-nonce';
import { claimProofOnce, dpopProofOf, DPOP_IAT_WINDOW_SECONDS, publicTargetOf, verifyDpopProof, type DpopContext } from './dpop';
import { InvalidDpopProof, UseDpopNonce } from './errors';

const temp = await createTempDb();
afterAll(() => temp.cleanup());

const TOKEN_URL = 'https://bank.example/oauth/token';
const now = new Date('2026-12-01T03:00:00Z');
const nowSeconds = now.getTime() / 1000;
const atToken: DpopContext = { method: 'POST', url: TOKEN_URL, now };
let key: DpopKey;
beforeAll(async () => {
  key = await newDpopKey();
});

const proof = (input: Partial<Parameters<typeof signProof>[1]> = {}, signer = key) =>
  signProof(signer, { htm: 'POST', htu: TOKEN_URL, iat: nowSeconds, ...input });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(InvalidDpopProof);
  return (error as InvalidDpopProof).description;
};
const claim = (db = temp.db) => (jkt: string, jti: string, until: Date) => claimJtiOnce(db, 'dpop_proof', jkt, jti, until);

describe('verifyDpopProof', () => {
  it('accepts a good proof and returns its key thumbprint (RFC 7638) and jti window', async () => {
    const verified = await verifyDpopProof(await proof({ jti: 'good-1' }), atToken);
    expect(verified).toEqual({ jkt: key.jkt, jti: 'good-1', replayUntil: new Date((nowSeconds + DPOP_IAT_WINDOW_SECONDS) * 1000) });
  });

  it("accepts demo-fapi's published key and computes its thumbprint", async () => {
    const demo = await demoFapiDpopKey();
    expect((await verifyDpopProof(await proof({}, demo), atToken)).jkt).toBe(demo.jkt);
  });

  it.each(['PS256', 'EdDSA'] as const)('accepts %s', async (alg) => {
    const other = await newDpopKey(alg);
    expect((await verifyDpopProof(await proof({}, other), atToken)).jkt).toBe(other.jkt);
  });

  it('refuses a proof for another method', async () => {
    expect(await refusal(verifyDpopProof(await proof({ htm: 'GET' }), atToken))).toMatch(/htm/);
  });

  it.each([
    ['another path', 'https://bank.example/oauth/par'],
    ['another host', 'https://evil.example/oauth/token'],
    ['another scheme', 'http://bank.example/oauth/token'],
    ['another port', 'https://bank.example:8443/oauth/token'],
    ['not a URL', 'oauth/token'],
  ])('refuses an htu with %s', async (_label, htu) => {
    expect(await refusal(verifyDpopProof(await proof({ htu }), atToken))).toMatch(/htu/);
  });

  it.each([
    ['a query and a fragment', 'https://bank.example/oauth/token?x=1#f'],
    ['upper-case scheme and host', 'HTTPS://BANK.EXAMPLE/oauth/token'],
    ['the default port written out', 'https://bank.example:443/oauth/token'],
  ])('compares htu ignoring %s', async (_label, htu) => {
    expect((await verifyDpopProof(await proof({ htu }), atToken)).jkt).toBe(key.jkt);
  });

  it('compares against the query-less request URL too', async () => {
    const url = 'https://bank.example/api/v1/accounts/acc_1/transactions?limit=5';
    const get = { method: 'GET', url, now };
    expect((await verifyDpopProof(await proof({ htm: 'GET', htu: 'https://bank.example/api/v1/accounts/acc_1/transactions' }), get)).jkt).toBe(key.jkt);
  });

  it(`accepts iat up to ${DPOP_IAT_WINDOW_SECONDS} s in the past or future and refuses beyond`, async () => {
    for (const offset of [-DPOP_IAT_WINDOW_SECONDS, DPOP_IAT_WINDOW_SECONDS]) {
      expect((await verifyDpopProof(await proof({ iat: nowSeconds + offset }), atToken)).jkt).toBe(key.jkt);
    }
    expect(await refusal(verifyDpopProof(await proof({ iat: nowSeconds - DPOP_IAT_WINDOW_SECONDS - 1 }), atToken))).toMatch(/iat/);
    expect(await refusal(verifyDpopProof(await proof({ iat: nowSeconds + DPOP_IAT_WINDOW_SECONDS + 1 }), atToken))).toMatch(/iat/);
  });

  it('refuses a proof whose jwk carries the private key', async () => {
    const withPrivate = await proof({ header: { jwk: await exportJWK(key.privateKey) } });
    expect(await refusal(verifyDpopProof(withPrivate, atToken))).toMatch(/public/);
  });

  it('refuses alg none, HS256 and RS256', async () => {
    await refusal(verifyDpopProof(unsignedProof(key, { htm: 'POST', htu: TOKEN_URL, iat: nowSeconds }), atToken));
    const hs256 = await new SignJWT({ jti: 'h', htm: 'POST', htu: TOKEN_URL, iat: nowSeconds })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.publicJwk })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    await refusal(verifyDpopProof(hs256, atToken));
    await refusal(verifyDpopProof(await proof({}, await newDpopKey('RS256')), atToken));
  });

  it('refuses a proof without typ dpop+jwt or without jwk', async () => {
    await refusal(verifyDpopProof(await proof({ header: { typ: undefined } }), atToken));
    await refusal(verifyDpopProof(await proof({ header: { typ: 'JWT' } }), atToken));
    await refusal(verifyDpopProof(await proof({ header: { jwk: undefined } }), atToken));
  });

  it('refuses a proof without jti, with an oversized jti, or without iat', async () => {
    await refusal(verifyDpopProof(await proof({ claims: { jti: undefined } }), atToken));
    await refusal(verifyDpopProof(await proof({ jti: 'x'.repeat(129) }), atToken));
    await refusal(verifyDpopProof(await proof({ claims: { iat: undefined } }), atToken));
  });

  it('refuses a missing or wrong ath when presented with an access token', async () => {
    const atApi: DpopContext = { method: 'POST', url: TOKEN_URL, now, accessToken: 'the-access-token' };
    expect((await verifyDpopProof(await proof({ accessToken: 'the-access-token' }), atApi)).jkt).toBe(key.jkt);
    expect(await refusal(verifyDpopProof(await proof(), atApi))).toMatch(/ath/);
    expect(await refusal(verifyDpopProof(await proof({ accessToken: 'another-token' }), atApi))).toMatch(/ath/);
  });
});

describe('claimProofOnce', () => {
  it('refuses a replayed jti, also through a second connection to the database', async () => {
    const verified = await verifyDpopProof(await proof({ jti: 'replayed-1' }), atToken);
    await claimProofOnce(verified, claim());
    await expect(claimProofOnce(verified, claim())).rejects.toThrow(InvalidDpopProof);
    const other = secondConnection(temp);
    try {
      await expect(claimProofOnce(verified, claim(other.db))).rejects.toThrow(/already been used/);
    } finally {
      await other.close();
    }
  });

  it('keeps jtis apart per key', async () => {
    const other = await newDpopKey();
    await claimProofOnce(await verifyDpopProof(await proof({ jti: 'shared-jti' }), atToken), claim());
    await expect(claimProofOnce({ jkt: other.jkt, jti: 'shared-jti', replayUntil: now }, claim())).resolves.toBeUndefined();
  });
});

describe('dpopProofOf', () => {
  it('reads one DPoP header and refuses two or a value that is not a compact JWS', async () => {
    const value = await proof();
    expect(dpopProofOf(new Headers({ DPoP: value }))).toBe(value);
    expect(dpopProofOf(new Headers())).toBeUndefined();
    const twice = new Headers();
    twice.append('DPoP', value);
    twice.append('DPoP', value);
    expect(() => dpopProofOf(twice)).toThrow(InvalidDpopProof);
    expect(() => dpopProofOf(new Headers({ DPoP: 'not a jws' }))).toThrow(InvalidDpopProof);
  });

  it('builds the expected htu from the configured origin, not the Host the client sent', () => {
    const request = new Request('http://attacker.example:9999/api/v1/accounts?x=1', { headers: { Host: 'attacker.example' } });
    expect(publicTargetOf(request, 'https://bank.example')).toBe('https://bank.example/api/v1/accounts');
  });
});

describe('server nonces', () => {
  const nonces = createDpopNonces('a-nonce-secret-of-at-least-32-chars!!');
  const withNonces: DpopContext = { ...atToken, nonces };

  it('asks for a nonce when none is sent, naming the current one', async () => {
    const error = await verifyDpopProof(await proof(), withNonces).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UseDpopNonce);
    expect((error as UseDpopNonce).nonce).toBe(nonces.current(now));
  });

  it('accepts the current and the previous step, refuses older and foreign nonces', async () => {
    expect((await verifyDpopProof(await proof({ nonce: nonces.current(now) }), withNonces)).jkt).toBe(key.jkt);
    const previous = nonces.current(new Date(now.getTime() - 300_000));
    expect((await verifyDpopProof(await proof({ nonce: previous }), withNonces)).jkt).toBe(key.jkt);
    const older = nonces.current(new Date(now.getTime() - 600_000));
    await expect(verifyDpopProof(await proof({ nonce: older }), withNonces)).rejects.toBeInstanceOf(UseDpopNonce);
    const foreign = createDpopNonces('another-secret-of-at-least-32-chars!!!').current(now);
    await expect(verifyDpopProof(await proof({ nonce: foreign }), withNonces)).rejects.toBeInstanceOf(UseDpopNonce);
  });

  it('issues the same nonce from every process holding the secret', () => {
    expect(createDpopNonces('a-nonce-secret-of-at-least-32-chars!!').current(now)).toBe(nonces.current(now));
  });
});
