// GET /oauth/authorize (RFC 6749 §4.1.1; journey.md step 0). A valid request is stored and
// bound to this browser by a cookie, then the customer is sent to step 1. Every refusal is
// audited; untrusted client or redirect_uri → error page, anything else → redirect back.
// Past the per-source limit: 429 on the error page, counted in the rate-limit summary.
import { authorizationRequests } from '@/db/schema';
import { config } from '@/lib/config';
import { generateSecretToken, sha256Hex } from '@/lib/crypto';
import { buildAuthorizationResponseUrl } from '@/lib/oauth/authorization-response';
import { validateAuthorizeRequest, type ValidAuthorizeRequest } from '@/lib/oauth/authorize-request';
import { MethodNotAllowed } from '@/lib/oauth/errors';
import { oauthErrorResponse, toOAuthError } from '@/lib/oauth/responses';
import { recordAudit, requestContextFrom, type RequestContext } from '../audit';
import { authorizationRequestCookieName, authorizationRequestCookieOptions } from '../journey/request-cookie';
import { writeTransaction } from '../write-transaction';
import { authorizeErrorPageResponse, authorizeRateLimitedResponse, HTML_SECURITY_HEADERS } from './authorize-error-page';
import { createClientStore } from './client-store';
import { serializeCookie } from './cookies';
import type { OAuthDeps } from './deps';

export const CONSENT_LOGIN_PATH = '/consent/login';

export function createAuthorizeHandler(deps: Pick<OAuthDeps, 'db' | 'now' | 'limits' | 'refusals'>) {
  return async function handleAuthorize(request: Request): Promise<Response> {
    if (request.method !== 'GET') return oauthErrorResponse(new MethodNotAllowed('GET'));
    const now = deps.now();
    const context = requestContextFrom(request.headers);
    // Every request below writes rows, so a source is limited before anything is looked at.
    const limit = deps.limits.authorizePerSource.consume(context.ip ?? 'unknown', now.getTime());
    if (!limit.allowed) {
      deps.refusals.record('authorize.per_source', { ip: context.ip }, now);
      return authorizeRateLimitedResponse(limit.retryAfterSeconds);
    }
    try {
      const result = validateAuthorizeRequest(new URL(request.url).searchParams, createClientStore(deps.db));
      if (result.ok) return startJourney(deps, result.request, context, now);
      recordAudit(
        deps.db,
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
    } catch (error) {
      // Nothing is known to be trustworthy here, so no redirect: the plain error page.
      toOAuthError(error);
      return authorizeErrorPageResponse();
    }
  };
}

function startJourney(
  deps: Pick<OAuthDeps, 'db'>,
  request: ValidAuthorizeRequest,
  context: RequestContext,
  now: Date,
): Response {
  const raw = generateSecretToken();
  writeTransaction(deps.db, (tx) => {
    tx.insert(authorizationRequests)
      .values({
        id: sha256Hex(raw),
        partnerId: request.client.id,
        redirectUri: request.redirectUri,
        requestedScopes: request.scopes,
        state: request.state ?? null,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: request.codeChallengeMethod,
        expiresAt: new Date(now.getTime() + config.authorizationRequestTtlMs),
        createdAt: now,
      })
      .run();
    recordAudit(
      tx,
      {
        event: 'authorization.requested',
        outcome: 'success',
        actorType: 'anonymous',
        partnerId: request.client.id,
        detail: { scope: request.scopes.join(' ') },
        occurredAt: now,
      },
      context,
    );
  });
  const cookie = serializeCookie(authorizationRequestCookieName(), raw, {
    ...authorizationRequestCookieOptions(),
    maxAgeSeconds: Math.floor(config.authorizationRequestTtlMs / 1000),
  });
  return redirect(CONSENT_LOGIN_PATH, { 'Set-Cookie': cookie });
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...HTML_SECURITY_HEADERS, ...headers } });
}
