// Settings read from the environment once; every default is the documented one.
function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A whole number ≥ 0, or the default when unset; anything else stops the server. */
function hopsFromEnv(name: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,2}$/.test(raw)) throw new Error(`${name} must be the number of trusted proxy hops (0, 1, 2, …), not "${raw}".`);
  return Number(raw);
}

export const config = {
  /** Reverse-proxy hops in front whose X-Forwarded-For entries are trusted (security.md). */
  get trustedProxyHops(): number {
    return hopsFromEnv('TRUST_PROXY');
  },
  get appOrigin(): string {
    const port = process.env.PORT || '3000';
    return (process.env.APP_ORIGIN || `http://localhost:${port}`).replace(/\/$/, '');
  },
  /** Consecutive wrong passwords before a user is locked (journey.md step 1). */
  get loginLockThreshold(): number {
    return intFromEnv('LOGIN_LOCK_THRESHOLD', 5);
  },
  /** Wrong inquiry PINs per account before PIN registration locks (journey.md step 3). */
  get pinLockThreshold(): number {
    return intFromEnv('PIN_LOCK_THRESHOLD', 5);
  },
  /** Login attempts per minute from one source address, all login paths together. */
  get loginRateLimitPerMinute(): number {
    return intFromEnv('LOGIN_RATE_LIMIT_PER_MINUTE', 30);
  },
  /** Login attempts per minute for one login ID, all login paths and sources together. */
  get loginIdRateLimitPerMinute(): number {
    return intFromEnv('LOGIN_ID_RATE_LIMIT_PER_MINUTE', 10);
  },
  /** How long a staff lock lasts before it ends by itself (an administrator can end it sooner). */
  get staffLockMinutes(): number {
    return intFromEnv('STAFF_LOCK_MINUTES', 30);
  },
  /** GET /oauth/authorize per source address and minute; twice that at once (security.md). */
  get authorizeRateLimitPerMinute(): number {
    return intFromEnv('AUTHORIZE_RATE_LIMIT_PER_MINUTE', 60);
  },
  /** How often each server purges expired rows (server/retention.ts). */
  get purgeIntervalSeconds(): number {
    return intFromEnv('PURGE_INTERVAL_SECONDS', 600);
  },
  authorizationRequestTtlMs: 15 * 60 * 1000,
  authorizationCodeTtlMs: 60 * 1000,
  accessTokenTtlMs: 60 * 60 * 1000,
  /** Sliding: a session unused this long ends. */
  sessionTtlMs: 30 * 60 * 1000,
  /** Absolute: no session lives longer than this from its login, however busy. */
  sessionAbsoluteTtlMs: 8 * 60 * 60 * 1000,
};

export function isSecureOrigin(): boolean {
  return config.appOrigin.startsWith('https://');
}
