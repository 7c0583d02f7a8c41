// The company's accounts as the journey shows them (journey.md steps 3–5): 登録済み
// (registered for API use), 登録済み* (registered during this request, effective on 許可)
// or 未登録. Plain objects: never the PIN hash.
import { asc, eq, inArray } from 'drizzle-orm';
import { accounts, apiPinRegistrations, branches } from '@/db/schema';
import type { DbOrTx } from '../audit';

export type RegistrationState = 'registered' | 'pending' | 'unregistered';

export interface JourneyAccount {
  id: string;
  branchCode: string;
  branchName: string;
  typeCode: '1' | '2' | '4';
  number: string;
  memo: string | null;
  state: RegistrationState;
  /** PIN registration stopped after too many wrong PINs. */
  pinLocked: boolean;
}

export async function listJourneyAccounts(db: DbOrTx, companyId: string, requestId: string): Promise<JourneyAccount[]> {
  const rows = await db
    .select({
      id: accounts.id,
      branchCode: accounts.branchCode,
      branchName: branches.name,
      typeCode: accounts.typeCode,
      number: accounts.number,
      memo: accounts.memo,
      pinLockedAt: accounts.pinLockedAt,
    })
    .from(accounts)
    .innerJoin(branches, eq(branches.code, accounts.branchCode))
    .where(eq(accounts.companyId, companyId))
    .orderBy(asc(accounts.branchCode), asc(accounts.typeCode), asc(accounts.number));
  if (rows.length === 0) return [];
  const registrations = await db
    .select({
      accountId: apiPinRegistrations.accountId,
      status: apiPinRegistrations.status,
      requestId: apiPinRegistrations.requestId,
    })
    .from(apiPinRegistrations)
    .where(
      inArray(
        apiPinRegistrations.accountId,
        rows.map((row) => row.id),
      ),
    );
  const stateOf = (accountId: string): RegistrationState => {
    const mine = registrations.filter((r) => r.accountId === accountId);
    if (mine.some((r) => r.status === 'effective')) return 'registered';
    if (mine.some((r) => r.status === 'pending' && r.requestId === requestId)) return 'pending';
    return 'unregistered';
  };
  return rows.map(({ pinLockedAt, ...row }) => ({ ...row, state: stateOf(row.id), pinLocked: pinLockedAt !== null }));
}

export function isRegistrable(account: JourneyAccount): boolean {
  return account.state === 'unregistered' && !account.pinLocked;
}

/** Accounts a consent covers: every account registered for API use, pending ones included. */
export function grantableAccounts(list: JourneyAccount[]): JourneyAccount[] {
  return list.filter((account) => account.state !== 'unregistered');
}
