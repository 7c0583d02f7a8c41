'use client';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/form/submit-button';
import { FieldError } from '@/components/form/field-error';
import { FormMessage } from '@/components/form/form-message';
import { useJourneyForm } from '@/components/form/use-journey-form';
import { grantSchema } from '@/lib/journey/schemas';
import { approveAction } from './actions';

export function GrantForm() {
  const t = useTranslations('journey.grant');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(grantSchema, approveAction);
  const errors = errorsFor('continue');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage state={state} />
      <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3">
        <label className="flex min-h-10 cursor-pointer items-center gap-3 text-base font-bold">
          <input
            type="checkbox"
            value="on"
            aria-invalid={errors.length > 0}
            aria-describedby="continue-error"
            className="size-5 accent-brand-700"
            {...form.register('continue')}
          />
          {t('continue')}
        </label>
        <FieldError id="continue-error" errors={errors} />
      </div>
      <SubmitButton busy={busy} className="sm:min-w-48">{t('submit')}</SubmitButton>
      <p className="text-sm text-slate-600">{t('afterNote')}</p>
    </form>
  );
}
