'use client';
import { useTranslations } from 'next-intl';
import { Controller } from 'react-hook-form';
import { SubmitButton } from '@/components/form/submit-button';
import { FieldError } from '@/components/form/field-error';
import { FormMessage } from '@/components/form/form-message';
import { useJourneyForm } from '@/components/form/use-journey-form';
import { operationsSchema } from '@/lib/journey/schemas';
import type { Scope } from '@/lib/oauth/scopes';
import { chooseOperationsAction } from './actions';

export function OperationsForm({ requested }: { requested: { scope: Scope; label: string }[] }) {
  const t = useTranslations('journey.operations');
  const { form, state, busy, formRef, formAction, onSubmit, errorsFor } = useJourneyForm(
    operationsSchema,
    chooseOperationsAction,
    { scopes: requested.map((item) => item.scope) },
  );
  const errors = errorsFor('scopes');
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormMessage state={state} />
      <fieldset aria-describedby="scopes-error" className="rounded-md border border-slate-300 px-4 pb-4 pt-2">
        <legend className="px-1 font-bold text-slate-800">{t('legend')}</legend>
        {/* A controlled group keeps the value an array even when only one scope is asked for. */}
        <Controller
          control={form.control}
          name="scopes"
          render={({ field }) => {
            const value: string[] = Array.isArray(field.value) ? field.value : [];
            return (
              <ul className="flex flex-col divide-y divide-slate-200">
                {requested.map((item) => (
                  <li key={item.scope}>
                    <label className="flex min-h-12 cursor-pointer items-center gap-3 py-2 text-base">
                      <input
                        type="checkbox"
                        name="scopes"
                        value={item.scope}
                        checked={value.includes(item.scope)}
                        aria-invalid={errors.length > 0}
                        onChange={(event) =>
                          field.onChange(
                            event.target.checked ? [...value, item.scope] : value.filter((s) => s !== item.scope),
                          )
                        }
                        onBlur={field.onBlur}
                        ref={item === requested[0] ? field.ref : undefined}
                        className="size-5 accent-brand-700"
                      />
                      {item.label}
                    </label>
                  </li>
                ))}
              </ul>
            );
          }}
        />
        <FieldError id="scopes-error" errors={errors} />
      </fieldset>
      <SubmitButton busy={busy}>{t('submit')}</SubmitButton>
    </form>
  );
}
