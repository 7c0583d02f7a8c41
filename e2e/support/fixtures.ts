// Customers made for one test (so lockouts never touch the demo users) and the rows a
// test checks afterwards.
import { desc, eq } from 'drizzle-orm';
import { accounts, apiPinRegistrations, authorizationRequests, users } from '@/db/schema';
import { writeTransaction } from '@/server/write-transaction';
import { createFixtureCustomer, type FixtureCustomer } from '@/test/journey-fixtures';
import { e2eDb } from './db';

export type { FixtureCustomer };

export function newCustomer(accountsToCreate: { registered: boolean; memo?: string }[]): Promise<FixtureCustomer> {
  return createFixtureCustomer(e2eDb(), { accounts: accountsToCreate });
}

export async function userRow(userId: string) {
  return (await e2eDb().select().from(users).where(eq(users.id, userId)).limit(1))[0]!;
}

export async function accountRow(accountId: string) {
  return (await e2eDb().select().from(accounts).where(eq(accounts.id, accountId)).limit(1))[0]!;
}

/** 「インターネット支店(001) 普通 1234567」: how the journey labels a fixture account. */
export async function fixtureAccountText(accountId: string): Promise<string> {
  return `インターネット支店(001) 普通 ${(await accountRow(accountId)).number}`;
}

export async function latestRequestOf(userId: string) {
  const [latest] = await e2eDb().select().from(authorizationRequests).where(eq(authorizationRequests.userId, userId)).orderBy(desc(authorizationRequests.createdAt)).limit(1);
  return latest;
}

/**
 * Puts tsunagu01's accounts back to demo-data.md's state (only 2222222 registered), so the
 * specs that walk step 3 as tsunagu01 do not depend on which of them ran first.
 */
export async function restoreDemoPinRegistrations() {
  const db = e2eDb();
  const [user] = await db.select().from(users).where(eq(users.loginId, 'tsunagu01')).limit(1);
  const demoAccounts = await db.select().from(accounts).where(eq(accounts.companyId, user!.companyId));
  await writeTransaction(db, async (tx) => {
    for (const account of demoAccounts) {
      await tx.update(accounts).set({ pinFailedCount: 0, pinLockedAt: null }).where(eq(accounts.id, account.id));
      if (account.number !== '2222222') {
        await tx.delete(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, account.id));
      }
    }
  });
}
