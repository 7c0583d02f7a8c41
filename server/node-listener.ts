// Serves a Web-standard handler (Request → Response) from node:http with as little work
// per request as possible: the lean path for the partner API (see README, benchmark).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_ADDRESS_HEADER, clientAddress } from '@/lib/client-address';
import { responseBodyOf, withRequestBody } from '@/lib/http/known-body';
import { logError } from '@/lib/logger';
import { runWithRequestContext } from '@/lib/request-context';
import { observeRequest, REQUEST_ID_HEADER } from './observability/request-observer';

const MAX_BODY_BYTES = 64 * 1024;

export interface ListenerOptions {
  /** Reverse-proxy hops in front whose X-Forwarded-For entries are trusted (TRUST_PROXY). */
  trustedProxyHops?: number;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toHeaders(req: IncomingMessage, options: ListenerOptions): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const address = clientAddress(req.socket.remoteAddress, headers.get('x-forwarded-for'), options.trustedProxyHops ?? 0);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  else headers.delete(CLIENT_ADDRESS_HEADER);
  return headers;
}

export function createNodeListener(handler: (request: Request) => Promise<Response>, options: ListenerOptions = {}) {
  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    try {
      const method = req.method ?? 'GET';
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const body = hasBody ? await readBody(req) : null;
      if (hasBody && body === null) {
        // Answer first, then drop the connection rather than read the rest of the body.
        res.on('finish', () => req.socket.destroy());
        res.writeHead(413, { Connection: 'close', 'Content-Length': '0', [REQUEST_ID_HEADER]: requestId }).end();
        return;
      }
      // The body goes beside the Request, not into a stream inside it (lib/http/known-body.ts).
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method, headers: toHeaders(req, options) });
      if (hasBody && body) withRequestBody(request, body);
      const response = await handler(request);
      const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', [REQUEST_ID_HEADER]: requestId };
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const known = responseBodyOf(response);
      const payload = known ?? Buffer.from(await response.arrayBuffer());
      headers['content-length'] = String(Buffer.byteLength(payload));
      res.writeHead(response.status, headers);
      res.end(method === 'HEAD' ? undefined : payload);
    } catch (error) {
      logError('request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', [REQUEST_ID_HEADER]: requestId });
      res.end('{"errorCode":"internal_error","errorMessage":"システムエラーが発生しました。しばらく経ってから再度お試しください。"}');
    }
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const context = observeRequest('partner', req, res);
    return runWithRequestContext(context, () => serve(req, res, context.requestId));
  };
}
