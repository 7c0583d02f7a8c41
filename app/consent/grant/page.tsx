import { getFormatter, getTranslations } from 'next-intl/server';
import { accountTextFormatter } from '@/components/journey/account-text';
import { JourneyFrame } from '@/components/journey/journey-frame';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { grantPeriod } from '@/lib/journey/grant-period';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { grantableAccounts } from '@/server/journey/accounts';
import { grantedScopes } from '@/server/journey/approve';
import { journeyForPage } from '@/server/journey/current';
import { GrantForm } from './grant-form';

export async function generateMetadata() {
  return { title: (await getTranslations('journey.steps'))('grant') };
}

const heading = 'mb-2 font-bold text-slate-900';
const box = 'rounded-md border border-slate-300 bg-slate-50 px-4 py-3';

export default async function GrantPage() {
  const journey = await journeyForPage('grant');
  const t = await getTranslations('journey');
  const format = await getFormatter();
  const text = await accountTextFormatter();
  const partner = t('frame.partnerName', { service: journey.partner.serviceName, company: journey.partner.companyName });
  const accounts = grantableAccounts(journey.accounts);
  const period = grantPeriod(journey.partner.grantPeriodDays);
  const day = (isoDate: string) =>
    format.dateTime(new Date(`${isoDate}T12:00:00+09:00`), { year: 'numeric', month: 'long', day: 'numeric' });

  return (
    <JourneyFrame step="grant" facts={journey.facts} partner={journey.partner}>
      <div className="flex flex-col gap-1 leading-relaxed">
        <p>{t('grant.intro1', { partner })}</p>
        <p>{t('grant.intro2', { partner })}</p>
        <p>{t('grant.intro3')}</p>
      </div>

      <section aria-labelledby="scope-title">
        <h2 id="scope-title" className={heading}>{t('grant.scopeTitle')}</h2>
        <dl className={`${box} grid gap-3 sm:grid-cols-[8rem_1fr]`}>
          <dt className="font-bold text-slate-700">{t('grant.operationsLabel')}</dt>
          <dd>
            <ul className="flex flex-wrap gap-x-4 gap-y-1" data-testid="granted-operations">
              {normalizeScopes(grantedScopes(journey)).map((scope) => (
                <li key={scope}>{t(`scopes.${scopeMessageKey(scope)}`)}</li>
              ))}
            </ul>
          </dd>
          <dt className="font-bold text-slate-700">{t('grant.accountsLabel')}</dt>
          <dd>
            <ul className="flex flex-col gap-1" data-testid="granted-accounts">
              {accounts.map((account) => (
                <li key={account.id}>{text(account)}</li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="period-title">
        <h2 id="period-title" className={heading}>{t('grant.periodTitle')}</h2>
        <div className={box}>
          <p className="font-bold" data-testid="grant-period">
            {t('grant.period', { start: day(period.startDate), end: day(period.endDate), days: journey.partner.grantPeriodDays })}
          </p>
          <p className="mt-1 text-sm text-slate-600">{t('grant.periodNote')}</p>
        </div>
      </section>

      <section aria-labelledby="confirm-title">
        <h2 id="confirm-title" className={heading}>{t('grant.confirmTitle')}</h2>
        <div className={`${box} flex flex-col gap-2 text-sm leading-relaxed sm:text-base`}>
          <p>{t('grant.confirm1', { partner })}</p>
          {journey.partner.websiteUrl ? (
            <p>
              <a
                href={journey.partner.websiteUrl}
                target="_blank"
                rel="noopener noreferrer"
                className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800"
              >
                {t('grant.website', { partner })}
              </a>
            </p>
          ) : null}
          <p>{t('grant.confirm2', { partner })}</p>
          <p>{t('grant.confirm3')}</p>
          <p>{t('grant.confirm4')}</p>
          <p>{t('grant.confirm5')}</p>
        </div>
      </section>

      {accounts.length > 0 ? (
        <GrantForm />
      ) : (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-4 py-3 font-medium text-red-800">
          {t('errors.noAccounts')}
        </p>
      )}
    </JourneyFrame>
  );
}
