// Step 2 (認可業務選択): a subset of the requested scopes, at least one (journey.md).
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { authorizationRequests } from '@/db/schema';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { recordAudit, type RequestContext } from '../audit';
import { writeTransaction } from '../write-transaction';
import { journeyActor } from './audit-context';
import type { ActiveJourney } from './load';

export type ChooseOperationsResult = { ok: true } | { ok: false; reason: 'not_requested' };

export function chooseOperations(
  db: Db,
  journey: ActiveJourney,
  scopes: readonly string[],
  context: RequestContext,
  now: Date = new Date(),
): Promise<ChooseOperationsResult> {
  const requested = journey.request.requestedScopes;
  const chosen = normalizeScopes(scopes);
  const ok = chosen.length > 0 && chosen.length === scopes.length && chosen.every((s) => requested.includes(s));
  return writeTransaction(db, async (tx) => {
    await recordAudit(
      tx,
      {
        event: 'journey.operations_chosen',
        outcome: ok ? 'success' : 'failure',
        ...journeyActor(journey),
        occurredAt: now,
        detail: ok ? { scopes: chosen } : { reason: 'scope_not_requested' },
      },
      context,
    );
    if (!ok) return { ok: false, reason: 'not_requested' } as const;
    await tx
      .update(authorizationRequests)
      .set({ chosenScopes: chosen, scopesChosenAt: now })
      .where(and(eq(authorizationRequests.id, journey.request.id), eq(authorizationRequests.status, 'pending')));
    return { ok: true } as const;
  });
}
