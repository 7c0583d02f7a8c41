// POST /oauth/par (RFC 9126 §2): client-authenticated like the token endpoint, the same
// parameter rules as /oauth/authorize, answered 201 {request_uri, expires_in} or a JSON
// error (§2.3). Refusals after client authentication are audited like authorize refusals.
import { OAuthError } from '@/lib/oauth/errors';
import { checkPushedRequest, PUSHED_REQUEST_TTL_SECONDS } from '@/lib/oauth/pushed-request';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';
import { recordAudit } from '../audit';
import { writeTransaction } from '../write-transaction';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { storePushedRequest } from './pushed-requests';

export function createParHandler(deps: OAuthDeps) {
  return async function handlePar(request: Request): Promise<Response> {
    let auth: AuthenticatedRequest | undefined;
    try {
      auth = await authenticatedRequest(deps, request, 'par');
      const { client, context, now } = auth;
      const valid = checkPushedRequest(client, auth.params);
      const requestUri = writeTransaction(deps.db, (tx) => {
        const uri = storePushedRequest(tx, valid, now);
        recordAudit(
          tx,
          {
            event: 'authorization.pushed',
            outcome: 'success',
            actorType: 'partner',
            actorId: client.id,
            partnerId: client.id,
            detail: { scope: valid.scopes.join(' '), dpopBound: valid.dpopJkt !== undefined },
            occurredAt: now,
          },
          context,
        );
        return uri;
      });
      return jsonResponse({ request_uri: requestUri, expires_in: PUSHED_REQUEST_TTL_SECONDS }, 201);
    } catch (error) {
      if (auth && error instanceof OAuthError) auditRefusal(deps, auth, error);
      return oauthErrorResponse(error);
    }
  };
}

function auditRefusal(deps: OAuthDeps, { client, context, now }: AuthenticatedRequest, error: OAuthError): void {
  recordAudit(
    deps.db,
    {
      event: 'authorization.request_rejected',
      outcome: 'failure',
      actorType: 'partner',
      actorId: client.id,
      partnerId: client.id,
      detail: { error: error.error, description: error.description, response: 'json', endpoint: 'par' },
      occurredAt: now,
    },
    context,
  );
}
