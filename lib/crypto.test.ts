import { describe, expect, it } from 'vitest';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { generateOpaqueToken, generateSecretToken, randomBytes, sha256Base64url, sha256Hex } from './crypto';

describe('crypto helpers', () => {
  it('hashes exactly as before (SHA-256 hex and base64url), so stored hashes still match', () => {
    for (const value of ['', 'demo-kaikei-secret', 'つなぐ', 'x'.repeat(300)]) {
      const reference = sha256(new TextEncoder().encode(value));
      expect(sha256Hex(value)).toBe(encodeHexLowerCase(reference));
      expect(sha256Base64url(value)).toBe(encodeBase64urlNoPadding(reference));
    }
    // RFC 7636 Appendix B: the S256 challenge of its example verifier.
    expect(sha256Base64url('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('never hands out the same random bytes twice, across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(generateOpaqueToken());
    expect(seen.size).toBe(1000);
    const chunks = Array.from({ length: 300 }, () => Buffer.from(randomBytes(32)).toString('hex'));
    expect(new Set(chunks).size).toBe(300);
    expect(randomBytes(5000)).toHaveLength(5000);
  });

  it('keeps the token formats: 256 bits in 43 base64url characters, 160 bits in 32 base32 ones', () => {
    expect(generateOpaqueToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecretToken()).toMatch(/^[a-z2-7]{32}$/);
  });
});
