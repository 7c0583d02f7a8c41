// POST /oauth/token (RFC 6749 §3.2): authenticate the client, pick the grant, answer with
// tokens or an RFC 6749 §5.2 error. Refused grants, bad DPoP proofs included, are audited
// (never with the token or the proof).
import { OAuthError, ReplayDetected } from '@/lib/oauth/errors';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';
import { parseTokenRequest } from '@/lib/oauth/token-request';
import { recordAudit } from '../audit';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { configuredDpopNonces, tokenRequestProofKey } from './dpop-proof';
import { exchangeAuthorizationCode } from './exchange-code';
import { refreshTokens } from './refresh-token';

export function createTokenHandler(deps: OAuthDeps) {
  return async function handleToken(request: Request): Promise<Response> {
    let auth: AuthenticatedRequest | undefined;
    try {
      auth = await authenticatedRequest(deps, request, 'token');
      const tokenRequest = parseTokenRequest(auth.params, auth.client);
      const proofJkt = await tokenRequestProofKey(deps.db, request, auth.client, auth.now);
      const body =
        tokenRequest.grant_type === 'authorization_code'
          ? await exchangeAuthorizationCode(deps, auth, tokenRequest, proofJkt)
          : await refreshTokens(deps, auth, tokenRequest, proofJkt);
      // RFC 9449 §8.2: a fresh nonce may come with any answer, so the next proof has one.
      const nonces = proofJkt ? configuredDpopNonces() : undefined;
      return jsonResponse(body, 200, nonces ? { 'DPoP-Nonce': nonces.current(auth.now) } : {});
    } catch (error) {
      // A replay was audited inside the transaction that revoked the linkage.
      if (auth && error instanceof OAuthError && !(error instanceof ReplayDetected)) {
        await auditRefusal(deps, auth, error);
      }
      return oauthErrorResponse(error);
    }
  };
}

async function auditRefusal(deps: OAuthDeps, { client, params, context, now }: AuthenticatedRequest, error: OAuthError): Promise<void> {
  await recordAudit(
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
