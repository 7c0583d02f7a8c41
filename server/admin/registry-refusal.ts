// A refused console change, with a code that is also the form's message key
// (messages/ja.json adminForms.errors), so tests and the screen read the same thing.
import type { AdminFormErrorKey } from '@/lib/admin/partner-schemas';

export class RegistryRefusal extends Error {
  constructor(readonly code: AdminFormErrorKey) {
    super(`Console change refused: ${code}`);
  }
}
