import type { Scope } from '@/lib/oauth/scopes';

/** `accounts:read` → the `journey.scopes.accounts` message (口座一覧照会). */
export function scopeMessageKey(scope: Scope): 'accounts' | 'balances' | 'transactions' {
  const keys = { 'accounts:read': 'accounts', 'balances:read': 'balances', 'transactions:read': 'transactions' } as const;
  return keys[scope];
}
