import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/db/client';
import { formatJapaneseEraDate } from '@/lib/japanese-era';
import { listPublicPartners } from '@/server/partner-registry';
import { SiteHeader } from '@/components/site-header';

// The list comes from the live partner registry, so the page is rendered per request.
export const dynamic = 'force-dynamic';

export default async function NoticePage() {
  const t = await getTranslations('notice');
  const partnerList = await listPublicPartners(getDb());
  const cautions = [t('caution1'), t('caution2'), t('caution3'), t('caution4')];

  return (
    <div className="min-h-screen">
      <SiteHeader />
      <main className="mx-auto max-w-4xl space-y-8 px-4 py-8">
        <div>
          <p className="text-sm text-slate-600">{t('audience')}</p>
          <h1 className="mt-1 text-2xl font-bold">{t('title')}</h1>
          <p className="mt-4 leading-relaxed">{t('intro')}</p>
        </div>

        <section aria-labelledby="partners-heading" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="partners-heading" className="text-lg font-bold">{t('listHeading')}</h2>
            <p className="text-sm text-slate-600">{t('asOf', { date: formatJapaneseEraDate(new Date()) })}</p>
          </div>
          {partnerList.length === 0 ? (
            <p className="mt-4">{t('empty')}</p>
          ) : (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full border-collapse text-left text-sm">
                <thead>
                  <tr className="bg-brand-50">
                    <th scope="col" className="border border-slate-200 px-3 py-2">{t('partnerColumn')}</th>
                    <th scope="col" className="border border-slate-200 px-3 py-2">{t('serviceColumn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {partnerList.map((partner) => (
                    <tr key={partner.companyName + partner.serviceName}>
                      <td className="border border-slate-200 px-3 py-2">
                        {partner.companyName}
                        {partner.registrationNumber ? <span className="block text-xs text-slate-600">{t('registrationNumber', { number: partner.registrationNumber })}</span> : null}
                      </td>
                      <td className="border border-slate-200 px-3 py-2">{t('serviceSuffix', { service: partner.serviceName })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="mt-3 text-xs text-slate-600">{t('serviceNote')}</p>
          <p className="mt-1 text-xs text-slate-600">{t('moreToCome')}</p>
        </section>

        <section aria-labelledby="about-heading" className="space-y-2">
          <h2 id="about-heading" className="text-lg font-bold">{t('aboutHeading')}</h2>
          <p className="leading-relaxed">{t('about1')}</p>
          <p className="leading-relaxed">{t('about2')}</p>
        </section>

        <section aria-labelledby="cautions-heading" className="space-y-2">
          <h2 id="cautions-heading" className="text-lg font-bold">{t('cautionsHeading')}</h2>
          <ul className="list-disc space-y-1 pl-6 leading-relaxed">
            {cautions.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="howto-heading" className="space-y-2">
          <h2 id="howto-heading" className="text-lg font-bold">{t('howToHeading')}</h2>
          <p className="leading-relaxed">{t('howTo')}</p>
          <p>
            <Link href="/linkages" className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800">
              {t('linkagesLink')}
            </Link>
          </p>
        </section>
      </main>
    </div>
  );
}
