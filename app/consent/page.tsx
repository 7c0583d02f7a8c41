import { redirect } from 'next/navigation';
import { stepPath } from '@/lib/journey/steps';
import { currentJourney, UNAVAILABLE_PATH } from '@/server/journey/current';

/** Sends the browser to the step its request has reached. */
export default async function ConsentPage() {
  const journey = await currentJourney();
  redirect(journey.status === 'active' ? stepPath(journey.step) : UNAVAILABLE_PATH);
}
