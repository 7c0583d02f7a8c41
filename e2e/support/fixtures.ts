// Customers made for one test (so lockouts never touch the demo users) and the rows a
// test checks afterwards.
import { eq } from 'drizzle-orm';
import { accounts, apiPinRegistrations, authorizationRequests, users } from '@/db/schema';
import { createFixtureCustomer, type FixtureCustomer } from '@/test/journey-fixtures';
import { e2eDb } from './db';

export type { FixtureCustomer };

export function newCustomer(accountsToCreate: { registered: boolean; memo?: string }[]): Promise<FixtureCustomer> {
  return createFixtureCustomer(e2eDb(), { accounts: accountsToCreate });
}

export function userRow(userId: string) {
  return e2eDb().select().from(users).where(eq(users.id, userId)).get()!;
}

export function accountRow(accountId: string) {
  return e2eDb().select().from(accounts).where(eq(accounts.id, accountId)).get()!;
}

/** 「インターネット支店(001) 普通 1234567」: how the journey labels a fixture account. */
export function fixtureAccountText(accountId: string): string {
  return `インターネット支店(001) 普通 ${accountRow(accountId).number}`;
}

export function latestRequestOf(userId: string) {
  return e2eDb()
    .select()
    .from(authorizationRequests)
    .where(eq(authorizationRequests.userId, userId))
    .all()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

/**
 * Puts tsunagu01's accounts back to demo-data.md's state (only 2222222 registered), so the
 * specs that walk step 3 as tsunagu01 do not depend on which of them ran first.
 */
export function restoreDemoPinRegistrations() {
  const db = e2eDb();
  const user = db.select().from(users).where(eq(users.loginId, 'tsunagu01')).get()!;
  const demoAccounts = db.select().from(accounts).where(eq(accounts.companyId, user.companyId)).all();
  db.transaction((tx) => {
    for (const account of demoAccounts) {
      tx.update(accounts).set({ pinFailedCount: 0, pinLockedAt: null }).where(eq(accounts.id, account.id)).run();
      if (account.number !== '2222222') {
        tx.delete(apiPinRegistrations).where(eq(apiPinRegistrations.accountId, account.id)).run();
      }
    }
  });
}
