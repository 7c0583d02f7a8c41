// GET /oauth/authorize (RFC 6749 §4.1.1, RFC 9126 §4; journey.md step 0). A valid request —
// given in the query, or pushed earlier and named by request_uri — is stored and bound to
// this browser by a cookie, then the customer is sent to step 1. Every refusal is audited;
// untrusted client, redirect_uri or request_uri → error page, anything else → redirect back.
// Past the per-source limit: 429 on the error page, counted in the rate-limit summary.
import { authorizationRequests } from '@/db/schema';
import { config } from '@/lib/config';
import { generateSecretToken, sha256Hex } from '@/lib/crypto';
import { buildAuthorizationResponseUrl } from '@/lib/oauth/authorization-response';
import { requestUriRefused, validateAuthorizeRequest, type AuthorizeResult, type ValidAuthorizeRequest } from '@/lib/oauth/authorize-request';
import type { OAuthClient } from '@/lib/oauth/client';
import { MethodNotAllowed } from '@/lib/oauth/errors';
import { oauthErrorResponse, toOAuthError } from '@/lib/oauth/responses';
import { recordAudit, requestContextFrom, type DbOrTx, type RequestContext } from '../audit';
import { authorizationRequestCookieName, authorizationRequestCookieOptions } from '../journey/request-cookie';
import { writeTransaction } from '../write-transaction';
import { authorizeErrorPageResponse, authorizeRateLimitedResponse, HTML_SECURITY_HEADERS } from './authorize-error-page';
import { createClientStore } from './client-store';
import { serializeCookie } from './cookies';
import type { OAuthDeps } from './deps';
import { authorizationRequestColumns, takePushedRequest } from './pushed-requests';

export const CONSENT_LOGIN_PATH = '/consent/login';

type Deps = Pick<OAuthDeps, 'db' | 'now' | 'limits' | 'refusals'>;
type Refusal = AuthorizeResult & { ok: false };

export function createAuthorizeHandler(deps: Deps) {
  return async function handleAuthorize(request: Request): Promise<Response> {
    if (request.method !== 'GET') return oauthErrorResponse(new MethodNotAllowed('GET'));
    const now = deps.now();
    const context = requestContextFrom(request.headers);
    // Every request below writes rows, so a source is limited before anything is looked at.
    const limit = await deps.limits.authorizePerSource.consume(context.ip ?? 'unknown', now.getTime());
    if (!limit.allowed) {
      deps.refusals.record('authorize.per_source', { ip: context.ip }, now);
      return authorizeRateLimitedResponse(limit.retryAfterSeconds);
    }
    try {
      const result = await validateAuthorizeRequest(new URL(request.url).searchParams, createClientStore(deps.db));
      if (result.ok && result.kind === 'direct') {
        return journeyResponse(await writeTransaction(deps.db, (tx) => startRequest(tx, result.request, context, now, false)));
      }
      if (result.ok) return await startPushed(deps, result.client, result.pushedRequestId, context, now);
      return await refuse(deps.db, result, context, now);
    } catch (error) {
      // Nothing is known to be trustworthy here, so no redirect: the plain error page.
      toOAuthError(error);
      return authorizeErrorPageResponse();
    }
  };
}

/** RFC 9126 §4: the pushed request is taken (once) and starts the journey in one transaction. */
async function startPushed(deps: Deps, client: OAuthClient, pushedRequestId: string, context: RequestContext, now: Date): Promise<Response> {
  const outcome = await writeTransaction(deps.db, async (tx) => {
    const taken = await takePushedRequest(tx, client, pushedRequestId, now);
    return taken.ok ? { raw: await startRequest(tx, taken.request, context, now, true) } : taken;
  });
  if ('raw' in outcome) return journeyResponse(outcome.raw);
  return refuse(deps.db, requestUriRefused(client), context, now, { requestUri: outcome.reason });
}

async function refuse(db: DbOrTx, result: Refusal, context: RequestContext, now: Date, more: Record<string, unknown> = {}): Promise<Response> {
  await recordAudit(
    db,
    {
      event: 'authorization.request_rejected',
      outcome: 'failure',
      actorType: 'anonymous',
      partnerId: result.client?.id ?? null,
      detail: {
        error: result.error.error,
        description: result.error.description,
        response: result.kind,
        ...(result.kind === 'page' ? { reason: result.reason } : {}),
        ...more,
      },
      occurredAt: now,
    },
    context,
  );
  if (result.kind === 'page') return authorizeErrorPageResponse();
  const location = buildAuthorizationResponseUrl(result.redirectUri, config.appOrigin, {
    error: result.error.error,
    error_description: result.error.description,
    state: result.state,
  });
  return redirect(location);
}

/** Stores the authorization request (15 minutes, whatever the PAR lifetime) and returns the cookie's value. */
async function startRequest(tx: DbOrTx, request: ValidAuthorizeRequest, context: RequestContext, now: Date, pushed: boolean): Promise<string> {
  const raw = generateSecretToken();
  await tx.insert(authorizationRequests).values({
    id: sha256Hex(raw),
    ...authorizationRequestColumns(request),
    expiresAt: new Date(now.getTime() + config.authorizationRequestTtlMs),
    createdAt: now,
  });
  await recordAudit(
    tx,
    {
      event: 'authorization.requested',
      outcome: 'success',
      actorType: 'anonymous',
      partnerId: request.client.id,
      detail: { scope: request.scopes.join(' '), pushed },
      occurredAt: now,
    },
    context,
  );
  return raw;
}

function journeyResponse(raw: string): Response {
  const cookie = serializeCookie(authorizationRequestCookieName(), raw, {
    ...authorizationRequestCookieOptions(),
    maxAgeSeconds: Math.floor(config.authorizationRequestTtlMs / 1000),
  });
  return redirect(CONSENT_LOGIN_PATH, { 'Set-Cookie': cookie });
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...HTML_SECURITY_HEADERS, ...headers } });
}
