// Runs before every page: a fresh CSP nonce per request (lib/csp.ts). Next.js takes the
// nonce from the request's Content-Security-Policy header and applies it to its own
// scripts, which is why every page must render per request (see app/layout.tsx).
import { NextResponse, type NextRequest } from 'next/server';
import { newCspNonce, pageContentSecurityPolicy } from '@/lib/csp';

export function proxy(request: NextRequest) {
  const policy = pageContentSecurityPolicy(newCspNonce(), { development: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Pages, prefetches included (a prefetched document must not arrive without its policy).
  // Static files need none; the OAuth and API route handlers answer JSON (or, at
  // /oauth/authorize, a self-contained page) with headers of their own.
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|api/|oauth/|\\.well-known/).*)'],
};
