// The cookie that binds one browser to one authorization request (journey.md step 0).
// It holds the random request id; the database keeps only its SHA-256.
import { isSecureOrigin } from '@/lib/config';

export function authorizationRequestCookieName(): string {
  // `__Host-` pins the cookie to this exact origin, but browsers accept it only over https.
  return isSecureOrigin() ? '__Host-tsunagu_authz' : 'tsunagu_authz';
}

export const authorizationRequestCookieOptions = () => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: isSecureOrigin(),
  path: '/',
});
