import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { AdminButtonForm } from '@/components/admin/admin-form-bits';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { primaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { listPartnersForStaff } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { setPartnerStatusAction } from '../actions';
import { reactivatePartnerAction } from '../registry-actions';

const button = 'whitespace-nowrap rounded-md border border-slate-400 bg-white px-3 py-1.5 font-bold hover:bg-slate-100';
const link = 'font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800';

export default async function AdminPartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('admin.partners');
  const tr = await getTranslations('adminPartners');
  const rows = (await listPartnersForStaff(getDb())).map((p) => ({
    key: p.id,
    cells: [
      <TwoLines key="name" main={<Link href={`/admin/partners/${p.id}`} className={link}>{p.serviceName}</Link>} sub={p.companyName} />,
      <TwoLines key="id" main={<span className="font-mono">{p.clientId}</span>} sub={p.securityProfile} />,
      p.registrationNumber ?? '—',
      t('days', { days: p.grantPeriodDays }),
      p.customerChoosesScopes ? t('yes') : t('no'),
      <span key="status" className="whitespace-nowrap">{t(`statuses.${p.status}`)}</span>,
    ],
    action:
      p.status === 'active' ? (
        <ActionButtonForm action={setPartnerStatusAction} fields={{ partnerId: p.id, status: 'suspended' }} label={t('suspend')} className={button} />
      ) : (
        <AdminButtonForm action={reactivatePartnerAction} fields={{ partnerId: p.id }} label={t('reactivate')} className={button} />
      ),
  }));
  return (
    <AdminFrame staff={staff} current="/admin/partners" title={t('title')} wide result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <p>
        <Link href="/admin/partners/new" className={primaryButton}>{tr('register')}</Link>
      </p>
      <AdminTable
        headers={[t('partner'), t('clientId'), tr('registrationNumberColumn'), t('period'), t('chooses'), t('status')]}
        actionHeader={staff.role === 'admin' ? t('action') : undefined}
        rows={rows}
        empty=""
      />
    </AdminFrame>
  );
}
