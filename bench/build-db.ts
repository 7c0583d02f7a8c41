// The benchmark database: 1,000 companies, 5,000 accounts, about 1,000,000 movements and
// 10,000 active linkages whose tokens are minted directly (their values go to a JSON file
// the load driver reads). Built with drizzle's insert builder in large batches.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/db/client';
import {
  accounts,
  branches,
  companies,
  grantAccounts,
  grants,
  partners,
  tokens,
  transactions,
  users,
  type NewTransaction,
} from '@/db/schema';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { DEMO_FAPI_PRIVATE_JWK, DEMO_FAPI_PUBLIC_JWK } from '@/db/seed/demo-fapi-key';
import { generateOpaqueToken, sha256Hex } from '@/lib/crypto';
import { addDays, jstDate } from '@/lib/jst';
import { hashSecret } from '@/server/password-hash';
import { writeTransaction } from '@/server/write-transaction';

export const BENCH_SHAPE = {
  companies: 1_000,
  accountsPerCompany: 5,
  /** The first account of this many companies is busy: about 120 movements a month. */
  busyAccounts: 500,
  busyMovements: 1_560,
  quietMovements: 49,
  historyDays: 395,
  partners: 10,
} as const;

export const SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];

export interface BenchLinkage {
  grantId: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  accountIds: string[];
  /** The company's busy account when it has one. */
  busyAccountId: string | null;
}

/** The fapi2 bench partner's linkages: DPoP-bound tokens, all bound to one key of the generator's. */
export interface BenchFapiLinkages {
  clientId: string;
  /** Signs the client assertions (private_key_jwt); its public half is in the registry. */
  clientKey: JWK;
  /** The DPoP key every token below is bound to (cnf.jkt). */
  dpopKey: JWK;
  linkages: { grantId: string; accessToken: string; refreshToken: string; busyAccountId: string | null }[];
}

export const BENCH_FAPI_CLIENT_ID = 'bench-fapi';
const BENCH_FAPI_PARTNER_ID = 'ptn_bench_fapi';

type Progress = (message: string) => void;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const companyId = (c: number) => `cmp_bench_${pad(c, 4)}`;
const userId = (c: number) => `usr_bench_${pad(c, 4)}`;
const accountId = (c: number, a: number) => `acc_bench_${pad(c, 4)}_${a}`;
const partnerClientId = (p: number) => `bench-${pad(p + 1, 2)}`;
const partnerSecret = (p: number) => `bench-secret-${pad(p + 1, 2)}`;

function movementsOf(id: string, count: number, today: string, seed: number): NewTransaction[] {
  const rows: NewTransaction[] = [];
  const first = addDays(today, -(BENCH_SHAPE.historyDays - 1));
  let balance = 5_000_000 + (seed % 97) * 10_000;
  for (let i = 0; i < count; i++) {
    const day = addDays(first, Math.floor((i * BENCH_SHAPE.historyDays) / count));
    const credit = balance < 1_000_000 || (i * 7 + seed) % 5 < 2;
    const amount = 1_000 + ((i * 7919 + seed * 104_729) % 400_000);
    balance += credit ? amount : -amount;
    rows.push({
      accountId: id,
      itemKey: `${id}-${pad(i, 5)}`,
      transactionDate: day,
      valueDate: day,
      transactionTime: `${pad(9 + (i % 9), 2)}:${pad((i * 13) % 60, 2)}:00`,
      type: credit ? '1' : '2',
      amount,
      remarks: credit ? 'ﾌﾘｺﾐ ｶ)ﾍﾞﾝﾁﾏｰｸ' : 'ﾃﾞﾝｷﾘﾖｳｷﾝ',
      balance,
    });
  }
  return rows;
}

