// What both listeners (the lean partner server and the Next.js app server) do for every
// request: a request id for the X-Request-Id header, the log line and the audit row; and,
// once the response is done, one log line and the HTTP metrics. The line holds only the
// fields below: never the URL's query, a header, a body or the client's address (the
// audit trail keeps addresses; logs are for operators).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '@/lib/logger';
import { newRequestId, type RequestContext } from '@/lib/request-context';
import { metrics } from './metrics';
import { methodLabel, pathnameOf, routePattern } from './route-pattern';

export type ServerName = 'app' | 'partner';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Starts observing `req`; returns its context, for the listener to run the handler in. */
export function observeRequest(server: ServerName, req: IncomingMessage, res: ServerResponse): RequestContext {
  const startedAt = performance.now();
  const context: RequestContext = { requestId: newRequestId() };
  const method = methodLabel(req.method);
  const route = routePattern(pathnameOf(req.url));
  res.once('close', () => {
    // 'close' without a finished response: the client went away first (nginx's 499).
    const status = res.writableFinished ? res.statusCode : 499;
    const durationMs = performance.now() - startedAt;
    const labels = { server, method, route, status: String(status) };
    const m = metrics();
    m.httpRequests.inc(labels);
    m.httpDuration.observe(labels, durationMs / 1000);
    const line = { requestId: context.requestId, server, method, route, status, durationMs: Math.round(durationMs * 10) / 10, partnerId: context.partnerId };
    if (status >= 500) logger().error(line, 'request');
    else logger().info(line, 'request');
  });
  return context;
}
