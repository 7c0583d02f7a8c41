// Redirect URIs a partner may register (partner-api.md: exact matching; RFC 9700 §4.1.3:
// no patterns). Parsed with the WHATWG URL parser, never by hand.

export type RedirectUriProblem = 'redirectUriInvalid' | 'redirectUriHttps' | 'redirectUriFragment' | 'redirectUriDuplicate' | 'redirectUriCount';

export const MAX_REDIRECT_URIS = 10;
const MAX_URI_LENGTH = 512;

/** One per line; blank lines and surrounding spaces are dropped. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

/**
 * https only, or `http://localhost[:port]/…` outside production (a developer's own machine,
 * RFC 8252 §7.3's loopback case). What is stored must be written exactly as the URL parser
 * writes it back, so "the same URI" means the same bytes at the authorization endpoint.
 */
export function redirectUriProblem(raw: string, options: { allowLocalhostHttp: boolean }): RedirectUriProblem | null {
  if (raw.length > MAX_URI_LENGTH || !URL.canParse(raw)) return 'redirectUriInvalid';
  if (raw.includes('#')) return 'redirectUriFragment';
  const url = new URL(raw);
  if (url.username || url.password || raw.includes('*') || url.href !== raw) return 'redirectUriInvalid';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && url.hostname === 'localhost' && options.allowLocalhostHttp) return null;
  return 'redirectUriHttps';
}

export function redirectUrisProblem(uris: string[], options: { allowLocalhostHttp: boolean }): RedirectUriProblem | null {
  if (uris.length === 0 || uris.length > MAX_REDIRECT_URIS) return 'redirectUriCount';
  if (new Set(uris).size !== uris.length) return 'redirectUriDuplicate';
  for (const uri of uris) {
    const problem = redirectUriProblem(uri, options);
    if (problem) return problem;
  }
  return null;
}
