// Runs a console change as the logged-in staff member and turns the domain's refusals into
// the form's message: auditors get 'forbidden' from the server whatever the page showed.
import 'server-only';
import type { AdminFormState } from '@/lib/admin/form-state';
import { StaffForbiddenError } from './console';
import { RegistryRefusal } from './registry-refusal';
import { requireStaff } from './staff-session';

type Actor = { id: string; role: 'admin' | 'auditor' };

export async function asAdmin(change: (actor: Actor) => Promise<AdminFormState | void>): Promise<AdminFormState> {
  const member = await requireStaff();
  try {
    return (await change(member)) ?? {};
  } catch (error) {
    if (error instanceof StaffForbiddenError) return { message: 'forbidden' };
    if (error instanceof RegistryRefusal) return { message: error.code };
    throw error;
  }
}
