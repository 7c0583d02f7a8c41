import { getTranslations } from 'next-intl/server';
import { JOURNEY_STEPS, currentStep, skippedSteps, type JourneyStep, type StepFacts } from '@/lib/journey/steps';

const SHORT_KEYS = {
  login: 'login',
  operations: 'operations',
  pin: 'pin',
  'pin-result': 'pinResult',
  grant: 'grant',
} as const satisfies Record<JourneyStep, string>;

type StepState = 'current' | 'done' | 'skipped' | 'todo';

function stateOf(step: JourneyStep, shown: JourneyStep, facts: StepFacts): StepState {
  if (step === shown) return 'current';
  if (skippedSteps(facts).includes(step)) return 'skipped';
  const reached = JOURNEY_STEPS.indexOf(currentStep(facts));
  return JOURNEY_STEPS.indexOf(step) < Math.max(reached, JOURNEY_STEPS.indexOf(shown)) ? 'done' : 'todo';
}

const STYLES: Record<StepState, string> = {
  current: 'border-brand-700 bg-brand-700 text-white',
  done: 'border-brand-600 bg-brand-50 text-brand-800',
  skipped: 'border-dashed border-slate-300 bg-slate-100 text-slate-500',
  todo: 'border-slate-300 bg-white text-slate-600',
};

const STATE_KEYS = { current: 'stateCurrent', done: 'stateDone', skipped: 'stateSkipped', todo: 'stateTodo' } as const;

export async function StepIndicator({ shown, facts }: { shown: JourneyStep; facts: StepFacts }) {
  const t = await getTranslations('journey');
  return (
    <nav aria-label={t('frame.stepsLabel')}>
      <ol className="grid grid-cols-5 gap-1 sm:gap-2">
        {JOURNEY_STEPS.map((step, index) => {
          const state = stateOf(step, shown, facts);
          return (
            <li
              key={step}
              aria-current={state === 'current' ? 'step' : undefined}
              className={`flex flex-col rounded border px-1 py-1.5 text-center sm:px-2 ${STYLES[state]}`}
            >
              <span className="text-xs font-bold sm:text-sm">{t('frame.step', { number: index + 1 })}</span>
              <span className="mt-0.5 text-[10px] leading-tight sm:text-xs">{t(`stepsShort.${SHORT_KEYS[step]}`)}</span>
              <span className={`mt-0.5 text-[10px] leading-tight sm:text-xs ${state === 'current' ? 'font-bold' : ''}`}>
                {t(`frame.${STATE_KEYS[state]}`)}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export { SHORT_KEYS };
