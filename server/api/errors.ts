// One error class for the account-data API; one place turns it into the
// { errorCode, errorMessage } body of partner-api.md, in Japanese, never with detail of a 500.
import { DPOP_SIGNING_ALGS } from '@/lib/oauth/dpop';
import { logError } from '@/lib/logger';
import messages from '@/messages/ja.json';
import { jsonResponse } from './http';

export type ApiErrorCode = keyof typeof messages.api.errors;

const statusOf: Record<ApiErrorCode, number> = {
  invalid_parameter: 400,
  invalid_date: 400,
  invalid_date_range: 400,
  date_before_history: 400,
  invalid_limit: 400,
  invalid_next_item_key: 400,
  invalid_token: 401,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
  insufficient_scope: 403,
  account_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  too_many_requests: 429,
  internal_error: 500,
};

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly errorCode: ApiErrorCode,
    readonly headers: Record<string, string> = {},
  ) {
    super(errorCode);
    this.status = statusOf[errorCode];
  }
}

/** The authentication scheme a request used: its challenges answer in the same one. */
export type AuthScheme = 'Bearer' | 'DPoP';

// RFC 9449 §7.1: a DPoP challenge names the algorithms proofs may use (partner-api.md).
const DPOP_ALGS = `algs="${DPOP_SIGNING_ALGS.join(' ')}"`;

function challenge(scheme: AuthScheme, params: string): string {
  return scheme === 'DPoP' ? `DPoP ${params}, ${DPOP_ALGS}` : `Bearer ${params}`;
}

/** RFC 6750 §3, RFC 9449 §7.1: a missing or bad token answers with a challenge of its scheme. */
export function invalidTokenError(scheme: AuthScheme = 'Bearer'): ApiError {
  return new ApiError('invalid_token', { 'WWW-Authenticate': challenge(scheme, 'error="invalid_token"') });
}

/** RFC 9449 §7.1: the DPoP proof is missing, malformed, invalid or replayed. */
export function invalidDpopProofError(): ApiError {
  return new ApiError('invalid_dpop_proof', { 'WWW-Authenticate': challenge('DPoP', 'error="invalid_dpop_proof"') });
}

/** RFC 9449 §9: the proof must carry the server nonce sent in DPoP-Nonce. */
export function nonceRequiredError(nonce: string): ApiError {
  return new ApiError('use_dpop_nonce', { 'WWW-Authenticate': challenge('DPoP', 'error="use_dpop_nonce"'), 'DPoP-Nonce': nonce });
}

/** RFC 6750 §3.1: insufficient_scope names the scope the request needs. */
export function insufficientScopeError(scope: string, scheme: AuthScheme = 'Bearer'): ApiError {
  return new ApiError('insufficient_scope', {
    'WWW-Authenticate': challenge(scheme, `error="insufficient_scope", scope="${scope}"`),
  });
}

export function errorResponse(error: ApiError): Response {
  return jsonResponse(
    { errorCode: error.errorCode, errorMessage: messages.api.errors[error.errorCode] },
    error.status,
    error.headers,
  );
}

/** Anything unexpected becomes a bare 500; the cause goes to the server log only. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  logError('partner API: unexpected error', error);
  return new ApiError('internal_error');
}
