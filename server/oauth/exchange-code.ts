// grant_type=authorization_code (RFC 6749 §4.1.3). One write transaction: the code is
// marked used in the same commit that issues the tokens, and the "used_at IS NULL" update
// decides a race between two redemptions (its changed-row count, on either store).
import { and, eq, isNull } from 'drizzle-orm';
import { changedRows } from '@/db/prepared';
import { authorizationCodes, grants, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { ReplayDetected } from '@/lib/oauth/errors';
import { checkBoundKey, checkCode, checkCodeOwned, checkGrantLive, refreshTokenKey } from '@/lib/oauth/grant-rules';
import type { AuthorizationCodeRequest } from '@/lib/oauth/token-request';
import { recordAudit, type DbOrTx } from '../audit';
import { revokeGrant } from '../grants';
import { writeTransaction } from '../write-transaction';
import type { AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { issueTokenPair, type TokenResponseBody } from './issue-tokens';

export async function exchangeAuthorizationCode(
  deps: OAuthDeps,
  { client, context, now }: AuthenticatedRequest,
  request: AuthorizationCodeRequest,
  /** The thumbprint of the request's DPoP proof key, or null without a proof. */
  proofJkt: string | null,
): Promise<TokenResponseBody> {
  const codeHash = sha256Hex(request.code);
  // Awaits the store only: PKCE is checked with the synchronous SHA-256 (write-transaction.ts).
  const outcome = await writeTransaction(deps.db, async (tx) => {
    const [code] = await tx.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, codeHash)).limit(1);
    const presented = { redirectUri: request.redirect_uri, codeVerifier: request.code_verifier };
    checkCodeOwned(code, client);
    const verdict = checkCode(code, presented, now);
    if (verdict === 'valid') checkBoundKey(code.dpopJkt, proofJkt);
    if (verdict === 'reused' || !(await markUsed(tx, codeHash, now))) {
      await revokeEverythingFromCode(tx, code.grantId, codeHash, now);
      await recordAudit(
        tx,
        { event: 'token.code_reuse', outcome: 'failure', actorType: 'partner', actorId: client.id, partnerId: client.id, grantId: code.grantId, occurredAt: now },
        context,
      );
      return { reused: true } as const;
    }
    const [grant] = await tx.select().from(grants).where(eq(grants.id, code.grantId)).limit(1);
    checkGrantLive(grant, client, now);
    const body = await issueTokenPair(tx, {
      grantId: code.grantId,
      partnerId: client.id,
      grantExpiresAt: grant.expiresAt,
      accessScopes: code.scopes,
      refreshScopes: code.scopes,
      codeHash,
      accessJkt: proofJkt,
      refreshJkt: refreshTokenKey(client, proofJkt),
      now,
    });
    await recordAudit(
      tx,
      {
        event: 'token.issued',
        outcome: 'success',
        actorType: 'partner',
        actorId: client.id,
        partnerId: client.id,
        companyId: grant.companyId,
        grantId: code.grantId,
        detail: { grantType: 'authorization_code', scope: body.scope, tokenType: body.token_type },
        occurredAt: now,
      },
      context,
    );
    return { reused: false, body } as const;
  });
  if (outcome.reused) throw new ReplayDetected('The authorization code has already been used.');
  return outcome.body;
}

async function markUsed(tx: DbOrTx, codeHash: string, now: Date): Promise<boolean> {
  const result = await tx
    .update(authorizationCodes)
    .set({ usedAt: now })
    .where(and(eq(authorizationCodes.codeHash, codeHash), isNull(authorizationCodes.usedAt)));
  return changedRows(result) === 1;
}

/** RFC 6749 §4.1.2: a code used twice revokes every token issued from it (and the linkage). */
async function revokeEverythingFromCode(tx: DbOrTx, grantId: string, codeHash: string, now: Date): Promise<void> {
  await revokeGrant(tx, grantId, 'authorization_code_reuse', now);
  await tx
    .update(tokens)
    .set({ revokedAt: now })
    .where(and(eq(tokens.codeHash, codeHash), isNull(tokens.revokedAt)));
}
