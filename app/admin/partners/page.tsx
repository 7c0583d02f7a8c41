import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { getDb } from '@/db/client';
import { listPartnersForStaff } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { setPartnerStatusAction } from '../actions';

const cell = 'border border-slate-200 px-3 py-2 align-top';
const button = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 font-bold hover:bg-slate-100';

export default async function AdminPartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('admin.partners');
  const partnerRows = listPartnersForStaff(getDb());
  return (
    <AdminFrame staff={staff} current="/admin/partners" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-left text-sm">
          <thead className="bg-brand-50">
            <tr>
              <th scope="col" className={cell}>{t('partner')}</th>
              <th scope="col" className={cell}>{t('clientId')}</th>
              <th scope="col" className={cell}>{t('period')}</th>
              <th scope="col" className={cell}>{t('chooses')}</th>
              <th scope="col" className={cell}>{t('status')}</th>
              {staff.role === 'admin' ? <th scope="col" className={cell}>{t('action')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {partnerRows.map((p) => (
              <tr key={p.id}>
                <td className={cell}>{p.serviceName}<br /><span className="text-slate-500">{p.companyName}</span></td>
                <td className={`${cell} font-mono`}>{p.clientId}</td>
                <td className={cell}>{t('days', { days: p.grantPeriodDays })}</td>
                <td className={cell}>{p.customerChoosesScopes ? t('yes') : t('no')}</td>
                <td className={cell}>{t(`statuses.${p.status}`)}</td>
                {staff.role === 'admin' ? (
                  <td className={cell}>
                    <ActionButtonForm
                      action={setPartnerStatusAction}
                      fields={{ partnerId: p.id, status: p.status === 'active' ? 'suspended' : 'active' }}
                      label={p.status === 'active' ? t('suspend') : t('reactivate')}
                      className={button}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminFrame>
  );
}
