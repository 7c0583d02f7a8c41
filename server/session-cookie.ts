// Session cookies as Next.js pages and actions read and write them.
import 'server-only';
import { cookies } from 'next/headers';
import { sessionCookieName, sessionCookieOptions, type SessionSubjectType } from './sessions';

export async function readSessionToken(kind: SessionSubjectType): Promise<string | null> {
  return (await cookies()).get(sessionCookieName(kind))?.value ?? null;
}

export async function setSessionCookie(kind: SessionSubjectType, token: string): Promise<void> {
  (await cookies()).set(sessionCookieName(kind), token, sessionCookieOptions());
}

/**
 * Set again with the same attributes and Max-Age=0, not cookies().delete(): delete() omits
 * `Secure`, and a browser keeps a `__Host-` cookie that is not replaced with `Secure`.
 */
export async function clearSessionCookie(kind: SessionSubjectType): Promise<void> {
  (await cookies()).set(sessionCookieName(kind), '', { ...sessionCookieOptions(), maxAge: 0 });
}
