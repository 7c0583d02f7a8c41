// The lean partner server: the OAuth token endpoints and /api/v1 on plain node:http,
// without Next.js. `npm run partner-server` (PARTNER_PORT, default 3001) beside the Next.js
// app, which keeps the consent journey, /oauth/authorize and the consoles.
import http from 'node:http';
import { prepareDatabase } from '@/db/client';
import { isPostgres } from '@/db/postgres';
import { config } from '@/lib/config';
import { omitResponseStreams } from '@/lib/http/known-body';
import { logger } from '@/lib/logger';
import { getPartnerApi, type PartnerApi } from './api/partner-api';
import { createNodeListener, type ListenerOptions } from './node-listener';
import type { HealthHandlers } from './health/health-handler';
import { processHealth } from './health/handlers';
import { metrics } from './observability/metrics';
import { startWalCheckpoints } from './wal-checkpoints';
import { handleIntrospect, handleMetadata, handlePar, handleRevoke, handleToken } from './oauth/handlers';
import { createPartnerRouter, type OAuthHandlers } from './partner-router';
import { startRetentionTimer } from './retention-timer';

export function createPartnerServer(api: PartnerApi, oauth: OAuthHandlers, options: ListenerOptions & { health: HealthHandlers }): http.Server {
  const server = http.createServer(createNodeListener(createPartnerRouter(api, oauth, options.health), options));
  server.keepAliveTimeout = 65_000;
  return server;
}

/** The server on the process-wide store (DATABASE_PATH or DATABASE_URL), as `npm run partner-server` runs it. */
export async function startPartnerServer(port: number, host = '0.0.0.0'): Promise<http.Server> {
  // Open the store (and apply migrations) before the first request. On SQLite, WAL
  // checkpoints then run on a worker thread (WAL_CHECKPOINT_THREAD=0 leaves them to SQLite).
  logger(); // a bad LOG_LEVEL stops the start, not the first request
  const db = await prepareDatabase();
  // Only this process's listener reads responses: their JSON needs no stream.
  omitResponseStreams();
  if (!isPostgres(db)) {
    startWalCheckpoints(db);
    // eslint-disable-next-line no-restricted-syntax -- the SQLite file's name, for its size metric
    metrics().setDatabaseFile(db.$client.name);
  }
  startRetentionTimer(db);
  const server = createPartnerServer(
    getPartnerApi(),
    { metadata: handleMetadata, token: handleToken, revoke: handleRevoke, introspect: handleIntrospect, par: handlePar },
    { trustedProxyHops: config.trustedProxyHops, health: processHealth },
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
