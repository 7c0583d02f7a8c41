import type { ReactNode } from 'react';
import { primaryButton } from './buttons';

/** A step's main button: full width on phones, off while the form cannot be sent. */
export function SubmitButton({ busy, children, className = '' }: { busy: boolean; children: ReactNode; className?: string }) {
  return (
    <div>
      <button type="submit" className={`${primaryButton} w-full sm:w-auto ${className}`} disabled={busy}>
        {children}
      </button>
    </div>
  );
}
