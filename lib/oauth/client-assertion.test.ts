import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEMO_FAPI_PUBLIC_JWK } from '@/db/seed/demo-fapi-key';
import { signAssertion, TEST_ISSUER, throwawayKey, unsignedAssertion } from '@/test/client-assertions';
import type { OAuthClient } from './client';
import { assertedClientId, verifyClientAssertion } from './client-assertion';
import { InvalidClient } from './errors';

const NOW = new Date('2026-04-01T03:00:00Z');
const SECONDS = Math.floor(NOW.getTime() / 1000);

const client = (keys: Record<string, unknown>[] = [DEMO_FAPI_PUBLIC_JWK]): OAuthClient => ({
  id: 'ptn_fapi',
  clientId: 'demo-fapi',
  clientSecretHash: 'x',
  securityProfile: 'fapi2',
  jwks: { keys },
  redirectUris: ['http://localhost:4000/callback'],
  scopes: ['accounts:read'],
  grantTypes: ['authorization_code'],
  tokenEndpointAuthMethods: ['private_key_jwt'],
  status: 'active',
});

function checks() {
  const seen = new Map<string, Date>();
  return {
    seen,
    issuer: TEST_ISSUER,
    now: NOW,
    claimJti: (clientId: string, jti: string, expiresAt: Date) => {
      const key = `${clientId} ${jti}`;
      if (seen.has(key)) return false;
      seen.set(key, expiresAt);
      return true;
    },
  };
}

async function reasonFor(assertion: string, registered = client()): Promise<string | undefined> {
  try {
    await verifyClientAssertion(assertion, registered, checks());
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidClient);
    expect((error as InvalidClient).description).toBe('Client authentication failed.');
    return (error as InvalidClient).reason;
  }
  return undefined;
}

describe('verifyClientAssertion (RFC 7523 §3, FAPI 2.0 §5.3.2.1)', () => {
  it('accepts an ES256 assertion of the registered key and claims its jti until exp plus the tolerance', async () => {
    const c = checks();
    const jti = 'jti-good';
    await verifyClientAssertion(await signAssertion({ now: NOW, claims: { jti } }), client(), c);
    expect([...c.seen.entries()]).toEqual([[`demo-fapi ${jti}`, new Date((SECONDS + 60 + 10) * 1000)]]);
  });

  it.each(['PS256', 'EdDSA'] as const)('accepts %s with a registered key of that type', async (alg) => {
    const { publicJwk, privateKey } = await throwawayKey(alg, `k-${alg}`);
    const assertion = await signAssertion({ now: NOW, alg, key: privateKey, header: { kid: `k-${alg}` } });
    expect(await reasonFor(assertion, client([DEMO_FAPI_PUBLIC_JWK, publicJwk]))).toBeUndefined();
  });

  it('refuses a replayed jti', async () => {
    const c = checks();
    const assertion = await signAssertion({ now: NOW });
    await verifyClientAssertion(assertion, client(), c);
    await expect(verifyClientAssertion(assertion, client(), c)).rejects.toMatchObject({ reason: 'jti_replayed' });
  });

  it.each([
    ['the token endpoint URL', `${TEST_ISSUER}/oauth/token`],
    ['the PAR endpoint URL', `${TEST_ISSUER}/oauth/par`],
    ['another issuer', 'https://other-bank.example'],
    ['the issuer with a trailing slash', `${TEST_ISSUER}/`],
    ['an array holding only the issuer', [TEST_ISSUER]],
    ['an array holding the issuer and the token endpoint', [TEST_ISSUER, `${TEST_ISSUER}/oauth/token`]],
  ])('refuses aud = %s', async (_label, aud) => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { aud } }))).toMatch(/aud/);
  });

  it('refuses an expired assertion (past the 10 s tolerance)', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { iat: SECONDS - 120, exp: SECONDS - 11 } }))).toBe('ERR_JWT_EXPIRED:exp');
  });

  it('refuses an exp more than 5 minutes ahead, accepts exactly 5 minutes', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { exp: SECONDS + 301 } }))).toBe('exp_too_far_ahead');
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { exp: SECONDS + 300 } }))).toBeUndefined();
  });

  it('refuses an assertion without exp or without jti', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { exp: undefined } }))).toMatch(/exp/);
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { jti: undefined } }))).toMatch(/jti/);
  });

  it('tolerates iat and nbf up to 10 s in the future, refuses beyond', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { iat: SECONDS + 10, nbf: SECONDS + 10 } }))).toBeUndefined();
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { iat: SECONDS + 11 } }))).toBe('iat_in_future');
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { nbf: SECONDS + 11 } }))).toMatch(/nbf/);
  });

  it('refuses iss ≠ sub, and iss or sub other than the client_id', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { iss: 'demo-kaikei' } }))).toMatch(/iss/);
    expect(await reasonFor(await signAssertion({ now: NOW, claims: { sub: 'demo-kaikei' } }))).toMatch(/sub/);
  });

  it('refuses an unknown kid', async () => {
    const assertion = await signAssertion({ now: NOW, header: { kid: 'not-registered' } });
    expect(await reasonFor(assertion)).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('refuses a valid signature by a key that is not registered', async () => {
    const { privateKey } = await throwawayKey('ES256', DEMO_FAPI_PUBLIC_JWK.kid);
    expect(await reasonFor(await signAssertion({ now: NOW, key: privateKey }))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses alg none', async () => {
    const assertion = unsignedAssertion({ iss: 'demo-fapi', sub: 'demo-fapi', aud: TEST_ISSUER, exp: SECONDS + 60, jti: 'n' });
    expect(await reasonFor(assertion)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses HS256 "signed" with the registered public key as the secret', async () => {
    for (const secret of [JSON.stringify(DEMO_FAPI_PUBLIC_JWK), DEMO_FAPI_PUBLIC_JWK.x]) {
      const assertion = await new SignJWT({ iss: 'demo-fapi', sub: 'demo-fapi', aud: TEST_ISSUER, exp: SECONDS + 60, jti: secret.slice(0, 8) })
        .setProtectedHeader({ alg: 'HS256', kid: DEMO_FAPI_PUBLIC_JWK.kid })
        .sign(new TextEncoder().encode(secret));
      expect(await reasonFor(assertion)).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('refuses RS256 even with a registered RSA key', async () => {
    const { publicJwk, privateKey } = await throwawayKey('RS256', 'rsa');
    const assertion = await signAssertion({ now: NOW, alg: 'RS256', key: privateKey, header: { kid: 'rsa' } });
    expect(await reasonFor(assertion, client([publicJwk]))).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses a client without registered keys', async () => {
    expect(await reasonFor(await signAssertion({ now: NOW }), { ...client(), jwks: null })).toBe('no_registered_keys');
  });
});

describe('assertedClientId', () => {
  it('reads sub without trusting it, and refuses what is not a JWT', () => {
    expect(assertedClientId(unsignedAssertion({ sub: 'demo-fapi' }))).toBe('demo-fapi');
    expect(() => assertedClientId('not-a-jwt')).toThrow(InvalidClient);
    expect(() => assertedClientId(unsignedAssertion({ iss: 'demo-fapi' }))).toThrow(InvalidClient);
  });
});
