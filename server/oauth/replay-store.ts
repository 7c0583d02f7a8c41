// "jti works once" for client assertions (RFC 7523 §3) and DPoP proofs (RFC 9449 §11.1).
// The accepted ids live in the database, not in a process, so a replay is refused after a
// restart and on every other process sharing the database.
import { usedJtis } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import type { DbOrTx } from '../audit';

export type JtiKind = (typeof usedJtis.$inferInsert)['kind'];

/**
 * Records `jti` for `issuer` (client_id, or a DPoP key's thumbprint) until `expiresAt`.
 * True for the first presentation only; a second, by any process, gets false.
 */
export function claimJtiOnce(db: DbOrTx, kind: JtiKind, issuer: string, jti: string, expiresAt: Date): boolean {
  const inserted = db
    .insert(usedJtis)
    .values({ kind, jtiHash: sha256Hex(`${issuer}\n${jti}`), expiresAt })
    .onConflictDoNothing()
    .run();
  return inserted.changes === 1;
}
