// "jti works once" for client assertions (RFC 7523 §3) and DPoP proofs (RFC 9449 §11.1).
// The accepted ids live in the database, not in a process, so a replay is refused after a
// restart and on every other process sharing the database.
import { changedRows } from '@/db/prepared';
import { usedJtis } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import type { DbOrTx } from '../audit';

export type JtiKind = (typeof usedJtis.$inferInsert)['kind'];

/**
 * Records `jti` for `issuer` (client_id, or a DPoP key's thumbprint) until `expiresAt`.
 * True for the first presentation only; a second, by any process, gets false.
 */
export async function claimJtiOnce(db: DbOrTx, kind: JtiKind, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  // A conditional insert: the changed-row count, not a read before it, decides the race.
  const inserted = await db
    .insert(usedJtis)
    .values({ kind, jtiHash: sha256Hex(`${issuer}\n${jti}`), expiresAt })
    .onConflictDoNothing();
  return changedRows(inserted) === 1;
}