async function insertInBatches<T>(items: T[], size: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/** Companies, users, accounts, movements and partners: built once, reused across runs. */
export async function buildBase(db: Db, progress: Progress): Promise<void> {
  const hash = await hashSecret('bench-not-a-real-secret');
  const today = jstDate();
  const { companies: companyCount, accountsPerCompany } = BENCH_SHAPE;
  await writeTransaction(db, async (tx) => {
    await tx.insert(branches).values(Array.from({ length: 10 }, (_, b) => ({ code: String(100 + b), name: `ベンチ${b + 1}支店` })));
    await insertInBatches(Array.from({ length: companyCount }, (_, c) => c), 500, async (batch) => {
      await tx.insert(companies).values(batch.map((c) => ({ id: companyId(c), name: `ベンチ商事${c}株式会社`, nameKana: 'ﾍﾞﾝﾁｼﾖｳｼﾞ(ｶ' })));
      await tx.insert(users).values(batch.map((c) => ({ id: userId(c), companyId: companyId(c), loginId: `bench${pad(c, 4)}`, displayName: 'ベンチ', passwordHash: hash })));
      await tx.insert(accounts)
        .values(
          batch.flatMap((c) =>
            Array.from({ length: accountsPerCompany }, (_, a) => ({
              id: accountId(c, a),
              companyId: companyId(c),
              branchCode: String(100 + (c % 10)),
              typeCode: a === 4 ? ('2' as const) : ('1' as const),
              number: pad(c * accountsPerCompany + a + 1, 7),
              nameKana: 'ﾍﾞﾝﾁｼﾖｳｼﾞ(ｶ',
              inquiryPinHash: hash,
            })),
          ),
        );
    });
    await tx.insert(partners)
      .values(
        Array.from({ length: BENCH_SHAPE.partners }, (_, p) => ({
          id: `ptn_bench_${pad(p + 1, 2)}`,
          clientId: partnerClientId(p),
          clientSecretHash: sha256Hex(partnerSecret(p)),
          companyName: `ベンチ連携先${p + 1}株式会社`,
          serviceName: `ベンチ${p + 1}`,
          redirectUris: [`https://bench-${p + 1}.example/callback`],
          scopes: SCOPES,
          grantTypes: ['authorization_code', 'refresh_token'],
          tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
          customerChoosesScopes: false,
          grantPeriodDays: 365,
          displayOrder: 1000 + p,
        })),
      );
    // The FAPI 2.0 partner of the DPoP scenarios, with the demo-fapi key (demo data only).
    await tx.insert(partners)
      .values({
        id: BENCH_FAPI_PARTNER_ID,
        clientId: BENCH_FAPI_CLIENT_ID,
        clientSecretHash: sha256Hex(generateOpaqueToken()),
        companyName: 'ベンチFAPI連携先株式会社',
        serviceName: 'ベンチFAPI',
        redirectUris: ['https://bench-fapi.example/callback'],
        scopes: SCOPES,
        grantTypes: ['authorization_code', 'refresh_token'],
        tokenEndpointAuthMethods: ['private_key_jwt'],
        securityProfile: 'fapi2',
        jwks: { keys: [{ ...DEMO_FAPI_PUBLIC_JWK }] },
        customerChoosesScopes: false,
        grantPeriodDays: 365,
        displayOrder: 1100,
      });
  });
  let total = 0;
  for (let c = 0; c < companyCount; c++) {
    const rows: NewTransaction[] = [];
    for (let a = 0; a < accountsPerCompany; a++) {
      const busy = a === 0 && c < BENCH_SHAPE.busyAccounts;
      rows.push(...movementsOf(accountId(c, a), busy ? BENCH_SHAPE.busyMovements : BENCH_SHAPE.quietMovements, today, c * 5 + a));
    }
    await writeTransaction(db, async (tx) => insertInBatches(rows, 1_000, async (batch) => tx.insert(transactions).values(batch)));
    total += rows.length;
    if ((c + 1) % 100 === 0) progress(`movements: ${total.toLocaleString('en-US')} (${c + 1}/${companyCount} companies)`);
  }
}

/** 10,000 linkages (every company with every bench partner), each with a fresh token pair. */
export async function mintLinkages(db: Db, progress: Progress): Promise<BenchLinkage[]> {
  const now = new Date();
  const grantExpiresAt = new Date(now.getTime() + 365 * 86_400_000);
  const accessExpiresAt = new Date(now.getTime() + 3_600_000);
  const linkages: BenchLinkage[] = [];
  await writeTransaction(db, async (tx) => {
    await tx.delete(tokens);
    await tx.delete(grantAccounts);
    await tx.delete(grants);
    for (let p = 0; p < BENCH_SHAPE.partners; p++) {
      const partnerId = `ptn_bench_${pad(p + 1, 2)}`;
      for (let from = 0; from < BENCH_SHAPE.companies; from += 250) {
        const batch = Array.from({ length: Math.min(250, BENCH_SHAPE.companies - from) }, (_, i) => {
          const c = from + i;
          const accountIds = Array.from({ length: BENCH_SHAPE.accountsPerCompany }, (_, a) => accountId(c, a));
          return {
            company: c,
            linkage: {
              grantId: `grt_bench_${pad(p + 1, 2)}_${pad(c, 4)}`,
              clientId: partnerClientId(p),
              clientSecret: partnerSecret(p),
              accessToken: generateOpaqueToken(),
              refreshToken: generateOpaqueToken(),
              accountIds,
              busyAccountId: c < BENCH_SHAPE.busyAccounts ? accountIds[0]! : null,
            } satisfies BenchLinkage,
          };
        });
        await tx.insert(grants)
          .values(
            batch.map(({ company, linkage }) => ({
              id: linkage.grantId,
              companyId: companyId(company),
              userId: userId(company),
              partnerId,
              scopes: SCOPES,
              expiresAt: grantExpiresAt,
              createdAt: now,
            })),
          );
        await tx.insert(grantAccounts)
          .values(batch.flatMap(({ linkage }) => linkage.accountIds.map((id) => ({ grantId: linkage.grantId, accountId: id }))));
        await tx.insert(tokens)
          .values(
            batch.flatMap(({ linkage }) => {
              const common = { grantId: linkage.grantId, partnerId, scopes: SCOPES, createdAt: now };
              return [
                { ...common, tokenHash: sha256Hex(linkage.accessToken), kind: 'access' as const, expiresAt: accessExpiresAt },
                { ...common, tokenHash: sha256Hex(linkage.refreshToken), kind: 'refresh' as const, expiresAt: grantExpiresAt },
              ];
            }),
          );
        linkages.push(...batch.map((b) => b.linkage));
      }
    }
  });
  progress(`linkages: ${linkages.length.toLocaleString('en-US')} with fresh tokens`);
  return linkages;
}

/** One DPoP-bound linkage per company for the fapi2 partner; run after mintLinkages (it clears tokens). */
export async function mintFapiLinkages(db: Db, progress: Progress): Promise<BenchFapiLinkages> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const dpopKey = { ...(await exportJWK(privateKey)), alg: 'ES256' };
  const dpopJkt = await calculateJwkThumbprint(await exportJWK(publicKey));
  const now = new Date();
  const grantExpiresAt = new Date(now.getTime() + 365 * 86_400_000);
  const linkages: BenchFapiLinkages['linkages'] = [];
  await writeTransaction(db, async (tx) => {
    for (let from = 0; from < BENCH_SHAPE.companies; from += 250) {
      const batch = Array.from({ length: Math.min(250, BENCH_SHAPE.companies - from) }, (_, i) => {
        const c = from + i;
        const accountIds = Array.from({ length: BENCH_SHAPE.accountsPerCompany }, (_, a) => accountId(c, a));
        const linkage = {
          grantId: `grt_bench_fapi_${pad(c, 4)}`,
          accessToken: generateOpaqueToken(),
          refreshToken: generateOpaqueToken(),
          busyAccountId: c < BENCH_SHAPE.busyAccounts ? accountIds[0]! : null,
        };
        return { c, accountIds, linkage };
      });
      await tx.insert(grants)
        .values(batch.map(({ c, linkage }) => ({ id: linkage.grantId, companyId: companyId(c), userId: userId(c), partnerId: BENCH_FAPI_PARTNER_ID, scopes: SCOPES, expiresAt: grantExpiresAt, createdAt: now })));
      await tx.insert(grantAccounts)
        .values(batch.flatMap(({ accountIds, linkage }) => accountIds.map((id) => ({ grantId: linkage.grantId, accountId: id }))));
      await tx.insert(tokens)
        .values(
          batch.flatMap(({ linkage }) => {
            const common = { grantId: linkage.grantId, partnerId: BENCH_FAPI_PARTNER_ID, scopes: SCOPES, dpopJkt, createdAt: now };
            return [
              { ...common, tokenHash: sha256Hex(linkage.accessToken), kind: 'access' as const, expiresAt: new Date(now.getTime() + 3_600_000) },
              { ...common, tokenHash: sha256Hex(linkage.refreshToken), kind: 'refresh' as const, expiresAt: grantExpiresAt },
            ];
          }),
        );
      linkages.push(...batch.map((b) => b.linkage));
    }
  });
  progress(`fapi2 linkages: ${linkages.length.toLocaleString('en-US')} with DPoP-bound tokens`);
  return { clientId: BENCH_FAPI_CLIENT_ID, clientKey: { ...DEMO_FAPI_PRIVATE_JWK }, dpopKey, linkages };
}

export const BENCH_DB = path.join('bench', 'data', 'bench.db');
export const fapiLinkagesFileBeside = (linkagesFile: string) => path.join(path.dirname(linkagesFile), 'fapi-linkages.json');
export const BENCH_BASE_MARKER = path.join('bench', 'data', 'base-v1.done');

export function benchDatabaseExists(): boolean {
  return fs.existsSync(BENCH_DB) && fs.existsSync(BENCH_BASE_MARKER);
}
