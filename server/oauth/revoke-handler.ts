// POST /oauth/revoke (RFC 7009). Revoking a refresh token ends the linkage and every token
// under it (partner-api.md); an access token ends alone. Unknown tokens and tokens of
// other clients get the same 200 with nothing changed (§2.2).
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { changedRows } from '@/db/prepared';
import { tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { InvalidRequest } from '@/lib/oauth/errors';
import { NO_STORE_HEADERS, oauthErrorResponse } from '@/lib/oauth/responses';
import { describeIssue, withoutClientAuth } from '@/lib/oauth/token-request';
import { recordAudit } from '../audit';
import { revokeGrant } from '../grants';
import { writeTransaction } from '../write-transaction';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';

export const tokenReferenceSchema = z.strictObject({
  token: z.string().max(256),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
});

/** The body of a revocation or introspection request, client authentication aside. */
export function parseTokenReference({ params }: AuthenticatedRequest): z.infer<typeof tokenReferenceSchema> {
  const parsed = tokenReferenceSchema.safeParse(withoutClientAuth(params));
  if (!parsed.success) throw new InvalidRequest(describeIssue(parsed.error));
  return parsed.data;
}

export function createRevokeHandler(deps: OAuthDeps) {
  return async function handleRevoke(request: Request): Promise<Response> {
    try {
      const auth = await authenticatedRequest(deps, request, 'revocation');
      await revoke(deps, auth, parseTokenReference(auth).token);
      return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
    } catch (error) {
      return oauthErrorResponse(error);
    }
  };
}

async function revoke(deps: OAuthDeps, { client, context, now }: AuthenticatedRequest, presented: string): Promise<void> {
  // The hint only speeds up a lookup (§2.1); one table holds both kinds, so it is not needed.
  const tokenHash = sha256Hex(presented);
  await writeTransaction(deps.db, async (tx) => {
    const [token] = await tx.select().from(tokens).where(eq(tokens.tokenHash, tokenHash)).limit(1);
    if (!token || token.partnerId !== client.id) return;
    const changed =
      token.kind === 'refresh'
        ? await revokeGrant(tx, token.grantId, 'partner_revoked', now)
        : changedRows(
            await tx
              .update(tokens)
              .set({ revokedAt: now })
              .where(and(eq(tokens.tokenHash, tokenHash), isNull(tokens.revokedAt))),
          ) === 1;
    if (!changed) return;
    await recordAudit(
      tx,
      {
        event: token.kind === 'refresh' ? 'grant.revoked' : 'token.revoked',
        outcome: 'success',
        actorType: 'partner',
        actorId: client.id,
        partnerId: client.id,
        grantId: token.grantId,
        detail: { tokenType: token.kind, reason: 'partner_revoked' },
        occurredAt: now,
      },
      context,
    );
  });
}
