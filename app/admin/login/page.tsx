import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginPage } from '@/components/login-page';
import { getCurrentStaff } from '@/server/admin/staff-session';
import { adminLoginAction } from './actions';

export default async function AdminLoginPage() {
  if (await getCurrentStaff()) redirect('/admin');
  const t = await getTranslations('admin.login');
  return (
    <LoginPage
      title={t('title')}
      lead={t('lead')}
      action={adminLoginAction}
      labels={{ loginId: t('loginId'), password: t('password'), submit: t('submit') }}
    />
  );
}
