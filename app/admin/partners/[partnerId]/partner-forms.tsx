'use client';
// The partner page's three forms: direct detail edits, the security proposal, the rotation.
import { useTranslations } from 'next-intl';
import type { UseFormRegister } from 'react-hook-form';
import { AdminTextField } from '@/components/admin/admin-fields';
import { AdminFormMessage, type AdminAction } from '@/components/admin/admin-form-bits';
import { PartnerSecurityFields } from '@/components/admin/partner-security-fields';
import { useAdminForm } from '@/components/admin/use-admin-form';
import { secondaryButton } from '@/components/form/buttons';
import { DEFAULT_OVERLAP_DAYS, partnerDetailsSchema, redirectRuleFromEnv, rotationSchema, securityChangeSchema } from '@/lib/admin/partner-schemas';

const securitySchema = securityChangeSchema(redirectRuleFromEnv());
const formClass = 'flex flex-col gap-4';

export interface PartnerFormValues {
  partnerId: string;
  companyName: string;
  serviceName: string;
  websiteUrl: string;
  registrationNumber: string;
  grantPeriodDays: string;
  listedSince: string;
  redirectUris: string;
  scopes: string[];
  securityProfile: 'basic' | 'fapi2';
  jwks: string;
}

export function DetailsForm({ action, values }: { action: AdminAction; values: PartnerFormValues }) {
  const t = useTranslations('adminPartners');
  const { partnerId, companyName, serviceName, websiteUrl, registrationNumber, grantPeriodDays, listedSince } = values;
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(partnerDetailsSchema, action, { partnerId, companyName, serviceName, websiteUrl, registrationNumber, grantPeriodDays, listedSince });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className={formClass}>
      <AdminFormMessage state={state} />
      <input type="hidden" {...register('partnerId')} />
      {(['companyName', 'serviceName', 'websiteUrl', 'registrationNumber', 'grantPeriodDays', 'listedSince'] as const).map((name) => (
        <AdminTextField key={name} name={name} label={t(`fields.${name}`)} errors={errorsFor(name)} register={register(name)} />
      ))}
      <div><button type="submit" disabled={busy} className={secondaryButton}>{t('saveDetails')}</button></div>
    </form>
  );
}

export function SecurityForm({ action, values }: { action: AdminAction; values: PartnerFormValues }) {
  const t = useTranslations('adminPartners');
  const { partnerId, redirectUris, scopes, securityProfile, jwks } = values;
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(securitySchema, action, { partnerId, redirectUris, scopes: scopes as never, securityProfile, jwks });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className={formClass}>
      <AdminFormMessage state={state} />
      <input type="hidden" {...register('partnerId')} />
      <PartnerSecurityFields register={register} errorsFor={errorsFor} />
      <div><button type="submit" disabled={busy} className={secondaryButton}>{t('proposeSecurity')}</button></div>
    </form>
  );
}

export function RotationForm({ action, partnerId }: { action: AdminAction; partnerId: string }) {
  const t = useTranslations('adminPartners');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(rotationSchema, action, { partnerId, overlapDays: String(DEFAULT_OVERLAP_DAYS) });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className={formClass}>
      <AdminFormMessage state={state} />
      <input type="hidden" {...register('partnerId')} />
      <AdminTextField name="overlapDays" label={t('fields.overlapDays')} errors={errorsFor('overlapDays')} register={register('overlapDays')} type="number" />
      <div><button type="submit" disabled={busy} className={secondaryButton}>{t('proposeRotation')}</button></div>
    </form>
  );
}
