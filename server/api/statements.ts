// The account-data API's queries, prepared once (drizzle builds and the store plans each
// statement once; requests only bind values: db/prepared.ts). Every query is an index lookup
// or an index range scan: see statements.test.ts for the query plans.
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { isPostgres } from '@/db/postgres';
import { preparedFirst, preparedRows } from '@/db/prepared';
import { accounts, branches, grantAccounts, grants, partners, tokens, transactions } from '@/db/schema';

const p = sql.placeholder;

/**
 * One movement as the API's JSON, written by the store itself: the page is the API's hot
 * path, and this halves its cost against materializing every column in JS and serializing
 * it again (bench/). SQLite has json_object; PostgreSQL's json_build_object keeps the key
 * order too, and answers text (not a parsed object) once cast.
 */
function movementJson(db: Db) {
  const fields = sql`'itemKey', ${transactions.itemKey}, 'transactionDate', ${transactions.transactionDate}, 'valueDate', ${transactions.valueDate}, 'transactionType', ${transactions.type}, 'amount', ${transactions.amount}, 'remarks', ${transactions.remarks}, 'balance', ${transactions.balance}`;
  return isPostgres(db) ? sql<string>`json_build_object(${fields})::text` : sql<string>`json_object(${fields})`;
}

/** The queries as built, unprepared (the benchmark and the plan tests read their SQL). */
export const apiQueries = {
  /** The access token with its linkage and partner, by the token's SHA-256. */
  accessToken: (db: Db) =>
    db
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
      .where(and(eq(tokens.tokenHash, p('tokenHash')), eq(tokens.kind, 'access'))),

  linkedAccounts: (db: Db) =>
    db
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
      .orderBy(asc(accounts.branchCode), asc(accounts.typeCode), asc(accounts.number)),

  /** The account if it is in the linkage (and, belt and braces, of the linkage's company). */
  linkedAccount: (db: Db) =>
    db
      .select({ accountId: accounts.id })
      .from(grantAccounts)
      .innerJoin(accounts, eq(accounts.id, grantAccounts.accountId))
      .where(
        and(eq(grantAccounts.grantId, p('grantId')), eq(grantAccounts.accountId, p('accountId')), eq(accounts.companyId, p('companyId'))),
      ),

  /** The balance after the latest movement on or before a date. */
  balanceAsOf: (db: Db) =>
    db
      .select({ balance: transactions.balance })
      .from(transactions)
      .where(and(eq(transactions.accountId, p('accountId')), lte(transactions.transactionDate, p('date'))))
      .orderBy(desc(transactions.transactionDate), desc(transactions.id))
      .limit(1),

  /** Resolves a nextItemKey's movement. */
  movementByItemKey: (db: Db) =>
    db
      .select({ id: transactions.id, accountId: transactions.accountId, transactionDate: transactions.transactionDate })
      .from(transactions)
      .where(eq(transactions.itemKey, p('itemKey'))),

  /**
   * One page, oldest first, strictly after (afterDate, afterId): keyset paging, so
   * movements that arrive between pages can neither shift nor repeat what follows.
   */
  movementsPage: (db: Db) =>
    db
      .select({ json: movementJson(db) })
      .from(transactions)
      .where(
        and(
          eq(transactions.accountId, p('accountId')),
          sql`(${transactions.transactionDate}, ${transactions.id}) > (${p('afterDate')}, ${p('afterId')})`,
          lte(transactions.transactionDate, p('dateTo')),
        ),
      )
      .orderBy(asc(transactions.transactionDate), asc(transactions.id))
      .limit(p('limit')),
};

const prepared = {
  accessToken: preparedFirst('api_access_token', apiQueries.accessToken),
  linkedAccounts: preparedRows('api_linked_accounts', apiQueries.linkedAccounts),
  linkedAccount: preparedFirst('api_linked_account', apiQueries.linkedAccount),
  balanceAsOf: preparedFirst('api_balance_as_of', apiQueries.balanceAsOf),
  movementByItemKey: preparedFirst('api_movement_by_item_key', apiQueries.movementByItemKey),
  movementsPage: preparedRows('api_movements_page', apiQueries.movementsPage),
};

/** The statements bound to one store; each answers its row(s), or a promise of them (await either). */
export function apiStatements(db: Db) {
  return {
    accessToken: (params: { tokenHash: string }) => prepared.accessToken(db, params),
    linkedAccounts: (params: { grantId: string; companyId: string }) => prepared.linkedAccounts(db, params),
    linkedAccount: (params: { grantId: string; accountId: string; companyId: string }) => prepared.linkedAccount(db, params),
    balanceAsOf: (params: { accountId: string; date: string }) => prepared.balanceAsOf(db, params),
    movementByItemKey: (params: { itemKey: string }) => prepared.movementByItemKey(db, params),
    movementsPage: (params: { accountId: string; afterDate: string; afterId: number; dateTo: string; limit: number }) => prepared.movementsPage(db, params),
  };
}

export type ApiStatements = ReturnType<typeof apiStatements>;
