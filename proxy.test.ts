import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { config, proxy } from './proxy';

const NONCE = /^script-src 'nonce-([A-Za-z0-9+/]{22}==)' 'strict-dynamic'/;

describe('proxy', () => {
  it('sends a fresh nonce policy on the response and hands the same one to the render', () => {
    const first = proxy(new NextRequest('http://localhost:3000/consent/login'));
    const second = proxy(new NextRequest('http://localhost:3000/consent/login'));
    const policy = first.headers.get('content-security-policy')!;
    expect(policy).toMatch(NONCE);
    // NextResponse.next({ request: { headers } }): how Next.js's renderer sees the request's
    // Content-Security-Policy, from which it takes the nonce for its own scripts.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(NONCE.exec(second.headers.get('content-security-policy')!)![1]).not.toBe(NONCE.exec(policy)![1]);
  });

  it('runs on pages and not on static files, the OAuth endpoints or the partner API', () => {
    const [source] = config.matcher;
    const matches = (path: string) => new RegExp(`^${source}$`).test(path);
    for (const page of ['/', '/consent/login', '/linkages', '/admin/audit', '/nope']) expect(matches(page)).toBe(true);
    for (const other of ['/_next/static/chunks/a.js', '/oauth/authorize', '/oauth/token', '/api/v1/accounts', '/.well-known/oauth-authorization-server']) {
      expect(matches(other)).toBe(false);
    }
  });
});
