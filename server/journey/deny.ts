// 「キャンセル」 on any step: the request ends and the partner hears access_denied
// (RFC 6749 §4.1.2.1). Nothing the customer did in it takes effect.
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { changedRows } from '@/db/prepared';
import { apiPinRegistrations, authorizationRequests } from '@/db/schema';
import { recordAudit, type RequestContext } from '../audit';
import { invalidateSession } from '../sessions';
import { writeTransaction } from '../write-transaction';
import { journeyActor } from './audit-context';
import { accessDeniedUrl, type ActiveJourney } from './load';

/** The redirect back to the partner, or null when the request had already ended. */
export function denyAuthorization(db: Db, journey: ActiveJourney, context: RequestContext, now: Date = new Date()): Promise<string | null> {
  const { request } = journey;
  return writeTransaction(db, async (tx) => {
    const ended = await tx
      .update(authorizationRequests)
      .set({ status: 'denied', completedAt: now })
      .where(and(eq(authorizationRequests.id, request.id), eq(authorizationRequests.status, 'pending')));
    const ok = changedRows(ended) === 1;
    if (ok) {
      if (request.sessionId) await invalidateSession(tx, request.sessionId);
      await tx
        .delete(apiPinRegistrations)
        .where(and(eq(apiPinRegistrations.requestId, request.id), eq(apiPinRegistrations.status, 'pending')));
    }
    await recordAudit(
      tx,
      {
        event: 'journey.denied',
        outcome: ok ? 'success' : 'failure',
        ...journeyActor(journey),
        occurredAt: now,
        detail: { step: journey.step, ...(ok ? {} : { reason: 'request_not_pending' }) },
      },
      context,
    );
    return ok ? accessDeniedUrl(request, 'The customer cancelled the authorization.') : null;
  });
}
