// The demo data of shared/design/demo-data.md, exactly: tests and the README rely on these
// values. Created only on request (npm run db:seed:demo), never by a production start.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import {
  accounts,
  apiPinRegistrations,
  branches,
  companies,
  partners,
  staff,
  transactions,
  users,
  type NewAccount,
  type NewPartner,
} from '../schema';
import { DEMO_FAPI_PUBLIC_JWK } from './demo-fapi-key';
import { generateHistory } from './demo-transactions';
import { generateSecretToken, newId, sha256Hex } from '@/lib/crypto';
import { hashSecret } from '@/server/password-hash';
import { writeTransaction } from '@/server/write-transaction';

export const DEMO_PASSWORD = 'Tsunagu#2026';
export const ALL_SCOPES = ['accounts:read', 'balances:read', 'transactions:read'];

const BRANCHES = [
  { code: '001', name: 'インターネット支店' },
  { code: '202', name: 'インターネット支店' },
  { code: '456', name: '本店営業部' },
  { code: '110', name: '港支店' },
];

interface DemoAccount {
  login: 'tsunagu01' | 'tsunagu02';
  branchCode: string;
  typeCode: '1' | '2' | '4';
  number: string;
  memo: string | null;
  registered: boolean;
  pin: string;
  openingBalance: number;
}

const ACCOUNTS: DemoAccount[] = [
  { login: 'tsunagu01', branchCode: '001', typeCode: '1', number: '2000002', memo: '口座メモ5678901234567890', registered: false, pin: '1357', openingBalance: 8_400_000 },
  { login: 'tsunagu01', branchCode: '202', typeCode: '1', number: '1111111', memo: null, registered: false, pin: '1357', openingBalance: 2_350_000 },
  { login: 'tsunagu01', branchCode: '202', typeCode: '1', number: '2222222', memo: null, registered: true, pin: '1357', openingBalance: 5_120_000 },
  { login: 'tsunagu01', branchCode: '456', typeCode: '2', number: '1000014', memo: '口座メモ5678901234567890', registered: false, pin: '1357', openingBalance: 12_800_000 },
  { login: 'tsunagu02', branchCode: '456', typeCode: '1', number: '3000001', memo: '売上入金用', registered: true, pin: '2468', openingBalance: 6_700_000 },
  { login: 'tsunagu02', branchCode: '110', typeCode: '2', number: '3000019', memo: null, registered: true, pin: '2468', openingBalance: 15_300_000 },
];

const CUSTOMERS = [
  { loginId: 'tsunagu01', name: 'つなぐ商事株式会社', kana: 'ﾂﾅｸﾞｼﾖｳｼﾞ(ｶ', displayName: '山田 太郎' },
  { loginId: 'tsunagu02', name: 'みなと製作所株式会社', kana: 'ﾐﾅﾄｾｲｻｸｼﾖ(ｶ', displayName: '佐藤 花子' },
] as const;

type PartnerSeed = Omit<NewPartner, 'id' | 'clientSecretHash' | 'grantTypes' | 'tokenEndpointAuthMethods'> & {
  clientSecret?: string;
};

// The seven partners of the notice (令和2年11月10日現在), in its order.
const NOTICE_PARTNERS: PartnerSeed[] = [
  { clientId: 'freee', companyName: 'フリー株式会社', serviceName: 'クラウド会計ソフト freee' },
  { clientId: 'moneytree', companyName: 'マネーツリー株式会社', serviceName: 'MT LINK' },
  { clientId: 'moneyforward', companyName: '株式会社マネーフォワード', serviceName: 'マネーフォワード クラウドシリーズ' },
  { clientId: 'yayoi', companyName: '弥生株式会社', serviceName: '弥生会計オンライン、やよいの青色申告オンライン' },
  { clientId: 'sorimachi', companyName: 'ソリマチ株式会社', serviceName: '会計王、スマホ社長' },
  { clientId: 'sbi-bs', companyName: 'SBIビジネス・ソリューションズ株式会社', serviceName: 'Money Look' },
  { clientId: 'mjs', companyName: '株式会社ミロク情報サービス', serviceName: '取引明細連携ツール「Account Tracker Plus」' },
].map((p, index) => ({
  ...p,
  websiteUrl: `https://${p.clientId}.example/`,
  redirectUris: [`https://${p.clientId}.example/oauth/callback`],
  scopes: ALL_SCOPES,
  customerChoosesScopes: false,
  grantPeriodDays: 365,
  displayOrder: index + 1,
  listedSince: '2020-11-10',
}));

const LOCAL_PARTNERS: PartnerSeed[] = [
  {
    clientId: 'demo-kaikei',
    clientSecret: 'demo-kaikei-secret',
    companyName: 'デモ会計株式会社',
    serviceName: 'デモ会計',
    websiteUrl: 'http://localhost:4000/',
    redirectUris: ['http://localhost:4000/callback'],
    scopes: ALL_SCOPES,
    customerChoosesScopes: true,
    grantPeriodDays: 90,
    displayOrder: 101,
  },
  {
    clientId: 'demo-feed',
    clientSecret: 'demo-feed-secret',
    companyName: 'デモフィード株式会社',
    serviceName: 'デモ明細フィード',
    websiteUrl: 'http://localhost:4000/',
    redirectUris: ['http://localhost:4000/callback'],
    scopes: ALL_SCOPES,
    customerChoosesScopes: false,
    grantPeriodDays: 365,
    displayOrder: 102,
  },
  {
    // The FAPI 2.0 partner of demo-data.md: no client secret, its one public key registered.
    clientId: 'demo-fapi',
    companyName: 'デモFAPI会計株式会社',
    serviceName: 'デモFAPI会計',
    websiteUrl: 'http://localhost:4000/',
    redirectUris: ['http://localhost:4000/callback'],
    scopes: ALL_SCOPES,
    customerChoosesScopes: false,
    grantPeriodDays: 180,
    displayOrder: 103,
    securityProfile: 'fapi2',
    jwks: { keys: [DEMO_FAPI_PUBLIC_JWK] },
  },
];

