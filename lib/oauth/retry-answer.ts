// The stored answer of a refresh rotation, for the retry window (partner-api.md): sealed
// with AES-256-GCM under a key derived (HKDF-SHA256) from the refresh token that was
// presented. The database keeps only SHA-256 of that token, from which the key cannot be
// had, so what is stored at rest opens for nobody but the holder of the old token.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const SALT = 'tsunagu refresh retry';
const INFO = 'answer v1';

function keyFor(presentedToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', presentedToken, SALT, INFO, 32));
}

export function sealRetryAnswer(presentedToken: string, answer: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(presentedToken), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The answer, or null when it does not open with this token (tampered, or another token). */
export function openRetryAnswer<T>(presentedToken: string, stored: string): T | null {
  try {
    const bytes = Buffer.from(stored, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(presentedToken), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as T;
  } catch {
    return null;
  }
}
