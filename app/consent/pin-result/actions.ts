'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { emptySchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { confirmPinRegistrations } from '@/server/journey/confirm';
import { journeyForAction } from '@/server/journey/current';
import { validatedAction } from '@/server/validated-action';

/** 「確認」 on the result table: on to step 5. */
export const confirmPinsAction = validatedAction<typeof emptySchema, JourneyErrorKey>(emptySchema, async (_input, context) => {
  const journey = await journeyForAction('pin-result', context);
  await confirmPinRegistrations(getDb(), journey, context);
  redirect('/consent/grant');
});
