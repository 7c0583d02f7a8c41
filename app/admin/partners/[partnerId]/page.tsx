import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { AdminFrame } from '@/components/admin-frame';
import { getDb } from '@/db/client';
import { partnerForStaff } from '@/server/admin/partner-details';
import { requireStaff } from '@/server/admin/staff-session';
import { proposeRotationAction, proposeSecurityChangeAction, updatePartnerDetailsAction } from '../../registry-actions';
import { DetailsForm, RotationForm, SecurityForm } from './partner-forms';

const section = 'space-y-3 rounded-lg border border-slate-200 bg-white p-5';

export default async function PartnerPage({ params, searchParams }: { params: Promise<{ partnerId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const { partnerId } = await params;
  const query = await searchParams;
  const partner = /^ptn_[a-z2-7]{1,40}$/.test(partnerId) ? await partnerForStaff(getDb(), partnerId) : undefined;
  if (!partner) notFound();
  const t = await getTranslations('adminPartners');
  const format = await getFormatter();
  const values = {
    partnerId: partner.id,
    companyName: partner.companyName,
    serviceName: partner.serviceName,
    websiteUrl: partner.websiteUrl ?? '',
    registrationNumber: partner.registrationNumber ?? '',
    grantPeriodDays: String(partner.grantPeriodDays),
    listedSince: partner.listedSince ?? '',
    redirectUris: partner.redirectUris.join('\n'),
    scopes: partner.scopes,
    securityProfile: partner.securityProfile,
    jwks: partner.jwks ? JSON.stringify(partner.jwks, null, 2) : '',
  };
  return (
    <AdminFrame staff={staff} current="/admin/partners" title={t('detailTitle')} result={typeof query.result === 'string' ? query.result : undefined}>
      <p className="font-bold">{t('heading', { service: partner.serviceName, clientId: partner.clientId })}</p>
      <section aria-labelledby="details-heading" className={section}>
        <h2 id="details-heading" className="font-bold">{t('detailsHeading')}</h2>
        <p className="text-sm text-slate-600">{t('detailsLead')}</p>
        <DetailsForm action={updatePartnerDetailsAction} values={values} />
      </section>
      <section aria-labelledby="security-heading" className={section}>
        <h2 id="security-heading" className="font-bold">{t('securityHeading')}</h2>
        <p className="text-sm text-slate-600">{t('securityLead')}</p>
        <SecurityForm action={proposeSecurityChangeAction} values={values} />
      </section>
      {partner.securityProfile === 'basic' ? (
        <section aria-labelledby="rotation-heading" className={section}>
          <h2 id="rotation-heading" className="font-bold">{t('rotationHeading')}</h2>
          <p className="text-sm text-slate-600">{t('rotationLead')}</p>
          {partner.overlapRunning && partner.previousSecretExpiresAt ? (
            <p className="text-sm font-medium">{t('overlapRunning', { until: format.dateTime(partner.previousSecretExpiresAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
          ) : null}
          <RotationForm action={proposeRotationAction} partnerId={partner.id} />
        </section>
      ) : null}
      <p><Link href="/admin/partners" className="text-brand-700 underline">{t('back')}</Link></p>
    </AdminFrame>
  );
}
