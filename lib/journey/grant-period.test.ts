import { describe, expect, it } from 'vitest';
import { grantPeriod } from './grant-period';

describe('grantPeriod', () => {
  it('counts today as the first of the period, in JST', () => {
    // 2026-11-24 23:30 JST is still the 24th in Japan although it is the 24th 14:30 UTC.
    const period = grantPeriod(90, new Date('2026-11-24T14:30:00Z'));
    expect(period).toMatchObject({ startDate: '2026-11-24', endDate: '2027-02-21' });
    expect(period.expiresAt.toISOString()).toBe('2027-02-21T14:59:59.999Z');
  });

  it('moves to the next JST day at midnight JST', () => {
    expect(grantPeriod(1, new Date('2026-11-24T15:00:00Z'))).toMatchObject({ startDate: '2026-11-25', endDate: '2026-11-25' });
  });
});
