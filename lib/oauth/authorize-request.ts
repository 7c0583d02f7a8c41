// Validates GET /oauth/authorize (RFC 6749 §4.1.1, RFC 7636 §4.3; journey.md step 0).
// First the client and its redirect_uri: while either is in doubt nothing may be sent
// to that URI (§4.1.2.1), so those failures become an error page. After that, every
// failure is redirected back to the registered URI with error, state and iss.
import { z } from 'zod';
import { isActive, type ClientStore, type OAuthClient } from './client';
import {
  InvalidRedirectUri,
  InvalidRequest,
  OAuthError,
  UnsupportedResponseType,
} from './errors';
import { paramsFrom, type Params } from './params';
import { isValidCodeChallenge } from './pkce';
import { parseScope, requireRegisteredScopes, type Scope } from './scopes';

export interface ValidAuthorizeRequest {
  client: OAuthClient;
  redirectUri: string;
  state: string | undefined;
  scopes: Scope[];
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

export type ErrorPageReason = 'unknown_client' | 'suspended_client' | 'invalid_redirect_uri';

export type AuthorizeResult =
  | { ok: true; request: ValidAuthorizeRequest }
  | { ok: false; kind: 'page'; reason: ErrorPageReason; error: OAuthError; client?: OAuthClient }
  | { ok: false; kind: 'redirect'; error: OAuthError; client: OAuthClient; redirectUri: string; state?: string };

const authorizeParamsSchema = z.strictObject({
  response_type: z.string().optional(),
  client_id: z.string(),
  redirect_uri: z.string(),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  // Pushed authorization requests (RFC 9126) are a later issue; see checkRequestUri.
  request_uri: z.string().optional(),
});
type AuthorizeParams = z.infer<typeof authorizeParamsSchema>;

export function validateAuthorizeRequest(search: URLSearchParams, store: ClientStore): AuthorizeResult {
  const clientId = single(search, 'client_id');
  const found = clientId === undefined ? undefined : store.findByClientId(clientId);
  if (!found) return page('unknown_client', 'Unknown client_id.');
  if (!isActive(found)) return page('suspended_client', 'This client is not active.', found);
  const client = found;

  const redirectUri = single(search, 'redirect_uri');
  // Byte-for-byte comparison (RFC 9700 §4.1.3): no normalisation, no added query.
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return page('invalid_redirect_uri', 'redirect_uri is not registered for this client.', client);
  }

  const state = single(search, 'state');
  try {
    const params = parseParams(search);
    checkRequestUri(params);
    checkResponseType(params);
    const pkce = checkPkce(params);
    const scopes = checkScope(params, client);
    return { ok: true, request: { client, redirectUri, state: params.state, scopes, ...pkce } };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const echoState = state !== undefined && state.length <= 2048 ? state : undefined;
    return { ok: false, kind: 'redirect', error, client, redirectUri, state: echoState };
  }
}

function page(reason: ErrorPageReason, description: string, client?: OAuthClient): AuthorizeResult {
  return { ok: false, kind: 'page', reason, error: new InvalidRedirectUri(description), client };
}

/** The value of a parameter that appears exactly once; undefined if absent or repeated. */
function single(search: URLSearchParams, name: string): string | undefined {
  const values = search.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function parseParams(search: URLSearchParams): AuthorizeParams {
  const parsed = authorizeParamsSchema.safeParse(paramsFrom(search) satisfies Params);
  if (!parsed.success) throw new InvalidRequest('Unrecognized or malformed parameters.');
  return parsed.data;
}

function checkRequestUri(params: AuthorizeParams): void {
  if (params.request_uri !== undefined) {
    throw new InvalidRequest('request_uri is not supported yet.');
  }
}

function checkResponseType(params: AuthorizeParams): void {
  if (params.response_type === undefined) throw new InvalidRequest('response_type is required.');
  if (params.response_type !== 'code') {
    throw new UnsupportedResponseType('Only response_type=code is supported.');
  }
}

/** RFC 7636 §4.4.1: PKCE is required of every client and only S256 is accepted. */
function checkPkce(params: AuthorizeParams): Pick<ValidAuthorizeRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  if (params.code_challenge === undefined) throw new InvalidRequest('code_challenge is required.');
  if (params.code_challenge_method !== 'S256') {
    throw new InvalidRequest('code_challenge_method must be S256.');
  }
  if (!isValidCodeChallenge(params.code_challenge)) throw new InvalidRequest('Malformed code_challenge.');
  return { codeChallenge: params.code_challenge, codeChallengeMethod: 'S256' };
}

function checkScope(params: AuthorizeParams, client: OAuthClient): Scope[] {
  const scopes = parseScope(params.scope);
  requireRegisteredScopes(scopes, client.scopes);
  return scopes;
}
