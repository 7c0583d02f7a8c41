// GET /metrics on both servers (operations.md): Prometheus text format from prom-client,
// only for a loopback caller or one presenting METRICS_TOKEN as a bearer. Anyone else gets
// the same 404 as an unknown path: the endpoint is not advertised, and a wrong token cannot
// be told from no token. Never audited, never rate-limited, never cached.
import { BlockList } from 'node:net';
import { CLIENT_ADDRESS_HEADER } from '@/lib/client-address';
import { config } from '@/lib/config';
import { sha256Hex, timingSafeEqualString } from '@/lib/crypto';
import { bearerTokenOf } from '../api/bearer';
import { ApiError, errorResponse } from '../api/errors';
import { metrics } from './metrics';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The trusted client address (lib/client-address.ts) is in 127.0.0.0/8 or is ::1. */
export function isLoopback(address: string | null): boolean {
  if (!address) return false;
  return address.includes(':') ? loopback.check(address, 'ipv6') : loopback.check(address, 'ipv4');
}

function presentsMetricsToken(request: Request): boolean {
  const expected = config.metricsToken;
  const presented = bearerTokenOf(request);
  if (!expected || !presented) return false;
  // Hashes first: equal lengths, so the comparison says nothing about the token's length.
  return timingSafeEqualString(sha256Hex(presented), sha256Hex(expected));
}

export async function handleMetrics(request: Request): Promise<Response> {
  if (!isLoopback(request.headers.get(CLIENT_ADDRESS_HEADER)) && !presentsMetricsToken(request)) {
    return errorResponse(new ApiError('not_found'));
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(new ApiError('method_not_allowed', { Allow: 'GET' }));
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}
