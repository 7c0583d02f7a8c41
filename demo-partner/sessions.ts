// Browser sessions of the demo app, in memory: a random id in an httpOnly cookie.
import { randomBytes } from 'node:crypto';
import type { PendingAuthorization, TokenSet } from './bank-client';

export interface DemoSession {
  pending?: PendingAuthorization;
  tokens?: TokenSet;
  /** A one-time notice for the next page. */
  flash?: { kind: 'info' | 'error'; text: string };
}

export const SESSION_COOKIE = 'demo_kaikei_sid';

export function createSessionStore() {
  const sessions = new Map<string, DemoSession>();
  return {
    /** The session of this request, and a Set-Cookie header when a new one was started. */
    load(request: Request): { id: string; session: DemoSession; setCookie?: string } {
      const cookie = request.headers.get('cookie') ?? '';
      const id = /(?:^|;\s*)demo_kaikei_sid=([A-Za-z0-9_-]{43})(?:;|$)/.exec(cookie)?.[1];
      const existing = id ? sessions.get(id) : undefined;
      if (id && existing) return { id, session: existing };
      const fresh = randomBytes(32).toString('base64url');
      const session: DemoSession = {};
      sessions.set(fresh, session);
      return { id: fresh, session, setCookie: `${SESSION_COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax` };
    },
    get(id: string): DemoSession | undefined {
      return sessions.get(id);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
