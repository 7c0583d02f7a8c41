import { getTranslations } from 'next-intl/server';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { journeyForPage } from '@/server/journey/current';
import { PasswordLoginForm } from '@/components/form/password-login-form';
import { loginAction } from './actions';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('login') };
}

export default async function LoginPage() {
  const journey = await journeyForPage('login');
  const t = await getTranslations('journey.login');
  return (
    <JourneyFrame step="login" facts={journey.facts} partner={journey.partner}>
      <p className="leading-relaxed">{t('lead')}</p>
      <PasswordLoginForm action={loginAction} labels={{ loginId: t('loginId'), password: t('password'), submit: t('submit') }} />
      <p className="text-sm text-slate-600">{t('note')}</p>
    </JourneyFrame>
  );
}
