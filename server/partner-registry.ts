// The public list of partners (連携先・サービス内容一覧) that the notice page shows.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { partners } from '@/db/schema';

export interface PublicPartner {
  companyName: string;
  serviceName: string;
}

/** Active partners in the notice's order; suspended ones are not offered to customers. */
export function listPublicPartners(db: Db): PublicPartner[] {
  return db
    .select({ companyName: partners.companyName, serviceName: partners.serviceName })
    .from(partners)
    .where(eq(partners.status, 'active'))
    .orderBy(asc(partners.displayOrder), asc(partners.companyName))
    .all();
}
