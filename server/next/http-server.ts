// The Next.js app on our own node:http server instead of `next start`, for one reason the
// framework does not cover: Next.js keeps a client-chosen X-Forwarded-For and gives route
// handlers and server actions no socket address. Here every request gets the one trusted
// client address (lib/client-address.ts) before Next.js sees it, exactly as the lean
// partner server does, and SIGTERM drains requests before the database closes.
import http from 'node:http';
import next from 'next';
import { closeDatabase } from '@/db/client';
import { CLIENT_ADDRESS_HEADER, clientAddress } from '@/lib/client-address';
import { config } from '@/lib/config';
import { exitOnSignals } from '../graceful-shutdown';

export async function startAppServer(options: { port: number; hostname?: string; dev?: boolean }): Promise<http.Server> {
  const trustedProxyHops = config.trustedProxyHops;
  // What `next start` sets too: where a server action's redirect fetches the next page
  // from this very process (plain http on loopback), not the public https origin.
  process.env.__NEXT_PRIVATE_ORIGIN = `http://localhost:${options.port}`;
  const app = next({ dev: options.dev ?? false, dir: process.cwd(), port: options.port, hostname: options.hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']?.toString(), trustedProxyHops);
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete req.headers[CLIENT_ADDRESS_HEADER];
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  exitOnSignals(server, {
    afterDrain: async () => {
      await app.close();
      closeDatabase();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, resolve);
  });
  return server;
}
