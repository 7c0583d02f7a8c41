// Where a customer stands in the consent journey (journey.md): worked out from what the
// stored request says, never from the URL, so a step opened out of order, by the back
// button or by a reload always lands on the step the customer has really reached.
export const JOURNEY_STEPS = ['login', 'operations', 'pin', 'pin-result', 'grant'] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

export interface StepFacts {
  /** Logged in during this request, with the session that is in this browser now. */
  loggedIn: boolean;
  customerChoosesScopes: boolean;
  scopesChosen: boolean;
  /** 「確認」 pressed on the result table. */
  pinsConfirmed: boolean;
  /** 未登録 accounts of the company, not yet pending in this request and not PIN-locked. */
  registrableAccounts: number;
  /** Accounts registered (登録済み*) during this request. */
  pendingInRequest: number;
}

export function currentStep(facts: StepFacts): JourneyStep {
  if (!facts.loggedIn) return 'login';
  if (facts.customerChoosesScopes && !facts.scopesChosen) return 'operations';
  if (facts.pinsConfirmed) return 'grant';
  if (facts.pendingInRequest > 0) return 'pin-result';
  if (facts.registrableAccounts > 0) return 'pin';
  return 'grant';
}

/** The current step, plus step 3 again from the result table (「照会用暗証番号の追加登録」). */
export function canOpenStep(facts: StepFacts, step: JourneyStep): boolean {
  const current = currentStep(facts);
  if (step === current) return true;
  return step === 'pin' && current === 'pin-result' && facts.registrableAccounts > 0;
}

/** Steps that will not be shown in this run (known once the customer has logged in). */
export function skippedSteps(facts: StepFacts): JourneyStep[] {
  const skipped: JourneyStep[] = [];
  if (!facts.customerChoosesScopes) skipped.push('operations');
  if (facts.loggedIn && !facts.pinsConfirmed && facts.pendingInRequest === 0 && facts.registrableAccounts === 0) {
    skipped.push('pin', 'pin-result');
  }
  return skipped;
}

export function stepPath(step: JourneyStep): string {
  return `/consent/${step}`;
}
