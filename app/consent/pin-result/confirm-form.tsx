'use client';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/form/submit-button';
import { FormMessage } from '@/components/form/form-message';
import { useJourneyForm } from '@/components/form/use-journey-form';
import { emptySchema } from '@/lib/journey/schemas';
import { confirmPinsAction } from './actions';

export function ConfirmForm() {
  const t = useTranslations('journey.pinResult');
  const { state, busy, formRef, formAction, onSubmit } = useJourneyForm(emptySchema, confirmPinsAction);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate>
      <FormMessage state={state} />
      <SubmitButton busy={busy}>{t('confirm')}</SubmitButton>
    </form>
  );
}
