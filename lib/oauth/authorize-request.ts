// Validates GET /oauth/authorize (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 9126 §4; journey.md
// step 0). First the client and its redirect_uri: while either is in doubt nothing may be
// sent to that URI (§4.1.2.1), so those failures become an error page. After that, every
// failure is redirected back to the registered URI with error, state and iss.
// The parameter rules themselves (authorization-params.ts) are the same at POST /oauth/par.
import { isActive, type ClientStore, type OAuthClient } from './client';
import { checkAuthorizationParams, type ValidAuthorizeRequest } from './authorization-params';
import { InvalidRedirectUri, InvalidRequest, OAuthError } from './errors';
import { paramsFrom, type Params } from './params';
import { pushedRequestIdOf } from './pushed-request';

export type { ValidAuthorizeRequest } from './authorization-params';

export type ErrorPageReason =
  | 'unknown_client'
  | 'suspended_client'
  | 'invalid_redirect_uri'
  | 'request_uri_with_other_parameters'
  | 'malformed_request_uri'
  | 'invalid_request_uri';

export type AuthorizeResult =
  | { ok: true; kind: 'direct'; request: ValidAuthorizeRequest }
  /** A pushed request to take (server/oauth/pushed-requests.ts); its id is the hash of the random part. */
  | { ok: true; kind: 'pushed'; client: OAuthClient; pushedRequestId: string }
  | { ok: false; kind: 'page'; reason: ErrorPageReason; error: OAuthError; client?: OAuthClient }
  | { ok: false; kind: 'redirect'; error: OAuthError; client: OAuthClient; redirectUri: string; state?: string };

export async function validateAuthorizeRequest(search: URLSearchParams, store: ClientStore): Promise<AuthorizeResult> {
  const clientId = single(search, 'client_id');
  const found = clientId === undefined ? undefined : await store.findByClientId(clientId);
  if (!found) return page('unknown_client', 'Unknown client_id.');
  if (!isActive(found)) return page('suspended_client', 'This client is not active.', found);
  const client = found;
  if (search.has('request_uri')) return pushedReference(search, client);

  const redirectUri = single(search, 'redirect_uri');
  // Byte-for-byte comparison (RFC 9700 §4.1.3): no normalisation, no added query.
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    return page('invalid_redirect_uri', 'redirect_uri is not registered for this client.', client);
  }

  const state = single(search, 'state');
  try {
    requirePushedIfFapi(client);
    const { client_id: _clientId, ...params } = paramsFrom(search);
    return { ok: true, kind: 'direct', request: checkAuthorizationParams(client, params satisfies Params) };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const echoState = state !== undefined && state.length <= 2048 ? state : undefined;
    return { ok: false, kind: 'redirect', error, client, redirectUri, state: echoState };
  }
}

/** partner-api.md: a `fapi2` partner's authorization requests come through PAR only. */
function requirePushedIfFapi(client: OAuthClient): void {
  if (client.securityProfile === 'fapi2') {
    throw new InvalidRequest('This client must push its authorization request (POST /oauth/par) and send request_uri.');
  }
}

/**
 * RFC 9126 §4 with partner-api.md: only client_id and request_uri, each once. No redirect_uri
 * can be trusted until the pushed request is taken, so every refusal here is the error page.
 */
function pushedReference(search: URLSearchParams, client: OAuthClient): AuthorizeResult {
  const names = [...search.keys()];
  if (names.length !== 2 || single(search, 'request_uri') === undefined) {
    return page('request_uri_with_other_parameters', 'Send only client_id and request_uri.', client);
  }
  const pushedRequestId = pushedRequestIdOf(single(search, 'request_uri')!);
  if (pushedRequestId === undefined) return page('malformed_request_uri', 'Malformed request_uri.', client);
  return { ok: true, kind: 'pushed', client, pushedRequestId };
}

/** A request_uri that is unknown, used, expired or another client's (RFC 9126 §4). */
export function requestUriRefused(client: OAuthClient): AuthorizeResult & { ok: false } {
  return page('invalid_request_uri', 'The request_uri is unknown, used or expired.', client);
}

function page(reason: ErrorPageReason, description: string, client?: OAuthClient): AuthorizeResult & { ok: false } {
  return { ok: false, kind: 'page', reason, error: new InvalidRedirectUri(description), client };
}

/** The value of a parameter that appears exactly once; undefined if absent or repeated. */
function single(search: URLSearchParams, name: string): string | undefined {
  const values = search.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}
