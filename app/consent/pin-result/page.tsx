import { getTranslations } from 'next-intl/server';
import { secondaryButton } from '@/components/form/buttons';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { isRegistrable } from '@/server/journey/accounts';
import { journeyForPage } from '@/server/journey/current';
import { AccountTable } from './account-table';
import { ConfirmForm } from './confirm-form';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('pinResult') };
}

export default async function PinResultPage() {
  const journey = await journeyForPage('pin-result');
  const t = await getTranslations('journey.pinResult');
  const canAddMore = journey.accounts.some(isRegistrable);
  const anyLocked = journey.accounts.some((account) => account.state === 'unregistered' && account.pinLocked);
  return (
    <JourneyFrame step="pin-result" facts={journey.facts} partner={journey.partner}>
      <div className="leading-relaxed">
        <p>{t('lead1')}</p>
        <p>{t('lead2')}</p>
        {canAddMore ? <p>{t('lead3')}</p> : null}
      </div>
      <AccountTable accounts={journey.accounts} />
      <div className="text-sm text-slate-700">
        <p>{t('pendingNote')}</p>
        {anyLocked ? <p>{t('lockedNote')}</p> : null}
      </div>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        {canAddMore ? (
          // A plain GET: adding another PIN only goes back to step 3; the server decides if it may.
          <form action="/consent/pin" method="get">
            <button type="submit" className={`${secondaryButton} w-full sm:w-auto`}>
              {t('addMore')}
            </button>
          </form>
        ) : null}
        <ConfirmForm />
      </div>
    </JourneyFrame>
  );
}
