import { describe, expect, it } from 'vitest';
import { newCspNonce, pageContentSecurityPolicy } from './csp';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('pageContentSecurityPolicy', () => {
  it('lets only scripts with the nonce run, and what they load (security.md)', () => {
    const policy = directives(pageContentSecurityPolicy('abc123==', { development: false }));
    expect(Object.fromEntries(policy)).toEqual({
      'script-src': ["'nonce-abc123=='", "'strict-dynamic'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it("allows 'unsafe-eval' only in development, for React's dev tooling", () => {
    expect(pageContentSecurityPolicy('n', { development: true })).toContain("script-src 'nonce-n' 'strict-dynamic' 'unsafe-eval';");
    expect(pageContentSecurityPolicy('n', { development: false })).not.toContain('unsafe-eval');
  });
});

describe('newCspNonce', () => {
  it('is 128 random bits in Base64, different every time', () => {
    const nonces = Array.from({ length: 200 }, newCspNonce);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
