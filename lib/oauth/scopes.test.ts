import { describe, expect, it } from 'vitest';
import { InvalidScope } from './errors';
import { formatScope, narrowScopes, parseScope, requireRegisteredScopes } from './scopes';

describe('scopes', () => {
  it('parses space-delimited scopes into a fixed order without duplicates', () => {
    expect(parseScope('transactions:read accounts:read transactions:read')).toEqual(['accounts:read', 'transactions:read']);
    expect(formatScope(['balances:read', 'accounts:read'])).toBe('accounts:read balances:read');
  });

  it.each([[undefined], [''], ['   '], ['accounts:read  balances:read'], ['Accounts:read'], ['openid']])(
    'refuses %j as invalid_scope',
    (raw) => {
      expect(() => parseScope(raw)).toThrow(InvalidScope);
    },
  );

  it('refuses a scope the client is not registered for', () => {
    expect(() => requireRegisteredScopes(['balances:read'], ['accounts:read'])).toThrow(InvalidScope);
    expect(() => requireRegisteredScopes(['accounts:read'], ['accounts:read'])).not.toThrow();
  });

  it('narrows on refresh but never widens', () => {
    const granted = ['accounts:read', 'balances:read'];
    expect(narrowScopes(undefined, granted)).toEqual(granted);
    expect(narrowScopes('balances:read', granted)).toEqual(['balances:read']);
    expect(() => narrowScopes('transactions:read', granted)).toThrow(InvalidScope);
  });
});
