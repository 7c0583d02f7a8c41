// Server-provided DPoP nonces (RFC 9449 §8, §9) without shared state: a nonce is the
// HMAC-SHA-256 of a time step under DPOP_NONCE_SECRET, so every process holding the secret
// issues and accepts the same nonces, with no table and no memory shared between them.
// A nonce stays good for its own step and the next, so one handed out just before a step
// boundary is not refused a moment later.
import { createHmac } from 'node:crypto';
import { timingSafeEqualString } from '@/lib/crypto';

export const DPOP_NONCE_STEP_SECONDS = 300;

export interface DpopNonces {
  /** The nonce to hand out now (DPoP-Nonce header). */
  current(now: Date): string;
  accepts(nonce: string, now: Date): boolean;
}

export function createDpopNonces(secret: string, stepSeconds = DPOP_NONCE_STEP_SECONDS): DpopNonces {
  const nonceOf = (step: number) => createHmac('sha256', secret).update(`tsunagu:dpop-nonce:${step}`).digest('base64url');
  const stepOf = (now: Date) => Math.floor(now.getTime() / 1000 / stepSeconds);
  return {
    current: (now) => nonceOf(stepOf(now)),
    accepts(nonce, now) {
      const step = stepOf(now);
      // Both candidates are always compared, so the time taken says nothing about which matched.
      const current = timingSafeEqualString(nonceOf(step), nonce);
      const previous = timingSafeEqualString(nonceOf(step - 1), nonce);
      return current || previous;
    },
  };
}
