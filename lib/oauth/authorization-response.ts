// Builds the redirect back to the partner (RFC 6749 §4.1.2, errors §4.1.2.1). `iss` is
// always added (RFC 9207) so a partner talking to several banks can detect mix-up attacks.
export type AuthorizationResponseParams =
  | { code: string; state?: string | null }
  | { error: string; error_description?: string; state?: string | null };

export function buildAuthorizationResponseUrl(
  redirectUri: string,
  issuer: string,
  params: AuthorizationResponseParams,
): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) url.searchParams.set(key, value);
  }
  url.searchParams.set('iss', issuer);
  return url.toString();
}
