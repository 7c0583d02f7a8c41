// Every environment setting, parsed in one place with zod (operations.md). A wrong value
// stops the server with a message naming the setting: no silent fallback for a typo. The
// README's configuration table is checked against SETTINGS (lib/config.test.ts).
import { z } from 'zod';

const wholeNumber = (min: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, 'must be a whole number')
    .transform(Number)
    .refine((value) => value >= min, `must be at least ${min}`);
const port = wholeNumber(1).refine((value) => value <= 65535, 'must be a port number (1–65535)');
const flag = z.enum(['0', '1'], 'must be 0 or 1');

interface Setting {
  schema: z.ZodType;
  /** As the README's table writes it; undefined: not set by default. */
  default?: string;
  meaning: string;
}

export const SETTINGS = {
  PORT: { schema: port, default: '3000', meaning: 'HTTP port of the Next.js app' },
  PARTNER_PORT: { schema: port, default: '3001', meaning: 'HTTP port of the lean partner server' },
  APP_ORIGIN: {
    schema: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// origin' }),
    default: 'http://localhost:$PORT',
    meaning: 'public origin: the OAuth issuer, the Origin that server actions accept; `https://…` turns on `Secure` and `__Host-` cookies',
  },
  DATABASE_PATH: { schema: z.string().min(1), default: 'data/tsunagu.db', meaning: 'the SQLite file (WAL, `synchronous = FULL`, busy timeout 5 s, foreign keys on)' },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    meaning: 'PostgreSQL instead of the SQLite file (operations.md): then any number of app and lean-server processes share it, and `DATABASE_PATH` is ignored',
  },
  REFRESH_RETRY_WINDOW_SECONDS: {
    schema: wholeNumber(0).refine((seconds) => seconds <= 600, 'must be at most 600 seconds'),
    default: '60',
    meaning: 'after a rotation, the same client presenting the old refresh token again gets the same answer while the new one is unused (partner-api.md); 0 turns it off',
  },
  DPOP_NONCE_SECRET: {
    schema: z.string().min(32, 'must be at least 32 characters'),
    meaning: 'when set, every DPoP proof must carry a server nonce (`use_dpop_nonce`, RFC 9449 §8/§9): HMAC of a 5-minute step under this secret, so every process with the same secret accepts it; unset: no nonces',
  },
  TRUST_PROXY: {
    schema: wholeNumber(0).refine((hops) => hops <= 10, 'must be the number of trusted proxy hops (0–10)'),
    default: '0',
    meaning: 'reverse-proxy hops in front whose `X-Forwarded-For` entries are trusted; 0: the socket address is the client',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be a pino level (fatal, error, warn, info, debug, trace, silent)'),
    default: 'info',
    meaning: 'level of the JSON log lines on stdout',
  },
  METRICS_TOKEN: { schema: z.string().min(16, 'must be at least 16 characters'), meaning: 'bearer token that opens `/metrics` to callers other than loopback' },
  LOGIN_LOCK_THRESHOLD: { schema: wholeNumber(1), default: '5', meaning: 'consecutive wrong passwords before a customer or staff member is locked' },
  PIN_LOCK_THRESHOLD: { schema: wholeNumber(1), default: '5', meaning: 'wrong inquiry PINs per account before PIN registration locks' },
  LOGIN_RATE_LIMIT_PER_MINUTE: { schema: wholeNumber(1), default: '30', meaning: 'login attempts per source address and minute, all login paths together' },
  LOGIN_ID_RATE_LIMIT_PER_MINUTE: { schema: wholeNumber(1), default: '10', meaning: 'login attempts per login ID and minute, all paths and sources together' },
  STAFF_LOCK_MINUTES: { schema: wholeNumber(1), default: '30', meaning: 'how long a staff lock lasts before it ends by itself (an administrator can end it sooner)' },
  AUTHORIZE_RATE_LIMIT_PER_MINUTE: { schema: wholeNumber(1), default: '60', meaning: '`GET /oauth/authorize` per source address and minute (twice that at once)' },
  TOKEN_RATE_LIMIT_PER_CLIENT_BURST: { schema: wholeNumber(1), default: '100', meaning: 'token/revocation/introspection requests per client at once' },
  TOKEN_RATE_LIMIT_PER_CLIENT: { schema: wholeNumber(1), default: '20', meaning: '… refilled per second' },
  TOKEN_RATE_LIMIT_PER_IP_BURST: { schema: wholeNumber(1), default: '200', meaning: 'the same per source address at once' },
  TOKEN_RATE_LIMIT_PER_IP: { schema: wholeNumber(1), default: '50', meaning: '… refilled per second' },
  API_RATE_LIMIT_BURST: { schema: wholeNumber(1), default: '300', meaning: '`/api/v1` requests per linkage at once' },
  API_RATE_LIMIT_PER_SECOND: { schema: wholeNumber(1), default: '30', meaning: '… refilled per second' },
  API_FAILED_AUTH_BURST: { schema: wholeNumber(1), default: '60', meaning: 'refused tokens per source address at once' },
  API_FAILED_AUTH_PER_SECOND: { schema: wholeNumber(1), default: '1', meaning: '… refilled per second' },
  PURGE_INTERVAL_SECONDS: { schema: wholeNumber(1), default: '600', meaning: 'how often each server purges expired requests, codes, tokens and sessions' },
  WAL_CHECKPOINT_THREAD: { schema: flag, default: '1', meaning: 'WAL checkpoints on a worker thread (0: SQLite checkpoints inside commits)' },
  NEXT_DIST_DIR: { schema: z.string().min(1), default: '.next', meaning: 'build folder (the e2e suite uses `.next-e2e-3100`)' },
  BENCH_BASELINE: { schema: flag, default: '0', meaning: '1 serves the benchmark\'s fixed-JSON route `/api/v1/bench-baseline`' },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;
