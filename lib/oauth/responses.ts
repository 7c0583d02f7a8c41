// The one place that turns OAuth errors into HTTP responses (RFC 6749 §5.2). Unexpected
// errors become server_error with no detail; only their name, code and message reach the log.
import { textResponse } from '@/lib/http/known-body';
import { logError } from '@/lib/logger';
import { OAuthError, InvalidClient, MethodNotAllowed, ServerError, TooManyRequests, UseDpopNonce } from './errors';

/** RFC 6749 §5.1: responses carrying tokens or token data must not be cached. */
export const NO_STORE_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE_HEADERS, ...headers },
  });
}

export function toOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  logError('oauth: unexpected error', error);
  return new ServerError('The server could not complete the request.');
}

export function oauthErrorResponse(thrown: unknown): Response {
  const error = toOAuthError(thrown);
  const headers: Record<string, string> = {};
  if (error instanceof InvalidClient) headers['WWW-Authenticate'] = 'Basic realm="tsunagu", charset="UTF-8"';
  if (error instanceof TooManyRequests) headers['Retry-After'] = String(error.retryAfterSeconds);
  if (error instanceof MethodNotAllowed) headers.Allow = error.allow;
  if (error instanceof UseDpopNonce) headers['DPoP-Nonce'] = error.nonce;
  const description = error instanceof ServerError ? 'The server could not complete the request.' : error.description;
  return jsonResponse({ error: error.error, error_description: description }, error.status, headers);
}
