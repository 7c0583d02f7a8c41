// The page shown when /oauth/authorize cannot trust the client or its redirect_uri
// (journey.md step 0): plain, self-contained, Japanese, and never a redirect.
import { createTranslator } from 'use-intl/core';
import messages from '@/messages/ja.json';

export const HTML_SECURITY_HEADERS = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
} as const;

const STYLE = `
body{margin:0;background:#f3f5f8;color:#1f2933;font-family:"Hiragino Kaku Gothic ProN","Hiragino Sans","IPAGothic","Noto Sans CJK JP",Meiryo,sans-serif;line-height:1.8}
header{background:#0b3a6f;color:#fff;padding:12px 24px;font-weight:bold;letter-spacing:.05em}
main{max-width:640px;margin:32px auto;background:#fff;border:1px solid #d5dce4;border-top:4px solid #b42318;padding:24px 32px}
h1{font-size:1.25rem;margin:0 0 16px;color:#b42318}
p{margin:0 0 12px}
section{margin-top:20px;padding:12px 16px;background:#f8f9fb;border:1px solid #e3e8ef;font-size:.9rem}
h2{font-size:1rem;margin:0 0 4px}
footer{text-align:center;font-size:.8rem;color:#52606d;margin:24px 0}`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** 'invalid': the link cannot be trusted; 'rate_limited': too many requests from this source. */
export type AuthorizeErrorKind = 'invalid' | 'rate_limited';

export function renderAuthorizeErrorPage(kind: AuthorizeErrorKind = 'invalid'): string {
  const t = createTranslator({ locale: 'ja', messages, namespace: 'oauthError' });
  const unionName = messages.app.unionName;
  const text = (value: string) => escapeHtml(value);
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${text(t('documentTitle', { unionName }))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${text(unionName)}</header>
<main>
<h1>${text(t('heading'))}</h1>
<p>${text(t(kind === 'invalid' ? 'lead' : 'rateLimitedLead'))}</p>
<p>${text(t(kind === 'invalid' ? 'retry' : 'rateLimitedRetry'))}</p>
<p>${text(t('contact', { unionName }))}</p>
<section><h2>${text(t('noteHeading'))}</h2><p>${text(t('note'))}</p></section>
</main>
<footer>${text(t('footer', { unionName }))}</footer>
</body>
</html>`;
}

export function authorizeErrorPageResponse(): Response {
  return new Response(renderAuthorizeErrorPage(), {
    status: 400,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...HTML_SECURITY_HEADERS },
  });
}

/** 429 with Retry-After, still the plain page: a refused request is not trusted to redirect. */
export function authorizeRateLimitedResponse(retryAfterSeconds: number): Response {
  return new Response(renderAuthorizeErrorPage('rate_limited'), {
    status: 429,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(retryAfterSeconds), ...HTML_SECURITY_HEADERS },
  });
}
