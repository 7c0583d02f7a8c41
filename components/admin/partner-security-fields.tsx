'use client';
// Redirect URIs, scopes, profile and JWK Set: the fields that need the two-person rule.
import { useTranslations } from 'next-intl';
import type { UseFormRegister } from 'react-hook-form';
import { SCOPES } from '@/lib/oauth/scopes';
import { scopeMessageKey } from '@/components/journey/scope-label';
import { AdminFieldset, AdminTextField } from './admin-fields';

export function PartnerSecurityFields({ register, errorsFor }: { register: UseFormRegister<Record<string, unknown>>; errorsFor: (name: string) => string[] }) {
  const t = useTranslations('adminPartners');
  const scopeLabel = useTranslations('journey.scopes');
  return (
    <>
      <AdminTextField name="redirectUris" label={t('fields.redirectUris')} hint={t('fields.redirectUrisHint')} errors={errorsFor('redirectUris')} register={register('redirectUris')} multiline mono />
      <AdminFieldset legend={t('fields.scopes')} name="scopes" errors={errorsFor('scopes')}>
        {SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-2">
            <input type="checkbox" value={scope} className="size-5" {...register('scopes')} />
            {scopeLabel(scopeMessageKey(scope))}
          </label>
        ))}
      </AdminFieldset>
      <AdminFieldset legend={t('fields.securityProfile')} name="securityProfile" errors={errorsFor('securityProfile')}>
        {(['basic', 'fapi2'] as const).map((profile) => (
          <label key={profile} className="flex items-center gap-2">
            <input type="radio" value={profile} className="size-5" {...register('securityProfile')} />
            {t(`profiles.${profile}`)}
          </label>
        ))}
      </AdminFieldset>
      <AdminTextField name="jwks" label={t('fields.jwks')} errors={errorsFor('jwks')} register={register('jwks')} multiline mono />
    </>
  );
}
