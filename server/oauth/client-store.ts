// The partner registry as the OAuth rules see it (lib/oauth/client.ts), read through a
// statement prepared once per connection (statements.ts).
import type { Db } from '@/db/client';
import type { ClientStore, OAuthClient } from '@/lib/oauth/client';
import { oauthStatements } from './statements';

export function createClientStore(db: Db): ClientStore {
  const { partnerByClientId } = oauthStatements(db);
  return {
    findByClientId(clientId: string): OAuthClient | undefined {
      return partnerByClientId.get({ clientId });
    },
  };
}
