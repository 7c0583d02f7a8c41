// The forms of the consent journey. Each schema is parsed twice with the same rules: in
// the browser (react-hook-form's zodResolver) and again by the server action. Error
// messages are keys of `journey.errors` in messages/ja.json, translated where shown.
import { z } from 'zod';
import type messages from '@/messages/ja.json';
import type { FormState } from '@/lib/form-data';
import { SCOPES } from '@/lib/oauth/scopes';

export type JourneyErrorKey = keyof (typeof messages)['journey']['errors'];

const message = (key: JourneyErrorKey) => ({ error: key });

export const loginSchema = z.strictObject({
  loginId: z.string(message('loginIdRequired')).trim().min(1, message('loginIdRequired')).max(64, message('loginIdTooLong')),
  password: z.string(message('passwordRequired')).min(1, message('passwordRequired')).max(128, message('passwordTooLong')),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const operationsSchema = z.strictObject({
  scopes: z
    .array(z.enum(SCOPES, message('scopesInvalid')), message('scopesRequired'))
    .min(1, message('scopesRequired'))
    .max(SCOPES.length, message('scopesInvalid'))
    .refine((scopes) => new Set(scopes).size === scopes.length, message('scopesInvalid')),
});
export type OperationsInput = z.infer<typeof operationsSchema>;

export const pinSchema = z.strictObject({
  accountId: z.string(message('accountRequired')).min(1, message('accountRequired')).max(64, message('accountUnavailable')),
  // The inquiry PIN filed with the credit union: exactly 4 digits (journey.md step 3).
  pin: z.string(message('pinFormat')).regex(/^[0-9]{4}$/, message('pinFormat')),
});
export type PinInput = z.infer<typeof pinSchema>;

/** Buttons without fields (「確認」, 「キャンセル」): nothing may be sent. */
export const emptySchema = z.strictObject({});

export const grantSchema = z.strictObject({
  // An HTML checkbox sends "on" when checked and nothing otherwise.
  continue: z.literal('on', message('consentRequired')),
});
export type GrantInput = z.infer<typeof grantSchema>;

export type JourneyFormState = FormState<JourneyErrorKey>;
