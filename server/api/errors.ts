// One error class for the account-data API; one place turns it into the
// { errorCode, errorMessage } body of partner-api.md, in Japanese, never with detail of a 500.
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

/** RFC 6750 §3: a missing or bad token answers with a Bearer challenge. */
export function invalidTokenError(): ApiError {
  return new ApiError('invalid_token', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
}

/** RFC 6750 §3.1: insufficient_scope names the scope the request needs. */
export function insufficientScopeError(scope: string): ApiError {
  return new ApiError('insufficient_scope', {
    'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
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
