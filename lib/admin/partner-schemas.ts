// The console's partner-registry forms. Each schema is parsed in the browser
// (react-hook-form) and again in the server action; error messages are keys of
// `adminForms.errors` in messages/ja.json.
import { z } from 'zod';
import type messages from '@/messages/ja.json';
import { SCOPES } from '@/lib/oauth/scopes';
import { redirectUrisProblem, splitLines } from './redirect-uris';
import { parseJwksText } from './jwks';

export type AdminFormErrorKey = keyof (typeof messages)['adminForms']['errors'];

const message = (key: AdminFormErrorKey) => ({ error: key });
const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[a-z2-7]{1,40}$`), message('invalidForm'));

export const MAX_GRANT_PERIOD_DAYS = 365;
export const MAX_OVERLAP_DAYS = 30;
export const DEFAULT_OVERLAP_DAYS = 7;

const name = (max: number) => z.string(message('nameRequired')).trim().min(1, message('nameRequired')).max(max, message('nameTooLong'));
const optionalText = (schema: z.ZodType<string, string>) => z.string().trim().transform((value) => (value === '' ? null : value)).pipe(schema.nullable());

// 「関東財務局長（電代）第1号」: the issuing bureau, （電代）, 第n号. Loose, but bounded.
const registrationNumber = optionalText(
  z.string().max(40, message('registrationNumberFormat')).regex(/^[^\s（）()]{1,16}（電代）第[0-9０-９]{1,6}号$/u, message('registrationNumberFormat')),
);

export const partnerDetailsShape = {
  companyName: name(100),
  serviceName: name(100),
  websiteUrl: z.string(message('websiteInvalid')).trim().max(512, message('websiteInvalid')).pipe(z.url({ protocol: /^https$/, error: 'websiteInvalid' })),
  registrationNumber,
  grantPeriodDays: z.coerce
    .number(message('periodRange'))
    .int(message('periodRange'))
    .min(1, message('periodRange'))
    .max(MAX_GRANT_PERIOD_DAYS, message('periodRange')),
  listedSince: optionalText(z.iso.date(message('dateInvalid'))),
};

/** The rules a bank's security review cares about: where codes may go, what, and how. */
export function securityShape(options: { allowLocalhostHttp: boolean }) {
  return {
    redirectUris: z
      .string(message('redirectUriCount'))
      .max(6000, message('redirectUriCount'))
      .transform(splitLines)
      .superRefine((uris, ctx) => {
        const problem = redirectUrisProblem(uris, options);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    scopes: z
      .array(z.enum(SCOPES, message('scopesInvalid')), message('scopesRequired'))
      .min(1, message('scopesRequired'))
      .max(SCOPES.length, message('scopesInvalid'))
      .refine((scopes) => new Set(scopes).size === scopes.length, message('scopesInvalid')),
    securityProfile: z.enum(['basic', 'fapi2'], message('profileInvalid')),
    jwks: z.string().max(8000, message('jwksInvalid')).optional(),
  };
}

/** fapi2 needs a JWK Set (checked with jose on the server); basic must not send one. */
function refineJwks(value: { securityProfile: 'basic' | 'fapi2'; jwks?: string }, ctx: z.RefinementCtx) {
  const text = value.jwks?.trim() ?? '';
  if (value.securityProfile === 'fapi2' && (text === '' || !parseJwksText(text))) {
    ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'jwksInvalid' });
  }
  if (value.securityProfile === 'basic' && text !== '') ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'jwksBasic' });
}

export function registrationSchema(options: { allowLocalhostHttp: boolean }) {
  return z
    .strictObject({
      ...partnerDetailsShape,
      ...securityShape(options),
      // An HTML checkbox sends "on" when ticked and nothing otherwise (react-hook-form: false).
      customerChoosesScopes: z.union([z.literal('on'), z.literal(false)]).optional().transform((value) => value === 'on'),
    })
    .superRefine(refineJwks);
}
export type RegistrationInput = z.output<ReturnType<typeof registrationSchema>>;

export function securityChangeSchema(options: { allowLocalhostHttp: boolean }) {
  return z.strictObject({ partnerId: id('ptn'), ...securityShape(options) }).superRefine(refineJwks);
}
export type SecurityChangeInput = z.output<ReturnType<typeof securityChangeSchema>>;

export const partnerDetailsSchema = z.strictObject({ partnerId: id('ptn'), ...partnerDetailsShape });
export type PartnerDetailsInput = z.output<typeof partnerDetailsSchema>;

export const rotationSchema = z.strictObject({
  partnerId: id('ptn'),
  overlapDays: z.coerce.number(message('overlapRange')).int(message('overlapRange')).min(0, message('overlapRange')).max(MAX_OVERLAP_DAYS, message('overlapRange')),
});

export const partnerIdSchema = z.strictObject({ partnerId: id('ptn') });
export const decisionSchema = z.strictObject({ changeId: id('pcr') });

/** Only the browser's build knows NODE_ENV here as well: the same rule both sides. */
export const redirectRuleFromEnv = () => ({ allowLocalhostHttp: process.env.NODE_ENV !== 'production' });
