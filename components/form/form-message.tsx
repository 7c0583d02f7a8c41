'use client';
import { useTranslations } from 'next-intl';
import type { JourneyFormState } from '@/lib/journey/schemas';

export function FormMessage({ state }: { state: JourneyFormState }) {
  const t = useTranslations('journey.errors');
  return (
    // role="alert" is announced when it appears, so the empty wrapper may take no space.
    <div aria-live="assertive" className="empty:hidden">
      {state.message ? (
        <p role="alert" className="mb-4 rounded border border-red-300 bg-red-50 px-4 py-3 text-sm font-medium text-red-800">
          {t(state.message, { remaining: 0, seconds: 0, minutes: 0, ...state.messageValues })}
        </p>
      ) : null}
    </div>
  );
}
