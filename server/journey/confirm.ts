// Step 4 (照会用暗証番号登録結果): 「確認」 ends PIN registration for this request.
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { authorizationRequests } from '@/db/schema';
import { recordAudit, type RequestContext } from '../audit';
import { writeTransaction } from '../write-transaction';
import { journeyActor } from './audit-context';
import type { ActiveJourney } from './load';

export async function confirmPinRegistrations(db: Db, journey: ActiveJourney, context: RequestContext, now: Date = new Date()): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx
      .update(authorizationRequests)
      .set({ pinsConfirmedAt: now })
      .where(and(eq(authorizationRequests.id, journey.request.id), eq(authorizationRequests.status, 'pending')));
    await recordAudit(
      tx,
      {
        event: 'journey.pins_confirmed',
        outcome: 'success',
        ...journeyActor(journey),
        occurredAt: now,
        detail: { pendingAccounts: journey.facts.pendingInRequest },
      },
      context,
    );
  });
}
