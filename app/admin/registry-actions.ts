'use server';
// The partner registry's console actions: parse (one schema with the form), call one
// domain function as the logged-in staff member, answer or redirect.
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { AdminFormState } from '@/lib/admin/form-state';
import { decisionSchema, partnerIdSchema, partnerDetailsSchema, redirectRuleFromEnv, registrationSchema, rotationSchema, securityChangeSchema } from '@/lib/admin/partner-schemas';
import { approveChange, proposeReactivation, proposeRegistration, proposeSecretRotation, proposeSecurityChange, rejectChange } from '@/server/admin/partner-changes';
import { updatePartnerDetails } from '@/server/admin/partner-details';
import { asAdmin } from '@/server/admin/as-admin';
import { validatedAction } from '@/server/validated-action';

const rule = redirectRuleFromEnv();
const LONG_FIELDS = { maxValueLength: 8192 };

export const registerPartnerAction = validatedAction(
  registrationSchema(rule),
  (input, context) =>
    asAdmin(async (actor) => {
      await proposeRegistration(getDb(), actor, input, context, rule);
      redirect('/admin/approvals?result=proposed');
    }),
  LONG_FIELDS,
);

export const updatePartnerDetailsAction = validatedAction(partnerDetailsSchema, (input, context) =>
  asAdmin(async (actor) => {
    const changed = await updatePartnerDetails(getDb(), actor, input, context);
    redirect(`/admin/partners/${input.partnerId}?result=${changed ? 'saved' : 'unchanged'}`);
  }),
);

export const proposeSecurityChangeAction = validatedAction(
  securityChangeSchema(rule),
  (input, context) =>
    asAdmin(async (actor) => {
      await proposeSecurityChange(getDb(), actor, input, context, rule);
      redirect('/admin/approvals?result=proposed');
    }),
  LONG_FIELDS,
);

export const proposeRotationAction = validatedAction(rotationSchema, (input, context) =>
  asAdmin(async (actor) => {
    await proposeSecretRotation(getDb(), actor, input.partnerId, input.overlapDays, context);
    redirect('/admin/approvals?result=proposed');
  }),
);

export const approveChangeAction = validatedAction(decisionSchema, (input, context) =>
  asAdmin(async (actor): Promise<AdminFormState> => {
    const result = await approveChange(getDb(), actor, input.changeId, context);
    if (!result.ok) return { message: result.code };
    const { clientId, secret } = result.applied;
    // The new secret goes back in this response only (see lib/admin/form-state.ts).
    return { done: 'approved', ...(secret && clientId ? { reveal: { kind: 'secret', id: clientId, value: secret } } : {}) };
  }),
);

export const rejectChangeAction = validatedAction(decisionSchema, (input, context) =>
  asAdmin(async (actor): Promise<AdminFormState> => {
    const result = await rejectChange(getDb(), actor, input.changeId, context);
    return result.ok ? { done: 'rejected' } : { message: result.code };
  }),
);

export const reactivatePartnerAction = validatedAction(partnerIdSchema, (input, context) =>
  asAdmin(async (actor) => {
    await proposeReactivation(getDb(), actor, input.partnerId, context);
    redirect('/admin/approvals?result=proposed');
  }),
);
