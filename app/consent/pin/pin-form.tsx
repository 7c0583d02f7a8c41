'use client';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { SubmitButton } from '@/components/form/submit-button';
import { FieldError } from '@/components/form/field-error';
import { inputClass, labelClass } from '@/components/form/fields';
import { FormMessage } from '@/components/form/form-message';
import { useJourneyForm } from '@/components/form/use-journey-form';
import { pinSchema } from '@/lib/journey/schemas';
import { registerPinAction } from './actions';

export interface PinAccountOption {
  id: string;
  text: string;
  memo: string | null;
  locked: boolean;
}

export function PinForm({ options }: { options: PinAccountOption[] }) {
  const t = useTranslations('journey.pin');
  const firstOpen = options.find((option) => !option.locked);
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(pinSchema, registerPinAction, {
    accountId: firstOpen?.id ?? '',
    pin: '',
  });
  const accountErrors = errorsFor('accountId');
  const pinErrors = errorsFor('pin');
  // A refused PIN is never left in the field.
  useEffect(() => {
    if (state.message) form.setValue('pin', '');
  }, [state, form]);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage state={state} />
      <fieldset aria-describedby="accountId-error" className="rounded-md border border-slate-300 px-4 pb-4 pt-2">
        <legend className="px-1 font-bold text-slate-800">{t('accountLegend')}</legend>
        <ul className="flex flex-col divide-y divide-slate-200">
          {options.map((option) => (
            <li key={option.id} className="py-2">
              <div className="flex items-start gap-3">
                <input
                  id={`account-${option.id}`}
                  type="radio"
                  value={option.id}
                  disabled={option.locked}
                  className="mt-1 size-5 shrink-0 accent-brand-700"
                  {...form.register('accountId')}
                />
                <div className="flex flex-col">
                  <label
                    htmlFor={`account-${option.id}`}
                    className={`cursor-pointer text-base font-medium ${option.locked ? 'cursor-not-allowed text-slate-500' : ''}`}
                  >
                    {option.text}
                    {option.locked ? t('lockedSuffix') : ''}
                  </label>
                  {option.memo ? <span className="text-sm text-slate-600">{option.memo}</span> : null}
                </div>
              </div>
            </li>
          ))}
        </ul>
        <FieldError id="accountId-error" errors={accountErrors} />
      </fieldset>
      <div>
        <label htmlFor="pin" className={labelClass}>
          {t('pin')}
        </label>
        <p id="pin-hint" className="mb-1.5 text-sm text-slate-600">
          {t('pinHint')}
        </p>
        <input
          id="pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          aria-invalid={pinErrors.length > 0 || state.message === 'pinWrong'}
          aria-describedby="pin-hint pin-error"
          className={`${inputClass} tracking-[0.5em] sm:max-w-40`}
          {...form.register('pin')}
        />
        <FieldError id="pin-error" errors={pinErrors} />
      </div>
      <SubmitButton busy={busy}>{t('submit')}</SubmitButton>
    </form>
  );
}
