// What every OAuth handler is built from. Tests pass their own database and clock; the
// app's route files use the process-wide database (handlers.ts).
import type { Db } from '@/db/client';
import { processRefusals, type RefusalSummary } from '../refusal-summary';
import { createOAuthRateLimits, type OAuthRateLimits } from './rate-limits';

export interface OAuthDeps {
  db: Db;
  now: () => Date;
  limits: OAuthRateLimits;
  /** Where refusals past a limit are counted (one audit row per source and window). */
  refusals: RefusalSummary;
}

export function oauthDeps(db: Db, overrides: Partial<Omit<OAuthDeps, 'db'>> = {}): OAuthDeps {
  return { db, now: () => new Date(), limits: createOAuthRateLimits(db), refusals: processRefusals(), ...overrides };
}
