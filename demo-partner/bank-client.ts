// The bank as an OAuth 2.0 authorization server and resource server, through oauth4webapi:
// metadata discovery (RFC 8414), PKCE (RFC 7636), state and iss checks (RFC 9207),
// code exchange, refresh-token rotation and revocation (RFC 7009). Nothing hand-written.
import * as oauth from 'oauth4webapi';
import type { DemoPartnerConfig } from './config';

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

export function createBankClient(config: DemoPartnerConfig) {
  const client: oauth.Client = { client_id: config.clientId };
  const clientAuth = oauth.ClientSecretBasic(config.clientSecret);
  const redirectUri = `${config.origin}/callback`;
  // A local demo talks plain http to localhost; a real partner keeps oauth4webapi's https rule.
  const insecure = { [oauth.allowInsecureRequests]: config.bankOrigin.startsWith('http://') };
  let discovered: Promise<oauth.AuthorizationServer> | undefined;

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
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: config.scope,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.toString(), pending: { state, codeVerifier } };
    },

    /** Checks state and iss, then exchanges the code; throws on an error response. */
    async completeAuthorization(callbackUrl: URL, pending: PendingAuthorization): Promise<TokenSet> {
      const as = await server();
      const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, pending.codeVerifier, insecure);
      return tokenSetFrom(await oauth.processAuthorizationCodeResponse(as, client, response));
    },

    async refresh(tokens: TokenSet): Promise<TokenSet> {
      const as = await server();
      const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refreshToken, insecure);
      try {
        return tokenSetFrom(await oauth.processRefreshTokenResponse(as, client, response), tokens);
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') throw new LinkageEndedError();
        throw error;
      }
    },

    /** RFC 7009: revoking the refresh token ends the whole linkage at the bank. */
    async revoke(tokens: TokenSet): Promise<void> {
      const as = await server();
      const response = await oauth.revocationRequest(as, client, clientAuth, tokens.refreshToken, {
        additionalParameters: { token_type_hint: 'refresh_token' },
        ...insecure,
      });
      await oauth.processRevocationResponse(response);
    },

    /** GET on the account-data API; the raw Response, so callers can read 401/403/404. */
    async apiGet(tokens: TokenSet, path: string): Promise<Response> {
      try {
        return await oauth.protectedResourceRequest(tokens.accessToken, 'GET', new URL(path, config.apiOrigin), undefined, undefined, insecure);
      } catch (error) {
        // RFC 6750 §3 challenges (401 invalid_token, 403 insufficient_scope) come back as errors.
        if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response;
        throw error;
      }
    },
  };
}

export type BankClient = ReturnType<typeof createBankClient>;
