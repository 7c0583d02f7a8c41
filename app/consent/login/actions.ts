'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { loginSchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { journeyForAction } from '@/server/journey/current';
import { loginForJourney } from '@/server/journey/login';
import { readSessionToken, setSessionCookie } from '@/server/session-cookie';
import { loginFailureState } from '@/server/login-form-state';
import { validatedAction } from '@/server/validated-action';

export const loginAction = validatedAction<typeof loginSchema, JourneyErrorKey>(loginSchema, async (input, context) => {
  const journey = await journeyForAction('login', context);
  const result = await loginForJourney(getDb(), journey, { ...input, previousSessionToken: await readSessionToken('journey') }, context);
  if (!result.ok) return loginFailureState(result);
  await setSessionCookie('journey', result.value.sessionToken);
  redirect('/consent');
});
