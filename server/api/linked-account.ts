// An account id that is malformed, unknown, of another company or outside the linkage
// answers the same 404 (partner-api.md), so ids cannot be probed.
import type { Caller } from './bearer';
import { ApiError } from './errors';
import type { ApiStatements } from './statements';

const accountIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export async function requireLinkedAccount(statements: ApiStatements, caller: Caller, accountId: string): Promise<void> {
  const linked =
    accountIdPattern.test(accountId) && (await statements.linkedAccount({ grantId: caller.grantId, accountId, companyId: caller.companyId }));
  if (!linked) throw new ApiError('account_not_found');
}
