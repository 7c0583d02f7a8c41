import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginPage } from '@/components/login-page';
import { getCurrentCustomer } from '@/server/customer-session';
import { linkagesLoginAction } from './actions';

export default async function LinkagesLoginPage() {
  if (await getCurrentCustomer()) redirect('/linkages');
  const t = await getTranslations('linkages.login');
  return (
    <LoginPage
      title={t('title')}
      lead={t('lead')}
      action={linkagesLoginAction}
      labels={{ loginId: t('loginId'), password: t('password'), submit: t('submit') }}
    />
  );
}
