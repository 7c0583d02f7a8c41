// Client authentication at the token, revocation, introspection and PAR endpoints
// (RFC 6749 §2.3). Exactly one method per request (§2.3.1: "MUST NOT use more than one").
import { decodeBase64 } from '@oslojs/encoding';
import { sha256Hex, timingSafeEqualString } from '@/lib/crypto';
import { isActive, type ClientStore, type OAuthClient } from './client';
import { assertedClientId, JWT_BEARER_ASSERTION_TYPE, verifyClientAssertion, type AssertionChecks } from './client-assertion';
import { InvalidClient, InvalidRequest } from './errors';
import type { Params } from './params';

export type PresentedCredentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; secret: string }
  | { method: 'private_key_jwt'; clientId: string; assertion: string };

/** The client authentication parameters, removed before an endpoint validates the rest. */
export const CLIENT_AUTH_PARAMS = ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type'];

export function extractCredentials(headers: Headers, params: Params): PresentedCredentials {
  const authorization = headers.get('authorization');
  const basic = authorization === null ? undefined : parseBasic(authorization);
  const post = params.client_secret !== undefined;
  const assertion = params.client_assertion !== undefined || params.client_assertion_type !== undefined;
  if ([basic !== undefined, post, assertion].filter(Boolean).length > 1) {
    throw new InvalidRequest('Use exactly one client authentication method.');
  }
  if (basic) {
    if (params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw new InvalidRequest('client_id does not match the Authorization header.');
    }
    return basic;
  }
  if (post && params.client_id !== undefined) {
    return { method: 'client_secret_post', clientId: params.client_id, secret: params.client_secret! };
  }
  if (assertion) return assertionCredentials(params);
  throw new InvalidClient('Client authentication is required.', 'no_credentials');
}

/** RFC 7523 §2.2: the assertion names the client; a client_id sent beside it must agree. */
function assertionCredentials(params: Params): PresentedCredentials {
  if (params.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
    throw new InvalidClient('Client authentication failed.', 'assertion_type');
  }
  if (params.client_assertion === undefined) throw new InvalidClient('Client authentication failed.', 'no_assertion');
  const clientId = assertedClientId(params.client_assertion);
  if (params.client_id !== undefined && params.client_id !== clientId) {
    throw new InvalidClient('Client authentication failed.', 'client_id_mismatch');
  }
  return { method: 'private_key_jwt', clientId, assertion: params.client_assertion };
}

/**
 * RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64 encoding. Every way the
 * value can be malformed is the same invalid_client, so the endpoint answers 401 with
 * WWW-Authenticate and audits it (security.md), never a 500.
 */
function parseBasic(header: string): PresentedCredentials {
  const pair = decodeBasicPair(header);
  if (!pair || pair.clientId === '') throw new InvalidClient('Malformed Authorization header.', 'malformed_basic');
  return { method: 'client_secret_basic', ...pair };
}

function decodeBasicPair(header: string): { clientId: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match) return undefined;
  try {
    // RFC 7617 §2: Base64 of RFC 4648 §4 (padded) over UTF-8; @oslojs and a fatal decoder
    // refuse anything else instead of guessing.
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64(match[1]!));
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, '%20'));
}

// Compared against when the client is unknown, so both paths hash and compare.
const UNKNOWN_CLIENT_HASH = sha256Hex('tsunagu:unknown-client');

/**
 * Authenticates the presented credentials; every failure is the same invalid_client.
 * A `fapi2` partner authenticates with private_key_jwt only, whatever its registered
 * methods say (partner-api.md "Security profiles").
 */
export async function authenticateClient(
  store: ClientStore,
  credentials: PresentedCredentials,
  checks: AssertionChecks,
): Promise<OAuthClient> {
  if (credentials.method === 'private_key_jwt') {
    const client = await store.findByClientId(credentials.clientId);
    if (!isActive(client)) throw new InvalidClient('Client authentication failed.', 'unknown_or_inactive_client');
    if (!client.tokenEndpointAuthMethods.includes('private_key_jwt')) {
      throw new InvalidClient('Client authentication failed.', 'method_not_registered');
    }
    await verifyClientAssertion(credentials.assertion, client, checks);
    return client;
  }
  return authenticateBySecret(store, credentials, checks.now);
}

async function authenticateBySecret(
  store: ClientStore,
  credentials: { method: string; clientId: string; secret: string },
  now: Date,
): Promise<OAuthClient> {
  const client = await store.findByClientId(credentials.clientId);
  const presented = sha256Hex(credentials.secret);
  // Both hashes are compared every time (no short-circuit), so timing does not tell whether
  // a rotation's overlap is running; the replaced secret stops at its expiry.
  const previousHash = client?.previousSecretExpiresAt && client.previousSecretExpiresAt.getTime() > now.getTime() ? client.previousClientSecretHash : null;
  const current = timingSafeEqualString(presented, client?.clientSecretHash ?? UNKNOWN_CLIENT_HASH);
  const previous = timingSafeEqualString(presented, previousHash ?? UNKNOWN_CLIENT_HASH);
  // The stand-in hash is of a known string: it may never count as a match by itself.
  const matches = (current && client !== undefined) || (previous && Boolean(previousHash));
  if (!matches || !isActive(client) || !client.tokenEndpointAuthMethods.includes(credentials.method)) {
    throw new InvalidClient('Client authentication failed.', 'secret');
  }
  if (client.securityProfile === 'fapi2') throw new InvalidClient('Client authentication failed.', 'profile_requires_private_key_jwt');
  return client;
}
