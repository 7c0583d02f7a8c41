// Ending a linkage (連携) ends every token issued under it at once (journey.md "After the
// journey"; partner-api.md revocation). Callers pass their transaction.
import { and, eq, isNull } from 'drizzle-orm';
import { grants, tokens } from '@/db/schema';
import { changedRows } from '@/db/prepared';
import type { DbOrTx } from './audit';

export type GrantRevocationReason =
  | 'replaced'
  | 'partner_revoked'
  | 'refresh_token_reuse'
  | 'authorization_code_reuse'
  | 'customer_revoked'
  | 'staff_revoked';

/** Revokes the linkage and all its tokens; returns false if it was already revoked. */
export async function revokeGrant(tx: DbOrTx, grantId: string, reason: GrantRevocationReason, now = new Date()): Promise<boolean> {
  const ended = await tx
    .update(grants)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(grants.id, grantId), isNull(grants.revokedAt)));
  await tx
    .update(tokens)
    .set({ revokedAt: now })
    .where(and(eq(tokens.grantId, grantId), isNull(tokens.revokedAt)));
  return changedRows(ended) > 0;
}
