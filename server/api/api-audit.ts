// Every call of the account-data API is written to the audit trail (partner-api.md):
// partner, linkage, account, range and result. One prepared insert per request keeps it
// cheap; the partner never sees these rows.
import { jstIso } from '@/lib/jst';
import { requestContextFrom } from '../audit';
import type { ApiStatements } from './statements';

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
}

export function recordApiRead(statements: ApiStatements, request: Request, record: ApiReadRecord, now: Date): void {
  const context = requestContextFrom(request.headers);
  const { partnerId, grantId, companyId, accountId, ...detail } = record;
  statements.auditRead.run({
    occurredAt: jstIso(now),
    outcome: record.status < 400 ? 'success' : 'failure',
    actorType: partnerId ? 'partner' : 'anonymous',
    partnerId,
    companyId,
    grantId,
    accountId,
    ip: context.ip,
    userAgent: context.userAgent?.slice(0, 512) ?? null,
    detail,
  });
}
