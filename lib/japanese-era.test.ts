import { describe, expect, it } from 'vitest';
import { formatJapaneseEraDate } from './japanese-era';

describe('formatJapaneseEraDate', () => {
  it('writes the notice date of 2020-11-10 as 令和2年11月10日', () => {
    expect(formatJapaneseEraDate(new Date('2020-11-10T09:00:00+09:00'))).toBe('令和2年11月10日');
  });

  it('uses the JST calendar day, not UTC', () => {
    expect(formatJapaneseEraDate(new Date('2026-11-23T15:30:00Z'))).toBe('令和8年11月24日');
  });
});
