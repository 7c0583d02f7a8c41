// demo-fapi at the token endpoint for DPoP tests. Client authentication is not what these
// tests are about, and private_key_jwt is built elsewhere (PAR branch): the test database
// gives demo-fapi a client secret so the tests stand on their own. Once private_key_jwt has
// landed, `fapiAuth` is the one place to switch to a signed client assertion.
import { eq } from 'drizzle-orm';
import { partners, tokens } from '@/db/schema';
import { sha256Hex } from '@/lib/crypto';
import type { Db } from '@/db/client';
import type { Credentials } from './oauth-fixtures';

export const FAPI: Credentials = { clientId: 'demo-fapi', secret: 'demo-fapi-test-only-secret' };

export function letDemoFapiAuthenticateBySecret(db: Db): void {
  db.update(partners)
    .set({ clientSecretHash: sha256Hex(FAPI.secret), tokenEndpointAuthMethods: ['client_secret_basic'] })
    .where(eq(partners.clientId, FAPI.clientId))
    .run();
}

/** Binds a linkage's tokens to a DPoP key, as a code exchange with a proof would have. */
export function bindLinkageTokens(db: Db, grantId: string, jkt: string): void {
  db.update(tokens).set({ dpopJkt: jkt }).where(eq(tokens.grantId, grantId)).run();
}
