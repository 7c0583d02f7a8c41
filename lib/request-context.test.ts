import { describe, expect, it } from 'vitest';
import { currentRequestContext, currentRequestId, newRequestId, runWithRequestContext, setRequestPartner } from './request-context';

describe('the request context', () => {
  it('follows the request through awaits and timers, and is absent outside one', async () => {
    expect(currentRequestId()).toBeNull();
    const seen = await runWithRequestContext({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      setRequestPartner('ptn_1');
      return currentRequestContext();
    });
    expect(seen).toEqual({ requestId: 'r-1', partnerId: 'ptn_1' });
    setRequestPartner('ignored outside a request');
    expect(currentRequestContext()).toBeUndefined();
  });

  it('makes random UUIDs for request ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newRequestId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
