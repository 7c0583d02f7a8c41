// The benchmark's scenarios as autocannon request generators. Data requests rotate over
// the 10,000 linkages; the refresh scenario keeps a pool of live refresh tokens and puts
// each rotated successor back, so every request presents a distinct, valid token.
import type { Request as LoadRequest } from 'autocannon';
import { addDays, jstDate } from '@/lib/jst';
import type { BenchLinkage } from './build-db';

export type ScenarioName = 'baseline' | 'refresh_grant' | 'accounts' | 'transactions_page' | 'balances';

export interface Scenario {
  name: ScenarioName;
  description: string;
  requests: LoadRequest[];
  /** The refresh scenario: responses that rotated a token, and the tokens acknowledged so far. */
  counters?: { rotated: number; failed: number };
  acknowledgedTokens?: () => string[];
}

function roundRobin<T>(items: T[]): () => T {
  let next = 0;
  return () => {
    const item = items[next % items.length]!;
    next += 1;
    return item;
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function baselineScenario(): Scenario {
  return { name: 'baseline', description: 'fixed JSON from a route handler', requests: [{ method: 'GET', path: '/api/v1/bench-baseline' }] };
}

export function accountsScenario(linkages: BenchLinkage[]): Scenario {
  const pick = roundRobin(linkages);
  return {
    name: 'accounts',
    description: 'GET /api/v1/accounts',
    requests: [{ method: 'GET', path: '/api/v1/accounts', setupRequest: (req) => ({ ...req, headers: bearer(pick().accessToken) }) }],
  };
}

export function balancesScenario(linkages: BenchLinkage[]): Scenario {
  const pairs = linkages.flatMap((l) => l.accountIds.map((accountId) => ({ token: l.accessToken, accountId })));
  const pick = roundRobin(pairs);
  return {
    name: 'balances',
    description: 'GET /api/v1/accounts/{id}/balances',
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const { token, accountId } = pick();
          return { ...req, path: `/api/v1/accounts/${accountId}/balances`, headers: bearer(token) };
        },
      },
    ],
  };
}

/** First pages of 100 over one-month ranges of the busy accounts (about 120 movements a month). */
export function transactionsScenario(linkages: BenchLinkage[]): Scenario {
  const today = jstDate();
  const months = Array.from({ length: 12 }, (_, k) => {
    const dateTo = addDays(today, -30 * k);
    return { dateFrom: addDays(dateTo, -30), dateTo };
  });
  const busy = linkages.filter((l) => l.busyAccountId);
  const pick = roundRobin(busy.flatMap((l, i) => [{ l, month: months[i % months.length]! }]));
  return {
    name: 'transactions_page',
    description: 'GET …/transactions, limit 100, one-month range',
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          const { l, month } = pick();
          const path = `/api/v1/accounts/${l.busyAccountId}/transactions?dateFrom=${month.dateFrom}&dateTo=${month.dateTo}&limit=100`;
          return { ...req, path, headers: bearer(l.accessToken) };
        },
      },
    ],
  };
}

interface PoolItem {
  basic: string;
  refreshToken: string;
}

export function refreshScenario(linkages: BenchLinkage[]): Scenario {
  const pool: PoolItem[] = linkages.map((l) => ({
    basic: `Basic ${Buffer.from(`${l.clientId}:${l.clientSecret}`).toString('base64')}`,
    refreshToken: l.refreshToken,
  }));
  const counters = { rotated: 0, failed: 0 };
  const pending = new Map<object, PoolItem>();
  return {
    name: 'refresh_grant',
    description: 'POST /oauth/token grant_type=refresh_token (rotation)',
    counters,
    // Tokens waiting in the pool came back in a 200 (or were minted) and are not in flight.
    acknowledgedTokens: () => pool.map((item) => item.refreshToken),
    requests: [
      {
        method: 'POST',
        path: '/oauth/token',
        setupRequest: (req, context) => {
          const item = pool.shift();
          if (!item) throw new Error('refresh token pool ran dry');
          pending.set(context, item);
          return {
            ...req,
            headers: { authorization: item.basic, 'content-type': 'application/x-www-form-urlencoded' },
            body: `grant_type=refresh_token&refresh_token=${item.refreshToken}`,
          };
        },
        onResponse: (status, body, context) => {
          const item = pending.get(context);
          pending.delete(context);
          if (status === 200 && item) {
            item.refreshToken = (JSON.parse(body) as { refresh_token: string }).refresh_token;
            pool.push(item);
            counters.rotated += 1;
          } else counters.failed += 1;
        },
      },
    ],
  };
}
