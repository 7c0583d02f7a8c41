// Where a console request may go (staff-session.ts applies it): nowhere without an active
// session, and only to the password page while a temporary password is unchanged.
export type StaffGate = 'login' | 'change_password' | 'ok';

export function staffGate(member: { mustChangePassword: boolean } | null, page: { passwordChange?: boolean } = {}): StaffGate {
  if (!member) return 'login';
  if (member.mustChangePassword && !page.passwordChange) return 'change_password';
  return 'ok';
}
