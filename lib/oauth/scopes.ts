// The three 認可業務 of partner-api.md and the rules for asking for them (RFC 6749 §3.3).
import { InvalidScope } from './errors';

export const SCOPES = ['accounts:read', 'balances:read', 'transactions:read'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Space-delimited, case-sensitive tokens; unknown or empty → invalid_scope. */
export function parseScope(raw: string | undefined): Scope[] {
  if (raw === undefined || raw.trim() === '') throw new InvalidScope('A scope is required.');
  const parts = raw.split(' ');
  if (parts.some((part) => part === '')) throw new InvalidScope('Scopes are separated by single spaces.');
  const unknown = parts.filter((part) => !isScope(part));
  if (unknown.length > 0) throw new InvalidScope('An unknown scope was requested.');
  return normalizeScopes(parts as Scope[]);
}

/** Deduplicated, in the fixed order of SCOPES, so stored and returned scopes compare equal. */
export function normalizeScopes(scopes: readonly string[]): Scope[] {
  return SCOPES.filter((scope) => scopes.includes(scope));
}

export function formatScope(scopes: readonly string[]): string {
  return normalizeScopes(scopes).join(' ');
}

/** A partner may ask only for scopes it is registered for (partner-api.md). */
export function requireRegisteredScopes(requested: readonly Scope[], registered: readonly string[]): void {
  if (requested.some((scope) => !registered.includes(scope))) {
    throw new InvalidScope('A scope this client is not registered for was requested.');
  }
}

/** RFC 6749 §6: a refresh may ask for a subset of the granted scopes, never more. */
export function narrowScopes(raw: string | undefined, granted: readonly string[]): Scope[] {
  if (raw === undefined) return normalizeScopes(granted);
  const requested = parseScope(raw);
  if (requested.some((scope) => !granted.includes(scope))) {
    throw new InvalidScope('The requested scope exceeds the scope originally granted.');
  }
  return requested;
}
