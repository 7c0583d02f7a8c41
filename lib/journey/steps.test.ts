import { describe, expect, it } from 'vitest';
import { canOpenStep, currentStep, skippedSteps, type StepFacts } from './steps';

const fresh: StepFacts = {
  loggedIn: false,
  customerChoosesScopes: true,
  scopesChosen: false,
  pinsConfirmed: false,
  registrableAccounts: 3,
  pendingInRequest: 0,
};

describe('journey step resolution', () => {
  it('starts at login whatever else the request holds', () => {
    expect(currentStep(fresh)).toBe('login');
    expect(currentStep({ ...fresh, scopesChosen: true, pinsConfirmed: true })).toBe('login');
  });

  it('asks for operations only when the partner lets the customer choose', () => {
    expect(currentStep({ ...fresh, loggedIn: true })).toBe('operations');
    expect(currentStep({ ...fresh, loggedIn: true, customerChoosesScopes: false })).toBe('pin');
  });

  it('goes to PIN registration while unregistered accounts remain, then to the result after one', () => {
    const chosen = { ...fresh, loggedIn: true, scopesChosen: true };
    expect(currentStep(chosen)).toBe('pin');
    expect(currentStep({ ...chosen, pendingInRequest: 1, registrableAccounts: 2 })).toBe('pin-result');
    expect(currentStep({ ...chosen, pendingInRequest: 3, registrableAccounts: 0 })).toBe('pin-result');
  });

  it('goes straight to the grant when every account is registered', () => {
    const facts = { ...fresh, loggedIn: true, customerChoosesScopes: false, registrableAccounts: 0 };
    expect(currentStep(facts)).toBe('grant');
    expect(skippedSteps(facts)).toEqual(['operations', 'pin', 'pin-result']);
  });

  it('goes to the grant after 確認 even if unregistered accounts remain', () => {
    const facts = { ...fresh, loggedIn: true, scopesChosen: true, pendingInRequest: 1, pinsConfirmed: true };
    expect(currentStep(facts)).toBe('grant');
    expect(canOpenStep(facts, 'pin')).toBe(false);
    expect(canOpenStep(facts, 'pin-result')).toBe(false);
  });

  it('lets the result table go back to step 3 only while accounts can still be registered', () => {
    const facts = { ...fresh, loggedIn: true, scopesChosen: true, pendingInRequest: 1, registrableAccounts: 1 };
    expect(canOpenStep(facts, 'pin')).toBe(true);
    expect(canOpenStep({ ...facts, registrableAccounts: 0 }, 'pin')).toBe(false);
    expect(canOpenStep(facts, 'grant')).toBe(false);
    expect(canOpenStep(facts, 'login')).toBe(false);
  });

  it('does not call PIN steps skipped before the customer has logged in', () => {
    expect(skippedSteps({ ...fresh, registrableAccounts: 0 })).toEqual([]);
  });
});
