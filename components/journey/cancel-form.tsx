'use client';
import { useTranslations } from 'next-intl';
import { FormMessage } from '@/components/form/form-message';
import { secondaryButton } from '@/components/form/buttons';
import { useJourneyForm, type JourneyAction } from '@/components/form/use-journey-form';
import { emptySchema } from '@/lib/journey/schemas';

export function CancelForm({ action }: { action: JourneyAction }) {
  const t = useTranslations('journey.frame');
  const { state, busy, formRef, formAction, onSubmit } = useJourneyForm(emptySchema, action);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate>
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <button type="submit" className={`${secondaryButton} shrink-0`} disabled={busy}>
          {t('cancel')}
        </button>
        <p className="text-sm text-slate-600">{t('cancelNote')}</p>
      </div>
    </form>
  );
}
