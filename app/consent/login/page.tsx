import { getTranslations } from 'next-intl/server';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { journeyForPage } from '@/server/journey/current';
import { LoginForm } from './login-form';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('login') };
}

export default async function LoginPage() {
  const journey = await journeyForPage('login');
  const t = await getTranslations('journey.login');
  return (
    <JourneyFrame step="login" facts={journey.facts} partner={journey.partner}>
      <p className="leading-relaxed">{t('lead')}</p>
      <LoginForm />
      <p className="text-sm text-slate-600">{t('note')}</p>
    </JourneyFrame>
  );
}
