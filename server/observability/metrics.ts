// The process's Prometheus metrics (operations.md: /metrics, names start with tsunagu_,
// plus prom-client's standard process_ and nodejs_ ones). One registry for the process, on
// globalThis, so that the listener and every Next.js bundle count into the same series.
// Label values are always from fixed sets (route-pattern.ts, audit-metrics.ts).
import fs from 'node:fs';
import client from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new client.Registry();
  const registers = [registry];
  client.collectDefaultMetrics({ register: registry });
  let databaseFile: string | null = null;
  const metrics = {
    registry,
    /** The SQLite file whose size (and its -wal's) is reported at each scrape. */
    setDatabaseFile(file: string | null): void {
      databaseFile = file === ':memory:' ? null : file;
    },
    httpRequests: new client.Counter({
      name: 'tsunagu_http_requests_total',
      help: 'HTTP requests answered, by server, method, route pattern and status (499: the client left first).',
      labelNames: ['server', 'method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new client.Histogram({
      name: 'tsunagu_http_request_duration_seconds',
      help: 'Time from the request reaching the listener to the last byte of the response.',
      labelNames: ['server', 'method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    tokensIssued: new client.Counter({
      name: 'tsunagu_tokens_issued_total',
      help: 'Token pairs issued at the token endpoint, by grant type (refresh_token: rotations).',
      labelNames: ['grant_type'] as const,
      registers,
    }),
    tokenReuse: new client.Counter({
      name: 'tsunagu_token_reuse_detected_total',
      help: 'Authorization codes or rotated refresh tokens presented again; each revokes its linkage.',
      labelNames: ['token_type'] as const,
      registers,
    }),
    revocations: new client.Counter({
      name: 'tsunagu_revocations_total',
      help: 'Linkages and access tokens revoked, by who or what ended them (reuse: see tsunagu_token_reuse_detected_total).',
      labelNames: ['kind', 'reason'] as const,
      registers,
    }),
    apiReads: new client.Counter({
      name: 'tsunagu_api_reads_total',
      help: 'Account-data API calls, refused ones included, by endpoint and status class.',
      labelNames: ['endpoint', 'status_class'] as const,
      registers,
    }),
    loginFailures: new client.Counter({
      name: 'tsunagu_login_failures_total',
      help: 'Failed password logins of customers and staff, by reason.',
      labelNames: ['actor', 'reason'] as const,
      registers,
    }),
    pinFailures: new client.Counter({
      name: 'tsunagu_pin_failures_total',
      help: 'Refused inquiry-PIN registrations in the journey, by reason (wrong_pin: a wrong PIN).',
      labelNames: ['reason'] as const,
      registers,
    }),
    lockouts: new client.Counter({
      name: 'tsunagu_lockouts_total',
      help: 'Locks set by repeated failures: customer and staff logins, an account\'s PIN registration.',
      labelNames: ['kind'] as const,
      registers,
    }),
    clientAuthFailures: new client.Counter({
      name: 'tsunagu_client_authentication_failures_total',
      help: 'Failed OAuth client authentications, by endpoint.',
      labelNames: ['endpoint'] as const,
      registers,
    }),
    rateLimitRefusals: new client.Counter({
      name: 'tsunagu_rate_limit_refusals_total',
      help: 'Requests refused by a rate limit, by limit.',
      labelNames: ['limit'] as const,
      registers,
    }),
    groupCommitBatch: new client.Histogram({
      name: 'tsunagu_group_commit_batch_size',
      help: 'Writes sharing one SQLite commit in the group committer.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    databaseSize: new client.Gauge({
      name: 'tsunagu_database_size_bytes',
      help: 'Size of the SQLite database file and of its write-ahead log, at scrape time.',
      labelNames: ['file'] as const,
      registers,
      collect() {
        if (!databaseFile) return;
        this.set({ file: 'database' }, sizeOf(databaseFile));
        this.set({ file: 'wal' }, sizeOf(`${databaseFile}-wal`));
      },
    }),
  };
  return metrics;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // no -wal file (yet): nothing written since the last close
  }
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as unknown as { tsunaguMetrics?: Metrics };

export function metrics(): Metrics {
  holder.tsunaguMetrics ??= createMetrics();
  return holder.tsunaguMetrics;
}
