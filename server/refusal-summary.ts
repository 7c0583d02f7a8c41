// Requests refused by a rate limit are not audited one by one: a flood would write a row per
// request, the very cost the limit is there to stop. Instead each (limit, source) counts its
// refusals in a window, and one "rate_limit.exceeded" row per window records how many, the
// first and the last (written by the periodic timer, server/retention-timer.ts).
import type { Db } from '@/db/client';
import { jstIso } from '@/lib/jst';
import { recordAudit } from './audit';
import { metrics } from './observability/metrics';
import { writeTransaction } from './write-transaction';

export type RateLimitName = 'authorize.per_source' | 'oauth.per_source' | 'oauth.per_client' | 'api.failed_auth' | 'login';

/** Who was refused: a source address, or a partner for the per-client limit. */
export interface RefusedBy {
  ip?: string | null;
  partnerId?: string | null;
}

interface Window extends RefusedBy {
  limit: RateLimitName;
  count: number;
  first: Date;
  last: Date;
  /** Set on the window that counts refusals past maxSources, whatever their source. */
  overflow?: true;
}

export interface RefusalSummaryOptions {
  windowMs?: number;
  /** Windows kept in memory at most; refusals past it share one window per limit. */
  maxSources?: number;
}

export class RefusalSummary {
  private readonly open = new Map<string, Window>();
  private ended: Window[] = [];
  private readonly windowMs: number;
  private readonly maxSources: number;

  constructor(options: RefusalSummaryOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxSources = options.maxSources ?? 10_000;
  }

  record(limit: RateLimitName, by: RefusedBy, now: Date): void {
    // Every refused request counts in the metrics; only the audit trail is summarized.
    metrics().rateLimitRefusals.inc({ limit: limit.replace('.', '_') });
    const ip = by.ip ?? null;
    const partnerId = by.partnerId ?? null;
    let key = JSON.stringify([limit, ip, partnerId]);
    this.endIfOver(key, now);
    let window = this.open.get(key);
    if (!window && this.open.size + this.ended.length >= this.maxSources) {
      key = JSON.stringify([limit, '*']);
      this.endIfOver(key, now);
      window = this.open.get(key) ?? { limit, ip: null, partnerId: null, count: 0, first: now, last: now, overflow: true };
    }
    window ??= { limit, ip, partnerId, count: 0, first: now, last: now };
    window.count += 1;
    window.last = now;
    this.open.set(key, window);
  }

  private endIfOver(key: string, now: Date): void {
    const window = this.open.get(key);
    if (window && now.getTime() - window.first.getTime() >= this.windowMs) {
      this.ended.push(window);
      this.open.delete(key);
    }
  }

  /**
   * Writes one audit row per window that has ended by `now` (every window with `all`, at
   * shutdown), in one transaction. The windows leave the maps before the write, so refusals
   * recorded while it runs open new windows instead of vanishing with these; on failure the
   * windows go back, ended, for the next flush.
   */
  async flush(db: Db, now: Date, options: { all?: boolean } = {}): Promise<number> {
    const due = this.ended;
    this.ended = [];
    for (const [key, window] of this.open) {
      if (options.all || now.getTime() - window.first.getTime() >= this.windowMs) {
        due.push(window);
        this.open.delete(key);
      }
    }
    if (due.length === 0) return 0;
    try {
      await writeTransaction(db, async (tx) => {
        for (const window of due) await recordAudit(tx, summaryRow(window, this.windowMs, now));
      });
    } catch (error) {
      this.ended.unshift(...due);
      throw error;
    }
    return due.length;
  }
}

function summaryRow(window: Window, windowMs: number, now: Date) {
  return {
    event: 'rate_limit.exceeded',
    outcome: 'failure' as const,
    actorType: window.partnerId ? ('partner' as const) : ('anonymous' as const),
    actorId: window.partnerId,
    partnerId: window.partnerId,
    ip: window.ip,
    detail: {
      limit: window.limit,
      count: window.count,
      firstAt: jstIso(window.first),
      lastAt: jstIso(window.last),
      windowSeconds: windowMs / 1000,
      ...(window.overflow ? { overflow: true } : {}),
    },
    occurredAt: now,
  };
}

const globalForRefusals = globalThis as unknown as { tsunaguRefusals?: RefusalSummary };

/**
 * The process's summary, shared by every handler and flushed by the retention timer. On
 * globalThis because Next.js may load route handlers and instrumentation.ts as separate
 * module instances.
 */
export function processRefusals(): RefusalSummary {
  globalForRefusals.tsunaguRefusals ??= new RefusalSummary();
  return globalForRefusals.tsunaguRefusals;
}
