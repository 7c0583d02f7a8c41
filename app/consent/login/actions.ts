'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { config } from '@/lib/config';
import { RateLimiter } from '@/lib/rate-limit';
import { loginSchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { journeyForAction } from '@/server/journey/current';
import { loginForJourney } from '@/server/journey/login';
import { readSessionToken, setSessionCookie } from '@/server/session-cookie';
import { validatedAction } from '@/server/validated-action';

// Per source address, beside the action (security.md); the lockout guards each user.
const loginLimiter = new RateLimiter(config.loginRateLimitPerMinute, config.loginRateLimitPerMinute / 60);

export const loginAction = validatedAction<typeof loginSchema, JourneyErrorKey>(loginSchema, async (input, context) => {
  const journey = await journeyForAction('login', context);
  if (!loginLimiter.consume(context.ip ?? 'unknown').allowed) return { message: 'rateLimited' };
  const result = await loginForJourney(getDb(), journey, { ...input, previousSessionToken: await readSessionToken() }, context);
  if (!result.ok) return { message: result.reason === 'locked' ? 'userLocked' : 'invalidCredentials' };
  await setSessionCookie(result.value.sessionToken);
  redirect('/consent');
});
