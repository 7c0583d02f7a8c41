// Staff sessions for /admin: the same session design as customers, under a cookie of its
// own so a staff login never mixes with a customer's on a shared browser.
import 'server-only';
import { redirect } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { staff, type Staff } from '@/db/schema';
import { staffGate } from './staff-gate';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../session-cookie';
import { invalidateSession, validateSessionToken } from '../sessions';

export type CurrentStaff = Pick<Staff, 'id' | 'loginId' | 'displayName' | 'role' | 'mustChangePassword'> & { sessionId: string };

export async function getCurrentStaff(): Promise<CurrentStaff | null> {
  const token = await readSessionToken('staff');
  if (!token) return null;
  const db = getDb();
  const session = await validateSessionToken(db, token, 'staff');
  if (!session) return null;
  const [member] = await db
    .select({ id: staff.id, loginId: staff.loginId, displayName: staff.displayName, role: staff.role, lockedAt: staff.lockedAt, disabledAt: staff.disabledAt, mustChangePassword: staff.mustChangePassword })
    .from(staff)
    .where(eq(staff.id, session.subjectId))
    .limit(1);
  if (!member || member.lockedAt || member.disabledAt) return null;
  return { id: member.id, loginId: member.loginId, displayName: member.displayName, role: member.role, mustChangePassword: member.mustChangePassword, sessionId: session.id };
}

/**
 * For every /admin page and action: the staff member, or off to the login page. A member
 * with a temporary password can do nothing else until they have changed it.
 */
export async function requireStaff(options: { passwordChange?: boolean } = {}): Promise<CurrentStaff> {
  const member = await getCurrentStaff();
  const gate = staffGate(member, options);
  if (gate === 'login') redirect('/admin/login');
  if (gate === 'change_password') redirect('/admin/password');
  return member!;
}

export async function setStaffSessionCookie(token: string): Promise<void> {
  await setSessionCookie('staff', token);
}

export async function endStaffSession(sessionId: string | null): Promise<void> {
  if (sessionId) await invalidateSession(getDb(), sessionId);
  await clearSessionCookie('staff');
}
