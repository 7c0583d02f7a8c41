// The authorization request's parameter rules (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 9449
// §10), one list for GET /oauth/authorize and POST /oauth/par (RFC 9126 §2.1: "the same
// ... as the authorization endpoint"). client_id is taken out by the caller, which has
// already identified the client. Each failure throws the OAuthError the RFCs name.
import { z } from 'zod';
import type { OAuthClient } from './client';
import { InvalidRedirectUri, InvalidRequest, UnsupportedResponseType } from './errors';
import type { Params } from './params';
import { isValidCodeChallenge } from './pkce';
import { parseScope, requireRegisteredScopes, type Scope } from './scopes';

export interface ValidAuthorizeRequest {
  client: OAuthClient;
  redirectUri: string;
  state: string | undefined;
  scopes: Scope[];
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  /** RFC 9449 §10: the thumbprint of the DPoP key the code will be bound to. */
  dpopJkt: string | undefined;
}

const authorizationParamsSchema = z.strictObject({
  response_type: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  dpop_jkt: z.string().optional(),
});
type AuthorizationParams = z.infer<typeof authorizationParamsSchema>;

export function checkAuthorizationParams(client: OAuthClient, params: Params): ValidAuthorizeRequest {
  const parsed = parseParams(params);
  const redirectUri = checkRedirectUri(parsed, client);
  checkResponseType(parsed);
  const pkce = checkPkce(parsed);
  const scopes = checkScope(parsed, client);
  const dpopJkt = checkDpopJkt(parsed);
  return { client, redirectUri, state: parsed.state, scopes, ...pkce, dpopJkt };
}

function parseParams(params: Params): AuthorizationParams {
  const parsed = authorizationParamsSchema.safeParse(params);
  if (!parsed.success) throw new InvalidRequest('Unrecognized or malformed parameters.');
  return parsed.data;
}

/** Byte-for-byte comparison (RFC 9700 §4.1.3): no normalisation, no added query. */
function checkRedirectUri(params: AuthorizationParams, client: OAuthClient): string {
  if (params.redirect_uri === undefined || !client.redirectUris.includes(params.redirect_uri)) {
    throw new InvalidRedirectUri('redirect_uri is not registered for this client.');
  }
  return params.redirect_uri;
}

function checkResponseType(params: AuthorizationParams): void {
  if (params.response_type === undefined) throw new InvalidRequest('response_type is required.');
  if (params.response_type !== 'code') {
    throw new UnsupportedResponseType('Only response_type=code is supported.');
  }
}

/** RFC 7636 §4.4.1: PKCE is required of every client and only S256 is accepted. */
function checkPkce(params: AuthorizationParams): Pick<ValidAuthorizeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  if (params.code_challenge === undefined) throw new InvalidRequest('code_challenge is required.');
  if (params.code_challenge_method !== 'S256') {
    throw new InvalidRequest('code_challenge_method must be S256.');
  }
  if (!isValidCodeChallenge(params.code_challenge)) throw new InvalidRequest('Malformed code_challenge.');
  return { codeChallenge: params.code_challenge, codeChallengeMethod: 'S256' };
}

function checkScope(params: AuthorizationParams, client: OAuthClient): Scope[] {
  const scopes = parseScope(params.scope);
  requireRegisteredScopes(scopes, client.scopes);
  return scopes;
}

/** RFC 9449 §10: base64url of a SHA-256 JWK thumbprint (RFC 7638), 43 characters. */
function checkDpopJkt(params: AuthorizationParams): string | undefined {
  if (params.dpop_jkt !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(params.dpop_jkt)) {
    throw new InvalidRequest('Malformed dpop_jkt.');
  }
  return params.dpop_jkt;
}
