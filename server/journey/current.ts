// The journey of the browser making this request (its cookies), for step pages and
// actions. Both check the step: a page opened out of order, by the back button or by a
// reload, and an action posted out of order, go to where the customer really is.
import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { canOpenStep, stepPath, type JourneyStep } from '@/lib/journey/steps';
import { recordAudit, type RequestContext } from '../audit';
import { clearSessionCookie } from '../session-cookie';
import { sessionCookieName } from '../sessions';
import { journeyActor } from './audit-context';
import { loadJourney, type ActiveJourney, type JourneyState } from './load';
import { authorizationRequestCookieName, authorizationRequestCookieOptions } from './request-cookie';

export const UNAVAILABLE_PATH = '/consent/unavailable';

export async function currentJourney(): Promise<JourneyState> {
  const jar = await cookies();
  return loadJourney(getDb(), {
    requestToken: jar.get(authorizationRequestCookieName())?.value,
    sessionToken: jar.get(sessionCookieName('journey'))?.value,
  });
}

export async function journeyForPage(step: JourneyStep): Promise<ActiveJourney> {
  const journey = await currentJourney();
  if (journey.status !== 'active') redirect(UNAVAILABLE_PATH);
  if (!canOpenStep(journey.facts, step)) redirect(stepPath(journey.step));
  return journey;
}

export async function journeyForAction(step: JourneyStep, context: RequestContext): Promise<ActiveJourney> {
  const journey = await currentJourney();
  if (journey.status !== 'active') redirect(UNAVAILABLE_PATH);
  if (!canOpenStep(journey.facts, step)) {
    await recordAudit(
      getDb(),
      {
        event: 'journey.step_refused',
        outcome: 'failure',
        ...journeyActor(journey),
        detail: { step, current: journey.step },
      },
      context,
    );
    redirect(stepPath(journey.step));
  }
  return journey;
}

/** After 許可 or 「キャンセル」 the request is over, and so is its login: both cookies go. */
export async function forgetAuthorizationRequest(): Promise<void> {
  // Set, not delete(): a `__Host-` cookie is only replaced by one with the same attributes.
  (await cookies()).set(authorizationRequestCookieName(), '', { ...authorizationRequestCookieOptions(), maxAge: 0 });
  await clearSessionCookie('journey');
}
