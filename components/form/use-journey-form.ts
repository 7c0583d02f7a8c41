'use client';
// react-hook-form + zodResolver in the browser, then the same schema again in the server
// action (useActionState). Without JavaScript the form still posts to the action.
import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useRef, useSyncExternalStore, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { JourneyErrorKey, JourneyFormState } from '@/lib/journey/schemas';

const subscribeNever = () => () => {};

/**
 * False in the server's HTML, true once React runs. A form posted natively (before
 * hydration) would carry `Origin: null` under Referrer-Policy: no-referrer and be refused,
 * so submit buttons wait for this.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

export type JourneyAction = (state: JourneyFormState, formData: FormData) => Promise<JourneyFormState>;

export function useJourneyForm<S extends z.ZodObject>(
  schema: S,
  action: JourneyAction,
  defaultValues?: DefaultValues<z.input<S> & FieldValues>,
) {
  const [state, formAction, pending] = useActionState(action, {});
  const form = useForm<z.input<S> & FieldValues, unknown, z.output<S>>({
    resolver: zodResolver(schema as never),
    defaultValues,
  });
  const formRef = useRef<HTMLFormElement>(null);
  const hydrated = useHydrated();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.handleSubmit(() => {
      const element = formRef.current;
      if (element) startTransition(() => formAction(new FormData(element)));
    })(event);
  };

  /** The browser's finding first; otherwise what the server said about the field. */
  const errorsFor = (name: string): JourneyErrorKey[] => {
    const client = form.formState.errors[name]?.message;
    if (typeof client === 'string') return [client as JourneyErrorKey];
    return state.errors?.[name] ?? [];
  };

  /** Submit buttons: off until hydrated and while the action runs. */
  const busy = pending || !hydrated;

  return { form, state, busy, formRef, formAction, onSubmit, errorsFor };
}
