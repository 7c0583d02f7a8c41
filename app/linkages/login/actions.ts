'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { loginSchema, type JourneyFormState } from '@/lib/journey/schemas';
import { authenticateCustomer } from '@/server/customer-auth';
import { setSessionCookie } from '@/server/session-cookie';
import { createSession } from '@/server/sessions';
import { loginFailureState } from '@/server/login-form-state';
import { validatedAction } from '@/server/validated-action';

// The same login (and the same lockout counter) as step 1 of the journey.
export const linkagesLoginAction = validatedAction(loginSchema, async (input, context): Promise<JourneyFormState> => {
  const result = await authenticateCustomer(getDb(), {
    loginId: input.loginId,
    password: input.password,
    context,
    audit: { via: 'linkages' },
    onSuccess: (tx, user) => createSession(tx, { type: 'customer', id: user.id }),
  });
  if (!result.ok) return loginFailureState(result);
  await setSessionCookie('customer', result.value.token);
  redirect('/linkages');
});
