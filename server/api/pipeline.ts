// The ordered checks every account-data request goes through: access token and, for a
// DPoP-bound one, its proof (401), rate limit per linkage (429), scope (403), then the
// endpoint itself (400/404), and an audit entry for every outcome (refused tokens past the
// per-source limit are summarized per source, server/refusal-summary.ts). Errors become
// responses in one place (errors.ts).
import type { Db } from '@/db/client';
import type { VerifiedProof } from '@/lib/oauth/dpop';
import { storeRateLimiter, type Limiter } from '../shared-rate-limit';
import { logError } from '@/lib/logger';
import { setRequestPartner } from '@/lib/request-context';
import { requestContextFrom } from '../audit';
import { groupCommit } from '../group-commit';
import type { RefusalSummary } from '../refusal-summary';
import { metrics } from '../observability/metrics';
import { recordApiRead, type ApiReadRecord } from './api-audit';
import { claimJtiOnce } from '../oauth/replay-store';
import { configuredDpopNonces } from '../oauth/dpop-proof';
import { authenticate, presentedTokenOf, type Caller, type PresentedToken } from './bearer';
import { ApiError, errorResponse, insufficientScopeError, invalidDpopProofError, invalidTokenError, toApiError } from './errors';
import { checkSenderConstraint } from './sender-constraint';
import { jsonResponse, jsonTextResponse, SerializedJson } from './http';
import type { ApiStatements } from './statements';

export interface ApiLimits {
  /** Requests a linkage may send at once, and how fast that allowance refills. */
  perLinkage: { burst: number; perSecond: number };
  /** Refused tokens one source may present before it is slowed down. */
  failedAuthPerSource: { burst: number; perSecond: number };
}

export interface PipelineContext {
  db: Db;
  statements: ApiStatements;
  now: () => Date;
  linkageLimiter: Limiter;
  failedAuthLimiter: Limiter;
  refusals: RefusalSummary;
}

export interface EndpointCall {
  request: Request;
  url: URL;
  caller: Caller;
  now: Date;
  /** The {accountId} of the path, as sent (endpoints under /accounts/{accountId} only). */
  accountId: string;
  /** Filled in by the endpoint as it learns them, for the audit entry. */
  audit: ApiReadRecord;
}

export interface Endpoint {
  name: ApiReadRecord['endpoint'];
  scope: 'accounts:read' | 'balances:read' | 'transactions:read';
  run: (call: EndpointCall) => Promise<unknown>;
}

/** Shared by every process on PostgreSQL (shared-rate-limit.ts), this process's on SQLite. */
export function createLimiters(limits: ApiLimits, db: Db) {
  return {
    linkageLimiter: storeRateLimiter(db, 'api_per_linkage', limits.perLinkage.burst, limits.perLinkage.perSecond),
    failedAuthLimiter: storeRateLimiter(db, 'api_failed_auth', limits.failedAuthPerSource.burst, limits.failedAuthPerSource.perSecond),
  };
}

/** `limit` is counted here only for the per-linkage limit: the others count in refusal-summary.ts. */
function retryAfter(seconds: number, limit?: 'api_linkage'): ApiError {
  if (limit) metrics().rateLimitRefusals.inc({ limit });
  return new ApiError('too_many_requests', { 'Retry-After': String(seconds) });
}

async function refuseToken(context: PipelineContext, request: Request, audit: ApiReadRecord, now: Date, refusal: ApiError): Promise<ApiError> {
  const { ip } = requestContextFrom(request.headers);
  const limit = await context.failedAuthLimiter.consume(ip ?? 'unknown', now.getTime());
  if (limit.allowed) return refusal;
  // Past the limit, refusals are counted per source instead of one audit row each.
  context.refusals.record('api.failed_auth', { ip }, now);
  audit.summarized = true;
  return retryAfter(limit.retryAfterSeconds);
}

interface Answer {
  response: Response;
  /** A DPoP proof that passed every check; its jti is claimed in the audit row's commit. */
  proof?: VerifiedProof;
}

