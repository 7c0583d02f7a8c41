import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { SiteHeader } from '@/components/site-header';
import { ActionButtonForm } from '@/components/form/action-button-form';
import { primaryButton, secondaryButton } from '@/components/form/buttons';
import { getDb } from '@/db/client';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { normalizeScopes } from '@/lib/oauth/scopes';
import { getCurrentCustomer } from '@/server/customer-session';
import { linkageUsage } from '@/server/linkage-insight';
import { listCompanyLinkages, type LinkageView } from '@/server/linkages';
import { logoutAction, stopLinkageAction } from './actions';

const headerButton = 'rounded-md border border-slate-300 bg-slate-50 px-4 py-1.5 text-sm font-bold text-slate-700 hover:bg-slate-200';
const RESULTS = ['stopped', 'not_found', 'already_ended'] as const;

export default async function LinkagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const customer = await getCurrentCustomer();
  if (!customer) redirect('/linkages/login');
  const params = await searchParams;
  const t = await getTranslations('linkages');
  const scopeLabel = await getTranslations('journey.scopes');
  const accountText = await getTranslations('journey.account');
  const format = await getFormatter();
  const insight = await getTranslations('linkageInsight');
  const linkages = await listCompanyLinkages(getDb(), customer.companyId);
  const usage = await linkageUsage(getDb(), linkages.map((l) => l.id));
  const result = RESULTS.find((r) => r === params.result);
  const confirming = linkages.find((l) => l.id === params.confirm && l.status === 'active');
  const date = (value: Date) => format.dateTime(value, { year: 'numeric', month: 'long', day: 'numeric' });

  const describeAccount = (a: LinkageView['accounts'][number]) =>
    accountText('label', { branch: a.branchName, code: a.branchCode, type: accountText(`types.${a.typeCode as '1' | '2' | '4'}`), number: a.number });

  return (
    <div className="min-h-screen">
      <SiteHeader>
        <div className="flex items-center gap-3 text-sm">
          <span>{t('who', { company: customer.companyName, name: customer.displayName })}</span>
          <ActionButtonForm action={logoutAction} label={t('logout')} className={headerButton} />
        </div>
      </SiteHeader>
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8">
        <div>
          <h1 className="text-2xl font-bold">{t('title')}</h1>
          <p className="mt-2 text-sm text-slate-600">{t('lead')}</p>
        </div>
        {result ? (
          <p role="status" className="rounded border border-brand-600 bg-brand-50 px-4 py-3 text-sm font-medium">
            {t(`results.${result}`)}
          </p>
        ) : null}
        {confirming ? (
          <section aria-labelledby="confirm-heading" className="rounded-lg border-2 border-amber-500 bg-amber-50 p-5">
            <h2 id="confirm-heading" className="font-bold">{t('confirm.title', { service: confirming.partnerServiceName })}</h2>
            <p className="mt-2 text-sm">{t('confirm.body')}</p>
            <div className="mt-4 flex flex-wrap gap-3">
              <ActionButtonForm action={stopLinkageAction} fields={{ grantId: confirming.id }} label={t('confirm.submit')} className={primaryButton} />
              <Link href="/linkages" className={secondaryButton}>{t('confirm.back')}</Link>
            </div>
          </section>
        ) : null}
        {linkages.length === 0 ? (
          <p className="rounded-lg bg-white p-5 ring-1 ring-slate-200">{t('empty')}</p>
        ) : (
          <ul className="space-y-4">
            {linkages.map((linkage) => (
              <li key={linkage.id} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <h2 className="font-bold">{t('partner', { service: linkage.partnerServiceName, company: linkage.partnerCompanyName })}</h2>
                    <p className="mt-1 text-sm">
                      <span className={linkage.status === 'active' ? 'font-bold text-brand-700' : 'text-slate-500'}>{t(`status.${linkage.status}`)}</span>
                      {' · '}
                      {t('period', { from: date(linkage.createdAt), to: date(linkage.expiresAt) })}
                    </p>
                  </div>
                  {linkage.status === 'active' ? (
                    <Link href={`/linkages?confirm=${linkage.id}`} className={secondaryButton}>{t('stop')}</Link>
                  ) : null}
                </div>
                <dl className="mt-3 grid gap-1 text-sm sm:grid-cols-[8rem_1fr]">
                  <dt className="text-slate-600">{t('operations')}</dt>
                  <dd>{normalizeScopes(linkage.scopes).map((s) => scopeLabel(scopeMessageKey(s))).join(t('separator'))}</dd>
                  <dt className="text-slate-600">{t('accounts')}</dt>
                  <dd>{linkage.accounts.map(describeAccount).join(t('separator'))}</dd>
                  <dt className="text-slate-600">{insight('lastAccess')}</dt>
                  <dd>{usage.get(linkage.id)?.lastReadAt ? format.dateTime(usage.get(linkage.id)!.lastReadAt!, { dateStyle: 'long', timeStyle: 'short' }) : insight('never')}</dd>
                  <dt className="text-slate-600">{insight('reads')}</dt>
                  <dd>{insight('readsValue', { count: usage.get(linkage.id)?.readsLast30Days ?? 0 })}</dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm text-slate-600">{t('phoneNote')}</p>
      </main>
    </div>
  );
}
