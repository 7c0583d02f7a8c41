import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { PartnerBanner } from '@/components/journey/partner-banner';
import { primaryButton } from '@/components/form/buttons';
import { stepPath } from '@/lib/journey/steps';
import { currentJourney } from '@/server/journey/current';

export async function generateMetadata() {
  const t = await getTranslations('journey.unavailable');
  return { title: t('title') };
}

/** No request, an expired one, or one already ended: say so, and offer the way back. */
export default async function UnavailablePage() {
  const journey = await currentJourney();
  if (journey.status === 'active') redirect(stepPath(journey.step));
  const t = await getTranslations('journey.unavailable');
  return (
    <section aria-labelledby="unavailable-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h1
        id="unavailable-title"
        className="border-b border-slate-200 border-l-4 border-l-red-700 px-4 py-4 text-lg font-bold sm:px-6 sm:text-xl"
      >
        {t('title')}
      </h1>
      <div className="flex flex-col gap-5 px-4 py-5 sm:px-6 sm:py-6">
        {journey.status !== 'missing' ? (
          <PartnerBanner serviceName={journey.partner.serviceName} companyName={journey.partner.companyName} />
        ) : null}
        <p className="leading-relaxed text-slate-800">{t(journey.status)}</p>
        {journey.status !== 'missing' && journey.returnUrl ? (
          <p>
            <a href={journey.returnUrl} className={primaryButton}>
              {t('back')}
            </a>
          </p>
        ) : null}
      </div>
    </section>
  );
}
