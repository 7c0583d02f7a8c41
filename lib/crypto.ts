// Random secrets and their at-rest hashes (security.md: SHA-256 of ≥128-bit random values,
// compared in constant time). Built on @oslojs as Lucia's guide shows; nothing hand-rolled.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

const encoder = new TextEncoder();

/** 160 random bits, base32 (Lucia's session token format). */
export function generateSecretToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** 256 random bits, base64url: for OAuth codes and tokens handed to partners. */
export function generateOpaqueToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return encodeBase64urlNoPadding(bytes);
}

export function sha256Hex(value: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(value)));
}

export function sha256Base64url(value: string): string {
  return encodeBase64urlNoPadding(sha256(encoder.encode(value)));
}

/** Constant-time comparison of two strings (lengths may differ; that alone is not secret). */
export function timingSafeEqualString(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.length !== y.length) return false;
  return constantTimeEqual(x, y);
}

/** A random id for rows whose id is not itself a secret. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}_${encodeBase32LowerCaseNoPadding(bytes)}`;
}
