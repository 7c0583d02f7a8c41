// What the OAuth rules need to know about a registered partner, and how they find one.
// server/oauth/client-store.ts implements the store on the database.
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface OAuthClient {
  /** Internal partner id; never shown to anyone. */
  id: string;
  clientId: string;
  clientSecretHash: string;
  /** The secret replaced by the last rotation, accepted until it expires (overlap). */
  previousClientSecretHash?: string | null;
  previousSecretExpiresAt?: Date | null;
  securityProfile: 'basic' | 'fapi2';
  /** Registered public keys (a JWK Set) for private_key_jwt. */
  jwks: { keys: Record<string, unknown>[] } | null;
  redirectUris: string[];
  scopes: string[];
  grantTypes: string[];
  tokenEndpointAuthMethods: string[];
  status: 'active' | 'suspended';
}

/** Async: the registry is in the database, which may be across the network (PostgreSQL). */
export interface ClientStore {
  findByClientId(clientId: string): Promise<OAuthClient | undefined>;
}

export function isActive(client: OAuthClient | undefined): client is OAuthClient {
  return client !== undefined && client.status === 'active';
}
