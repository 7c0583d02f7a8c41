// private_key_jwt (RFC 7523 §2.2, §3; FAPI 2.0 Security Profile §5.3.2.1): a JWT signed by a
// key of the client's registered JWK Set. Verified with jose only. Every failure is the same
// invalid_client; the reason goes to the audit row. lib/ stays free of the database: the
// caller passes in how a jti is claimed (server/oauth/replay-store.ts).
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { OAuthClient } from './client';
import { InvalidClient } from './errors';
import { FAPI_SIGNING_ALGORITHMS } from './signing-algorithms';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** partner-api.md: `exp` at most 5 minutes ahead. */
export const ASSERTION_MAX_LIFETIME_SECONDS = 300;
/** partner-api.md: `iat`/`nbf` up to 10 seconds in the future (the client's clock). */
export const ASSERTION_CLOCK_TOLERANCE_SECONDS = 10;

export interface AssertionChecks {
  /** config.issuer: the only `aud` accepted. */
  issuer: string;
  now: Date;
  /** True the first time (clientId, jti) is presented, on any process; false after. */
  claimJti: (clientId: string, jti: string, expiresAt: Date) => boolean | Promise<boolean>;
}

const FAILED = 'Client authentication failed.';
const fail = (reason: string): never => {
  throw new InvalidClient(FAILED, reason);
};

/**
 * The client the assertion claims to be (RFC 7523 §3: `sub` is the client_id), read before
 * any key is known; nothing in it is trusted until verifyClientAssertion has run.
 */
export function assertedClientId(assertion: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(assertion);
  } catch {
    return fail('malformed_assertion');
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') return fail('missing_sub');
  return payload.sub;
}

// createLocalJWKSet imports a key the first time it is used and keeps it: one key set per
// registered JWKS (keyed by its JSON, so a change in the registry is a new entry) saves the
// import on every request. Bounded: the oldest entry goes first.
const KEY_SETS_KEPT = 1_000;
const keySets = new Map<string, ReturnType<typeof createLocalJWKSet>>();

function keySetOf(client: OAuthClient): ReturnType<typeof createLocalJWKSet> {
  const cacheKey = `${client.clientId}\n${JSON.stringify(client.jwks)}`;
  let keySet = keySets.get(cacheKey);
  if (!keySet) {
    if (keySets.size >= KEY_SETS_KEPT) keySets.delete(keySets.keys().next().value!);
    keySet = createLocalJWKSet(client.jwks as JSONWebKeySet);
    keySets.set(cacheKey, keySet);
  }
  return keySet;
}

export async function verifyClientAssertion(assertion: string, client: OAuthClient, checks: AssertionChecks): Promise<void> {
  if (!client.jwks) fail('no_registered_keys');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, keySetOf(client), {
      // The list excludes none, HS* (a public key used as an HMAC secret) and RS256.
      algorithms: [...FAPI_SIGNING_ALGORITHMS],
      issuer: client.clientId,
      subject: client.clientId,
      requiredClaims: ['exp', 'jti', 'aud'],
      clockTolerance: ASSERTION_CLOCK_TOLERANCE_SECONDS,
      currentDate: checks.now,
    }));
  } catch (error) {
    return fail(joseReason(error));
  }
  const now = Math.floor(checks.now.getTime() / 1000);
  // FAPI 2.0 §5.3.2.1 and draft-ietf-oauth-rfc7523bis: the issuer identifier as a string,
  // the sole value; an array (even [issuer]) or an endpoint URL is refused.
  if (payload.aud !== checks.issuer) fail('audience');
  const exp = payload.exp!;
  if (exp - now > ASSERTION_MAX_LIFETIME_SECONDS) fail('exp_too_far_ahead');
  if (payload.iat !== undefined && payload.iat > now + ASSERTION_CLOCK_TOLERANCE_SECONDS) fail('iat_in_future');
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti === '' || jti.length > 256) fail('invalid_jti');
  // Kept as long as the assertion is still accepted (exp plus the tolerance), RFC 7523 §3.
  const keepUntil = new Date((exp + ASSERTION_CLOCK_TOLERANCE_SECONDS) * 1000);
  if (!(await checks.claimJti(client.clientId, jti!, keepUntil))) fail('jti_replayed');
}

function joseReason(error: unknown): string {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  if (typeof code !== 'string') return 'verification_failed';
  return typeof claim === 'string' ? `${code}:${claim}` : code;
}
