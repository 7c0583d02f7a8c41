// Every call of the account-data API is written to the audit trail (partner-api.md):
// partner, linkage, account, range and result. One prepared insert per request keeps it
// cheap; the partner never sees these rows. A successful read also counts for its linkage's day.
import type { Db } from '@/db/client';
import { recordAuditFast, requestContextFrom } from '../audit';
import { countSuccessfulRead } from '../linkage-insight';

export interface ApiReadRecord {
  endpoint: 'accounts' | 'balances' | 'transactions';
  status: number;
  errorCode?: string;
  partnerId: string | null;
  grantId: string | null;
  companyId: string | null;
  accountId: string | null;
  dateFrom?: string;
  dateTo?: string;
  count?: number;
  /** Refused past a limit: counted in a rate_limit.exceeded summary, no row of its own. */
  summarized?: true;
}

export async function recordApiRead(db: Db, request: Request, record: ApiReadRecord, now: Date): Promise<void> {
  const { partnerId, grantId, companyId, accountId, ...detail } = record;
  await recordAuditFast(
    db,
    {
      event: 'api.read',
      outcome: record.status < 400 ? 'success' : 'failure',
      actorType: partnerId ? 'partner' : 'anonymous',
      actorId: partnerId,
      partnerId,
      companyId,
      grantId,
      accountId,
      detail,
      occurredAt: now,
    },
    requestContextFrom(request.headers),
  );
  // The linkage pages' last access and 30-day reads (server/linkage-insight.ts), in the same transaction.
  if (record.status < 400 && grantId && partnerId) await countSuccessfulRead(db, grantId, partnerId, now);
}
