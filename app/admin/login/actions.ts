'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { loginSchema, type JourneyFormState } from '@/lib/journey/schemas';
import { authenticateStaff } from '@/server/admin/staff-auth';
import { setStaffSessionCookie } from '@/server/admin/staff-session';
import { createSession } from '@/server/sessions';
import { loginFailureState } from '@/server/login-form-state';
import { validatedAction } from '@/server/validated-action';

export const adminLoginAction = validatedAction(loginSchema, async (input, context): Promise<JourneyFormState> => {
  const db = getDb();
  const result = await authenticateStaff(db, input.loginId, input.password, context);
  if (!result.ok) return loginFailureState(result, 'staff');
  const { token } = await createSession(db, { type: 'staff', id: result.staff.id });
  await setStaffSessionCookie(token);
  redirect('/admin');
});
