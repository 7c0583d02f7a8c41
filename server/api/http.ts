// JSON responses of the partner API. Every one carries Cache-Control: no-store
// (partner-api.md; RFC 6749 §5.1 asks the same of token responses).
import { textResponse } from '@/lib/http/known-body';

/** A body an endpoint has already serialized (see transactions.ts). */
export class SerializedJson {
  constructor(readonly text: string) {}
}

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return jsonTextResponse(JSON.stringify(body), status, headers);
}

/** A response from JSON already serialized (documents built once per process). */
export function jsonTextResponse(text: string, status = 200, headers?: Record<string, string>): Response {
  // The lean Node server writes this text without reading the Response's stream back.
  return textResponse(text, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}
