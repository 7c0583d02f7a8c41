// Authorization server metadata (RFC 8414 §2) as partners discover it.
import { PKCE_METHODS } from './pkce';
import { FAPI_SIGNING_ALGORITHMS } from './signing-algorithms';
import { SCOPES } from './scopes';
import { GRANT_TYPES } from './token-request';

export const OAUTH_PATHS = {
  authorization: '/oauth/authorize',
  pushedAuthorizationRequest: '/oauth/par',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
} as const;

// basic partners use the secrets, fapi2 partners private_key_jwt (partner-api.md).
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;

export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}${OAUTH_PATHS.authorization}`,
    pushed_authorization_request_endpoint: `${issuer}${OAUTH_PATHS.pushedAuthorizationRequest}`,
    // RFC 9126 §5: PAR is required per client (fapi2), not of every client.
    require_pushed_authorization_requests: false,
    token_endpoint: `${issuer}${OAUTH_PATHS.token}`,
    revocation_endpoint: `${issuer}${OAUTH_PATHS.revocation}`,
    introspection_endpoint: `${issuer}${OAUTH_PATHS.introspection}`,
    scopes_supported: [...SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: [...PKCE_METHODS],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: [...FAPI_SIGNING_ALGORITHMS],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_signing_alg_values_supported: [...FAPI_SIGNING_ALGORITHMS],
    introspection_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    introspection_endpoint_auth_signing_alg_values_supported: [...FAPI_SIGNING_ALGORITHMS],
    dpop_signing_alg_values_supported: [...FAPI_SIGNING_ALGORITHMS],
    // RFC 9207: every authorization response carries iss.
    authorization_response_iss_parameter_supported: true,
  };
}
