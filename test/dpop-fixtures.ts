// demo-fapi at the token endpoint for DPoP tests: authenticated as a fapi2 partner must be,
// with a private_key_jwt assertion signed by its demo key (test/client-assertions.ts).
import { eq } from 'drizzle-orm';
import { tokens } from '@/db/schema';
import { DEMO_FAPI_CLIENT_ID } from '@/db/seed/demo-fapi-key';
import type { Db } from '@/db/client';
import { signAssertion, TEST_ISSUER } from './client-assertions';
import type { ClientAuth } from './oauth-fixtures';

export const FAPI = { clientId: DEMO_FAPI_CLIENT_ID } as const;

/** A fresh assertion (own jti) for one request, valid at `now`, addressed to `issuer`. */
export async function fapiClientAuth(now: Date, issuer = TEST_ISSUER): Promise<ClientAuth> {
  return { assertion: await signAssertion({ now, claims: { aud: issuer } }) };
}

/** Binds a linkage's tokens to a DPoP key, as a code exchange with a proof would have. */
export async function bindLinkageTokens(db: Db, grantId: string, jkt: string): Promise<void> {
  await db.update(tokens).set({ dpopJkt: jkt }).where(eq(tokens.grantId, grantId));
}
