import { afterAll, beforeAll, describe, it } from 'vitest';
import { handleMetadata } from '@/server/oauth/metadata-handler';
import { OpenApiChecker } from '@/test/openapi-conformance';
import { signAssertion } from '@/test/client-assertions';
import { authorizationParams, authorizeRequest, codeRequest, consent, createOAuthBench, formPost, obtainTokens, type OAuthBench } from '@/test/oauth-fixtures';
import { handleOpenApi } from '../fixed-handlers';

let bench: OAuthBench;
let checker: OpenApiChecker;

beforeAll(async () => {
  bench = await createOAuthBench();
  const response = await handleOpenApi(new Request('http://localhost:3000/api/v1/openapi.json'));
  checker = new OpenApiChecker((await response.json()) as Record<string, unknown>);
});
afterAll(() => bench.cleanup());

describe('real OAuth responses agree with the OpenAPI document', () => {
  it('metadata', async () => {
    await checker.check('get', '/.well-known/oauth-authorization-server', await handleMetadata(new Request('http://localhost:3000/.well-known/oauth-authorization-server')));
  });

  it('token: code exchange, refresh, invalid_grant, invalid_client, GET refused', async () => {
    const issued = await consent(bench);
    await checker.check('post', '/oauth/token', await bench.token(formPost('/oauth/token', codeRequest(issued))));
    await checker.check('post', '/oauth/token', await bench.token(formPost('/oauth/token', codeRequest(issued))));
    const { tokens } = await obtainTokens(bench);
    await checker.check('post', '/oauth/token', await bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })));
    await checker.check(
      'post',
      '/oauth/token',
      await bench.token(formPost('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x' }, { basic: { clientId: 'demo-kaikei', secret: 'wrong' } })),
    );
    await checker.check('post', '/oauth/token', await bench.token(new Request('http://localhost:3000/oauth/token')));
  });

  it('revoke and introspect', async () => {
    const { tokens } = await obtainTokens(bench);
    await checker.check('post', '/oauth/introspect', await bench.introspect(formPost('/oauth/introspect', { token: tokens.access_token })));
    await checker.check('post', '/oauth/revoke', await bench.revoke(formPost('/oauth/revoke', { token: tokens.refresh_token })));
    await checker.check('post', '/oauth/introspect', await bench.introspect(formPost('/oauth/introspect', { token: tokens.access_token })));
    await checker.check('post', '/oauth/revoke', await bench.revoke(formPost('/oauth/revoke', {})));
  });

  it('PAR: 201, a refused parameter, failed client authentication, GET refused', async () => {
    const { client_id: _omit, ...params } = authorizationParams();
    const pushed = await bench.par(formPost('/oauth/par', params));
    const { request_uri: requestUri } = (await pushed.clone().json()) as { request_uri: string };
    await checker.check('post', '/oauth/par', pushed);
    await checker.check('post', '/oauth/par', await bench.par(formPost('/oauth/par', { ...params, scope: 'payments:write' })));
    await checker.check('post', '/oauth/par', await bench.par(formPost('/oauth/par', params, { basic: { clientId: 'demo-kaikei', secret: 'wrong' } })));
    await checker.check('post', '/oauth/par', await bench.par(new Request('http://localhost:3000/oauth/par')));
    const fapi = await bench.par(formPost('/oauth/par', authorizationParams('demo-fapi'), { assertion: await signAssertion({ now: bench.clock.now }) }));
    await checker.check('post', '/oauth/par', fapi);
    await checker.check('get', '/oauth/authorize', await bench.authorize(authorizeRequest({ client_id: 'demo-kaikei', request_uri: requestUri })));
    await checker.check('get', '/oauth/authorize', await bench.authorize(authorizeRequest({ client_id: 'demo-kaikei', request_uri: requestUri })));
  });

  it('token with private_key_jwt: past client authentication, and a refused assertion', async () => {
    const params = { grant_type: 'refresh_token', refresh_token: 'unknown' };
    await checker.check('post', '/oauth/token', await bench.token(formPost('/oauth/token', params, { assertion: await signAssertion({ now: bench.clock.now }) })));
    const wrongAud = await signAssertion({ now: bench.clock.now, claims: { aud: 'http://localhost:3000/oauth/token' } });
    await checker.check('post', '/oauth/token', await bench.token(formPost('/oauth/token', params, { assertion: wrongAud })));
  });

  it('authorize: redirect to the journey, and the error page for an unknown client', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-kaikei',
      redirect_uri: 'http://localhost:4000/callback',
      scope: 'accounts:read',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    await checker.check('get', '/oauth/authorize', await bench.authorize(new Request(`http://localhost:3000/oauth/authorize?${query}`)));
    query.set('client_id', 'nobody');
    await checker.check('get', '/oauth/authorize', await bench.authorize(new Request(`http://localhost:3000/oauth/authorize?${query}`)));
  });
});
