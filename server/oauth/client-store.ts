// The partner registry as the OAuth rules see it (lib/oauth/client.ts), read through a
// prepared statement (statements.ts).
import type { Db } from '@/db/client';
import type { ClientStore, OAuthClient } from '@/lib/oauth/client';
import { partnerByClientId } from './statements';

export function createClientStore(db: Db): ClientStore {
  return {
    findByClientId(clientId: string): Promise<OAuthClient | undefined> {
      return Promise.resolve(partnerByClientId(db, { clientId }));
    },
  };
}
