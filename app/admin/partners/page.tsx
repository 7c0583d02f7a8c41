import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { getDb } from '@/db/client';
import { listPartnersForStaff } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { setPartnerStatusAction } from '../actions';

const button = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 font-bold hover:bg-slate-100';

export default async function AdminPartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('admin.partners');
  const rows = listPartnersForStaff(getDb()).map((p) => ({
    key: p.id,
    cells: [
      <TwoLines key="name" main={p.serviceName} sub={p.companyName} />,
      <span key="id" className="font-mono">{p.clientId}</span>,
      t('days', { days: p.grantPeriodDays }),
      p.customerChoosesScopes ? t('yes') : t('no'),
      t(`statuses.${p.status}`),
    ],
    action: (
      <ActionButtonForm
        action={setPartnerStatusAction}
        fields={{ partnerId: p.id, status: p.status === 'active' ? 'suspended' : 'active' }}
        label={p.status === 'active' ? t('suspend') : t('reactivate')}
        className={button}
      />
    ),
  }));
  return (
    <AdminFrame staff={staff} current="/admin/partners" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <AdminTable
        headers={[t('partner'), t('clientId'), t('period'), t('chooses'), t('status')]}
        actionHeader={staff.role === 'admin' ? t('action') : undefined}
        rows={rows}
        empty=""
      />
    </AdminFrame>
  );
}
