import { describe, expect, it } from 'vitest';
import { omitResponseStreams, requestBodyOf, responseBodyOf, textResponse, withRequestBody } from './known-body';

describe('bodies beside requests and responses', () => {
  it('keeps a request body beside the Request it belongs to, and only there', () => {
    const request = withRequestBody(new Request('http://localhost/oauth/token', { method: 'POST' }), new TextEncoder().encode('a=1'));
    expect(new TextDecoder().decode(requestBodyOf(request))).toBe('a=1');
    expect(requestBodyOf(new Request('http://localhost/oauth/token', { method: 'POST' }))).toBeUndefined();
  });

  it('builds responses that carry their text as a stream too, until the lean server says it writes them all', async () => {
    const init = { status: 201, headers: { 'Content-Type': 'application/json' } };
    const streamed = textResponse('{"a":1}', init);
    expect(responseBodyOf(streamed)).toBe('{"a":1}');
    expect(await streamed.json()).toEqual({ a: 1 });

    omitResponseStreams();
    const lean = textResponse('{"b":2}', init);
    expect(responseBodyOf(lean)).toBe('{"b":2}');
    expect(lean.body).toBeNull();
    expect(lean.status).toBe(201);
    expect(lean.headers.get('content-type')).toBe('application/json');
  });
});
