// The console's staff-account forms (browser and server action, as partner-schemas.ts).
import { z } from 'zod';
import type { AdminFormErrorKey } from './partner-schemas';

const message = (key: AdminFormErrorKey) => ({ error: key });
const staffId = z.string().regex(/^stf_[a-z2-7]{1,40}$/, message('invalidForm'));

export const MIN_STAFF_PASSWORD_LENGTH = 12;

export const loginIdSchema = z
  .string(message('loginIdFormat'))
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, message('loginIdFormat'));

export const createStaffSchema = z.strictObject({
  loginId: loginIdSchema,
  displayName: z.string(message('nameRequired')).trim().min(1, message('nameRequired')).max(64, message('nameTooLong')),
  role: z.enum(['admin', 'auditor'], message('roleInvalid')),
});
export type CreateStaffInput = z.output<typeof createStaffSchema>;

export const staffTargetSchema = z.strictObject({ staffId });
export const staffRoleSchema = z.strictObject({ staffId, role: z.enum(['admin', 'auditor'], message('roleInvalid')) });
export const staffEnabledSchema = z.strictObject({ staffId, enabled: z.enum(['true', 'false']).transform((value) => value === 'true') });

/** A staff password: argon2id-hashed, at least 12 characters, never the login ID itself. */
export function staffPasswordProblem(password: string, loginId: string): AdminFormErrorKey | null {
  if (password.length < MIN_STAFF_PASSWORD_LENGTH) return 'passwordTooShort';
  if (password.length > 128) return 'passwordTooLong';
  if (password.toLowerCase() === loginId.toLowerCase()) return 'passwordIsLoginId';
  return null;
}

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string(message('passwordRequired')).min(1, message('passwordRequired')).max(128, message('passwordTooLong')),
    newPassword: z.string(message('passwordTooShort')).min(MIN_STAFF_PASSWORD_LENGTH, message('passwordTooShort')).max(128, message('passwordTooLong')),
    confirmPassword: z.string(message('passwordMismatch')),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { path: ['confirmPassword'], ...message('passwordMismatch') })
  .refine((value) => value.newPassword !== value.currentPassword, { path: ['newPassword'], ...message('passwordUnchanged') });
