// The account-data API's queries, prepared once per database connection (drizzle builds
// and SQLite plans each statement once; requests only bind values). Every query is an
// index lookup or an index range scan: see statements.test.ts for the query plans.
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { perConnection } from '../per-connection';
import { accounts, branches, grantAccounts, grants, partners, tokens, transactions } from '@/db/schema';

const p = sql.placeholder;

function prepare(db: Db) {
  return {
    /** The access token with its linkage and partner, by the token's SHA-256. */
    accessToken: db
      .select({
        grantId: tokens.grantId,
        partnerId: tokens.partnerId,
        scopes: tokens.scopes,
        expiresAt: tokens.expiresAt,
        revokedAt: tokens.revokedAt,
        dpopJkt: tokens.dpopJkt,
        companyId: grants.companyId,
        grantScopes: grants.scopes,
        grantExpiresAt: grants.expiresAt,
        grantRevokedAt: grants.revokedAt,
        partnerStatus: partners.status,
      })
      .from(tokens)
      .innerJoin(grants, eq(grants.id, tokens.grantId))
      .innerJoin(partners, eq(partners.id, tokens.partnerId))
      .where(and(eq(tokens.tokenHash, p('tokenHash')), eq(tokens.kind, 'access')))
      .prepare(),

    linkedAccounts: db
      .select({
        accountId: accounts.id,
        branchCode: accounts.branchCode,
        branchName: branches.name,
        accountTypeCode: accounts.typeCode,
        accountNumber: accounts.number,
        accountNameKana: accounts.nameKana,
      })
      .from(grantAccounts)
      .innerJoin(accounts, eq(accounts.id, grantAccounts.accountId))
      .innerJoin(branches, eq(branches.code, accounts.branchCode))
      .where(and(eq(grantAccounts.grantId, p('grantId')), eq(accounts.companyId, p('companyId'))))
      .orderBy(asc(accounts.branchCode), asc(accounts.typeCode), asc(accounts.number))
      .prepare(),

    /** The account if it is in the linkage (and, belt and braces, of the linkage's company). */
    linkedAccount: db
      .select({ accountId: accounts.id })
      .from(grantAccounts)
      .innerJoin(accounts, eq(accounts.id, grantAccounts.accountId))
      .where(
        and(
          eq(grantAccounts.grantId, p('grantId')),
          eq(grantAccounts.accountId, p('accountId')),
          eq(accounts.companyId, p('companyId')),
        ),
      )
      .prepare(),

    /** The balance after the latest movement on or before a date. */
    balanceAsOf: db
      .select({ balance: transactions.balance })
      .from(transactions)
      .where(and(eq(transactions.accountId, p('accountId')), lte(transactions.transactionDate, p('date'))))
      .orderBy(desc(transactions.transactionDate), desc(transactions.id))
      .limit(1)
      .prepare(),

    /** Resolves a nextItemKey's movement. */
    movementByItemKey: db
      .select({ id: transactions.id, accountId: transactions.accountId, transactionDate: transactions.transactionDate })
      .from(transactions)
      .where(eq(transactions.itemKey, p('itemKey')))
      .prepare(),

    /**
     * One page, oldest first, strictly after (afterDate, afterId): keyset paging, so
     * movements that arrive between pages can neither shift nor repeat what follows.
     * SQLite writes each movement's JSON itself (json_object, in C): the page is the API's
     * hot path, and this halves its cost against materializing every column in JS and
     * serializing it again (bench/). PostgreSQL would use json_build_object the same way.
     */
    movementsPage: db
      .select({
        json: sql<string>`json_object('itemKey', ${transactions.itemKey}, 'transactionDate', ${transactions.transactionDate}, 'valueDate', ${transactions.valueDate}, 'transactionType', ${transactions.type}, 'amount', ${transactions.amount}, 'remarks', ${transactions.remarks}, 'balance', ${transactions.balance})`,
      })
      .from(transactions)
      .where(
        and(
          eq(transactions.accountId, p('accountId')),
          sql`(${transactions.transactionDate}, ${transactions.id}) > (${p('afterDate')}, ${p('afterId')})`,
          lte(transactions.transactionDate, p('dateTo')),
        ),
      )
      .orderBy(asc(transactions.transactionDate), asc(transactions.id))
      .limit(p('limit'))
      .prepare(),
  };
}

export type ApiStatements = ReturnType<typeof prepare>;

export const apiStatements = perConnection(prepare);
