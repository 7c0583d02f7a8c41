// Who is logged in on the customer's own pages (/linkages), from the session cookie.
import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { companies, users } from '@/db/schema';
import { clearSessionCookie, readSessionToken } from './session-cookie';
import { invalidateSession, validateSessionToken } from './sessions';

export interface CurrentCustomer {
  sessionId: string;
  userId: string;
  companyId: string;
  companyName: string;
  displayName: string;
}

export async function getCurrentCustomer(): Promise<CurrentCustomer | null> {
  const token = await readSessionToken('customer');
  if (!token) return null;
  const db = getDb();
  const session = await validateSessionToken(db, token, 'customer');
  if (!session) return null;
  const [row] = await db
    .select({ userId: users.id, companyId: users.companyId, companyName: companies.name, displayName: users.displayName, lockedAt: users.lockedAt })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.id, session.subjectId))
    .limit(1);
  // A user locked since logging in loses the session too.
  if (!row || row.lockedAt) return null;
  return { sessionId: session.id, userId: row.userId, companyId: row.companyId, companyName: row.companyName, displayName: row.displayName };
}

/** Logs out: the session row goes, and so does the cookie. */
export async function endCurrentSession(sessionId: string | null): Promise<void> {
  if (sessionId) await invalidateSession(getDb(), sessionId);
  await clearSessionCookie('customer');
}
