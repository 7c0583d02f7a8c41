// Issues an access and refresh token pair under a linkage (partner-api.md "Token response").
// Only SHA-256 of each token is stored; the values leave this process once, in the response.
import type { Db } from '@/db/client';
import { config } from '@/lib/config';
import { generateOpaqueToken, sha256Hex } from '@/lib/crypto';
import { accessTokenExpiresAt } from '@/lib/oauth/grant-rules';
import { formatScope } from '@/lib/oauth/scopes';
import { insertAccessToken, insertTokenPair } from './statements';

export interface TokenPairInput {
  grantId: string;
  partnerId: string;
  grantExpiresAt: Date;
  accessScopes: string[];
  /** RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces. */
  refreshScopes: string[];
  /** The code the chain started from, so reuse of that code can find every token. */
  codeHash: string | null;
  /** RFC 9449 §6: the DPoP key thumbprint each token is bound to, or null (Bearer). */
  accessJkt: string | null;
  refreshJkt: string | null;
  /**
   * FAPI 2.0 §5.3.2.1, no rotation: the answer repeats this refresh token, and only the new
   * access token is stored.
   */
  keptRefreshToken?: string;
  now: Date;
}

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token: string;
  scope: string;
  authorization_expires_at: number;
}

export interface NewTokenPair {
  body: TokenResponseBody;
  /** SHA-256 of the new refresh token (the rotated one names it as its successor). */
  refreshHash: string;
  store: (db: Db) => Promise<void>;
}

/** Mints a pair and its answer; `store` writes both rows (pass it the transaction's handle). */
export function newTokenPair(input: TokenPairInput): NewTokenPair {
  const accessToken = generateOpaqueToken();
  const refreshToken = input.keptRefreshToken ?? generateOpaqueToken();
  const accessExpiresAt = accessTokenExpiresAt(input.now, input.grantExpiresAt, config.accessTokenTtlMs);
  const refreshHash = sha256Hex(refreshToken);
  const row = {
    grantId: input.grantId,
    partnerId: input.partnerId,
    codeHash: input.codeHash,
    createdAt: input.now,
    accessHash: sha256Hex(accessToken),
    accessKind: 'access',
    accessScopes: input.accessScopes,
    accessExpiresAt,
    accessDpopJkt: input.accessJkt,
  };
  return {
    refreshHash,
    body: {
      access_token: accessToken,
      token_type: input.accessJkt ? 'DPoP' : 'Bearer',
      expires_in: Math.max(0, Math.floor((accessExpiresAt.getTime() - input.now.getTime()) / 1000)),
      refresh_token: refreshToken,
      scope: formatScope(input.accessScopes),
      authorization_expires_at: Math.floor(input.grantExpiresAt.getTime() / 1000),
    },
    store: async (db) => {
      if (input.keptRefreshToken !== undefined) await insertAccessToken(db, row);
      else {
        await insertTokenPair(db, {
          ...row,
          refreshHash,
          refreshKind: 'refresh',
          refreshScopes: input.refreshScopes,
          refreshExpiresAt: input.grantExpiresAt,
          refreshDpopJkt: input.refreshJkt,
        });
      }
    },
  };
}

/** Pass the caller's transaction handle: the prepared insert runs in it. */
export async function issueTokenPair(db: Db, input: TokenPairInput): Promise<TokenResponseBody> {
  const pair = newTokenPair(input);
  await pair.store(db);
  return pair.body;
}
