// Reads a token, revocation or introspection request body. RFC 6749 §3.2 and §4.1.3 call
// for POST with application/x-www-form-urlencoded; anything else is refused (security.md:
// "JSON body or GET instead of form POST").
import { requestBodyOf } from '@/lib/http/known-body';
import { InvalidRequest, MethodNotAllowed } from './errors';
import { paramsFrom, type Params } from './params';

export const MAX_FORM_BYTES = 16 * 1024;

export async function readForm(request: Request): Promise<Params> {
  if (request.method !== 'POST') throw new MethodNotAllowed('POST');
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new InvalidRequest('The body must be application/x-www-form-urlencoded.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_FORM_BYTES) throw new InvalidRequest('The request body is too large.');
  const known = requestBodyOf(request);
  if (known && known.byteLength > MAX_FORM_BYTES) throw new InvalidRequest('The request body is too large.');
  const body = known ? new TextDecoder().decode(known) : await readLimited(request, MAX_FORM_BYTES);
  return paramsFrom(new URLSearchParams(body));
}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new InvalidRequest('The request body is too large.');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
