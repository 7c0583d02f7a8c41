'use client';
// Login ID + password: the journey's step 1, the customer's linkage page and the staff
// console log in through this one form (each with its own action and button wording).
import { FieldError } from './field-error';
import { FormMessage } from './form-message';
import { inputClass, labelClass } from './fields';
import { SubmitButton } from './submit-button';
import { useJourneyForm, type JourneyAction } from './use-journey-form';
import { loginSchema } from '@/lib/journey/schemas';

interface PasswordLoginFormProps {
  action: JourneyAction;
  labels: { loginId: string; password: string; submit: string };
}

export function PasswordLoginForm({ action, labels }: PasswordLoginFormProps) {
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(loginSchema, action, {
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
          {labels.loginId}
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
          {labels.password}
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
      <SubmitButton busy={busy}>{labels.submit}</SubmitButton>
    </form>
  );
}
