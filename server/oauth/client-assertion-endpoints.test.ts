// private_key_jwt at every client-authenticated endpoint, against the real database: the
// demo-fapi key of demo-data.md, jti replay across connections, the fapi2 profile's refusals.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, partners, usedJtis } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { signAssertion, TEST_ISSUER } from '@/test/client-assertions';
import { authorizationParams, createOAuthBench, formPost, secondConnection, type ClientAuth, type OAuthBench } from '@/test/oauth-fixtures';
import { oauthDeps } from './deps';
import { createTokenHandler } from './token-handler';

let bench: OAuthBench;
beforeEach(async () => {
  bench = await createOAuthBench();
});
afterEach(() => bench.cleanup());

const FAILED = { error: 'invalid_client', error_description: 'Client authentication failed.' };
const assertion = (options: Parameters<typeof signAssertion>[0] = {}) => signAssertion({ now: bench.clock.now, ...options });
/** A token request that passes client authentication and then fails on the code: 400, not 401. */
const unknownCode = { grant_type: 'authorization_code', code: 'no-such-code', redirect_uri: 'http://localhost:4000/callback', code_verifier: 'v'.repeat(43) };
const token = (auth: ClientAuth, params: Record<string, string> = unknownCode) => bench.token(formPost('/oauth/token', params, auth));
const failureReasons = async () =>
  (await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'client.authentication_failed'))).map((row) => row.detail?.reason);

async function expectInvalidClient(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).not.toBeNull();
  expect(await response.json()).toEqual(FAILED);
}

describe('private_key_jwt (RFC 7523) at the token endpoint', () => {
  it('authenticates demo-fapi with a good assertion (the request then fails on its missing DPoP proof, not on the client)', async () => {
    const response = await token({ assertion: await assertion() });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('records the jti, hashed with the client_id, until exp plus the tolerance', async () => {
    const exp = Math.floor(bench.clock.now.getTime() / 1000) + 60;
    await token({ assertion: await assertion({ claims: { jti: 'the-jti', exp } }) });
    expect(await bench.db.select().from(usedJtis)).toEqual([
      { kind: 'client_assertion', jtiHash: sha256Hex('demo-fapi\nthe-jti'), expiresAt: new Date((exp + 10) * 1000) },
    ]);
  });

  it('refuses a replayed assertion, also on a second database connection (another process)', async () => {
    const signed = await assertion();
    expect((await token({ assertion: signed })).status).toBe(400);
    await expectInvalidClient(await token({ assertion: signed }));
    const second = secondConnection(bench);
    try {
      const otherProcess = createTokenHandler(oauthDeps(second.db, { now: () => bench.clock.now }));
      await expectInvalidClient(await otherProcess(formPost('/oauth/token', unknownCode, { assertion: signed })));
    } finally {
      await second.close();
    }
    expect(await failureReasons()).toEqual(['jti_replayed', 'jti_replayed']);
  });

  it.each([
    ['aud = the token endpoint URL', { claims: { aud: `${TEST_ISSUER}/oauth/token` } }, 'audience'],
    ['an expired assertion', { claims: { exp: 0 } }, 'ERR_JWT_EXPIRED:exp'],
    ['iat 30 s in the future', { claims: { iat: 'now+30' } }, 'iat_in_future'],
    ['an unknown kid', { header: { kid: 'other' } }, 'ERR_JWKS_NO_MATCHING_KEY'],
    ['iss ≠ sub', { claims: { iss: 'demo-kaikei' } }, 'ERR_JWT_CLAIM_VALIDATION_FAILED:iss'],
  ] as [string, { claims?: Record<string, unknown>; header?: Record<string, unknown> }, string][])('refuses %s with the same invalid_client, the reason only in the audit row', async (_label, options, reason) => {
    const now = Math.floor(bench.clock.now.getTime() / 1000);
    const claims = Object.fromEntries(Object.entries(options.claims ?? {}).map(([k, v]) => [k, v === 'now+30' ? now + 30 : v]));
    await expectInvalidClient(await token({ assertion: await assertion({ ...options, claims }) }));
    expect(await failureReasons()).toEqual([reason]);
  });

  it('refuses a client_id parameter that differs from the assertion, and a wrong assertion type', async () => {
    await expectInvalidClient(await token({ assertion: await assertion() }, { ...unknownCode, client_id: 'demo-kaikei' }));
    const wrongType = formPost('/oauth/token', { ...unknownCode, client_assertion_type: 'urn:x', client_assertion: await assertion() }, 'none');
    await expectInvalidClient(await bench.token(wrongType));
    expect(await failureReasons()).toEqual(['client_id_mismatch', 'assertion_type']);
    const methods = (await bench.db.select().from(auditEvents).where(eq(auditEvents.event, 'client.authentication_failed'))).map((row) => row.detail?.method);
    expect(methods).toEqual(['private_key_jwt', 'private_key_jwt']);
  });

  it('refuses an assertion beside client_secret_basic (one method only)', async () => {
    const request = formPost('/oauth/token', { ...unknownCode, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion() }, { basic: { clientId: 'demo-fapi', secret: 'x' } });
    const response = await bench.token(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an assertion from a basic partner that has no registered keys', async () => {
    await expectInvalidClient(await token({ assertion: await assertion({ claims: { iss: 'demo-kaikei', sub: 'demo-kaikei' } }) }));
    expect(await failureReasons()).toEqual(['method_not_registered']);
  });
});

describe('the fapi2 profile refuses client secrets', () => {
  it('refuses a client secret for demo-fapi, by Basic or in the body', async () => {
    await expectInvalidClient(await token({ basic: { clientId: 'demo-fapi', secret: 'anything' } }));
    await expectInvalidClient(await token({ post: { clientId: 'demo-fapi', secret: 'anything' } }));
  });

  it('refuses the right secret even if the registry wrongly lists client_secret_basic for it', async () => {
    await bench.db
      .update(partners)
      .set({ clientSecretHash: sha256Hex('known-secret'), tokenEndpointAuthMethods: ['client_secret_basic', 'private_key_jwt'] })
      .where(eq(partners.clientId, 'demo-fapi'));
    await expectInvalidClient(await token({ basic: { clientId: 'demo-fapi', secret: 'known-secret' } }));
    expect(await failureReasons()).toEqual(['profile_requires_private_key_jwt']);
  });
});

describe('private_key_jwt at the revocation, introspection and PAR endpoints', () => {
  it('authenticates at each, and refuses a replayed assertion at each', async () => {
    const cases = [
      [bench.revoke, '/oauth/revoke', { token: 'unknown' }, 200],
      [bench.introspect, '/oauth/introspect', { token: 'unknown' }, 200],
      [bench.par, '/oauth/par', authorizationParams('demo-fapi'), 201],
    ] as const;
    for (const [handler, path, params, status] of cases) {
      const signed = await assertion();
      expect((await handler(formPost(path, params, { assertion: signed }))).status).toBe(status);
      await expectInvalidClient(await handler(formPost(path, params, { assertion: signed })));
    }
    expect(await failureReasons()).toEqual(['jti_replayed', 'jti_replayed', 'jti_replayed']);
  });

  it('refuses a wrong aud at each', async () => {
    for (const [handler, path] of [[bench.revoke, '/oauth/revoke'], [bench.introspect, '/oauth/introspect'], [bench.par, '/oauth/par']] as const) {
      const signed = await assertion({ claims: { aud: `${TEST_ISSUER}${path}` } });
      await expectInvalidClient(await handler(formPost(path, path === '/oauth/par' ? authorizationParams('demo-fapi') : { token: 'x' }, { assertion: signed })));
    }
  });
});
