// The OAuth endpoints bound to the process-wide database, for app/ route files and for the
// plain Node HTTP server. Built on first use so that `next build` never opens the database,
// and once, so that the rate limiters keep their state between requests.
import { getDb } from '@/db/client';
import { createAuthorizeHandler } from './authorize-handler';
import { oauthDeps, type OAuthDeps } from './deps';
import { createIntrospectHandler } from './introspect-handler';
import { createParHandler } from './par-handler';
import { createRevokeHandler } from './revoke-handler';
import { createTokenHandler } from './token-handler';

export { handleMetadata } from './metadata-handler';

type Handler = (request: Request) => Promise<Response>;

let deps: OAuthDeps | undefined;
const built = new Map<string, Handler>();

function lazy(name: string, create: (deps: OAuthDeps) => Handler): Handler {
  return (request) => {
    deps ??= oauthDeps(getDb());
    let handler = built.get(name);
    if (!handler) {
      handler = create(deps);
      built.set(name, handler);
    }
    return handler(request);
  };
}

export const handleAuthorize = lazy('authorize', createAuthorizeHandler);
export const handleToken = lazy('token', createTokenHandler);
export const handleRevoke = lazy('revoke', createRevokeHandler);
export const handleIntrospect = lazy('introspect', createIntrospectHandler);
export const handlePar = lazy('par', createParHandler);
