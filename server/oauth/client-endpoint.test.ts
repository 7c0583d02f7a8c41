import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, authorizationCodes } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { codeRequest, consent, createOAuthBench, type OAuthBench } from '@/test/oauth-fixtures';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

// security.md, token endpoint: "missing, wrong or malformed client credentials (401, also
// for a Basic value that is not valid base64)".
const MALFORMED_BASIC = [
  'Basic abcde', // length 1 mod 4: atob throws on it
  'Basic YWI6Yw', // unpadded
  `Basic ${btoa(String.fromCharCode(0xff, 0xfe, 0x3a, 0x41))}`, // not UTF-8
  `Basic ${btoa('no-colon')}`,
  `Basic ${btoa('id:%zz')}`, // a bad %-escape
  'Basic',
];

const post = (path: string, authorization: string, body: Record<string, string>) =>
  new Request(`http://localhost:3000${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization, 'User-Agent': 'vitest' },
    body: new URLSearchParams(body).toString(),
  });
const failures = async () => await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'client.authentication_failed'));

describe('client authentication at the token, revocation and introspection endpoints', () => {
  it.each(MALFORMED_BASIC)('answers %s with 401 invalid_client, WWW-Authenticate and an audit row', async (authorization) => {
    const issued = await consent(bench);
    const response = await bench.token(post('/oauth/token', authorization, codeRequest(issued)));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="tsunagu"/);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    const [row] = await failures();
    expect(await failures()).toHaveLength(1);
    expect(row).toMatchObject({ outcome: 'failure', actorType: 'anonymous', userAgent: 'vitest' });
    expect(row!.detail).toMatchObject({ endpoint: 'token' });
    const code = (await bench.db.select().from(authorizationCodes).where(eq(authorizationCodes.codeHash, sha256Hex(issued.code))).limit(1))[0]!;
    expect(code.usedAt).toBeNull();
  });

  it('answers a malformed Basic value the same way at /oauth/revoke and /oauth/introspect', async () => {
    for (const [handler, endpoint] of [
      [bench.revoke, 'revocation'],
      [bench.introspect, 'introspection'],
    ] as const) {
      const response = await handler(post(`/oauth/${endpoint}`, 'Basic abcde', { token: 'x' }));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    }
    expect((await failures()).map((row) => row.detail)).toEqual([
      expect.objectContaining({ endpoint: 'revocation' }),
      expect.objectContaining({ endpoint: 'introspection' }),
    ]);
  });
});
