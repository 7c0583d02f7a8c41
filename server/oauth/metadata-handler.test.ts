import { describe, expect, it } from 'vitest';
import { handleMetadata } from './metadata-handler';

describe('GET /.well-known/oauth-authorization-server', () => {
  it('publishes the RFC 8414 document with the configured issuer', async () => {
    const previous = process.env.APP_ORIGIN;
    process.env.APP_ORIGIN = 'https://bank.example/';
    try {
      const response = await handleMetadata(new Request('https://bank.example/.well-known/oauth-authorization-server'));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        issuer: 'https://bank.example',
        authorization_endpoint: 'https://bank.example/oauth/authorize',
        pushed_authorization_request_endpoint: 'https://bank.example/oauth/par',
        require_pushed_authorization_requests: false,
        token_endpoint: 'https://bank.example/oauth/token',
        revocation_endpoint: 'https://bank.example/oauth/revoke',
        introspection_endpoint: 'https://bank.example/oauth/introspect',
        scopes_supported: ['accounts:read', 'balances:read', 'transactions:read'],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        revocation_endpoint_auth_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
        introspection_endpoint_auth_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
        dpop_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'],
        authorization_response_iss_parameter_supported: true,
      });
    } finally {
      if (previous === undefined) delete process.env.APP_ORIGIN;
      else process.env.APP_ORIGIN = previous;
    }
  });

  it('refuses POST with 405', async () => {
    const response = await handleMetadata(new Request('http://localhost:3000/.well-known/oauth-authorization-server', { method: 'POST' }));
    expect(response.status).toBe(405);
  });
});
