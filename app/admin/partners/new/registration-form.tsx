'use client';
import { useTranslations } from 'next-intl';
import type { UseFormRegister } from 'react-hook-form';
import { AdminTextField } from '@/components/admin/admin-fields';
import { AdminFormMessage, type AdminAction } from '@/components/admin/admin-form-bits';
import { PartnerSecurityFields } from '@/components/admin/partner-security-fields';
import { useAdminForm } from '@/components/admin/use-admin-form';
import { SubmitButton } from '@/components/form/submit-button';
import { redirectRuleFromEnv, registrationSchema } from '@/lib/admin/partner-schemas';

const schema = registrationSchema(redirectRuleFromEnv());

export function RegistrationForm({ action }: { action: AdminAction }) {
  const t = useTranslations('adminPartners');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useAdminForm(schema, action, {
    companyName: '', serviceName: '', websiteUrl: '', registrationNumber: '', grantPeriodDays: '90', listedSince: '', redirectUris: '', scopes: [], securityProfile: 'basic', jwks: '',
  });
  const register = form.register as unknown as UseFormRegister<Record<string, unknown>>;
  const text = (name: 'companyName' | 'serviceName' | 'websiteUrl' | 'grantPeriodDays' | 'listedSince', type = 'text') => (
    <AdminTextField name={name} label={t(`fields.${name}`)} errors={errorsFor(name)} register={register(name)} type={type} />
  );
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-5">
      <AdminFormMessage state={state} />
      {text('companyName')}
      {text('serviceName')}
      {text('websiteUrl', 'url')}
      <AdminTextField name="registrationNumber" label={t('fields.registrationNumber')} hint={t('fields.registrationNumberHint')} errors={errorsFor('registrationNumber')} register={register('registrationNumber')} />
      <PartnerSecurityFields register={register} errorsFor={errorsFor} />
      <label className="flex items-center gap-2 font-bold">
        <input type="checkbox" className="size-5" {...register('customerChoosesScopes')} value="on" />
        {t('fields.customerChoosesScopes')}
      </label>
      {text('grantPeriodDays', 'number')}
      {text('listedSince')}
      <div>
        <SubmitButton busy={busy}>{t('submitRegistration')}</SubmitButton>
      </div>
    </form>
  );
}