type Settings = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> | undefined };

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

const NAMES = Object.keys(SETTINGS) as SettingName[];

/** Parses every setting; an empty value counts as unset. Throws naming each bad one. */
export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const problems: string[] = [];
  const settings = {} as Record<SettingName, unknown>;
  for (const name of NAMES) {
    const raw = env[name] === '' ? undefined : env[name];
    const { schema, default: fallback } = SETTINGS[name] as Setting;
    const value = raw ?? (fallback?.includes('$') ? undefined : fallback);
    if (value === undefined) {
      settings[name] = undefined;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) settings[name] = parsed.data;
    else problems.push(`${name}=${JSON.stringify(value.slice(0, 80))}: ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  if (problems.length) throw new ConfigurationError(problems);
  return settings as Settings;
}

// A server fixes its settings once at start (checkConfigurationOrExit), so a hot path reads a
// property. Without that (unit tests, which change the environment between cases) the
// settings are parsed again whenever the environment changed: a string join, not a zod parse.
// On globalThis: Next.js bundles its own copy of this module beside the one the start script
// loaded, and both must see the settings the start script fixed.
const FROZEN = Symbol.for('tsunagu.config.frozen');
const holder = globalThis as { [FROZEN]?: Settings };
let cached: { key: string; settings: Settings } | undefined;
function current(): Settings {
  const frozen = holder[FROZEN];
  if (frozen) return frozen;
  const key = NAMES.map((name) => process.env[name] ?? '').join('\u0000');
  if (cached?.key !== key) cached = { key, settings: readSettings() };
  return cached.settings;
}

const number = (name: SettingName) => current()[name] as number;

export const config = {
  get appOrigin(): string {
    const settings = current();
    return (settings.APP_ORIGIN ?? `http://localhost:${settings.PORT}`).replace(/\/$/, '');
  },
  get databasePath(): string {
    return current().DATABASE_PATH as string;
  },
  /** PostgreSQL instead of the SQLite file when set (operations.md). */
  get databaseUrl(): string | undefined {
    return current().DATABASE_URL as string | undefined;
  },
  /** Reverse-proxy hops in front whose X-Forwarded-For entries are trusted (security.md). */
  get trustedProxyHops(): number {
    return number('TRUST_PROXY');
  },
  get logLevel(): string {
    return current().LOG_LEVEL as string;
  },
  get metricsToken(): string | undefined {
    return current().METRICS_TOKEN as string | undefined;
  },
  /** Consecutive wrong passwords before a user is locked (journey.md step 1). */
  get loginLockThreshold(): number {
    return number('LOGIN_LOCK_THRESHOLD');
  },
  /** Wrong inquiry PINs per account before PIN registration locks (journey.md step 3). */
  get pinLockThreshold(): number {
    return number('PIN_LOCK_THRESHOLD');
  },
  get loginRateLimitPerMinute(): number {
    return number('LOGIN_RATE_LIMIT_PER_MINUTE');
  },
  get loginIdRateLimitPerMinute(): number {
    return number('LOGIN_ID_RATE_LIMIT_PER_MINUTE');
  },
  get staffLockMinutes(): number {
    return number('STAFF_LOCK_MINUTES');
  },
  get authorizeRateLimitPerMinute(): number {
    return number('AUTHORIZE_RATE_LIMIT_PER_MINUTE');
  },
  get tokenRateLimits() {
    return {
      perClient: { burst: number('TOKEN_RATE_LIMIT_PER_CLIENT_BURST'), perSecond: number('TOKEN_RATE_LIMIT_PER_CLIENT') },
      perIp: { burst: number('TOKEN_RATE_LIMIT_PER_IP_BURST'), perSecond: number('TOKEN_RATE_LIMIT_PER_IP') },
    };
  },
  get apiRateLimits() {
    return {
      perLinkage: { burst: number('API_RATE_LIMIT_BURST'), perSecond: number('API_RATE_LIMIT_PER_SECOND') },
      failedAuthPerSource: { burst: number('API_FAILED_AUTH_BURST'), perSecond: number('API_FAILED_AUTH_PER_SECOND') },
    };
  },
  get dpopNonceSecret(): string | undefined {
    return current().DPOP_NONCE_SECRET as string | undefined;
  },
  get refreshRetryWindowMs(): number {
    return number('REFRESH_RETRY_WINDOW_SECONDS') * 1000;
  },
  /** How often each server purges expired rows (server/retention.ts). */
  get purgeIntervalSeconds(): number {
    return number('PURGE_INTERVAL_SECONDS');
  },
  get benchBaseline(): boolean {
    return current().BENCH_BASELINE === '1';
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

/**
 * For both servers' entry points: every setting valid, or a message naming the bad ones
 * and exit 1 before anything listens.
 */
export function checkConfigurationOrExit(): void {
  try {
    const settings = readSettings();
    holder[FROZEN] = settings;
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
