import { describe, expect, it } from 'vitest';
import type { BenchLinkage } from './build-db';
import { roundPlan } from './plan';
import { oursRefreshScenario } from './scenarios';

const linkage = (n: number): BenchLinkage => ({
  grantId: `grt_${n}`,
  clientId: `bench-0${n}`,
  clientSecret: `secret-${n}`,
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  accountIds: [],
  busyAccountId: null,
});

describe('the refresh scenario', () => {
  it('presents each pooled token once, puts the rotated successor back and drops a refused one', () => {
    const scenario = oursRefreshScenario([linkage(1), linkage(2), linkage(3)]);
    const request = scenario.requests('lean')[0] as {
      setupRequest: (req: object, context: object) => { body: string; headers: Record<string, string> };
      onResponse: (status: number, body: string, context: object) => void;
    };
    const send = (context: object) => request.setupRequest({}, context);
    const first = {};
    const second = {};
    expect(send(first).body).toBe('grant_type=refresh_token&refresh_token=refresh-1');
    expect(send(second).headers.authorization).toBe(`Basic ${Buffer.from('bench-02:secret-2').toString('base64')}`);
    request.onResponse(200, JSON.stringify({ refresh_token: 'refresh-1b' }), first);
    request.onResponse(400, '{"error":"invalid_grant"}', second);
    // Acknowledged: what the pool holds, by who issued it last; the refused token is gone.
    expect(scenario.acknowledgedTokens!()).toEqual({ minted: ['refresh-3'], lean: ['refresh-1b'] });
    expect(send({}).body).toContain('refresh-3');
    expect(send({}).body).toContain('refresh-1b');
    expect(() => send({})).toThrow('pool ran dry');
  });

  it('lends the same pool to the rotation floor, whose successors ours then presents', () => {
    const scenario = oursRefreshScenario([linkage(1), linkage(2)]);
    type Sent = { path: string; setupRequest: (req: object, context: object) => { body: string }; onResponse: (status: number, body: string, context: object) => void };
    const floor = scenario.at('floor_rotation', '/floor/token').requests('limit')[0] as Sent;
    const ours = scenario.requests('lean')[0] as Sent;
    expect(floor.path).toBe('/floor/token');
    const context = {};
    expect(floor.setupRequest({}, context).body).toContain('refresh-1');
    floor.onResponse(200, JSON.stringify({ refresh_token: 'refresh-1f' }), context);
    expect(scenario.acknowledgedTokens!()).toEqual({ minted: ['refresh-2'], limit: ['refresh-1f'] });
    ours.setupRequest({}, {});
    expect(ours.setupRequest({}, {}).body).toContain('refresh-1f');
  });
});

describe('the round plan', () => {
  it('reads every floor against the yardstick of the target it bounds, and leaves them out on PostgreSQL', () => {
    const rows = roundPlan(['lean']).flat();
    const floors = rows.filter((row) => row.scenario.startsWith('floor_'));
    expect(floors.map((row) => `${row.scenario}→${row.reference}`)).toEqual([
      'floor_fixed→limit/fixed_json',
      'floor_page→limit/plain_page',
      'floor_rotation→peer/refresh_grant',
    ]);
    expect(roundPlan(['lean'], false).flat().some((row) => row.scenario.startsWith('floor_'))).toBe(false);
  });
});
