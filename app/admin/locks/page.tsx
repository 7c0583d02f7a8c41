import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { AdminTable } from '@/components/admin-table';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { getDb } from '@/db/client';
import { listLockedStaff, listLockedUsers, listPinLockedAccounts } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { unlockPinAction, unlockStaffAction, unlockUserAction } from '../actions';

const button = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 font-bold hover:bg-slate-100';

export default async function AdminLocksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('admin.locks');
  const accountText = await getTranslations('journey.account');
  const format = await getFormatter();
  const db = getDb();
  const when = (value: Date | null) => (value ? format.dateTime(value, { dateStyle: 'medium', timeStyle: 'short' }) : '');
  const actionHeader = staff.role === 'admin' ? t('action') : undefined;

  const userRows = (await listLockedUsers(db)).map((u) => ({
    key: u.id,
    cells: [u.companyName, <span key="id" className="font-mono">{u.loginId}</span>, when(u.lockedAt)],
    action: <ActionButtonForm action={unlockUserAction} fields={{ userId: u.id }} label={t('unlock')} className={button} />,
  }));
  const accountRows = (await listPinLockedAccounts(db)).map((a) => ({
    key: a.id,
    cells: [
      a.companyName,
      accountText('label', { branch: a.branchName, code: a.branchCode, type: accountText(`types.${a.typeCode}`), number: a.number }),
      when(a.lockedAt),
    ],
    action: <ActionButtonForm action={unlockPinAction} fields={{ accountId: a.id }} label={t('unlock')} className={button} />,
  }));

  const staffRows = (await listLockedStaff(db)).map((m) => ({
    key: m.id,
    cells: [m.displayName, <span key="id" className="font-mono">{m.loginId}</span>, when(m.lockedAt), when(m.endsAt)],
    action: <ActionButtonForm action={unlockStaffAction} fields={{ staffId: m.id }} label={t('unlock')} className={button} />,
  }));

  return (
    <AdminFrame staff={staff} current="/admin/locks" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <section aria-labelledby="users-heading" className="space-y-2">
        <h2 id="users-heading" className="font-bold">{t('users')}</h2>
        <AdminTable headers={[t('company'), t('loginId'), t('lockedAt')]} actionHeader={actionHeader} rows={userRows} empty={t('noUsers')} />
      </section>
      <section aria-labelledby="staff-heading" className="space-y-2">
        <h2 id="staff-heading" className="font-bold">{t('staff')}</h2>
        <AdminTable headers={[t('staffName'), t('loginId'), t('lockedAt'), t('endsAt')]} actionHeader={actionHeader} rows={staffRows} empty={t('noStaff')} />
      </section>
      <section aria-labelledby="pins-heading" className="space-y-2">
        <h2 id="pins-heading" className="font-bold">{t('pins')}</h2>
        <AdminTable headers={[t('company'), t('account'), t('lockedAt')]} actionHeader={actionHeader} rows={accountRows} empty={t('noPins')} />
      </section>
    </AdminFrame>
  );
}
