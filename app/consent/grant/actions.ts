'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { grantSchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { approveAuthorization } from '@/server/journey/approve';
import { forgetAuthorizationRequest, journeyForAction, UNAVAILABLE_PATH } from '@/server/journey/current';
import { validatedAction } from '@/server/validated-action';

/** 「許可」: the linkage and the code, then back to the partner (303). */
export const approveAction = validatedAction<typeof grantSchema, JourneyErrorKey>(grantSchema, async (_input, context) => {
  const journey = await journeyForAction('grant', context);
  const result = await approveAuthorization(getDb(), journey, context);
  if (!result.ok) {
    if (result.reason === 'no_accounts') return { message: 'noAccounts' };
    redirect(UNAVAILABLE_PATH);
  }
  await forgetAuthorizationRequest();
  redirect(result.redirectUrl);
});
