import type { FormState } from '@/lib/form-data';
import type { AdminFormErrorKey } from './partner-schemas';

/**
 * What a console form's action answers. `reveal` carries a generated credential (a client
 * secret, a temporary password) in the one response that creates it: it is in no page, no
 * URL and no row, so a reload cannot show it again.
 */
export interface AdminFormState extends FormState<AdminFormErrorKey> {
  reveal?: { kind: 'secret' | 'password'; id: string; value: string };
  done?: 'approved' | 'rejected' | 'created' | 'reset';
}
