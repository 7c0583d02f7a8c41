'use server';
// Staff accounts in the console (server/admin/staff-accounts.ts does the rules).
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { AdminFormState } from '@/lib/admin/form-state';
import { changePasswordSchema, createStaffSchema, staffEnabledSchema, staffRoleSchema, staffTargetSchema } from '@/lib/admin/staff-schemas';
import { asAdmin } from '@/server/admin/as-admin';
import { RegistryRefusal } from '@/server/admin/registry-refusal';
import { changeOwnPassword, createStaff, resetStaffPassword, setStaffEnabled, setStaffRole } from '@/server/admin/staff-accounts';
import { requireStaff } from '@/server/admin/staff-session';
import { validatedAction } from '@/server/validated-action';

export const createStaffAction = validatedAction(createStaffSchema, (input, context) =>
  asAdmin(async (actor): Promise<AdminFormState> => {
    const { temporaryPassword } = await createStaff(getDb(), actor, input, context);
    return { done: 'created', reveal: { kind: 'password', id: input.loginId, value: temporaryPassword } };
  }),
);

export const resetStaffPasswordAction = validatedAction(staffTargetSchema, (input, context) =>
  asAdmin(async (actor): Promise<AdminFormState> => {
    const password = await resetStaffPassword(getDb(), actor, input.staffId, context);
    return { done: 'reset', reveal: { kind: 'password', id: input.staffId, value: password } };
  }),
);

export const setStaffRoleAction = validatedAction(staffRoleSchema, (input, context) =>
  asAdmin(async (actor) => {
    const changed = await setStaffRole(getDb(), actor, input.staffId, input.role, context);
    redirect(`/admin/staff?result=${changed ? 'done' : 'unchanged'}`);
  }),
);

export const setStaffEnabledAction = validatedAction(staffEnabledSchema, (input, context) =>
  asAdmin(async (actor) => {
    const changed = await setStaffEnabled(getDb(), actor, input.staffId, input.enabled, context);
    redirect(`/admin/staff?result=${changed ? 'done' : 'unchanged'}`);
  }),
);

/** Any staff member's own password; the only action open while a temporary one is unchanged. */
export const changePasswordAction = validatedAction(changePasswordSchema, async (input, context): Promise<AdminFormState> => {
  const member = await requireStaff({ passwordChange: true });
  try {
    await changeOwnPassword(getDb(), member.id, input.currentPassword, input.newPassword, context);
  } catch (error) {
    if (error instanceof RegistryRefusal) return { message: error.code };
    throw error;
  }
  redirect('/admin?result=done');
});
