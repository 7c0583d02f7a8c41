// Bodies our own code already holds, remembered beside the Request or Response that carries
// them, so the lean Node listener and the form reader skip the web stream undici builds for
// every body (for a small request that stream is a measurable share of its cost; bench/).
// A Request built by the lean listener carries its body only here: lib/oauth/form.ts, the
// one reader of request bodies, looks here first.
const requestBodies = new WeakMap<Request, Uint8Array>();
const responseBodies = new WeakMap<Response, string>();

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

export function responseBodyOf(response: Response): string | undefined {
  return responseBodies.get(response);
}
