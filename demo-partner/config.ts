// Settings of the demo partner app「デモ会計」, from the environment.
import { DEMO_FAPI_CLIENT_ID, DEMO_FAPI_PRIVATE_JWK } from '@/db/seed/demo-fapi-key';

export interface DemoPartnerConfig {
  /** The bank's issuer (its public origin); metadata is discovered from it (RFC 8414). */
  bankOrigin: string;
  /** Where the account-data API is served: the bank's origin, or its lean partner server. */
  apiOrigin: string;
  /** This app's own origin; the redirect URI is `${origin}/callback` and must be registered. */
  origin: string;
  clientId: string;
  /** `basic`: client secret + Bearer. `fapi2`: PAR, private_key_jwt and DPoP (partner-api.md). */
  profile: 'basic' | 'fapi2';
  clientSecret: string;
  /** fapi2: the private JWK the client assertions are signed with (its kid is registered). */
  privateJwk?: Record<string, unknown>;
  scope: string;
}

/**
 * `DEMO_PARTNER_CLIENT=demo-fapi` runs the app as the FAPI 2.0 partner of demo-data.md, with
 * its published key; anything else (default demo-kaikei) as a basic partner with a secret.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DemoPartnerConfig {
  const port = env.PORT || '4000';
  const bankOrigin = (env.BANK_ORIGIN || 'http://localhost:3000').replace(/\/$/, '');
  const common = {
    bankOrigin,
    apiOrigin: (env.BANK_API_ORIGIN || bankOrigin).replace(/\/$/, ''),
    origin: (env.DEMO_PARTNER_ORIGIN || `http://localhost:${port}`).replace(/\/$/, ''),
    scope: 'accounts:read balances:read transactions:read',
  };
  const clientId = env.DEMO_PARTNER_CLIENT || env.DEMO_CLIENT_ID || 'demo-kaikei';
  if (clientId === DEMO_FAPI_CLIENT_ID) {
    return { ...common, clientId, profile: 'fapi2', clientSecret: '', privateJwk: { ...DEMO_FAPI_PRIVATE_JWK } };
  }
  return { ...common, clientId, profile: 'basic', clientSecret: env.DEMO_CLIENT_SECRET || 'demo-kaikei-secret' };
}
