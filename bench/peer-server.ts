// The benchmark's peer: node-oidc-provider 9 answering the refresh_token grant with rotation,
// in its own process (pinned like our servers), on its own in-memory adapter (nothing
// durable). Its grants and refresh tokens are minted through its models before the load, one
// linkage per company and partner like ours, and their values written to PEER_TOKENS_FILE
// for the load generator.
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

const port = Number(process.env.PORT || 3282);
const clientCount = Number(process.env.PEER_CLIENTS || 10);
const linkagesPerClient = Number(process.env.PEER_LINKAGES_PER_CLIENT || 1_000);
const tokensFile = process.env.PEER_TOKENS_FILE || 'bench/data/peer-tokens.json';
const SCOPE = 'accounts:read balances:read transactions:read';

// The provider's own memory adapter, with a store large enough for the run: its default LRU
// keeps 1,000 entries and would drop pre-minted tokens (then the peer would answer errors).
const store = new LRU({ maxSize: 5_000_000 });

const clients = Array.from({ length: clientCount }, (_, i) => ({
  client_id: `peer-${String(i + 1).padStart(2, '0')}`,
  client_secret: `peer-secret-${String(i + 1).padStart(2, '0')}-not-a-real-secret`,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: [`https://peer-${i + 1}.example/callback`],
  token_endpoint_auth_method: 'client_secret_basic',
}));

const provider = new Provider(`http://127.0.0.1:${port}`, {
  adapter: (model: string) => new MemoryAdapter(model, store),
  clients,
  scopes: SCOPE.split(' '),
  rotateRefreshToken: true,
  // Like ours: every partner gets a refresh token, bound to the linkage and not to a browser session.
  issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed: (type: string) => boolean }) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: () => false,
  findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
  ttl: { AccessToken: 3_600, RefreshToken: 365 * 86_400, Grant: 365 * 86_400 },
  cookies: { keys: ['bench-peer-cookie-key-not-a-secret'] },
  features: { devInteractions: { enabled: false } },
});

async function mintTokens() {
  const minted: { clientId: string; clientSecret: string; refreshToken: string }[] = [];
  for (const registered of clients) {
    const client = await provider.Client.find(registered.client_id);
    if (!client) throw new Error(`peer: client ${registered.client_id} missing`);
    for (let n = 0; n < linkagesPerClient; n++) {
      const accountId = `peer-company-${n}`;
      const grant = new provider.Grant({ accountId, clientId: client.clientId });
      grant.addOIDCScope(SCOPE);
      const grantId = await grant.save();
      const refreshToken = await new provider.RefreshToken({ accountId, client, grantId, scope: SCOPE, gty: 'authorization_code' }).save();
      minted.push({ clientId: registered.client_id, clientSecret: registered.client_secret, refreshToken });
    }
  }
  return minted;
}

const minted = await mintTokens();
fs.writeFileSync(tokensFile, JSON.stringify(minted));
http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`peer: oidc-provider on :${port}, ${minted.length} refresh tokens minted`);
});
