'use client';
// useJourneyForm (react-hook-form + the action's own zod schema) for console forms, whose
// action state may also carry a one-time reveal and whose messages are adminForms keys.
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { AdminFormState } from '@/lib/admin/form-state';
import { useJourneyForm, type JourneyAction } from '@/components/form/use-journey-form';
import type { AdminAction } from './admin-form-bits';

export function useAdminForm<S extends z.ZodObject>(schema: S, action: AdminAction, defaultValues?: DefaultValues<z.input<S> & FieldValues>) {
  const form = useJourneyForm(schema, action as unknown as JourneyAction, defaultValues);
  return { ...form, state: form.state as AdminFormState, errorsFor: (name: string) => form.errorsFor(name) as string[] };
}
