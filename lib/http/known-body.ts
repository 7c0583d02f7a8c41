// Bodies our own code already holds, remembered beside the Request or Response that carries
// them, so the lean Node listener and the form reader skip the web stream undici builds for
// every body (for a small request that stream is a measurable share of its cost; bench/).
// A Request built by the lean listener carries its body only here: lib/oauth/form.ts, the
// one reader of request bodies, looks here first.
const requestBodies = new WeakMap<Request, Uint8Array>();
const responseBodies = new WeakMap<Response, string>();
let withoutStreams = false;

export function withRequestBody(request: Request, body: Uint8Array): Request {
  requestBodies.set(request, body);
  return request;
}

export function requestBodyOf(request: Request): Uint8Array | undefined {
  return requestBodies.get(request);
}

/** A response whose body is `text`, and which the lean listener can write without reading it back. */
export function withResponseBody(response: Response, text: string): Response {
  responseBodies.set(response, text);
  return response;
}

/**
 * The lean partner server's process only (server/partner-server.ts): every response is
 * written by its listener, so the JSON responses built by textResponse() carry their text
 * here alone, not also in a stream (a ReadableStream costs about 20 µs on Node 20).
 */
export function omitResponseStreams(): void {
  withoutStreams = true;
}

/** `new Response(text, init)`, whose text the lean listener writes without reading it back. */
export function textResponse(text: string, init: ResponseInit): Response {
  return withResponseBody(new Response(withoutStreams ? null : text, init), text);
}

export function responseBodyOf(response: Response): string | undefined {
  return responseBodies.get(response);
}
