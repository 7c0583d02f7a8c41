// The Content-Security-Policy of every page (security.md "Always"): scripts run only with
// this response's nonce, and what they load inherits the trust ('strict-dynamic', CSP3
// §8.2), so an injected <script> or on* attribute never runs — the consent page being the
// most valuable page to inject into. Next.js reads the nonce back from the request's
// header and puts it on its own scripts (proxy.ts).
import { encodeBase64 } from '@oslojs/encoding';

/** 128 random bits per response (CSP3 §7.1: a nonce must be unguessable and never reused). */
export function newCspNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return encodeBase64(bytes);
}

export function pageContentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  // React's development build evaluates server stack traces; production never uses eval.
  const scriptSrc = [`'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])];
  return [
    `script-src ${scriptSrc.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
