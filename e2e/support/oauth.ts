// The partner's side of the journey: the authorization request with a PKCE challenge
// computed here, the callback intercepted in the browser, and the token endpoint.
import { createHash, randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PARTNER_CALLBACK = 'http://localhost:4000/callback';
/** The issuer: the e2e server's origin (playwright.config.ts). */
export const APP_ORIGIN = `http://localhost:${process.env.E2E_PORT || 3100}`;

export const PARTNERS = {
  'demo-kaikei': { secret: 'demo-kaikei-secret' },
  'demo-feed': { secret: 'demo-feed-secret' },
} as const;
export type DemoClientId = keyof typeof PARTNERS;

export interface StartedJourney {
  clientId: DemoClientId;
  state: string;
  codeVerifier: string;
  /** Resolves with the URL the browser was sent back to (the partner never runs). */
  callback: Promise<URL>;
}

export function pkcePair() {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

export function authorizeUrl(clientId: string, params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: PARTNER_CALLBACK,
    scope: 'accounts:read balances:read transactions:read',
    code_challenge_method: 'S256',
    ...params,
  });
  return `/oauth/authorize?${query}`;
}

/** Intercepts the partner callback on this page; resolves with the first URL that reaches it. */
export async function interceptPartner(page: Page): Promise<{ reached: Promise<URL> }> {
  let resolve!: (url: URL) => void;
  const reached = new Promise<URL>((r) => (resolve = r));
  await page.route('http://localhost:4000/**', async (route) => {
    resolve(new URL(route.request().url()));
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>partner</title><p>partner callback</p>' });
  });
  return { reached };
}

export async function startJourney(
  page: Page,
  clientId: DemoClientId,
  extra: Record<string, string> = {},
): Promise<StartedJourney> {
  const { codeVerifier, codeChallenge } = pkcePair();
  const state = randomBytes(12).toString('base64url');
  const { reached: callback } = await interceptPartner(page);
  await page.goto(authorizeUrl(clientId, { state, code_challenge: codeChallenge, ...extra }));
  await expect(page).toHaveURL(/\/consent\/login$/);
  return { clientId, state, codeVerifier, callback };
}

function basic(clientId: DemoClientId): string {
  return `Basic ${Buffer.from(`${clientId}:${PARTNERS[clientId].secret}`).toString('base64')}`;
}

export async function exchangeCode(request: APIRequestContext, journey: StartedJourney, code: string) {
  return request.post('/oauth/token', {
    headers: { authorization: basic(journey.clientId) },
    form: { grant_type: 'authorization_code', code, redirect_uri: PARTNER_CALLBACK, code_verifier: journey.codeVerifier },
  });
}

export async function refreshTokens(request: APIRequestContext, clientId: DemoClientId, refreshToken: string) {
  return request.post('/oauth/token', {
    headers: { authorization: basic(clientId) },
    form: { grant_type: 'refresh_token', refresh_token: refreshToken },
  });
}
