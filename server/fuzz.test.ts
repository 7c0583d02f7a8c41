// A bounded, seeded fuzz run (security.md: bad input is a clear 4xx, never a 5xx, a stack
// trace or SQL): a few thousand mutated requests against every OAuth endpoint and /api/v1
// route, over real HTTP to the lean server's listener on a real database. Afterwards the
// server still answers and (SQLite) the file passes PRAGMA integrity_check. FUZZ_SEED and
// FUZZ_REQUESTS explore further locally; the suite runs the fixed seed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '@/lib/rate-limit';
import { computeS256Challenge } from '@/lib/oauth/pkce';
import { createPartnerApi } from '@/server/api/partner-api';
import { createNodeListener } from '@/server/node-listener';
import { createAuthorizeHandler } from '@/server/oauth/authorize-handler';
import { oauthDeps } from '@/server/oauth/deps';
import { createIntrospectHandler } from '@/server/oauth/introspect-handler';
import { handleMetadata } from '@/server/oauth/metadata-handler';
import { createParHandler } from '@/server/oauth/par-handler';
import { createRevokeHandler } from '@/server/oauth/revoke-handler';
import { createTokenHandler } from '@/server/oauth/token-handler';
import { createHealthHandlers } from '@/server/health/health-handler';
import { createReadinessProbe } from '@/server/health/readiness';
import { createPartnerRouter } from '@/server/partner-router';
import { ROOMY_LIMITS } from '@/test/api-test-bed';
import { fuzzRequest, type FuzzMaterial, type FuzzRequest } from '@/test/fuzz-requests';
import { createLinkage } from '@/test/linkage-fixture';
import { basicAuthorization, consent, createOAuthBench, DEMO_REDIRECT_URI, FEED, KAIKEI, newVerifier, type IssuedCode, type OAuthBench } from '@/test/oauth-fixtures';
import { onPostgres } from '@/test/temp-db';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const CONCURRENCY = 4;

// What no answer may contain (security.md: "never include stack traces, SQL or internal ids").
const LEAKS = [/at .*\(.*:\d+:\d+\)/, /SQLITE/, /sqlite/i, /SELECT /, /INSERT INTO/, /Error:/, /node_modules/];

let bench: OAuthBench;
let server: http.Server;
let origin: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer {
  status: number;
  body: string;
}

