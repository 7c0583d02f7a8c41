// Step 3 (照会用暗証番号登録): the customer proves the inquiry PIN on file for one 未登録
// account. Wrong PINs count per account and lock its registration at
// config.pinLockThreshold. A correct PIN only marks the account pending (登録済み*) in
// this request; 許可 makes it effective. The PIN itself is never stored, shown or logged.
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, apiPinRegistrations } from '@/db/schema';
import { config } from '@/lib/config';
import { newId } from '@/lib/crypto';
import type { PinInput } from '@/lib/journey/schemas';
import { recordAudit, type AuditEntry, type DbOrTx, type RequestContext } from '../audit';
import { verifySecret } from '../password-hash';
import { writeTransaction } from '../write-transaction';
import { isRegistrable, listJourneyAccounts } from './accounts';
import { journeyActor } from './audit-context';
import type { ActiveJourney } from './load';

export type RegisterPinResult =
  | { ok: true }
  | { ok: false; reason: 'unavailable' | 'locked' }
  | { ok: false; reason: 'wrong_pin'; remaining: number };

export async function registerInquiryPin(
  db: Db,
  journey: ActiveJourney,
  input: PinInput,
  context: RequestContext,
  now: Date = new Date(),
): Promise<RegisterPinResult> {
  const user = journey.user;
  const listed = journey.accounts.find((account) => account.id === input.accountId);
  const [stored] = listed ? await db.select({ hash: accounts.inquiryPinHash }).from(accounts).where(eq(accounts.id, listed.id)).limit(1) : [];
  // argon2 before the transaction (which may await only the store); the state is checked again inside it.
  const pinOk = stored ? await verifySecret(stored.hash, input.pin) : false;

  return writeTransaction(db, async (tx): Promise<RegisterPinResult> => {
    const audit = (entry: Pick<AuditEntry, 'event' | 'outcome' | 'detail'>) =>
      recordAudit(tx, { ...entry, ...journeyActor(journey), accountId: listed?.id, occurredAt: now }, context);
    const current =
      user && listed ? (await listJourneyAccounts(tx, user.companyId, journey.request.id)).find((a) => a.id === listed.id) : undefined;
    if (!user || !current || !isRegistrable(current)) {
      const reason = current?.pinLocked ? 'locked' : 'unavailable';
      await audit({ event: 'journey.pin_registration', outcome: 'failure', detail: { reason } });
      return { ok: false, reason };
    }
    if (!pinOk) return recordWrongPin(tx, current.id, now, audit);

    await tx.update(accounts).set({ pinFailedCount: 0 }).where(eq(accounts.id, current.id));
    await tx.insert(apiPinRegistrations).values({
      id: newId('pin'),
      accountId: current.id,
      userId: user.id,
      requestId: journey.request.id,
      status: 'pending',
      createdAt: now,
    });
    await audit({ event: 'journey.pin_registration', outcome: 'success', detail: { status: 'pending' } });
    return { ok: true };
  });
}

async function recordWrongPin(
  tx: DbOrTx,
  accountId: string,
  now: Date,
  audit: (entry: Pick<AuditEntry, 'event' | 'outcome' | 'detail'>) => Promise<void>,
): Promise<RegisterPinResult> {
  // An atomic increment that answers the new count, so concurrent wrong PINs (from any
  // process) each see their own number.
  const [updated] = await tx
    .update(accounts)
    .set({ pinFailedCount: sql`${accounts.pinFailedCount} + 1` })
    .where(eq(accounts.id, accountId))
    .returning({ failures: accounts.pinFailedCount });
  const failures = updated?.failures ?? config.pinLockThreshold;
  await audit({ event: 'journey.pin_registration', outcome: 'failure', detail: { reason: 'wrong_pin', failures } });
  if (failures < config.pinLockThreshold) {
    return { ok: false, reason: 'wrong_pin', remaining: config.pinLockThreshold - failures };
  }
  await tx
    .update(accounts)
    .set({ pinLockedAt: now })
    .where(and(eq(accounts.id, accountId), isNull(accounts.pinLockedAt)));
  await audit({ event: 'account.pin_locked', outcome: 'success', detail: { failures } });
  return { ok: false, reason: 'locked' };
}
