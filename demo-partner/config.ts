// Settings of the demo partner app「デモ会計」, from the environment.
export interface DemoPartnerConfig {
  /** The bank's issuer (its public origin); metadata is discovered from it (RFC 8414). */
  bankOrigin: string;
  /** Where the account-data API is served: the bank's origin, or its lean partner server. */
  apiOrigin: string;
  /** This app's own origin; the redirect URI is `${origin}/callback` and must be registered. */
  origin: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DemoPartnerConfig {
  const port = env.PORT || '4000';
  const bankOrigin = (env.BANK_ORIGIN || 'http://localhost:3000').replace(/\/$/, '');
  return {
    bankOrigin,
    apiOrigin: (env.BANK_API_ORIGIN || bankOrigin).replace(/\/$/, ''),
    origin: (env.DEMO_PARTNER_ORIGIN || `http://localhost:${port}`).replace(/\/$/, ''),
    clientId: env.DEMO_CLIENT_ID || 'demo-kaikei',
    clientSecret: env.DEMO_CLIENT_SECRET || 'demo-kaikei-secret',
    scope: 'accounts:read balances:read transactions:read',
  };
}
