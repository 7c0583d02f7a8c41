import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { methodLabel, pathnameOf, ROUTE_PATTERNS, routePattern } from './route-pattern';

/** `app/admin/audit/page.tsx` → `/admin/audit`; `[accountId]` → `:accountId`. */
function appRoutes(dir = path.resolve('app'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return appRoutes(path.join(dir, entry.name), `${prefix}/${entry.name.replace(/^\[(.+)\]$/, ':$1')}`);
    return entry.name === 'page.tsx' || entry.name === 'route.ts' ? [prefix || '/'] : [];
  });
}

describe('routePattern', () => {
  it('names every page and route handler of app/ by its own pattern, never `other`', () => {
    const routes = appRoutes();
    expect(routes).toContain('/api/v1/accounts/:accountId/transactions');
    for (const route of routes) {
      const concrete = route.replace(':accountId', 'acc_123').replace(':partnerId', 'ptn_abc234').replace(':id', 'grt_123');
      expect(routePattern(concrete), route).toBe(route);
    }
  });

  it('replaces the account id with :accountId', () => {
    expect(routePattern('/api/v1/accounts/acc_9f8e7d/balances')).toBe('/api/v1/accounts/:accountId/balances');
    expect(routePattern('/api/v1/accounts/%E5%8F%A3%E5%BA%A7/transactions')).toBe('/api/v1/accounts/:accountId/transactions');
  });

  it('maps hostile and unknown paths to `other`, never to the path itself', () => {
    for (const hostile of [
      '/api/v1/accounts/a/b/balances',
      '/api/v1/accounts//balances',
      `/api/v1/accounts/${'x'.repeat(5000)}/balances`,
      '/api/v1/accounts/../../etc/passwd',
      '/admin/',
      '/admin/../metrics',
      '//oauth/token',
      '/oauth/token/',
      '/OAUTH/TOKEN',
      '/consent/step-that-does-not-exist',
      '/__proto__',
      '/constructor',
      '/metrics\u0000',
      '/wp-login.php',
      'http://evil.example/oauth/token',
      '*',
    ]) {
      expect(routePattern(hostile), hostile).toBe('other');
    }
  });

  it('returns only values of the fixed list, whatever the path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webPath(), fc.webPath().map((p) => `/api/v1/accounts${p}`)), (pathname) => {
        expect(ROUTE_PATTERNS).toContain(routePattern(pathname));
      }),
      { numRuns: 500 },
    );
  });

  it('groups Next.js static files under one pattern', () => {
    expect(routePattern('/_next/static/chunks/app-1a2b3c.js')).toBe('/_next/static/*');
  });
});

describe('pathnameOf and methodLabel', () => {
  it('drops the query string so that it never reaches a label or a log line', () => {
    expect(pathnameOf('/oauth/authorize?client_id=x&code_challenge=secret')).toBe('/oauth/authorize');
    expect(pathnameOf(undefined)).toBe('/');
  });

  it('bounds the method label', () => {
    expect(methodLabel('POST')).toBe('POST');
    expect(methodLabel('PROPFIND')).toBe('other');
    expect(methodLabel('get')).toBe('other');
  });
});
