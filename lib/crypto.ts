// Random secrets and their at-rest hashes (security.md: SHA-256 of ≥128-bit random values,
// compared in constant time). Lucia's token formats on @oslojs/encoding; SHA-256 and the
// random bytes from node:crypto (OpenSSL), about ten times cheaper than SHA-256 in JavaScript,
// and a refresh grant hashes four values (bench/). Nothing hand-rolled.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { hash, randomFillSync } from 'node:crypto';

const encoder = new TextEncoder();

// The OS CSPRNG fills 4 KiB at a time (as Node's own randomUUID caches its bytes): one call
// per hundred tokens instead of one per token. Every byte is handed out once, as a copy.
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

export function randomBytes(length: number): Uint8Array {
  if (length > POOL_BYTES) return randomFillSync(new Uint8Array(length));
  if (poolOffset + length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

/** 160 random bits, base32 (Lucia's session token format). */
export function generateSecretToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** 256 random bits, base64url: for OAuth codes and tokens handed to partners. */
export function generateOpaqueToken(): string {
  return encodeBase64urlNoPadding(randomBytes(32));
}

// crypto.hash is the one-shot form (no Hash object): 0.3 µs against createHash's 1.1 µs.
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

export function sha256Base64url(value: string): string {
  return hash('sha256', value, 'base64url');
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
  return `${prefix}_${encodeBase32LowerCaseNoPadding(randomBytes(12))}`;
}
