// The common front of the token, revocation, introspection and PAR endpoints: source rate
// limit, form body, client authentication (audited when it fails), then the per-client limit.
// Refusals by a limit are summarized (server/refusal-summary.ts), not audited one by one.
import { config } from '@/lib/config';
import type { AssertionChecks } from '@/lib/oauth/client-assertion';
import { authenticateClient, extractCredentials, type PresentedCredentials } from '@/lib/oauth/client-auth';
import type { OAuthClient } from '@/lib/oauth/client';
import { InvalidClient } from '@/lib/oauth/errors';
import { readForm } from '@/lib/oauth/form';
import type { Params } from '@/lib/oauth/params';
import { setRequestPartner } from '@/lib/request-context';
import { recordAudit, requestContextFrom, type RequestContext } from '../audit';
import { createClientStore } from './client-store';
import type { OAuthDeps } from './deps';
import { enforce } from './rate-limits';
import { claimJtiOnce } from './replay-store';
import { groupCommit } from '../group-commit';

export interface AuthenticatedRequest {
  client: OAuthClient;
  params: Params;
  context: RequestContext;
  now: Date;
}

export type ClientEndpoint = 'token' | 'revocation' | 'introspection' | 'par';

export async function authenticatedRequest(
  deps: OAuthDeps,
  request: Request,
  endpoint: ClientEndpoint,
): Promise<AuthenticatedRequest> {
  const now = deps.now();
  const context = requestContextFrom(request.headers);
  await enforce(deps.limits.perIp, context.ip ?? 'unknown', now, { summary: deps.refusals, limit: 'oauth.per_source', by: { ip: context.ip } });
  const params = await readForm(request);
  const store = createClientStore(deps.db);
  let credentials: PresentedCredentials | undefined;
  let client: OAuthClient;
  try {
    credentials = extractCredentials(request.headers, params);
    client = await authenticateClient(store, credentials, assertionChecks(deps, now));
  } catch (error) {
    if (error instanceof InvalidClient) {
      const known = credentials ? await store.findByClientId(credentials.clientId) : undefined;
      await recordAudit(
        deps.db,
        {
          event: 'client.authentication_failed',
          outcome: 'failure',
          actorType: 'anonymous',
          partnerId: known?.id ?? null,
          detail: { endpoint, method: credentials?.method ?? methodTried(params), reason: error.reason ?? null },
          occurredAt: now,
        },
        context,
      );
    }
    throw error;
  }
  setRequestPartner(client.id);
  await enforce(deps.limits.perClient, client.id, now, { summary: deps.refusals, limit: 'oauth.per_client', by: { partnerId: client.id } });
  return { client, params, context, now };
}

/** Which method a request refused before its credentials were read was trying (audit only). */
function methodTried(params: Params): string | null {
  return params.client_assertion !== undefined || params.client_assertion_type !== undefined ? 'private_key_jwt' : null;
}

/**
 * RFC 7523 §3: the jti is claimed in the database, so a replay fails on every process. The
 * claims of requests arriving together share one commit (group-commit.ts), so a durable
 * claim does not cost every request an fsync of its own.
 */
function assertionChecks(deps: OAuthDeps, now: Date): AssertionChecks {
  return {
    issuer: config.appOrigin,
    now,
    claimJti: (clientId, jti, expiresAt) => groupCommit(deps.db)((tx) => claimJtiOnce(tx, 'client_assertion', clientId, jti, expiresAt)),
  };
}
