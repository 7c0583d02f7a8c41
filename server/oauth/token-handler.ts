// POST /oauth/token (RFC 6749 §3.2): authenticate the client, pick the grant, answer with
// tokens or an RFC 6749 §5.2 error. Refused grants are audited (never with the token).
import { OAuthError, ReplayDetected } from '@/lib/oauth/errors';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';
import { parseTokenRequest } from '@/lib/oauth/token-request';
import { recordAudit } from '../audit';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { exchangeAuthorizationCode } from './exchange-code';
import { refreshTokens } from './refresh-token';

export function createTokenHandler(deps: OAuthDeps) {
  return async function handleToken(request: Request): Promise<Response> {
    let auth: AuthenticatedRequest | undefined;
    try {
      auth = await authenticatedRequest(deps, request, 'token');
      const tokenRequest = parseTokenRequest(auth.params, auth.client);
      const body =
        tokenRequest.grant_type === 'authorization_code'
          ? exchangeAuthorizationCode(deps, auth, tokenRequest)
          : await refreshTokens(deps, auth, tokenRequest);
      return jsonResponse(body);
    } catch (error) {
      // A replay was audited inside the transaction that revoked the linkage.
      if (auth && error instanceof OAuthError && !(error instanceof ReplayDetected)) {
        auditRefusal(deps, auth, error);
      }
      return oauthErrorResponse(error);
    }
  };
}

function auditRefusal(deps: OAuthDeps, { client, params, context, now }: AuthenticatedRequest, error: OAuthError): void {
  recordAudit(
    deps.db,
    {
      event: 'token.request_rejected',
      outcome: 'failure',
      actorType: 'partner',
      actorId: client.id,
      partnerId: client.id,
      detail: { error: error.error, description: error.description, grantType: params.grant_type?.slice(0, 40) ?? null },
      occurredAt: now,
    },
    context,
  );
}
