// The lean partner server on a test database, listening on a free loopback port.
import type { AddressInfo } from 'node:net';
import type { Db } from '@/db/client';
import { createPartnerApi } from '@/server/api/partner-api';
import { oauthDeps, type OAuthDeps } from '@/server/oauth/deps';
import { createIntrospectHandler } from '@/server/oauth/introspect-handler';
import { handleMetadata } from '@/server/oauth/metadata-handler';
import { createParHandler } from '@/server/oauth/par-handler';
import { createRevokeHandler } from '@/server/oauth/revoke-handler';
import { createTokenHandler } from '@/server/oauth/token-handler';
import type { ListenerOptions } from '@/server/node-listener';
import { createHealthHandlers } from '@/server/health/health-handler';
import { createReadinessProbe } from '@/server/health/readiness';
import { createPartnerServer } from '@/server/partner-server';

export async function startTestPartnerServer(
  db: Db,
  options: { listener?: ListenerOptions; deps?: Partial<Omit<OAuthDeps, 'db'>> } = {},
): Promise<{ origin: string; close: () => Promise<void> }> {
  const deps = oauthDeps(db, options.deps);
  const server = createPartnerServer(createPartnerApi(db), {
    metadata: handleMetadata,
    token: createTokenHandler(deps),
    revoke: createRevokeHandler(deps),
    introspect: createIntrospectHandler(deps),
    par: createParHandler(deps),
  }, { ...options.listener, health: createHealthHandlers(createReadinessProbe(db)) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