const STAFF = [
  { loginId: 'admin', password: 'Admin#2026-tsunagu', role: 'admin' as const, displayName: '管理者' },
  { loginId: 'admin2', password: 'Admin2#2026-tsunagu', role: 'admin' as const, displayName: '第二管理者' },
  { loginId: 'auditor', password: 'Auditor#2026-tsunagu', role: 'auditor' as const, displayName: '監査担当' },
];

export interface DemoSeed {
  companyIds: Record<'tsunagu01' | 'tsunagu02', string>;
  userIds: Record<'tsunagu01' | 'tsunagu02', string>;
  /** Account ids by account number (e.g. '2000002'). */
  accountIds: Record<string, string>;
  /** Partner row ids by client_id. */
  partnerIds: Record<string, string>;
  transactionCount: number;
}

export class DemoDataExistsError extends Error {
  constructor() {
    super('The demo data already exists in this database.');
  }
}

/**
 * The demo credentials' argon2 hashes, made once per process: the suite seeds a fresh
 * database for many tests, and six argon2 hashes each time were most of a seed's cost.
 * Each hash is still salted and verifies exactly as one made for that database alone.
 */
let hashes: Promise<{ passwordHash: string; pinHashes: Record<'1357' | '2468', string>; staffHashes: string[] }> | undefined;
function demoHashes() {
  hashes ??= (async () => ({
    passwordHash: await hashSecret(DEMO_PASSWORD),
    pinHashes: { '1357': await hashSecret('1357'), '2468': await hashSecret('2468') },
    staffHashes: await Promise.all(STAFF.map((s) => hashSecret(s.password))),
  }))();
  return hashes;
}

export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<DemoSeed> {
  const now = options.now ?? new Date();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.loginId, 'tsunagu01')).limit(1);
  if (existing) {
    throw new DemoDataExistsError();
  }

  // argon2 is slow on purpose, and a transaction awaits only the store: hash everything first.
  const { passwordHash, pinHashes, staffHashes } = await demoHashes();

  const seed: DemoSeed = {
    companyIds: { tsunagu01: newId('co'), tsunagu02: newId('co') },
    userIds: { tsunagu01: newId('usr'), tsunagu02: newId('usr') },
    accountIds: {},
    partnerIds: {},
    transactionCount: 0,
  };

  await writeTransaction(db, async (tx) => {
    await tx.insert(branches).values(BRANCHES);
    for (const customer of CUSTOMERS) {
      await tx.insert(companies).values({ id: seed.companyIds[customer.loginId], name: customer.name, nameKana: customer.kana });
      await tx.insert(users).values({
        id: seed.userIds[customer.loginId],
        companyId: seed.companyIds[customer.loginId],
        loginId: customer.loginId,
        displayName: customer.displayName,
        passwordHash,
      });
    }

    for (const demo of ACCOUNTS) {
      const id = newId('acc');
      seed.accountIds[demo.number] = id;
      const customer = CUSTOMERS.find((c) => c.loginId === demo.login)!;
      const row: NewAccount = {
        id,
        companyId: seed.companyIds[demo.login],
        branchCode: demo.branchCode,
        typeCode: demo.typeCode,
        number: demo.number,
        nameKana: customer.kana,
        memo: demo.memo,
        inquiryPinHash: pinHashes[demo.pin as keyof typeof pinHashes],
      };
      await tx.insert(accounts).values(row);
      if (demo.registered) {
        await tx
          .insert(apiPinRegistrations)
          .values({ id: newId('pin'), accountId: id, userId: seed.userIds[demo.login], status: 'effective', effectiveAt: now });
      }
      const history = generateHistory({
        accountId: id,
        accountKey: `${demo.branchCode}${demo.typeCode}${demo.number}`,
        openingBalance: demo.openingBalance,
        now,
      });
      for (let i = 0; i < history.length; i += 500) {
        await tx.insert(transactions).values(history.slice(i, i + 500));
      }
      seed.transactionCount += history.length;
    }

    for (const partner of [...NOTICE_PARTNERS, ...LOCAL_PARTNERS]) {
      const { clientSecret, ...row } = partner;
      const id = newId('ptn');
      seed.partnerIds[row.clientId] = id;
      await tx.insert(partners).values({
        ...row,
        id,
        // The notice's partners get their real secrets from staff; a random one keeps
        // the demo rows valid without a usable credential. A fapi2 partner has none at all.
        clientSecretHash: sha256Hex(clientSecret ?? generateSecretToken()),
        grantTypes: ['authorization_code', 'refresh_token'],
        tokenEndpointAuthMethods: row.securityProfile === 'fapi2' ? ['private_key_jwt'] : ['client_secret_basic', 'client_secret_post'],
      });
    }

    for (const [index, member] of STAFF.entries()) {
      await tx.insert(staff).values({
        id: newId('stf'),
        loginId: member.loginId,
        displayName: member.displayName,
        passwordHash: staffHashes[index]!,
        role: member.role,
      });
    }
  });

  return seed;
}
