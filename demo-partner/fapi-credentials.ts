// What a fapi2 partner holds: the private key its client assertions are signed with (its
// public half is in the bank's registry) and a DPoP key pair of its own, made at start-up
// and kept in memory like the sessions whose tokens it is bound to.
import * as oauth from 'oauth4webapi';
import { importJWK } from 'jose';
import type { DemoPartnerConfig } from './config';

export interface FapiCredentials {
  clientAuth: oauth.ClientAuth;
  dpop: oauth.DPoPHandle;
}

export async function createFapiCredentials(client: oauth.Client, config: DemoPartnerConfig): Promise<FapiCredentials> {
  const jwk = config.privateJwk;
  if (!jwk || typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string') throw new Error('a fapi2 partner needs a private JWK with kid and alg');
  const key = await importJWK(jwk, jwk.alg);
  if (!(key instanceof CryptoKey)) throw new Error('the client key must be an asymmetric private key');
  const dpopKeys = await oauth.generateKeyPair('ES256');
  return { clientAuth: oauth.PrivateKeyJwt({ key, kid: jwk.kid }), dpop: oauth.DPoP(client, dpopKeys) };
}
