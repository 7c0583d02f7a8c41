// GET /api/v1/accounts (partner-api.md): the accounts of the linkage, nothing else.
import messages from '@/messages/ja.json';
import type { Endpoint } from './pipeline';
import { emptyQuerySchema, parseQuery } from './query-params';
import type { ApiStatements } from './statements';

export function accountsEndpoint(statements: ApiStatements): Endpoint {
  return {
    name: 'accounts',
    scope: 'accounts:read',
    run: async ({ url, caller, audit }) => {
      parseQuery(url, emptyQuerySchema);
      const rows = await statements.linkedAccounts({ grantId: caller.grantId, companyId: caller.companyId });
      audit.count = rows.length;
      return {
        accounts: rows.map((row) => ({
          accountId: row.accountId,
          branchCode: row.branchCode,
          branchName: row.branchName,
          accountTypeCode: row.accountTypeCode,
          accountTypeName: messages.api.accountTypes[row.accountTypeCode],
          accountNumber: row.accountNumber,
          accountNameKana: row.accountNameKana,
          currencyCode: 'JPY',
        })),
      };
    },
  };
}
