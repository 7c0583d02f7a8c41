// Turns query or form parameters into a plain record, refusing what security.md says to
// refuse rather than ignore: repeated parameters (RFC 6749 §3.1 "MUST NOT be included more
// than once") and oversized values. Unknown names are refused by each endpoint's schema.
import { InvalidRequest } from './errors';

export const MAX_PARAMETER_LENGTH = 2048;
export const MAX_PARAMETER_COUNT = 20;

export type Params = Record<string, string>;

export function paramsFrom(search: URLSearchParams): Params {
  const params: Params = {};
  let count = 0;
  for (const [name, value] of search) {
    if (++count > MAX_PARAMETER_COUNT) throw new InvalidRequest('Too many parameters.');
    if (Object.hasOwn(params, name)) throw new InvalidRequest(`Parameter ${safeName(name)} is repeated.`);
    if (value.length > MAX_PARAMETER_LENGTH || name.length > 64) {
      throw new InvalidRequest(`Parameter ${safeName(name)} is too long.`);
    }
    params[name] = value;
  }
  // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
  for (const name of Object.keys(params)) if (params[name] === '') delete params[name];
  return params;
}

/** Names echo back in error descriptions; keep them short and printable. */
export function safeName(name: string): string {
  return /^[a-z_]{1,40}$/.test(name) ? name : '(unrecognized)';
}
