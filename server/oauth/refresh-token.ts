// grant_type=refresh_token with rotation (RFC 6749 §6, RFC 9700 §4.14.2). The conditional
// "rotated_at IS NULL" update is the arbiter between concurrent refreshes: exactly one
// changes the row. A refresh is safe to retry (partner-api.md): within the retry window the
// same client presenting the rotated token again, while its successor is unused, gets the
// very same answer — a lost response or two refreshes sent at once cost nothing, and no
// 200 ever carries tokens that a reuse verdict has just revoked. Anything else is reuse and
// ends the linkage. A DPoP-bound refresh token (fapi2) does not rotate at all
// (FAPI 2.0 §5.3.2.1): it works, with a proof of its key, until the linkage ends; each use
// adds an access token and the answer repeats the same refresh token. The retry window is
// for rotation only, so it does not apply.
import type { Db } from '@/db/client';
import type { Token } from '@/db/schema';
import { config } from '@/lib/config';
import { sha256Hex } from '@/lib/crypto';
import { ReplayDetected } from '@/lib/oauth/errors';
import { checkBoundKey, checkGrantLive, checkRefreshToken, checkRefreshTokenOwned, refreshTokenKey } from '@/lib/oauth/grant-rules';
import { openRetryAnswer, sealRetryAnswer } from '@/lib/oauth/retry-answer';
import { narrowScopes, normalizeScopes } from '@/lib/oauth/scopes';
import type { RefreshTokenRequest } from '@/lib/oauth/token-request';
import { recordAudit, recordAuditFast } from '../audit';
import { groupCommit } from '../group-commit';
import { revokeGrant } from '../grants';
import type { AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { newTokenPair, type TokenResponseBody } from './issue-tokens';
import { grantById, markRotatedStatement, tokenByHash } from './statements';

type Outcome = { kind: 'rotated' | 'retried' | 'kept'; body: TokenResponseBody } | { kind: 'reused' };

export async function refreshTokens(
  deps: OAuthDeps,
  { client, context, now }: AuthenticatedRequest,
  request: RefreshTokenRequest,
  /** The thumbprint of the request's DPoP proof key, or null without a proof. */
  proofJkt: string | null,
): Promise<TokenResponseBody> {
  const tokenHash = sha256Hex(request.refresh_token);
  const windowMs = config.refreshRetryWindowMs;
  // Refreshes arriving together share one commit (group-commit.ts); each is answered only
  // once that commit is done. The job awaits the store only (write-transaction.ts).
  const outcome = await groupCommit(deps.db)(async (tx): Promise<Outcome> => {
    let token = await tokenByHash(tx, { tokenHash });
    checkRefreshTokenOwned(token, client);
    const audit = (event: 'token.refreshed' | 'token.refresh_retried', companyId: string, scope: string) =>
      recordAuditFast(
        tx,
        { event, outcome: 'success', actorType: 'partner', actorId: client.id, partnerId: client.id, companyId, grantId: token!.grantId, detail: { scope }, occurredAt: now },
        context,
      );

    checkBoundKey(token.dpopJkt, proofJkt);
    if (checkRefreshToken(token, now) === 'valid') {
      const grant = await grantById(tx, { grantId: token.grantId });
      checkGrantLive(grant, client, now);
      // Never more than the linkage holds, whatever the token row says (partner-api.md).
      const held = normalizeScopes(token.scopes.filter((scope) => grant.scopes.includes(scope)));
      const bound = token.dpopJkt !== null;
      const pair = newTokenPair({
        grantId: token.grantId,
        partnerId: client.id,
        grantExpiresAt: grant.expiresAt,
        accessScopes: narrowScopes(request.scope, held),
        refreshScopes: held,
        codeHash: token.codeHash,
        accessJkt: proofJkt,
        refreshJkt: refreshTokenKey(client, proofJkt),
        ...(bound ? { keptRefreshToken: request.refresh_token } : {}),
        now,
      });
      if (bound) {
        await pair.store(tx);
        await audit('token.refreshed', grant.companyId, pair.body.scope);
        return { kind: 'kept', body: pair.body };
      }
      const retry = windowMs > 0 ? { retryAnswer: sealRetryAnswer(request.refresh_token, pair.body), retryUntil: now.getTime() + windowMs } : {};
      if (await markRotated(tx, tokenHash, now, { successorHash: pair.refreshHash, ...retry })) {
        await pair.store(tx);
        await audit('token.refreshed', grant.companyId, pair.body.scope);
        return { kind: 'rotated', body: pair.body };
      }
      // Another connection rotated it between our read and our update: decide on what it wrote.
      token = (await tokenByHash(tx, { tokenHash }))!;
    }

    const retried = await retryAnswer(tx, token, request.refresh_token, now);
    if (retried) {
      await audit('token.refresh_retried', retried.companyId, retried.body.scope);
      return { kind: 'retried', body: retried.body };
    }
    await revokeGrant(tx, token.grantId, 'refresh_token_reuse', now);
    await recordAudit(
      tx,
      { event: 'token.refresh_reuse', outcome: 'failure', actorType: 'partner', actorId: client.id, partnerId: client.id, grantId: token.grantId, occurredAt: now },
      context,
    );
    return { kind: 'reused' };
  });
  if (outcome.kind === 'reused') throw new ReplayDetected('The refresh token has already been used.');
  return outcome.body;
}

/**
 * The first answer again, if this presentation is a retry: inside the window, the successor
 * neither used nor revoked, its access token not revoked, and the sealed answer opens with
 * the presented token.
 */
async function retryAnswer(tx: Db, token: Token, presented: string, now: Date) {
  if (!token.retryAnswer || !token.retryUntil || token.retryUntil <= now || !token.successorHash) return null;
  const successor = await tokenByHash(tx, { tokenHash: token.successorHash });
  if (!successor || successor.rotatedAt || successor.revokedAt) return null;
  const grant = await grantById(tx, { grantId: token.grantId });
  if (!grant || grant.revokedAt || grant.expiresAt <= now) return null;
  const body = openRetryAnswer<TokenResponseBody>(presented, token.retryAnswer);
  if (!body) return null;
  // The same answer, but never a token that has ended since (revoked by the partner).
  const access = await tokenByHash(tx, { tokenHash: sha256Hex(body.access_token) });
  if (!access || access.revokedAt) return null;
  return { body, companyId: grant.companyId };
}

/** True for exactly one caller per refresh token, on any connection to the database. */
export async function markRotated(
  db: Db,
  tokenHash: string,
  now: Date,
  rotation: { successorHash?: string; retryAnswer?: string; retryUntil?: number } = {},
): Promise<boolean> {
  const changed = await markRotatedStatement(db, {
    tokenHash,
    now: now.getTime(),
    successorHash: rotation.successorHash ?? null,
    retryAnswer: rotation.retryAnswer ?? null,
    retryUntil: rotation.retryUntil ?? null,
  });
  return changed === 1;
}
