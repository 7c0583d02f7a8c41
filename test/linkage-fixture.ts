// A linkage with tokens minted directly in the database, for tests of what partners do
// with tokens (the account-data API) without walking the consent journey each time.
import type { Db } from '@/db/client';
import { grantAccounts, grants, tokens } from '@/db/schema';
import { generateOpaqueToken, newId, sha256Hex } from '@/lib/crypto';
import { writeTransaction } from '@/server/write-transaction';

export const ALL_API_SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];

export interface LinkageInput {
  companyId: string;
  userId: string;
  partnerId: string;
  accountIds: string[];
  scopes?: string[];
  /** Scopes of the access token, when they should differ from the linkage's. */
  tokenScopes?: string[];
  now?: Date;
  grantExpiresAt?: Date;
  accessExpiresAt?: Date;
}

export interface Linkage {
  grantId: string;
  accessToken: string;
  refreshToken: string;
}

export async function createLinkage(db: Db, input: LinkageInput): Promise<Linkage> {
  const now = input.now ?? new Date();
  const scopes = input.scopes ?? ALL_API_SCOPES;
  const grantExpiresAt = input.grantExpiresAt ?? new Date(now.getTime() + 90 * 86_400_000);
  const grantId = newId('grt');
  const accessToken = generateOpaqueToken();
  const refreshToken = generateOpaqueToken();
  await writeTransaction(db, async (tx) => {
    await tx
      .insert(grants)
      .values({ id: grantId, companyId: input.companyId, userId: input.userId, partnerId: input.partnerId, scopes, expiresAt: grantExpiresAt, createdAt: now });
    for (const accountId of input.accountIds) await tx.insert(grantAccounts).values({ grantId, accountId });
    const common = { grantId, partnerId: input.partnerId, createdAt: now };
    await tx
      .insert(tokens)
      .values([
        {
          ...common,
          tokenHash: sha256Hex(accessToken),
          kind: 'access',
          scopes: input.tokenScopes ?? scopes,
          expiresAt: input.accessExpiresAt ?? new Date(now.getTime() + 3_600_000),
        },
        { ...common, tokenHash: sha256Hex(refreshToken), kind: 'refresh', scopes, expiresAt: grantExpiresAt },
      ]);
  });
  return { grantId, accessToken, refreshToken };
}
