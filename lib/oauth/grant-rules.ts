// The rules a presented code or refresh token must pass (RFC 6749 §4.1.3, §6; RFC 7636
// §4.6; RFC 9700 §4.14). Plain records in, a verdict out; the transaction that acts on the
// verdict lives in server/oauth/.
import type { OAuthClient } from './client';
import { InvalidDpopProof, InvalidGrant } from './errors';
import { verifyPkce } from './pkce';

export interface StoredCode {
  partnerId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface StoredRefreshToken {
  kind: 'access' | 'refresh';
  partnerId: string;
  dpopJkt: string | null;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface StoredGrant {
  partnerId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** 'reused': a second use, which must revoke everything issued from the code (§4.1.2). */
export type Verdict = 'valid' | 'reused';

/** A code of another client is refused with nothing changed (security.md). */
export function checkCodeOwned<T extends StoredCode>(code: T | undefined, client: OAuthClient): asserts code is T {
  if (!code || code.partnerId !== client.id) throw new InvalidGrant('Invalid authorization code.');
}

export function checkCode(
  code: StoredCode,
  presented: { redirectUri?: string; codeVerifier?: string },
  now: Date,
): Verdict {
  if (code.usedAt) return 'reused';
  if (code.expiresAt <= now) throw new InvalidGrant('The authorization code has expired.');
  // §4.1.3: redirect_uri must be identical to the one in the authorization request.
  if (presented.redirectUri !== code.redirectUri) throw new InvalidGrant('redirect_uri does not match.');
  if (!verifyPkce(presented.codeVerifier, code.codeChallenge, code.codeChallengeMethod)) {
    throw new InvalidGrant('PKCE verification failed.');
  }
  return 'valid';
}

/** A refresh token of another client is refused with nothing changed (security.md). */
export function checkRefreshTokenOwned<T extends StoredRefreshToken>(
  token: T | undefined,
  client: OAuthClient,
): asserts token is T {
  if (!token || token.kind !== 'refresh' || token.partnerId !== client.id) {
    throw new InvalidGrant('Invalid refresh token.');
  }
}

export function checkRefreshToken(token: StoredRefreshToken, now: Date): Verdict {
  if (token.revokedAt) throw new InvalidGrant('The refresh token has been revoked.');
  // RFC 9700 §4.14.2: an invalidated refresh token presented again reveals a breach.
  if (token.rotatedAt) return 'reused';
  if (token.expiresAt <= now) throw new InvalidGrant('The refresh token has expired.');
  return 'valid';
}

/** The linkage must still be live: not revoked, not expired (journey.md "After the journey"). */
export function checkGrantLive<T extends StoredGrant>(
  grant: T | undefined,
  client: OAuthClient,
  now: Date,
): asserts grant is T {
  if (!grant || grant.partnerId !== client.id || grant.revokedAt || grant.expiresAt <= now) {
    throw new InvalidGrant('The authorization has ended.');
  }
}

/** Access tokens live an hour but never past the linkage (partner-api.md). */
export function accessTokenExpiresAt(now: Date, grantExpiresAt: Date, ttlMs: number): Date {
  return new Date(Math.min(now.getTime() + ttlMs, grantExpiresAt.getTime()));
}

/**
 * A code bound by dpop_jkt at PAR (RFC 9449 §10) or a DPoP-bound refresh token (§5) is
 * redeemed only with a proof of that key: without one the proof is missing
 * (invalid_dpop_proof); with another key's the grant is not this sender's (invalid_grant,
 * RFC 6749 §5.2), and nothing changes.
 */
export function checkBoundKey(boundJkt: string | null, presentedJkt: string | null): void {
  if (boundJkt === null) return;
  if (presentedJkt === null) throw new InvalidDpopProof('A DPoP proof is required for this grant.');
  if (presentedJkt !== boundJkt) throw new InvalidGrant('The grant is bound to another DPoP key.');
}

/**
 * Which key a new refresh token is bound to. fapi2: the proof's, and it then never rotates
 * (FAPI 2.0 §5.3.2.1). basic: none — a confidential client's refresh token is already bound
 * to its client authentication (RFC 9449 §5), and keeps rotating.
 */
export function refreshTokenKey(client: Pick<OAuthClient, 'securityProfile'>, proofJkt: string | null): string | null {
  return client.securityProfile === 'fapi2' ? proofJkt : null;
}
