// Sessions as Lucia's authors now recommend ("Sessions" guide, @oslojs): the browser holds
// a random token, the database only its SHA-256, so a leaked table opens no session.
// Expiry slides: a session used in the second half of its life is extended.
// Generic over who logs in: customers now, staff later (subjectType).
import { eq } from 'drizzle-orm';
import { sessions, type Session } from '@/db/schema';
import { config, isSecureOrigin } from '@/lib/config';
import { generateSecretToken, sha256Hex } from '@/lib/crypto';
import type { DbOrTx } from './audit';
import { sessionCookieName } from './journey/request-cookie';

export type SessionSubjectType = Session['subjectType'];

export interface NewSession {
  /** Goes into the cookie and nowhere else. */
  token: string;
  session: Session;
}

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token);
}

export function createSession(
  tx: DbOrTx,
  subject: { type: SessionSubjectType; id: string },
  now: Date = new Date(),
): NewSession {
  const token = generateSecretToken();
  const session: Session = {
    id: sessionIdFromToken(token),
    subjectType: subject.type,
    subjectId: subject.id,
    expiresAt: new Date(now.getTime() + config.sessionTtlMs),
    createdAt: now,
  };
  tx.insert(sessions).values(session).run();
  return { token, session };
}

/** The live session for a cookie token, extended if past half its life; null otherwise. */
export function validateSessionToken(db: DbOrTx, token: string, now: Date = new Date()): Session | null {
  const id = sessionIdFromToken(token);
  const session = db.select().from(sessions).where(eq(sessions.id, id)).get();
  if (!session) return null;
  if (now.getTime() >= session.expiresAt.getTime()) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (now.getTime() >= session.expiresAt.getTime() - config.sessionTtlMs / 2) {
    session.expiresAt = new Date(now.getTime() + config.sessionTtlMs);
    db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id)).run();
  }
  return session;
}

export function invalidateSession(db: DbOrTx, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/**
 * No Expires/Max-Age: the cookie ends with the browser, and the database's sliding expiry
 * decides how long it works (server components cannot rewrite a cookie on every view).
 */
export function sessionCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: isSecureOrigin(), path: '/' };
}

export { sessionCookieName };
