// The partner registry as the OAuth rules see it (lib/oauth/client.ts).
import { eq } from 'drizzle-orm';
import { partners } from '@/db/schema';
import type { ClientStore, OAuthClient } from '@/lib/oauth/client';
import type { DbOrTx } from '../audit';

export function createClientStore(db: DbOrTx): ClientStore {
  return {
    findByClientId(clientId: string): OAuthClient | undefined {
      return db
        .select({
          id: partners.id,
          clientId: partners.clientId,
          clientSecretHash: partners.clientSecretHash,
          redirectUris: partners.redirectUris,
          scopes: partners.scopes,
          grantTypes: partners.grantTypes,
          tokenEndpointAuthMethods: partners.tokenEndpointAuthMethods,
          status: partners.status,
        })
        .from(partners)
        .where(eq(partners.clientId, clientId))
        .get();
    },
  };
}
