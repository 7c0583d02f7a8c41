// grant_type=refresh_token with rotation (RFC 6749 §6, RFC 9700 §4.14.2). The conditional
// "rotated_at IS NULL" update is the arbiter between concurrent refreshes: exactly one
// changes the row. Any other presentation of that token is reuse and ends the linkage.
import type { Db } from '@/db/client';
import { sha256Hex } from '@/lib/crypto';
import { ReplayDetected } from '@/lib/oauth/errors';
import { checkGrantLive, checkRefreshToken, checkRefreshTokenOwned } from '@/lib/oauth/grant-rules';
import { narrowScopes, normalizeScopes } from '@/lib/oauth/scopes';
import type { RefreshTokenRequest } from '@/lib/oauth/token-request';
import { recordAudit, recordAuditFast } from '../audit';
import { groupCommit } from '../group-commit';
import { revokeGrant } from '../grants';
import type { AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { issueTokenPair, type TokenResponseBody } from './issue-tokens';
import { oauthStatements } from './statements';

export async function refreshTokens(
  deps: OAuthDeps,
  { client, context, now }: AuthenticatedRequest,
  request: RefreshTokenRequest,
): Promise<TokenResponseBody> {
  const tokenHash = sha256Hex(request.refresh_token);
  const statements = oauthStatements(deps.db);
  // Refreshes arriving together share one commit (group-commit.ts); each is answered only
  // once that commit is done.
  const outcome = await groupCommit(deps.db)((tx) => {
    const token = statements.tokenByHash.get({ tokenHash });
    checkRefreshTokenOwned(token, client);
    if (checkRefreshToken(token, now) === 'reused' || !markRotated(deps.db, tokenHash, now)) {
      revokeGrant(tx, token.grantId, 'refresh_token_reuse', now);
      recordAudit(
        tx,
        { event: 'token.refresh_reuse', outcome: 'failure', actorType: 'partner', actorId: client.id, partnerId: client.id, grantId: token.grantId, occurredAt: now },
        context,
      );
      return { reused: true } as const;
    }
    const grant = statements.grantById.get({ grantId: token.grantId });
    checkGrantLive(grant, client, now);
    // Never more than the linkage holds, whatever the token row says (partner-api.md).
    const held = normalizeScopes(token.scopes.filter((scope) => grant.scopes.includes(scope)));
    const body = issueTokenPair(deps.db, {
      grantId: token.grantId,
      partnerId: client.id,
      grantExpiresAt: grant.expiresAt,
      accessScopes: narrowScopes(request.scope, held),
      refreshScopes: held,
      codeHash: token.codeHash,
      now,
    });
    recordAuditFast(
      deps.db,
      {
        event: 'token.refreshed',
        outcome: 'success',
        actorType: 'partner',
        actorId: client.id,
        partnerId: client.id,
        companyId: grant.companyId,
        grantId: token.grantId,
        detail: { scope: body.scope },
        occurredAt: now,
      },
      context,
    );
    return { reused: false, body } as const;
  });
  if (outcome.reused) throw new ReplayDetected('The refresh token has already been used.');
  return outcome.body;
}

/** True for exactly one caller per refresh token, on any connection to the database. */
export function markRotated(db: Db, tokenHash: string, now: Date): boolean {
  return oauthStatements(db).markRotated.run({ tokenHash, now: now.getTime() }).changes === 1;
}
