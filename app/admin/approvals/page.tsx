import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { getDb } from '@/db/client';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { listPendingChanges } from '@/server/admin/partner-changes';
import { requireStaff } from '@/server/admin/staff-session';
import { approveChangeAction, rejectChangeAction } from '../registry-actions';
import { DecisionButtons } from './decision-buttons';

type Proposed = { serviceName?: string; companyName?: string; clientId?: string; redirectUris?: string[]; scopes?: string[]; securityProfile?: string; overlapDays?: number; registrationNumber?: string | null };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('adminApprovals');
  const tp = await getTranslations('adminPartners');
  const scopeLabel = await getTranslations('journey.scopes');
  const format = await getFormatter();
  const rows = (await listPendingChanges(getDb())).map((change) => {
    const proposed = change.proposed as Proposed;
    const partner = change.kind === 'register'
      ? <TwoLines key="p" main={t('newPartner', { service: proposed.serviceName ?? '', company: proposed.companyName ?? '' })} sub={<span className="font-mono">{proposed.clientId}</span>} />
      : <TwoLines key="p" main={t('newPartner', { service: change.partnerServiceName ?? '', company: change.partnerCompanyName ?? '' })} sub={<span className="font-mono">{change.partnerClientId}</span>} />;
    const details = (
      <ul key="d" className="space-y-0.5 text-xs">
        {proposed.redirectUris?.map((uri) => <li key={uri} className="font-mono break-all">{uri}</li>)}
        {proposed.scopes ? <li>{normalizeScopes(proposed.scopes).map((s) => scopeLabel(scopeMessageKey(s))).join('、')}</li> : null}
        {proposed.securityProfile ? <li>{tp(`profiles.${proposed.securityProfile as 'basic' | 'fapi2'}`)}</li> : null}
        {proposed.registrationNumber ? <li>{proposed.registrationNumber}</li> : null}
        {proposed.overlapDays !== undefined ? <li>{t('overlapValue', { days: proposed.overlapDays })}</li> : null}
      </ul>
    );
    return {
      key: change.id,
      cells: [
        <span key="k" className="whitespace-nowrap">{t(`kinds.${change.kind}`)}</span>,
        partner,
        <TwoLines key="w" main={change.proposerName} sub={format.dateTime(change.createdAt, { dateStyle: 'medium', timeStyle: 'short' })} />,
        details,
      ],
      action: <DecisionButtons changeId={change.id} approve={approveChangeAction} reject={rejectChangeAction} />,
    };
  });
  return (
    <AdminFrame staff={staff} current="/admin/approvals" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <AdminTable headers={[t('kind'), t('partner'), t('proposer'), t('details')]} actionHeader={staff.role === 'admin' ? t('action') : undefined} rows={rows} empty={t('empty')} />
    </AdminFrame>
  );
}