function send(request: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${request.path}`, { method: request.method, headers: request.headers, agent, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Over 64 KiB the listener answers 413 and drops the connection while the body is still being written. */
const droppedForSize = (request: FuzzRequest, error: unknown) =>
  Buffer.byteLength(request.body ?? '') > 64 * 1024 && /ECONNRESET|EPIPE|socket hang up/.test(String(error));

async function material(b: OAuthBench): Promise<FuzzMaterial> {
  const linkages = [];
  const codes: IssuedCode[] = [];
  for (let i = 0; i < 24; i += 1) {
    linkages.push(
      await createLinkage(b.db, {
        companyId: b.seed.companyIds.tsunagu01,
        userId: b.seed.userIds.tsunagu01,
        partnerId: b.seed.partnerIds['demo-kaikei']!,
        accountIds: [b.seed.accountIds['2222222']!],
      }),
    );
    codes.push(await consent(b));
  }
  return {
    basic: [KAIKEI, KAIKEI, FEED, { ...KAIKEI, secret: 'wrong' }].map(basicAuthorization),
    accessTokens: linkages.map((l) => l.accessToken),
    refreshTokens: linkages.map((l) => l.refreshToken),
    codes: codes.map((c) => ({ code: c.code, verifier: c.verifier })),
    accountIds: [b.seed.accountIds['2222222']!, b.seed.accountIds['1111111']!, b.seed.accountIds['3000001']!],
    redirectUri: DEMO_REDIRECT_URI,
    codeChallenge: computeS256Challenge(newVerifier()),
  };
}

beforeAll(async () => {
  bench = await createOAuthBench();
  // Limits no fuzz request reaches, so the requests get past them to the handlers.
  const roomy = { perClient: new RateLimiter(1e6, 1e6), perIp: new RateLimiter(1e6, 1e6), authorizePerSource: new RateLimiter(1e6, 1e6) };
  const deps = oauthDeps(bench.db, { limits: roomy });
  const router = createPartnerRouter(createPartnerApi(bench.db, { limits: ROOMY_LIMITS }), {
    metadata: handleMetadata,
    token: createTokenHandler(deps),
    revoke: createRevokeHandler(deps),
    introspect: createIntrospectHandler(deps),
    par: createParHandler(deps),
  }, createHealthHandlers(createReadinessProbe(bench.db)));
  const authorize = createAuthorizeHandler(deps);
  // /oauth/authorize is a Web-standard handler too; Next.js serves it in production.
  const handler = (request: Request) => (new URL(request.url).pathname === '/oauth/authorize' ? authorize(request) : router(request));
  server = http.createServer(createNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
  await bench.cleanup();
});

describe('fuzzing the OAuth endpoints and /api/v1', () => {
  it(`answers ${REQUESTS} mutated requests (seed ${SEED}) without a 5xx or a leak, and the server and database survive`, { timeout: 120_000 }, async () => {
    const requests = fc.sample(fuzzRequest(await material(bench)), { seed: SEED, numRuns: REQUESTS });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failures: string[] = [];
    const statuses = new Set<number>();
    const reached = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const shown = `${request.method} ${request.path.slice(0, 200)} ${JSON.stringify(request.headers).slice(0, 200)} ${request.body?.slice(0, 200) ?? ''}`;
        try {
          const answer = await send(request);
          statuses.add(answer.status);
          reached.add(`${request.path.split('?')[0]!.replace(/^\/api\/v1\/accounts\/[^/]+\//, '/api/v1/accounts/{id}/')} ${answer.status}`);
          if (answer.status >= 500) failures.push(`${answer.status} for ${shown}: ${answer.body.slice(0, 200)}`);
          const leak = LEAKS.find((pattern) => pattern.test(answer.body));
          if (leak) failures.push(`${leak} in the answer to ${shown}: ${answer.body.slice(0, 300)}`);
        } catch (error) {
          if (!droppedForSize(request, error)) failures.push(`no answer to ${shown}: ${String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const errorLog = logged.mock.calls.map((call) => call.map(String).join(' '));
    logged.mockRestore();

    expect(failures).toEqual([]);
    // Unexpected errors are logged even where the answer hides them (the authorize error page).
    expect(errorLog).toEqual([]);
    // The run got past the first refusals into every endpoint's own logic, successes included.
    for (const status of [400, 401, 404, 405, 413]) expect(statuses).toContain(status);
    expect([...reached]).toEqual(
      expect.arrayContaining(
        ['/oauth/token 200', '/oauth/revoke 200', '/oauth/introspect 200', '/oauth/authorize 303', '/oauth/par 201']
          .concat(['/api/v1/accounts 200', '/api/v1/accounts/{id}/balances 200', '/api/v1/accounts/{id}/transactions 200']),
      ),
    );

    const metadata = await send({ method: 'GET', path: '/.well-known/oauth-authorization-server', headers: {} });
    expect(metadata.status).toBe(200);
    const fresh = await material(bench);
    const accounts = await send({ method: 'GET', path: '/api/v1/accounts', headers: { Authorization: `Bearer ${fresh.accessTokens[0]}` } });
    expect(accounts.status).toBe(200);
    // The file checks are SQLite's; PostgreSQL enforces its foreign keys on every write.
    if (!onPostgres) {
      expect(bench.db.$client.pragma('integrity_check', { simple: true })).toBe('ok'); // eslint-disable-line no-restricted-syntax -- SQLite's own check
      expect(bench.db.$client.pragma('foreign_key_check')).toEqual([]); // eslint-disable-line no-restricted-syntax -- SQLite's own check
    }
  });
});
