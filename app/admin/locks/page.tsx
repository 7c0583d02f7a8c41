import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { getDb } from '@/db/client';
import { listLockedUsers, listPinLockedAccounts } from '@/server/admin/console';
import { requireStaff } from '@/server/admin/staff-session';
import { unlockPinAction, unlockUserAction } from '../actions';

const cell = 'border border-slate-200 px-3 py-2 align-top';
const button = 'rounded-md border border-slate-400 bg-white px-3 py-1.5 font-bold hover:bg-slate-100';

export default async function AdminLocksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const params = await searchParams;
  const t = await getTranslations('admin.locks');
  const accountText = await getTranslations('journey.account');
  const format = await getFormatter();
  const db = getDb();
  const lockedUsers = listLockedUsers(db);
  const lockedAccounts = listPinLockedAccounts(db);
  const when = (value: Date | null) => (value ? format.dateTime(value, { dateStyle: 'medium', timeStyle: 'short' }) : '');

  return (
    <AdminFrame staff={staff} current="/admin/locks" title={t('title')} result={typeof params.result === 'string' ? params.result : undefined}>
      <section aria-labelledby="users-heading" className="space-y-2">
        <h2 id="users-heading" className="font-bold">{t('users')}</h2>
        {lockedUsers.length === 0 ? (
          <p className="text-sm">{t('noUsers')}</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <thead className="bg-brand-50">
              <tr>
                <th scope="col" className={cell}>{t('company')}</th>
                <th scope="col" className={cell}>{t('loginId')}</th>
                <th scope="col" className={cell}>{t('lockedAt')}</th>
                {staff.role === 'admin' ? <th scope="col" className={cell}>{t('action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {lockedUsers.map((u) => (
                <tr key={u.id}>
                  <td className={cell}>{u.companyName}</td>
                  <td className={`${cell} font-mono`}>{u.loginId}</td>
                  <td className={cell}>{when(u.lockedAt)}</td>
                  {staff.role === 'admin' ? (
                    <td className={cell}>
                      <ActionButtonForm action={unlockUserAction} fields={{ userId: u.id }} label={t('unlock')} className={button} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="pins-heading" className="space-y-2">
        <h2 id="pins-heading" className="font-bold">{t('pins')}</h2>
        {lockedAccounts.length === 0 ? (
          <p className="text-sm">{t('noPins')}</p>
        ) : (
          <table className="w-full border-collapse bg-white text-left text-sm">
            <thead className="bg-brand-50">
              <tr>
                <th scope="col" className={cell}>{t('company')}</th>
                <th scope="col" className={cell}>{t('account')}</th>
                <th scope="col" className={cell}>{t('lockedAt')}</th>
                {staff.role === 'admin' ? <th scope="col" className={cell}>{t('action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {lockedAccounts.map((a) => (
                <tr key={a.id}>
                  <td className={cell}>{a.companyName}</td>
                  <td className={cell}>
                    {accountText('label', { branch: a.branchName, code: a.branchCode, type: accountText(`types.${a.typeCode}`), number: a.number })}
                  </td>
                  <td className={cell}>{when(a.lockedAt)}</td>
                  {staff.role === 'admin' ? (
                    <td className={cell}>
                      <ActionButtonForm action={unlockPinAction} fields={{ accountId: a.id }} label={t('unlock')} className={button} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminFrame>
  );
}
