// 「デモ会計」 in a test: the app on a fresh database behind the real lean server, and a
// browser-like `visit` that keeps the app's session cookie. Registers its own vitest hooks.
import { afterAll, beforeAll } from 'vitest';
import { seedDemo, type DemoSeed } from '@/db/seed/demo';
import { createDemoPartnerApp } from '@/demo-partner/app';
import { createBankClient } from '@/demo-partner/bank-client';
import type { DemoPartnerConfig } from '@/demo-partner/config';
import { createSessionStore, type DemoSession, type SessionStore } from '@/demo-partner/sessions';
import { startTestPartnerServer } from './partner-server-fixture';
import { createTempDb, type TempDb } from './temp-db';

export const DEMO_PARTNER_ORIGIN = 'http://localhost:4000';

export interface DemoPartnerHarness {
  /** The bank's database (created in the harness's beforeAll). */
  temp: () => TempDb;
  seed: () => DemoSeed;
  /** The lean server's origin (also the issuer: APP_ORIGIN is set to it). */
  bank: () => string;
  visit: (path: string, init?: RequestInit) => Promise<Response>;
  session: () => DemoSession;
}

export function demoPartnerHarness(configFor: (bank: string) => Omit<DemoPartnerConfig, 'bankOrigin' | 'apiOrigin' | 'origin' | 'scope'>): DemoPartnerHarness {
  let temp: TempDb;
  let seed: DemoSeed;
  let bankServer: Awaited<ReturnType<typeof startTestPartnerServer>>;
  let sessions: SessionStore;
  let app: (request: Request) => Promise<Response>;
  let cookie = '';
  const savedOrigin = process.env.APP_ORIGIN;

  beforeAll(async () => {
    temp = await createTempDb();
    seed = await seedDemo(temp.db);
    bankServer = await startTestPartnerServer(temp.db);
    process.env.APP_ORIGIN = bankServer.origin;
    const config: DemoPartnerConfig = {
      bankOrigin: bankServer.origin,
      apiOrigin: bankServer.origin,
      origin: DEMO_PARTNER_ORIGIN,
      scope: 'accounts:read balances:read transactions:read',
      ...configFor(bankServer.origin),
    };
    sessions = createSessionStore();
    app = createDemoPartnerApp(config, createBankClient(config), sessions);
  });
  afterAll(async () => {
    process.env.APP_ORIGIN = savedOrigin;
    await bankServer.close();
    await temp.cleanup();
  });

  return {
    temp: () => temp,
    seed: () => seed,
    bank: () => bankServer.origin,
    async visit(path, init = {}) {
      const response = await app(new Request(`${DEMO_PARTNER_ORIGIN}${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } }));
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return response;
    },
    session: () => sessions.get(cookie.split('=')[1]!)!,
  };
}
