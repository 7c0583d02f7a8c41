'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { emptySchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { currentJourney, forgetAuthorizationRequest, UNAVAILABLE_PATH } from '@/server/journey/current';
import { denyAuthorization } from '@/server/journey/deny';
import { validatedAction } from '@/server/validated-action';

/** 「キャンセル」, offered on every step. */
export const cancelJourneyAction = validatedAction<typeof emptySchema, JourneyErrorKey>(emptySchema, async (_input, context) => {
  const journey = await currentJourney();
  const redirectUrl = journey.status === 'active' ? await denyAuthorization(getDb(), journey, context) : null;
  if (!redirectUrl) redirect(UNAVAILABLE_PATH);
  await forgetAuthorizationRequest();
  redirect(redirectUrl);
});
