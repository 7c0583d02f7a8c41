import { describe, expect, it } from 'vitest';
import { computeS256Challenge, isValidCodeChallenge, verifyPkce } from './pkce';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('computes the challenge of RFC 7636 Appendix B', () => {
    expect(computeS256Challenge(VERIFIER)).toBe(CHALLENGE);
    expect(isValidCodeChallenge(CHALLENGE)).toBe(true);
  });

  it('accepts the matching verifier and refuses any other', () => {
    expect(verifyPkce(VERIFIER, CHALLENGE, 'S256')).toBe(true);
    expect(verifyPkce(`${VERIFIER.slice(0, -1)}N`, CHALLENGE, 'S256')).toBe(false);
    expect(verifyPkce(undefined, CHALLENGE, 'S256')).toBe(false);
  });

  it('refuses the plain method even when verifier equals challenge', () => {
    expect(verifyPkce(CHALLENGE, CHALLENGE, 'plain')).toBe(false);
  });

  it('refuses verifiers outside 43–128 characters or the unreserved alphabet', () => {
    for (const verifier of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(42)} `]) {
      expect(verifyPkce(verifier, computeS256Challenge(verifier), 'S256')).toBe(false);
    }
    const longest = `${'A'.repeat(124)}-._~`;
    expect(verifyPkce(longest, computeS256Challenge(longest), 'S256')).toBe(true);
  });

  it('refuses challenges that are not 43 base64url characters', () => {
    expect(isValidCodeChallenge(`${CHALLENGE}=`)).toBe(false);
    expect(isValidCodeChallenge(CHALLENGE.replace('-', '+'))).toBe(false);
  });
});