/** Runs the checks and the endpoint; what it answers, and the audit record of it. */
async function answer(context: PipelineContext, endpoint: Endpoint, request: Request, audit: ApiReadRecord, now: Date): Promise<Answer> {
  try {
    const presented = presentedTokenOf(request);
    const auth = await authenticate(context.statements, presented?.token ?? null, now);
    if (!auth.ok) {
      Object.assign(audit, auth.known);
      throw await refuseToken(context, request, audit, now, invalidTokenError(presented?.scheme));
    }
    const { caller } = auth;
    setRequestPartner(caller.partnerId);
    Object.assign(audit, { partnerId: caller.partnerId, grantId: caller.grantId, companyId: caller.companyId });
    // The Bearer hot path skips the DPoP check altogether.
    const unbound = caller.dpopJkt === null && presented!.scheme === 'Bearer';
    const proof = unbound ? null : await senderConstraint(context, request, audit, now, presented!, caller);
    const limit = await context.linkageLimiter.consume(caller.grantId, now.getTime());
    if (!limit.allowed) throw retryAfter(limit.retryAfterSeconds, 'api_linkage');
    if (!caller.scopes.has(endpoint.scope)) throw insufficientScopeError(endpoint.scope, presented!.scheme);
    const body = await endpoint.run({ request, url: new URL(request.url), caller, now, accountId: audit.accountId ?? '', audit });
    return { response: body instanceof SerializedJson ? jsonTextResponse(body.text) : jsonResponse(body), proof: proof ?? undefined };
  } catch (error) {
    return { response: refusalResponse(audit, toApiError(error)) };
  }
}

/** A refused proof counts against the source like a refused token; a nonce challenge does not. */
async function senderConstraint(
  context: PipelineContext,
  request: Request,
  audit: ApiReadRecord,
  now: Date,
  presented: PresentedToken,
  caller: Caller,
): Promise<VerifiedProof | null> {
  try {
    return await checkSenderConstraint(request, presented, caller.dpopJkt, now);
  } catch (error) {
    if (error instanceof ApiError && error.errorCode !== 'use_dpop_nonce') throw await refuseToken(context, request, audit, now, error);
    throw error;
  }
}

function refusalResponse(audit: ApiReadRecord, apiError: ApiError): Response {
  Object.assign(audit, { status: apiError.status, errorCode: apiError.errorCode });
  return errorResponse(apiError);
}

export async function runEndpoint(
  context: PipelineContext,
  endpoint: Endpoint,
  request: Request,
  accountId: string | null,
): Promise<Response> {
  const now = context.now();
  const audit: ApiReadRecord = {
    endpoint: endpoint.name,
    status: 200,
    partnerId: null,
    grantId: null,
    companyId: null,
    accountId: accountId?.slice(0, 64) ?? null,
  };
  const { response, proof } = await answer(context, endpoint, request, audit, now);
  if (audit.summarized) return response;
  // Nothing leaves before its audit row is committed. Rows of requests answered in the same
  // turn of the event loop share that commit (group-commit.ts). A DPoP proof's jti is claimed
  // in the same commit (RFC 9449 §11.1): a replay is refused before its answer leaves.
  let replayed = false;
  try {
    await groupCommit(context.db)(async (tx) => {
      replayed = proof !== undefined && !(await claimJtiOnce(tx, 'dpop_proof', proof.jkt, proof.jti, proof.replayUntil));
      if (replayed) Object.assign(audit, { status: 401, errorCode: 'invalid_dpop_proof' });
      await recordApiRead(tx, request, audit, now);
    });
  } catch (auditError) {
    logError('partner API: audit write failed', auditError);
    return errorResponse(new ApiError('internal_error'));
  }
  if (replayed) return errorResponse(invalidDpopProofError());
  // RFC 9449 §9: a fresh nonce may come with any answer, so the next proof carries one.
  const nonces = proof ? configuredDpopNonces() : undefined;
  if (nonces) response.headers.set('DPoP-Nonce', nonces.current(now));
  return response;
}
