// The demo data plus a linkage of tsunagu01 with demo-kaikei over 2222222 and 2000002, for
// tests of the account-data API handlers.
import type { Db } from '@/db/client';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import type { ApiLimits } from '@/server/api/pipeline';
import { createPartnerApi, type PartnerApi } from '@/server/api/partner-api';
import { createLinkage, type Linkage, type LinkageInput } from './linkage-fixture';
import { createTempDb } from './temp-db';

export interface ApiTestBed {
  db: Db;
  seed: DemoSeed;
  api: PartnerApi;
  linkage: Linkage;
  /** 2222222: in the linkage. */
  linked: string;
  /** 1111111: tsunagu01's, but outside the linkage. */
  notLinked: string;
  /** 3000001: tsunagu02's. */
  otherCompany: string;
  newLinkage: (overrides?: Partial<LinkageInput>) => Promise<Linkage>;
  cleanup: () => Promise<void>;
}

/** Limits no test reaches by accident; rate-limit tests build their own API. */
export const ROOMY_LIMITS: ApiLimits = {
  perLinkage: { burst: 100_000, perSecond: 10_000 },
  failedAuthPerSource: { burst: 1_000, perSecond: 100 },
};

export async function createApiTestBed(options: { limits?: ApiLimits } = {}): Promise<ApiTestBed> {
  const { db, cleanup } = await createTempDb();
  const seed = await seedDemo(db);
  const linked = seed.accountIds['2222222']!;
  const newLinkage = (overrides: Partial<LinkageInput> = {}) =>
    createLinkage(db, {
      companyId: seed.companyIds.tsunagu01,
      userId: seed.userIds.tsunagu01,
      partnerId: seed.partnerIds['demo-kaikei']!,
      accountIds: [linked, seed.accountIds['2000002']!],
      ...overrides,
    });
  return {
    db,
    seed,
    api: createPartnerApi(db, { limits: options.limits }),
    linkage: await newLinkage(),
    linked,
    notLinked: seed.accountIds['1111111']!,
    otherCompany: seed.accountIds['3000001']!,
    newLinkage,
    cleanup,
  };
}
