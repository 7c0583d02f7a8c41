// POST /oauth/par (RFC 9126 §2): client-authenticated like the token endpoint, the same
// parameter rules as /oauth/authorize, answered 201 {request_uri, expires_in} or a JSON
// error (§2.3). Refusals after client authentication are audited like authorize refusals.
import { InvalidDpopProof, InvalidRequest, OAuthError } from '@/lib/oauth/errors';
import { checkPushedRequest, PUSHED_REQUEST_TTL_SECONDS } from '@/lib/oauth/pushed-request';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';
import type { OAuthClient } from '@/lib/oauth/client';
import { recordAudit, requestContextFrom, type RequestContext } from '../audit';
import { writeTransaction } from '../write-transaction';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { sentProofKey } from './dpop-proof';
import { storePushedRequest } from './pushed-requests';

export function createParHandler(deps: OAuthDeps) {
  return async function handlePar(request: Request): Promise<Response> {
    let auth: AuthenticatedRequest | undefined;
    try {
      auth = await authenticatedRequest(deps, request, 'par');
      const { client, context, now } = auth;
      const checked = checkPushedRequest(client, auth.params);
      const valid = { ...checked, dpopJkt: await pushedKeyBinding(deps, request, now, checked.dpopJkt) };
      const requestUri = await writeTransaction(deps.db, async (tx) => {
        const uri = await storePushedRequest(tx, valid, now);
        await recordAudit(
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
      // Client authentication failures are audited where they happen, limits are summarized;
      // a body refused before the client is known (repeated, oversized) is audited anonymously.
      if (auth && error instanceof OAuthError) await auditRefusal(deps, error, auth.context, auth.now, auth.client);
      else if (error instanceof InvalidRequest) await auditRefusal(deps, error, requestContextFrom(request.headers), deps.now());
      return oauthErrorResponse(error);
    }
  };
}

/**
 * RFC 9449 §10.1: a DPoP proof sent with the pushed request binds the code to its key, as
 * `dpop_jkt` does; when both are sent they must name the same key.
 */
async function pushedKeyBinding(deps: OAuthDeps, request: Request, now: Date, dpopJkt: string | undefined): Promise<string | undefined> {
  const proofKey = await sentProofKey(deps.db, request, now);
  if (proofKey === null) return dpopJkt;
  if (dpopJkt !== undefined && dpopJkt !== proofKey) throw new InvalidDpopProof('dpop_jkt does not match the DPoP proof.');
  return proofKey;
}

async function auditRefusal(deps: OAuthDeps, error: OAuthError, context: RequestContext, now: Date, client?: OAuthClient): Promise<void> {
  await recordAudit(
    deps.db,
    {
      event: 'authorization.request_rejected',
      outcome: 'failure',
      actorType: client ? 'partner' : 'anonymous',
      actorId: client?.id ?? null,
      partnerId: client?.id ?? null,
      detail: { error: error.error, description: error.description, response: 'json', endpoint: 'par' },
      occurredAt: now,
    },
    context,
  );
}
