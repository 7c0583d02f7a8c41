// What a login form shows when the login failed: one message per reason, the same for
// every login path (security.md: "try again later" says when).
import type { JourneyFormState } from '@/lib/journey/schemas';
import { config } from '@/lib/config';
import type { LoginFailureReason } from './password-login';

export function loginFailureState(
  failure: { reason: LoginFailureReason; retryAfterSeconds?: number },
  who: 'customer' | 'staff' = 'customer',
): JourneyFormState {
  switch (failure.reason) {
    case 'rate_limited':
      return { message: 'loginRateLimited', messageValues: { seconds: failure.retryAfterSeconds ?? 60 } };
    case 'locked':
      return who === 'staff' ? { message: 'staffLocked', messageValues: { minutes: config.staffLockMinutes } } : { message: 'userLocked' };
    case 'invalid_credentials':
      return { message: 'invalidCredentials' };
  }
}
