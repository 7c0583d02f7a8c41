'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { operationsSchema, type JourneyErrorKey } from '@/lib/journey/schemas';
import { journeyForAction } from '@/server/journey/current';
import { chooseOperations } from '@/server/journey/operations';
import { validatedAction } from '@/server/validated-action';

export const chooseOperationsAction = validatedAction<typeof operationsSchema, JourneyErrorKey>(
  operationsSchema,
  async (input, context) => {
    const journey = await journeyForAction('operations', context);
    const result = await chooseOperations(getDb(), journey, input.scopes, context);
    if (!result.ok) return { errors: { scopes: ['scopesInvalid'] } };
    redirect('/consent');
  },
);
