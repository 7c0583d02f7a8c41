// Pushed authorization requests (RFC 9126): the request_uri handed out, and the rules of the
// PAR body beyond the authorization endpoint's own (authorization-params.ts).
import { sha256Hex } from '@/lib/crypto';
import { checkAuthorizationParams, type ValidAuthorizeRequest } from './authorization-params';
import type { OAuthClient } from './client';
import { InvalidRequest } from './errors';
import type { Params } from './params';
import { withoutClientAuth } from './token-request';

export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** partner-api.md: `expires_in` 90. */
export const PUSHED_REQUEST_TTL_SECONDS = 90;

export function requestUriOf(random: string): string {
  return `${REQUEST_URI_PREFIX}${random}`;
}

/** The stored id (SHA-256 of the random part) a request_uri refers to; undefined if malformed. */
export function pushedRequestIdOf(requestUri: string): string | undefined {
  if (!requestUri.startsWith(REQUEST_URI_PREFIX)) return undefined;
  const random = requestUri.slice(REQUEST_URI_PREFIX.length);
  return /^[A-Za-z0-9_-]{43}$/.test(random) ? sha256Hex(random) : undefined;
}

/** The PAR body, client authentication already taken out of it and checked. */
export function checkPushedRequest(client: OAuthClient, params: Params): ValidAuthorizeRequest {
  // RFC 9126 §2.1: "The request_uri authorization request parameter is one exception, and it
  // MUST NOT be provided."
  if (params.request_uri !== undefined) throw new InvalidRequest('request_uri must not be sent to the PAR endpoint.');
  return checkAuthorizationParams(client, withoutClientAuth(params));
}
