'use client';
// The console forms' messages (keys of adminForms.errors) and the one-time reveal of a
// generated credential with a copy button.
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import type { AdminFormState } from '@/lib/admin/form-state';
import { useHydrated } from '@/components/form/use-journey-form';

export type AdminAction = (state: AdminFormState, formData: FormData) => Promise<AdminFormState>;

export function AdminFieldError({ id, errors }: { id: string; errors: string[] }) {
  const t = useTranslations('adminForms.errors');
  return (
    <p id={id} aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:mt-0">
      {errors.map((key) => t(key as never)).join(' ')}
    </p>
  );
}

export function AdminFormMessage({ state }: { state: AdminFormState }) {
  const t = useTranslations('adminForms.errors');
  return (
    <div aria-live="assertive" className="empty:hidden">
      {state.message ? (
        <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-800">
          {t(state.message)}
        </p>
      ) : null}
    </div>
  );
}

export function RevealOnce({ reveal, title, lead, idLabel, valueLabel }: { reveal: NonNullable<AdminFormState['reveal']>; title: string; lead: string; idLabel: string; valueLabel: string }) {
  const t = useTranslations('adminApprovals');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(reveal.value);
    setCopied(true);
  };
  return (
    <section aria-label={title} className="rounded-md border-2 border-amber-500 bg-amber-50 p-4 text-sm">
      <h3 className="font-bold">{title}</h3>
      <p className="mt-1">{lead}</p>
      <dl className="mt-3 grid gap-1 sm:grid-cols-[8rem_1fr]">
        <dt className="font-bold">{idLabel}</dt>
        <dd className="font-mono">{reveal.id}</dd>
        <dt className="font-bold">{valueLabel}</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <code data-testid="revealed-value" className="rounded bg-white px-2 py-1 font-mono break-all ring-1 ring-slate-300">{reveal.value}</code>
          <button type="button" onClick={copy} className="rounded-md border border-slate-400 bg-white px-3 py-1 font-bold hover:bg-slate-100">
            {copied ? t('copied') : t('copy')}
          </button>
        </dd>
      </dl>
    </section>
  );
}

/** A button-only form for console changes (hidden fields, refusal message in place). */
export function AdminButtonForm({ action, fields, label, className }: { action: AdminAction; fields: Record<string, string>; label: string; className: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const hydrated = useHydrated();
  return (
    <form action={formAction}>
      <AdminFormMessage state={state} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} disabled={pending || !hydrated}>
        {label}
      </button>
    </form>
  );
}
