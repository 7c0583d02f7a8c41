// The FAPI 2.0 scenarios (issue 8): a DPoP-bound refresh grant authenticated with
// private_key_jwt (no rotation: the same refresh token every time) and a DPoP-bound
// transactions page. Every request carries freshly signed JWTs with their own jti, signed in
// the load generator's process by jose ahead of use (bench/presigned.ts).
import { createHash, randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { addDays, jstDate } from '@/lib/jst';
import type { BenchFapiLinkages } from './build-db';
import { PresignedPool } from './presigned';
import type { Scenario } from './scenarios';
import { publicOriginFor } from './servers';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Enough for one run at well above the rates measured; topped up while it runs. */
const PRESIGN_PER_SECOND = 2_500;

interface Keys {
  client: CryptoKey;
  dpop: CryptoKey;
  dpopPublic: JWK;
}

async function importKeys(fapi: BenchFapiLinkages): Promise<Keys> {
  const { d: _private, ...dpopPublic } = fapi.dpopKey;
  return {
    client: (await importJWK(fapi.clientKey, 'ES256')) as CryptoKey,
    dpop: (await importJWK(fapi.dpopKey, 'ES256')) as CryptoKey,
    dpopPublic,
  };
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

function proof(keys: Keys, htm: string, htu: string, accessToken?: string): Promise<string> {
  return new SignJWT({ htm, htu, ...(accessToken ? { ath: ath(accessToken) } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: keys.dpopPublic })
    .setIssuedAt()
    .setJti(randomUUID())
    .sign(keys.dpop);
}

function clientAssertion(keys: Keys, fapi: BenchFapiLinkages, issuer: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: String(fapi.clientKey.kid) })
    .setIssuer(fapi.clientId)
    .setSubject(fapi.clientId)
    .setAudience(issuer)
    .setIssuedAt()
    .setExpirationTime('60s')
    .setJti(randomUUID())
    .sign(keys.client);
}

function roundRobin<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length]!;
}

/** One pool per server origin: proofs name the server they are for. */
function perOrigin<T>(make: (issuer: string) => () => Promise<T>) {
  const pools = new Map<string, PresignedPool<T>>();
  return (origin: string) => {
    const issuer = publicOriginFor(new URL(origin).port);
    let pool = pools.get(issuer);
    if (!pool) pools.set(issuer, (pool = new PresignedPool(make(issuer))));
    return pool;
  };
}

export function dpopRefreshScenario(fapi: BenchFapiLinkages): Scenario {
  const keysReady = importKeys(fapi);
  const pick = roundRobin(fapi.linkages);
  const poolFor = perOrigin((issuer) => async () => {
    const keys = await keysReady;
    const { refreshToken } = pick();
    const [assertion, dpop] = await Promise.all([clientAssertion(keys, fapi, issuer), proof(keys, 'POST', `${issuer}/oauth/token`)]);
    return {
      dpop,
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion }).toString(),
    };
  });
  let current = poolFor('http://127.0.0.1:0');
  return {
    name: 'dpop_refresh_grant',
    prepare: async (run) => {
      current = poolFor(run.origin);
      await current.fill(run.durationSeconds * PRESIGN_PER_SECOND);
    },
    requests: () => [
      {
        method: 'POST',
        path: '/oauth/token',
        setupRequest: (req) => {
          const signed = current.take(PRESIGN_PER_SECOND * 2);
          return { ...req, headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: signed.dpop }, body: signed.body };
        },
      },
    ],
  };
}

export function dpopTransactionsScenario(fapi: BenchFapiLinkages): Scenario {
  const keysReady = importKeys(fapi);
  const today = jstDate();
  const months = Array.from({ length: 12 }, (_, k) => ({ dateFrom: addDays(today, -30 * k - 30), dateTo: addDays(today, -30 * k) }));
  const pick = roundRobin(fapi.linkages.filter((l) => l.busyAccountId).map((l, i) => ({ l, month: months[i % months.length]! })));
  const poolFor = perOrigin((issuer) => async () => {
    const keys = await keysReady;
    const { l, month } = pick();
    const pathOnly = `/api/v1/accounts/${l.busyAccountId}/transactions`;
    return {
      path: `${pathOnly}?dateFrom=${month.dateFrom}&dateTo=${month.dateTo}&limit=100`,
      authorization: `DPoP ${l.accessToken}`,
      dpop: await proof(keys, 'GET', `${issuer}${pathOnly}`, l.accessToken),
    };
  });
  let current = poolFor('http://127.0.0.1:0');
  return {
    name: 'dpop_transactions_page',
    prepare: async (run) => {
      current = poolFor(run.origin);
      await current.fill(run.durationSeconds * PRESIGN_PER_SECOND);
    },
    requests: () => [
      {
        method: 'GET',
        setupRequest: (req) => {
          const signed = current.take(PRESIGN_PER_SECOND * 2);
          return { ...req, path: signed.path, headers: { authorization: signed.authorization, dpop: signed.dpop } };
        },
      },
    ],
  };
}
