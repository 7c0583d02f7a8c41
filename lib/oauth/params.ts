// Turns query or form parameters into a record (lib/param-record.ts), refusing what
// security.md says to refuse rather than ignore: repeated parameters (RFC 6749 §3.1 "MUST
// NOT be included more than once"), oversized values and names no endpoint has
// (`__proto__`, `constructor`, …). Other unknown names are refused by each endpoint's schema.
import { toParamRecord, type ParamRecord, type ParamRefusal } from '@/lib/param-record';
import { InvalidRequest } from './errors';

export const MAX_PARAMETER_LENGTH = 2048;
export const MAX_PARAMETER_COUNT = 20;

/** Single-valued parameters, in a record without a prototype. */
export type Params = ParamRecord<string>;

export function paramsFrom(search: URLSearchParams): Params {
  const result = toParamRecord(search, {
    maxEntries: MAX_PARAMETER_COUNT,
    maxValueLength: MAX_PARAMETER_LENGTH,
    maxNameLength: 64,
  });
  if (!result.ok) throw new InvalidRequest(describeRefusal(result.reason, result.name));
  const params = result.record;
  // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
  for (const name of Object.keys(params)) if (params[name] === '') delete params[name];
  return params;
}

function describeRefusal(reason: ParamRefusal, name: string): string {
  switch (reason) {
    case 'too_many':
      return 'Too many parameters.';
    case 'repeated':
      return `Parameter ${safeName(name)} is repeated.`;
    case 'reserved_name':
      return 'Unrecognized parameter.';
    default:
      return `Parameter ${safeName(name)} is too long.`;
  }
}

/** Names echo back in error descriptions; keep them short and printable. */
export function safeName(name: string): string {
  return /^[a-z_]{1,40}$/.test(name) ? name : '(unrecognized)';
}
