'use server';
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { pinSchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { journeyForAction } from '@/server/journey/current';
import { registerInquiryPin } from '@/server/journey/pins';
import { validatedAction } from '@/server/validated-action';

export const registerPinAction = validatedAction<typeof pinSchema, JourneyErrorKey>(pinSchema, async (input, context) => {
  const journey = await journeyForAction('pin', context);
  const result = await registerInquiryPin(getDb(), journey, input, context);
  if (result.ok) redirect('/consent/pin-result');
  if (result.reason === 'wrong_pin') {
    return { message: 'pinWrong', messageValues: { remaining: result.remaining } };
  }
  // The account list changed (locked, or registered meanwhile): show it again.
  refresh();
  return { message: result.reason === 'locked' ? 'pinLocked' : 'accountUnavailable' };
});
