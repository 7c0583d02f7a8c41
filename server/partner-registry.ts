// The public list of partners (連携先・サービス内容一覧) that the notice page shows.
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { partners } from '@/db/schema';
import { jstDate } from '@/lib/jst';

export interface PublicPartner {
  companyName: string;
  serviceName: string;
  registrationNumber: string | null;
}

/**
 * Active partners in the notice's order; suspended ones are not offered to customers, and
 * one with a listed-from date appears from that (JST) day on.
 */
export async function listPublicPartners(db: Db, today: string = jstDate()): Promise<PublicPartner[]> {
  return db
    .select({ companyName: partners.companyName, serviceName: partners.serviceName, registrationNumber: partners.registrationNumber })
    .from(partners)
    .where(and(eq(partners.status, 'active'), or(isNull(partners.listedSince), lte(partners.listedSince, today))))
    .orderBy(asc(partners.displayOrder), asc(partners.companyName));
}
