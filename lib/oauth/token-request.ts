// The token request (RFC 6749 §4.1.3, §6): which grant, and its parameters. Client
// authentication parameters are taken out first (client-auth.ts); anything else unknown
// is refused (security.md).
import { z } from 'zod';
import type { OAuthClient } from './client';
import { CLIENT_AUTH_PARAMS } from './client-auth';
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from './errors';
import type { Params } from './params';

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

export const authorizationCodeRequestSchema = z.strictObject({
  grant_type: z.literal('authorization_code'),
  code: z.string().max(256),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
});

export const refreshTokenRequestSchema = z.strictObject({
  grant_type: z.literal('refresh_token'),
  refresh_token: z.string().max(256),
  scope: z.string().optional(),
});

export type AuthorizationCodeRequest = z.infer<typeof authorizationCodeRequestSchema>;
export type RefreshTokenRequest = z.infer<typeof refreshTokenRequestSchema>;
export type TokenRequest = AuthorizationCodeRequest | RefreshTokenRequest;

export function parseTokenRequest(params: Params, client: OAuthClient): TokenRequest {
  const grantType = params.grant_type;
  if (grantType === undefined) throw new InvalidRequest('grant_type is required.');
  if (!(GRANT_TYPES as readonly string[]).includes(grantType)) {
    throw new UnsupportedGrantType('This grant_type is not supported.');
  }
  if (!client.grantTypes.includes(grantType)) {
    throw new UnauthorizedClient('This client is not registered for this grant_type.');
  }
  const schema = grantType === 'authorization_code' ? authorizationCodeRequestSchema : refreshTokenRequestSchema;
  const parsed = schema.safeParse(withoutClientAuth(params));
  if (!parsed.success) throw new InvalidRequest(describeIssue(parsed.error));
  return parsed.data;
}

export function withoutClientAuth(params: Params): Params {
  const rest = { ...params };
  for (const name of CLIENT_AUTH_PARAMS) delete rest[name];
  return rest;
}

/** A short English description naming the first offending parameter, never its value. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request.';
  if (issue.code === 'unrecognized_keys') return 'Unrecognized parameter.';
  const name = String(issue.path[0] ?? '');
  return /^[a-z_]{1,40}$/.test(name) ? `Missing or invalid ${name}.` : 'Invalid request.';
}
