// The Next.js app on our own node:http server instead of `next start`, for one reason the
// framework does not cover: Next.js keeps a client-chosen X-Forwarded-For and gives route
// handlers and server actions no socket address. Here every request gets the one trusted
// client address (lib/client-address.ts) before Next.js sees it, exactly as the lean
// partner server does, and SIGTERM drains requests before the database closes. Each request
// also runs in its request context (X-Request-Id, log line, metrics; see observability/).
import http from 'node:http';
import next from 'next';
import { getDb } from '@/db/client';
import { isPostgres } from '@/db/postgres';
import { CLIENT_ADDRESS_HEADER, clientAddress } from '@/lib/client-address';
import { config } from '@/lib/config';
import { logger } from '@/lib/logger';
import { runWithRequestContext } from '@/lib/request-context';
import { closeStore, exitOnSignals } from '../graceful-shutdown';
import { metrics } from '../observability/metrics';
import { observeRequest, REQUEST_ID_HEADER } from '../observability/request-observer';

/**
 * X-Request-Id is the listener's, whatever Next.js sets: after a server action's redirect,
 * Next.js renders the target through an internal request and copies that response's headers
 * (its X-Request-Id too) onto the action's response.
 */
function keepRequestId(res: http.ServerResponse, requestId: string): void {
  res.setHeader(REQUEST_ID_HEADER, requestId);
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    this.setHeader(REQUEST_ID_HEADER, requestId);
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

export async function startAppServer(options: { port: number; hostname?: string; dev?: boolean }): Promise<http.Server> {
  const trustedProxyHops = config.trustedProxyHops;
  // What `next start` sets too: where a server action's redirect fetches the next page
  // from this very process (plain http on loopback), not the public https origin.
  process.env.__NEXT_PRIVATE_ORIGIN = `http://localhost:${options.port}`;
  logger(); // a bad LOG_LEVEL stops the start, not the first request
  const app = next({ dev: options.dev ?? false, dir: process.cwd(), port: options.port, hostname: options.hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The SQLite file's size is a metric; PostgreSQL has no file of ours to measure.
  const db = getDb();
  metrics().setDatabaseFile(isPostgres(db) ? null : db.$client.name); // eslint-disable-line no-restricted-syntax -- SQLite only, checked
  const server = http.createServer((req, res) => {
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']?.toString(), trustedProxyHops);
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete req.headers[CLIENT_ADDRESS_HEADER];
    const context = observeRequest('app', req, res);
    keepRequestId(res, context.requestId);
    // Route handlers and server actions run inside this context (AsyncLocalStorage reaches
    // them through Next.js's own awaits; e2e/observability.spec.ts checks the audit rows).
    runWithRequestContext(context, () => void handle(req, res));
  });
  server.keepAliveTimeout = 65_000;
  exitOnSignals(server, {
    afterDrain: async () => {
      await app.close();
      await closeStore();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, resolve);
  });
  return server;
}
