// The bank as an OAuth 2.0 authorization server and resource server, through oauth4webapi:
// metadata discovery (RFC 8414), PKCE (RFC 7636), state and iss checks (RFC 9207),
// code exchange, refresh-token rotation and revocation (RFC 7009). Nothing hand-written.
// As a fapi2 partner also PAR (RFC 9126), private_key_jwt (RFC 7523) and DPoP (RFC 9449).
import * as oauth from 'oauth4webapi';
import type { DemoPartnerConfig } from './config';
import { createFapiCredentials, type FapiCredentials } from './fapi-credentials';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (ms since epoch). */
  accessExpiresAt: number;
  /** When the linkage ends (ms since epoch): authorization_expires_at. */
  linkageExpiresAt: number | null;
  scope: string;
}

export interface PendingAuthorization {
  state: string;
  codeVerifier: string;
}

/** The bank answered a refresh or an API call in a way that means the linkage is over. */
export class LinkageEndedError extends Error {}

function tokenSetFrom(response: oauth.TokenEndpointResponse, previous?: TokenSet): TokenSet {
  const expiresAt = response.authorization_expires_at;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? '',
    accessExpiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
    linkageExpiresAt: typeof expiresAt === 'number' ? expiresAt * 1000 : (previous?.linkageExpiresAt ?? null),
    scope: response.scope ?? previous?.scope ?? '',
  };
}

/** Sends a DPoP-protected request once more when the bank asks for a fresh nonce (RFC 9449 §8). */
async function withNonceRetry<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (oauth.isDPoPNonceError(error)) return send();
    throw error;
  }
}

export function createBankClient(config: DemoPartnerConfig) {
  const client: oauth.Client = { client_id: config.clientId };
  const redirectUri = `${config.origin}/callback`;
  // A local demo talks plain http to localhost; a real partner keeps oauth4webapi's https rule.
  const insecure = { [oauth.allowInsecureRequests]: config.bankOrigin.startsWith('http://') };
  let discovered: Promise<oauth.AuthorizationServer> | undefined;
  const fapi: Promise<FapiCredentials> | undefined = config.profile === 'fapi2' ? createFapiCredentials(client, config) : undefined;

  /** Client authentication, and for fapi2 the DPoP handler that goes with every request. */
  async function credentials(): Promise<{ clientAuth: oauth.ClientAuth; dpop?: oauth.DPoPHandle }> {
    if (!fapi) return { clientAuth: oauth.ClientSecretBasic(config.clientSecret) };
    const { clientAuth, dpop } = await fapi;
    return { clientAuth, dpop };
  }

  function server(): Promise<oauth.AuthorizationServer> {
    discovered ??= (async () => {
      const issuer = new URL(config.bankOrigin);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((error) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  }

  return {
    async authorizationUrl(): Promise<{ url: string; pending: PendingAuthorization }> {
      const as = await server();
      const codeVerifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const params = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: config.scope,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      const url = new URL(as.authorization_endpoint!);
      if (fapi) {
        // FAPI 2.0: the request goes to the bank first (PAR, with the DPoP key bound to the
        // code by its proof); the browser carries only client_id and the request_uri.
        const { clientAuth, dpop } = await credentials();
        const response = await withNonceRetry(async () =>
          oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, clientAuth, params, { DPoP: dpop, ...insecure })),
        );
        url.search = new URLSearchParams({ client_id: config.clientId, request_uri: response.request_uri }).toString();
      } else {
        url.search = params.toString();
      }
      return { url: url.toString(), pending: { state, codeVerifier } };
    },

    /** Checks state and iss, then exchanges the code; throws on an error response. */
    async completeAuthorization(callbackUrl: URL, pending: PendingAuthorization): Promise<TokenSet> {
      const as = await server();
      const { clientAuth, dpop } = await credentials();
      const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
      return withNonceRetry(async () => {
        const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, pending.codeVerifier, { DPoP: dpop, ...insecure });
        return tokenSetFrom(await oauth.processAuthorizationCodeResponse(as, client, response));
      });
    },

    /** basic: a rotated pair each time. fapi2: the DPoP-bound refresh token stays the same. */
    async refresh(tokens: TokenSet): Promise<TokenSet> {
      const as = await server();
      const { clientAuth, dpop } = await credentials();
      try {
        return await withNonceRetry(async () => {
          const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refreshToken, { DPoP: dpop, ...insecure });
          return tokenSetFrom(await oauth.processRefreshTokenResponse(as, client, response), tokens);
        });
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') throw new LinkageEndedError();
        throw error;
      }
    },

    /** RFC 7009: revoking the refresh token ends the whole linkage at the bank. */
    async revoke(tokens: TokenSet): Promise<void> {
      const as = await server();
      const { clientAuth } = await credentials();
      const response = await oauth.revocationRequest(as, client, clientAuth, tokens.refreshToken, {
        additionalParameters: { token_type_hint: 'refresh_token' },
        ...insecure,
      });
      await oauth.processRevocationResponse(response);
    },

    /** GET on the account-data API; the raw Response, so callers can read 401/403/404. */
    async apiGet(tokens: TokenSet, path: string): Promise<Response> {
      try {
        const { dpop } = await credentials();
        return await withNonceRetry(() =>
          oauth.protectedResourceRequest(tokens.accessToken, 'GET', new URL(path, config.apiOrigin), undefined, undefined, { DPoP: dpop, ...insecure }),
        );
      } catch (error) {
        // RFC 6750 §3 challenges (401 invalid_token, 403 insufficient_scope) come back as errors.
        if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response;
        throw error;
      }
    },
  };
}

export type BankClient = ReturnType<typeof createBankClient>;
