'use client';
// A form that is only a button (stop, unlock, log out…): hidden fields, the server action,
// and the action's refusal message if it answers instead of redirecting.
import { useActionState } from 'react';
import { FormMessage } from './form-message';
import type { JourneyAction } from './use-journey-form';

interface ActionButtonFormProps {
  action: JourneyAction;
  fields?: Record<string, string>;
  label: string;
  className: string;
}

export function ActionButtonForm({ action, fields = {}, label, className }: ActionButtonFormProps) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction}>
      <FormMessage state={state} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} disabled={pending}>
        {label}
      </button>
    </form>
  );
}
