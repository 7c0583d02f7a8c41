// POST /oauth/introspect (RFC 7662). A client learns about its own tokens only; anything
// else, and every token that no longer works, is just { active: false } (§2.2).
import { eq } from 'drizzle-orm';
import { grants, partners, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import { jsonResponse, oauthErrorResponse } from '@/lib/oauth/responses';
import { formatScope } from '@/lib/oauth/scopes';
import { authenticatedRequest, type AuthenticatedRequest } from './client-endpoint';
import type { OAuthDeps } from './deps';
import { parseTokenReference } from './revoke-handler';

export function createIntrospectHandler(deps: OAuthDeps) {
  return async function handleIntrospect(request: Request): Promise<Response> {
    try {
      const auth = await authenticatedRequest(deps, request, 'introspection');
      return jsonResponse(await introspect(deps, auth, parseTokenReference(auth).token));
    } catch (error) {
      return oauthErrorResponse(error);
    }
  };
}

async function introspect(deps: OAuthDeps, { client, now }: AuthenticatedRequest, presented: string) {
  const [row] = await deps.db
    .select({ token: tokens, grant: grants, partnerStatus: partners.status })
    .from(tokens)
    .innerJoin(grants, eq(grants.id, tokens.grantId))
    .innerJoin(partners, eq(partners.id, tokens.partnerId))
    .where(eq(tokens.tokenHash, sha256Hex(presented)))
    .limit(1);
  if (!row) return { active: false };
  const { token, grant } = row;
  const active =
    token.partnerId === client.id &&
    row.partnerStatus === 'active' &&
    token.revokedAt === null &&
    token.rotatedAt === null &&
    token.expiresAt > now &&
    grant.revokedAt === null &&
    grant.expiresAt > now;
  if (!active) return { active: false };
  return {
    active: true,
    scope: formatScope(token.scopes),
    client_id: client.clientId,
    token_type: token.kind === 'refresh' ? 'refresh_token' : token.dpopJkt ? 'DPoP' : 'Bearer',
    exp: Math.floor(token.expiresAt.getTime() / 1000),
    iat: Math.floor(token.createdAt.getTime() / 1000),
    // RFC 9449 §6.2: a bound token names its key's thumbprint.
    ...(token.dpopJkt ? { cnf: { jkt: token.dpopJkt } } : {}),
  };
}
