'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { emptySchema, type JourneyFormState } from '@/lib/journey/schemas';
import { linkageIdSchema } from '@/lib/linkage-schemas';
import { endCurrentSession, getCurrentCustomer } from '@/server/customer-session';
import { stopLinkageByCustomer } from '@/server/linkages';
import { validatedAction } from '@/server/validated-action';

export const stopLinkageAction = validatedAction(linkageIdSchema, async (input, context): Promise<JourneyFormState> => {
  const customer = await getCurrentCustomer();
  if (!customer) redirect('/linkages/login');
  const result = await stopLinkageByCustomer(getDb(), { companyId: customer.companyId, userId: customer.userId, grantId: input.grantId }, context);
  redirect(`/linkages?result=${result}`);
});

export const logoutAction = validatedAction(emptySchema, async (): Promise<JourneyFormState> => {
  const customer = await getCurrentCustomer();
  await endCurrentSession(customer?.sessionId ?? null);
  redirect('/linkages/login');
});
