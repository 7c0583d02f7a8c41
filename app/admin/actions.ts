'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { partnerStatusSchema, unlockPinSchema, unlockStaffSchema, unlockUserSchema } from '@/lib/admin-schemas';
import { emptySchema, type JourneyFormState } from '@/lib/journey/schemas';
import { linkageIdSchema } from '@/lib/linkage-schemas';
import { StaffForbiddenError, revokeLinkageByStaff, setPartnerStatus, unlockAccountPin, unlockStaff, unlockUser } from '@/server/admin/console';
import { endStaffSession, getCurrentStaff, requireStaff } from '@/server/admin/staff-session';
import type { RequestContext } from '@/server/audit';
import { validatedAction } from '@/server/validated-action';

/** Runs a console change as the logged-in staff member; auditors are refused. */
async function asStaff(change: (actor: { id: string; role: 'admin' | 'auditor' }) => Promise<boolean>, back: string): Promise<JourneyFormState> {
  const member = await requireStaff();
  let done: boolean;
  try {
    done = await change(member);
  } catch (error) {
    if (error instanceof StaffForbiddenError) return { message: 'forbidden' };
    throw error;
  }
  redirect(`${back}?result=${done ? 'done' : 'unchanged'}`);
}

export const revokeLinkageAction = validatedAction(linkageIdSchema, (input, context: RequestContext) =>
  asStaff((actor) => revokeLinkageByStaff(getDb(), actor, input.grantId, context), '/admin'),
);

// Suspension only: an emergency stop takes effect at once. Reactivation waits for a second
// administrator (reactivatePartnerAction in registry-actions.ts).
export const setPartnerStatusAction = validatedAction(partnerStatusSchema, async (input, context) => {
  if (input.status !== 'suspended') return { message: 'forbidden' as const };
  return asStaff((actor) => setPartnerStatus(getDb(), actor, input.partnerId, 'suspended', context), '/admin/partners');
});

export const unlockUserAction = validatedAction(unlockUserSchema, (input, context) =>
  asStaff((actor) => unlockUser(getDb(), actor, input.userId, context), '/admin/locks'),
);

export const unlockPinAction = validatedAction(unlockPinSchema, (input, context) =>
  asStaff((actor) => unlockAccountPin(getDb(), actor, input.accountId, context), '/admin/locks'),
);

export const unlockStaffAction = validatedAction(unlockStaffSchema, (input, context) =>
  asStaff((actor) => unlockStaff(getDb(), actor, input.staffId, context), '/admin/locks'),
);

export const adminLogoutAction = validatedAction(emptySchema, async (): Promise<JourneyFormState> => {
  const member = await getCurrentStaff();
  await endStaffSession(member?.sessionId ?? null);
  redirect('/admin/login');
});
