import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { secondaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { listActiveLinkages } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { revokeLinkageAction } from './actions';

const cell = 'border border-slate-200 px-3 py-2 align-top';

export default async function AdminLinkagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const query = typeof params.q === 'string' ? params.q.slice(0, 64) : '';
  const t = await getTranslations('admin.linkages');
  const scopeLabel = await getTranslations('journey.scopes');
  const format = await getFormatter();
  const rows = listActiveLinkages(getDb(), query);
  const date = (value: Date) => format.dateTime(value, { year: 'numeric', month: '2-digit', day: '2-digit' });

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
      {rows.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left text-sm">
            <thead className="bg-brand-50">
              <tr>
                <th scope="col" className={cell}>{t('company')}</th>
                <th scope="col" className={cell}>{t('partner')}</th>
                <th scope="col" className={cell}>{t('operations')}</th>
                <th scope="col" className={cell}>{t('period')}</th>
                {staff.role === 'admin' ? <th scope="col" className={cell}>{t('action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className={cell}>{row.companyName}<br /><span className="text-slate-500">{row.loginId}</span></td>
                  <td className={cell}>{row.partnerServiceName}<br /><span className="text-slate-500">{row.partnerCompanyName}</span></td>
                  <td className={cell}>{row.scopes.map((s) => scopeLabel(s.split(':')[0] as 'accounts' | 'balances' | 'transactions')).join('、')}</td>
                  <td className={cell}>{date(row.createdAt)} 〜 {date(row.expiresAt)}</td>
                  {staff.role === 'admin' ? (
                    <td className={cell}>
                      <ActionButtonForm action={revokeLinkageAction} fields={{ grantId: row.id }} label={t('revoke')} className="rounded-md bg-red-700 px-3 py-1.5 font-bold text-white hover:bg-red-800" />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminFrame>
  );
}
