import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { createLinkage, type Linkage } from '@/test/linkage-fixture';
import { omitResponseStreams } from '@/lib/http/known-body';
import { createTempDb } from '@/test/temp-db';
import { startTestPartnerServer } from '@/test/partner-server-fixture';
import { assertionParams, signAssertion } from '@/test/client-assertions';
import { authorizationParams } from '@/test/oauth-fixtures';

const temp = await createTempDb();
let seed: DemoSeed;
let server: Awaited<ReturnType<typeof startTestPartnerServer>>;
let origin: string;
let linkage: Linkage;
const basic = `Basic ${Buffer.from('demo-kaikei:demo-kaikei-secret').toString('base64')}`;

beforeAll(async () => {
  // As startPartnerServer does: the listener writes every response from the text beside it.
  omitResponseStreams();
  seed = await seedDemo(temp.db);
  server = await startTestPartnerServer(temp.db);
  origin = server.origin;
  linkage = await createLinkage(temp.db, {
    companyId: seed.companyIds.tsunagu01,
    userId: seed.userIds.tsunagu01,
    partnerId: seed.partnerIds['demo-kaikei']!,
    accountIds: [seed.accountIds['2222222']!],
  });
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});

describe('the lean partner server', () => {
  it('serves the account-data API over HTTP with the handlers of the Next.js routes', async () => {
    const response = await fetch(`${origin}/api/v1/accounts`, bearer(linkage.accessToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = (await response.json()) as { accounts: { accountNumber: string }[] };
    expect(body.accounts.map((a) => a.accountNumber)).toEqual(['2222222']);
    const tx = await fetch(`${origin}/api/v1/accounts/${seed.accountIds['2222222']}/transactions?limit=3&dateFrom=2020-01-01`, bearer(linkage.accessToken));
    expect(tx.status).toBe(400);
    expect(((await tx.json()) as { errorCode: string }).errorCode).toBe('date_before_history');
  });

  it('rotates a refresh token at /oauth/token, and a revoked linkage stops the API at once', async () => {
    const other = await createLinkage(temp.db, {
      companyId: seed.companyIds.tsunagu01,
      userId: seed.userIds.tsunagu01,
      partnerId: seed.partnerIds['demo-kaikei']!,
      accountIds: [seed.accountIds['2222222']!],
    });
    const refreshed = await fetch(`${origin}/oauth/token`, form({ grant_type: 'refresh_token', refresh_token: other.refreshToken }));
    expect(refreshed.status).toBe(200);
    const tokens = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect((await fetch(`${origin}/api/v1/accounts`, bearer(tokens.access_token))).status).toBe(200);
    const revoked = await fetch(`${origin}/oauth/revoke`, form({ token: tokens.refresh_token, token_type_hint: 'refresh_token' }));
    expect(revoked.status).toBe(200);
    expect((await fetch(`${origin}/api/v1/accounts`, bearer(tokens.access_token))).status).toBe(401);
  });

  it('answers the metadata and the OpenAPI document', async () => {
    expect(((await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string }).token_endpoint).toMatch(/\/oauth\/token$/);
    expect(((await (await fetch(`${origin}/api/v1/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('answers unknown paths with 404 and other methods with 405, in the API error shape', async () => {
    const missing = await fetch(`${origin}/api/v2/accounts`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorCode: 'not_found' });
    const posted = await fetch(`${origin}/api/v1/accounts`, { method: 'POST', ...bearer(linkage.accessToken) });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET');
    expect((await fetch(`${origin}/oauth/authorize?client_id=demo-kaikei`)).status).toBe(404);
  });

  it('mounts POST /oauth/par (RFC 9126) with private_key_jwt, like the Next.js route', async () => {
    const { client_id: _omit, ...params } = authorizationParams('demo-fapi');
    const body = new URLSearchParams({ ...params, ...assertionParams(await signAssertion()) });
    const response = await fetch(`${origin}/oauth/par`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ request_uri: expect.stringMatching(/^urn:ietf:params:oauth:request_uri:/), expires_in: 90 });
  });

  it('audits the socket address, not a spoofed X-Forwarded-For', async () => {
    await fetch(`${origin}/api/v1/accounts`, { headers: { Authorization: `Bearer ${linkage.accessToken}`, 'X-Forwarded-For': '198.51.100.7' } });
    const row = (await temp.db.select().from(auditEvents).where(eq(auditEvents.grantId, linkage.grantId)).orderBy(desc(auditEvents.id)).limit(1))[0]!;
    expect(row.ip).toMatch(/127\.0\.0\.1$/);
  });

  it('reads form bodies sent in chunks without Content-Length, and refuses one over 16 KiB like Next.js does', async () => {
    const chunked = (text: string) =>
      fetch(`${origin}/oauth/token`, {
        ...form({}),
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const other = await createLinkage(temp.db, {
      companyId: seed.companyIds.tsunagu01,
      userId: seed.userIds.tsunagu01,
      partnerId: seed.partnerIds['demo-kaikei']!,
      accountIds: [seed.accountIds['2222222']!],
    });
    const refreshed = await chunked(`grant_type=refresh_token&refresh_token=${other.refreshToken}`);
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { token_type: string }).token_type).toBe('Bearer');
    const large = await chunked(`grant_type=refresh_token&refresh_token=${'x'.repeat(17_000)}`);
    expect(large.status).toBe(400);
    expect(await large.json()).toMatchObject({ error: 'invalid_request', error_description: 'The request body is too large.' });
  });

  it('refuses a request body over 64 KiB with 413', async () => {
    const response = await fetch(`${origin}/oauth/token`, { ...form({}), body: 'a='.padEnd(70_000, 'b') });
    expect(response.status).toBe(413);
  });
});
