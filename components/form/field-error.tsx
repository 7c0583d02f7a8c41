'use client';
import { useTranslations } from 'next-intl';
import type { JourneyErrorKey } from '@/lib/journey/schemas';

/** Always rendered, so screen readers announce errors as they appear (aria-live). */
export function FieldError({ id, errors }: { id: string; errors: JourneyErrorKey[] }) {
  const t = useTranslations('journey.errors');
  return (
    <p id={id} aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:mt-0">
      {errors.map((key) => t(key, { remaining: 0 })).join(' ')}
    </p>
  );
}
