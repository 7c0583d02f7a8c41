// The benchmark's scenarios as autocannon request generators (they run in the load
// generator's process). Data requests rotate over the 10,000 linkages; the refresh scenarios
// keep a pool of live refresh tokens and put each rotated successor back, so every request
// presents a distinct, valid token.
import type { Request as LoadRequest } from 'autocannon';
import type { RunRequest } from './load';
import { addDays, jstDate } from '@/lib/jst';
import type { BenchLinkage } from './build-db';
import type { ScenarioName } from './plan';

export interface Scenario {
  name: ScenarioName;
  /** The requests for one run; `target` names who answers (the refresh pool records it). */
  requests: (target: string) => LoadRequest[];
  /** Work before a run that must not happen inside it (signing JWTs ahead, bench/presigned.ts). */
  prepare?: (run: RunRequest) => Promise<void>;
  /** Refresh tokens in the pool (received in a 200, or minted), by who issued them. */
  acknowledgedTokens?: () => Record<string, string[]>;
}

export interface PeerToken {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

function roundRobin<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length]!;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function fixedPath(name: ScenarioName, path: string): Scenario {
  return { name, requests: () => [{ method: 'GET', path }] };
}

export const baselineScenario = () => fixedPath('baseline', '/api/v1/bench-baseline');
export const fixedJsonScenario = () => fixedPath('fixed_json', '/fixed');

/** GET `path` with the bearer token of each linkage in turn. */
function bearerGet(name: ScenarioName, path: string, linkages: BenchLinkage[]): Scenario {
  const pick = roundRobin(linkages);
  return { name, requests: () => [{ method: 'GET', path, setupRequest: (req) => ({ ...req, headers: bearer(pick().accessToken) }) }] };
}

export const accountsScenario = (linkages: BenchLinkage[]) => bearerGet('accounts', '/api/v1/accounts', linkages);
/** The floor of an audited read (bench/limit-server.ts): the accounts scenario's tokens, fixed JSON. */
export const floorFixedScenario = (linkages: BenchLinkage[]) => bearerGet('floor_fixed', '/floor/fixed', linkages);

export function balancesScenario(linkages: BenchLinkage[]): Scenario {
  const pick = roundRobin(linkages.flatMap((l) => l.accountIds.map((accountId) => ({ token: l.accessToken, accountId }))));
  return {
    name: 'balances',
    requests: () => [
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

/** One-month ranges of the busy accounts (about 120 movements a month): pages of 100. */
function busyMonths(linkages: BenchLinkage[]) {
  const today = jstDate();
  const months = Array.from({ length: 12 }, (_, k) => {
    const dateTo = addDays(today, -30 * k);
    return { dateFrom: addDays(dateTo, -30), dateTo };
  });
  return roundRobin(linkages.filter((l) => l.busyAccountId).map((l, i) => ({ l, month: months[i % months.length]! })));
}

type Month = { dateFrom: string; dateTo: string };

/** One page of a busy account's month per request; `withToken` sends the linkage's bearer token. */
function monthPages(name: ScenarioName, linkages: BenchLinkage[], pathOf: (accountId: string, month: Month) => string, withToken: boolean): Scenario {
  const pick = busyMonths(linkages);
  return {
    name,
    requests: () => [
      {
        method: 'GET',
        setupRequest: (req) => {
          const { l, month } = pick();
          const path = pathOf(l.busyAccountId!, month);
          return withToken ? { ...req, path, headers: bearer(l.accessToken) } : { ...req, path };
        },
      },
    ],
  };
}

const range = (month: Month) => `dateFrom=${month.dateFrom}&dateTo=${month.dateTo}&limit=100`;

export const transactionsScenario = (linkages: BenchLinkage[]) =>
  monthPages('transactions_page', linkages, (id, month) => `/api/v1/accounts/${id}/transactions?${range(month)}`, true);

/** The same accounts and months as transactionsScenario, from the plain query server. */
export const plainPageScenario = (linkages: BenchLinkage[]) => monthPages('plain_page', linkages, (id, month) => `/page?accountId=${id}&${range(month)}`, false);

/** The transactions scenario's requests, to the floor of an audited page. */
export const floorPageScenario = (linkages: BenchLinkage[]) =>
  monthPages('floor_page', linkages, (id, month) => `/floor/page?accountId=${id}&${range(month)}`, true);

interface PoolItem {
  basic: string;
  refreshToken: string;
  issuer: string;
}

export interface RefreshScenario extends Scenario {
  /** The same pool, sent to another path (the floor of bench/limit-server.ts). */
  at: (name: ScenarioName, path: string) => Scenario;
}

/** POST {path} grant_type=refresh_token with client_secret_basic, rotating through a pool. */
function refreshScenario(path: string, credentials: PeerToken[]): RefreshScenario {
  const pool: PoolItem[] = credentials.map((c) => ({
    basic: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
    refreshToken: c.refreshToken,
    issuer: 'minted',
  }));
  const pending = new Map<object, PoolItem>();
  const requestsAt =
    (to: string) =>
    (target: string): LoadRequest[] => [
      {
        method: 'POST',
        path: to,
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
          // A refused or unanswered token leaves the pool: presenting it again would be reuse.
          if (status === 200 && item) {
            item.refreshToken = (JSON.parse(body) as { refresh_token: string }).refresh_token;
            item.issuer = target;
            pool.push(item);
          }
        },
      },
    ];
  return {
    name: 'refresh_grant',
    acknowledgedTokens: () => {
      const byIssuer: Record<string, string[]> = {};
      for (const item of pool) (byIssuer[item.issuer] ??= []).push(item.refreshToken);
      return byIssuer;
    },
    requests: requestsAt(path),
    at: (name, other) => ({ name, requests: requestsAt(other) }),
  };
}

export const oursRefreshScenario = (linkages: BenchLinkage[]) =>
  refreshScenario('/oauth/token', linkages.map((l) => ({ clientId: l.clientId, clientSecret: l.clientSecret, refreshToken: l.refreshToken })));

export const peerRefreshScenario = (tokens: PeerToken[]) => refreshScenario('/token', tokens);
