// The account-data API as Web-standard handlers (Request → Response). The same functions
// serve Next.js route handlers (app/api/v1/…) and the lean Node server
// (server/partner-server.ts), so nothing here may import next/* or 'server-only'.
import { getDb, type Db } from '@/db/client';
import { config } from '@/lib/config';
import { processRefusals, type RefusalSummary } from '../refusal-summary';
import { accountsEndpoint } from './accounts';
import { balancesEndpoint } from './balances';
import { createLimiters, runEndpoint, type ApiLimits, type PipelineContext } from './pipeline';
import { apiStatements } from './statements';
import { transactionsEndpoint } from './transactions';

export interface PartnerApiOptions {
  now?: () => Date;
  limits?: ApiLimits;
  refusals?: RefusalSummary;
}

export type AccountParams = { accountId: string };

export interface PartnerApi {
  accounts: (request: Request) => Promise<Response>;
  balances: (request: Request, params: AccountParams) => Promise<Response>;
  transactions: (request: Request, params: AccountParams) => Promise<Response>;
}

/** Generous defaults; deployments and the benchmark set them through the environment. */
export function limitsFromEnv(): ApiLimits {
  return config.apiRateLimits;
}

export function createPartnerApi(db: Db, options: PartnerApiOptions = {}): PartnerApi {
  const statements = apiStatements(db);
  const context: PipelineContext = {
    db,
    statements,
    now: options.now ?? (() => new Date()),
    ...createLimiters(options.limits ?? limitsFromEnv(), db),
    refusals: options.refusals ?? processRefusals(),
  };
  const accounts = accountsEndpoint(statements);
  const balances = balancesEndpoint(statements);
  const transactions = transactionsEndpoint(statements);
  return {
    accounts: (request) => runEndpoint(context, accounts, request, null),
    balances: (request, params) => runEndpoint(context, balances, request, params.accountId),
    transactions: (request, params) => runEndpoint(context, transactions, request, params.accountId),
  };
}

const globalForApi = globalThis as unknown as { tsunaguPartnerApi?: PartnerApi };

/** The process-wide instance on the process-wide database: one rate limiter for all routes. */
export function getPartnerApi(): PartnerApi {
  globalForApi.tsunaguPartnerApi ??= createPartnerApi(getDb());
  return globalForApi.tsunaguPartnerApi;
}
