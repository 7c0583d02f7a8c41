// One class per OAuth error code (RFC 6749 §4.1.2.1, §5.2; RFC 7009 §2.2.1), each knowing
// its HTTP status and whether it may be sent back to the client's redirect_uri.
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  readonly status: number = 400;
  /** False when the redirect_uri itself cannot be trusted (RFC 6749 §4.1.2.1 first para). */
  readonly redirectable: boolean = true;

  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = 'invalid_request';
}

/**
 * RFC 6749 §5.2: 401 with WWW-Authenticate for the scheme the client tried. Every failure
 * tells the client the same; `reason` says why for the audit row only.
 */
export class InvalidClient extends OAuthError {
  readonly error = 'invalid_client';
  override readonly status = 401;
  override readonly redirectable = false;

  constructor(description: string, readonly reason?: string) {
    super(description);
  }
}

/** An unknown client, or a redirect_uri not registered byte for byte: error page only. */
export class InvalidRedirectUri extends OAuthError {
  readonly error = 'invalid_request';
  override readonly redirectable = false;
}

export class InvalidGrant extends OAuthError {
  readonly error = 'invalid_grant';
}

/** A used code or rotated refresh token presented again; the linkage has been revoked. */
export class ReplayDetected extends InvalidGrant {}

/** RFC 9449 §5, §7.1: a DPoP proof missing where one is required, malformed or invalid. */
export class InvalidDpopProof extends OAuthError {
  readonly error = 'invalid_dpop_proof';
}

/** RFC 9449 §8, §9: the proof must carry a fresh server nonce; the answer names it in DPoP-Nonce. */
export class UseDpopNonce extends OAuthError {
  readonly error = 'use_dpop_nonce';

  constructor(readonly nonce: string) {
    super('Use the nonce in the DPoP-Nonce header.');
  }
}

export class UnauthorizedClient extends OAuthError {
  readonly error = 'unauthorized_client';
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = 'unsupported_grant_type';
}

export class InvalidScope extends OAuthError {
  readonly error = 'invalid_scope';
}

export class UnsupportedResponseType extends OAuthError {
  readonly error = 'unsupported_response_type';
}

export class UnsupportedTokenType extends OAuthError {
  readonly error = 'unsupported_token_type';
}

export class AccessDenied extends OAuthError {
  readonly error = 'access_denied';
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  override readonly status = 500;
}

/** Rate limit reached (security.md); the response carries Retry-After. */
export class TooManyRequests extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 429;

  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; retry later.');
  }
}

/** Refuses methods other than the one an endpoint serves. */
export class MethodNotAllowed extends OAuthError {
  readonly error = 'invalid_request';
  override readonly status = 405;
  override readonly redirectable = false;

  constructor(readonly allow: string) {
    super(`Use ${allow}.`);
  }
}
