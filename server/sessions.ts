// Sessions as Lucia's authors now recommend ("Sessions" guide, @oslojs): the browser holds
// a random token, the database only its SHA-256, so a leaked table opens no session.
// Expiry slides while the session is used, but never past an absolute lifetime from login.
// Three kinds, each with a cookie of its own (security.md): the journey's login belongs to
// one authorization request only and never opens the linkage page or the console.
import { eq } from 'drizzle-orm';
import { sessions, type Session } from '@/db/schema';
import { config, isSecureOrigin } from '@/lib/config';
import { generateSecretToken, sha256Hex } from '@/lib/crypto';
import type { DbOrTx } from './audit';

export type SessionSubjectType = Session['subjectType'];

const COOKIE_NAMES: Record<SessionSubjectType, string> = {
  journey: 'tsunagu_journey',
  customer: 'tsunagu_session',
  staff: 'tsunagu_admin',
};

export function sessionCookieName(kind: SessionSubjectType): string {
  // `__Host-` pins the cookie to this exact origin; browsers accept it only over https.
  return isSecureOrigin() ? `__Host-${COOKIE_NAMES[kind]}` : COOKIE_NAMES[kind];
}

/**
 * No Expires/Max-Age: the cookie ends with the browser, and the database's expiry decides
 * how long it works (server components cannot rewrite a cookie on every view).
 */
export function sessionCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: isSecureOrigin(), path: '/' };
}

export interface NewSession {
  /** Goes into the cookie and nowhere else. */
  token: string;
  session: Session;
}

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token);
}

function absoluteEnd(session: Pick<Session, 'createdAt'>): number {
  return session.createdAt.getTime() + config.sessionAbsoluteTtlMs;
}

export async function createSession(
  tx: DbOrTx,
  subject: { type: SessionSubjectType; id: string },
  now: Date = new Date(),
  options: { notAfter?: Date } = {},
): Promise<NewSession> {
  const token = generateSecretToken();
  const end = Math.min(now.getTime() + config.sessionTtlMs, options.notAfter?.getTime() ?? Infinity);
  const session: Session = {
    id: sessionIdFromToken(token),
    subjectType: subject.type,
    subjectId: subject.id,
    expiresAt: new Date(end),
    createdAt: now,
  };
  await tx.insert(sessions).values(session);
  return { token, session };
}

/**
 * The live session of that kind for a cookie token, extended if past half its life (up to
 * the absolute lifetime); null otherwise. An ended session's row goes at once.
 */
export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  kind: SessionSubjectType,
  now: Date = new Date(),
): Promise<Session | null> {
  const id = sessionIdFromToken(token);
  const [session] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  if (!session || session.subjectType !== kind) return null;
  const limit = absoluteEnd(session);
  if (now.getTime() >= session.expiresAt.getTime() || now.getTime() >= limit) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  // Journey sessions never slide: they end with their authorization request.
  if (kind !== 'journey' && now.getTime() >= session.expiresAt.getTime() - config.sessionTtlMs / 2) {
    session.expiresAt = new Date(Math.min(now.getTime() + config.sessionTtlMs, limit));
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
  }
  return session;
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}
