// The session cookie as Next.js pages and actions read and write it.
import 'server-only';
import { cookies } from 'next/headers';
import { sessionCookieName, sessionCookieOptions } from './sessions';

export async function readSessionToken(): Promise<string | null> {
  return (await cookies()).get(sessionCookieName())?.value ?? null;
}

export async function setSessionCookie(token: string): Promise<void> {
  (await cookies()).set(sessionCookieName(), token, sessionCookieOptions());
}
