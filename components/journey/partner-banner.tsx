import { getTranslations } from 'next-intl/server';

export async function PartnerBanner({ serviceName, companyName, registrationNumber }: { serviceName: string; companyName: string; registrationNumber?: string | null }) {
  const t = await getTranslations('journey.frame');
  return (
    <div className="flex flex-col gap-0.5 rounded-md border border-brand-100 bg-brand-50 px-4 py-3 sm:flex-row sm:items-baseline sm:gap-4">
      <span className="text-xs font-bold tracking-wide text-brand-700">{t('partnerLabel')}</span>
      <span className="text-base font-bold text-slate-900" data-testid="partner-name">
        {t('partnerName', { service: serviceName, company: companyName })}
      </span>
      {registrationNumber ? (
        <span className="text-sm text-slate-700" data-testid="partner-registration-number">
          {t('registrationNumber', { number: registrationNumber })}
        </span>
      ) : null}
    </div>
  );
}
