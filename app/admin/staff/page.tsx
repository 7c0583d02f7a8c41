import { getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable, TwoLines } from '@/components/admin-table';
import { AdminButtonForm } from '@/components/admin/admin-form-bits';
import { getDb } from '@/db/client';
import { listStaff } from '@/server/admin/staff-accounts';
import { requireStaff } from '@/server/admin/staff-session';
import { createStaffAction, resetStaffPasswordAction, setStaffEnabledAction, setStaffRoleAction } from '../staff-actions';
import { CreateStaffForm, ResetPasswordButton } from './staff-forms';

const button = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-bold hover:bg-slate-100';

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const current = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('adminStaff');
  const roles = await getTranslations('admin.roles');
  const rows = (await listStaff(getDb())).map((member) => {
    const states: ('active' | 'disabled' | 'locked' | 'mustChange')[] = [member.disabledAt ? 'disabled' : 'active', ...(member.lockedAt ? (['locked'] as const) : []), ...(member.mustChangePassword ? (['mustChange'] as const) : [])];
    const self = member.id === current.id;
    return {
      key: member.id,
      cells: [
        <TwoLines key="n" main={`${member.displayName}${self ? t('you') : ''}`} sub={<span className="font-mono">{member.loginId}</span>} />,
        roles(member.role),
        states.map((state) => t(`states.${state}`)).join(' / '),
      ],
      action: self ? null : (
        <div className="flex flex-col gap-2">
          <ResetPasswordButton action={resetStaffPasswordAction} staffId={member.id} loginId={member.loginId} className={button} />
          <AdminButtonForm action={setStaffRoleAction} fields={{ staffId: member.id, role: member.role === 'admin' ? 'auditor' : 'admin' }} label={t(member.role === 'admin' ? 'makeAuditor' : 'makeAdmin')} className={button} />
          <AdminButtonForm action={setStaffEnabledAction} fields={{ staffId: member.id, enabled: member.disabledAt ? 'true' : 'false' }} label={t(member.disabledAt ? 'enable' : 'disable')} className={button} />
        </div>
      ),
    };
  });
  return (
    <AdminFrame staff={current} current="/admin/staff" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <p className="text-sm text-slate-600">{t('lead')}</p>
      <AdminTable headers={[t('displayName'), t('role'), t('state')]} actionHeader={current.role === 'admin' ? t('action') : undefined} rows={rows} empty="" />
      {current.role === 'admin' ? (
        <section aria-labelledby="create-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="create-heading" className="font-bold">{t('createHeading')}</h2>
          <CreateStaffForm action={createStaffAction} />
        </section>
      ) : null}
    </AdminFrame>
  );
}
