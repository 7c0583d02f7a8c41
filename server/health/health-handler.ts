// GET /healthz and GET /readyz (operations.md) as Web-standard handlers for both servers.
// Never audited and never rate-limited: a load balancer polls them all day. The readiness
// outcome, good or bad, is kept for a second, so polling costs one probe a second at most;
// polls that arrive while a probe runs share it.
import { jsonResponse } from '../api/http';
import type { Readiness } from './readiness';

type Handler = (request: Request) => Promise<Response>;

export interface HealthHandlers {
  healthz: Handler;
  readyz: Handler;
}

export interface HealthHandlerOptions {
  cacheMs?: number;
  /** Milliseconds on a monotonic clock (injectable for tests). */
  now?: () => number;
}

function methodNotAllowed(): Response {
  return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } });
}

const allowed = (request: Request) => request.method === 'GET' || request.method === 'HEAD';

export function createHealthHandlers(readiness: () => Promise<Readiness>, options: HealthHandlerOptions = {}): HealthHandlers {
  const cacheMs = options.cacheMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  let cached: { at: number; value: Promise<Readiness> } | undefined;

  function currentReadiness(): Promise<Readiness> {
    const at = now();
    if (!cached || at - cached.at >= cacheMs) cached = { at, value: readiness() };
    return cached.value;
  }

  return {
    healthz: async (request) => (allowed(request) ? jsonResponse({ status: 'ok' }) : methodNotAllowed()),
    readyz: async (request) => {
      if (!allowed(request)) return methodNotAllowed();
      const value = await currentReadiness();
      return value.ready ? jsonResponse({ status: 'ready' }) : jsonResponse({ status: 'unavailable', reason: value.reason }, 503);
    },
  };
}
