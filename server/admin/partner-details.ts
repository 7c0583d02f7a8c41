// Edits of a partner that give no credential and move no data elsewhere (names, website,
// period, registration number, notice date) take effect at once, audited with before/after.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { partners } from '@/db/schema';
import type { PartnerDetailsInput } from '@/lib/admin/partner-schemas';
import { recordAudit, type RequestContext } from '../audit';
import { writeTransaction } from '../write-transaction';
import { assertAdmin, type StaffActor } from './console';

const FIELDS = ['companyName', 'serviceName', 'websiteUrl', 'registrationNumber', 'grantPeriodDays', 'listedSince'] as const;

export async function updatePartnerDetails(db: Db, actor: StaffActor, input: PartnerDetailsInput, context: RequestContext): Promise<boolean> {
  assertAdmin(actor);
  return writeTransaction(db, async (tx) => {
    const [partner] = await tx.select().from(partners).where(eq(partners.id, input.partnerId)).limit(1);
    if (!partner) return false;
    const changed = FIELDS.filter((field) => partner[field] !== input[field]);
    if (changed.length === 0) return false;
    const values = Object.fromEntries(changed.map((field) => [field, input[field]]));
    await tx.update(partners).set(values).where(eq(partners.id, partner.id));
    await recordAudit(
      tx,
      {
        event: 'admin.partner_details_changed',
        outcome: 'success',
        actorType: 'staff',
        actorId: actor.id,
        partnerId: partner.id,
        detail: { before: Object.fromEntries(changed.map((field) => [field, partner[field]])), after: values },
      },
      context,
    );
    return true;
  });
}

/** One partner as the console shows it: settings, never a hash. */
export async function partnerForStaff(db: Db, partnerId: string) {
  const [row] = await db.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!row) return undefined;
  const { clientSecretHash: _secret, previousClientSecretHash, ...rest } = row;
  return { ...rest, overlapRunning: previousClientSecretHash !== null && (row.previousSecretExpiresAt?.getTime() ?? 0) > Date.now() };
}
