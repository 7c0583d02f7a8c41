'use client';
// Login ID + password, for the customer's linkage page and the staff console (the journey's
// step 1 has its own form, whose button carries the notice's wording).
import { FieldError } from './field-error';
import { FormMessage } from './form-message';
import { primaryButton } from './buttons';
import { useJourneyForm, type JourneyAction } from './use-journey-form';
import { loginSchema } from '@/lib/journey/schemas';

const input = 'mt-1 block w-full rounded-md border border-slate-400 px-3 py-2.5 text-base focus:border-brand-700 focus:outline-2 focus:outline-brand-600';

interface PasswordLoginFormProps {
  action: JourneyAction;
  labels: { loginId: string; password: string; submit: string };
}

export function PasswordLoginForm({ action, labels }: PasswordLoginFormProps) {
  const { form, state, pending, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(loginSchema, action, { loginId: '', password: '' });
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <div>
        <label htmlFor="loginId" className="font-medium">{labels.loginId}</label>
        <input id="loginId" autoComplete="username" aria-describedby="loginId-error" className={input} {...form.register('loginId')} />
        <FieldError id="loginId-error" errors={errorsFor('loginId')} />
      </div>
      <div>
        <label htmlFor="password" className="font-medium">{labels.password}</label>
        <input id="password" type="password" autoComplete="current-password" aria-describedby="password-error" className={input} {...form.register('password')} />
        <FieldError id="password-error" errors={errorsFor('password')} />
      </div>
      <div>
        <button type="submit" className={primaryButton} disabled={pending}>{labels.submit}</button>
      </div>
    </form>
  );
}
