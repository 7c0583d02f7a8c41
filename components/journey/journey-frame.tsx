import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { cancelJourneyAction } from '@/app/consent/actions';
import type { JourneyStep, StepFacts } from '@/lib/journey/steps';
import { CancelForm } from './cancel-form';
import { PartnerBanner } from './partner-banner';
import { ReloadOnHistory } from './reload-on-history';
import { SHORT_KEYS, StepIndicator } from './step-indicator';

interface JourneyFrameProps {
  step: JourneyStep;
  facts: StepFacts;
  partner: { serviceName: string; companyName: string; registrationNumber?: string | null };
  children: ReactNode;
}

/** Every step: its title from the notice, the step indicator, the partner asking, and cancel. */
export async function JourneyFrame({ step, facts, partner, children }: JourneyFrameProps) {
  const t = await getTranslations('journey.steps');
  return (
    <div className="flex flex-col gap-5">
      <ReloadOnHistory />
      <StepIndicator shown={step} facts={facts} />
      <section aria-labelledby="step-title" className="rounded-lg border border-slate-200 bg-white shadow-sm">
        <h1
          id="step-title"
          className="border-b border-slate-200 border-l-4 border-l-brand-700 px-4 py-4 text-lg font-bold text-slate-900 sm:px-6 sm:text-xl"
        >
          {t(SHORT_KEYS[step])}
        </h1>
        <div className="flex flex-col gap-5 px-4 py-5 sm:px-6 sm:py-6">
          {/* journey.md: step 5 also names the partner's registration number as an electronic payment agent (Banking Act). */}
          <PartnerBanner serviceName={partner.serviceName} companyName={partner.companyName} registrationNumber={step === 'grant' ? partner.registrationNumber : null} />
          {children}
        </div>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white px-4 py-4 sm:px-6">
        <CancelForm action={cancelJourneyAction} />
      </section>
    </div>
  );
}
