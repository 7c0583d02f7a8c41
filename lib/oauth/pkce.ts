// PKCE (RFC 7636) with S256 only: `plain` would let a stolen authorization request reveal
// the verifier (RFC 9700 §2.1.1 requires S256 where the client can do it, FAPI 2.0 always).
import { sha256Base64url, timingSafeEqualString } from '@/lib/crypto';

export const PKCE_METHODS = ['S256'] as const;

/** RFC 7636 §4.1: 43–128 characters of ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** BASE64URL(SHA256(verifier)) without padding is always 43 characters (§4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function isValidCodeChallenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function computeS256Challenge(verifier: string): string {
  return sha256Base64url(verifier);
}

/** RFC 7636 §4.6: recompute the challenge from the verifier and compare. */
export function verifyPkce(verifier: string | undefined, challenge: string, method: string): boolean {
  if (method !== 'S256' || verifier === undefined || !isValidCodeVerifier(verifier)) return false;
  return timingSafeEqualString(computeS256Challenge(verifier), challenge);
}
