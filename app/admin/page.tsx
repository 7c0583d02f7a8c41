import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { secondaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { normalizeScopes } from '@/lib/oauth/scopes';
import Link from 'next/link';
import { listActiveLinkages } from '@/server/admin/console';
import { linkageUsage } from '@/server/linkage-insight';
import { requireStaff } from '@/server/admin/staff-session';
import { revokeLinkageAction } from './actions';

export default async function AdminLinkagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q.slice(0, 64) : '';
  const t = await getTranslations('admin.linkages');
  const scopeLabel = await getTranslations('journey.scopes');
  const format = await getFormatter();
  const date = (value: Date) => format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const insight = await getTranslations('linkageInsight');
  const audit = await getTranslations('adminAudit');
  const linkages = await listActiveLinkages(getDb(), query);
  const usage = await linkageUsage(getDb(), linkages.map((l) => l.id));
  const lastAccess = (id: string) => usage.get(id)?.lastReadAt;
  const rows = linkages.map((row) => ({
    key: row.id,
    cells: [
      <TwoLines key="company" main={row.companyName} sub={row.loginId} />,
      <TwoLines key="partner" main={row.partnerServiceName} sub={row.partnerCompanyName} />,
      normalizeScopes(row.scopes).map((s) => scopeLabel(scopeMessageKey(s))).join(t('separator')),
      t('periodValue', { from: date(row.createdAt), to: date(row.expiresAt) }),
      <TwoLines
        key="usage"
        main={lastAccess(row.id) ? format.dateTime(lastAccess(row.id)!, { dateStyle: 'medium', timeStyle: 'short' }) : insight('never')}
        sub={insight('readsValue', { count: usage.get(row.id)?.readsLast30Days ?? 0 })}
      />,
      <Link key="history" href={`/admin/linkages/${row.id}`} className="text-brand-700 underline">{audit('linkageLink')}</Link>,
    ],
    action: (
      <ActionButtonForm action={revokeLinkageAction} fields={{ grantId: row.id }} label={t('revoke')} className="rounded-md bg-red-700 px-3 py-1.5 font-bold text-white hover:bg-red-800" />
    ),
  }));

  return (
    <AdminFrame staff={staff} current="/admin" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <form role="search" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">{t('search')}</label>
          <input id="q" name="q" defaultValue={query} maxLength={64} className="mt-1 w-72 rounded-md border border-slate-400 px-3 py-2" />
        </div>
        <button type="submit" className={secondaryButton}>{t('searchSubmit')}</button>
      </form>
      <AdminTable
        headers={[t('company'), t('partner'), t('operations'), t('period'), insight('usage'), audit('columns.linkage')]}
        actionHeader={staff.role === 'admin' ? t('action') : undefined}
        rows={rows}
        empty={t('empty')}
      />
    </AdminFrame>
  );
}
