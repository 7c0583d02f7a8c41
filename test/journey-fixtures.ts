// Authorization requests as GET /oauth/authorize stores them, for journey unit tests.
// Also used by the Playwright specs (e2e/support) against the e2e server's database file.
import type { Db } from '@/db/client';
import { writeTransaction } from '@/server/write-transaction';
import { accounts, apiPinRegistrations, authorizationRequests, companies, users } from '@/db/schema';
import { config } from '@/lib/config';
import { generateSecretToken, newId, sha256Base64url, sha256Hex } from '@/lib/crypto';
import { hashSecret } from '@/server/password-hash';

export interface StartedRequest {
  /** What the browser's cookie holds. */
  requestToken: string;
  requestId: string;
  codeVerifier: string;
}

export async function startAuthorizationRequest(
  db: Db,
  input: { partnerId: string; scopes?: string[]; state?: string; now?: Date; redirectUri?: string },
): Promise<StartedRequest> {
  const now = input.now ?? new Date();
  const requestToken = generateSecretToken();
  const codeVerifier = `${generateSecretToken()}${generateSecretToken()}`;
  const requestId = sha256Hex(requestToken);
  await db.insert(authorizationRequests).values({
    id: requestId,
    partnerId: input.partnerId,
    redirectUri: input.redirectUri ?? 'http://localhost:4000/callback',
    requestedScopes: input.scopes ?? ['accounts:read', 'balances:read', 'transactions:read'],
    state: input.state ?? 'state-123',
    codeChallenge: sha256Base64url(codeVerifier),
    codeChallengeMethod: 'S256',
    expiresAt: new Date(now.getTime() + config.authorizationRequestTtlMs),
    createdAt: now,
  });
  return { requestToken, requestId, codeVerifier };
}

export interface FixtureCustomer {
  loginId: string;
  password: string;
  userId: string;
  companyId: string;
  /** Account ids in the order given. */
  accountIds: string[];
}

/**
 * A company with one user and its own accounts, so lockout tests never lock the demo users
 * other tests need. Needs the demo branches (branch 001). Hash before the transaction.
 */
export async function createFixtureCustomer(
  db: Db,
  input: { password?: string; pin?: string; accounts: { registered: boolean; memo?: string }[] },
): Promise<FixtureCustomer> {
  const password = input.password ?? 'Fixture#2026';
  const [passwordHash, pinHash] = await Promise.all([hashSecret(password), hashSecret(input.pin ?? '1357')]);
  const suffix = generateSecretToken().slice(0, 10);
  const customer: FixtureCustomer = {
    loginId: `fixture-${suffix}`,
    password,
    userId: newId('usr'),
    companyId: newId('co'),
    accountIds: input.accounts.map(() => newId('acc')),
  };
  await writeTransaction(db, async (tx) => {
    await tx.insert(companies).values({ id: customer.companyId, name: `検証用商事${suffix}`, nameKana: 'ｹﾝｼﾖｳﾖｳｼﾖｳｼﾞ(ｶ' });
    await tx
      .insert(users)
      .values({ id: customer.userId, companyId: customer.companyId, loginId: customer.loginId, displayName: '検証 太郎', passwordHash });
    for (const [index, account] of input.accounts.entries()) {
      const id = customer.accountIds[index]!;
      await tx.insert(accounts).values({
        id,
        companyId: customer.companyId,
        branchCode: '001',
        typeCode: '1',
        number: String(Math.floor(Math.random() * 9_000_000) + 1_000_000),
        nameKana: 'ｹﾝｼﾖｳﾖｳｼﾖｳｼﾞ(ｶ',
        memo: account.memo ?? null,
        inquiryPinHash: pinHash,
      });
      if (account.registered) {
        await tx
          .insert(apiPinRegistrations)
          .values({ id: newId('pin'), accountId: id, userId: customer.userId, status: 'effective', effectiveAt: new Date() });
      }
    }
  });
  return customer;
}

export const testContext = { ip: '203.0.113.9', userAgent: 'vitest journey' };
