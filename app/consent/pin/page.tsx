import { getTranslations } from 'next-intl/server';
import { accountTextFormatter } from '@/components/journey/account-text';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { journeyForPage } from '@/server/journey/current';
import { PinForm } from './pin-form';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('pin') };
}

export default async function PinPage() {
  const journey = await journeyForPage('pin');
  const t = await getTranslations('journey');
  const text = await accountTextFormatter();
  const options = journey.accounts
    .filter((account) => account.state === 'unregistered')
    .map((account) => ({
      id: account.id,
      text: text(account),
      memo: account.memo ? t('account.memo', { memo: account.memo }) : null,
      locked: account.pinLocked,
    }));
  return (
    <JourneyFrame step="pin" facts={journey.facts} partner={journey.partner}>
      <p className="leading-relaxed">{t('pin.lead')}</p>
      <PinForm options={options} />
      <p className="text-sm text-slate-600">{t('pin.note')}</p>
    </JourneyFrame>
  );
}
