// Client assertions (RFC 7523) signed with jose for tests: the demo-fapi key of demo-data.md
// by default, or any throwaway key. Claims default to a valid assertion for `now`.
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { DEMO_FAPI_CLIENT_ID, DEMO_FAPI_PRIVATE_JWK } from '@/db/seed/demo-fapi-key';
import { JWT_BEARER_ASSERTION_TYPE } from '@/lib/oauth/client-assertion';

export const TEST_ISSUER = 'http://localhost:3000';

export interface AssertionOptions {
  now?: Date;
  /** Claims to set (undefined removes a default claim). */
  claims?: Partial<Record<keyof JWTPayload, unknown>>;
  header?: Record<string, unknown>;
  alg?: string;
  key?: JWK | Uint8Array | CryptoKey;
}

export async function signAssertion(options: AssertionOptions = {}): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const defaults: Record<string, unknown> = {
    iss: DEMO_FAPI_CLIENT_ID,
    sub: DEMO_FAPI_CLIENT_ID,
    aud: TEST_ISSUER,
    iat: now,
    exp: now + 60,
    jti: crypto.randomUUID(),
  };
  const claims = { ...defaults, ...options.claims };
  for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
  const alg = options.alg ?? 'ES256';
  const key = options.key ?? DEMO_FAPI_PRIVATE_JWK;
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg, kid: DEMO_FAPI_PRIVATE_JWK.kid, ...options.header })
    .sign(key as Parameters<SignJWT['sign']>[0]);
}

/** The form parameters of private_key_jwt (RFC 7523 §2.2). */
export function assertionParams(assertion: string): Record<string, string> {
  return { client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: assertion };
}

/** A fresh key pair of the given algorithm, the public half as a JWK with `kid`. */
export async function throwawayKey(alg: 'ES256' | 'PS256' | 'EdDSA' | 'RS256', kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { publicJwk: { ...(await exportJWK(publicKey)), kid, alg }, privateKey };
}

/** A JWS with alg "none" (RFC 7519 §6): no signature at all. */
export function unsignedAssertion(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', kid: DEMO_FAPI_PRIVATE_JWK.kid })}.${encode(claims)}.`;
}
