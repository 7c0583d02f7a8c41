// Step 1 (API連携認証（利用登録）): the customer logs in; success ties this request to the
// user and to a new session, so no earlier session can skip this step (journey.md).
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiPinRegistrations, authorizationRequests } from '@/db/schema';
import type { LoginInput } from '@/lib/journey/schemas';
import type { RequestContext } from '../audit';
import { authenticateCustomer, type CustomerAuthResult } from '../customer-auth';
import { createSession, invalidateSession, sessionIdFromToken } from '../sessions';
import type { ActiveJourney } from './load';

export interface JourneyLoginInput extends LoginInput {
  /** The session token this browser already had, if any: it is ended (no fixation). */
  previousSessionToken?: string | null;
}

export async function loginForJourney(
  db: Db,
  journey: ActiveJourney,
  input: JourneyLoginInput,
  context: RequestContext,
  now: Date = new Date(),
): Promise<CustomerAuthResult<{ sessionToken: string }>> {
  const { request } = journey;
  return authenticateCustomer(db, {
    loginId: input.loginId,
    password: input.password,
    context,
    now,
    audit: { via: 'journey', partnerId: journey.partner.id },
    onSuccess: async (tx, user) => {
      if (input.previousSessionToken) await invalidateSession(tx, sessionIdFromToken(input.previousSessionToken));
      // The journey's own kind of session, ending with the request at the latest (journey.md).
      const { token, session } = await createSession(tx, { type: 'journey', id: user.id }, now, { notAfter: request.expiresAt });
      const sameUser = request.userId === user.id;
      if (!sameUser) {
        // Another customer's progress in this request must not carry over to this one.
        await tx
          .delete(apiPinRegistrations)
          .where(and(eq(apiPinRegistrations.requestId, request.id), eq(apiPinRegistrations.status, 'pending')));
      }
      await tx
        .update(authorizationRequests)
        .set({
          userId: user.id,
          sessionId: session.id,
          loggedInAt: now,
          ...(sameUser ? {} : { chosenScopes: null, scopesChosenAt: null, pinsConfirmedAt: null }),
        })
        .where(and(eq(authorizationRequests.id, request.id), eq(authorizationRequests.status, 'pending')));
      return { sessionToken: token };
    },
  });
}
