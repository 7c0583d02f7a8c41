'use client';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/form/submit-button';
import { FieldError } from '@/components/form/field-error';
import { FormMessage } from '@/components/form/form-message';
import { inputClass, labelClass } from '@/components/form/fields';
import { useJourneyForm } from '@/components/form/use-journey-form';
import { loginSchema } from '@/lib/journey/schemas';
import { loginAction } from './actions';

export function LoginForm() {
  const t = useTranslations('journey.login');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(loginSchema, loginAction, {
    loginId: '',
    password: '',
  });
  const loginIdErrors = errorsFor('loginId');
  const passwordErrors = errorsFor('password');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage state={state} />
      <div>
        <label htmlFor="loginId" className={labelClass}>
          {t('loginId')}
        </label>
        <input
          id="loginId"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          aria-invalid={loginIdErrors.length > 0}
          aria-describedby="loginId-error"
          className={`${inputClass} sm:max-w-sm`}
          {...form.register('loginId')}
        />
        <FieldError id="loginId-error" errors={loginIdErrors} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          {t('password')}
        </label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          maxLength={128}
          aria-invalid={passwordErrors.length > 0}
          aria-describedby="password-error"
          className={`${inputClass} sm:max-w-sm`}
          {...form.register('password')}
        />
        <FieldError id="password-error" errors={passwordErrors} />
      </div>
      <SubmitButton busy={busy}>{t('submit')}</SubmitButton>
    </form>
  );
}
